#pragma once
// JsonReader: a strict pull parser for pattern text. AWS compiles patterns with a streaming Jackson
// parser, so this one hands out tokens in the same order, reports Jackson's error texts at the same
// moments (string values are checked lazily, like Jackson's), keeps number source text, tracks
// positions and notices duplicate keys.

#include "core/result.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sg::model {

// The kinds of token JsonReader hands out.
enum class JsonToken : std::uint8_t {
    None, // before the first next()
    StartObject,
    EndObject,
    StartArray,
    EndArray,
    FieldName,
    String,
    Number,
    True,
    False,
    Null,
    End,   // no more input outside any object or array
    Error, // see JsonReader::error(); sticky
};

// A position in the text: byte offset, 1-based line and 1-based column (in code points).
struct JsonLocation {
    std::size_t offset = 0;
    int line = 1;
    int column = 1;
};

// Jackson's StreamReadConstraints defaults.
struct JsonReaderLimits {
    std::size_t maxDepth = 1000;        // nesting of objects and arrays
    std::size_t maxNumberLength = 1000; // characters of one number
};

// Reads JSON text token by token. Errors carry Jackson's message (without the trailing location
// that Jackson appends; AWS shows none) and the byte offset of the offending character.
class JsonReader {
public:
    explicit JsonReader(std::string_view text, JsonReaderLimits limits = {});

    // Advances to the next token. Like Jackson, reading a field name also reads the first token of
    // its value, so malformed values are reported before the name is delivered; a malformed string
    // value is only reported when its contents are asked for or when the reader moves past it.
    JsonToken next();

    [[nodiscard]] JsonToken token() const { return m_token; }
    // Byte offset where the current token starts.
    [[nodiscard]] std::size_t tokenOffset() const { return m_tokenOffset; }
    // FieldName: the unescaped name.
    [[nodiscard]] const std::string &fieldName() const { return m_name; }
    // FieldName: the same name appeared earlier in the same object (JSON allows it; AWS keeps the
    // last one, see parseEventPattern).
    [[nodiscard]] bool duplicateField() const { return m_duplicate; }
    // String: the unescaped contents, or the error if the string is malformed (the reader is then
    // in the Error state).
    [[nodiscard]] Result<std::string_view> stringValue();
    // Number: the text as written, and its value (±infinity when out of double range).
    [[nodiscard]] std::string_view numberText() const { return m_numberText; }
    [[nodiscard]] double numberValue() const { return m_number; }
    // Jackson's getText() for the current token: the name, the number text, the string contents, or
    // the token's own spelling ("[", "}", "true", "null"...).
    [[nodiscard]] std::string tokenText() const;

    [[nodiscard]] const Error &error() const { return m_error; }
    // Line and column of a byte offset.
    [[nodiscard]] JsonLocation locate(std::size_t offset) const;
    // Number of open objects and arrays.
    [[nodiscard]] std::size_t depth() const { return m_stack.size() - 1; }
    [[nodiscard]] std::string_view text() const { return m_text; }

private:
    enum class Scope : std::uint8_t { Root, Object, Array };
    struct Context {
        Scope scope = Scope::Root;
        bool hasEntry = false;
        std::size_t start = 0; // offset of the opening bracket
        std::set<std::string, std::less<>> names;
    };

    JsonToken fail(std::string message, std::size_t offset);
    JsonToken failUnexpected(long codePoint, std::string_view comment, std::size_t offset);
    bool skipWhitespace();
    long peekCodePoint(std::size_t &length) const;
    JsonToken closeScope(char c);
    JsonToken deliver(JsonToken token, std::size_t offset);
    // Reads the value starting at m_pos into the value slots; returns its token or Error.
    JsonToken readValue();
    JsonToken readNumber();
    JsonToken readLiteral(std::string_view literal, JsonToken token);
    JsonToken readOddValue();
    JsonToken invalidToken(std::string matched);
    // Decodes a quoted string starting after its opening quote. On failure returns the error
    // (message and offset) without changing the reader state.
    std::optional<Error> readString(std::string &out, bool isName);
    std::string describeLocation(std::size_t offset) const;
    std::string endOfInputInScope() const;

    std::string_view m_text;
    JsonReaderLimits m_limits;
    std::size_t m_pos = 0;
    std::vector<Context> m_stack;

    JsonToken m_token = JsonToken::None;
    std::size_t m_tokenOffset = 0;
    JsonToken m_pendingToken = JsonToken::None; // the value read along with a field name
    std::size_t m_pendingOffset = 0;
    std::size_t m_valueStart = 0; // where the value being read starts

    std::string m_name;
    bool m_duplicate = false;
    std::string m_string;
    std::optional<Error> m_stringError;
    std::string_view m_numberText;
    double m_number = 0;
    Error m_error;
};

} // namespace sg::model
