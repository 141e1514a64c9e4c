#include "sandboxeventmodel.h"

#include <algorithm>

namespace sg::app {

namespace {

SandboxEventModel::Status toStatus(EventStatus status) {
    switch (status) {
    case EventStatus::Match:
        return SandboxEventModel::Match;
    case EventStatus::NoMatch:
        return SandboxEventModel::NoMatch;
    case EventStatus::Invalid:
        return SandboxEventModel::Invalid;
    case EventStatus::Pending:
        break;
    }
    return SandboxEventModel::Pending;
}

} // namespace

bool SandboxEventModel::Row::sameResultAs(const Row &other) const {
    return status == other.status && error == other.error && errorLine == other.errorLine &&
           errorColumn == other.errorColumn && errorPosition == other.errorPosition &&
           summary == other.summary && warning == other.warning && delivered == other.delivered &&
           transformedText == other.transformedText && transformError == other.transformError;
}

SandboxEventModel::SandboxEventModel(QObject *parent) : QAbstractListModel(parent) {
}

int SandboxEventModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant SandboxEventModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Row &row = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return row.event.name;
    case Qt::EditRole:
    case TextRole:
        return row.event.text;
    case StatusRole:
        return static_cast<int>(row.status);
    case MatchesRole:
        return row.status == Match;
    case ErrorRole:
        return row.error;
    case ErrorLineRole:
        return row.errorLine;
    case ErrorColumnRole:
        return row.errorColumn;
    case ErrorPositionRole:
        return row.errorPosition;
    case SummaryRole:
        return row.summary;
    case WarningRole:
        return row.warning;
    case DeliveredRole:
        return row.delivered;
    case TransformedTextRole:
        return row.transformedText;
    case TransformErrorRole:
        return row.transformError;
    default:
        return {};
    }
}

bool SandboxEventModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return false;
    }
    switch (role) {
    case NameRole:
        return setName(index.row(), value.toString());
    case Qt::EditRole:
    case TextRole:
        return setText(index.row(), value.toString());
    default:
        return false;
    }
}

Qt::ItemFlags SandboxEventModel::flags(const QModelIndex &index) const {
    if (!index.isValid()) {
        return Qt::NoItemFlags;
    }
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable | Qt::ItemNeverHasChildren;
}

QHash<int, QByteArray> SandboxEventModel::roleNames() const {
    return {
        {NameRole, "name"},
        {TextRole, "text"},
        {StatusRole, "status"},
        {MatchesRole, "matches"},
        {ErrorRole, "error"},
        {ErrorLineRole, "errorLine"},
        {ErrorColumnRole, "errorColumn"},
        {ErrorPositionRole, "errorPosition"},
        {SummaryRole, "summary"},
        {WarningRole, "warning"},
        {DeliveredRole, "delivered"},
        {TransformedTextRole, "transformedText"},
        {TransformErrorRole, "transformError"},
    };
}

int SandboxEventModel::append(const Event &event) {
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_rows.push_back(Row::from(event));
    endInsertRows();
    Q_EMIT countChanged();
    return row;
}

bool SandboxEventModel::removeAt(int row) {
    if (!isValidRow(row)) {
        return false;
    }
    beginRemoveRows({}, row, row);
    m_rows.erase(m_rows.begin() + row);
    endRemoveRows();
    Q_EMIT countChanged();
    return true;
}

void SandboxEventModel::reset(const std::vector<Event> &events) {
    beginResetModel();
    m_rows.clear();
    for (const Event &event : events) {
        m_rows.push_back(Row::from(event));
    }
    endResetModel();
    Q_EMIT countChanged();
}

QString SandboxEventModel::name(int row) const {
    return isValidRow(row) ? m_rows[static_cast<std::size_t>(row)].event.name : QString();
}

QString SandboxEventModel::text(int row) const {
    return isValidRow(row) ? m_rows[static_cast<std::size_t>(row)].event.text : QString();
}

bool SandboxEventModel::setName(int row, const QString &name) {
    if (!isValidRow(row) || m_rows[static_cast<std::size_t>(row)].event.name == name) {
        return false;
    }
    m_rows[static_cast<std::size_t>(row)].event.name = name;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed, {NameRole, Qt::DisplayRole});
    return true;
}

bool SandboxEventModel::setText(int row, const QString &text) {
    if (!isValidRow(row) || m_rows[static_cast<std::size_t>(row)].event.text == text) {
        return false;
    }
    m_rows[static_cast<std::size_t>(row)].event.text = text;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed, {TextRole, Qt::EditRole});
    Q_EMIT textEdited(row);
    return true;
}

std::vector<SandboxEventModel::Event> SandboxEventModel::events() const {
    std::vector<Event> events;
    events.reserve(m_rows.size());
    for (const Row &row : m_rows) {
        events.push_back(row.event);
    }
    return events;
}

SandboxEventModel::Status SandboxEventModel::status(int row) const {
    return isValidRow(row) ? m_rows[static_cast<std::size_t>(row)].status : Pending;
}

QString SandboxEventModel::error(int row) const {
    return isValidRow(row) ? m_rows[static_cast<std::size_t>(row)].error : QString();
}

int SandboxEventModel::errorPosition(int row) const {
    return isValidRow(row) ? m_rows[static_cast<std::size_t>(row)].errorPosition : -1;
}

int SandboxEventModel::errorLine(int row) const {
    return isValidRow(row) ? m_rows[static_cast<std::size_t>(row)].errorLine : 0;
}

QString SandboxEventModel::warning(int row) const {
    return isValidRow(row) ? m_rows[static_cast<std::size_t>(row)].warning : QString();
}

int SandboxEventModel::errorColumn(int row) const {
    return isValidRow(row) ? m_rows[static_cast<std::size_t>(row)].errorColumn : 0;
}

int SandboxEventModel::countWithStatus(Status status) const {
    return static_cast<int>(std::count_if(
        m_rows.begin(), m_rows.end(), [status](const Row &row) { return row.status == status; }));
}

void SandboxEventModel::applyVerdicts(const std::vector<EventVerdict> &verdicts) {
    const std::size_t n = std::min(verdicts.size(), m_rows.size());
    for (std::size_t i = 0; i < n; ++i) {
        const EventVerdict &verdict = verdicts[i];
        Row &row = m_rows[i];
        Row next = Row::from(row.event);
        next.status = toStatus(verdict.status);
        if (verdict.error) {
            next.error = toQString(verdict.error->message);
            next.errorLine = verdict.error->line;
            next.errorColumn = verdict.error->column;
            next.errorPosition = indexOfUtf8Offset(row.event.text, verdict.error->offset);
        }
        next.summary = toQString(verdict.summary);
        next.warning = toQString(verdict.warning);
        next.delivered = verdict.delivered;
        next.transformedText = toQString(verdict.targetInput);
        next.transformError = toQString(verdict.targetError);
        if (!row.sameResultAs(next)) {
            row = std::move(next);
            const QModelIndex changed = index(static_cast<int>(i));
            Q_EMIT dataChanged(changed, changed,
                               {StatusRole, MatchesRole, ErrorRole, ErrorLineRole, ErrorColumnRole,
                                ErrorPositionRole, SummaryRole, WarningRole, DeliveredRole,
                                TransformedTextRole, TransformErrorRole});
        }
    }
}

bool SandboxEventModel::isValidRow(int row) const {
    return row >= 0 && static_cast<std::size_t>(row) < m_rows.size();
}

} // namespace sg::app
