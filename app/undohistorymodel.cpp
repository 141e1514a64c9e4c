#include "undohistorymodel.h"

namespace sg::app {

UndoHistoryModel::UndoHistoryModel(QUndoStack *stack, QObject *parent)
    : QAbstractListModel(parent), m_stack(stack) {
    m_rows = stack ? stack->count() + 1 : 1;
    m_current = currentRow();
    if (stack) {
        connect(stack, &QUndoStack::indexChanged, this, &UndoHistoryModel::stackChanged);
        connect(stack, &QUndoStack::cleanChanged, this, &UndoHistoryModel::stackChanged);
    }
}

int UndoHistoryModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : m_rows;
}

QVariant UndoHistoryModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const int row = index.row();
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        if (row == 0) {
            return tr("Opened");
        }
        return m_stack && row - 1 < m_stack->count() ? m_stack->text(row - 1) : QString();
    case IsCurrentRole:
        return row == currentRow();
    case IsUndoneRole:
        return row > currentRow();
    default:
        return {};
    }
}

QHash<int, QByteArray> UndoHistoryModel::roleNames() const {
    return {{TextRole, "commandText"}, {IsCurrentRole, "isCurrent"}, {IsUndoneRole, "isUndone"}};
}

void UndoHistoryModel::setCurrentRow(int row) {
    if (m_stack && row >= 0 && row < m_rows && row != m_stack->index()) {
        m_stack->setIndex(row);
    }
}

void UndoHistoryModel::stackChanged() {
    // A push after an undo drops the undone commands: rows are removed, then one is added.
    const int rows = m_stack ? m_stack->count() + 1 : 1;
    if (rows < m_rows) {
        beginRemoveRows({}, rows, m_rows - 1);
        m_rows = rows;
        endRemoveRows();
    } else if (rows > m_rows) {
        beginInsertRows({}, m_rows, rows - 1);
        m_rows = rows;
        endInsertRows();
    }
    // Texts of the last rows may have changed (a command replaced after undo), and every row's
    // done/undone state may have.
    if (m_rows > 0) {
        Q_EMIT dataChanged(index(0), index(m_rows - 1));
    }
    if (m_current != currentRow()) {
        m_current = currentRow();
        Q_EMIT currentRowChanged();
    }
}

} // namespace sg::app
