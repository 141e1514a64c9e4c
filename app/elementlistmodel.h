#pragma once
// ElementListModel: the elements of a project as one list, grouped by kind (bounded contexts,
// event types, ..., stickies) and in model order within a kind, optionally filtered; rows are
// keyed by element id and follow every change made through Project::apply().

#include "arch/lint.h"
#include "arch/project.h"

#include <QAbstractListModel>
#include <QHash>
#include <QString>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace sg::app {

class ElementListModel : public QAbstractListModel, private sg::model::ProjectObserver {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The elements of a ProjectDocument")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged FINAL)
    Q_PROPERTY(int totalCount READ totalCount NOTIFY countChanged FINAL)
    Q_PROPERTY(
        QString filterText READ filterText WRITE setFilterText NOTIFY filterTextChanged FINAL)
    // Group title (kindLabel) -> rows shown / elements of that kind, for section headers.
    Q_PROPERTY(QVariantMap groupCounts READ groupCounts NOTIFY countChanged FINAL)
    Q_PROPERTY(QVariantMap groupTotals READ groupTotals NOTIFY countChanged FINAL)

public:
    enum Role {
        ElementIdRole = Qt::UserRole + 1,
        KindRole,      // sg::model::ElementKind as int
        KindNameRole,  // the file spelling: "rule", "apiDestination"
        KindLabelRole, // the group title: "Rules", "API destinations"
        NameRole,
        ContextRole, // the bounded context's name, empty when none
        ContextIdRole,
        DetailRole, // one line saying what the element is: "on Orders bus · 3 targets"
        FindingCountRole,
        SeverityRole, // the worst finding's sg::model::Severity as int, -1 when none
    };
    Q_ENUM(Role)

    explicit ElementListModel(QObject *parent = nullptr);
    ~ElementListModel() override;
    ElementListModel(const ElementListModel &) = delete;
    ElementListModel &operator=(const ElementListModel &) = delete;

    // Shows `project` (null: nothing) and follows its changes until another is set.
    void setProject(sg::model::Project *project);
    // Rebuilds every row (after the project was replaced wholesale, e.g. by opening a file).
    void reload();
    // The findings counted per element; rows whose count changed are reported.
    void setFindings(const std::vector<sg::model::Finding> &findings);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] int totalCount() const;
    [[nodiscard]] QString filterText() const { return m_filterText; }
    void setFilterText(const QString &text);
    [[nodiscard]] QVariantMap groupCounts() const;
    [[nodiscard]] QVariantMap groupTotals() const;

    // The row showing `id`, -1 when it is filtered out or absent.
    Q_INVOKABLE int rowOf(const QString &id) const;
    Q_INVOKABLE QString idAt(int row) const;

    // Display texts, shared with the inspector.
    [[nodiscard]] static QString kindLabel(sg::model::ElementKind kind);    // "Rules"
    [[nodiscard]] static QString kindSingular(sg::model::ElementKind kind); // "Rule"
    // "1 target" or "3 targets" from "%1 target" and "%1 targets" (no translations are loaded,
    // so %n plurals would read "1 targets").
    [[nodiscard]] static QString counted(qint64 n, const char *one, const char *many);
    [[nodiscard]] static QString summary(const sg::model::Project &project,
                                         const sg::model::Element &element);

Q_SIGNALS:
    void countChanged();
    void filterTextChanged();

private:
    struct Row {
        std::string id;
        sg::model::ElementKind kind;
        bool operator==(const Row &) const = default;
    };
    struct Counts {
        int findings = 0;
        int worst = -1;
        bool operator==(const Counts &) const = default;
    };

    void projectChanged(const sg::model::ChangeSet &changes) override;
    // The rows the project and filter call for now.
    [[nodiscard]] std::vector<Row> wantedRows() const;
    [[nodiscard]] bool matchesFilter(const sg::model::Element &element) const;
    // Moves m_rows to `wanted` with the fewest row signals, then reports `changed` ids.
    void syncTo(std::vector<Row> wanted, const std::vector<sg::model::ElementId> &changed);
    void rebuildIndex();

    sg::model::Project *m_project = nullptr;
    std::vector<Row> m_rows;
    std::unordered_map<std::string, int> m_rowOf;
    std::unordered_map<std::string, Counts> m_counts;
    QString m_filterText;
};

} // namespace sg::app
