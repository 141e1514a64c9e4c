#pragma once
// FindingListModel: a project's lint findings (severity, code, message, the element concerned)
// for the findings pane, with how many there are of each severity.

#include "arch/lint.h"
#include "arch/project.h"

#include <QAbstractListModel>
#include <QHash>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <array>
#include <vector>

namespace sg::app {

class FindingListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The lint findings of a ProjectDocument")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged FINAL)
    Q_PROPERTY(int errorCount READ errorCount NOTIFY countChanged FINAL)
    Q_PROPERTY(int warningCount READ warningCount NOTIFY countChanged FINAL)
    Q_PROPERTY(int infoCount READ infoCount NOTIFY countChanged FINAL)

public:
    // The values of sg::model::Severity, for QML.
    enum Severity { Error, Warning, Info };
    Q_ENUM(Severity)

    enum Role {
        SeverityRole = Qt::UserRole + 1, // Severity
        SeverityNameRole,                // "error", "warning", "info"
        CodeRole,
        MessageRole,
        ElementIdRole,
        ElementNameRole, // the element's display name when it exists, else its id
    };
    Q_ENUM(Role)

    explicit FindingListModel(QObject *parent = nullptr);

    // Shows `findings`; element names are looked up in `project`. Nothing is signalled when the
    // list is the same as before (most edits leave the findings alone).
    void setFindings(std::vector<sg::model::Finding> findings, const sg::model::Project &project);
    [[nodiscard]] const std::vector<sg::model::Finding> &findings() const { return m_findings; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] int errorCount() const { return m_countBySeverity[0]; }
    [[nodiscard]] int warningCount() const { return m_countBySeverity[1]; }
    [[nodiscard]] int infoCount() const { return m_countBySeverity[2]; }

    Q_INVOKABLE QString elementIdAt(int row) const;

Q_SIGNALS:
    void countChanged();

private:
    std::vector<sg::model::Finding> m_findings;
    std::vector<QString> m_elementNames; // parallel to m_findings
    std::array<int, 3> m_countBySeverity{};
};

} // namespace sg::app
