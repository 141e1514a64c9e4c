// SandboxEventModel under QAbstractItemModelTester: events in, verdicts out, minimal change
// signals.

#include "sandboxeventmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using sg::app::EventStatus;
using sg::app::EventVerdict;
using sg::app::SandboxEventModel;
using sg::app::TextProblem;

namespace {

EventVerdict verdict(EventStatus status) {
    EventVerdict v;
    v.status = status;
    return v;
}

QVariant roleOf(const SandboxEventModel &model, int row, SandboxEventModel::Role role) {
    return model.data(model.index(row), role);
}

} // namespace

class TestSandboxEventModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void appendedEventsArePending();
    void roleNamesAreWhatTheViewsBindTo();
    void editingTextReportsTheRow();
    void removingKeepsTheOthers();
    void resetReplacesEverything();
    void verdicts_data();
    void verdicts();
    void unchangedVerdictsSignalNothing();
    void onlyChangedRowsAreSignalled();
    void errorPositionIndexesTheTextNotItsBytes();
    void outOfRangeAccessIsHarmless();

private:
    SandboxEventModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
};

void TestSandboxEventModel::init() {
    m_model = new SandboxEventModel(this);
    m_tester = new QAbstractItemModelTester(
        m_model, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
}

void TestSandboxEventModel::cleanup() {
    delete m_tester;
    delete m_model;
    m_tester = nullptr;
    m_model = nullptr;
}

void TestSandboxEventModel::appendedEventsArePending() {
    QSignalSpy count(m_model, &SandboxEventModel::countChanged);
    QCOMPARE(m_model->append({QStringLiteral("First"), QStringLiteral("{}")}), 0);
    QCOMPARE(m_model->append({QStringLiteral("Second"), QString()}), 1);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(count.count(), 2);
    QCOMPARE(roleOf(*m_model, 1, SandboxEventModel::NameRole).toString(), QStringLiteral("Second"));
    QCOMPARE(roleOf(*m_model, 0, SandboxEventModel::TextRole).toString(), QStringLiteral("{}"));
    QCOMPARE(roleOf(*m_model, 0, SandboxEventModel::StatusRole).toInt(),
             static_cast<int>(SandboxEventModel::Pending));
    QCOMPARE(roleOf(*m_model, 0, SandboxEventModel::MatchesRole).toBool(), false);
}

void TestSandboxEventModel::roleNamesAreWhatTheViewsBindTo() {
    const QHash<int, QByteArray> roles = m_model->roleNames();
    for (const char *name :
         {"name", "text", "status", "matches", "error", "errorLine", "errorColumn", "errorPosition",
          "summary", "warning", "delivered", "transformedText", "transformError"}) {
        QVERIFY2(roles.values().contains(QByteArray(name)), name);
    }
}

void TestSandboxEventModel::editingTextReportsTheRow() {
    m_model->append({QStringLiteral("A"), QStringLiteral("{}")});
    m_model->append({QStringLiteral("B"), QStringLiteral("{}")});
    QSignalSpy edited(m_model, &SandboxEventModel::textEdited);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);

    QVERIFY(m_model->setData(m_model->index(1), QStringLiteral("{\"a\":1}"),
                             SandboxEventModel::TextRole));
    QCOMPARE(edited.count(), 1);
    QCOMPARE(edited.at(0).at(0).toInt(), 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_model->text(1), QStringLiteral("{\"a\":1}"));

    QVERIFY(!m_model->setText(1, QStringLiteral("{\"a\":1}"))); // same text: no change
    QCOMPARE(edited.count(), 1);
    QVERIFY(m_model->setData(m_model->index(0), QStringLiteral("Renamed"),
                             SandboxEventModel::NameRole));
    QCOMPARE(m_model->name(0), QStringLiteral("Renamed"));
    QVERIFY(!m_model->setData(m_model->index(0), true, SandboxEventModel::MatchesRole));
}

void TestSandboxEventModel::removingKeepsTheOthers() {
    for (const char *name : {"A", "B", "C"}) {
        m_model->append({QString::fromLatin1(name), QString()});
    }
    QVERIFY(m_model->removeAt(1));
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->name(0), QStringLiteral("A"));
    QCOMPARE(m_model->name(1), QStringLiteral("C"));
    QVERIFY(!m_model->removeAt(2));
    QVERIFY(!m_model->removeAt(-1));
}

void TestSandboxEventModel::resetReplacesEverything() {
    m_model->append({QStringLiteral("Old"), QString()});
    m_model->applyVerdicts({verdict(EventStatus::Match)});
    m_model->reset(
        {{QStringLiteral("X"), QStringLiteral("{}")}, {QStringLiteral("Y"), QStringLiteral("[]")}});
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->status(0), SandboxEventModel::Pending);
    QCOMPARE(m_model->events().size(), std::size_t{2});
    QCOMPARE(m_model->events()[1].text, QStringLiteral("[]"));
}

void TestSandboxEventModel::verdicts_data() {
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("matches");
    QTest::addColumn<QString>("error");

    QTest::newRow("a matching event says it matches")
        << int(EventStatus::Match) << true << QString();
    QTest::newRow("a non-matching event does not")
        << int(EventStatus::NoMatch) << false << QString();
    QTest::newRow("an invalid event carries its error")
        << int(EventStatus::Invalid) << false << QStringLiteral("unexpected '}'");
    QTest::newRow("a pending event has no verdict")
        << int(EventStatus::Pending) << false << QString();
}

void TestSandboxEventModel::verdicts() {
    QFETCH(int, status);
    QFETCH(bool, matches);
    QFETCH(QString, error);

    m_model->append({QStringLiteral("E"), QStringLiteral("{\"a\": 1,}")});
    EventVerdict v = verdict(static_cast<EventStatus>(status));
    if (!error.isEmpty()) {
        v.error = TextProblem{error.toStdString(), 8, 1, 9};
    }
    v.summary = "aws.ec2 \u00b7 Thing";
    v.delivered = matches;
    v.targetInput = matches ? "{\"a\":1}" : "";
    m_model->applyVerdicts({v});

    QCOMPARE(roleOf(*m_model, 0, SandboxEventModel::MatchesRole).toBool(), matches);
    QCOMPARE(roleOf(*m_model, 0, SandboxEventModel::ErrorRole).toString(), error);
    QCOMPARE(roleOf(*m_model, 0, SandboxEventModel::ErrorLineRole).toInt(),
             error.isEmpty() ? 0 : 1);
    QCOMPARE(roleOf(*m_model, 0, SandboxEventModel::ErrorPositionRole).toInt(),
             error.isEmpty() ? -1 : 8);
    QCOMPARE(roleOf(*m_model, 0, SandboxEventModel::SummaryRole).toString(),
             QStringLiteral("aws.ec2 \u00b7 Thing"));
    QCOMPARE(roleOf(*m_model, 0, SandboxEventModel::DeliveredRole).toBool(), matches);
    QCOMPARE(roleOf(*m_model, 0, SandboxEventModel::TransformedTextRole).toString(),
             matches ? QStringLiteral("{\"a\":1}") : QString());
    QCOMPARE(m_model->countWithStatus(SandboxEventModel::Match), matches ? 1 : 0);
}

void TestSandboxEventModel::unchangedVerdictsSignalNothing() {
    m_model->append({QStringLiteral("E"), QStringLiteral("{}")});
    m_model->applyVerdicts({verdict(EventStatus::Match)});
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    m_model->applyVerdicts({verdict(EventStatus::Match)});
    QCOMPARE(changed.count(), 0);
}

void TestSandboxEventModel::onlyChangedRowsAreSignalled() {
    for (int i = 0; i < 3; ++i) {
        m_model->append({QStringLiteral("E%1").arg(i), QStringLiteral("{}")});
    }
    m_model->applyVerdicts(
        {verdict(EventStatus::Match), verdict(EventStatus::NoMatch), verdict(EventStatus::Match)});
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    m_model->applyVerdicts(
        {verdict(EventStatus::Match), verdict(EventStatus::Match), verdict(EventStatus::Match)});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 1);
    const auto roles = changed.at(0).at(2).value<QList<int>>();
    QVERIFY(roles.contains(SandboxEventModel::StatusRole));
    QVERIFY(!roles.contains(SandboxEventModel::TextRole)); // the editor's text is left alone
}

void TestSandboxEventModel::errorPositionIndexesTheTextNotItsBytes() {
    m_model->append({QStringLiteral("E"), QStringLiteral("{\"é\": x}")});
    EventVerdict v = verdict(EventStatus::Invalid);
    v.error = TextProblem{"invalid literal", 7, 1, 7}; // byte 7 is 'x' (é takes two bytes)
    m_model->applyVerdicts({v});
    QCOMPARE(m_model->errorPosition(0), 6);
}

void TestSandboxEventModel::outOfRangeAccessIsHarmless() {
    QCOMPARE(m_model->name(3), QString());
    QCOMPARE(m_model->status(-1), SandboxEventModel::Pending);
    QVERIFY(!m_model->setText(0, QStringLiteral("x")));
    m_model->append({QStringLiteral("E"), QString()});
    // More verdicts than rows (a stale evaluation) are ignored beyond the last row.
    m_model->applyVerdicts({verdict(EventStatus::Match), verdict(EventStatus::Match)});
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->status(0), SandboxEventModel::Match);
}

QTEST_GUILESS_MAIN(TestSandboxEventModel)
#include "tst_sandboxeventmodel.moc"
