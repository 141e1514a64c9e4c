#include "scenario.h"

#include "arch/limits.h"
#include "core/jsoncheck.h"
#include "core/jsontype.h"
#include "pattern/jsonreader.h"
#include "producers.h"

#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <utility>

namespace sg::sim {

namespace {

using model::Json;
using model::JsonReader;
using model::JsonToken;

// The words a scenario file uses for comparisons, and how reports print them.
struct ComparisonWord {
    std::string_view key;
    Comparison comparison;
    std::string_view symbol;
};
constexpr std::array<ComparisonWord, 5> kComparisons{{
    {"below", Comparison::Less, "<"},
    {"atMost", Comparison::LessEqual, "<="},
    {"equals", Comparison::Equal, "=="},
    {"atLeast", Comparison::GreaterEqual, ">="},
    {"above", Comparison::Greater, ">"},
}};

constexpr std::string_view kCounterNames =
    "put, matched, invoked, succeeded, failed, retried, throttled, sent_to_dlq, dropped, received";

std::string_view symbolOf(Comparison comparison) {
    for (const ComparisonWord &word : kComparisons) {
        if (word.comparison == comparison) {
            return word.symbol;
        }
    }
    return "?";
}

template <typename T> bool compare(const T &actual, Comparison comparison, const T &expected) {
    switch (comparison) {
    case Comparison::Less:
        return actual < expected;
    case Comparison::LessEqual:
        return actual <= expected;
    case Comparison::Equal:
        return actual == expected;
    case Comparison::GreaterEqual:
        return actual >= expected;
    case Comparison::Greater:
        return actual > expected;
    }
    return false;
}

std::string inQuotes(std::string_view text) {
    std::string out = "\"";
    out.append(text).append("\"");
    return out;
}

std::string formatPercentile(double p) {
    std::array<char, 32> buffer{};
    const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), p);
    return ec == std::errc() ? std::string(buffer.data(), end) : std::string("?");
}

// A measured latency for people: "1.84s", "251.903ms", "750us" (to the millisecond from one
// second on, to the microsecond below). Integer arithmetic, so every machine prints the same.
std::string formatLatency(SimTime latency) {
    const SimTime::Rep micros = latency.micros();
    auto withFraction = [](SimTime::Rep whole, SimTime::Rep thousandths, std::string_view unit) {
        std::string out = std::to_string(whole);
        if (thousandths != 0) {
            std::string digits = std::to_string(thousandths);
            digits.insert(0, 3 - digits.size(), '0');
            while (digits.back() == '0') {
                digits.pop_back();
            }
            out.append(".").append(digits);
        }
        return out.append(unit);
    };
    if (micros < 0 || micros < SimTime::kMicrosPerMilli) {
        return std::to_string(micros) + "us";
    }
    if (micros < SimTime::kMicrosPerSecond) {
        return withFraction(micros / 1000, micros % 1000, "ms");
    }
    const SimTime::Rep millis = (micros + 500) / 1000;
    return withFraction(millis / 1000, millis % 1000, "s");
}

std::string member(const std::string &parent, std::string_view key) {
    std::string out = parent;
    if (!out.empty()) {
        out.push_back('.');
    }
    out.append(key);
    return out;
}

std::string element(const std::string &parent, std::size_t index) {
    return parent + "[" + std::to_string(index) + "]";
}

// --- Reading JSON with positions -----------------------------------------------------------------

// The parsed file and where each value and key starts, by JSON path ("faults[1].from").
struct Document {
    Json root;
    std::map<std::string, std::size_t, std::less<>> valueOffsets;
    std::map<std::string, std::size_t, std::less<>> keyOffsets;
};

// A failure while reading: the message and the offset it concerns.
struct Problem {
    std::string message;
    std::size_t offset = 0;
    std::string path; // empty for syntax errors
};

class TreeBuilder {
public:
    explicit TreeBuilder(std::string_view text) : m_reader(text, limits()) {}

    std::optional<Problem> build(Document &document) {
        m_document = &document;
        JsonToken token = m_reader.next();
        if (token == JsonToken::End) {
            return Problem{"the file is empty", 0, {}};
        }
        if (std::optional<Problem> problem = readValue(token, "", document.root)) {
            return problem;
        }
        token = m_reader.next();
        if (token == JsonToken::Error) {
            return readerProblem();
        }
        if (token != JsonToken::End) {
            return Problem{
                "unexpected content after the scenario object", m_reader.tokenOffset(), {}};
        }
        return std::nullopt;
    }

    [[nodiscard]] const JsonReader &reader() const { return m_reader; }

private:
    // readValue recurses once per level: the shared nesting limit keeps it shallow.
    static model::JsonReaderLimits limits() {
        model::JsonReaderLimits limits;
        limits.maxDepth = kMaxJsonNesting;
        return limits;
    }

    Problem readerProblem() const {
        return Problem{m_reader.error().message, m_reader.error().offset, {}};
    }

    std::optional<Problem> readValue(JsonToken token, const std::string &path, Json &out) {
        m_document->valueOffsets.emplace(path, m_reader.tokenOffset());
        switch (token) {
        case JsonToken::StartObject: {
            out = Json::object();
            while (true) {
                token = m_reader.next();
                if (token == JsonToken::EndObject) {
                    return std::nullopt;
                }
                if (token != JsonToken::FieldName) {
                    return readerProblem();
                }
                const std::string key = m_reader.fieldName();
                const std::string at = member(path, key);
                if (m_reader.duplicateField()) {
                    return Problem{"the key " + inQuotes(key) + " appears twice",
                                   m_reader.tokenOffset(), at};
                }
                m_document->keyOffsets.emplace(at, m_reader.tokenOffset());
                Json value;
                if (std::optional<Problem> problem = readValue(m_reader.next(), at, value)) {
                    return problem;
                }
                out[key] = std::move(value);
            }
        }
        case JsonToken::StartArray: {
            out = Json::array();
            for (std::size_t index = 0;; ++index) {
                token = m_reader.next();
                if (token == JsonToken::EndArray) {
                    return std::nullopt;
                }
                Json value;
                if (std::optional<Problem> problem =
                        readValue(token, element(path, index), value)) {
                    return problem;
                }
                out.push_back(std::move(value));
            }
        }
        case JsonToken::String: {
            Result<std::string_view> text = m_reader.stringValue();
            if (!text) {
                return Problem{text.error().message, text.error().offset, {}};
            }
            out = std::string(*text);
            return std::nullopt;
        }
        case JsonToken::Number:
            out = number();
            return std::nullopt;
        case JsonToken::True:
            out = true;
            return std::nullopt;
        case JsonToken::False:
            out = false;
            return std::nullopt;
        case JsonToken::Null:
            out = nullptr;
            return std::nullopt;
        default:
            return readerProblem();
        }
    }

    // Whole numbers stay integers (seeds need all 64 bits); the rest are doubles.
    Json number() const {
        const std::string_view text = m_reader.numberText();
        if (text.find_first_of(".eE") == std::string_view::npos) {
            std::int64_t signedValue = 0;
            const auto [end, ec] =
                std::from_chars(text.data(), text.data() + text.size(), signedValue);
            if (ec == std::errc() && end == text.data() + text.size()) {
                return signedValue;
            }
            std::uint64_t unsignedValue = 0;
            const auto [uend, uec] =
                std::from_chars(text.data(), text.data() + text.size(), unsignedValue);
            if (uec == std::errc() && uend == text.data() + text.size()) {
                return unsignedValue;
            }
        }
        return m_reader.numberValue();
    }

    JsonReader m_reader;
    Document *m_document = nullptr;
};

// --- Checking the content
// --------------------------------------------------------------------------

class ScenarioReader {
public:
    ScenarioReader(const Document &document, const JsonReader &locator, std::string_view fileName)
        : m_document(document), m_locator(locator), m_fileName(fileName) {}

    Error fail(const std::string &path, const std::string &message, bool atKey = false) const {
        std::size_t offset = 0;
        const auto &offsets = atKey ? m_document.keyOffsets : m_document.valueOffsets;
        if (const auto it = offsets.find(path); it != offsets.end()) {
            offset = it->second;
        } else if (const auto value = m_document.valueOffsets.find(path);
                   value != m_document.valueOffsets.end()) {
            offset = value->second;
        }
        return positioned(offset, path, message, m_locator, m_fileName);
    }

    static Error positioned(std::size_t offset, const std::string &path, const std::string &message,
                            const JsonReader &locator, std::string_view fileName) {
        const model::JsonLocation where = locator.locate(offset);
        Error error;
        error.offset = offset;
        error.line = where.line;
        error.column = where.column;
        error.field = path;
        error.message = std::string(fileName);
        error.message.append(":")
            .append(std::to_string(where.line))
            .append(":")
            .append(std::to_string(where.column))
            .append(": ");
        if (!path.empty()) {
            error.message.append(path).append(": ");
        }
        error.message.append(message);
        return error;
    }

    std::optional<Error> checkKeys(const Json &object, const std::string &path,
                                   std::initializer_list<std::string_view> known) const {
        for (auto it = object.begin(); it != object.end(); ++it) {
            bool found = false;
            for (std::string_view key : known) {
                found = found || key == it.key();
            }
            if (!found) {
                std::string list;
                for (std::string_view key : known) {
                    list.append(list.empty() ? "" : ", ").append(key);
                }
                return fail(member(path, it.key()),
                            "unknown key " + inQuotes(it.key()) + " (known keys: " + list + ")",
                            true);
            }
        }
        return std::nullopt;
    }

    Error wrongType(const std::string &path, const Json &value, std::string_view wanted) const {
        return fail(path, "expected " + std::string(wanted) + ", found " + describeJsonType(value));
    }

    Error missing(const std::string &path, std::string_view key) const {
        return fail(path, "the key " + inQuotes(key) + " is missing");
    }

    Result<std::string> string(const Json &value, const std::string &path) const {
        if (!value.is_string()) {
            return wrongType(path, value, "a string");
        }
        return value.get<std::string>();
    }

    Result<model::ElementId> elementId(const Json &value, const std::string &path) const {
        Result<std::string> text = string(value, path);
        if (!text) {
            return text.error();
        }
        if (!model::isValidElementId(*text)) {
            return fail(path,
                        inQuotes(*text) + " is not an element id (letters, digits, '.', '_', '-')");
        }
        return model::ElementId{std::move(*text)};
    }

    Result<SimTime> duration(const Json &value, const std::string &path) const {
        Result<std::string> text = string(value, path);
        if (!text) {
            return fail(path, "expected a duration such as \"90s\", \"10m\" or \"1h\", found " +
                                  describeJsonType(value));
        }
        Result<SimTime> parsed = parseDuration(*text);
        if (!parsed) {
            return fail(path, parsed.error().message);
        }
        return *parsed;
    }

    Result<double> probability(const Json &value, const std::string &path) const {
        if (!value.is_number()) {
            return wrongType(path, value, "a number from 0 to 1");
        }
        const double p = value.get<double>();
        if (!(p >= 0 && p <= 1)) {
            return fail(path, "must be from 0 to 1, found " + value.dump());
        }
        return p;
    }

    Result<std::uint64_t> count(const Json &value, const std::string &path) const {
        if (value.is_number_unsigned()) {
            return value.get<std::uint64_t>();
        }
        if (value.is_number_integer()) {
            if (value.get<std::int64_t>() >= 0) {
                return static_cast<std::uint64_t>(value.get<std::int64_t>());
            }
        } else if (value.is_number_float()) {
            const double d = value.get<double>();
            if (d >= 0 && d < 0x1p53 && std::floor(d) == d) {
                return static_cast<std::uint64_t>(d);
            }
        }
        return wrongType(path, value, "a whole number >= 0");
    }

    Result<Scenario> read() const {
        const Json &root = m_document.root;
        if (!root.is_object()) {
            return wrongType("", root, "a scenario object");
        }
        if (std::optional<Error> error =
                checkKeys(root, "",
                          {"name", "description", "model", "duration", "seed", "duplicateRate",
                           "faults", "puts", "assertions"})) {
            return *error;
        }
        Scenario scenario;
        for (auto [key, target] :
             {std::pair<std::string_view, std::string *>{"name", &scenario.name},
              {"description", &scenario.description},
              {"model", &scenario.model}}) {
            if (const auto it = root.find(key); it != root.end()) {
                Result<std::string> text = string(*it, std::string(key));
                if (!text) {
                    return text.error();
                }
                *target = std::move(*text);
            }
        }
        if (root.contains("model") && scenario.model.empty()) {
            return fail("model", "the model file name is empty; name the model file (relative to "
                                 "the scenario file) or leave the key out and give MODEL");
        }
        if (const auto it = root.find("duration"); it != root.end()) {
            Result<SimTime> value = duration(*it, "duration");
            if (!value) {
                return value.error();
            }
            if (value->isZero()) {
                return fail("duration", "a run needs a duration longer than 0s");
            }
            scenario.duration = *value;
        }
        if (const auto it = root.find("seed"); it != root.end()) {
            Result<std::uint64_t> seed = count(*it, "seed");
            if (!seed) {
                return seed.error();
            }
            scenario.seed = *seed;
        }
        if (const auto it = root.find("duplicateRate"); it != root.end()) {
            Result<double> rate = probability(*it, "duplicateRate");
            if (!rate) {
                return rate.error();
            }
            scenario.duplicateRate = *rate;
        }
        if (std::optional<Error> error =
                eachOf(root, "faults", [&](const Json &item, const std::string &at) {
                    Result<FaultWindow> fault = readFault(item, at);
                    if (!fault) {
                        return std::optional<Error>(fault.error());
                    }
                    scenario.faults.push_back(std::move(*fault));
                    return std::optional<Error>();
                })) {
            return *error;
        }
        if (std::optional<Error> error =
                eachOf(root, "puts", [&](const Json &item, const std::string &at) {
                    Result<ExtraPut> put = readPut(item, at);
                    if (!put) {
                        return std::optional<Error>(put.error());
                    }
                    scenario.puts.push_back(std::move(*put));
                    return std::optional<Error>();
                })) {
            return *error;
        }
        if (scenario.puts.size() > model::kMaxScriptEntries) {
            return fail("puts", "has " + std::to_string(scenario.puts.size()) +
                                    " puts; a scenario may have at most " +
                                    std::to_string(model::kMaxScriptEntries));
        }
        std::uint64_t putEvents = 0;
        for (const ExtraPut &put : scenario.puts) {
            putEvents += static_cast<std::uint64_t>(put.count);
        }
        if (putEvents > static_cast<std::uint64_t>(model::kMaxScriptedEvents)) {
            return fail("puts", "put " + std::to_string(putEvents) +
                                    " events in all; a scenario may put at most " +
                                    std::to_string(model::kMaxScriptedEvents));
        }
        if (std::optional<Error> error =
                eachOf(root, "assertions", [&](const Json &item, const std::string &at) {
                    Result<Assertion> assertion = readAssertion(item, at);
                    if (!assertion) {
                        return std::optional<Error>(assertion.error());
                    }
                    scenario.assertions.push_back(std::move(*assertion));
                    return std::optional<Error>();
                })) {
            return *error;
        }
        return scenario;
    }

private:
    template <typename Visit>
    std::optional<Error> eachOf(const Json &root, std::string_view key, Visit &&visit) const {
        const auto it = root.find(key);
        if (it == root.end()) {
            return std::nullopt;
        }
        const std::string path(key);
        if (!it->is_array()) {
            return wrongType(path, *it, "an array");
        }
        for (std::size_t i = 0; i < it->size(); ++i) {
            const std::string at = element(path, i);
            const Json &item = (*it)[i];
            if (!item.is_object()) {
                return wrongType(at, item, "an object");
            }
            if (std::optional<Error> error = visit(item, at)) {
                return error;
            }
        }
        return std::nullopt;
    }

    Result<FaultWindow> readFault(const Json &item, const std::string &at) const {
        if (std::optional<Error> error = checkKeys(
                item, at, {"element", "from", "to", "mode", "failure", "rate", "extraLatency"})) {
            return *error;
        }
        for (std::string_view key : {"element", "from", "to", "mode"}) {
            if (!item.contains(key)) {
                return missing(at, key);
            }
        }
        FaultWindow fault;
        Result<model::ElementId> id = elementId(item["element"], member(at, "element"));
        if (!id) {
            return id.error();
        }
        fault.element = std::move(*id);
        Result<SimTime> from = duration(item["from"], member(at, "from"));
        if (!from) {
            return from.error();
        }
        Result<SimTime> to = duration(item["to"], member(at, "to"));
        if (!to) {
            return to.error();
        }
        if (*to <= *from) {
            return fail(member(at, "to"), "the window ends (" + formatDuration(*to) +
                                              ") before it starts (" + formatDuration(*from) +
                                              "): \"to\" must be later than \"from\"");
        }
        fault.from = *from;
        fault.to = *to;

        Result<std::string> mode = string(item["mode"], member(at, "mode"));
        if (!mode) {
            return mode.error();
        }
        if (*mode == "down") {
            fault.mode = FaultMode::Down;
        } else if (*mode == "slow") {
            fault.mode = FaultMode::Slow;
        } else if (*mode == "failing") {
            fault.mode = FaultMode::Failing;
            // A "failing" window without a failure kind stands for a flaky service: 5xx.
            fault.failure = model::FailureKind::ServerError;
        } else {
            return fail(member(at, "mode"),
                        "unknown mode " + inQuotes(*mode) + " (one of down, slow, failing)");
        }
        // Each mode takes only the keys it uses, so a misplaced key is an error, not a no-op.
        auto onlyFor = [&](std::string_view key, std::string_view modes) -> std::optional<Error> {
            if (item.contains(key) && modes.find(*mode) == std::string_view::npos) {
                return fail(member(at, key),
                            inQuotes(key) + " does not apply to mode " + inQuotes(*mode), true);
            }
            return std::nullopt;
        };
        for (const auto &[key, modes] :
             {std::pair<std::string_view, std::string_view>{"failure", "down failing"},
              {"rate", "failing"},
              {"extraLatency", "slow"}}) {
            if (std::optional<Error> error = onlyFor(key, modes)) {
                return *error;
            }
        }
        if (const auto it = item.find("failure"); it != item.end()) {
            Result<std::string> name = string(*it, member(at, "failure"));
            if (!name) {
                return name.error();
            }
            const std::optional<model::FailureKind> kind = model::failureKindFromName(*name);
            if (!kind) {
                return fail(member(at, "failure"),
                            "unknown failure " + inQuotes(*name) +
                                " (one of throttled, serverError, timeout, connectionFailure, "
                                "permissionDenied, targetDeleted, clientError)");
            }
            fault.failure = *kind;
        }
        if (fault.mode == FaultMode::Failing) {
            if (!item.contains("rate")) {
                return missing(at, "rate");
            }
            Result<double> rate = probability(item["rate"], member(at, "rate"));
            if (!rate) {
                return rate.error();
            }
            fault.rate = *rate;
        }
        if (fault.mode == FaultMode::Slow) {
            if (!item.contains("extraLatency")) {
                return missing(at, "extraLatency");
            }
            Result<SimTime> extra = duration(item["extraLatency"], member(at, "extraLatency"));
            if (!extra) {
                return extra.error();
            }
            fault.extraLatency = *extra;
        }
        return fault;
    }

    // An event of a put: an object with string `source` and `detail-type`, and an object
    // `detail` if any.
    std::optional<Error> checkEvent(const Json &event, const std::string &eventPath) const {
        if (!event.is_object()) {
            return wrongType(eventPath, event, "an event object");
        }
        for (std::string_view key : {"source", "detail-type"}) {
            const auto it = event.find(key);
            if (it == event.end()) {
                return missing(eventPath, key);
            }
            if (!it->is_string()) {
                return wrongType(member(eventPath, key), *it, "a string");
            }
        }
        if (const auto it = event.find("detail"); it != event.end() && !it->is_object()) {
            return wrongType(member(eventPath, "detail"), *it, "an object");
        }
        return std::nullopt;
    }

    Result<ExtraPut> readPut(const Json &item, const std::string &at) const {
        if (std::optional<Error> error =
                checkKeys(item, at, {"at", "bus", "event", "count", "entries"})) {
            return *error;
        }
        const bool call = item.contains("entries");
        if (call && item.contains("event")) {
            return fail(member(at, "entries"),
                        "a put has either \"event\" (with \"count\") or \"entries\" (one "
                        "PutEvents call), not both");
        }
        if (call && item.contains("count")) {
            return fail(member(at, "count"),
                        "a put with \"entries\" is one PutEvents call of those events; "
                        "\"count\" applies only to \"event\"");
        }
        for (std::string_view key : {"at", "bus", call ? "entries" : "event"}) {
            if (!item.contains(key)) {
                return missing(at, key);
            }
        }
        ExtraPut put;
        Result<SimTime> time = duration(item["at"], member(at, "at"));
        if (!time) {
            return time.error();
        }
        put.at = *time;
        Result<model::ElementId> bus = elementId(item["bus"], member(at, "bus"));
        if (!bus) {
            return bus.error();
        }
        put.bus = std::move(*bus);
        if (call) {
            const std::string entriesPath = member(at, "entries");
            const Json &entries = item["entries"];
            if (!entries.is_array()) {
                return wrongType(entriesPath, entries, "an array of events");
            }
            for (std::size_t i = 0; i < entries.size(); ++i) {
                if (std::optional<Error> error = checkEvent(entries[i], element(entriesPath, i))) {
                    return *error;
                }
            }
            // The whole call is refused as PutEvents refuses it (its entry checks run later,
            // one entry at a time, as in any PutEvents call).
            const std::vector<Json> calls(entries.begin(), entries.end());
            if (const auto checked = checkPutEvents(calls, PutEventsSettings{}); !checked.ok()) {
                return fail(entriesPath,
                            "has " + std::to_string(calls.size()) +
                                " entries; PutEvents refuses the call: " + checked.error().message);
            }
            put.entries = calls;
            put.count = static_cast<int>(calls.size());
            return put;
        }
        const std::string eventPath = member(at, "event");
        const Json &event = item["event"];
        if (std::optional<Error> error = checkEvent(event, eventPath)) {
            return *error;
        }
        put.event = event;
        if (const auto it = item.find("count"); it != item.end()) {
            // As many events as one put of a model may carry (arch/limits.h).
            constexpr auto kMaxCount = static_cast<std::uint64_t>(model::kMaxEventsPerPut);
            Result<std::uint64_t> n = count(*it, member(at, "count"));
            if (!n) {
                return n.error();
            }
            if (*n == 0 || *n > kMaxCount) {
                return fail(member(at, "count"), "must be from 1 to " + std::to_string(kMaxCount) +
                                                     ", found " + std::to_string(*n));
            }
            put.count = static_cast<int>(*n);
        }
        return put;
    }

    // The one comparison key of an assertion: its path, comparison and value.
    struct ComparisonField {
        std::string path;
        Comparison comparison = Comparison::Equal;
        const Json *value = nullptr;
    };

    Result<ComparisonField> comparisonOf(const Json &item, const std::string &at) const {
        std::optional<ComparisonField> found;
        for (const ComparisonWord &word : kComparisons) {
            const auto it = item.find(word.key);
            if (it == item.end()) {
                continue;
            }
            if (found) {
                return fail(member(at, word.key),
                            "an assertion has one comparison (below, atMost, equals, atLeast or "
                            "above), this one has two",
                            true);
            }
            found = ComparisonField{member(at, word.key), word.comparison, &*it};
        }
        if (!found) {
            return fail(at, "the assertion has no comparison: add one of below, atMost, equals, "
                            "atLeast or above");
        }
        return *found;
    }

    Result<Assertion> readAssertion(const Json &item, const std::string &at) const {
        Assertion assertion;
        if (item.contains("nothingDropped")) {
            if (std::optional<Error> error = checkKeys(item, at, {"nothingDropped"})) {
                return *error;
            }
            if (item["nothingDropped"] != true) {
                return fail(member(at, "nothingDropped"),
                            "must be true (leave the assertion out to allow drops)");
            }
            assertion.kind = Assertion::Kind::NothingDropped;
            assertion.text = "nothing dropped";
            return assertion;
        }
        if (item.contains("percentile")) {
            if (std::optional<Error> error = checkKeys(
                    item, at,
                    {"target", "percentile", "below", "atMost", "equals", "atLeast", "above"})) {
                return *error;
            }
            if (!item.contains("target")) {
                return missing(at, "target");
            }
            Result<std::string> target = targetName(item["target"], member(at, "target"));
            if (!target) {
                return target.error();
            }
            const Json &p = item["percentile"];
            if (!p.is_number()) {
                return wrongType(member(at, "percentile"), p, "a number above 0, at most 100");
            }
            const double percentile = p.get<double>();
            if (!(percentile > 0 && percentile <= 100)) {
                return fail(member(at, "percentile"),
                            "must be above 0 and at most 100, found " + p.dump());
            }
            Result<ComparisonField> field = comparisonOf(item, at);
            if (!field) {
                return field.error();
            }
            Result<SimTime> latency = duration(*field->value, field->path);
            if (!latency) {
                return latency.error();
            }
            assertion.kind = Assertion::Kind::Latency;
            assertion.element = std::move(*target);
            assertion.percentile = percentile;
            assertion.comparison = field->comparison;
            assertion.latency = *latency;
            assertion.text = assertion.element + " p" + formatPercentile(percentile) + " " +
                             std::string(symbolOf(field->comparison)) + " " +
                             formatDuration(*latency);
            return assertion;
        }
        if (item.contains("counter")) {
            if (std::optional<Error> error = checkKeys(
                    item, at,
                    {"element", "counter", "below", "atMost", "equals", "atLeast", "above"})) {
                return *error;
            }
            if (!item.contains("element")) {
                return missing(at, "element");
            }
            Result<std::string> name = targetName(item["element"], member(at, "element"));
            if (!name) {
                return name.error();
            }
            Result<std::string> counter = string(item["counter"], member(at, "counter"));
            if (!counter) {
                return counter.error();
            }
            if (!isCounterName(*counter)) {
                return fail(member(at, "counter"), "unknown counter " + inQuotes(*counter) +
                                                       " (one of " + std::string(kCounterNames) +
                                                       ")");
            }
            Result<ComparisonField> field = comparisonOf(item, at);
            if (!field) {
                return field.error();
            }
            Result<std::uint64_t> value = count(*field->value, field->path);
            if (!value) {
                return value.error();
            }
            assertion.kind = Assertion::Kind::Counter;
            assertion.element = std::move(*name);
            assertion.counter = std::move(*counter);
            assertion.comparison = field->comparison;
            assertion.value = *value;
            assertion.text = assertion.element + " " + assertion.counter + " " +
                             std::string(symbolOf(field->comparison)) + " " +
                             std::to_string(*value);
            return assertion;
        }
        return fail(at, "an assertion needs \"counter\" (with \"element\"), \"percentile\" (with "
                        "\"target\") or \"nothingDropped\"");
    }

    // An element id, or RULE_ID/TARGET_ID for one target of a rule.
    Result<std::string> targetName(const Json &value, const std::string &path) const {
        Result<std::string> text = string(value, path);
        if (!text) {
            return text.error();
        }
        const std::size_t slash = text->find('/');
        const bool valid =
            slash == std::string::npos
                ? model::isValidElementId(*text)
                : model::isValidElementId(std::string_view(*text).substr(0, slash)) &&
                      slash + 1 < text->size() && text->find('/', slash + 1) == std::string::npos;
        if (!valid) {
            return fail(path, inQuotes(*text) + " is not an element id or RULE_ID/TARGET_ID");
        }
        return std::move(*text);
    }

    const Document &m_document;
    const JsonReader &m_locator;
    std::string_view m_fileName;
};

} // namespace

Result<Scenario> parseScenario(std::string_view text, std::string_view fileName) {
    Document document;
    TreeBuilder builder(text);
    if (std::optional<Problem> problem = builder.build(document)) {
        std::string message = std::move(problem->message);
        if (problem->offset >= text.size() && !text.empty()) {
            message.insert(0, "the file ends too early (truncated?): ");
        }
        return ScenarioReader::positioned(std::min(problem->offset, text.size()), problem->path,
                                          message, builder.reader(), fileName);
    }
    return ScenarioReader(document, builder.reader(), fileName).read();
}

Error scenarioErrorAt(std::string_view text, std::string_view fileName, Error error) {
    Document document;
    TreeBuilder builder(text);
    if (builder.build(document) || error.field.empty()) {
        error.message.insert(0, std::string(fileName) + ": ");
        return error;
    }
    std::string message = std::move(error.message);
    if (const std::string prefix = error.field + ": "; message.starts_with(prefix)) {
        message.erase(0, prefix.size()); // positioned() puts the field in front again
    }
    return ScenarioReader(document, builder.reader(), fileName).fail(error.field, message);
}

std::optional<Error> checkAssertionElements(const std::vector<Assertion> &assertions,
                                            const MetricsLookup &metrics) {
    for (std::size_t i = 0; i < assertions.size(); ++i) {
        const Assertion &assertion = assertions[i];
        if (assertion.kind == Assertion::Kind::NothingDropped ||
            metrics.counters(assertion.element)) {
            continue;
        }
        Error error;
        error.field = "assertions[" + std::to_string(i) + "].element";
        error.message = error.field + ": the model has no element or target '" + assertion.element +
                        "' (assertion \"" + assertion.text + "\")";
        return error;
    }
    return std::nullopt;
}

std::vector<AssertionResult> evaluate(const std::vector<Assertion> &assertions,
                                      const MetricsLookup &metrics) {
    std::vector<AssertionResult> results;
    results.reserve(assertions.size());
    for (const Assertion &assertion : assertions) {
        AssertionResult result;
        result.text = assertion.text;
        switch (assertion.kind) {
        case Assertion::Kind::Counter: {
            const std::optional<ElementCounters> counters = metrics.counters(assertion.element);
            const std::optional<std::uint64_t> value =
                counters ? counterByName(*counters, assertion.counter) : std::nullopt;
            if (!counters) {
                result.actual = "unknown element";
            } else if (!value) {
                result.actual = "unknown counter";
            } else {
                result.actual = std::to_string(*value);
                result.passed = compare(*value, assertion.comparison, assertion.value);
            }
            break;
        }
        case Assertion::Kind::Latency: {
            const std::optional<SimTime> latency =
                metrics.latencyPercentile(assertion.element, assertion.percentile);
            if (latency) {
                result.actual = formatLatency(*latency);
                result.passed = compare(*latency, assertion.comparison, assertion.latency);
            } else if (!metrics.counters(assertion.element)) {
                result.actual = "unknown element";
            } else {
                result.actual = "no successful deliveries";
            }
            break;
        }
        case Assertion::Kind::NothingDropped: {
            const std::uint64_t dropped = metrics.totalDropped();
            result.actual = std::to_string(dropped);
            result.passed = dropped == 0;
            break;
        }
        }
        results.push_back(std::move(result));
    }
    return results;
}

} // namespace sg::sim
