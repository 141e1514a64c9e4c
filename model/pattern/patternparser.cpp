// Parsing follows the structure of aws/event-ruler's JsonRuleCompiler (the compiler behind
// EventBridge): the pattern is read as a token stream and checked in the same order, so that when a
// pattern has several problems the one AWS reports is the one reported here.
//
// What the resulting EventPattern holds (the contract with the matchers):
// - alternatives: one Conjunction per combination of `$or` branches, in document order. A field
//   given twice in one alternative (a duplicate key, or "a.b" next to {"a":{"b":...}}) keeps only
//   its last value list, as AWS does: {"x":[1],"x":[2]} is {"x":[2]}, and a field inside a `$or`
//   branch replaces the same field given before the `$or`. Paths are unique within a Conjunction.
// - FieldCondition::path: keys joined with "." (an empty leading key adds no dot, as in AWS).
// - ValueMatcher, by op:
//   Exact            values[0]: String (unescaped), Number (text as written + value), True, False
//                    or Null (text empty). `{"exactly": "s"}` also gives Exact with a String.
//   EqualsIgnoreCase, Prefix, PrefixIgnoreCase, Suffix, SuffixIgnoreCase: values[0] String; prefix
//                    and suffix may be empty (then they match every string).
//   Wildcard         values[0] String: the wildcard as written after JSON unescaping, so `\*` and
//                    `\\` escapes are still in it (see aws::wildcardMatches); never `**`.
//   AnythingBut      values: all Strings or all Numbers (at least one), as listed.
//   AnythingButPrefix, AnythingButSuffix: values Strings, never empty strings; the list may be
//                    empty (`{"prefix": []}` is accepted by AWS) and then excludes nothing.
//   AnythingButIgnoreCase, AnythingButWildcard: values Strings (possibly none).
//   Numeric          numeric: "=" x is [x, x]; ">"/">=" set only the lower bound, "<"/"<=" only the
//                    upper one; bounds lie within [-5e9, 5e9] and lower < upper.
//   Cidr             cidr: see aws::parseCidr (the low end is the address as written).
//   Exists           exists: true or false.
// The matching semantics are spelt out in referencematcher.h.

#include "pattern/patternparser.h"

#include "pattern/jsonreader.h"
#include "pattern/valuesemantics.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <unordered_map>

namespace sg::model {

namespace {

constexpr std::string_view kReasonPrefix = "Event pattern is not valid. Reason: ";
// Even with maxOrCombinations = 0 (unlimited) expansion stops here: it grows exponentially.
constexpr std::uint64_t kHardCombinationCap = 100000;
constexpr std::uint64_t kSaturated = std::numeric_limits<std::uint64_t>::max() / 4;

constexpr std::string_view kOr = "$or";
constexpr std::string_view kOnlyOneKey = "Only one key allowed in match expression";
constexpr std::string_view kTooManyElements = "Too many elements in numeric expression";
constexpr std::string_view kOutOfRange = "Value must be between -5.0E9 and 5.0E9, inclusive";

// Field names AWS refuses inside `$or` branches (event-ruler's reserved words).
// clang-format off
constexpr std::array<std::string_view, 24> kReservedInOr = {
    "exactly", "equals-ignore-case", "prefix", "suffix", "anything-but", "exists", "wildcard",
    "numeric", "cidr", "=", "<", "<=", ">", ">=", "regex", "not-wildcard", "not-equals-ignore-case",
    "date-after", "date-on-or-after", "date-before", "date-on-or-before", "in-date-range",
    "ip-address-in-range", "ip-address-not-in-range"};
// clang-format on

using Values = std::shared_ptr<const std::vector<ValueMatcher>>;

// One alternative under construction: (interned path, value list) in insertion order.
struct Rule {
    std::vector<std::pair<std::uint32_t, Values>> fields;
};

// The alternatives built so far. Once there are more than may be kept, only their number is
// tracked (the parse goes on to find syntax errors, which AWS reports first).
struct RuleSet {
    std::vector<Rule> rules;
    std::uint64_t count = 0;
    bool materialized = true;
};

std::uint64_t saturatingAdd(std::uint64_t a, std::uint64_t b) {
    return (a > kSaturated || b > kSaturated || a + b > kSaturated) ? kSaturated + 1 : a + b;
}

bool isOutOfComparableRange(double value) {
    return !std::isfinite(value) || value < -aws::kMaxComparableNumber ||
           value > aws::kMaxComparableNumber;
}

Scalar numberScalar(std::string_view text, double value) {
    Scalar scalar;
    scalar.kind = Scalar::Kind::Number;
    scalar.text = std::string(text);
    scalar.number = value;
    return scalar;
}

Scalar stringScalar(std::string_view text) {
    Scalar scalar;
    scalar.kind = Scalar::Kind::String;
    scalar.text = std::string(text);
    return scalar;
}

// Characters as AWS counts them (UTF-16 code units), and where the first one beyond `limit` starts.
std::size_t utf16Length(std::string_view text, std::size_t limit, std::size_t &overflowOffset) {
    std::size_t units = 0;
    overflowOffset = text.size();
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto b = static_cast<unsigned char>(text[i]);
        if ((b & 0xC0) == 0x80) {
            continue;
        }
        units += b >= 0xF0 ? 2 : 1;
        if (units > limit && overflowOffset == text.size()) {
            overflowOffset = i;
        }
    }
    return units;
}

const char *jacksonTokenName(JsonToken token, std::string_view numberText) {
    switch (token) {
    case JsonToken::StartObject:
        return "START_OBJECT";
    case JsonToken::StartArray:
        return "START_ARRAY";
    case JsonToken::String:
        return "VALUE_STRING";
    case JsonToken::Number:
        return numberText.find_first_of(".eE") == std::string_view::npos ? "VALUE_NUMBER_INT"
                                                                         : "VALUE_NUMBER_FLOAT";
    case JsonToken::True:
        return "VALUE_TRUE";
    case JsonToken::False:
        return "VALUE_FALSE";
    case JsonToken::Null:
        return "VALUE_NULL";
    default:
        return "UNKNOWN";
    }
}

class Compiler {
public:
    Compiler(std::string_view text, const PatternLimits &limits)
        : m_text(text), m_limits(limits), m_reader(text),
          m_cap(limits.maxOrCombinations == 0
                    ? kHardCombinationCap
                    : std::min<std::uint64_t>(limits.maxOrCombinations, kHardCombinationCap)) {}

    Result<EventPattern> run();

private:
    bool fail(std::string reason, std::size_t offset, std::string field);
    bool failJson();
    [[nodiscard]] std::size_t offset() const { return m_reader.tokenOffset(); }
    [[nodiscard]] std::string extendedName(std::string_view step) const;
    bool expectEnd(std::string_view reason, const std::string &field);

    bool parseObject(RuleSet &rules, bool insideOr);
    bool parseOr(RuleSet &rules, std::size_t keyOffset);
    bool writeRules(RuleSet &rules, const std::string &field);
    bool parseMatchExpression(const std::string &field, ValueMatcher &out);
    bool parseAffixIgnoreCase(const std::string &field, bool prefix, ValueMatcher &out);
    bool parseNumeric(const std::string &field, ValueMatcher &out);
    bool completeNumericRange(const std::string &field, double bottom, bool openBottom,
                              ValueMatcher &out);
    bool makeRange(const std::string &field, double bottom, bool openBottom, double top,
                   bool openTop, bool hasLower, bool hasUpper, ValueMatcher &out);
    bool parseAnythingBut(const std::string &field, ValueMatcher &out);

    void ensureOne(RuleSet &rules) const;
    void put(RuleSet &rules, const std::string &field, Values values);
    void append(RuleSet &into, RuleSet &&from) const;
    [[nodiscard]] EventPattern build(const RuleSet &rules) const;

    std::string_view m_text;
    const PatternLimits &m_limits;
    JsonReader m_reader;
    std::uint64_t m_cap;
    std::string m_path;  // path of the object being read
    std::string m_field; // path of the field whose values are being read, if any
    std::vector<std::string> m_paths;
    std::unordered_map<std::string, std::uint32_t> m_pathIds;
    std::unordered_map<std::string, std::size_t> m_wildcardOffsets; // first wildcard per path
    std::size_t m_orOffset = std::string_view::npos; // the `$or` that went over the limit
    Error m_error;
};

bool Compiler::fail(std::string reason, std::size_t at, std::string field) {
    m_error = Error{};
    m_error.message = std::string(kReasonPrefix) + reason;
    m_error.offset = at;
    const JsonLocation where = m_reader.locate(at);
    m_error.line = where.line;
    m_error.column = where.column;
    m_error.field = std::move(field);
    return false;
}

bool Compiler::failJson() {
    const Error &json = m_reader.error();
    m_error = json;
    m_error.message = std::string(kReasonPrefix) + json.message;
    m_error.field = m_field.empty() ? m_path : m_field;
    return false;
}

std::string Compiler::extendedName(std::string_view step) const {
    std::string name = m_path;
    if (!name.empty()) {
        name += '.';
    }
    name += step;
    return name;
}

bool Compiler::expectEnd(std::string_view reason, const std::string &field) {
    const JsonToken token = m_reader.next();
    if (token == JsonToken::Error) {
        return failJson();
    }
    if (token != JsonToken::EndObject) {
        return fail(std::string(reason), offset(), field);
    }
    return true;
}

Result<EventPattern> Compiler::run() {
    if (m_limits.maxLength > 0) {
        std::size_t overflow = 0;
        const std::size_t length = utf16Length(m_text, m_limits.maxLength, overflow);
        if (length > m_limits.maxLength) {
            fail("Event pattern size " + std::to_string(length) + " exceeds the maximum of " +
                     std::to_string(m_limits.maxLength) + " characters",
                 overflow, {});
            return m_error;
        }
    }

    JsonToken token = m_reader.next();
    if (token == JsonToken::Error) {
        failJson();
        return m_error;
    }
    if (token != JsonToken::StartObject) {
        fail("Filter is not an object", offset(), {});
        return m_error;
    }
    RuleSet rules;
    if (!parseObject(rules, false)) {
        return m_error;
    }

    // AWS stops reading after the pattern object; we refuse anything after it, which is never
    // what the author meant.
    token = m_reader.next();
    if (token == JsonToken::Error) {
        failJson();
        return m_error;
    }
    if (token != JsonToken::End) {
        fail(std::string("Trailing token (of type ") +
                 jacksonTokenName(token, m_reader.numberText()) +
                 ") found after the pattern object: not allowed",
             offset(), {});
        return m_error;
    }

    if (rules.count > m_cap) {
        const std::string count = rules.count > kSaturated
                                      ? "more than " + std::to_string(kSaturated)
                                      : std::to_string(rules.count);
        fail("The number of combinations in $or relationship (" + count + ") must not exceed " +
                 std::to_string(m_cap) + ".",
             m_orOffset == std::string_view::npos ? 0 : m_orOffset, {});
        return m_error;
    }

    EventPattern pattern = build(rules);
    std::string worstPath;
    const int limit = m_limits.maxWildcardComplexity; // <= 0: no limit
    if (limit > 0 && limit < std::numeric_limits<int>::max() &&
        aws::wildcardComplexity(pattern, limit + 1, &worstPath) > limit) {
        const auto where = m_wildcardOffsets.find(worstPath);
        fail("Rule is too complex - try using fewer wildcard characters or fewer repeating "
             "character sequences after a wildcard character",
             where == m_wildcardOffsets.end() ? 0 : where->second, worstPath);
        return m_error;
    }
    return pattern;
}

bool Compiler::parseObject(RuleSet &rules, bool insideOr) {
    bool fieldsPresent = false;
    while (true) {
        JsonToken token = m_reader.next();
        if (token == JsonToken::Error) {
            return failJson();
        }
        if (token == JsonToken::EndObject) {
            break;
        }
        fieldsPresent = true;
        const std::string name = m_reader.fieldName();
        const std::size_t nameOffset = offset();
        if (name == kOr) {
            if (!parseOr(rules, nameOffset)) {
                return false;
            }
            continue;
        }
        if (insideOr &&
            std::find(kReservedInOr.begin(), kReservedInOr.end(), name) != kReservedInOr.end()) {
            return fail(name + " is Ruler reserved fieldName which cannot be used inside $or.",
                        nameOffset, extendedName(name));
        }
        token = m_reader.next();
        if (token == JsonToken::Error) {
            return failJson();
        }
        if (token == JsonToken::StartObject) {
            const std::size_t mark = m_path.size();
            m_path = extendedName(name);
            const bool ok = parseObject(rules, insideOr);
            m_path.resize(mark);
            if (!ok) {
                return false;
            }
        } else if (token == JsonToken::StartArray) {
            if (!writeRules(rules, extendedName(name))) {
                return false;
            }
        } else {
            return fail("\"" + name + "\" must be an object or an array", offset(),
                        extendedName(name));
        }
    }
    if (!fieldsPresent) {
        return fail("Empty objects are not allowed", offset(), m_path);
    }
    return true;
}

bool Compiler::parseOr(RuleSet &rules, std::size_t keyOffset) {
    const RuleSet current = std::move(rules);
    rules = RuleSet{};

    JsonToken token = m_reader.next();
    if (token == JsonToken::Error) {
        return failJson();
    }
    if (token != JsonToken::StartArray) {
        return fail("It must be an Array followed with $or.", offset(), m_path);
    }
    int branches = 0;
    while ((token = m_reader.next()) != JsonToken::EndArray) {
        if (token == JsonToken::Error) {
            return failJson();
        }
        ++branches;
        if (token != JsonToken::StartObject) {
            return fail("Only JSON object is allowed in array of $or relationship.", offset(),
                        m_path);
        }
        RuleSet branch = current;
        ensureOne(branch);
        if (!parseObject(branch, true)) {
            return false;
        }
        append(rules, std::move(branch));
    }
    if (branches < 2) {
        return fail("There must have at least 2 Objects in $or relationship.", offset(), m_path);
    }
    if (rules.count > m_cap && m_orOffset == std::string_view::npos) {
        m_orOffset = keyOffset;
    }
    return true;
}

bool Compiler::writeRules(RuleSet &rules, const std::string &field) {
    m_field = field;
    auto values = std::make_shared<std::vector<ValueMatcher>>();
    while (true) {
        const JsonToken token = m_reader.next();
        if (token == JsonToken::Error) {
            return failJson();
        }
        if (token == JsonToken::EndArray) {
            break;
        }
        ValueMatcher matcher;
        switch (token) {
        case JsonToken::StartObject:
            if (!parseMatchExpression(field, matcher)) {
                return false;
            }
            break;
        case JsonToken::String: {
            const Result<std::string_view> text = m_reader.stringValue();
            if (!text) {
                return failJson();
            }
            matcher.values.push_back(stringScalar(*text));
            break;
        }
        case JsonToken::Number:
            matcher.values.push_back(numberScalar(m_reader.numberText(), m_reader.numberValue()));
            break;
        case JsonToken::True:
        case JsonToken::False:
        case JsonToken::Null: {
            Scalar scalar;
            scalar.kind =
                token == JsonToken::True
                    ? Scalar::Kind::True
                    : (token == JsonToken::False ? Scalar::Kind::False : Scalar::Kind::Null);
            matcher.values.push_back(scalar);
            break;
        }
        default:
            return fail("Match value must be String, number, true, false, or null", offset(),
                        field);
        }
        values->push_back(std::move(matcher));
    }
    if (values->empty()) {
        return fail("Empty arrays are not allowed", offset(), field);
    }
    m_field.clear();
    ensureOne(rules);
    put(rules, field, std::move(values));
    return true;
}

bool Compiler::parseMatchExpression(const std::string &field, ValueMatcher &out) {
    JsonToken token = m_reader.next();
    if (token == JsonToken::Error) {
        return failJson();
    }
    if (token != JsonToken::FieldName) {
        return fail("Match expression name not found", offset(), field);
    }
    const std::string op = m_reader.fieldName();
    const std::size_t opOffset = offset();

    // Reads the operator's value, which must be a string.
    const auto stringOperand = [&](std::string_view reason, std::string &text) {
        const JsonToken value = m_reader.next();
        if (value == JsonToken::Error) {
            return failJson();
        }
        if (value != JsonToken::String) {
            return fail(std::string(reason), offset(), field);
        }
        const Result<std::string_view> contents = m_reader.stringValue();
        if (!contents) {
            return failJson();
        }
        text = std::string(*contents);
        return true;
    };

    std::string text;
    if (op == "exactly") {
        if (!stringOperand("exact match pattern must be a string", text)) {
            return false;
        }
        out.op = Op::Exact;
        out.values.push_back(stringScalar(text));
        return expectEnd(kOnlyOneKey, field);
    }
    if (op == "prefix" || op == "suffix") {
        const bool prefix = op == "prefix";
        token = m_reader.next();
        if (token == JsonToken::Error) {
            return failJson();
        }
        if (token == JsonToken::StartObject) {
            return parseAffixIgnoreCase(field, prefix, out);
        }
        if (token != JsonToken::String) {
            return fail(op + " match pattern must be a string", offset(), field);
        }
        const Result<std::string_view> contents = m_reader.stringValue();
        if (!contents) {
            return failJson();
        }
        out.op = prefix ? Op::Prefix : Op::Suffix;
        out.values.push_back(stringScalar(*contents));
        return expectEnd(kOnlyOneKey, field);
    }
    if (op == "numeric") {
        token = m_reader.next();
        if (token == JsonToken::Error) {
            return failJson();
        }
        if (token != JsonToken::StartArray) {
            return fail("Value of numeric must be an array.", offset(), field);
        }
        if (!parseNumeric(field, out)) {
            return false;
        }
        return expectEnd(kTooManyElements, field);
    }
    if (op == "anything-but") {
        return parseAnythingBut(field, out);
    }
    if (op == "exists") {
        token = m_reader.next();
        if (token == JsonToken::Error) {
            return failJson();
        }
        if (token != JsonToken::True && token != JsonToken::False) {
            return fail("exists match pattern must be either true or false.", offset(), field);
        }
        out.op = Op::Exists;
        out.exists = token == JsonToken::True;
        return expectEnd(kOnlyOneKey, field);
    }
    if (op == "cidr") {
        // AWS's message for a non-string CIDR really does say "prefix".
        if (!stringOperand("prefix match pattern must be a string", text)) {
            return false;
        }
        Result<CidrRange> range = aws::parseCidr(text);
        if (!range) {
            return fail(range.error().message, offset(), field);
        }
        out.op = Op::Cidr;
        out.cidr = *range;
        return expectEnd(kOnlyOneKey, field);
    }
    if (op == "equals-ignore-case") {
        if (!stringOperand("equals-ignore-case match pattern must be a string", text)) {
            return false;
        }
        out.op = Op::EqualsIgnoreCase;
        out.values.push_back(stringScalar(text));
        return expectEnd(kOnlyOneKey, field);
    }
    if (op == "wildcard") {
        if (!stringOperand("wildcard match pattern must be a string", text)) {
            return false;
        }
        if (std::optional<std::string> problem = aws::wildcardSyntaxError(text)) {
            return fail(*problem, offset(), field);
        }
        m_wildcardOffsets.try_emplace(field, offset());
        out.op = Op::Wildcard;
        out.values.push_back(stringScalar(text));
        return expectEnd(kOnlyOneKey, field);
    }
    return fail("Unrecognized match type " + op, opOffset, field);
}

bool Compiler::parseAffixIgnoreCase(const std::string &field, bool prefix, ValueMatcher &out) {
    JsonToken token = m_reader.next();
    if (token == JsonToken::Error) {
        return failJson();
    }
    if (token != JsonToken::FieldName) {
        return fail(prefix ? "Prefix expression name not found"
                           : "Suffix expression name not found",
                    offset(), field);
    }
    const std::string name = m_reader.fieldName();
    if (name != "equals-ignore-case") {
        return fail(
            std::string(prefix ? "Unsupported prefix pattern: " : "Unsupported suffix pattern: ") +
                name,
            offset(), field);
    }
    token = m_reader.next();
    if (token == JsonToken::Error) {
        return failJson();
    }
    if (token != JsonToken::String) {
        return fail("equals-ignore-case match pattern must be a string", offset(), field);
    }
    const Result<std::string_view> contents = m_reader.stringValue();
    if (!contents) {
        return failJson();
    }
    out.op = prefix ? Op::PrefixIgnoreCase : Op::SuffixIgnoreCase;
    out.values.push_back(stringScalar(*contents));
    return expectEnd(kOnlyOneKey, field) && expectEnd(kOnlyOneKey, field);
}

bool Compiler::makeRange(const std::string &field, double bottom, bool openBottom, double top,
                         bool openTop, bool hasLower, bool hasUpper, ValueMatcher &out) {
    // AWS's order of checks: the bounds, then each end's range.
    if (bottom >= top) {
        return fail("Bottom must be less than top", offset(), field);
    }
    if (isOutOfComparableRange(bottom) || isOutOfComparableRange(top)) {
        return fail(std::string(kOutOfRange), offset(), field);
    }
    out.op = Op::Numeric;
    out.numeric.hasLower = hasLower;
    out.numeric.lowerInclusive = hasLower && !openBottom;
    out.numeric.lower = hasLower ? bottom : 0;
    out.numeric.hasUpper = hasUpper;
    out.numeric.upperInclusive = hasUpper && !openTop;
    out.numeric.upper = hasUpper ? top : 0;
    return true;
}

bool Compiler::parseNumeric(const std::string &field, ValueMatcher &out) {
    JsonToken token = m_reader.next();
    if (token == JsonToken::Error) {
        return failJson();
    }
    if (token != JsonToken::String) {
        return fail("Invalid member in numeric match: " + m_reader.tokenText(), offset(), field);
    }
    const Result<std::string_view> contents = m_reader.stringValue();
    if (!contents) {
        return failJson();
    }
    const std::string op(*contents);
    token = m_reader.next();
    if (token == JsonToken::Error) {
        return failJson();
    }
    const bool numeric = token == JsonToken::Number;
    const double value = numeric ? m_reader.numberValue() : 0;

    if (op == "=") {
        if (!numeric) {
            return fail("Value of equals must be numeric", offset(), field);
        }
        token = m_reader.next();
        if (token == JsonToken::Error) {
            return failJson();
        }
        if (token != JsonToken::EndArray) {
            return fail(std::string(kTooManyElements), offset(), field);
        }
        if (isOutOfComparableRange(value)) {
            return fail(std::string(kOutOfRange), offset(), field);
        }
        out.op = Op::Numeric;
        out.numeric = NumericRange{true, true, value, true, true, value};
        return true;
    }
    if (op == ">=" || op == ">") {
        if (!numeric) {
            return fail("Value of " + op + " must be numeric", offset(), field);
        }
        const bool open = op == ">";
        token = m_reader.next();
        if (token == JsonToken::Error) {
            return failJson();
        }
        if (token == JsonToken::EndArray) {
            return makeRange(field, value, open, aws::kMaxComparableNumber, false, true, false,
                             out);
        }
        return completeNumericRange(field, value, open, out);
    }
    if (op == "<=" || op == "<") {
        if (!numeric) {
            return fail("Value of " + op + " must be numeric", offset(), field);
        }
        token = m_reader.next();
        if (token == JsonToken::Error) {
            return failJson();
        }
        if (token != JsonToken::EndArray) {
            return fail(std::string(kTooManyElements), offset(), field);
        }
        return makeRange(field, -aws::kMaxComparableNumber, false, value, op == "<", false, true,
                         out);
    }
    return fail("Unrecognized numeric range operator: " + op, offset(), field);
}

bool Compiler::completeNumericRange(const std::string &field, double bottom, bool openBottom,
                                    ValueMatcher &out) {
    if (m_reader.token() != JsonToken::String) {
        return fail("Bad value in numeric range: " + m_reader.tokenText(), offset(), field);
    }
    const Result<std::string_view> contents = m_reader.stringValue();
    if (!contents) {
        return failJson();
    }
    const std::string op(*contents);
    if (op != "<" && op != "<=") {
        return fail("Bad numeric range operator: " + op, offset(), field);
    }
    JsonToken token = m_reader.next();
    if (token == JsonToken::Error) {
        return failJson();
    }
    if (token != JsonToken::Number) {
        return fail("Value of " + op + " must be numeric", offset(), field);
    }
    const double top = m_reader.numberValue();
    token = m_reader.next();
    if (token == JsonToken::Error) {
        return failJson();
    }
    if (token != JsonToken::EndArray) {
        return fail("Too many terms in numeric range expression", offset(), field);
    }
    return makeRange(field, bottom, openBottom, top, op == "<", true, true, out);
}

bool Compiler::parseAnythingBut(const std::string &field, ValueMatcher &out) {
    JsonToken token = m_reader.next();
    if (token == JsonToken::Error) {
        return failJson();
    }
    Op op = Op::AnythingBut;
    if (token == JsonToken::StartObject) {
        token = m_reader.next();
        if (token == JsonToken::Error) {
            return failJson();
        }
        if (token != JsonToken::FieldName) {
            return fail("Anything-But expression name not found", offset(), field);
        }
        const std::string &name = m_reader.fieldName();
        if (name == "equals-ignore-case") {
            op = Op::AnythingButIgnoreCase;
        } else if (name == "prefix") {
            op = Op::AnythingButPrefix;
        } else if (name == "suffix") {
            op = Op::AnythingButSuffix;
        } else if (name == "wildcard") {
            op = Op::AnythingButWildcard;
        } else {
            return fail("Unsupported anything-but pattern: " + name, offset(), field);
        }
        token = m_reader.next();
        if (token == JsonToken::Error) {
            return failJson();
        }
    }
    if (token != JsonToken::StartArray && token != JsonToken::String &&
        token != JsonToken::Number) {
        return fail("Value of anything-but must be an array or single string/number value.",
                    offset(), field);
    }
    out.op = op;
    const bool plain = op == Op::AnythingBut;
    const bool affix = op == Op::AnythingButPrefix || op == Op::AnythingButSuffix;
    const char *notAString =
        op == Op::AnythingButIgnoreCase
            ? "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not "
              "supported."
            : (op == Op::AnythingButWildcard ? "wildcard match pattern must be a string"
                                             : "prefix/suffix match pattern must be a string");
    std::vector<std::size_t> offsets;

    // Takes one value of the list (or the single value); false on error.
    const auto takeValue = [&](JsonToken value, bool &hasString, bool &hasNumber) {
        if (value == JsonToken::String) {
            const Result<std::string_view> contents = m_reader.stringValue();
            if (!contents) {
                return failJson();
            }
            if (affix && contents->empty()) {
                return fail("Null prefix/suffix not allowed", offset(), field);
            }
            out.values.push_back(stringScalar(*contents));
            offsets.push_back(offset());
            hasString = true;
            return true;
        }
        if (plain && value == JsonToken::Number) {
            if (isOutOfComparableRange(m_reader.numberValue())) {
                return fail(std::string(kOutOfRange), offset(), field);
            }
            out.values.push_back(numberScalar(m_reader.numberText(), m_reader.numberValue()));
            offsets.push_back(offset());
            hasNumber = true;
            return true;
        }
        return fail(plain ? "Inside anything but list, start|null|boolean is not supported."
                          : notAString,
                    offset(), field);
    };

    bool hasString = false;
    bool hasNumber = false;
    if (token == JsonToken::StartArray) {
        while ((token = m_reader.next()) != JsonToken::EndArray) {
            if (token == JsonToken::Error) {
                return failJson();
            }
            if (!takeValue(token, hasString, hasNumber)) {
                return false;
            }
        }
        if (plain && hasString == hasNumber) {
            return fail("Inside anything but list, either all values are number or string, mixed "
                        "type is not supported",
                        offset(), field);
        }
    } else if (!takeValue(token, hasString, hasNumber)) {
        return false;
    }
    if (op == Op::AnythingButWildcard) {
        for (std::size_t k = 0; k < out.values.size(); ++k) {
            if (std::optional<std::string> problem = aws::wildcardSyntaxError(out.values[k].text)) {
                return fail(*problem, offsets[k], field);
            }
        }
    }
    if (!expectEnd(kTooManyElements, field)) {
        return false;
    }
    return plain || expectEnd(kTooManyElements, field);
}

void Compiler::ensureOne(RuleSet &rules) const {
    if (rules.count == 0) {
        rules.count = 1;
        rules.rules.assign(1, Rule{});
        rules.materialized = true;
    }
}

void Compiler::put(RuleSet &rules, const std::string &field, Values values) {
    auto [slot, inserted] =
        m_pathIds.try_emplace(field, static_cast<std::uint32_t>(m_paths.size()));
    if (inserted) {
        m_paths.push_back(field);
    }
    const std::uint32_t id = slot->second;
    for (Rule &rule : rules.rules) {
        auto existing = std::find_if(rule.fields.begin(), rule.fields.end(),
                                     [&](const auto &entry) { return entry.first == id; });
        if (existing != rule.fields.end()) {
            existing->second = values; // the last occurrence of a field wins, as in AWS
        } else {
            rule.fields.emplace_back(id, values);
        }
    }
}

void Compiler::append(RuleSet &into, RuleSet &&from) const {
    into.count = saturatingAdd(into.count, from.count);
    if (!into.materialized || !from.materialized || into.count > m_cap) {
        into.materialized = false;
        into.rules.clear();
        into.rules.shrink_to_fit();
        return;
    }
    for (Rule &rule : from.rules) {
        into.rules.push_back(std::move(rule));
    }
}

EventPattern Compiler::build(const RuleSet &rules) const {
    EventPattern pattern;
    pattern.alternatives.reserve(rules.rules.size());
    for (const Rule &rule : rules.rules) {
        Conjunction conjunction;
        conjunction.fields.reserve(rule.fields.size());
        for (const auto &[id, values] : rule.fields) {
            conjunction.fields.push_back(FieldCondition{m_paths[id], *values});
        }
        pattern.alternatives.push_back(std::move(conjunction));
    }
    return pattern;
}

} // namespace

Result<EventPattern> parseEventPattern(std::string_view text, const PatternLimits &limits) {
    Compiler compiler(text, limits);
    return compiler.run();
}

} // namespace sg::model
