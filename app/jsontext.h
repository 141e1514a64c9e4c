#pragma once
// JSON text helpers for the editors: syntax checks with positions, token-preserving formatting,
// and the std::string <-> QString and byte offset <-> character index conversions.

#include <QString>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sg::app {

// A problem in a piece of text, positioned where known (1-based line/column in characters).
struct TextProblem {
    static constexpr std::size_t kNoOffset = static_cast<std::size_t>(-1);

    std::string message;
    std::size_t offset = kNoOffset; // byte offset into the UTF-8 text
    int line = 0;
    int column = 0;

    [[nodiscard]] bool hasPosition() const { return line > 0; }
};

// 1-based line and column (counted in Unicode code points) of a byte offset in UTF-8 text.
struct LineColumn {
    int line = 1;
    int column = 1;
};
[[nodiscard]] LineColumn lineColumnAt(std::string_view text, std::size_t offset);

// The byte offset of a 1-based line/column (column in code points); clamped to the text.
[[nodiscard]] std::size_t offsetOf(std::string_view text, int line, int column);

// Fills in whichever of offset or line/column is missing, when the other is known.
void completePosition(std::string_view text, TextProblem &problem);

// Checks that `text` is one JSON value. On failure: nlohmann's reason without its prefix,
// positioned at the offending character.
[[nodiscard]] std::optional<TextProblem> checkJsonSyntax(std::string_view text);

// Re-indents valid JSON without touching its tokens: key order, duplicate keys, number spelling
// and string escapes stay exactly as written. Short arrays (and short objects inside arrays) stay
// on one line. Returns nullopt when `text` is not valid JSON.
[[nodiscard]] std::optional<std::string> formatJson(std::string_view text, int indent = 2);

// The same without any whitespace between tokens; nullopt when `text` is not valid JSON.
[[nodiscard]] std::optional<std::string> minifyJson(std::string_view text);

// The index in `text` (UTF-16 code units) of a byte offset into text.toUtf8(); -1 when unknown.
[[nodiscard]] int indexOfUtf8Offset(const QString &text, std::size_t offset);

[[nodiscard]] inline QString toQString(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

[[nodiscard]] inline std::string toStdString(const QString &s) {
    const QByteArray utf8 = s.toUtf8();
    return {utf8.constData(), static_cast<std::size_t>(utf8.size())};
}

} // namespace sg::app
