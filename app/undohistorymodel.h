#pragma once
// UndoHistoryModel: the undo stack as a list — the opened state first, then one row per
// command — with the current position, so the history view can jump back and forth.

#include <QAbstractListModel>
#include <QPointer>
#include <QUndoStack>
#include <QtQml/qqmlregistration.h>

namespace sg::app {

class UndoHistoryModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The undo history of a ProjectDocument")
    // The row of the state the model is in now (0: as opened).
    Q_PROPERTY(int currentRow READ currentRow WRITE setCurrentRow NOTIFY currentRowChanged FINAL)

public:
    enum Role { TextRole = Qt::UserRole + 1, IsCurrentRole, IsUndoneRole };
    Q_ENUM(Role)

    explicit UndoHistoryModel(QUndoStack *stack, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] int currentRow() const { return m_stack ? m_stack->index() : 0; }
    // Undoes or redoes every command up to `row`.
    void setCurrentRow(int row);

Q_SIGNALS:
    void currentRowChanged();

private:
    void stackChanged();

    QPointer<QUndoStack> m_stack;
    int m_rows = 1;
    int m_current = 0;
};

} // namespace sg::app
