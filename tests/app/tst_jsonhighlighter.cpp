// The editors' syntax colours and error marker, read back from the document's layout formats.

#include "jsonhighlighter.h"

#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

using sg::app::JsonHighlighter;
using sg::app::JsonSyntaxHighlighter;
using Token = sg::app::JsonSyntaxHighlighter::Token;

namespace {

// The format the highlighter gave the character at `position`.
QTextCharFormat formatAt(const QTextDocument &document, int position) {
    const QTextBlock block = document.findBlock(position);
    const int inBlock = position - block.position();
    const QList<QTextLayout::FormatRange> ranges = block.layout()->formats();
    for (const QTextLayout::FormatRange &range : ranges) {
        if (inBlock >= range.start && inBlock < range.start + range.length) {
            return range.format;
        }
    }
    return {};
}

} // namespace

class TestJsonHighlighter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void colours_data();
    void colours();
    void placeholdersOnlyInTemplateMode();
    void errorMarker_data();
    void errorMarker();
    void errorMarkerMovesAndClears();
    void newlineIndent_data();
    void newlineIndent();
};

void TestJsonHighlighter::colours_data() {
    QTest::addColumn<QString>("needle");
    QTest::addColumn<int>("token");

    QTest::newRow("a key is coloured as a key")
        << QStringLiteral("\"source\"") << static_cast<int>(Token::Key);
    QTest::newRow("a string value is coloured as a string")
        << QStringLiteral("\"aws.ec2\"") << static_cast<int>(Token::String);
    QTest::newRow("a number is coloured as a number")
        << QStringLiteral("-12.5e3") << static_cast<int>(Token::Number);
    QTest::newRow("true is a literal")
        << QStringLiteral("true") << static_cast<int>(Token::Literal);
    QTest::newRow("null is a literal")
        << QStringLiteral("null") << static_cast<int>(Token::Literal);
    QTest::newRow("a brace is punctuation")
        << QStringLiteral("{") << static_cast<int>(Token::Punctuation);
    QTest::newRow("a colon is punctuation")
        << QStringLiteral(":") << static_cast<int>(Token::Punctuation);
    QTest::newRow("a key spaced away from its colon is still a key")
        << QStringLiteral("\"spaced\"") << static_cast<int>(Token::Key);
}

void TestJsonHighlighter::colours() {
    QFETCH(QString, needle);
    QFETCH(int, token);

    QTextDocument document;
    document.setPlainText(
        QStringLiteral("{\n  \"source\": [\"aws.ec2\"],\n  \"n\": [-12.5e3, true, "
                       "null],\n  \"spaced\"   : 1\n}"));
    JsonSyntaxHighlighter highlighter(&document);
    highlighter.rehighlight();

    const int at = static_cast<int>(document.toPlainText().indexOf(needle));
    QVERIFY(at >= 0);
    const QColor expected = JsonSyntaxHighlighter::colorOf(static_cast<Token>(token));
    for (int i = at; i < at + needle.size(); ++i) {
        QCOMPARE(formatAt(document, i).foreground().color(), expected);
    }
}

void TestJsonHighlighter::placeholdersOnlyInTemplateMode() {
    QTextDocument document;
    document.setPlainText(QStringLiteral("\"Instance <id> is <state>\""));
    JsonSyntaxHighlighter highlighter(&document);
    highlighter.rehighlight();
    const int at = static_cast<int>(document.toPlainText().indexOf(u'<'));
    const QColor placeholder = JsonSyntaxHighlighter::colorOf(Token::Placeholder);
    QVERIFY(formatAt(document, at).foreground().color() != placeholder);

    highlighter.setTemplateMode(true);
    QCOMPARE(formatAt(document, at).foreground().color(), placeholder);
    QCOMPARE(formatAt(document, at + 3).foreground().color(), placeholder); // the closing '>'
    QCOMPARE(formatAt(document, at + 5).foreground().color(),
             JsonSyntaxHighlighter::colorOf(Token::String));
}

void TestJsonHighlighter::errorMarker_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("position");
    QTest::addColumn<int>("start");
    QTest::addColumn<int>("length");

    QTest::newRow("an error on a word marks the whole word")
        << QStringLiteral("{\"a\": tru}") << 6 << 6 << 3;
    QTest::newRow("an error on a string marks the whole string")
        << QStringLiteral("{\"a\": \"x y\" 1}") << 6 << 6 << 5;
    QTest::newRow("an error on punctuation marks one character")
        << QStringLiteral("{\"a\": 1,}") << 8 << 8 << 1;
    QTest::newRow("an error at the end marks the last thing written")
        << QStringLiteral("{\"a\": [1\n\n") << 10 << 7 << 1;
    QTest::newRow("an error past the end is clamped")
        << QStringLiteral("{\"a\": 1") << 99 << 6 << 1;
}

void TestJsonHighlighter::errorMarker() {
    QFETCH(QString, text);
    QFETCH(int, position);
    QFETCH(int, start);
    QFETCH(int, length);

    QTextDocument document;
    document.setPlainText(text);
    JsonSyntaxHighlighter highlighter(&document);
    highlighter.setErrorPosition(position);
    QCOMPARE(highlighter.errorStart(), start);
    QCOMPARE(highlighter.errorLength(), length);
    for (int i = start; i < start + length; ++i) {
        const QTextCharFormat format = formatAt(document, i);
        QCOMPARE(format.background().color(), JsonSyntaxHighlighter::errorBackground());
        QCOMPARE(format.underlineStyle(), QTextCharFormat::SingleUnderline);
    }
    if (start > 0) {
        QVERIFY(formatAt(document, start - 1).background().style() == Qt::NoBrush);
    }
}

void TestJsonHighlighter::errorMarkerMovesAndClears() {
    QTextDocument document;
    document.setPlainText(QStringLiteral("{\n  \"a\": x,\n  \"b\": y\n}"));
    JsonSyntaxHighlighter highlighter(&document);
    const int x = static_cast<int>(document.toPlainText().indexOf(u'x'));
    const int y = static_cast<int>(document.toPlainText().indexOf(u'y'));

    highlighter.setErrorPosition(x);
    QCOMPARE(formatAt(document, x).background().color(), JsonSyntaxHighlighter::errorBackground());
    highlighter.setErrorPosition(y);
    QVERIFY(formatAt(document, x).background().style() == Qt::NoBrush);
    QCOMPARE(formatAt(document, y).background().color(), JsonSyntaxHighlighter::errorBackground());
    highlighter.setErrorPosition(-1);
    QCOMPARE(highlighter.errorStart(), -1);
    QVERIFY(formatAt(document, y).background().style() == Qt::NoBrush);
}

void TestJsonHighlighter::newlineIndent_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("inserted");

    QTest::newRow("after an opening brace the next line is indented one level")
        << QStringLiteral("{") << 1 << QStringLiteral("\n  ");
    QTest::newRow("inside an object the indentation is kept")
        << QStringLiteral("{\n  \"a\": 1,") << 10 << QStringLiteral("\n  ");
    QTest::newRow("after an opening bracket on an indented line it grows")
        << QStringLiteral("{\n  \"a\": [") << 10 << QStringLiteral("\n    ");
    QTest::newRow("a Return before the bracket does not grow the indentation")
        << QStringLiteral("{\n  \"a\": [") << 9 << QStringLiteral("\n  ");
    QTest::newRow("at the start of the text there is no indentation")
        << QStringLiteral("") << 0 << QStringLiteral("\n");
}

void TestJsonHighlighter::newlineIndent() {
    QFETCH(QString, text);
    QFETCH(int, position);
    QFETCH(QString, inserted);
    QCOMPARE(JsonHighlighter::newlineWithIndent(text, position), inserted);
}

QTEST_MAIN(TestJsonHighlighter)
#include "tst_jsonhighlighter.moc"
