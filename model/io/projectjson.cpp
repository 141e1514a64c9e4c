#include "io/projectjson.h"
#include "arch/limits.h"

#include "core/jsoncheck.h"
#include "core/jsontype.h"
#include "core/utf8.h"
#include "pattern/jsonreader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace sg::model {

namespace {

// Deeper documents are refused (the limit every JSON reader shares): dumping and comparing
// nlohmann values recurse, and no model needs more than a few levels inside a sample event.
constexpr std::size_t kMaxNesting = kMaxJsonNesting;

// A JSON text field is written as the object itself only up to this size and depth (see
// jsonTextToJson); longer or deeper texts stay strings.
constexpr std::size_t kMaxInlineTextLength = 64 * 1024;
constexpr int kMaxInlineDepth = 64;

// An object with this many keys gets a hash set for duplicate detection (a linear scan is faster
// below it).
constexpr std::size_t kKeySetThreshold = 16;

constexpr std::array<std::string_view, 5> kLatencyKindNames{"fixed", "uniform", "normal",
                                                            "logNormal", "percentiles"};
constexpr std::array<std::string_view, 5> kRateKindNames{"constant", "poisson", "burst", "daily",
                                                         "scripted"};
constexpr std::array<std::string_view, 5> kVariationKindNames{"choice", "range", "sequence", "uuid",
                                                              "time"};

// Value counts of the enums elements.h names without a count constant; the asserts catch a
// value appended without updating them.
constexpr std::size_t kFailureKindCount = 7;
constexpr std::size_t kAuthorizationTypeCount = 3;
constexpr std::size_t kStickyKindCount = 8;
static_assert(static_cast<std::size_t>(FailureKind::ClientError) + 1 == kFailureKindCount);
static_assert(static_cast<std::size_t>(AuthorizationType::OAuthClientCredentials) + 1 ==
              kAuthorizationTypeCount);
static_assert(static_cast<std::size_t>(StickyKind::Hotspot) + 1 == kStickyKindCount);

template <typename Enum, std::size_t N>
std::string_view enumName(const std::array<std::string_view, N> &names, Enum value) {
    const auto index = static_cast<std::size_t>(value);
    return index < N ? names[index] : names[0];
}

// ================================================================================================
// Writing

Json idToJson(const ElementId &id) {
    return id.empty() ? Json(nullptr) : Json(id.value);
}

Json pointToJson(Point p) {
    Json out = Json::object();
    out["x"] = p.x;
    out["y"] = p.y;
    return out;
}

Json rectToJson(const Rect &r) {
    Json out = Json::object();
    out["x"] = r.x;
    out["y"] = r.y;
    out["width"] = r.width;
    out["height"] = r.height;
    return out;
}

// Patterns and constant inputs are JSON texts kept exactly as the user wrote them. When the text
// is precisely the compact form of an object, the object itself is written instead: the file
// then shows the pattern readably, one field per line, and reading it back (dump() of the object)
// restores the same text. Any other text — formatted by hand, not JSON, a bare string — stays a
// JSON string, so nothing is lost either way.
Json jsonTextToJson(const std::string &text) {
    if (text.size() < 2 || text.front() != '{' || text.size() > kMaxInlineTextLength) {
        return text;
    }
    bool tooDeep = false;
    const Json::parser_callback_t limitDepth = [&tooDeep](int depth, Json::parse_event_t, Json &) {
        tooDeep = tooDeep || depth > kMaxInlineDepth;
        return true;
    };
    Json parsed = Json::parse(text, limitDepth, false);
    if (tooDeep || parsed.is_discarded() || !parsed.is_object()) {
        return text;
    }
    if (parsed.dump(-1, ' ', false, Json::error_handler_t::replace) != text) {
        return text;
    }
    return parsed;
}

Json idListToJson(const std::vector<ElementId> &ids) {
    Json out = Json::array();
    for (const ElementId &id : ids) {
        out.push_back(idToJson(id));
    }
    return out;
}

Json latencyToJson(const LatencyDistribution &latency) {
    Json out = Json::object();
    out["kind"] = enumName(kLatencyKindNames, latency.kind);
    switch (latency.kind) {
    case LatencyKind::Fixed:
        out["valueMs"] = latency.valueMs;
        break;
    case LatencyKind::Uniform:
        out["minMs"] = latency.minMs;
        out["maxMs"] = latency.maxMs;
        break;
    case LatencyKind::Normal:
        out["meanMs"] = latency.meanMs;
        out["stddevMs"] = latency.stddevMs;
        break;
    case LatencyKind::LogNormal:
        out["medianMs"] = latency.medianMs;
        out["sigma"] = latency.sigma;
        break;
    case LatencyKind::Percentiles: {
        Json table = Json::array();
        for (const LatencyPercentile &row : latency.table) {
            Json entry = Json::object();
            entry["percentile"] = row.percentile;
            entry["ms"] = row.ms;
            table.push_back(std::move(entry));
        }
        out["table"] = std::move(table);
        break;
    }
    }
    return out;
}

Json behaviorToJson(const Behavior &behavior) {
    Json out = Json::object();
    out["latency"] = latencyToJson(behavior.latency);
    out["concurrency"] = behavior.concurrency;
    Json failures = Json::array();
    for (const FailureMode &failure : behavior.failures) {
        Json entry = Json::object();
        entry["kind"] = failureKindName(failure.kind);
        entry["rate"] = failure.rate;
        failures.push_back(std::move(entry));
    }
    out["failures"] = std::move(failures);
    Json followUps = Json::array();
    for (const FollowUp &followUp : behavior.followUps) {
        Json entry = Json::object();
        entry["eventType"] = idToJson(followUp.eventType);
        entry["bus"] = idToJson(followUp.bus);
        entry["probability"] = followUp.probability;
        followUps.push_back(std::move(entry));
    }
    out["followUps"] = std::move(followUps);
    out["dependsOn"] = idListToJson(behavior.dependsOn);
    if (!behavior.faults.empty()) { // older files (and readers) have no fault windows
        Json faults = Json::array();
        for (const FaultWindow &fault : behavior.faults) {
            Json entry = Json::object();
            entry["fromSeconds"] = fault.fromSeconds;
            entry["toSeconds"] = fault.toSeconds;
            entry["mode"] = faultModeName(fault.mode);
            if (fault.mode != FaultMode::Slow) {
                entry["failure"] = failureKindName(fault.failure);
            }
            if (fault.mode == FaultMode::Failing) {
                entry["rate"] = fault.rate;
            }
            if (fault.mode == FaultMode::Slow) {
                entry["extraLatencyMs"] = fault.extraLatencyMs;
            }
            faults.push_back(std::move(entry));
        }
        out["faults"] = std::move(faults);
    }
    return out;
}

Json rateToJson(const RateModel &rate) {
    Json out = Json::object();
    out["kind"] = enumName(kRateKindNames, rate.kind);
    out["perSecond"] = rate.perSecond;
    out["burstSize"] = rate.burstSize;
    out["burstEverySeconds"] = rate.burstEverySeconds;
    out["hourly"] = rate.hourly;
    Json script = Json::array();
    for (const ScriptedPut &put : rate.script) {
        Json entry = Json::object();
        entry["atSeconds"] = put.atSeconds;
        entry["count"] = put.count;
        script.push_back(std::move(entry));
    }
    out["script"] = std::move(script);
    return out;
}

Json emissionToJson(const Emission &emission) {
    Json out = Json::object();
    out["eventType"] = idToJson(emission.eventType);
    out["rate"] = rateToJson(emission.rate);
    Json variations = Json::array();
    for (const FieldVariation &variation : emission.variations) {
        Json entry = Json::object();
        entry["path"] = variation.path;
        entry["kind"] = enumName(kVariationKindNames, variation.kind);
        entry["values"] = variation.values;
        entry["min"] = variation.min;
        entry["max"] = variation.max;
        entry["step"] = variation.step;
        variations.push_back(std::move(entry));
    }
    out["variations"] = std::move(variations);
    return out;
}

Json targetToJson(const Target &target) {
    Json out = Json::object();
    out["id"] = target.id;
    out["destination"] = idToJson(target.destination);
    Json retry = Json::object();
    retry["maximumRetryAttempts"] = target.retryPolicy.maximumRetryAttempts;
    retry["maximumEventAgeSeconds"] = target.retryPolicy.maximumEventAgeSeconds;
    out["retryPolicy"] = std::move(retry);
    out["deadLetterQueue"] = idToJson(target.deadLetterQueue);
    out["input"] = target.input.input ? jsonTextToJson(*target.input.input) : Json(nullptr);
    out["inputPath"] = target.input.inputPath ? Json(*target.input.inputPath) : Json(nullptr);
    if (target.input.inputTransformer) {
        Json transformer = Json::object();
        Json paths = Json::object();
        for (const auto &[variable, path] : target.input.inputTransformer->inputPathsMap) {
            paths[variable] = path;
        }
        transformer["inputPathsMap"] = std::move(paths);
        transformer["inputTemplate"] = target.input.inputTransformer->inputTemplate;
        out["inputTransformer"] = std::move(transformer);
    } else {
        out["inputTransformer"] = nullptr;
    }
    return out;
}

// The fields every architecture element shares, in their declaration order.
template <typename T> Json headerToJson(const T &e, std::string_view kind) {
    Json out = Json::object();
    out["kind"] = kind;
    out["id"] = e.id.value;
    out["name"] = e.name;
    out["description"] = e.description;
    out["context"] = idToJson(e.context);
    out["position"] = pointToJson(e.position);
    return out;
}

// ================================================================================================
// Parsing: nlohmann's SAX parser feeding a DOM builder that also refuses duplicate keys,
// non-finite numbers and excessive nesting, which nlohmann's own DOM parser accepts.

std::string escapePointerToken(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    for (char c : token) {
        if (c == '~') {
            out.append("~0");
        } else if (c == '/') {
            out.append("~1");
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string unescapePointerToken(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size() &&
            (token[i + 1] == '0' || token[i + 1] == '1')) {
            out.push_back(token[i + 1] == '0' ? '~' : '/');
            ++i;
        } else {
            out.push_back(token[i]);
        }
    }
    return out;
}

// A problem found while building the document, located by JSON pointer.
struct DomProblem {
    std::string pointer;
    std::string message;
};

class DomBuilder {
public:
    using string_t = Json::string_t;
    using number_integer_t = Json::number_integer_t;
    using number_unsigned_t = Json::number_unsigned_t;
    using number_float_t = Json::number_float_t;
    using binary_t = Json::binary_t;

    bool null() { return put(Json(nullptr)); }
    bool boolean(bool value) { return put(Json(value)); }
    bool number_integer(number_integer_t value) { return put(Json(value)); }
    bool number_unsigned(number_unsigned_t value) { return put(Json(value)); }
    bool number_float(number_float_t value, const string_t &text) {
        if (!std::isfinite(value)) {
            return problem(childPointer(), "the number " + text + " is out of range");
        }
        return put(Json(value));
    }
    bool string(string_t &value) { return put(Json(std::move(value))); }
    bool binary(binary_t &) { return problem(childPointer(), "binary values are not JSON"); }
    bool start_object(std::size_t) { return open(Json::object()); }
    bool start_array(std::size_t) { return open(Json::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(string_t &name) {
        Frame &frame = m_stack.back();
        Json &object = *frame.value;
        bool duplicate = false;
        if (frame.keys) {
            duplicate = !frame.keys->insert(name).second;
        } else {
            duplicate = object.contains(name);
            if (!duplicate && object.size() + 1 >= kKeySetThreshold) {
                frame.keys = std::make_unique<std::unordered_set<std::string>>();
                for (const auto &item : object.items()) {
                    frame.keys->insert(item.key());
                }
                frame.keys->insert(name);
            }
        }
        m_key = name;
        if (duplicate) {
            return problem(childPointer(),
                           "the key \"" + name + "\" appears twice in the same object");
        }
        m_slot = &object[name];
        return true;
    }

    bool parse_error(std::size_t position, const std::string &,
                     const nlohmann::detail::exception &ex) {
        m_syntaxPosition = position;
        m_syntaxMessage = ex.what();
        return false;
    }

    [[nodiscard]] Json &root() { return m_root; }
    [[nodiscard]] const std::optional<DomProblem> &problem() const { return m_problem; }
    [[nodiscard]] bool syntaxError() const { return !m_syntaxMessage.empty(); }
    [[nodiscard]] std::size_t syntaxPosition() const { return m_syntaxPosition; }
    [[nodiscard]] const std::string &syntaxMessage() const { return m_syntaxMessage; }

private:
    struct Frame {
        Json *value = nullptr;
        std::string token; // how the parent reaches this value
        std::unique_ptr<std::unordered_set<std::string>> keys;
    };

    // The pointer of the value about to be put.
    std::string childPointer() const {
        std::string out;
        for (std::size_t i = 1; i < m_stack.size(); ++i) {
            out.append("/").append(m_stack[i].token);
        }
        if (!m_stack.empty()) {
            out.append("/").append(childToken());
        }
        return out;
    }

    std::string childToken() const {
        const Json &parent = *m_stack.back().value;
        return parent.is_array() ? std::to_string(parent.size()) : escapePointerToken(m_key);
    }

    bool problem(std::string pointer, std::string message) {
        m_problem = DomProblem{std::move(pointer), std::move(message)};
        return false;
    }

    Json *put(Json value) {
        if (m_stack.empty()) {
            m_root = std::move(value);
            return &m_root;
        }
        Json &parent = *m_stack.back().value;
        if (parent.is_array()) {
            parent.push_back(std::move(value));
            return &parent.back();
        }
        *m_slot = std::move(value);
        return m_slot;
    }

    bool open(Json container) {
        if (m_stack.size() >= kMaxNesting) {
            return problem(childPointer(), "the document nests deeper than " +
                                               std::to_string(kMaxNesting) + " levels");
        }
        std::string token = m_stack.empty() ? std::string() : childToken();
        Json *placed = put(std::move(container));
        m_stack.push_back(Frame{placed, std::move(token), nullptr});
        return true;
    }

    bool close() {
        m_stack.pop_back();
        return true;
    }

    Json m_root;
    std::vector<Frame> m_stack;
    Json *m_slot = nullptr;
    std::string m_key;
    std::optional<DomProblem> m_problem;
    std::size_t m_syntaxPosition = 0;
    std::string m_syntaxMessage;
};

// Where a JSON pointer's value starts in `text` (the deepest existing prefix of it when the
// pointer names a missing field; the last occurrence when a key is duplicated). Only runs after
// an error, so it may take its time.
std::optional<std::size_t> locatePointer(std::string_view text, std::string_view pointer) {
    std::vector<std::string> wanted;
    if (!pointer.empty()) {
        std::size_t start = 1;
        while (true) {
            const std::size_t slash = pointer.find('/', start);
            wanted.push_back(unescapePointerToken(pointer.substr(start, slash - start)));
            if (slash == std::string_view::npos) {
                break;
            }
            start = slash + 1;
        }
    }
    struct Level {
        bool array = false;
        std::size_t index = 0; // arrays: the index of the next value
        std::string token;     // how the parent reaches this container
    };
    JsonReaderLimits limits;
    limits.maxDepth = kMaxNesting + 1;
    JsonReader reader(text, limits);
    std::vector<Level> levels;
    std::optional<std::size_t> best;
    std::size_t bestDepth = 0;
    std::string lastKey;
    while (true) {
        const JsonToken token = reader.next();
        if (token == JsonToken::End || token == JsonToken::Error) {
            break;
        }
        if (token == JsonToken::FieldName) {
            lastKey = reader.fieldName();
            continue;
        }
        if (token == JsonToken::EndObject || token == JsonToken::EndArray) {
            if (!levels.empty()) {
                levels.pop_back();
            }
            continue;
        }
        std::string own;
        if (!levels.empty()) {
            Level &parent = levels.back();
            own = parent.array ? std::to_string(parent.index++) : lastKey;
        }
        // The value's path is levels[1..].token followed by `own` (nothing for the root).
        const std::size_t depth = levels.size();
        bool prefix = depth <= wanted.size();
        for (std::size_t i = 1; i < levels.size() && prefix; ++i) {
            prefix = levels[i].token == wanted[i - 1];
        }
        if (prefix && depth > 0) {
            prefix = own == wanted[depth - 1];
        }
        if (prefix && depth >= bestDepth) {
            best = reader.tokenOffset();
            bestDepth = depth;
        }
        if (token == JsonToken::StartObject || token == JsonToken::StartArray) {
            levels.push_back(Level{token == JsonToken::StartArray, 0, std::move(own)});
        }
    }
    return best;
}

// ================================================================================================
// Reading the content

std::size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                              std::tolower(static_cast<unsigned char>(b[j - 1]));
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// "; did you mean \"bus\"?" when one of `candidates` is close to `word`, else "".
std::string suggestion(std::string_view word, const std::vector<std::string_view> &candidates) {
    std::string_view best;
    std::size_t bestDistance = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (std::string_view candidate : candidates) {
        const std::size_t distance = editDistance(word, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    if (best.empty()) {
        return {};
    }
    std::string out = "; did you mean \"";
    out.append(best).append("\"?");
    return out;
}

std::string joinNames(const std::vector<std::string_view> &names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) {
            out.append(", ");
        }
        out.append(names[i]);
    }
    return out;
}

// Collects the first content error, phrased for the element being read: "<element pointer>
// (<kind> \"<id>\"): field \"<path inside the element>\" <what is wrong>".
class Problems {
public:
    [[nodiscard]] bool failed() const { return m_error.has_value(); }
    [[nodiscard]] const Error &error() const { return *m_error; }

    // The element (or top-level object, with an empty base) that later messages are about.
    void setSubject(std::string base, std::string label) {
        m_base = std::move(base);
        m_label = std::move(label);
    }

    void fail(const std::string &pointer, std::string_view what) {
        if (m_error) {
            return;
        }
        std::string relative = pointer;
        if (relative.size() >= m_base.size() && relative.compare(0, m_base.size(), m_base) == 0 &&
            (relative.size() == m_base.size() || relative[m_base.size()] == '/')) {
            relative.erase(0, m_base.size());
        }
        if (!relative.empty() && relative.front() == '/') {
            relative.erase(0, 1);
        }
        std::string message = m_label;
        if (!message.empty()) {
            message.append(": ");
        }
        if (!relative.empty()) {
            message.append("field \"").append(relative).append("\" ");
        }
        message.append(what);
        Error error;
        error.message = std::move(message);
        error.field = pointer;
        m_error = std::move(error);
    }

private:
    std::string m_base;
    std::string m_label;
    std::optional<Error> m_error;
};

enum class Need : std::uint8_t { Optional, Required };

// Reads the fields of one JSON object, remembering which it knows so that finish() can report
// the rest as unknown (almost always a typo that would otherwise be silently ignored).
class ObjectReader {
public:
    ObjectReader(Problems &problems, const Json &value, std::string pointer, std::string noun)
        : m_problems(problems), m_pointer(std::move(pointer)), m_noun(std::move(noun)) {
        if (value.is_object()) {
            m_object = &value;
        } else {
            m_problems.fail(m_pointer, "must be an object, not " + describeJsonType(value));
        }
    }

    [[nodiscard]] Problems &problems() { return m_problems; }
    [[nodiscard]] bool failed() const { return m_problems.failed(); }
    [[nodiscard]] const std::string &pointer() const { return m_pointer; }
    [[nodiscard]] std::string pointerOf(std::string_view name) const {
        std::string out = m_pointer;
        out.append("/").append(escapePointerToken(name));
        return out;
    }
    void fail(std::string_view name, std::string_view what) {
        m_problems.fail(pointerOf(name), what);
    }

    // The field's value, or null when it is absent (finish() reports a missing required one).
    const Json *field(std::string_view name, Need need) {
        m_known.push_back(name);
        if (!m_object) {
            return nullptr;
        }
        const auto it = m_object->find(std::string(name));
        if (it == m_object->end()) {
            if (need == Need::Required) {
                m_missing.push_back(name);
            }
            return nullptr;
        }
        return &*it;
    }

    std::string string(std::string_view name, Need need = Need::Optional,
                       std::string fallback = {}) {
        const Json *value = field(name, need);
        if (!value) {
            return fallback;
        }
        if (!value->is_string()) {
            fail(name, "must be a string, not " + describeJsonType(*value));
            return fallback;
        }
        return value->get<std::string>();
    }

    std::optional<std::string> optionalString(std::string_view name) {
        const Json *value = field(name, Need::Optional);
        if (!value || value->is_null()) {
            return std::nullopt;
        }
        if (!value->is_string()) {
            fail(name, "must be a string or null, not " + describeJsonType(*value));
            return std::nullopt;
        }
        return value->get<std::string>();
    }

    double number(std::string_view name, double fallback, Need need = Need::Optional) {
        const Json *value = field(name, need);
        if (!value) {
            return fallback;
        }
        if (!value->is_number()) {
            fail(name, "must be a number, not " + describeJsonType(*value));
            return fallback;
        }
        const double out = value->get<double>();
        if (!std::isfinite(out)) {
            fail(name, "must be a finite number");
            return fallback;
        }
        return out;
    }

    int integer(std::string_view name, int fallback, Need need = Need::Optional) {
        const Json *value = field(name, need);
        if (!value) {
            return fallback;
        }
        if (value->is_number_float()) {
            fail(name, "must be a whole number, not " + value->dump());
            return fallback;
        }
        if (!value->is_number_integer()) {
            fail(name, "must be a whole number, not " + describeJsonType(*value));
            return fallback;
        }
        const bool fits = value->is_number_unsigned()
                              ? value->get<std::uint64_t>() <=
                                    static_cast<std::uint64_t>(std::numeric_limits<int>::max())
                              : (value->get<std::int64_t>() >= std::numeric_limits<int>::min() &&
                                 value->get<std::int64_t>() <= std::numeric_limits<int>::max());
        if (!fits) {
            fail(name, "is " + value->dump() + ", out of range");
            return fallback;
        }
        return static_cast<int>(value->get<std::int64_t>());
    }

    bool boolean(std::string_view name, bool fallback) {
        const Json *value = field(name, Need::Optional);
        if (!value) {
            return fallback;
        }
        if (!value->is_boolean()) {
            fail(name, "must be true or false, not " + describeJsonType(*value));
            return fallback;
        }
        return value->get<bool>();
    }

    ElementId reference(std::string_view name, Need need = Need::Optional) {
        const Json *value = field(name, need);
        return value ? referenceValue(*value, pointerOf(name), m_problems) : ElementId{};
    }

    std::vector<ElementId> referenceList(std::string_view name) {
        std::vector<ElementId> out;
        eachOf(name, Need::Optional, [&](const Json &item, const std::string &where) {
            if (item.is_null()) {
                m_problems.fail(where, "must be an element id, not null");
                return;
            }
            out.push_back(referenceValue(item, where, m_problems));
        });
        return out;
    }

    Json anyJson(std::string_view name, Json fallback) {
        const Json *value = field(name, Need::Optional);
        return value ? *value : fallback;
    }

    // A JSON text written as a string, or (when it was the compact form of an object) as the
    // object itself; see jsonTextToJson.
    std::optional<std::string> jsonText(std::string_view name, Need need, bool nullable) {
        const Json *value = field(name, need);
        if (!value || (nullable && value->is_null())) {
            return std::nullopt;
        }
        if (value->is_string()) {
            return value->get<std::string>();
        }
        if (value->is_object()) {
            return value->dump(-1, ' ', false, Json::error_handler_t::replace);
        }
        fail(name, std::string("must be a string or an object") + (nullable ? " or null" : "") +
                       ", not " + describeJsonType(*value));
        return std::nullopt;
    }

    template <typename Enum>
    Enum enumeration(std::string_view name, Need need, Enum fallback, std::string_view what,
                     const std::vector<std::string_view> &names) {
        const Json *value = field(name, need);
        if (!value) {
            return fallback;
        }
        if (!value->is_string()) {
            fail(name, "must be a string, not " + describeJsonType(*value));
            return fallback;
        }
        const std::string text = value->get<std::string>();
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (names[i] == text) {
                return static_cast<Enum>(i);
            }
        }
        std::string hint = suggestion(text, names);
        if (hint.empty()) {
            hint = "; use one of " + joinNames(names);
        }
        fail(name, "is \"" + text + "\", which is not " + std::string(what) + hint);
        return fallback;
    }

    // Calls `each(item, pointer)` for the items of an array field.
    template <typename F> void eachOf(std::string_view name, Need need, F &&each) {
        const Json *value = field(name, need);
        if (!value) {
            return;
        }
        if (!value->is_array()) {
            fail(name, "must be an array, not " + describeJsonType(*value));
            return;
        }
        const std::string where = pointerOf(name);
        for (std::size_t i = 0; i < value->size() && !failed(); ++i) {
            each((*value)[i], where + "/" + std::to_string(i));
        }
    }

    // Reports fields nobody asked for, then required fields that are missing.
    void finish() {
        if (!m_object || failed()) {
            return;
        }
        for (const auto &item : m_object->items()) {
            if (std::find(m_known.begin(), m_known.end(), item.key()) == m_known.end()) {
                std::vector<std::string_view> known;
                for (std::string_view name : m_known) {
                    if (std::find(known.begin(), known.end(), name) == known.end()) {
                        known.push_back(name);
                    }
                }
                std::string what = "is not a " + m_noun + " field";
                const std::string hint = suggestion(item.key(), known);
                what.append(hint.empty()
                                ? " (a typo?); " + m_noun + " fields are " + joinNames(known)
                                : hint);
                fail(item.key(), what);
                return;
            }
        }
        if (!m_missing.empty()) {
            fail(m_missing.front(), "is missing");
        }
    }

    static ElementId referenceValue(const Json &value, const std::string &where,
                                    Problems &problems) {
        if (value.is_null()) {
            return {};
        }
        if (!value.is_string()) {
            problems.fail(where, "must be an element id (a string) or null, not " +
                                     describeJsonType(value));
            return {};
        }
        const std::string text = value.get<std::string>();
        if (!isValidElementId(text)) {
            problems.fail(where, "is \"" + text +
                                     "\", which is not a valid element id (use 1 to 128 letters, "
                                     "digits, '.', '_' or '-')");
            return {};
        }
        return ElementId{text};
    }

private:
    Problems &m_problems;
    const Json *m_object = nullptr;
    std::string m_pointer;
    std::string m_noun;
    std::vector<std::string_view> m_known;
    std::vector<std::string_view> m_missing;
};

template <std::size_t N>
std::vector<std::string_view> namesOf(const std::array<std::string_view, N> &names) {
    return {names.begin(), names.end()};
}

template <typename Enum, typename NameOf>
std::vector<std::string_view> namesOf(std::size_t count, NameOf nameOf) {
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < count; ++i) {
        out.push_back(nameOf(static_cast<Enum>(i)));
    }
    return out;
}

const std::vector<std::string_view> &elementKindNames() {
    static const std::vector<std::string_view> names =
        namesOf<ElementKind>(kElementKindCount, elementKindName);
    return names;
}

Point readPoint(ObjectReader &parent, std::string_view name) {
    Point out;
    const Json *value = parent.field(name, Need::Optional);
    if (!value) {
        return out;
    }
    ObjectReader r(parent.problems(), *value, parent.pointerOf(name), "position");
    out.x = r.number("x", out.x);
    out.y = r.number("y", out.y);
    r.finish();
    return out;
}

Rect readRect(ObjectReader &parent, std::string_view name) {
    Rect out;
    const Json *value = parent.field(name, Need::Optional);
    if (!value) {
        return out;
    }
    ObjectReader r(parent.problems(), *value, parent.pointerOf(name), "rectangle");
    out.x = r.number("x", out.x);
    out.y = r.number("y", out.y);
    out.width = r.number("width", out.width);
    out.height = r.number("height", out.height);
    r.finish();
    return out;
}

LatencyDistribution readLatency(ObjectReader &parent, std::string_view name) {
    LatencyDistribution out;
    const Json *value = parent.field(name, Need::Optional);
    if (!value) {
        return out;
    }
    Problems &problems = parent.problems();
    const std::string where = parent.pointerOf(name);
    // The kind decides which fields exist, so read it before the others.
    LatencyKind kind = out.kind;
    {
        ObjectReader probe(problems, *value, where, "latency");
        kind = probe.enumeration("kind", Need::Required, out.kind, "a latency kind",
                                 namesOf(kLatencyKindNames));
        if (problems.failed()) {
            probe.finish();
            return out;
        }
    }
    out.kind = kind;
    std::string noun(enumName(kLatencyKindNames, kind));
    noun.append(" latency");
    ObjectReader r(problems, *value, where, noun);
    (void)r.field("kind", Need::Required);
    switch (kind) {
    case LatencyKind::Fixed:
        out.valueMs = r.number("valueMs", out.valueMs);
        break;
    case LatencyKind::Uniform:
        out.minMs = r.number("minMs", out.minMs);
        out.maxMs = r.number("maxMs", out.maxMs);
        break;
    case LatencyKind::Normal:
        out.meanMs = r.number("meanMs", out.meanMs);
        out.stddevMs = r.number("stddevMs", out.stddevMs);
        break;
    case LatencyKind::LogNormal:
        out.medianMs = r.number("medianMs", out.medianMs);
        out.sigma = r.number("sigma", out.sigma);
        break;
    case LatencyKind::Percentiles:
        r.eachOf("table", Need::Required, [&](const Json &item, const std::string &at) {
            ObjectReader row(problems, item, at, "percentile row");
            LatencyPercentile entry;
            entry.percentile = row.number("percentile", 0, Need::Required);
            entry.ms = row.number("ms", 0, Need::Required);
            row.finish();
            out.table.push_back(entry);
        });
        break;
    }
    r.finish();
    return out;
}

Behavior readBehavior(ObjectReader &parent) {
    Behavior out;
    const Json *value = parent.field("behavior", Need::Optional);
    if (!value) {
        return out;
    }
    Problems &problems = parent.problems();
    ObjectReader r(problems, *value, parent.pointerOf("behavior"), "behavior");
    out.latency = readLatency(r, "latency");
    out.concurrency = r.integer("concurrency", out.concurrency);
    static const std::vector<std::string_view> failureNames =
        namesOf<FailureKind>(kFailureKindCount, failureKindName);
    r.eachOf("failures", Need::Optional, [&](const Json &item, const std::string &at) {
        ObjectReader f(problems, item, at, "failure mode");
        FailureMode mode;
        mode.kind =
            f.enumeration("kind", Need::Required, mode.kind, "a failure kind", failureNames);
        mode.rate = f.number("rate", mode.rate, Need::Required);
        f.finish();
        out.failures.push_back(mode);
    });
    r.eachOf("followUps", Need::Optional, [&](const Json &item, const std::string &at) {
        ObjectReader f(problems, item, at, "follow-up");
        FollowUp followUp;
        followUp.eventType = f.reference("eventType", Need::Required);
        followUp.bus = f.reference("bus");
        followUp.probability = f.number("probability", followUp.probability);
        f.finish();
        out.followUps.push_back(std::move(followUp));
    });
    out.dependsOn = r.referenceList("dependsOn");
    static const std::vector<std::string_view> modeNames{"down", "slow", "failing"};
    r.eachOf("faults", Need::Optional, [&](const Json &item, const std::string &at) {
        ObjectReader f(problems, item, at, "fault window");
        FaultWindow fault;
        fault.fromSeconds = f.number("fromSeconds", fault.fromSeconds, Need::Required);
        fault.toSeconds = f.number("toSeconds", fault.toSeconds, Need::Required);
        fault.mode = f.enumeration("mode", Need::Required, fault.mode, "a fault mode", modeNames);
        if (fault.mode != FaultMode::Slow) {
            fault.failure = f.enumeration("failure", Need::Optional, fault.failure,
                                          "a failure kind", failureNames);
        }
        if (fault.mode == FaultMode::Failing) {
            fault.rate = f.number("rate", fault.rate, Need::Required);
        }
        if (fault.mode == FaultMode::Slow) {
            fault.extraLatencyMs = f.number("extraLatencyMs", fault.extraLatencyMs, Need::Required);
        }
        f.finish(); // a key that does not apply to the mode is reported as unknown
        out.faults.push_back(fault);
    });
    r.finish();
    return out;
}

template <typename T> void readHeader(ObjectReader &r, T &e) {
    e.name = r.string("name");
    e.description = r.string("description");
    e.context = r.reference("context");
    e.position = readPoint(r, "position");
}

BoundedContext readContext(ObjectReader &r) {
    BoundedContext e;
    e.name = r.string("name");
    e.description = r.string("description");
    e.region = readRect(r, "region");
    e.color = r.string("color");
    return e;
}

EventType readEventType(ObjectReader &r) {
    EventType e;
    readHeader(r, e);
    e.source = r.string("source");
    e.detailType = r.string("detailType");
    e.schema = r.anyJson("schema", nullptr);
    r.eachOf("samples", Need::Optional,
             [&](const Json &item, const std::string &) { e.samples.push_back(item); });
    return e;
}

RateModel readRate(ObjectReader &parent) {
    RateModel out;
    const Json *value = parent.field("rate", Need::Optional);
    if (!value) {
        return out;
    }
    Problems &problems = parent.problems();
    ObjectReader r(problems, *value, parent.pointerOf("rate"), "rate");
    out.kind =
        r.enumeration("kind", Need::Required, out.kind, "a rate kind", namesOf(kRateKindNames));
    out.perSecond = r.number("perSecond", out.perSecond);
    out.burstSize = r.integer("burstSize", out.burstSize);
    out.burstEverySeconds = r.number("burstEverySeconds", out.burstEverySeconds);
    r.eachOf("hourly", Need::Optional, [&](const Json &item, const std::string &at) {
        if (!item.is_number() || !std::isfinite(item.get<double>())) {
            problems.fail(at, "must be a number, not " + describeJsonType(item));
            return;
        }
        out.hourly.push_back(item.get<double>());
    });
    r.eachOf("script", Need::Optional, [&](const Json &item, const std::string &at) {
        ObjectReader s(problems, item, at, "scripted put");
        ScriptedPut put;
        put.atSeconds = s.number("atSeconds", put.atSeconds, Need::Required);
        put.count = s.integer("count", put.count);
        s.finish();
        out.script.push_back(put);
    });
    r.finish();
    return out;
}

Producer readProducer(ObjectReader &r) {
    Producer e;
    readHeader(r, e);
    e.bus = r.reference("bus");
    Problems &problems = r.problems();
    r.eachOf("emits", Need::Optional, [&](const Json &item, const std::string &at) {
        ObjectReader m(problems, item, at, "emission");
        Emission emission;
        emission.eventType = m.reference("eventType", Need::Required);
        emission.rate = readRate(m);
        m.eachOf("variations", Need::Optional, [&](const Json &v, const std::string &vat) {
            ObjectReader f(problems, v, vat, "field variation");
            FieldVariation variation;
            variation.path = f.string("path", Need::Required);
            // The simulator builds one object per segment of every event it makes.
            if (const std::string problem = variationPathProblem(variation.path);
                !problem.empty()) {
                f.fail("path", problem);
            }
            variation.kind = f.enumeration("kind", Need::Required, variation.kind,
                                           "a variation kind", namesOf(kVariationKindNames));
            variation.values = f.anyJson("values", variation.values);
            variation.min = f.number("min", variation.min);
            variation.max = f.number("max", variation.max);
            variation.step = f.number("step", variation.step);
            f.finish();
            emission.variations.push_back(std::move(variation));
        });
        m.finish();
        e.emits.push_back(std::move(emission));
    });
    return e;
}

Bus readBus(ObjectReader &r) {
    Bus e;
    readHeader(r, e);
    e.account = r.string("account");
    e.region = r.string("region");
    Problems &problems = r.problems();
    r.eachOf("archives", Need::Optional, [&](const Json &item, const std::string &at) {
        ObjectReader a(problems, item, at, "archive");
        Archive archive;
        archive.name = a.string("name", Need::Required);
        archive.description = a.string("description");
        archive.pattern = a.jsonText("pattern", Need::Optional, false).value_or(std::string());
        archive.retentionDays = a.integer("retentionDays", archive.retentionDays);
        a.finish();
        e.archives.push_back(std::move(archive));
    });
    return e;
}

Target readTarget(Problems &problems, const Json &item, const std::string &at) {
    Target t;
    ObjectReader r(problems, item, at, "target");
    t.id = r.string("id", Need::Required);
    if (!r.failed() && r.field("id", Need::Optional) && t.id.empty()) {
        r.fail("id", "must not be empty");
    }
    t.destination = r.reference("destination", Need::Required);
    if (const Json *retry = r.field("retryPolicy", Need::Optional)) {
        ObjectReader p(problems, *retry, r.pointerOf("retryPolicy"), "retry policy");
        t.retryPolicy.maximumRetryAttempts =
            p.integer("maximumRetryAttempts", t.retryPolicy.maximumRetryAttempts);
        t.retryPolicy.maximumEventAgeSeconds =
            p.integer("maximumEventAgeSeconds", t.retryPolicy.maximumEventAgeSeconds);
        p.finish();
    }
    t.deadLetterQueue = r.reference("deadLetterQueue");
    t.input.input = r.jsonText("input", Need::Optional, true);
    t.input.inputPath = r.optionalString("inputPath");
    if (const Json *transformer = r.field("inputTransformer", Need::Optional);
        transformer && !transformer->is_null()) {
        ObjectReader x(problems, *transformer, r.pointerOf("inputTransformer"),
                       "input transformer");
        InputTransformer value;
        if (const Json *paths = x.field("inputPathsMap", Need::Optional)) {
            const std::string pathsAt = x.pointerOf("inputPathsMap");
            if (!paths->is_object()) {
                problems.fail(pathsAt, "must be an object, not " + describeJsonType(*paths));
            } else {
                for (const auto &entry : paths->items()) {
                    if (!entry.value().is_string()) {
                        problems.fail(pathsAt + "/" + escapePointerToken(entry.key()),
                                      "must be a string (a JSON path), not " +
                                          describeJsonType(entry.value()));
                        break;
                    }
                    value.inputPathsMap.emplace_back(entry.key(), entry.value().get<std::string>());
                }
            }
        }
        value.inputTemplate = x.string("inputTemplate", Need::Required);
        x.finish();
        t.input.inputTransformer = std::move(value);
    }
    r.finish();
    return t;
}

Rule readRule(ObjectReader &r) {
    Rule e;
    readHeader(r, e);
    e.bus = r.reference("bus", Need::Required);
    e.pattern = r.jsonText("pattern", Need::Required, false).value_or(std::string());
    e.enabled = r.boolean("enabled", e.enabled);
    Problems &problems = r.problems();
    r.eachOf("targets", Need::Optional, [&](const Json &item, const std::string &at) {
        Target target = readTarget(problems, item, at);
        if (problems.failed()) {
            return;
        }
        for (std::size_t i = 0; i < e.targets.size(); ++i) {
            if (e.targets[i].id == target.id) {
                problems.fail(at + "/id", "is \"" + target.id + "\", already the id of targets/" +
                                              std::to_string(i) +
                                              "; target ids must be unique within a rule");
                return;
            }
        }
        e.targets.push_back(std::move(target));
    });
    return e;
}

// A file older than formatVersion 2 has no timeout or asynchronous-invocation settings: a
// function then keeps AWS's defaults (the Consumer's own), and lint says so.
Consumer readConsumer(ObjectReader &r, ElementKind kind) {
    Consumer e;
    e.kind = kind;
    readHeader(r, e);
    e.arn = r.string("arn");
    e.behavior = readBehavior(r);
    if (kind == ElementKind::Function) {
        e.timeoutSeconds = r.integer("timeoutSeconds", e.timeoutSeconds);
        if (const Json *async = r.field("asyncInvocation", Need::Optional)) {
            ObjectReader a(r.problems(), *async, r.pointerOf("asyncInvocation"),
                           "asynchronous invocation");
            AsyncInvocation &config = e.asyncInvocation;
            config.maximumRetryAttempts =
                a.integer("maximumRetryAttempts", config.maximumRetryAttempts);
            config.maximumEventAgeSeconds =
                a.integer("maximumEventAgeSeconds", config.maximumEventAgeSeconds);
            config.onFailure = a.reference("onFailure");
            config.deadLetterQueue = a.reference("deadLetterQueue");
            a.finish();
        }
    }
    return e;
}

// As for functions, a queue of a file older than formatVersion 2 keeps SQS's defaults.
Queue readQueue(ObjectReader &r) {
    Queue e;
    readHeader(r, e);
    e.arn = r.string("arn");
    e.fifo = r.boolean("fifo", e.fifo);
    e.messageRetentionSeconds = r.integer("messageRetentionSeconds", e.messageRetentionSeconds);
    e.readBy = r.reference("readBy");
    e.visibilityTimeoutSeconds = r.integer("visibilityTimeoutSeconds", e.visibilityTimeoutSeconds);
    if (const Json *redrive = r.field("redrivePolicy", Need::Optional)) {
        ObjectReader p(r.problems(), *redrive, r.pointerOf("redrivePolicy"), "redrive policy");
        e.redrivePolicy.deadLetterQueue = p.reference("deadLetterQueue");
        e.redrivePolicy.maxReceiveCount =
            p.integer("maxReceiveCount", e.redrivePolicy.maxReceiveCount);
        p.finish();
    }
    e.readerBatchSize = r.integer("readerBatchSize", e.readerBatchSize);
    e.readerMaximumConcurrency = r.integer("readerMaximumConcurrency", e.readerMaximumConcurrency);
    return e;
}

Connection readConnection(ObjectReader &r) {
    Connection e;
    readHeader(r, e);
    static const std::vector<std::string_view> authorizationNames =
        namesOf<AuthorizationType>(kAuthorizationTypeCount, authorizationTypeName);
    e.authorization = r.enumeration("authorization", Need::Optional, e.authorization,
                                    "an authorization type", authorizationNames);
    e.apiKeyName = r.string("apiKeyName");
    e.username = r.string("username");
    e.oauthEndpoint = r.string("oauthEndpoint");
    e.oauthHttpMethod = r.string("oauthHttpMethod");
    e.oauthClientId = r.string("oauthClientId");
    return e;
}

ApiDestination readApiDestination(ObjectReader &r) {
    ApiDestination e;
    readHeader(r, e);
    e.connection = r.reference("connection");
    e.endpoint = r.string("endpoint");
    e.httpMethod = r.string("httpMethod", Need::Optional, e.httpMethod);
    e.invocationRateLimitPerSecond =
        r.integer("invocationRateLimitPerSecond", e.invocationRateLimitPerSecond);
    e.externalSystem = r.reference("externalSystem");
    e.behavior = readBehavior(r);
    return e;
}

ExternalSystem readExternalSystem(ObjectReader &r) {
    ExternalSystem e;
    readHeader(r, e);
    e.behavior = readBehavior(r);
    return e;
}

Sticky readSticky(ObjectReader &r) {
    Sticky e;
    static const std::vector<std::string_view> stickyNames =
        namesOf<StickyKind>(kStickyKindCount, stickyKindName);
    e.kind = r.enumeration("stickyKind", Need::Required, e.kind, "a sticky kind", stickyNames);
    e.text = r.string("text");
    e.context = r.reference("context");
    e.geometry = readRect(r, "geometry");
    e.linked = r.reference("linked");
    return e;
}

// Reads one element, reporting problems as about `where` (its JSON pointer).
std::optional<Element> readElement(Problems &problems, const Json &json, const std::string &where) {
    const auto labelFor = [&where](std::string_view kind, std::string_view id) {
        std::string label = where;
        const bool bare = label.empty();
        if (!bare) {
            label.append(" (");
        }
        label.append(kind);
        if (!id.empty()) {
            label.append(" \"").append(id).append("\"");
        }
        if (!bare) {
            label.append(")");
        }
        return label;
    };
    problems.setSubject(where, where);
    ObjectReader r(problems, json, where, "element");
    if (problems.failed()) {
        return std::nullopt;
    }
    const Json *kindValue = r.field("kind", Need::Required);
    if (!kindValue) {
        r.fail("kind",
               "is missing; it says what the element is (" + joinNames(elementKindNames()) + ")");
        return std::nullopt;
    }
    const ElementKind kind = r.enumeration("kind", Need::Required, ElementKind::Sticky,
                                           "an element kind", elementKindNames());
    if (problems.failed()) {
        return std::nullopt;
    }
    const std::string_view kindName = elementKindName(kind);
    problems.setSubject(where, labelFor(kindName, {}));
    const Json *idValue = r.field("id", Need::Required);
    if (!idValue) {
        r.fail("id", "is missing");
        return std::nullopt;
    }
    if (!idValue->is_string()) {
        r.fail("id", "must be a string, not " + describeJsonType(*idValue));
        return std::nullopt;
    }
    const std::string id = idValue->get<std::string>();
    if (!isValidElementId(id)) {
        r.fail("id", "is \"" + id +
                         "\", which is not a valid element id (use 1 to 128 letters, digits, '.', "
                         "'_' or '-')");
        return std::nullopt;
    }
    problems.setSubject(where, labelFor(kindName, id));

    std::string noun(kindName);
    ObjectReader fields(problems, json, where, noun);
    (void)fields.field("kind", Need::Required);
    (void)fields.field("id", Need::Required);
    Element element = [&]() -> Element {
        switch (kind) {
        case ElementKind::BoundedContext:
            return readContext(fields);
        case ElementKind::EventType:
            return readEventType(fields);
        case ElementKind::Producer:
            return readProducer(fields);
        case ElementKind::Bus:
            return readBus(fields);
        case ElementKind::Rule:
            return readRule(fields);
        case ElementKind::Function:
        case ElementKind::StateMachine:
            return readConsumer(fields, kind);
        case ElementKind::Queue:
            return readQueue(fields);
        case ElementKind::Connection:
            return readConnection(fields);
        case ElementKind::ApiDestination:
            return readApiDestination(fields);
        case ElementKind::ExternalSystem:
            return readExternalSystem(fields);
        case ElementKind::Sticky:
            break;
        }
        return readSticky(fields);
    }();
    fields.finish();
    if (problems.failed()) {
        return std::nullopt;
    }
    elementId(element) = ElementId{id};
    return element;
}

// "targets[2].deadLetterQueue" (a Reference field) as a pointer suffix "targets/2/deadLetterQueue".
std::string referenceFieldToPointer(std::string_view field) {
    std::string out;
    for (char c : field) {
        if (c == '.' || c == '[') {
            out.push_back('/');
        } else if (c != ']') {
            out.push_back(c);
        }
    }
    return out;
}

Error withPosition(Error error, std::string_view text, std::size_t offset) {
    const JsonLocation where = JsonReader(text).locate(offset);
    error.offset = offset;
    error.line = where.line;
    error.column = where.column;
    return error;
}

Error contentError(Error error, std::string_view text) {
    if (const std::optional<std::size_t> offset = locatePointer(text, error.field)) {
        return withPosition(std::move(error), text, *offset);
    }
    return error;
}

// nlohmann's "[json.exception.parse_error.101] parse error at line 3, column 5: <what>" -> <what>.
std::string syntaxProblem(const std::string &what) {
    std::string_view text = what;
    if (text.starts_with("[json.exception.")) {
        const std::size_t close = text.find("] ");
        if (close != std::string_view::npos) {
            text.remove_prefix(close + 2);
        }
    }
    const std::size_t parseError = text.starts_with("parse error") ? 0 : std::string_view::npos;
    if (parseError != std::string_view::npos) {
        const std::size_t colon = text.find(": ", parseError);
        if (colon != std::string_view::npos) {
            text.remove_prefix(colon + 2);
        }
    }
    // "last read: '...'" quotes the input, which may not be UTF-8; a message must be.
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = 1;
        if (decodeUtf8At(text, i, length) < 0) {
            constexpr char kHex[] = "0123456789ABCDEF";
            const auto byte = static_cast<unsigned char>(text[i]);
            out.append("\\x").push_back(kHex[byte >> 4]);
            out.push_back(kHex[byte & 0xF]);
        } else {
            out.append(text.substr(i, length));
        }
        i += length;
    }
    return out;
}

Result<Project> readProject(std::string_view text) {
    // nlohmann's parser takes a NUL for the end of the text: unless the text is broken before it,
    // the NUL is the error, not a silent end of the file.
    const std::optional<Error> nul = findNulByte(text);
    auto nulError = [&] {
        Error error = withPosition(Error{}, text, nul->offset);
        error.message = "line " + std::to_string(error.line) + ", column " +
                        std::to_string(error.column) + ": " + nul->message;
        return error;
    };
    DomBuilder builder;
    const bool parsed = Json::sax_parse(text.begin(), text.end(), &builder,
                                        nlohmann::detail::input_format_t::json, true, false);
    if (builder.syntaxError()) {
        // nlohmann counts the bytes read including the offending one.
        std::size_t offset = builder.syntaxPosition();
        offset = offset > 0 ? offset - 1 : 0;
        offset = std::min(offset, text.size());
        if (nul && offset >= nul->offset) {
            return nulError();
        }
        std::string what = syntaxProblem(builder.syntaxMessage());
        if (offset >= text.size() && !text.empty()) {
            what = "the file ends too early (truncated?): " + what;
        }
        Error error = withPosition(Error{}, text, offset);
        error.message = "line " + std::to_string(error.line) + ", column " +
                        std::to_string(error.column) + ": " + what;
        return error;
    }
    if (const std::optional<DomProblem> &problem = builder.problem()) {
        Error error;
        error.field = problem->pointer;
        error = contentError(std::move(error), text);
        error.message = problem->message;
        if (!problem->pointer.empty()) {
            error.message.append(" (at ").append(problem->pointer).append(")");
        }
        if (error.hasPosition()) {
            error.message = "line " + std::to_string(error.line) + ", column " +
                            std::to_string(error.column) + ": " + error.message;
        }
        return error;
    }
    if (nul) {
        return nulError(); // all before it was a whole document: the rest would be ignored
    }
    if (!parsed) {
        return Error{.message = "the file could not be read as JSON"};
    }

    const Json &root = builder.root();
    Problems problems;
    if (!root.is_object()) {
        return Error{.message = "a Stormglass project file holds a JSON object, not " +
                                describeJsonType(root)};
    }
    ObjectReader top(problems, root, "", "project");
    const Json *version = top.field("formatVersion", Need::Optional);
    if (!version) {
        std::string message = "not a Stormglass project file: it has no \"formatVersion\" field";
        if (root.contains("Resources") || root.contains("AWSTemplateFormatVersion")) {
            message.append(" (it looks like a CloudFormation template: import it instead)");
        }
        return Error{.message = message, .field = "/formatVersion"};
    }
    const int formatVersion = top.integer("formatVersion", 0);
    if (problems.failed()) {
        return contentError(problems.error(), text);
    }
    if (formatVersion < 1) {
        top.fail("formatVersion", "must be 1 or more, not " + std::to_string(formatVersion));
        return contentError(problems.error(), text);
    }
    if (formatVersion > kProjectJsonFormatVersion) {
        return contentError(Error{.message = "written by a newer Stormglass (formatVersion " +
                                             std::to_string(formatVersion) +
                                             "; this version reads up to " +
                                             std::to_string(kProjectJsonFormatVersion) + ")",
                                  .field = "/formatVersion"},
                            text);
    }
    std::string name = top.string("name");
    std::string description = top.string("description");
    const int invocationQuota = top.integer("accountInvocationQuotaPerSecond", 0);
    const Json *elements = top.field("elements", Need::Optional);
    top.finish();
    if (problems.failed()) {
        return contentError(problems.error(), text);
    }

    Project project;
    project.setInfo(std::move(name), std::move(description));
    project.setAccountInvocationQuotaPerSecond(invocationQuota);
    if (formatVersion < kProjectJsonFormatVersion) {
        project.setUpgradedFrom("formatVersion " + std::to_string(formatVersion));
    }
    if (!elements) {
        return project;
    }
    if (!elements->is_array()) {
        top.fail("elements", "must be an array, not " + describeJsonType(*elements));
        return contentError(problems.error(), text);
    }

    std::unordered_map<std::string, std::size_t> indexOfId;
    std::vector<std::string> labels; // per element, for reference errors
    indexOfId.reserve(elements->size());
    labels.reserve(elements->size());
    for (std::size_t i = 0; i < elements->size(); ++i) {
        const std::string where = "/elements/" + std::to_string(i);
        std::optional<Element> element = readElement(problems, (*elements)[i], where);
        if (!element) {
            return contentError(problems.error(), text);
        }
        const std::string &id = elementId(*element).value;
        std::string label = where;
        label.append(" (").append(elementKindName(sg::model::elementKind(*element)));
        label.append(" \"").append(id).append("\")");
        if (const auto it = indexOfId.find(id); it != indexOfId.end()) {
            problems.setSubject(where, label);
            problems.fail(where + "/id", "repeats the id of " + labels[it->second] +
                                             "; every element needs its own id");
            return contentError(problems.error(), text);
        }
        indexOfId.emplace(id, i);
        labels.push_back(std::move(label));
        Result<bool> appended = project.appendUnchecked(std::move(*element));
        if (!appended) {
            Error error = appended.error();
            error.message = labels.back() + ": " + error.message;
            error.field = where + "/id";
            return contentError(std::move(error), text);
        }
    }

    // References, checked here rather than by checkReferences() alone so that the error carries
    // the JSON pointer and the line of the reference.
    for (std::size_t i = 0; i < project.elements().size() && !problems.failed(); ++i) {
        const Element &element = project.elements()[i];
        const std::string where = "/elements/" + std::to_string(i);
        problems.setSubject(where, labels[i]);
        forEachReference(element, [&](const Reference &ref) {
            if (problems.failed()) {
                return;
            }
            const std::string at = where + "/" + referenceFieldToPointer(ref.field);
            const auto it = indexOfId.find(ref.target->value);
            if (it == indexOfId.end()) {
                problems.fail(at, "refers to \"" + ref.target->value +
                                      "\", which is not an element of this project");
                return;
            }
            const ElementKind kind = sg::model::elementKind(project.elements()[it->second]);
            if (std::find(ref.allowed.begin(), ref.allowed.end(), kind) == ref.allowed.end()) {
                problems.fail(at, "refers to " + labels[it->second] + ", but must refer to a " +
                                      elementKindList(ref.allowed));
            }
        });
    }
    if (problems.failed()) {
        return contentError(problems.error(), text);
    }
    if (Result<bool> checked = project.checkReferences(); !checked) {
        return checked.error();
    }
    return project;
}

} // namespace

std::string writeProjectJson(const Project &project) {
    Json root = Json::object();
    root["formatVersion"] = kProjectJsonFormatVersion;
    root["name"] = project.name();
    root["description"] = project.description();
    // Written only when set, so that models without it keep their files as they were.
    if (project.accountInvocationQuotaPerSecond() != 0) {
        root["accountInvocationQuotaPerSecond"] = project.accountInvocationQuotaPerSecond();
    }
    Json elements = Json::array();
    for (const Element &element : project.elements()) {
        elements.push_back(elementToJson(element));
    }
    root["elements"] = std::move(elements);
    // Invalid UTF-8 cannot come from a file we read; replacing it keeps a save from failing.
    std::string out = root.dump(2, ' ', false, Json::error_handler_t::replace);
    out.push_back('\n');
    return out;
}

Result<Project> readProjectJson(std::string_view text) {
    try {
        return readProject(text);
    } catch (const std::exception &e) {
        // Nothing above is meant to throw; a failure to allocate is the realistic case.
        return Error{.message = std::string("the project could not be read: ") + e.what()};
    }
}

Json elementToJson(const Element &element) {
    return std::visit(
        [](const auto &e) -> Json {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, BoundedContext>) {
                Json out = Json::object();
                out["kind"] = elementKindName(ElementKind::BoundedContext);
                out["id"] = e.id.value;
                out["name"] = e.name;
                out["description"] = e.description;
                out["region"] = rectToJson(e.region);
                out["color"] = e.color;
                return out;
            } else if constexpr (std::is_same_v<T, EventType>) {
                Json out = headerToJson(e, elementKindName(ElementKind::EventType));
                out["source"] = e.source;
                out["detailType"] = e.detailType;
                out["schema"] = e.schema;
                Json samples = Json::array();
                for (const Json &sample : e.samples) {
                    samples.push_back(sample);
                }
                out["samples"] = std::move(samples);
                return out;
            } else if constexpr (std::is_same_v<T, Producer>) {
                Json out = headerToJson(e, elementKindName(ElementKind::Producer));
                out["bus"] = idToJson(e.bus);
                Json emits = Json::array();
                for (const Emission &emission : e.emits) {
                    emits.push_back(emissionToJson(emission));
                }
                out["emits"] = std::move(emits);
                return out;
            } else if constexpr (std::is_same_v<T, Bus>) {
                Json out = headerToJson(e, elementKindName(ElementKind::Bus));
                out["account"] = e.account;
                out["region"] = e.region;
                Json archives = Json::array();
                for (const Archive &archive : e.archives) {
                    Json entry = Json::object();
                    entry["name"] = archive.name;
                    entry["description"] = archive.description;
                    entry["pattern"] = jsonTextToJson(archive.pattern);
                    entry["retentionDays"] = archive.retentionDays;
                    archives.push_back(std::move(entry));
                }
                out["archives"] = std::move(archives);
                return out;
            } else if constexpr (std::is_same_v<T, Rule>) {
                Json out = headerToJson(e, elementKindName(ElementKind::Rule));
                out["bus"] = idToJson(e.bus);
                out["pattern"] = jsonTextToJson(e.pattern);
                out["enabled"] = e.enabled;
                Json targets = Json::array();
                for (const Target &target : e.targets) {
                    targets.push_back(targetToJson(target));
                }
                out["targets"] = std::move(targets);
                return out;
            } else if constexpr (std::is_same_v<T, Consumer>) {
                const ElementKind kind = e.kind == ElementKind::StateMachine
                                             ? ElementKind::StateMachine
                                             : ElementKind::Function;
                Json out = headerToJson(e, elementKindName(kind));
                out["arn"] = e.arn;
                out["behavior"] = behaviorToJson(e.behavior);
                if (kind == ElementKind::Function) {
                    out["timeoutSeconds"] = e.timeoutSeconds;
                    Json async = Json::object();
                    async["maximumRetryAttempts"] = e.asyncInvocation.maximumRetryAttempts;
                    async["maximumEventAgeSeconds"] = e.asyncInvocation.maximumEventAgeSeconds;
                    async["onFailure"] = idToJson(e.asyncInvocation.onFailure);
                    async["deadLetterQueue"] = idToJson(e.asyncInvocation.deadLetterQueue);
                    out["asyncInvocation"] = std::move(async);
                }
                return out;
            } else if constexpr (std::is_same_v<T, Queue>) {
                Json out = headerToJson(e, elementKindName(ElementKind::Queue));
                out["arn"] = e.arn;
                out["fifo"] = e.fifo;
                out["messageRetentionSeconds"] = e.messageRetentionSeconds;
                out["readBy"] = idToJson(e.readBy);
                out["visibilityTimeoutSeconds"] = e.visibilityTimeoutSeconds;
                Json redrive = Json::object();
                redrive["deadLetterQueue"] = idToJson(e.redrivePolicy.deadLetterQueue);
                redrive["maxReceiveCount"] = e.redrivePolicy.maxReceiveCount;
                out["redrivePolicy"] = std::move(redrive);
                out["readerBatchSize"] = e.readerBatchSize;
                out["readerMaximumConcurrency"] = e.readerMaximumConcurrency;
                return out;
            } else if constexpr (std::is_same_v<T, Connection>) {
                Json out = headerToJson(e, elementKindName(ElementKind::Connection));
                out["authorization"] = authorizationTypeName(e.authorization);
                out["apiKeyName"] = e.apiKeyName;
                out["username"] = e.username;
                out["oauthEndpoint"] = e.oauthEndpoint;
                out["oauthHttpMethod"] = e.oauthHttpMethod;
                out["oauthClientId"] = e.oauthClientId;
                return out;
            } else if constexpr (std::is_same_v<T, ApiDestination>) {
                Json out = headerToJson(e, elementKindName(ElementKind::ApiDestination));
                out["connection"] = idToJson(e.connection);
                out["endpoint"] = e.endpoint;
                out["httpMethod"] = e.httpMethod;
                out["invocationRateLimitPerSecond"] = e.invocationRateLimitPerSecond;
                out["externalSystem"] = idToJson(e.externalSystem);
                out["behavior"] = behaviorToJson(e.behavior);
                return out;
            } else if constexpr (std::is_same_v<T, ExternalSystem>) {
                Json out = headerToJson(e, elementKindName(ElementKind::ExternalSystem));
                out["behavior"] = behaviorToJson(e.behavior);
                return out;
            } else {
                static_assert(std::is_same_v<T, Sticky>);
                Json out = Json::object();
                out["kind"] = elementKindName(ElementKind::Sticky);
                out["id"] = e.id.value;
                // "kind" already names the element kind, so the sticky's own kind has its own key.
                out["stickyKind"] = stickyKindName(e.kind);
                out["text"] = e.text;
                out["context"] = idToJson(e.context);
                out["geometry"] = rectToJson(e.geometry);
                out["linked"] = idToJson(e.linked);
                return out;
            }
        },
        element);
}

Result<Element> elementFromJson(const Json &json, std::string_view where) {
    try {
        Problems problems;
        std::optional<Element> element = readElement(problems, json, std::string(where));
        if (!element) {
            return problems.error();
        }
        return std::move(*element);
    } catch (const std::exception &e) {
        return Error{.message = std::string("the element could not be read: ") + e.what(),
                     .field = std::string(where)};
    }
}

} // namespace sg::model
