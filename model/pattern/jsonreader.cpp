#include "pattern/jsonreader.h"

#include "core/utf8.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace sg::model {

namespace {

// Jackson's list of what may start a value, used in several messages.
constexpr std::string_view kValidValues =
    "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
constexpr std::size_t kMaxErrorTokenLength = 256; // Jackson's MAX_ERROR_TOKEN_LENGTH
constexpr std::size_t kMaxSourceSnippet = 500;    // Jackson's default source snippet length

bool isContinuation(unsigned char b) {
    return (b & 0xC0) == 0x80;
}

std::string hex(unsigned long value) {
    char buffer[16];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, 16);
    return std::string(buffer, result.ptr);
}

// Jackson's message for bytes that are not UTF-8, with the offset of the offending byte.
std::pair<std::string, std::size_t> utf8Problem(std::string_view text, std::size_t pos) {
    const auto b0 = static_cast<unsigned char>(text[pos]);
    if (b0 < 0xC2 || b0 > 0xF4) {
        return {"Invalid UTF-8 start byte 0x" + hex(b0), pos};
    }
    const std::size_t need = b0 <= 0xDF ? 2 : (b0 <= 0xEF ? 3 : 4);
    for (std::size_t k = 1; k < need && pos + k < text.size(); ++k) {
        const auto b = static_cast<unsigned char>(text[pos + k]);
        const bool overlongOrOutOfRange =
            k == 1 && ((b0 == 0xE0 && b < 0xA0) || (b0 == 0xED && b > 0x9F) ||
                       (b0 == 0xF0 && b < 0x90) || (b0 == 0xF4 && b > 0x8F));
        if (!isContinuation(b) || overlongOrOutOfRange) {
            return {"Invalid UTF-8 middle byte 0x" + hex(b), pos + k};
        }
    }
    return {"Unexpected end-of-input in a String value", text.size()};
}

// Jackson's _getCharDesc.
std::string describeChar(long cp) {
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
        return "(CTRL-CHAR, code " + std::to_string(cp) + ")";
    }
    std::string out = "'";
    appendUtf8(out, cp);
    out += "' (code " + std::to_string(cp);
    if (cp > 255) {
        out += " / 0x" + hex(static_cast<unsigned long>(cp));
    }
    out += ")";
    return out;
}

// Approximations of Java's Character.isJavaIdentifierStart/Part, which Jackson uses to decide what
// looks like a misspelt token (and how much of it to quote). ASCII is exact; beyond it, letters of
// all scripts count, punctuation, symbols and emoji do not.
bool isNonAsciiIdentifier(long cp) {
    if (cp < 0xC0) {
        return (cp >= 0xA2 && cp <= 0xA5) || cp == 0xAA || cp == 0xB5 || cp == 0xBA;
    }
    if (cp == 0xD7 || cp == 0xF7) {
        return false;
    }
    if (cp >= 0x2000 && cp <= 0x2BFF) { // punctuation, arrows, maths, symbols; currency is allowed
        return cp == 0x203F || cp == 0x2040 || cp == 0x2054 || (cp >= 0x20A0 && cp <= 0x20C0);
    }
    if ((cp >= 0x3000 && cp <= 0x3004) || (cp >= 0x3008 && cp <= 0x3020)) {
        return false;
    }
    if ((cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xFE10 && cp <= 0xFE2F) ||
        (cp >= 0xFE45 && cp <= 0xFE4C) || (cp >= 0xFF01 && cp <= 0xFF0F && cp != 0xFF04) ||
        (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFFF0 && cp <= 0xFFFF)) {
        return false;
    }
    if (cp >= 0x1F000 && cp <= 0x1FAFF) { // emoji and pictographs
        return false;
    }
    return true;
}

bool isIdentifierStart(long cp) {
    if (cp < 0x80) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '$' || cp == '_';
    }
    return isNonAsciiIdentifier(cp);
}

bool isIdentifierPart(long cp) {
    if (cp < 0x80) {
        return isIdentifierStart(cp) || (cp >= '0' && cp <= '9') || cp <= 0x08 ||
               (cp >= 0x0E && cp <= 0x1B) || cp == 0x7F;
    }
    return cp <= 0x9F || isNonAsciiIdentifier(cp);
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

Error makeError(std::string message, std::size_t offset) {
    Error error;
    error.message = std::move(message);
    error.offset = offset;
    return error;
}

double parseDouble(std::string_view text) {
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc::result_out_of_range) {
        const bool negative = !text.empty() && text[0] == '-';
        const std::size_t exponent = text.find_first_of("eE");
        const bool tiny = exponent != std::string_view::npos && exponent + 1 < text.size() &&
                          text[exponent + 1] == '-';
        if (tiny) {
            return negative ? -0.0 : 0.0;
        }
        const double infinity = std::numeric_limits<double>::infinity();
        return negative ? -infinity : infinity;
    }
    (void)end;
    return value;
}

} // namespace

JsonReader::JsonReader(std::string_view text, JsonReaderLimits limits)
    : m_text(text), m_limits(limits) {
    m_stack.push_back(Context{});
}

JsonToken JsonReader::fail(std::string message, std::size_t offset) {
    m_error = makeError(std::move(message), offset);
    const JsonLocation where = locate(offset);
    m_error.line = where.line;
    m_error.column = where.column;
    m_token = JsonToken::Error;
    return m_token;
}

JsonToken JsonReader::failUnexpected(long codePoint, std::string_view comment, std::size_t offset) {
    if (codePoint < 0) {
        auto [message, where] = utf8Problem(m_text, offset);
        return fail(std::move(message), where);
    }
    return fail("Unexpected character (" + describeChar(codePoint) + "): " + std::string(comment),
                offset);
}

long JsonReader::peekCodePoint(std::size_t &length) const {
    return decodeUtf8At(m_text, m_pos, length);
}

JsonLocation JsonReader::locate(std::size_t offset) const {
    JsonLocation where;
    where.offset = offset;
    offset = std::min(offset, m_text.size());
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        const char c = m_text[i];
        if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < offset && m_text[i + 1] == '\n') {
                ++i;
            }
            ++where.line;
            lineStart = i + 1;
        }
    }
    int column = 1;
    for (std::size_t i = lineStart; i < offset; ++i) {
        if (!isContinuation(static_cast<unsigned char>(m_text[i]))) {
            ++column;
        }
    }
    where.column = column;
    return where;
}

std::string JsonReader::describeLocation(std::size_t offset) const {
    // Jackson's JsonLocation.toString() for a String source.
    std::size_t end = 0;
    std::size_t chars = 0;
    while (end < m_text.size() && chars < kMaxSourceSnippet) {
        std::size_t length = 1;
        (void)decodeUtf8At(m_text, end, length);
        end += length;
        ++chars;
    }
    std::size_t rest = 0;
    for (std::size_t i = end; i < m_text.size(); ++i) {
        if (!isContinuation(static_cast<unsigned char>(m_text[i]))) {
            ++rest;
        }
    }
    std::string out = "[Source: (String)\"" + std::string(m_text.substr(0, end)) + "\"";
    if (rest > 0) {
        out += "[truncated " + std::to_string(rest) + " chars]";
    }
    if (offset == std::string_view::npos) { // the root context
        return out + "; line: 1, column: 0]";
    }
    const JsonLocation where = locate(offset);
    return out + "; line: " + std::to_string(where.line) +
           ", column: " + std::to_string(where.column) + "]";
}

std::string JsonReader::endOfInputInScope() const {
    const Context &context = m_stack.back();
    return std::string("Unexpected end-of-input: expected close marker for ") +
           (context.scope == Scope::Array ? "Array" : "Object") + " (start marker at " +
           describeLocation(context.start) + ")";
}

bool JsonReader::skipWhitespace() {
    while (m_pos < m_text.size()) {
        const auto c = static_cast<unsigned char>(m_text[m_pos]);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++m_pos;
        } else if (c == '/') {
            fail("Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (not "
                 "recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)",
                 m_pos);
            return false;
        } else if (c < 0x20) {
            fail("Illegal character (" + describeChar(c) +
                     "): only regular white space (\\r, \\n, \\t) is allowed between tokens",
                 m_pos);
            return false;
        } else {
            return true;
        }
    }
    return true;
}

JsonToken JsonReader::closeScope(char c) {
    const Context &context = m_stack.back();
    const bool closesArray = c == ']';
    const Scope wanted = closesArray ? Scope::Array : Scope::Object;
    if (context.scope != wanted) {
        const char *type = context.scope == Scope::Root
                               ? "root"
                               : (context.scope == Scope::Array ? "Array" : "Object");
        const std::size_t start =
            context.scope == Scope::Root ? std::string_view::npos : context.start;
        return fail(std::string("Unexpected close marker '") + c + "': expected '" +
                        (closesArray ? '}' : ']') + "' (for " + type + " starting at " +
                        describeLocation(start) + ")",
                    m_pos);
    }
    m_tokenOffset = m_pos;
    ++m_pos;
    m_stack.pop_back();
    m_token = closesArray ? JsonToken::EndArray : JsonToken::EndObject;
    return m_token;
}

JsonToken JsonReader::deliver(JsonToken token, std::size_t offset) {
    m_tokenOffset = offset;
    if (token == JsonToken::StartObject || token == JsonToken::StartArray) {
        const std::size_t depth = m_stack.size();
        if (depth > m_limits.maxDepth) {
            return fail("Document nesting depth (" + std::to_string(depth) +
                            ") exceeds the maximum allowed (" + std::to_string(m_limits.maxDepth) +
                            ", from `StreamReadConstraints.getMaxNestingDepth()`)",
                        offset);
        }
        Context context;
        context.scope = token == JsonToken::StartObject ? Scope::Object : Scope::Array;
        context.start = offset;
        m_stack.push_back(std::move(context));
    }
    m_token = token;
    return token;
}

JsonToken JsonReader::next() {
    if (m_token == JsonToken::Error) {
        return m_token;
    }
    m_duplicate = false;
    if (m_token == JsonToken::FieldName) {
        return deliver(m_pendingToken, m_pendingOffset);
    }
    if (m_token == JsonToken::String && m_stringError) {
        // Moving past a malformed string reports it, as Jackson's _skipString does.
        const Error error = *m_stringError;
        return fail(error.message, error.offset);
    }
    m_stringError.reset();
    if (!skipWhitespace()) {
        return m_token;
    }
    if (m_pos >= m_text.size()) {
        if (m_stack.size() == 1) {
            m_tokenOffset = m_pos;
            m_token = JsonToken::End;
            return m_token;
        }
        return fail(endOfInputInScope(), m_text.size());
    }
    const char c = m_text[m_pos];
    if (c == ']' || c == '}') {
        return closeScope(c);
    }
    Context &context = m_stack.back();
    const char *entries = context.scope == Scope::Array ? "Array" : "Object";
    std::size_t length = 1;
    if (context.scope != Scope::Root && context.hasEntry) {
        if (c != ',') {
            return failUnexpected(
                peekCodePoint(length),
                std::string("was expecting comma to separate ") + entries + " entries", m_pos);
        }
        ++m_pos;
        if (!skipWhitespace()) {
            return m_token;
        }
        if (m_pos >= m_text.size()) {
            return fail(std::string("Unexpected end-of-input within/between ") + entries +
                            " entries",
                        m_text.size());
        }
    }
    context.hasEntry = true;
    const std::size_t start = m_pos;
    if (context.scope != Scope::Object) {
        const JsonToken value = readValue();
        return value == JsonToken::Error ? value : deliver(value, start);
    }

    if (m_text[m_pos] != '"') {
        return failUnexpected(peekCodePoint(length),
                              "was expecting double-quote to start field name", m_pos);
    }
    ++m_pos;
    if (std::optional<Error> problem = readString(m_name, true)) {
        return fail(problem->message, problem->offset);
    }
    m_duplicate = !context.names.insert(m_name).second;
    for (int step = 0; step < 2; ++step) { // the colon, then the value
        if (!skipWhitespace()) {
            return m_token;
        }
        if (m_pos >= m_text.size()) {
            return fail("Unexpected end-of-input within/between Object entries", m_text.size());
        }
        if (step == 0) {
            if (m_text[m_pos] != ':') {
                return failUnexpected(peekCodePoint(length),
                                      "was expecting a colon to separate field name and value",
                                      m_pos);
            }
            ++m_pos;
        }
    }
    m_pendingOffset = m_pos;
    const JsonToken value = readValue();
    if (value == JsonToken::Error) {
        return value;
    }
    m_pendingToken = value;
    m_tokenOffset = start;
    m_token = JsonToken::FieldName;
    return m_token;
}

JsonToken JsonReader::readValue() {
    m_stringError.reset();
    m_valueStart = m_pos;
    const char c = m_text[m_pos];
    switch (c) {
    case '"':
        ++m_pos;
        m_stringError = readString(m_string, false);
        return JsonToken::String;
    case '{':
        ++m_pos;
        return JsonToken::StartObject;
    case '[':
        ++m_pos;
        return JsonToken::StartArray;
    case '}':
        return fail("Unexpected character ('}' (code 125)): expected a value", m_pos);
    case 't':
        return readLiteral("true", JsonToken::True);
    case 'f':
        return readLiteral("false", JsonToken::False);
    case 'n':
        return readLiteral("null", JsonToken::Null);
    default:
        break;
    }
    if (c == '-' || isDigit(c)) {
        return readNumber();
    }
    return readOddValue();
}

JsonToken JsonReader::invalidToken(std::string matched) {
    // Quote what looks like the intended token: the matched part and the identifier characters
    // that follow it.
    std::size_t chars = 0;
    for (std::size_t i = 0; i < matched.size(); ++i) {
        chars += isContinuation(static_cast<unsigned char>(matched[i])) ? 0 : 1;
    }
    while (m_pos < m_text.size()) {
        std::size_t length = 1;
        const long cp = peekCodePoint(length);
        if (cp < 0 || !isIdentifierPart(cp)) {
            break;
        }
        matched.append(m_text.substr(m_pos, length));
        m_pos += length;
        if (++chars >= kMaxErrorTokenLength) {
            matched += "...";
            break;
        }
    }
    return fail("Unrecognized token '" + matched + "': was expecting " + std::string(kValidValues),
                m_valueStart);
}

JsonToken JsonReader::readLiteral(std::string_view literal, JsonToken token) {
    ++m_pos; // the first letter selected this literal
    for (std::size_t i = 1; i < literal.size(); ++i) {
        if (m_pos >= m_text.size() || m_text[m_pos] != literal[i]) {
            return invalidToken(std::string(literal.substr(0, i)));
        }
        ++m_pos;
    }
    if (m_pos < m_text.size()) {
        std::size_t length = 1;
        const long cp = peekCodePoint(length);
        if (cp >= '0' && cp != ']' && cp != '}' && isIdentifierPart(cp)) {
            return invalidToken(std::string(literal));
        }
    }
    return token;
}

JsonToken JsonReader::readNumber() {
    const std::size_t start = m_pos;
    const auto unexpected = [&](std::string_view comment) {
        if (m_pos >= m_text.size()) {
            return fail("Unexpected end-of-input in a Number value", m_text.size());
        }
        std::size_t length = 1;
        long cp = peekCodePoint(length);
        if (cp < 0) {
            cp = static_cast<unsigned char>(m_text[m_pos]);
        }
        return fail("Unexpected character (" + describeChar(cp) +
                        ") in numeric value: " + std::string(comment),
                    m_pos);
    };
    const auto nonStandard = [&](std::string_view sign) -> std::optional<JsonToken> {
        for (std::string_view word : {std::string_view("Infinity"), std::string_view("INF")}) {
            if (m_text.substr(m_pos).starts_with(word)) {
                return fail("Non-standard token '" + std::string(sign) + std::string(word) +
                                "': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow",
                            start);
            }
        }
        return std::nullopt;
    };
    if (m_text[m_pos] == '-') {
        ++m_pos;
        if (m_pos >= m_text.size()) {
            return fail("Unexpected end-of-input: No digit following minus sign", m_text.size());
        }
        if (!isDigit(m_text[m_pos])) {
            if (const auto token = nonStandard("-")) {
                return *token;
            }
            return unexpected("expected digit (0-9) to follow minus sign, for valid numeric value");
        }
    }
    if (m_text[m_pos] == '0') {
        ++m_pos;
        if (m_pos < m_text.size() && isDigit(m_text[m_pos])) {
            return fail("Invalid numeric value: Leading zeroes not allowed", m_pos);
        }
    } else {
        while (m_pos < m_text.size() && isDigit(m_text[m_pos])) {
            ++m_pos;
        }
    }
    if (m_pos < m_text.size() && m_text[m_pos] == '.') {
        ++m_pos;
        const std::size_t digits = m_pos;
        while (m_pos < m_text.size() && isDigit(m_text[m_pos])) {
            ++m_pos;
        }
        if (m_pos == digits) {
            if (m_pos >= m_text.size()) {
                --m_pos; // Jackson reports the decimal point itself
            }
            return unexpected("Decimal point not followed by a digit");
        }
    }
    if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
        ++m_pos;
        if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) {
            ++m_pos;
        }
        if (m_pos >= m_text.size()) {
            return fail("Unexpected end-of-input: expected a digit for number exponent",
                        m_text.size());
        }
        const std::size_t digits = m_pos;
        while (m_pos < m_text.size() && isDigit(m_text[m_pos])) {
            ++m_pos;
        }
        if (m_pos == digits) {
            return unexpected("Exponent indicator not followed by a digit");
        }
    }
    const std::size_t length = m_pos - start;
    if (length > m_limits.maxNumberLength) {
        return fail("Number value length (" + std::to_string(length) +
                        ") exceeds the maximum allowed (" +
                        std::to_string(m_limits.maxNumberLength) +
                        ", from `StreamReadConstraints.getMaxNumberLength()`)",
                    start);
    }
    if (m_stack.size() == 1 && m_pos < m_text.size()) {
        const char next = m_text[m_pos];
        if (next != ' ' && next != '\t' && next != '\r' && next != '\n') {
            std::size_t width = 1;
            return failUnexpected(peekCodePoint(width),
                                  "Expected space separating root-level values", m_pos);
        }
    }
    m_numberText = m_text.substr(start, length);
    m_number = parseDouble(m_numberText);
    return JsonToken::Number;
}

JsonToken JsonReader::readOddValue() {
    std::size_t length = 1;
    const long cp = peekCodePoint(length);
    if (cp < 0) {
        return failUnexpected(cp, "", m_pos);
    }
    const auto nonStandard = [&](std::string_view word) {
        const JsonToken token = readLiteral(word, JsonToken::Number);
        if (token == JsonToken::Error) {
            return token;
        }
        return fail("Non-standard token '" + std::string(word) +
                        "': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow",
                    m_valueStart);
    };
    switch (cp) {
    case 'N':
        return nonStandard("NaN");
    case 'I':
        return nonStandard("Infinity");
    case '+':
        if (m_pos + 1 >= m_text.size()) {
            return fail("Unexpected end-of-input in a Number value", m_text.size());
        }
        for (std::string_view word : {std::string_view("Infinity"), std::string_view("INF")}) {
            if (m_text.substr(m_pos + 1).starts_with(word)) {
                return fail("Non-standard token '+" + std::string(word) +
                                "': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow",
                            m_pos);
            }
        }
        return fail("Unexpected character ('+' (code 43)) in numeric value: JSON spec does not "
                    "allow numbers to have plus signs: enable "
                    "`JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS` to allow",
                    m_pos);
    default:
        break;
    }
    if (isIdentifierStart(cp)) {
        std::string first(m_text.substr(m_pos, length));
        m_pos += length;
        return invalidToken(std::move(first));
    }
    return failUnexpected(cp, "expected a valid value " + std::string(kValidValues), m_pos);
}

std::optional<Error> JsonReader::readString(std::string &out, bool isName) {
    out.clear();
    while (true) {
        if (m_pos >= m_text.size()) {
            return makeError(isName ? "Unexpected end-of-input: was expecting closing '\"' for name"
                                    : "Unexpected end-of-input: was expecting closing quote for a "
                                      "string value",
                             m_text.size());
        }
        const auto c = static_cast<unsigned char>(m_text[m_pos]);
        if (c == '"') {
            ++m_pos;
            return std::nullopt;
        }
        if (c < 0x20) {
            return makeError("Illegal unquoted character (" + describeChar(c) +
                                 "): has to be escaped using backslash to be included in " +
                                 (isName ? "name" : "string value"),
                             m_pos);
        }
        if (c >= 0x80) {
            std::size_t length = 1;
            if (peekCodePoint(length) < 0) {
                auto [message, where] = utf8Problem(m_text, m_pos);
                if (where >= m_text.size()) {
                    message = isName
                                  ? "Unexpected end-of-input: was expecting closing '\"' for name"
                                  : "Unexpected end-of-input: was expecting closing quote for a "
                                    "string value";
                }
                return makeError(std::move(message), where);
            }
            out.append(m_text.substr(m_pos, length));
            m_pos += length;
            continue;
        }
        if (c != '\\') {
            out.push_back(static_cast<char>(c));
            ++m_pos;
            continue;
        }
        ++m_pos;
        if (m_pos >= m_text.size()) {
            return makeError("Unexpected end-of-input in character escape sequence", m_text.size());
        }
        const char escape = m_text[m_pos];
        switch (escape) {
        case 'b':
            out.push_back('\b');
            break;
        case 't':
            out.push_back('\t');
            break;
        case 'n':
            out.push_back('\n');
            break;
        case 'f':
            out.push_back('\f');
            break;
        case 'r':
            out.push_back('\r');
            break;
        case '"':
        case '/':
        case '\\':
            out.push_back(escape);
            break;
        case 'u':
            break;
        default: {
            std::size_t length = 1;
            const long cp = peekCodePoint(length);
            if (cp < 0) {
                auto [message, where] = utf8Problem(m_text, m_pos);
                return makeError(std::move(message), where);
            }
            return makeError("Unrecognized character escape " + describeChar(cp), m_pos);
        }
        }
        ++m_pos;
        if (escape != 'u') {
            continue;
        }
        const auto readHex = [&](long &value) -> std::optional<Error> {
            value = 0;
            for (int k = 0; k < 4; ++k) {
                if (m_pos >= m_text.size()) {
                    return makeError("Unexpected end-of-input in character escape sequence",
                                     m_text.size());
                }
                const int digit = hexDigitValue(m_text[m_pos]);
                if (digit < 0) {
                    std::size_t length = 1;
                    long cp = peekCodePoint(length);
                    if (cp < 0) {
                        cp = static_cast<unsigned char>(m_text[m_pos]);
                    }
                    return makeError("Unexpected character (" + describeChar(cp) +
                                         "): expected a hex-digit for character escape sequence",
                                     m_pos);
                }
                value = (value << 4) | digit;
                ++m_pos;
            }
            return std::nullopt;
        };
        long unit = 0;
        if (std::optional<Error> problem = readHex(unit)) {
            return problem;
        }
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            // Combine a surrogate pair; Jackson keeps UTF-16 units, we keep UTF-8 text.
            const bool pairFollows =
                m_pos + 6 <= m_text.size() && m_text[m_pos] == '\\' && m_text[m_pos + 1] == 'u';
            if (pairFollows) {
                long low = 0;
                bool allHex = true;
                for (std::size_t k = 0; k < 4; ++k) {
                    const int digit = hexDigitValue(m_text[m_pos + 2 + k]);
                    allHex = allHex && digit >= 0;
                    low = (low << 4) | (digit < 0 ? 0 : digit);
                }
                if (allHex && low >= 0xDC00 && low <= 0xDFFF) {
                    m_pos += 6;
                    appendUtf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
                    continue;
                }
            }
            appendUtf8(out, 0xFFFD);
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            appendUtf8(out, 0xFFFD);
        } else {
            appendUtf8(out, unit);
        }
    }
}

Result<std::string_view> JsonReader::stringValue() {
    if (m_token != JsonToken::String) {
        return makeError("Current token is not a string", m_tokenOffset);
    }
    if (m_stringError) {
        const Error error = *m_stringError;
        fail(error.message, error.offset);
        return m_error;
    }
    return std::string_view(m_string);
}

std::string JsonReader::tokenText() const {
    switch (m_token) {
    case JsonToken::FieldName:
        return m_name;
    case JsonToken::String:
        return m_string;
    case JsonToken::Number:
        return std::string(m_numberText);
    case JsonToken::StartObject:
        return "{";
    case JsonToken::EndObject:
        return "}";
    case JsonToken::StartArray:
        return "[";
    case JsonToken::EndArray:
        return "]";
    case JsonToken::True:
        return "true";
    case JsonToken::False:
        return "false";
    case JsonToken::Null:
        return "null";
    default:
        return {};
    }
}

} // namespace sg::model
