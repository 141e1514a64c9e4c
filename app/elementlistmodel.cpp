#include "elementlistmodel.h"
#include "stringconvert.h"

#include <QStringList>

#include <algorithm>
#include <array>
#include <unordered_set>

namespace sg::app {

using sg::model::ElementKind;

namespace {

QString nameOf(const sg::model::Project &project, const sg::model::ElementId &id) {
    if (id.empty()) {
        return {};
    }
    const sg::model::Element *element = project.find(id);
    if (!element) {
        return qs(id.value);
    }
    const std::string &name = sg::model::elementName(*element);
    return name.empty() ? qs(id.value) : qs(name);
}

QString stickyKindLabel(sg::model::StickyKind kind) {
    using sg::model::StickyKind;
    switch (kind) {
    case StickyKind::DomainEvent:
        return QObject::tr("Domain event");
    case StickyKind::Command:
        return QObject::tr("Command");
    case StickyKind::Policy:
        return QObject::tr("Policy");
    case StickyKind::ReadModel:
        return QObject::tr("Read model");
    case StickyKind::ExternalSystem:
        return QObject::tr("External system");
    case StickyKind::Actor:
        return QObject::tr("Actor");
    case StickyKind::Aggregate:
        return QObject::tr("Aggregate");
    case StickyKind::Hotspot:
        return QObject::tr("Hotspot");
    }
    return {};
}

// The first line of a description, for summaries of elements that have little else to say.
QString firstLine(const std::string &text) {
    const QString all = qs(text);
    const qsizetype newline = all.indexOf(u'\n');
    return newline < 0 ? all : all.left(newline);
}

QString joined(const QStringList &parts) {
    QStringList nonEmpty;
    for (const QString &part : parts) {
        if (!part.isEmpty()) {
            nonEmpty.append(part);
        }
    }
    return nonEmpty.join(QStringLiteral(" \u00b7 "));
}

QString behaviorSummary(const sg::model::Behavior &behavior) {
    QStringList parts;
    if (behavior.concurrency > 0) {
        parts.append(QObject::tr("concurrency %1").arg(behavior.concurrency));
    }
    if (!behavior.dependsOn.empty()) {
        parts.append(ElementListModel::counted(static_cast<qint64>(behavior.dependsOn.size()),
                                               "calls %1 dependency", "calls %1 dependencies"));
    }
    if (!behavior.followUps.empty()) {
        parts.append(ElementListModel::counted(static_cast<qint64>(behavior.followUps.size()),
                                               "puts %1 follow-up event",
                                               "puts %1 follow-up events"));
    }
    return joined(parts);
}

constexpr std::size_t kindIndex(ElementKind kind) {
    return static_cast<std::size_t>(kind);
}

} // namespace

ElementListModel::ElementListModel(QObject *parent) : QAbstractListModel(parent) {
}

ElementListModel::~ElementListModel() {
    if (m_project) {
        m_project->removeObserver(this);
    }
}

void ElementListModel::setProject(sg::model::Project *project) {
    if (m_project) {
        m_project->removeObserver(this);
    }
    m_project = project;
    if (m_project) {
        m_project->addObserver(this);
    }
    reload();
}

void ElementListModel::reload() {
    beginResetModel();
    m_rows = wantedRows();
    m_counts.clear();
    rebuildIndex();
    endResetModel();
    Q_EMIT countChanged();
}

void ElementListModel::projectChanged(const sg::model::ChangeSet &changes) {
    syncTo(wantedRows(), changes.changed);
}

void ElementListModel::setFindings(const std::vector<sg::model::Finding> &findings) {
    std::unordered_map<std::string, Counts> counts;
    for (const sg::model::Finding &finding : findings) {
        if (finding.element.empty()) {
            continue;
        }
        Counts &c = counts[finding.element.value];
        ++c.findings;
        const int severity = static_cast<int>(finding.severity);
        c.worst = c.worst < 0 ? severity : std::min(c.worst, severity);
    }
    const auto countsOf = [](const std::unordered_map<std::string, Counts> &map,
                             const std::string &id) {
        const auto it = map.find(id);
        return it == map.end() ? Counts{} : it->second;
    };
    std::swap(m_counts, counts);
    for (std::size_t row = 0; row < m_rows.size(); ++row) {
        const std::string &id = m_rows[row].id;
        if (countsOf(counts, id) != countsOf(m_counts, id)) {
            const QModelIndex changed = index(static_cast<int>(row));
            Q_EMIT dataChanged(changed, changed, {FindingCountRole, SeverityRole});
        }
    }
}

int ElementListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant ElementListModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        !m_project) {
        return {};
    }
    const Row &row = m_rows[static_cast<std::size_t>(index.row())];
    const sg::model::Element *element = m_project->find(sg::model::ElementId{row.id});
    if (!element) {
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: {
        const std::string &name = sg::model::elementName(*element);
        return name.empty() ? qs(row.id) : qs(name);
    }
    case ElementIdRole:
        return qs(row.id);
    case KindRole:
        return static_cast<int>(row.kind);
    case KindNameRole:
        return qs(std::string(sg::model::elementKindName(row.kind)));
    case KindLabelRole:
        return kindLabel(row.kind);
    case ContextRole:
    case ContextIdRole: {
        sg::model::ElementId context;
        std::visit(
            [&context](const auto &e) {
                if constexpr (requires { e.context; }) {
                    context = e.context;
                }
            },
            *element);
        return role == ContextIdRole ? qs(context.value) : nameOf(*m_project, context);
    }
    case DetailRole:
        return summary(*m_project, *element);
    case FindingCountRole: {
        const auto it = m_counts.find(row.id);
        return it == m_counts.end() ? 0 : it->second.findings;
    }
    case SeverityRole: {
        const auto it = m_counts.find(row.id);
        return it == m_counts.end() ? -1 : it->second.worst;
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> ElementListModel::roleNames() const {
    return {
        {ElementIdRole, "elementId"}, {KindRole, "kind"},     {KindNameRole, "kindName"},
        {KindLabelRole, "kindLabel"}, {NameRole, "name"},     {ContextRole, "context"},
        {ContextIdRole, "contextId"}, {DetailRole, "detail"}, {FindingCountRole, "findingCount"},
        {SeverityRole, "severity"},
    };
}

int ElementListModel::totalCount() const {
    return m_project ? static_cast<int>(m_project->size()) : 0;
}

void ElementListModel::setFilterText(const QString &text) {
    if (text == m_filterText) {
        return;
    }
    m_filterText = text;
    syncTo(wantedRows(), {});
    Q_EMIT filterTextChanged();
}

QVariantMap ElementListModel::groupCounts() const {
    std::array<int, sg::model::kElementKindCount> counts{};
    for (const Row &row : m_rows) {
        ++counts[kindIndex(row.kind)];
    }
    QVariantMap out;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        out.insert(kindLabel(static_cast<ElementKind>(i)), counts[i]);
    }
    return out;
}

QVariantMap ElementListModel::groupTotals() const {
    std::array<int, sg::model::kElementKindCount> counts{};
    if (m_project) {
        for (const sg::model::Element &element : m_project->elements()) {
            ++counts[kindIndex(sg::model::elementKind(element))];
        }
    }
    QVariantMap out;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        out.insert(kindLabel(static_cast<ElementKind>(i)), counts[i]);
    }
    return out;
}

int ElementListModel::rowOf(const QString &id) const {
    const auto it = m_rowOf.find(id.toStdString());
    return it == m_rowOf.end() ? -1 : it->second;
}

QString ElementListModel::idAt(int row) const {
    return row >= 0 && row < rowCount() ? qs(m_rows[static_cast<std::size_t>(row)].id) : QString();
}

std::vector<ElementListModel::Row> ElementListModel::wantedRows() const {
    std::vector<Row> rows;
    if (!m_project) {
        return rows;
    }
    // Grouped by kind, model order within each kind: one pass that buckets positions.
    std::array<std::vector<std::size_t>, sg::model::kElementKindCount> buckets;
    const std::vector<sg::model::Element> &elements = m_project->elements();
    for (std::size_t i = 0; i < elements.size(); ++i) {
        if (m_filterText.isEmpty() || matchesFilter(elements[i])) {
            buckets[kindIndex(sg::model::elementKind(elements[i]))].push_back(i);
        }
    }
    for (std::size_t kind = 0; kind < buckets.size(); ++kind) {
        for (const std::size_t i : buckets[kind]) {
            rows.push_back(
                Row{sg::model::elementId(elements[i]).value, static_cast<ElementKind>(kind)});
        }
    }
    return rows;
}

bool ElementListModel::matchesFilter(const sg::model::Element &element) const {
    const QString needle = m_filterText.trimmed();
    if (needle.isEmpty()) {
        return true;
    }
    const ElementKind kind = sg::model::elementKind(element);
    const QStringList haystack{
        qs(sg::model::elementName(element)),
        qs(sg::model::elementId(element).value),
        kindLabel(kind),
        summary(*m_project, element),
    };
    return std::any_of(haystack.begin(), haystack.end(), [&needle](const QString &text) {
        return text.contains(needle, Qt::CaseInsensitive);
    });
}

void ElementListModel::syncTo(std::vector<Row> wanted,
                              const std::vector<sg::model::ElementId> &changed) {
    std::unordered_map<std::string, ElementKind> wantedKinds;
    wantedKinds.reserve(wanted.size());
    for (const Row &row : wanted) {
        wantedKinds.emplace(row.id, row.kind);
    }
    const auto survives = [&wantedKinds](const Row &row) {
        const auto it = wantedKinds.find(row.id);
        return it != wantedKinds.end() && it->second == row.kind;
    };

    // Remove the rows that go, in runs from the end so earlier row numbers stay valid.
    int row = static_cast<int>(m_rows.size()) - 1;
    while (row >= 0) {
        if (survives(m_rows[static_cast<std::size_t>(row)])) {
            --row;
            continue;
        }
        const int last = row;
        while (row > 0 && !survives(m_rows[static_cast<std::size_t>(row - 1)])) {
            --row;
        }
        beginRemoveRows({}, row, last);
        m_rows.erase(m_rows.begin() + row, m_rows.begin() + last + 1);
        endRemoveRows();
        --row;
    }

    // Insert the new rows in runs. Edits never reorder the elements that stay, so what is left
    // lines up with `wanted`; should it not, a reset is still correct.
    std::unordered_set<std::string> kept;
    kept.reserve(m_rows.size());
    for (const Row &r : m_rows) {
        kept.insert(r.id);
    }
    bool consistent = true;
    std::size_t i = 0;
    while (i < wanted.size()) {
        if (i < m_rows.size() && m_rows[i] == wanted[i]) {
            ++i;
            continue;
        }
        if (kept.contains(wanted[i].id)) {
            consistent = false;
            break;
        }
        std::size_t end = i;
        while (end < wanted.size() && !kept.contains(wanted[end].id)) {
            ++end;
        }
        beginInsertRows({}, static_cast<int>(i), static_cast<int>(end - 1));
        m_rows.insert(m_rows.begin() + static_cast<std::ptrdiff_t>(i),
                      wanted.begin() + static_cast<std::ptrdiff_t>(i),
                      wanted.begin() + static_cast<std::ptrdiff_t>(end));
        endInsertRows();
        i = end;
    }
    if (!consistent || m_rows != wanted) {
        beginResetModel();
        m_rows = std::move(wanted);
        rebuildIndex();
        endResetModel();
        Q_EMIT countChanged();
        return;
    }
    rebuildIndex();

    for (const sg::model::ElementId &id : changed) {
        const auto it = m_rowOf.find(id.value);
        if (it != m_rowOf.end()) {
            const QModelIndex changedIndex = index(it->second);
            Q_EMIT dataChanged(changedIndex, changedIndex);
        }
    }
    // A renamed context or event type shows in other rows' context and detail columns.
    if (!changed.empty() && !m_rows.empty()) {
        Q_EMIT dataChanged(index(0), index(static_cast<int>(m_rows.size()) - 1),
                           {ContextRole, DetailRole});
    }
    Q_EMIT countChanged();
}

void ElementListModel::rebuildIndex() {
    m_rowOf.clear();
    m_rowOf.reserve(m_rows.size());
    for (std::size_t row = 0; row < m_rows.size(); ++row) {
        m_rowOf.emplace(m_rows[row].id, static_cast<int>(row));
    }
}

QString ElementListModel::counted(qint64 n, const char *one, const char *many) {
    return (n == 1 ? tr(one) : tr(many)).arg(n);
}

QString ElementListModel::kindLabel(ElementKind kind) {
    switch (kind) {
    case ElementKind::BoundedContext:
        return tr("Bounded contexts");
    case ElementKind::EventType:
        return tr("Event types");
    case ElementKind::Producer:
        return tr("Producers");
    case ElementKind::Bus:
        return tr("Event buses");
    case ElementKind::Rule:
        return tr("Rules");
    case ElementKind::Function:
        return tr("Functions");
    case ElementKind::StateMachine:
        return tr("State machines");
    case ElementKind::Queue:
        return tr("Queues");
    case ElementKind::Connection:
        return tr("Connections");
    case ElementKind::ApiDestination:
        return tr("API destinations");
    case ElementKind::ExternalSystem:
        return tr("External systems");
    case ElementKind::Sticky:
        return tr("Stickies");
    }
    return {};
}

QString ElementListModel::kindSingular(ElementKind kind) {
    switch (kind) {
    case ElementKind::BoundedContext:
        return tr("Bounded context");
    case ElementKind::EventType:
        return tr("Event type");
    case ElementKind::Producer:
        return tr("Producer");
    case ElementKind::Bus:
        return tr("Event bus");
    case ElementKind::Rule:
        return tr("Rule");
    case ElementKind::Function:
        return tr("Function");
    case ElementKind::StateMachine:
        return tr("State machine");
    case ElementKind::Queue:
        return tr("Queue");
    case ElementKind::Connection:
        return tr("Connection");
    case ElementKind::ApiDestination:
        return tr("API destination");
    case ElementKind::ExternalSystem:
        return tr("External system");
    case ElementKind::Sticky:
        return tr("Sticky");
    }
    return {};
}

QString ElementListModel::summary(const sg::model::Project &project,
                                  const sg::model::Element &element) {
    return std::visit(
        [&project](const auto &e) -> QString {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, sg::model::BoundedContext>) {
                return firstLine(e.description);
            } else if constexpr (std::is_same_v<T, sg::model::EventType>) {
                return joined({qs(e.source), qs(e.detailType),
                               e.samples.empty() ? QString()
                                                 : ElementListModel::counted(
                                                       static_cast<qint64>(e.samples.size()),
                                                       "%1 sample", "%1 samples")});
            } else if constexpr (std::is_same_v<T, sg::model::Producer>) {
                QStringList types;
                for (const sg::model::Emission &emission : e.emits) {
                    types.append(nameOf(project, emission.eventType));
                }
                const QString puts = types.isEmpty()
                                         ? tr("puts nothing yet")
                                         : tr("puts %1").arg(types.join(QStringLiteral(", ")));
                return e.bus.empty() ? puts : tr("%1 on %2").arg(puts, nameOf(project, e.bus));
            } else if constexpr (std::is_same_v<T, sg::model::Bus>) {
                QStringList parts{e.isDefault() ? tr("default bus") : tr("custom bus")};
                if (!e.account.empty()) {
                    parts.append(tr("account %1").arg(qs(e.account)));
                }
                if (!e.region.empty()) {
                    parts.append(qs(e.region));
                }
                if (!e.archives.empty()) {
                    parts.append(ElementListModel::counted(static_cast<qint64>(e.archives.size()),
                                                           "%1 archive", "%1 archives"));
                }
                return joined(parts);
            } else if constexpr (std::is_same_v<T, sg::model::Rule>) {
                return joined({e.bus.empty() ? QString() : tr("on %1").arg(nameOf(project, e.bus)),
                               ElementListModel::counted(static_cast<qint64>(e.targets.size()),
                                                         "%1 target", "%1 targets"),
                               e.enabled ? QString() : tr("disabled")});
            } else if constexpr (std::is_same_v<T, sg::model::Consumer>) {
                return joined({e.arn.empty() ? QString() : tr("existing: %1").arg(qs(e.arn)),
                               behaviorSummary(e.behavior)});
            } else if constexpr (std::is_same_v<T, sg::model::Queue>) {
                return joined({e.fifo ? tr("FIFO queue") : tr("standard queue"),
                               e.readBy.empty() ? QString()
                                                : tr("read by %1").arg(nameOf(project, e.readBy))});
            } else if constexpr (std::is_same_v<T, sg::model::Connection>) {
                return qs(std::string(sg::model::authorizationTypeName(e.authorization)));
            } else if constexpr (std::is_same_v<T, sg::model::ApiDestination>) {
                return joined({qs(e.httpMethod) + u' ' + qs(e.endpoint),
                               tr("%1/s").arg(e.invocationRateLimitPerSecond)});
            } else if constexpr (std::is_same_v<T, sg::model::ExternalSystem>) {
                return joined({firstLine(e.description), behaviorSummary(e.behavior)});
            } else {
                static_assert(std::is_same_v<T, sg::model::Sticky>);
                return joined({stickyKindLabel(e.kind),
                               e.linked.empty()
                                   ? QString()
                                   : QStringLiteral("\u2192 ") + nameOf(project, e.linked)});
            }
        },
        element);
}

} // namespace sg::app
