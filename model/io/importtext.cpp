#include "io/importtext.h"

#include "core/utf8.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace sg::model {

namespace {

bool isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string positionSuffix(int line, int column) {
    std::string out = " (line ";
    out.append(std::to_string(line)).append(", column ").append(std::to_string(column));
    out.push_back(')');
    return out;
}

// A range of text holding one JSON document.
struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
};

// Splits concatenated JSON documents by bracket depth without parsing them, refusing nesting
// deeper than kMaxImportDepth so that nothing recursive ever walks such a tree. An unterminated
// document runs to the end of the text; the parser then says what is missing.
Result<std::vector<Span>> splitJsonDocuments(std::string_view text) {
    // nlohmann's parser takes a NUL for the end of the text and would ignore what follows.
    if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
        return errorAt(text, nul,
                       "Not valid JSON: a NUL byte (\\0), which JSON text cannot contain");
    }
    std::vector<Span> spans;
    std::size_t pos = 0;
    const std::size_t n = text.size();
    while (true) {
        while (pos < n && isBlank(text[pos])) {
            ++pos;
        }
        if (pos == n) {
            break;
        }
        const std::size_t begin = pos;
        if (text[pos] != '{' && text[pos] != '[') {
            // Not an object or array: let the parser judge the rest as one document.
            spans.push_back({begin, n});
            break;
        }
        std::size_t depth = 0;
        bool inString = false;
        for (; pos < n; ++pos) {
            const char c = text[pos];
            if (inString) {
                if (c == '\\') {
                    ++pos;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > kMaxImportDepth) {
                    return errorAt(text, pos,
                                   "Nested deeper than " + std::to_string(kMaxImportDepth) +
                                       " levels");
                }
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    ++pos;
                    break;
                }
            }
        }
        pos = std::min(pos, n);
        spans.push_back({begin, pos});
    }
    return spans;
}

// Appends a member to an object without ordered_map's linear key search, which would make an
// object with many keys (a large Resources section) quadratic to build. `keys` indexes the
// object's members; a repeated key replaces the earlier value, as nlohmann's own parser does.
void appendMember(Json &object, std::unordered_map<std::string, std::size_t> &keys, std::string key,
                  Json value) {
    Json::object_t &members = object.get_ref<Json::object_t &>();
    const auto [found, fresh] = keys.try_emplace(key, members.size());
    if (!fresh) {
        (members.begin() + static_cast<std::ptrdiff_t>(found->second))->second = std::move(value);
        return;
    }
    members.emplace_back(std::move(key), std::move(value));
}

// Builds one JSON tree from nlohmann's SAX events (see appendMember for why not its DOM parser).
class JsonTreeBuilder final : public nlohmann::json_sax<Json> {
public:
    bool null() override { return add(Json(nullptr)); }
    bool boolean(bool value) override { return add(Json(value)); }
    bool number_integer(number_integer_t value) override { return add(Json(value)); }
    bool number_unsigned(number_unsigned_t value) override { return add(Json(value)); }
    bool number_float(number_float_t value, const string_t &) override { return add(Json(value)); }
    bool string(string_t &value) override { return add(Json(std::move(value))); }
    bool binary(binary_t &) override { return false; } // JSON text has no binary values
    bool start_object(std::size_t) override {
        m_stack.push_back({Json::object(), {}, {}});
        return true;
    }
    bool key(string_t &key) override {
        m_stack.back().key = std::move(key);
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override {
        m_stack.push_back({Json::array(), {}, {}});
        return true;
    }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string &,
                     const nlohmann::detail::exception &e) override {
        m_errorPosition = position;
        m_errorWhat = e.what();
        return false;
    }

    [[nodiscard]] Json takeRoot() { return std::move(m_root); }
    [[nodiscard]] std::size_t errorPosition() const { return m_errorPosition; }
    [[nodiscard]] const std::string &errorWhat() const { return m_errorWhat; }

private:
    struct Frame {
        Json value;
        std::unordered_map<std::string, std::size_t> keys;
        std::string key;
    };

    bool add(Json value) {
        if (m_stack.empty()) {
            m_root = std::move(value);
        } else if (Frame &top = m_stack.back(); top.value.is_array()) {
            top.value.push_back(std::move(value));
        } else {
            appendMember(top.value, top.keys, std::move(top.key), std::move(value));
        }
        return true;
    }

    bool close() {
        if (m_stack.empty()) {
            return false;
        }
        Json value = std::move(m_stack.back().value);
        m_stack.pop_back();
        return add(std::move(value));
    }

    std::vector<Frame> m_stack;
    Json m_root;
    std::size_t m_errorPosition = 0;
    std::string m_errorWhat;
};

// nlohmann's reason without its "[json.exception...] parse error at line 1, column 2: " prefix
// (its positions are relative to the document, ours to the whole text).
std::string jsonReason(const std::string &what) {
    const std::size_t column = what.find("column ");
    if (column != std::string::npos) {
        const std::size_t colon = what.find(": ", column);
        if (colon != std::string::npos) {
            return what.substr(colon + 2);
        }
    }
    const std::size_t bracket = what.find("] ");
    return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

Result<Json> parseJsonSpan(std::string_view text, Span span) {
    const std::string_view piece = text.substr(span.begin, span.end - span.begin);
    try {
        JsonTreeBuilder builder;
        if (Json::sax_parse(piece.begin(), piece.end(), &builder)) {
            return builder.takeRoot();
        }
        // The position is 1-based: that of the character that could not be read.
        const std::size_t position = builder.errorPosition();
        const std::size_t offset =
            std::min(span.begin + (position > 0 ? position - 1 : 0), text.size());
        std::string message = "Not valid JSON: ";
        message.append(jsonReason(builder.errorWhat()));
        return errorAt(text, offset, message);
    } catch (const std::exception &e) {
        std::string message = "Not valid JSON: ";
        message.append(e.what());
        return errorAt(text, span.begin, message);
    }
}

// --- YAML --------------------------------------------------------------------------------------

// Thrown by the tree builder through yaml-cpp's parser to stop it at once.
struct YamlStop {
    Error error;
};

bool isDigits(std::string_view s, int base) {
    if (s.empty()) {
        return false;
    }
    for (const char c : s) {
        const bool ok = base == 16  ? ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                                      (c >= 'A' && c <= 'F'))
                        : base == 8 ? (c >= '0' && c <= '7')
                                    : (c >= '0' && c <= '9');
        if (!ok) {
            return false;
        }
    }
    return true;
}

// YAML 1.2 core schema float: [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
bool isCoreFloat(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
        ++i;
    }
    const auto digits = [&] {
        const std::size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            ++i;
        }
        return i - start;
    };
    const std::size_t whole = digits();
    std::size_t fraction = 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        fraction = digits();
    }
    if (whole == 0 && fraction == 0) {
        return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
            ++i;
        }
        if (digits() == 0) {
            return false;
        }
    }
    return i == s.size();
}

std::optional<Json> coreNumber(std::string_view s) {
    std::string_view body = s;
    bool negative = false;
    if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
        negative = body[0] == '-';
        body.remove_prefix(1);
    }
    int base = 10;
    if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'o')) {
        if (s.size() != body.size()) {
            return std::nullopt; // the core schema has no signed hex or octal
        }
        base = body[1] == 'x' ? 16 : 8;
        body.remove_prefix(2);
    }
    if (isDigits(body, base)) {
        std::uint64_t magnitude = 0;
        const auto [end, ec] =
            std::from_chars(body.data(), body.data() + body.size(), magnitude, base);
        if (ec == std::errc() && end == body.data() + body.size()) {
            if (!negative &&
                magnitude <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                return Json(static_cast<std::int64_t>(magnitude));
            }
            if (negative &&
                magnitude <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                return Json(-static_cast<std::int64_t>(magnitude));
            }
        }
        if (base != 10) {
            return std::nullopt;
        }
    }
    if (isCoreFloat(s)) {
        double value = 0;
        std::string_view digits = s;
        if (!digits.empty() && digits[0] == '+') {
            digits.remove_prefix(1);
        }
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (ec == std::errc() && end == digits.data() + digits.size() && std::isfinite(value)) {
            return Json(value);
        }
    }
    return std::nullopt;
}

// A plain (untagged, unquoted) scalar as the YAML 1.2 core schema reads it. yaml-cpp has
// already reported null forms through OnNull.
Json plainScalar(const std::string &value) {
    if (value == "true" || value == "True" || value == "TRUE") {
        return true;
    }
    if (value == "false" || value == "False" || value == "FALSE") {
        return false;
    }
    if (value == "null" || value == "Null" || value == "NULL" || value == "~" || value.empty()) {
        return nullptr;
    }
    if (std::optional<Json> number = coreNumber(value)) {
        return *number;
    }
    return value;
}

constexpr std::string_view kYamlCoreTagPrefix = "tag:yaml.org,2002:";

// Builds one JSON tree from yaml-cpp's events. Iterative (its own stack), so only yaml-cpp's
// recursion is left, and that stops at kMaxImportDepth because opening a collection deeper
// throws.
class YamlTreeBuilder final : public YAML::EventHandler {
public:
    explicit YamlTreeBuilder(std::string_view text) : m_text(text) {}

    [[nodiscard]] bool hasRoot() const { return m_hasRoot; }
    [[nodiscard]] Json takeRoot() { return std::move(m_root); }

    void OnDocumentStart(const YAML::Mark &) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override {
        if (expectingKey()) {
            setKey(mark, "");
            return;
        }
        complete(Json(nullptr), mark, anchor, 1, 0);
    }

    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override {
        if (expectingKey()) {
            fail(mark, "an alias cannot be a mapping key");
        }
        const auto found = m_anchors.find(anchor);
        if (found == m_anchors.end()) {
            fail(mark, "the alias refers to a node that contains it");
        }
        const Anchor &anchored = found->second;
        reserve(anchored.nodes, anchored.bytes, mark); // before the copy, not after
        complete(Json(anchored.value), mark, 0, anchored.nodes, anchored.bytes);
    }

    void OnScalar(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                  const std::string &value) override {
        checkUtf8(value, mark);
        checkClosingQuote(mark);
        if (expectingKey()) {
            setKey(mark, value);
            return;
        }
        Json scalar = scalarValue(tag, value);
        const bool wrapped = isShortForm(tag);
        complete(wrap(tag, std::move(scalar)), mark, anchor, wrapped ? 2 : 1, value.size());
    }

    void OnSequenceStart(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(mark, tag, anchor, Json::array());
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(mark, tag, anchor, Json::object());
    }
    void OnMapEnd() override { close(); }

private:
    struct Frame {
        Json value;
        std::string tag;
        YAML::anchor_t anchor = 0;
        std::size_t nodesBefore = 0;
        std::size_t bytesBefore = 0;
        YAML::Mark mark;
        std::unordered_map<std::string, std::size_t> keys; // of a mapping
        std::string key;
        bool haveKey = false;
    };

    [[noreturn]] void fail(const YAML::Mark &mark, std::string_view what) const {
        std::string message = "Not valid YAML: ";
        message.append(what);
        Error error;
        if (mark.line >= 0) {
            error.line = mark.line + 1;
            error.column = mark.column + 1;
            if (mark.pos >= 0) {
                error.offset = static_cast<std::size_t>(mark.pos);
            }
            message.append(positionSuffix(error.line, error.column));
        }
        error.message = std::move(message);
        throw YamlStop{std::move(error)};
    }

    // yaml-cpp reads a quoted scalar without its closing quote to the end of the text and takes
    // it; a template cut off or mistyped there must be refused instead.
    void checkClosingQuote(const YAML::Mark &mark) const {
        if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= m_text.size()) {
            return;
        }
        const auto start = static_cast<std::size_t>(mark.pos);
        const char quote = m_text[start];
        if (quote != '"' && quote != '\'') {
            return;
        }
        for (std::size_t i = start + 1; i < m_text.size(); ++i) {
            const char c = m_text[i];
            if (quote == '"' && c == '\\') {
                ++i; // an escape: the next character cannot close the scalar
            } else if (c == quote) {
                if (quote == '\'' && i + 1 < m_text.size() && m_text[i + 1] == '\'') {
                    ++i; // '' is a quote inside a single-quoted scalar
                    continue;
                }
                return;
            }
        }
        fail(mark, std::string("the quoted scalar has no closing ") +
                       (quote == '"' ? "double quote" : "single quote") +
                       " (it runs to the end of the text)");
    }

    void checkUtf8(const std::string &value, const YAML::Mark &mark) const {
        for (std::size_t i = 0; i < value.size();) {
            std::size_t length = 1;
            if (decodeUtf8At(value, i, length) < 0) {
                fail(mark, "the text is not valid UTF-8");
            }
            i += length;
        }
    }

    [[nodiscard]] bool expectingKey() const {
        return !m_stack.empty() && m_stack.back().value.is_object() && !m_stack.back().haveKey;
    }

    void setKey(const YAML::Mark &mark, const std::string &key) {
        Frame &top = m_stack.back();
        if (top.keys.contains(key)) {
            fail(mark, "duplicate mapping key \"" + key + "\"");
        }
        reserve(0, key.size(), mark); // a key is copied with its mapping when an alias repeats it
        m_bytes += key.size();
        top.key = key;
        top.haveKey = true;
    }

    static bool isShortForm(const std::string &tag) {
        return tag.size() > 1 && tag[0] == '!' && tag[1] != '!';
    }

    static Json scalarValue(const std::string &tag, const std::string &value) {
        if (tag == "?") {
            return plainScalar(value);
        }
        if (tag.starts_with(kYamlCoreTagPrefix)) {
            const std::string_view type = std::string_view(tag).substr(kYamlCoreTagPrefix.size());
            if (type == "int" || type == "float") {
                std::optional<Json> number = coreNumber(value);
                return number ? *number : Json(value);
            }
            if (type == "bool" || type == "null") {
                return plainScalar(value);
            }
        }
        // Quoted scalars ("!"), !!str and the operands of short forms are text.
        return value;
    }

    // CloudFormation's short forms: !Ref x -> {"Ref": x}, !Condition c -> {"Condition": c},
    // !GetAtt A.B -> {"Fn::GetAtt": ["A", "B"]}, !Anything v -> {"Fn::Anything": v}.
    static Json wrap(const std::string &tag, Json value) {
        if (!isShortForm(tag)) {
            return value;
        }
        const std::string name = tag.substr(1);
        Json out = Json::object();
        if (name == "Ref" || name == "Condition") {
            out[name] = std::move(value);
        } else if (name == "GetAtt" && value.is_string()) {
            const std::string text = value.get<std::string>();
            const std::size_t dot = text.find('.');
            Json parts = Json::array();
            if (dot == std::string::npos) {
                parts.push_back(text);
            } else {
                parts.push_back(text.substr(0, dot));
                parts.push_back(text.substr(dot + 1));
            }
            out["Fn::GetAtt"] = std::move(parts);
        } else {
            out["Fn::" + name] = std::move(value);
        }
        return out;
    }

    void open(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor, Json empty) {
        if (expectingKey()) {
            fail(mark, "a mapping key must be a scalar");
        }
        m_depth += isShortForm(tag) ? 2 : 1;
        if (m_depth > kMaxImportDepth) {
            fail(mark, "nested deeper than " + std::to_string(kMaxImportDepth) + " levels");
        }
        Frame frame;
        frame.value = std::move(empty);
        frame.tag = tag;
        frame.anchor = anchor;
        frame.nodesBefore = m_nodes;
        frame.bytesBefore = m_bytes;
        frame.mark = mark;
        m_stack.push_back(std::move(frame));
    }

    void close() {
        if (m_stack.empty()) {
            return;
        }
        Frame frame = std::move(m_stack.back());
        m_stack.pop_back();
        m_depth -= isShortForm(frame.tag) ? 2 : 1;
        const std::size_t count = m_nodes - frame.nodesBefore + 1;
        const std::size_t bytes = m_bytes - frame.bytesBefore;
        m_nodes = frame.nodesBefore;
        m_bytes = frame.bytesBefore;
        complete(wrap(frame.tag, std::move(frame.value)), frame.mark, frame.anchor, count, bytes);
    }

    // Both limits count what aliases expand to, and what anchors keep a copy of.
    void reserve(std::size_t count, std::size_t bytes, const YAML::Mark &mark) const {
        if (m_nodes + m_anchorNodes + count > kMaxYamlNodes) {
            fail(mark,
                 "the document expands to more than " + std::to_string(kMaxYamlNodes) + " values");
        }
        if (m_bytes + m_anchorBytes + bytes > kMaxYamlBytes) {
            fail(mark, "the document expands to more than " + std::to_string(kMaxYamlBytes) +
                           " bytes of text (aliases repeat what they refer to)");
        }
    }

    void complete(Json value, const YAML::Mark &mark, YAML::anchor_t anchor, std::size_t count,
                  std::size_t bytes) {
        reserve(count, bytes, mark);
        m_nodes += count;
        m_bytes += bytes;
        if (anchor != 0) {
            m_anchorNodes += count;
            m_anchorBytes += bytes;
            m_anchors[anchor] = Anchor{value, count, bytes};
        }
        if (m_stack.empty()) {
            if (!m_hasRoot) {
                m_root = std::move(value);
                m_hasRoot = true;
            }
            return;
        }
        Frame &top = m_stack.back();
        if (top.value.is_array()) {
            top.value.push_back(std::move(value));
        } else {
            appendMember(top.value, top.keys, std::move(top.key), std::move(value));
            top.haveKey = false;
        }
    }

    std::string_view m_text;
    struct Anchor {
        Json value;
        std::size_t nodes = 0;
        std::size_t bytes = 0;
    };

    std::vector<Frame> m_stack;
    std::unordered_map<YAML::anchor_t, Anchor> m_anchors;
    std::size_t m_nodes = 0;
    std::size_t m_anchorNodes = 0;
    std::size_t m_bytes = 0; // text of scalars and keys, as expanded
    std::size_t m_anchorBytes = 0;
    std::size_t m_depth = 0;
    Json m_root;
    bool m_hasRoot = false;
};

} // namespace

std::string_view withoutByteOrderMark(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3);
    }
    return text;
}

bool startsLikeJson(std::string_view text) {
    text = withoutByteOrderMark(text);
    for (const char c : text) {
        if (!isBlank(c)) {
            return c == '{';
        }
    }
    return false;
}

Error errorAt(std::string_view text, std::size_t offset, std::string_view message) {
    offset = std::min(offset, text.size());
    int line = 1;
    int column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\n') {
            ++line;
            column = 1;
        } else if ((byte & 0xC0) != 0x80) { // count code points, not continuation bytes
            ++column;
        }
    }
    Error error;
    error.message = std::string(message) + positionSuffix(line, column);
    error.offset = offset;
    error.line = line;
    error.column = column;
    return error;
}

Result<Json> parseJsonText(std::string_view text) {
    Result<std::vector<Span>> spans = splitJsonDocuments(text);
    if (!spans) {
        return spans.error();
    }
    if (spans->empty()) {
        return errorAt(text, text.size(), "Not valid JSON: the text is empty");
    }
    if (spans->size() > 1) {
        // Parse the first document anyway: its own errors come first.
        Result<Json> first = parseJsonSpan(text, spans->front());
        if (!first) {
            return first.error();
        }
        return errorAt(text, (*spans)[1].begin,
                       "Not valid JSON: unexpected text after the end of the document");
    }
    return parseJsonSpan(text, spans->front());
}

Result<std::vector<JsonDocument>> parseJsonDocuments(std::string_view text) {
    Result<std::vector<Span>> spans = splitJsonDocuments(text);
    if (!spans) {
        return spans.error();
    }
    if (spans->empty()) {
        return errorAt(text, text.size(), "Not valid JSON: the text is empty");
    }
    std::vector<JsonDocument> documents;
    documents.reserve(spans->size());
    for (const Span &span : *spans) {
        Result<Json> value = parseJsonSpan(text, span);
        if (!value) {
            return value.error();
        }
        const Error where = errorAt(text, span.begin, "");
        documents.push_back({std::move(*value), span.begin, where.line, where.column});
    }
    return documents;
}

Result<Json> parseYamlText(std::string_view text) {
    // YAML has no NUL character; yaml-cpp reads one inside a scalar and goes on.
    if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
        return errorAt(text, nul,
                       "Not valid YAML: a NUL byte (\\0), which YAML text cannot contain");
    }
    YamlTreeBuilder builder(text);
    try {
        std::istringstream in{std::string(text)};
        YAML::Parser parser(in);
        (void)parser.HandleNextDocument(builder);
    } catch (const YamlStop &stop) {
        return stop.error;
    } catch (const YAML::Exception &e) {
        Error error;
        error.message = "Not valid YAML: " + e.msg;
        if (e.mark.line >= 0) {
            error.line = e.mark.line + 1;
            error.column = e.mark.column + 1;
            if (e.mark.pos >= 0) {
                error.offset = static_cast<std::size_t>(e.mark.pos);
            }
            error.message.append(positionSuffix(error.line, error.column));
        }
        return error;
    } catch (const std::exception &e) {
        return Error{.message = std::string("Not valid YAML: ") + e.what()};
    }
    if (!builder.hasRoot()) {
        return errorAt(text, text.size(), "The YAML text holds no document");
    }
    return builder.takeRoot();
}

} // namespace sg::model
