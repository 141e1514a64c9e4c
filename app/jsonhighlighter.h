#pragma once
// JSON syntax highlighting for the sandbox editors: JsonSyntaxHighlighter colours keys, strings,
// numbers, literals and punctuation (and <placeholders> in input templates) and marks an error
// position; JsonHighlighter attaches one to a QML TextArea's textDocument.

#include <QColor>
#include <QObject>
#include <QPointer>
#include <QQuickTextDocument>
#include <QSyntaxHighlighter>
#include <QtQml/qqmlregistration.h>

namespace sg::app {

class JsonSyntaxHighlighter : public QSyntaxHighlighter {
    Q_OBJECT

public:
    enum class Token { Key, String, Number, Literal, Punctuation, Placeholder };

    explicit JsonSyntaxHighlighter(QTextDocument *document);

    [[nodiscard]] static QColor colorOf(Token token);
    [[nodiscard]] static QColor errorBackground();
    [[nodiscard]] static QColor errorUnderline();

    // Highlights <name> placeholders as well (for an InputTemplate).
    void setTemplateMode(bool on);
    [[nodiscard]] bool templateMode() const { return m_templateMode; }

    // Marks the token at `position` (a character index in the document) as the error; -1 clears.
    // A position at or past the end marks the last non-blank character.
    void setErrorPosition(int position);
    [[nodiscard]] int errorStart() const { return m_errorStart; }
    [[nodiscard]] int errorLength() const { return m_errorLength; }

protected:
    void highlightBlock(const QString &text) override;

private:
    void placeError();
    void rehighlightAround(int position);

    bool m_templateMode = false;
    int m_requestedPosition = -1;
    int m_errorStart = -1;
    int m_errorLength = 0;
};

class JsonHighlighter : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(
        QQuickTextDocument *document READ document WRITE setDocument NOTIFY documentChanged FINAL)
    Q_PROPERTY(int errorPosition READ errorPosition WRITE setErrorPosition NOTIFY
                   errorPositionChanged FINAL)
    Q_PROPERTY(
        bool templateMode READ templateMode WRITE setTemplateMode NOTIFY templateModeChanged FINAL)

public:
    explicit JsonHighlighter(QObject *parent = nullptr);
    ~JsonHighlighter() override;

    [[nodiscard]] QQuickTextDocument *document() const { return m_document; }
    void setDocument(QQuickTextDocument *document);
    [[nodiscard]] int errorPosition() const { return m_errorPosition; }
    void setErrorPosition(int position);
    [[nodiscard]] bool templateMode() const { return m_templateMode; }
    void setTemplateMode(bool on);

    // The line-and-indentation text to insert for Return at `position` in `text`: a newline, the
    // current line's indentation, one level more after an opening bracket.
    Q_INVOKABLE static QString newlineWithIndent(const QString &text, int position);

Q_SIGNALS:
    void documentChanged();
    void errorPositionChanged();
    void templateModeChanged();

private:
    QPointer<QQuickTextDocument> m_document;
    QPointer<JsonSyntaxHighlighter> m_highlighter;
    int m_errorPosition = -1;
    bool m_templateMode = false;
};

} // namespace sg::app
