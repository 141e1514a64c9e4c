#include "jsonhighlighter.h"

#include <QTextDocument>

namespace sg::app {

namespace {

bool isDelimiter(QChar c) {
    return c.isSpace() || c == u'{' || c == u'}' || c == u'[' || c == u']' || c == u',' ||
           c == u':' || c == u'"';
}

// Index just past the string starting at `from` (a quote), or the line's end when unterminated.
qsizetype endOfString(const QString &text, qsizetype from) {
    qsizetype i = from + 1;
    while (i < text.size() && text.at(i) != u'"') {
        i += text.at(i) == u'\\' ? 2 : 1;
    }
    return std::min(i + 1, text.size());
}

// Length of the token starting at `position` in `text` (at least 1).
int tokenLengthAt(const QString &text, qsizetype position) {
    const QChar c = text.at(position);
    qsizetype end = position + 1;
    if (c == u'"') {
        end = position + 1;
        while (end < text.size() && text.at(end) != u'"' && text.at(end) != u'\n') {
            end += text.at(end) == u'\\' ? 2 : 1;
        }
        end = std::min(end + 1, text.size());
    } else if (!isDelimiter(c)) {
        while (end < text.size() && !isDelimiter(text.at(end))) {
            ++end;
        }
    }
    return static_cast<int>(end - position);
}

} // namespace

JsonSyntaxHighlighter::JsonSyntaxHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document) {
    // The marker follows the text it was computed for; once the text changes, re-place it (after
    // the edit has been laid out) until the next verdict moves it.
    connect(document, &QTextDocument::contentsChanged, this, &JsonSyntaxHighlighter::placeError,
            Qt::QueuedConnection);
}

QColor JsonSyntaxHighlighter::colorOf(Token token) {
    // Keep in step with qml/Theme.qml.
    switch (token) {
    case Token::Key:
        return QColor(0x0b, 0x5c, 0xad);
    case Token::String:
        return QColor(0x1a, 0x7f, 0x37);
    case Token::Number:
        return QColor(0xb3, 0x59, 0x00);
    case Token::Literal:
        return QColor(0x82, 0x50, 0xdf);
    case Token::Punctuation:
        return QColor(0x6e, 0x77, 0x81);
    case Token::Placeholder:
        return QColor(0xbf, 0x39, 0x89);
    }
    return {};
}

QColor JsonSyntaxHighlighter::errorBackground() {
    return QColor(0xff, 0xd7, 0xd5);
}

QColor JsonSyntaxHighlighter::errorUnderline() {
    return QColor(0xcf, 0x22, 0x2e);
}

void JsonSyntaxHighlighter::setTemplateMode(bool on) {
    if (on != m_templateMode) {
        m_templateMode = on;
        rehighlight();
    }
}

void JsonSyntaxHighlighter::setErrorPosition(int position) {
    m_requestedPosition = position;
    placeError();
}

void JsonSyntaxHighlighter::placeError() {
    const int position = m_requestedPosition;
    const QString text = document() ? document()->toPlainText() : QString();
    int start = -1;
    int length = 0;
    if (position >= 0 && !text.isEmpty()) {
        qsizetype p = std::min<qsizetype>(position, text.size());
        if (p == text.size()) {
            // "Unexpected end of input": mark the last thing written.
            --p;
            while (p > 0 && text.at(p).isSpace()) {
                --p;
            }
        }
        start = static_cast<int>(p);
        length = text.at(p) == u'\n' ? 1 : tokenLengthAt(text, p);
    }
    if (start == m_errorStart && length == m_errorLength) {
        return;
    }
    const int previous = m_errorStart;
    m_errorStart = start;
    m_errorLength = length;
    rehighlightAround(previous);
    rehighlightAround(m_errorStart);
}

void JsonSyntaxHighlighter::rehighlightAround(int position) {
    if (position < 0 || !document()) {
        return;
    }
    const QTextBlock block = document()->findBlock(position);
    if (block.isValid()) {
        rehighlightBlock(block);
    }
}

void JsonSyntaxHighlighter::highlightBlock(const QString &text) {
    QTextCharFormat formats[6];
    for (int t = 0; t < 6; ++t) {
        formats[t].setForeground(colorOf(static_cast<Token>(t)));
    }
    auto format = [&](Token token) -> const QTextCharFormat & {
        return formats[static_cast<int>(token)];
    };
    const auto len = [](qsizetype from, qsizetype to) {
        return static_cast<int>(to - from);
    };

    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c.isSpace()) {
            ++i;
        } else if (c == u'"') {
            const qsizetype end = endOfString(text, i);
            // A string followed by ':' is a key.
            qsizetype next = end;
            while (next < text.size() && text.at(next).isSpace()) {
                ++next;
            }
            const bool key = next < text.size() && text.at(next) == u':';
            setFormat(static_cast<int>(i), len(i, end), format(key ? Token::Key : Token::String));
            i = end;
        } else if (c == u'{' || c == u'}' || c == u'[' || c == u']' || c == u',' || c == u':') {
            setFormat(static_cast<int>(i), 1, format(Token::Punctuation));
            ++i;
        } else if (m_templateMode && c == u'<') {
            ++i; // placeholders are coloured below
        } else {
            qsizetype end = i + 1;
            while (end < text.size() && !isDelimiter(text.at(end)) &&
                   !(m_templateMode && text.at(end) == u'<')) {
                ++end;
            }
            const QStringView word = QStringView(text).sliced(i, end - i);
            if (word == u"true" || word == u"false" || word == u"null") {
                setFormat(static_cast<int>(i), len(i, end), format(Token::Literal));
            } else if (c.isDigit() || c == u'-') {
                setFormat(static_cast<int>(i), len(i, end), format(Token::Number));
            }
            i = end;
        }
    }

    if (m_templateMode) {
        QTextCharFormat placeholder = format(Token::Placeholder);
        placeholder.setFontWeight(QFont::DemiBold);
        for (qsizetype open = text.indexOf(u'<'); open >= 0; open = text.indexOf(u'<', open + 1)) {
            const qsizetype close = text.indexOf(u'>', open + 1);
            if (close < 0) {
                break;
            }
            const QStringView name = QStringView(text).sliced(open + 1, close - open - 1);
            if (!name.isEmpty() && !name.contains(u' ') && !name.contains(u'<')) {
                setFormat(static_cast<int>(open), len(open, close + 1), placeholder);
                open = close;
            }
        }
    }

    if (m_errorStart >= 0) {
        const int blockStart = currentBlock().position();
        const int from = std::max(m_errorStart, blockStart) - blockStart;
        const int to =
            std::min(m_errorStart + m_errorLength, blockStart + static_cast<int>(text.size())) -
            blockStart;
        for (int at = from; at < to; ++at) {
            QTextCharFormat marked = this->format(at);
            marked.setBackground(errorBackground());
            marked.setUnderlineStyle(QTextCharFormat::SingleUnderline);
            marked.setUnderlineColor(errorUnderline());
            setFormat(at, 1, marked);
        }
    }
}

JsonHighlighter::JsonHighlighter(QObject *parent) : QObject(parent) {
}

JsonHighlighter::~JsonHighlighter() {
    delete m_highlighter; // owned by the document otherwise; the document may outlive us
}

void JsonHighlighter::setDocument(QQuickTextDocument *document) {
    if (document == m_document) {
        return;
    }
    delete m_highlighter;
    m_document = document;
    if (document && document->textDocument()) {
        m_highlighter = new JsonSyntaxHighlighter(document->textDocument());
        m_highlighter->setTemplateMode(m_templateMode);
        m_highlighter->setErrorPosition(m_errorPosition);
    }
    Q_EMIT documentChanged();
}

void JsonHighlighter::setErrorPosition(int position) {
    if (position == m_errorPosition) {
        return;
    }
    m_errorPosition = position;
    if (m_highlighter) {
        m_highlighter->setErrorPosition(position);
    }
    Q_EMIT errorPositionChanged();
}

void JsonHighlighter::setTemplateMode(bool on) {
    if (on == m_templateMode) {
        return;
    }
    m_templateMode = on;
    if (m_highlighter) {
        m_highlighter->setTemplateMode(on);
    }
    Q_EMIT templateModeChanged();
}

QString JsonHighlighter::newlineWithIndent(const QString &text, int position) {
    const qsizetype at = std::clamp<qsizetype>(position, 0, text.size());
    const qsizetype lineStart = text.lastIndexOf(u'\n', at - 1) + 1;
    qsizetype indentEnd = lineStart;
    while (indentEnd < at && (text.at(indentEnd) == u' ' || text.at(indentEnd) == u'\t')) {
        ++indentEnd;
    }
    QString insert = QStringLiteral("\n") + text.sliced(lineStart, indentEnd - lineStart);
    qsizetype before = at - 1;
    while (before >= lineStart && text.at(before).isSpace()) {
        --before;
    }
    if (before >= lineStart && (text.at(before) == u'{' || text.at(before) == u'[')) {
        insert += QStringLiteral("  ");
    }
    return insert;
}

} // namespace sg::app
