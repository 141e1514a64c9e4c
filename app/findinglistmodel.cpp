#include "findinglistmodel.h"

#include <algorithm>

namespace sg::app {

static_assert(static_cast<int>(sg::model::Severity::Error) == FindingListModel::Error &&
              static_cast<int>(sg::model::Severity::Warning) == FindingListModel::Warning &&
              static_cast<int>(sg::model::Severity::Info) == FindingListModel::Info);

namespace {

bool sameFindings(const std::vector<sg::model::Finding> &a,
                  const std::vector<sg::model::Finding> &b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const sg::model::Finding &x, const sg::model::Finding &y) {
                          return x.severity == y.severity && x.code == y.code &&
                                 x.message == y.message && x.element == y.element;
                      });
}

QString displayName(const sg::model::Project &project, const sg::model::ElementId &id) {
    if (id.empty()) {
        return {};
    }
    const sg::model::Element *element = project.find(id);
    const std::string &name = element ? sg::model::elementName(*element) : id.value;
    return QString::fromStdString(name.empty() ? id.value : name);
}

} // namespace

FindingListModel::FindingListModel(QObject *parent) : QAbstractListModel(parent) {
}

void FindingListModel::setFindings(std::vector<sg::model::Finding> findings,
                                   const sg::model::Project &project) {
    std::vector<QString> names;
    names.reserve(findings.size());
    for (const sg::model::Finding &finding : findings) {
        names.push_back(displayName(project, finding.element));
    }
    if (sameFindings(findings, m_findings)) {
        // Same findings; only a renamed element can have changed what a row shows.
        for (std::size_t row = 0; row < names.size(); ++row) {
            if (names[row] != m_elementNames[row]) {
                m_elementNames[row] = names[row];
                const QModelIndex changed = index(static_cast<int>(row));
                Q_EMIT dataChanged(changed, changed, {ElementNameRole});
            }
        }
        return;
    }
    beginResetModel();
    m_findings = std::move(findings);
    m_elementNames = std::move(names);
    m_countBySeverity.fill(0);
    for (const sg::model::Finding &finding : m_findings) {
        const auto severity = static_cast<std::size_t>(finding.severity);
        if (severity < m_countBySeverity.size()) {
            ++m_countBySeverity[severity];
        }
    }
    endResetModel();
    Q_EMIT countChanged();
}

int FindingListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_findings.size());
}

QVariant FindingListModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto row = static_cast<std::size_t>(index.row());
    const sg::model::Finding &finding = m_findings[row];
    switch (role) {
    case Qt::DisplayRole:
    case MessageRole:
        return QString::fromStdString(finding.message);
    case SeverityRole:
        return static_cast<int>(finding.severity);
    case SeverityNameRole:
        return QString::fromStdString(std::string(sg::model::severityName(finding.severity)));
    case CodeRole:
        return QString::fromStdString(finding.code);
    case ElementIdRole:
        return QString::fromStdString(finding.element.value);
    case ElementNameRole:
        return m_elementNames[row];
    default:
        return {};
    }
}

QHash<int, QByteArray> FindingListModel::roleNames() const {
    return {
        {SeverityRole, "severity"},   {SeverityNameRole, "severityName"},
        {CodeRole, "code"},           {MessageRole, "message"},
        {ElementIdRole, "elementId"}, {ElementNameRole, "elementName"},
    };
}

QString FindingListModel::elementIdAt(int row) const {
    return row >= 0 && row < rowCount()
               ? QString::fromStdString(m_findings[static_cast<std::size_t>(row)].element.value)
               : QString();
}

} // namespace sg::app
