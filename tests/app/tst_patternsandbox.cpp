// PatternSandbox: validates, matches and transforms what the user typed, debounced and off the GUI
// thread; formats, loads and saves without losing anything.

#include "patternsandbox.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using sg::app::PatternSandbox;
using sg::app::SandboxEventModel;

namespace {

const QString kEc2Event =
    QStringLiteral(R"({"source":"aws.ec2","detail-type":"EC2 Instance State-change Notification",)"
                   R"("detail":{"instance-id":"i-1","state":"stopped","count":100.0}})");

QString q(const char *text) {
    return QString::fromUtf8(text);
}

} // namespace

class TestPatternSandbox : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void evaluates_data();
    void evaluates();
    void everyEventGetsItsOwnVerdict();
    void targetConfigurationErrors_data();
    void targetConfigurationErrors();
    void typingIsDebouncedAndEvaluatedOffTheGuiThread();
    void aBurstOfEditsEndsInTheLatestVerdict();
    void eventsCanBeAddedAndRemoved();
    void samplesAreAddedAndSelected();
    void formattingKeepsTheTextWhenItIsNotJson();
    void formatAllFormatsEveryEditor();
    void loadingABrokenFileLosesNothing();
    void savesAndReopens();
    void statusTextSummarises();
};

void TestPatternSandbox::evaluates_data() {
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("event");
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("inputPath");
    QTest::addColumn<QString>("pathsMap");
    QTest::addColumn<QString>("inputTemplate");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("errorPositioned");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("received");

    const int whole = PatternSandbox::WholeEvent;
    const int path = PatternSandbox::InputPath;
    const int transformer = PatternSandbox::InputTransformer;
    const int match = SandboxEventModel::Match;
    const int noMatch = SandboxEventModel::NoMatch;
    const int invalid = SandboxEventModel::Invalid;
    const int pending = SandboxEventModel::Pending;

    QTest::newRow("an event from the named source matches and is delivered whole")
        << q(R"({"source": ["aws.ec2"]})") << kEc2Event << whole << QString() << QString()
        << QString() << true << false << match << kEc2Event;
    QTest::newRow("an event from another source does not match and is not delivered")
        << q(R"({"source": ["aws.s3"]})") << kEc2Event << whole << QString() << QString()
        << QString() << true << false << noMatch << QString();
    QTest::newRow("numbers compare by value")
        << q(R"({"detail": {"count": [{"numeric": [">=", 100]}]}})") << kEc2Event << whole
        << QString() << QString() << QString() << true << false << match << kEc2Event;
    QTest::newRow("all listed fields must match")
        << q(R"({"source": ["aws.ec2"], "detail": {"state": ["running"]}})") << kEc2Event << whole
        << QString() << QString() << QString() << true << false << noMatch << QString();
    QTest::newRow("InputPath hands the target a sub-tree")
        << q(R"({"source": ["aws.ec2"]})") << kEc2Event << path << q("$.detail.state") << QString()
        << QString() << true << false << match << q(R"("stopped")");
    QTest::newRow("a text template prints values unquoted")
        << q(R"({"source": ["aws.ec2"]})") << kEc2Event << transformer << QString()
        << q(R"({"id": "$.detail.instance-id", "state": "$.detail.state"})")
        << q(R"("Instance <id> is <state>")") << true << false << match
        << q(R"("Instance i-1 is stopped")");
    QTest::newRow("a JSON template prints values as JSON, minified")
        << q(R"({"source": ["aws.ec2"]})") << kEc2Event << transformer << QString()
        << q(R"({"state": "$.detail.state"})") << q(R"({ "s": <state> })") << true << false << match
        << q(R"({"s":"stopped"})");
    QTest::newRow("a pattern with a JSON syntax error is not valid, at a line and column")
        << q("{\n  \"source\": [\"aws.ec2\",]\n}") << kEc2Event << whole << QString() << QString()
        << QString() << false << true << pending << QString();
    QTest::newRow("a pattern whose leaf is not an array is not valid")
        << q(R"({"source": "aws.ec2"})") << kEc2Event << whole << QString() << QString()
        << QString() << false << false << pending << QString();
    QTest::newRow("an event that is not JSON is invalid and never delivered")
        << q(R"({"source": ["aws.ec2"]})") << q(R"({"source": "aws.ec2",})") << whole << QString()
        << QString() << QString() << true << false << invalid << QString();
    QTest::newRow("an event that is a JSON array is invalid")
        << q(R"({"source": ["aws.ec2"]})") << q("[1, 2]") << whole << QString() << QString()
        << QString() << true << false << invalid << QString();
    QTest::newRow("an empty event waits to be typed")
        << q(R"({"source": ["aws.ec2"]})") << q("  \n") << whole << QString() << QString()
        << QString() << true << false << pending << QString();
}

void TestPatternSandbox::evaluates() {
    QFETCH(QString, pattern);
    QFETCH(QString, event);
    QFETCH(int, mode);
    QFETCH(QString, inputPath);
    QFETCH(QString, pathsMap);
    QFETCH(QString, inputTemplate);
    QFETCH(bool, valid);
    QFETCH(bool, errorPositioned);
    QFETCH(int, status);
    QFETCH(QString, received);

    PatternSandbox sandbox;
    QAbstractItemModelTester tester(sandbox.events(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    sandbox.setPatternText(pattern);
    sandbox.addEvent(QStringLiteral("Event"), event);
    sandbox.setTargetMode(static_cast<PatternSandbox::TargetMode>(mode));
    sandbox.setInputPath(inputPath);
    sandbox.setInputPathsMapText(pathsMap);
    sandbox.setInputTemplate(inputTemplate);
    sandbox.evaluateNow();

    QCOMPARE(sandbox.isValid(), valid);
    QCOMPARE(sandbox.patternEmpty(), false);
    if (valid) {
        QCOMPARE(sandbox.errorMessage(), QString());
        QCOMPARE(sandbox.errorPosition(), -1);
    } else {
        QVERIFY2(sandbox.errorMessage().startsWith(u"Event pattern is not valid"),
                 qPrintable(sandbox.errorMessage()));
    }
    if (errorPositioned) {
        QVERIFY2(sandbox.errorLine() > 0, qPrintable(sandbox.errorMessage()));
        QVERIFY(sandbox.errorColumn() > 0);
        QVERIFY(sandbox.errorPosition() >= 0 && sandbox.errorPosition() <= pattern.size());
    }

    const SandboxEventModel &events = *sandbox.events();
    QCOMPARE(static_cast<int>(events.status(0)), status);
    const QModelIndex row = events.index(0);
    QCOMPARE(row.data(SandboxEventModel::MatchesRole).toBool(), status == SandboxEventModel::Match);
    QCOMPARE(row.data(SandboxEventModel::DeliveredRole).toBool(), !received.isEmpty());
    QCOMPARE(row.data(SandboxEventModel::TransformedTextRole).toString(), received);
    if (status == SandboxEventModel::Invalid) {
        QVERIFY(!sandbox.currentEventError().isEmpty());
        QVERIFY(sandbox.currentEventErrorLine() > 0);
        QVERIFY(sandbox.currentEventErrorPosition() >= 0);
    } else {
        QCOMPARE(sandbox.currentEventError(), QString());
    }
    QCOMPARE(sandbox.targetError(), QString());
}

void TestPatternSandbox::everyEventGetsItsOwnVerdict() {
    PatternSandbox sandbox;
    QAbstractItemModelTester tester(sandbox.events(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    sandbox.setPatternText(q(R"({"detail": {"state": ["stopped", "terminated"]}})"));
    sandbox.addEvent(QStringLiteral("stopped"), q(R"({"detail": {"state": "stopped"}})"));
    sandbox.addEvent(QStringLiteral("running"), q(R"({"detail": {"state": "running"}})"));
    sandbox.addEvent(QStringLiteral("broken"), q(R"({"detail": )"));
    sandbox.addEvent(QStringLiteral("terminated"), q(R"({"detail": {"state": ["terminated"]}})"));
    sandbox.evaluateNow();

    const SandboxEventModel &events = *sandbox.events();
    QCOMPARE(events.status(0), SandboxEventModel::Match);
    QCOMPARE(events.status(1), SandboxEventModel::NoMatch);
    QCOMPARE(events.status(2), SandboxEventModel::Invalid);
    QCOMPARE(events.status(3), SandboxEventModel::Match); // any element of an array
    QCOMPARE(sandbox.matchCount(), 2);
}

void TestPatternSandbox::targetConfigurationErrors_data() {
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("inputPath");
    QTest::addColumn<QString>("pathsMap");
    QTest::addColumn<QString>("inputTemplate");
    QTest::addColumn<int>("field");

    QTest::newRow("an InputPathsMap that is not JSON is shown in its editor")
        << int(PatternSandbox::InputTransformer) << QString() << q("{\"state\": }")
        << q("\"<state>\"") << int(PatternSandbox::InputPathsMapField);
    QTest::newRow("an InputPathsMap value that is not a string is shown in its editor")
        << int(PatternSandbox::InputTransformer) << QString() << q("{\"state\": 1}")
        << q("\"<state>\"") << int(PatternSandbox::InputPathsMapField);
    QTest::newRow("a template using an undefined variable is refused as PutTargets would")
        << int(PatternSandbox::InputTransformer) << QString()
        << q("{\"state\": \"$.detail.state\"}") << q("\"<nope>\"")
        << int(PatternSandbox::InputTemplateField);
    QTest::newRow("an InputPath that is not a JSONPath is refused")
        << int(PatternSandbox::InputPath) << q("detail..state") << QString() << QString()
        << int(PatternSandbox::InputPathField);
}

void TestPatternSandbox::targetConfigurationErrors() {
    QFETCH(int, mode);
    QFETCH(QString, inputPath);
    QFETCH(QString, pathsMap);
    QFETCH(QString, inputTemplate);
    QFETCH(int, field);

    PatternSandbox sandbox;
    sandbox.setPatternText(q(R"({"source": ["aws.ec2"]})"));
    sandbox.addEvent(QStringLiteral("Event"), kEc2Event);
    sandbox.setTargetMode(static_cast<PatternSandbox::TargetMode>(mode));
    sandbox.setInputPath(inputPath);
    sandbox.setInputPathsMapText(pathsMap);
    sandbox.setInputTemplate(inputTemplate);
    sandbox.evaluateNow();

    QVERIFY(!sandbox.targetError().isEmpty());
    QCOMPARE(static_cast<int>(sandbox.targetErrorField()), field);
    // The event still matches; only delivery is impossible.
    QCOMPARE(sandbox.events()->status(0), SandboxEventModel::Match);
    QCOMPARE(sandbox.events()->index(0).data(SandboxEventModel::DeliveredRole).toBool(), false);
}

void TestPatternSandbox::typingIsDebouncedAndEvaluatedOffTheGuiThread() {
    PatternSandbox sandbox;
    QSignalSpy evaluated(&sandbox, &PatternSandbox::evaluated);
    QSignalSpy busy(&sandbox, &PatternSandbox::busyChanged);
    sandbox.addEvent(QStringLiteral("Event"), kEc2Event);
    sandbox.setPatternText(q(R"({"source": ["aws.ec2"]})"));

    QVERIFY(sandbox.isBusy());
    QCOMPARE(evaluated.count(), 0); // nothing happens synchronously while typing
    QVERIFY(evaluated.wait(2000));
    QCOMPARE(evaluated.count(), 1); // the two changes were coalesced
    QTRY_VERIFY(!sandbox.isBusy());
    QCOMPARE(sandbox.events()->status(0), SandboxEventModel::Match);
    QVERIFY(busy.count() >= 2);
}

void TestPatternSandbox::aBurstOfEditsEndsInTheLatestVerdict() {
    PatternSandbox sandbox;
    sandbox.addEvent(QStringLiteral("Event"), kEc2Event);
    const QString final = q(R"({"source": ["aws.ec2"]})");
    // Type the pattern one character at a time, faster than the debounce interval.
    for (qsizetype i = 1; i <= final.size(); ++i) {
        sandbox.setPatternText(final.left(i));
        if (i % 5 == 0) {
            QTest::qWait(20);
        }
    }
    QTRY_VERIFY_WITH_TIMEOUT(!sandbox.isBusy(), 3000);
    QVERIFY(sandbox.isValid());
    QCOMPARE(sandbox.events()->status(0), SandboxEventModel::Match);
}

void TestPatternSandbox::eventsCanBeAddedAndRemoved() {
    PatternSandbox sandbox;
    QAbstractItemModelTester tester(sandbox.events(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(sandbox.currentIndex(), -1);
    QCOMPARE(sandbox.currentEventText(), QString());

    // Typing into the editor with no event creates one.
    sandbox.setCurrentEventText(QStringLiteral("{}"));
    QCOMPARE(sandbox.events()->rowCount(), 1);
    QCOMPARE(sandbox.currentIndex(), 0);

    QCOMPARE(sandbox.addEvent(), 1);
    QCOMPARE(sandbox.currentIndex(), 1);
    QCOMPARE(sandbox.events()->name(1), QStringLiteral("Event 2"));
    sandbox.setCurrentEventText(QStringLiteral("{\"a\": 1}"));
    QCOMPARE(sandbox.events()->text(1), QStringLiteral("{\"a\": 1}"));

    QSignalSpy current(&sandbox, &PatternSandbox::currentIndexChanged);
    QVERIFY(sandbox.removeEvent(0));
    QCOMPARE(sandbox.currentIndex(), 0); // still the same event, now first
    QCOMPARE(sandbox.currentEventText(), QStringLiteral("{\"a\": 1}"));
    QCOMPARE(current.count(), 1);
    QVERIFY(sandbox.removeEvent(0));
    QCOMPARE(sandbox.currentIndex(), -1);
    QVERIFY(!sandbox.removeEvent(0));
}

void TestPatternSandbox::samplesAreAddedAndSelected() {
    PatternSandbox sandbox;
    QCOMPARE(sandbox.sampleNames().size(), 4);
    sandbox.setPatternText(q(R"({"source": ["aws.s3"], "detail-type": ["Object Created"]})"));
    for (int i = 0; i < sandbox.sampleNames().size(); ++i) {
        QCOMPARE(sandbox.addSampleEvent(i), i);
        QCOMPARE(sandbox.currentIndex(), i);
        QCOMPARE(sandbox.events()->name(i), sandbox.sampleNames().at(i));
    }
    QCOMPARE(sandbox.addSampleEvent(42), -1);
    sandbox.evaluateNow();
    for (int i = 0; i < 4; ++i) {
        const bool s3 = sandbox.sampleNames().at(i).startsWith(u"S3");
        QCOMPARE(sandbox.events()->status(i),
                 s3 ? SandboxEventModel::Match : SandboxEventModel::NoMatch);
        // Samples are complete events: nothing AWS would object to.
        QCOMPARE(sandbox.events()->index(i).data(SandboxEventModel::WarningRole).toString(),
                 QString());
    }
}

void TestPatternSandbox::formattingKeepsTheTextWhenItIsNotJson() {
    PatternSandbox sandbox;
    const QString broken = q(R"({"source": ["aws.ec2",)");
    sandbox.setPatternText(broken);
    QVERIFY(!sandbox.formatPattern());
    QCOMPARE(sandbox.patternText(), broken);
    QVERIFY(sandbox.message().contains(u"not valid JSON"));

    sandbox.setPatternText(q(R"({"source":["aws.ec2"],"detail":{"state":["stopped"]}})"));
    QVERIFY(sandbox.formatPattern());
    QCOMPARE(sandbox.patternText(), q("{\n  \"source\": [\"aws.ec2\"],\n  \"detail\": {\n    "
                                      "\"state\": [\"stopped\"]\n  }\n}"));
}

void TestPatternSandbox::formatAllFormatsEveryEditor() {
    PatternSandbox sandbox;
    sandbox.setPatternText(q(R"({"source":["a"]})"));
    sandbox.addEvent(QStringLiteral("One"), q(R"({"source":"a"})"));
    sandbox.addEvent(QStringLiteral("Broken"), q(R"({"source":)"));
    sandbox.setInputPathsMapText(q(R"({"s":"$.source"})"));
    QCOMPARE(sandbox.formatAll(), 3);
    QCOMPARE(sandbox.events()->text(0), q("{\n  \"source\": \"a\"\n}"));
    QCOMPARE(sandbox.events()->text(1), q(R"({"source":)")); // untouched
    QCOMPARE(sandbox.formatAll(), 0);
}

void TestPatternSandbox::loadingABrokenFileLosesNothing() {
    PatternSandbox sandbox;
    sandbox.setPatternText(q(R"({"source": ["mine"]})"));
    sandbox.addEvent(QStringLiteral("Mine"), q("{}"));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.sandbox.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"pattern\": {\"source\": [");
    file.close();

    QSignalSpy failed(&sandbox, &PatternSandbox::operationFailed);
    QVERIFY(!sandbox.loadExample(path));
    QCOMPARE(failed.count(), 1);
    QVERIFY(failed.at(0).at(0).toString().contains(u"broken.sandbox.json"));
    QVERIFY(!sandbox.loadExample(dir.filePath(QStringLiteral("missing.sandbox.json"))));
    QCOMPARE(failed.count(), 2);

    QCOMPARE(sandbox.patternText(), q(R"({"source": ["mine"]})"));
    QCOMPARE(sandbox.events()->rowCount(), 1);
    QCOMPARE(sandbox.events()->name(0), QStringLiteral("Mine"));
}

void TestPatternSandbox::savesAndReopens() {
    PatternSandbox sandbox;
    QVERIFY(sandbox.loadBundledExample(0));
    QVERIFY(!sandbox.title().isEmpty());
    sandbox.evaluateNow();
    QVERIFY(sandbox.isValid());
    QVERIFY(sandbox.matchCount() >= 1);
    QVERIFY(sandbox.matchCount() < sandbox.events()->rowCount());
    const int matches = sandbox.matchCount();

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("copy.sandbox.json"));
    QVERIFY(sandbox.saveToUrl(QUrl::fromLocalFile(path)));
    QCOMPARE(sandbox.sourceFile(), path);

    PatternSandbox reopened;
    QVERIFY(reopened.openUrl(QUrl::fromLocalFile(path)));
    reopened.evaluateNow();
    QCOMPARE(reopened.patternText(), sandbox.patternText());
    QCOMPARE(reopened.events()->events().size(), sandbox.events()->events().size());
    QCOMPARE(reopened.targetMode(), sandbox.targetMode());
    QCOMPARE(reopened.inputTemplate(), sandbox.inputTemplate());
    QCOMPARE(reopened.matchCount(), matches);
    QCOMPARE(reopened.currentIndex(), 0);
}

void TestPatternSandbox::statusTextSummarises() {
    PatternSandbox sandbox;
    sandbox.evaluateNow();
    QVERIFY(sandbox.statusText().contains(u"Type or paste"));
    sandbox.setPatternText(q(R"({"source": ["aws.ec2"]})"));
    sandbox.evaluateNow();
    QVERIFY(sandbox.statusText().contains(u"add an event"));
    sandbox.addEvent(QStringLiteral("A"), kEc2Event);
    sandbox.evaluateNow();
    QCOMPARE(sandbox.statusText(), QStringLiteral("Pattern valid \u00b7 the event matches"));
    sandbox.addEvent(QStringLiteral("B"), q("{"));
    sandbox.evaluateNow();
    QCOMPARE(sandbox.statusText(),
             QStringLiteral("Pattern valid \u00b7 1 of 2 events match \u00b7 1 not valid JSON"));
    sandbox.setPatternText(q("{\"source\": [}"));
    sandbox.evaluateNow();
    QVERIFY(sandbox.statusText().startsWith(u"Pattern not valid"));
}

QTEST_GUILESS_MAIN(TestPatternSandbox)
#include "tst_patternsandbox.moc"
