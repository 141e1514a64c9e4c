// FindingListModel under QAbstractItemModelTester: lint findings in, rows and per-severity
// counts out; an unchanged list signals nothing, a renamed element only its rows.

#include "findinglistmodel.h"

#include "arch/lint.h"
#include "io/projectfile.h"

#include <QAbstractItemModelTester>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using sg::app::FindingListModel;
using sg::model::Finding;
using sg::model::Project;
using sg::model::Severity;

namespace {

Project loadFixture() {
    sg::Result<Project> project =
        sg::model::loadProject(SG_SOURCE_DIR "/tests/data/app/orders.stormglass.json");
    if (!project) {
        qWarning("%s", project.error().message.c_str());
        return {};
    }
    return std::move(project).value();
}

Finding finding(Severity severity, const char *code, const char *message, const char *element) {
    return Finding{severity, code, message, sg::model::ElementId{element}};
}

} // namespace

class TestFindingListModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void rowsAreTheLintFindings();
    void severitiesAreCounted();
    void theSameFindingsSignalNothing();
    void aRenamedElementChangesOnlyItsName();
    void newFindingsReplaceTheRows();
    void aFindingOnAMissingElementShowsItsId();
    void outOfRangeAccessIsHarmless();

private:
    Project m_project;
    FindingListModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
};

void TestFindingListModel::init() {
    m_project = loadFixture();
    QVERIFY(m_project.size() > 0);
    m_model = new FindingListModel(this);
    m_tester = new QAbstractItemModelTester(
        m_model, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
}

void TestFindingListModel::cleanup() {
    delete m_tester;
    delete m_model;
    m_tester = nullptr;
    m_model = nullptr;
}

void TestFindingListModel::rowsAreTheLintFindings() {
    const std::vector<Finding> findings = sg::model::lintProject(m_project);
    QVERIFY2(!findings.empty(), "the fixture is meant to have lint findings");
    QSignalSpy count(m_model, &FindingListModel::countChanged);
    m_model->setFindings(findings, m_project);
    QCOMPARE(count.count(), 1);
    QCOMPARE(m_model->rowCount(), static_cast<int>(findings.size()));
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const Finding &f = findings[static_cast<std::size_t>(row)];
        const QModelIndex index = m_model->index(row);
        QCOMPARE(index.data(FindingListModel::SeverityRole).toInt(), static_cast<int>(f.severity));
        QCOMPARE(index.data(FindingListModel::SeverityNameRole).toString(),
                 QString::fromStdString(std::string(sg::model::severityName(f.severity))));
        QCOMPARE(index.data(FindingListModel::CodeRole).toString(), QString::fromStdString(f.code));
        QCOMPARE(index.data(FindingListModel::MessageRole).toString(),
                 QString::fromStdString(f.message));
        QCOMPARE(index.data(FindingListModel::ElementIdRole).toString(),
                 QString::fromStdString(f.element.value));
        QCOMPARE(m_model->elementIdAt(row), QString::fromStdString(f.element.value));
        const sg::model::Element *element = m_project.find(f.element);
        QVERIFY(element);
        QCOMPARE(index.data(FindingListModel::ElementNameRole).toString(),
                 QString::fromStdString(sg::model::elementName(*element)));
    }
    const QHash<int, QByteArray> roles = m_model->roleNames();
    for (const char *name : {"severity", "code", "message", "elementId", "elementName"}) {
        QVERIFY2(roles.values().contains(QByteArray(name)), name);
    }
}

void TestFindingListModel::severitiesAreCounted() {
    m_model->setFindings({finding(Severity::Error, "a", "A", "bill-order"),
                          finding(Severity::Warning, "b", "B", "bill-order"),
                          finding(Severity::Warning, "c", "C", "orders-bus"),
                          finding(Severity::Info, "d", "D", "orders-bus"),
                          finding(Severity::Info, "e", "E", "orders-bus"),
                          finding(Severity::Info, "f", "F", "orders-bus")},
                         m_project);
    QCOMPARE(m_model->errorCount(), 1);
    QCOMPARE(m_model->warningCount(), 2);
    QCOMPARE(m_model->infoCount(), 3);
    m_model->setFindings({}, m_project);
    QCOMPARE(m_model->errorCount() + m_model->warningCount() + m_model->infoCount(), 0);
    QCOMPARE(m_model->rowCount(), 0);
}

void TestFindingListModel::theSameFindingsSignalNothing() {
    const std::vector<Finding> findings = sg::model::lintProject(m_project);
    m_model->setFindings(findings, m_project);
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    QSignalSpy count(m_model, &FindingListModel::countChanged);
    m_model->setFindings(findings, m_project);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(count.count(), 0);
}

void TestFindingListModel::aRenamedElementChangesOnlyItsName() {
    const std::vector<Finding> findings = sg::model::lintProject(m_project);
    QVERIFY(!findings.empty());
    m_model->setFindings(findings, m_project);
    const sg::model::ElementId renamedId = findings.front().element;
    const sg::model::Element *element = m_project.find(renamedId);
    QVERIFY(element);
    sg::model::Element renamed = *element;
    std::visit(
        [](auto &e) {
            if constexpr (requires { e.name; }) {
                e.name = "Renamed element";
            } else {
                e.text = "Renamed element";
            }
        },
        renamed);
    QVERIFY(m_project.apply(sg::model::Command{sg::model::ReplaceElement{renamed}, "Rename"}).ok());

    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    m_model->setFindings(findings, m_project); // the same findings, as lint would say again
    QCOMPARE(reset.count(), 0);
    int rowsOnElement = 0;
    for (const Finding &f : findings) {
        rowsOnElement += f.element == renamedId ? 1 : 0;
    }
    QCOMPARE(changed.count(), rowsOnElement);
    for (const QList<QVariant> &signal : changed) {
        const int row = signal.at(0).toModelIndex().row();
        QCOMPARE(m_model->elementIdAt(row), QString::fromStdString(renamedId.value));
        QCOMPARE(m_model->index(row).data(FindingListModel::ElementNameRole).toString(),
                 QStringLiteral("Renamed element"));
        QCOMPARE(signal.at(2).value<QList<int>>(), QList<int>{FindingListModel::ElementNameRole});
    }
}

void TestFindingListModel::newFindingsReplaceTheRows() {
    m_model->setFindings({finding(Severity::Error, "a", "A", "bill-order")}, m_project);
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    QSignalSpy count(m_model, &FindingListModel::countChanged);
    m_model->setFindings({finding(Severity::Warning, "b", "B", "orders-bus"),
                          finding(Severity::Warning, "c", "C", "orders-bus")},
                         m_project);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(count.count(), 1);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->errorCount(), 0);
    QCOMPARE(m_model->warningCount(), 2);
    QCOMPARE(m_model->index(1).data(FindingListModel::CodeRole).toString(), QStringLiteral("c"));
}

void TestFindingListModel::aFindingOnAMissingElementShowsItsId() {
    m_model->setFindings({finding(Severity::Error, "x", "X", "ghost")}, m_project);
    QCOMPARE(m_model->index(0).data(FindingListModel::ElementNameRole).toString(),
             QStringLiteral("ghost"));
    m_model->setFindings({finding(Severity::Error, "x", "Project-wide", "")}, m_project);
    QVERIFY(m_model->index(0).data(FindingListModel::ElementNameRole).toString().isEmpty());
}

void TestFindingListModel::outOfRangeAccessIsHarmless() {
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("is not valid")));
    QVERIFY(!m_model->data(m_model->index(0), Qt::DisplayRole).isValid());
    QVERIFY(m_model->elementIdAt(-1).isEmpty());
    QVERIFY(m_model->elementIdAt(5).isEmpty());
}

QTEST_GUILESS_MAIN(TestFindingListModel)
#include "tst_findinglistmodel.moc"
