// The sandbox example file format, the bundled examples and the bundled sample events.

#include "jsontext.h"
#include "sampleevents.h"
#include "sandboxexample.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <nlohmann/json.hpp>

using sg::app::SandboxExample;
using sg::app::TargetInputMode;

class TestSandboxExample : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsAFullExample();
    void rawStringsAreKeptAsTyped();
    void eventsMayBeGivenWithoutNames();
    void rejects_data();
    void rejects();
    void roundTrips();
    void writingToAMissingFolderFails();
    void aFifoIsRefusedInsteadOfHangingTheWindow();
    void bundledExamplesLoad();
    void shippedExampleFilesAreTheBundledOnes();
    void sampleEventsAreCompleteEvents();
};

static QByteArray json(const char *text) {
    return QByteArray(text);
}

void TestSandboxExample::readsAFullExample() {
    const auto read = sg::app::parseSandboxExample(json(R"({
        "formatVersion": 1, "name": "N", "description": "D",
        "pattern": {"source": ["a"], "detail": {"x": [1]}},
        "events": [{"name": "One", "event": {"source": "a"}}],
        "transformer": {"inputPathsMap": {"s": "$.source"}, "inputTemplate": "\"<s>\""}})"));
    QVERIFY2(read.example.has_value(), qPrintable(read.error));
    const SandboxExample &e = *read.example;
    QCOMPARE(e.name, QStringLiteral("N"));
    QCOMPARE(e.description, QStringLiteral("D"));
    QCOMPARE(e.pattern,
             QStringLiteral("{\n  \"source\": [\"a\"],\n  \"detail\": {\n    \"x\": [1]\n  }\n}"));
    QCOMPARE(e.events.size(), std::size_t{1});
    QCOMPARE(e.events[0].name, QStringLiteral("One"));
    QCOMPARE(e.events[0].text, QStringLiteral("{\n  \"source\": \"a\"\n}"));
    QCOMPARE(e.targetMode, TargetInputMode::InputTransformer);
    QCOMPARE(e.inputPathsMap, QStringLiteral("{\n  \"s\": \"$.source\"\n}"));
    QCOMPARE(e.inputTemplate, QStringLiteral("\"<s>\""));
}

void TestSandboxExample::rawStringsAreKeptAsTyped() {
    const auto read = sg::app::parseSandboxExample(json(R"({
        "pattern": "{\"source\": [\"a\",]}",
        "events": [{"name": "Broken", "event": "{\"source\": "}],
        "transformer": {"inputPath": "$.detail"}})"));
    QVERIFY(read.example.has_value());
    QCOMPARE(read.example->pattern, QStringLiteral("{\"source\": [\"a\",]}"));
    QCOMPARE(read.example->events[0].text, QStringLiteral("{\"source\": "));
    QCOMPARE(read.example->targetMode, TargetInputMode::InputPath);
    QCOMPARE(read.example->inputPath, QStringLiteral("$.detail"));
}

void TestSandboxExample::eventsMayBeGivenWithoutNames() {
    const auto read = sg::app::parseSandboxExample(
        json(R"({"pattern": {}, "events": [{"source": "a"}, {"name": "x", "event": {}}]})"));
    QVERIFY(read.example.has_value());
    QCOMPARE(read.example->events[0].name, QStringLiteral("Event 1"));
    QCOMPARE(read.example->events[0].text, QStringLiteral("{\n  \"source\": \"a\"\n}"));
    QCOMPARE(read.example->events[1].name, QStringLiteral("x"));
    QCOMPARE(read.example->targetMode, TargetInputMode::WholeEvent);
}

void TestSandboxExample::rejects_data() {
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("messageContains");

    QTest::newRow("a file that is not JSON, with where it breaks")
        << json("{\n \"pattern\": {,\n}") << QStringLiteral("line 2, column 14");
    QTest::newRow("a truncated file")
        << json(R"({"pattern": {"source": [)") << QStringLiteral("Not a valid JSON file");
    QTest::newRow("a JSON array") << json("[]") << QStringLiteral("must be a JSON object");
    QTest::newRow("an object that is not a sandbox example")
        << json(R"({"formatVersion": 1, "rules": []})") << QStringLiteral("Not a sandbox example");
    QTest::newRow("a newer format version")
        << json(R"({"formatVersion": 2, "pattern": {}})") << QStringLiteral("format version 2");
    QTest::newRow("events that are not a list") << json(R"({"pattern": {}, "events": {}})")
                                                << QStringLiteral("\"events\" must be an array");
    QTest::newRow("a transformer that is not an object")
        << json(R"({"pattern": {}, "transformer": "$.detail"})")
        << QStringLiteral("\"transformer\" must be an object");
}

void TestSandboxExample::rejects() {
    QFETCH(QByteArray, file);
    QFETCH(QString, messageContains);
    const auto read = sg::app::parseSandboxExample(file);
    QVERIFY(!read.example.has_value());
    QVERIFY2(read.error.contains(messageContains), qPrintable(read.error));
}

void TestSandboxExample::roundTrips() {
    SandboxExample example;
    example.name = QStringLiteral("Round trip");
    example.pattern = QStringLiteral("{\"a\": [1], \"a\": [2]}"); // duplicate keys
    example.events = {{QStringLiteral("Good"), QStringLiteral("{\"source\": \"s\"}")},
                      {QStringLiteral("Broken"), QStringLiteral("{\"source\": ")}};
    example.targetMode = TargetInputMode::InputTransformer;
    example.inputPathsMap = QStringLiteral("{\"s\": \"$.source\"}");
    example.inputTemplate = QStringLiteral("{\"s\": <s>}");

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("trip.sandbox.json"));
    QCOMPARE(sg::app::writeSandboxExample(path, example), QString());

    const auto read = sg::app::readSandboxExample(path);
    QVERIFY2(read.example.has_value(), qPrintable(read.error));
    QCOMPARE(read.example->name, example.name);
    QCOMPARE(read.example->events.size(), std::size_t{2});
    QCOMPARE(read.example->events[0].text, QStringLiteral("{\n  \"source\": \"s\"\n}"));
    QCOMPARE(read.example->events[1].text, example.events[1].text); // invalid JSON kept verbatim
    QCOMPARE(read.example->targetMode, TargetInputMode::InputTransformer);
    QCOMPARE(read.example->inputTemplate, example.inputTemplate);
    // JSON that a JSON value could not hold exactly (duplicate keys) is kept as typed.
    QCOMPARE(read.example->pattern, example.pattern);
    QCOMPARE(read.example->inputPathsMap, QStringLiteral("{\n  \"s\": \"$.source\"\n}"));
}

void TestSandboxExample::writingToAMissingFolderFails() {
    const QString error = sg::app::writeSandboxExample(
        QStringLiteral("/nonexistent-folder-for-stormglass/x.sandbox.json"), SandboxExample{});
    QVERIFY(error.startsWith(QStringLiteral("Cannot write")));
}

void TestSandboxExample::aFifoIsRefusedInsteadOfHangingTheWindow() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("pipe.sandbox.json"));
    QCOMPARE(::mkfifo(path.toLocal8Bit().constData(), 0600), 0);
    // Opening a FIFO for reading blocks until a writer comes: without the check, this would hang.
    const sg::app::SandboxExampleRead read = sg::app::readSandboxExample(path);
    QVERIFY(!read.example);
    QVERIFY2(read.error.contains(QStringLiteral("not a regular file")), qPrintable(read.error));
}

void TestSandboxExample::bundledExamplesLoad() {
    QVERIFY(sg::app::bundledExamples().size() >= 1);
    for (const sg::app::BundledExample &bundled : sg::app::bundledExamples()) {
        const auto read = sg::app::readSandboxExample(bundled.path);
        QVERIFY2(read.example.has_value(), qPrintable(bundled.path + u' ' + read.error));
        QVERIFY(!read.example->name.isEmpty());
        QVERIFY(!read.example->pattern.isEmpty());
        QVERIFY(read.example->events.size() >= 2);
    }
}

void TestSandboxExample::shippedExampleFilesAreTheBundledOnes() {
    // The run script opens resources/examples/order-routing.sandbox.json from the source tree.
    const QString onDisk =
        QStringLiteral(SG_SOURCE_DIR "/resources/examples/order-routing.sandbox.json");
    QFile disk(onDisk);
    QFile bundled(sg::app::bundledExamples().front().path);
    QVERIFY(disk.open(QIODevice::ReadOnly));
    QVERIFY(bundled.open(QIODevice::ReadOnly));
    QCOMPARE(disk.readAll(), bundled.readAll());
}

void TestSandboxExample::sampleEventsAreCompleteEvents() {
    QCOMPARE(sg::app::sampleEventNames().size(), 4);
    for (int i = 0; i < sg::app::sampleEventNames().size(); ++i) {
        const QString text = sg::app::sampleEventText(i);
        QVERIFY2(!text.isEmpty(), qPrintable(sg::app::sampleEventNames().at(i)));
        const auto event = nlohmann::ordered_json::parse(sg::app::toStdString(text));
        QVERIFY(event.is_object());
        for (const char *field : {"version", "id", "detail-type", "source", "account", "time",
                                  "region", "resources", "detail"}) {
            QVERIFY2(event.contains(field), field);
        }
    }
    QVERIFY(sg::app::sampleEventText(99).isEmpty());
    QVERIFY(sg::app::sampleEventText(-1).isEmpty());
}

QTEST_GUILESS_MAIN(TestSandboxExample)
#include "tst_sandboxexample.moc"
