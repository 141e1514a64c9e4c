// JSON text helpers behind the editors: syntax errors with positions, token-preserving formatting.

#include "jsontext.h"

#include <QTest>

using sg::app::checkJsonSyntax;
using sg::app::formatJson;
using sg::app::indexOfUtf8Offset;
using sg::app::lineColumnAt;
using sg::app::TextProblem;

class TestJsonText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void formatting_data();
    void formatting();
    void formattingRefusesInvalidJson();
    void syntaxErrors_data();
    void syntaxErrors();
    void validJsonHasNoSyntaxError();
    void positionsCountCharactersNotBytes();
};

static QString q(const char *utf8) {
    return QString::fromUtf8(utf8);
}

void TestJsonText::formatting_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("an object gets one member per line, indented by two")
        << q(R"({"b":1,"a":{"c":true}})")
        << q("{\n  \"b\": 1,\n  \"a\": {\n    \"c\": true\n  }\n}");
    QTest::newRow("key order is kept as written")
        << q(R"({"zeta":1,"alpha":2})") << q("{\n  \"zeta\": 1,\n  \"alpha\": 2\n}");
    QTest::newRow("duplicate keys are kept, not merged")
        << q(R"({"a":1,"a":2})") << q("{\n  \"a\": 1,\n  \"a\": 2\n}");
    QTest::newRow("numbers keep their spelling")
        << q(R"({"n":[1e3, 300.0, -0.50]})") << q("{\n  \"n\": [1e3, 300.0, -0.50]\n}");
    QTest::newRow("string escapes are kept")
        << q(R"({"s":"a\"b\u00e9\\"})") << q("{\n  \"s\": \"a\\\"b\\u00e9\\\\\"\n}");
    QTest::newRow("a short array of values stays on one line")
        << q(R"({"source":[ "aws.ec2" , "aws.s3" ]})")
        << q("{\n  \"source\": [\"aws.ec2\", \"aws.s3\"]\n}");
    QTest::newRow("a short object inside an array stays on one line")
        << q(R"({"amount":[{"numeric":[">=",100]}]})")
        << q("{\n  \"amount\": [{\"numeric\": [\">=\", 100]}]\n}");
    QTest::newRow("empty containers stay compact")
        << q(R"({"resources":[],"detail":{}})")
        << q("{\n  \"resources\": [],\n  \"detail\": {}\n}");
    QTest::newRow("a long array is broken one element per line")
        << q(R"(["aaaaaaaaaaaaaaaaaaaa","bbbbbbbbbbbbbbbbbbbb","cccccccccccccccccccc","dddddddddd"])")
        << q("[\n  \"aaaaaaaaaaaaaaaaaaaa\",\n  \"bbbbbbbbbbbbbbbbbbbb\",\n  "
             "\"cccccccccccccccccccc\",\n  \"dddddddddd\"\n]");
    QTest::newRow("a bare value is left as it is") << q(" 42 ") << q("42");
    QTest::newRow("non-ASCII text survives")
        << q(R"({"name":"Zürich ☂"})") << q("{\n  \"name\": \"Zürich ☂\"\n}");
}

void TestJsonText::formatting() {
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const std::optional<std::string> formatted = formatJson(sg::app::toStdString(input));
    QVERIFY(formatted.has_value());
    QCOMPARE(sg::app::toQString(*formatted), expected);
    // Formatting is idempotent.
    QCOMPARE(formatJson(*formatted).value_or(std::string()), *formatted);
}

void TestJsonText::formattingRefusesInvalidJson() {
    QVERIFY(!formatJson(R"({"a": )").has_value());
    QVERIFY(!formatJson("").has_value());
    QVERIFY(!formatJson("{} {}").has_value());
}

void TestJsonText::syntaxErrors_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("reasonContains");

    QTest::newRow("a trailing comma points at the closing brace")
        << q("{\n  \"a\": 1,\n}") << 3 << 1 << q("unexpected '}'");
    QTest::newRow("a misspelt literal points at its first letter")
        << q(R"({"a": tru})") << 1 << 7 << q("invalid literal");
    QTest::newRow("a missing colon points at the value after the key")
        << q(R"({"a" 1})") << 1 << 6 << q("expected ':'");
    QTest::newRow("unterminated input points at its end")
        << q("{\"a\": 1") << 1 << 8 << q("unexpected end of input");
    QTest::newRow("empty text is an error at the start") << q("") << 1 << 1 << q("end of input");
    QTest::newRow("single quotes are not JSON") << q("{'a': 1}") << 1 << 2 << q("invalid literal");
}

void TestJsonText::syntaxErrors() {
    QFETCH(QString, input);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, reasonContains);

    const std::optional<TextProblem> problem = checkJsonSyntax(sg::app::toStdString(input));
    QVERIFY(problem.has_value());
    QCOMPARE(problem->line, line);
    QCOMPARE(problem->column, column);
    QVERIFY2(sg::app::toQString(problem->message).contains(reasonContains),
             problem->message.c_str());
    QVERIFY2(!sg::app::toQString(problem->message).startsWith(u'['), "nlohmann's prefix is cut");
}

void TestJsonText::validJsonHasNoSyntaxError() {
    QVERIFY(!checkJsonSyntax(R"({"a": [1, 2.5, "x", true, null, {}]})").has_value());
    QVERIFY(!checkJsonSyntax(" \n[]\n").has_value());
}

void TestJsonText::positionsCountCharactersNotBytes() {
    const std::string text = "{\"é☂\": x}"; // é is 2 bytes, ☂ 3
    const std::optional<TextProblem> problem = checkJsonSyntax(text);
    QVERIFY(problem.has_value());
    QCOMPARE(problem->offset, text.find('x'));
    QCOMPARE(problem->column, 8); // { " é ☂ " : space x
    QCOMPARE(lineColumnAt(text, text.size()).column, 10);
    QCOMPARE(indexOfUtf8Offset(QString::fromUtf8(text.c_str()), problem->offset), 7);
    QCOMPARE(indexOfUtf8Offset(q("abc"), TextProblem::kNoOffset), -1);
}

QTEST_GUILESS_MAIN(TestJsonText)
#include "tst_jsontext.moc"
