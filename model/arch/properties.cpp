// Every property is one Field: its description (what describeProperties() returns) and the
// function that stores a checked value into a copy of the element. Describing and setting go
// through the same list, so a key is settable exactly when it is listed, with exactly the range
// that is shown; generic checks (type, range, choices, references) come from the description and
// only cross-field rules (min <= max, unique target ids, a target input AWS would accept) live in
// the store functions.

#include "arch/properties.h"

#include "arch/edits.h"
#include "arch/limits.h"
#include "pattern/matcher.h"
#include "pattern/patternparser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <utility>

namespace sg::model {

namespace {

// EventBridge's and SQS's ranges (the same as lint's).
constexpr int kMinRetryAttempts = 0;
constexpr int kMaxRetryAttempts = 185;
constexpr int kMinEventAgeSeconds = 60;
constexpr int kMaxEventAgeSeconds = 86400;
constexpr int kMinRetentionSeconds = 60;
constexpr int kMaxRetentionSeconds = 1209600; // 14 days
constexpr int kDefaultRetentionSeconds = 345600;
constexpr int kMinInvocationRate = 1;
constexpr int kMaxInvocationRate = 300;
constexpr std::size_t kMaxTargetIdLength = 64;
constexpr std::size_t kMaxArchiveNameLength = 48;
constexpr std::size_t kMaxBusNameLength = 256;
constexpr std::size_t kHoursPerDay = 24;
constexpr double kNewFailureRate = 0.01;
// A new fault window: ten minutes down, ten minutes into the run (or after the last window).
constexpr double kNewFaultStartSeconds = 600;
constexpr double kNewFaultLengthSeconds = 600;
constexpr double kNewFaultLatencyMs = 2000;
constexpr double kNewFaultRate = 0.2;

// Spelt as in the project file (io/projectjson.cpp); the tests hold the two together.
const std::vector<PropertyChoice> &latencyChoices() {
    static const std::vector<PropertyChoice> choices{{"fixed", "Fixed"},
                                                     {"uniform", "Uniform"},
                                                     {"normal", "Normal"},
                                                     {"logNormal", "Log-normal"},
                                                     {"percentiles", "Percentile table"}};
    return choices;
}

const std::vector<PropertyChoice> &rateChoices() {
    static const std::vector<PropertyChoice> choices{{"constant", "Constant rate"},
                                                     {"poisson", "Poisson (random arrivals)"},
                                                     {"burst", "Bursts"},
                                                     {"daily", "Daily curve"},
                                                     {"scripted", "Scripted puts"}};
    return choices;
}

const std::vector<PropertyChoice> &variationChoices() {
    static const std::vector<PropertyChoice> choices{{"choice", "One of several values"},
                                                     {"range", "A number in a range"},
                                                     {"sequence", "A counting sequence"},
                                                     {"uuid", "A fresh UUID"},
                                                     {"time", "The simulated time"}};
    return choices;
}

const std::vector<PropertyChoice> &faultModeChoices() {
    static const std::vector<PropertyChoice> choices{
        {"down", "Down (every invocation fails)"},
        {"slow", "Slow (every invocation takes longer)"},
        {"failing", "Failing (some invocations fail)"}};
    return choices;
}

const std::vector<PropertyChoice> &failureChoices() {
    static const std::vector<PropertyChoice> choices{
        {"throttled", "Throttled (retried)"},
        {"serverError", "Server error (retried)"},
        {"timeout", "Timeout (retried)"},
        {"connectionFailure", "Connection failure (retried)"},
        {"permissionDenied", "Permission denied (not retried)"},
        {"targetDeleted", "Target deleted (not retried)"},
        {"clientError", "Client error (not retried)"}};
    return choices;
}

const std::vector<PropertyChoice> &inputChoices() {
    static const std::vector<PropertyChoice> choices{{"wholeEvent", "The whole event"},
                                                     {"constant", "Constant JSON (Input)"},
                                                     {"inputPath", "Part of the event (InputPath)"},
                                                     {"inputTransformer", "Input transformer"}};
    return choices;
}

const std::vector<PropertyChoice> &authorizationChoices() {
    static const std::vector<PropertyChoice> choices{
        {"API_KEY", "API key"},
        {"BASIC", "Basic (user name and password)"},
        {"OAUTH_CLIENT_CREDENTIALS", "OAuth client credentials"}};
    return choices;
}

const std::vector<PropertyChoice> &httpMethodChoices() {
    static const std::vector<PropertyChoice> choices{
        {"GET", "GET"}, {"HEAD", "HEAD"},     {"POST", "POST"},  {"OPTIONS", "OPTIONS"},
        {"PUT", "PUT"}, {"DELETE", "DELETE"}, {"PATCH", "PATCH"}};
    return choices;
}

const std::vector<PropertyChoice> &oauthMethodChoices() {
    static const std::vector<PropertyChoice> choices{
        {"GET", "GET"}, {"POST", "POST"}, {"PUT", "PUT"}};
    return choices;
}

const std::vector<PropertyChoice> &stickyChoices() {
    static const std::vector<PropertyChoice> choices{{"domainEvent", "Domain event"},
                                                     {"command", "Command"},
                                                     {"policy", "Policy"},
                                                     {"readModel", "Read model"},
                                                     {"externalSystem", "External system"},
                                                     {"actor", "Actor"},
                                                     {"aggregate", "Aggregate"},
                                                     {"hotspot", "Hotspot"}};
    return choices;
}

template <typename Enum>
std::string choiceOf(const std::vector<PropertyChoice> &choices, Enum value) {
    const auto index = static_cast<std::size_t>(value);
    return index < choices.size() ? choices[index].value : choices.front().value;
}

template <typename Enum>
Enum enumOf(const std::vector<PropertyChoice> &choices, const Json &value) {
    const std::string &name = value.get_ref<const std::string &>();
    for (std::size_t i = 0; i < choices.size(); ++i) {
        if (choices[i].value == name) {
            return static_cast<Enum>(i);
        }
    }
    return static_cast<Enum>(0);
}

const std::vector<ElementKind> &targetKinds() {
    static const std::vector<ElementKind> kinds{ElementKind::Function, ElementKind::StateMachine,
                                                ElementKind::Queue, ElementKind::ApiDestination,
                                                ElementKind::Bus};
    return kinds;
}

const std::vector<ElementKind> &calleeKinds() {
    static const std::vector<ElementKind> kinds{ElementKind::Function, ElementKind::StateMachine,
                                                ElementKind::Queue, ElementKind::ApiDestination,
                                                ElementKind::ExternalSystem};
    return kinds;
}

const std::vector<ElementKind> &linkKinds() {
    static const std::vector<ElementKind> kinds{
        ElementKind::EventType,     ElementKind::Producer,   ElementKind::Bus,
        ElementKind::Rule,          ElementKind::Function,   ElementKind::StateMachine,
        ElementKind::Queue,         ElementKind::Connection, ElementKind::ApiDestination,
        ElementKind::ExternalSystem};
    return kinds;
}

// --- Text ----------------------------------------------------------------------------------------

std::string capitalized(std::string text) {
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') {
        text[0] = static_cast<char>(text[0] - 'a' + 'A');
    }
    return text;
}

// "Maximum retry attempts" -> "maximum retry attempts"; "ARN" and "FIFO" stay as they are.
std::string inSentence(std::string label) {
    if (label.size() > 1 && label[0] >= 'A' && label[0] <= 'Z' && label[1] >= 'a' &&
        label[1] <= 'z') {
        label[0] = static_cast<char>(label[0] - 'A' + 'a');
    }
    return label;
}

std::string withUnit(double value, const std::string &unit) {
    std::string out = formatNumber(value);
    if (!unit.empty()) {
        out.append(" ").append(unit);
    }
    return out;
}

bool isBlank(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

std::string trimmed(std::string_view text) {
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos) {
        return {};
    }
    const auto end = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(begin, end - begin + 1));
}

bool isAwsNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == '_';
}

bool isAwsName(std::string_view text, std::size_t maxLength) {
    return !text.empty() && text.size() <= maxLength &&
           std::all_of(text.begin(), text.end(), isAwsNameChar);
}

std::string idPhrase(const ElementId &id) {
    return id.empty() ? std::string("nothing") : id.value;
}

std::string summaryOfValue(const Json &value) {
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_boolean()) {
        return value.get<bool>() ? "on" : "off";
    }
    if (value.is_number()) {
        return formatNumber(value.get<double>());
    }
    return value.dump();
}

// --- Fields --------------------------------------------------------------------------------------

using Store = std::function<Result<bool>(Element &, const Json &)>;

struct Field {
    Property property;
    std::string subject; // what the property belongs to: "bill-order", "bill-order/billing"
    Store store;         // writes a value already checked against `property`
};

Error refusal(std::string message, std::string_view key = {}) {
    Error error;
    error.message = std::move(message);
    error.field = std::string(key);
    return error;
}

// "Maximum retry attempts of bill-order/billing must ..."
Error fieldRefusal(const Field &field, const std::string &what) {
    return refusal(capitalized(field.property.label) + " of " + field.subject + " " + what,
                   field.property.key);
}

template <typename T, typename F> Store on(F f) {
    return [f = std::move(f)](Element &element, const Json &value) -> Result<bool> {
        return f(std::get<T>(element), value);
    };
}

Behavior *behaviorOf(Element &element) {
    if (auto *consumer = std::get_if<Consumer>(&element)) {
        return &consumer->behavior;
    }
    if (auto *api = std::get_if<ApiDestination>(&element)) {
        return &api->behavior;
    }
    if (auto *external = std::get_if<ExternalSystem>(&element)) {
        return &external->behavior;
    }
    return nullptr;
}

template <typename F> Store onBehavior(F f) {
    return [f = std::move(f)](Element &element, const Json &value) -> Result<bool> {
        return f(*behaviorOf(element), value);
    };
}

std::string displayName(const Project &project, const ElementId &id) {
    const Element *element = project.find(id);
    if (!element) {
        return id.value;
    }
    const std::string &name = elementName(*element);
    if (name.empty() || name == id.value) {
        return id.value;
    }
    std::string first = name.substr(0, name.find('\n'));
    return first + " (" + id.value + ")";
}

// A typical latency of `latency`, to start a distribution of another kind from.
double typicalLatency(const LatencyDistribution &latency) {
    switch (latency.kind) {
    case LatencyKind::Fixed:
        return latency.valueMs;
    case LatencyKind::Uniform:
        return (latency.minMs + latency.maxMs) / 2;
    case LatencyKind::Normal:
        return latency.meanMs;
    case LatencyKind::LogNormal:
        return latency.medianMs;
    case LatencyKind::Percentiles:
        return latency.table.empty() ? 0 : latency.table.front().ms;
    }
    return 0;
}

// Gives a distribution switched to `kind` parameters near the old one's, unless it has some.
void seedLatency(LatencyDistribution &latency, LatencyKind kind) {
    const double typical = std::max(1.0, typicalLatency(latency));
    latency.kind = kind;
    switch (kind) {
    case LatencyKind::Fixed:
        if (latency.valueMs == 0) {
            latency.valueMs = typical;
        }
        break;
    case LatencyKind::Uniform:
        if (latency.minMs == 0 && latency.maxMs == 0) {
            latency.minMs = std::round(typical / 2);
            latency.maxMs = std::round(typical * 3 / 2);
        }
        break;
    case LatencyKind::Normal:
        if (latency.meanMs == 0 && latency.stddevMs == 0) {
            latency.meanMs = typical;
            latency.stddevMs = std::round(typical / 4);
        }
        break;
    case LatencyKind::LogNormal:
        if (latency.medianMs == 0 && latency.sigma == 0) {
            latency.medianMs = typical;
            latency.sigma = 0.5;
        }
        break;
    case LatencyKind::Percentiles:
        if (latency.table.empty()) {
            latency.table = {{50, typical}, {99, typical * 3}};
        }
        break;
    }
}

void seedRate(RateModel &rate, RateKind kind) {
    rate.kind = kind;
    if (kind == RateKind::Burst && rate.burstSize <= 0) {
        rate.burstSize = 10;
    }
    if (kind == RateKind::Burst && !(rate.burstEverySeconds > 0)) {
        rate.burstEverySeconds = 60;
    }
    if (kind == RateKind::Daily && rate.hourly.empty()) {
        rate.hourly.assign(kHoursPerDay, 1.0);
    }
}

Json percentileTableJson(const std::vector<LatencyPercentile> &table) {
    Json out = Json::array();
    for (const LatencyPercentile &row : table) {
        out.push_back(Json{{"percentile", row.percentile}, {"ms", row.ms}});
    }
    return out;
}

Json scriptJson(const std::vector<ScriptedPut> &script) {
    Json out = Json::array();
    for (const ScriptedPut &put : script) {
        out.push_back(Json{{"atSeconds", put.atSeconds}, {"count", put.count}});
    }
    return out;
}

Json pathsMapJson(const std::vector<std::pair<std::string, std::string>> &map) {
    Json out = Json::object();
    for (const auto &[name, path] : map) {
        out[name] = path;
    }
    return out;
}

std::string inputKindName(const TargetInput &input) {
    return choiceOf(inputChoices(), input.kind());
}

// --- Describing ----------------------------------------------------------------------------------

class Describer {
public:
    Describer(const Project &project, const Element &element)
        : m_project(project), m_element(element), m_subject(elementId(element).value) {}

    std::vector<Field> build() {
        std::visit([this](const auto &e) { describe(e); }, m_element);
        return std::move(m_fields);
    }

private:
    Property &add(std::string key, std::string label, PropertyControl control, Json value,
                  std::string help, Store store) {
        Field field;
        field.property.key = std::move(key);
        field.property.label = std::move(label);
        field.property.control = control;
        field.property.value = std::move(value);
        field.property.help = std::move(help);
        field.property.depth = m_depth;
        field.subject = m_subject;
        field.store = std::move(store);
        m_fields.push_back(std::move(field));
        return m_fields.back().property;
    }

    Property &heading(std::string key, std::string label, PropertyControl control, Json value,
                      std::string help) {
        return add(std::move(key), std::move(label), control, std::move(value), std::move(help),
                   {});
    }

    Property &reference(std::string key, std::string label, const ElementId &value,
                        const std::vector<ElementKind> &kinds, bool optional, std::string help,
                        Store store) {
        Property &p =
            add(std::move(key), std::move(label), PropertyControl::Reference,
                value.empty() ? Json("") : Json(value.value), std::move(help), std::move(store));
        p.referenceKinds = kinds;
        p.optional = optional;
        p.choices = candidates(kinds, optional);
        return p;
    }

    std::vector<PropertyChoice> candidates(const std::vector<ElementKind> &kinds, bool optional) {
        auto it = m_candidates.find(kinds);
        if (it == m_candidates.end()) {
            std::vector<PropertyChoice> all = referenceCandidates(m_project, kinds);
            // An element never refers to itself here (a dependency on itself, a self link).
            const std::string &self = elementId(m_element).value;
            all.erase(std::remove_if(all.begin(), all.end(),
                                     [&self](const PropertyChoice &c) { return c.value == self; }),
                      all.end());
            it = m_candidates.emplace(kinds, std::move(all)).first;
        }
        std::vector<PropertyChoice> out;
        out.reserve(it->second.size() + 1);
        if (optional) {
            out.push_back({"", "(none)"});
        }
        out.insert(out.end(), it->second.begin(), it->second.end());
        return out;
    }

    Property &choice(std::string key, std::string label, std::string value,
                     const std::vector<PropertyChoice> &choices, std::string help, Store store) {
        Property &p = add(std::move(key), std::move(label), PropertyControl::Choice,
                          std::move(value), std::move(help), std::move(store));
        p.choices = choices;
        return p;
    }

    Property &number(std::string key, std::string label, double value, std::string help,
                     Store store, std::optional<double> minimum = 0,
                     std::optional<double> maximum = std::nullopt, std::string unit = {}) {
        Property &p = add(std::move(key), std::move(label), PropertyControl::Number, value,
                          std::move(help), std::move(store));
        p.minimum = minimum;
        p.maximum = maximum;
        p.unit = std::move(unit);
        return p;
    }

    Property &integer(std::string key, std::string label, int value, std::string help, Store store,
                      std::optional<double> minimum = 0,
                      std::optional<double> maximum = std::nullopt, std::string unit = {}) {
        Property &p = add(std::move(key), std::move(label), PropertyControl::Integer, value,
                          std::move(help), std::move(store));
        p.minimum = minimum;
        p.maximum = maximum;
        p.unit = std::move(unit);
        return p;
    }

    Property &json(std::string key, std::string label, JsonRole role, Json value, std::string help,
                   Store store) {
        Property &p = add(std::move(key), std::move(label), PropertyControl::JsonDocument,
                          std::move(value), std::move(help), std::move(store));
        p.json = role;
        p.jsonText =
            role == JsonRole::Pattern || role == JsonRole::Constant || role == JsonRole::Template;
        return p;
    }

    // --- Shared parts ---------------------------------------------------------------------

    template <typename T> void nameAndDescription(const T &e) {
        add("name", "Name", PropertyControl::Text, e.name, "What people call it on the board.",
            on<T>([](T &x, const Json &v) -> Result<bool> {
                x.name = trimmed(v.get_ref<const std::string &>());
                return true;
            }));
        add("description", "Description", PropertyControl::Multiline, e.description,
            "Notes for the team; exports carry it as the resource's Description.",
            on<T>([](T &x, const Json &v) -> Result<bool> {
                x.description = v.get<std::string>();
                return true;
            }));
    }

    template <typename T> void contextOf(const T &e) {
        reference("context", "Bounded context", e.context, {ElementKind::BoundedContext}, true,
                  "The bounded context it belongs to.",
                  on<T>([](T &x, const Json &v) -> Result<bool> {
                      x.context = ElementId{v.get<std::string>()};
                      return true;
                  }));
    }

    template <typename T> void position(const T &e) {
        heading("position", "Position", PropertyControl::Section, nullptr,
                "Where it sits on the board (drag it there, or type world units).");
        number("position.x", "X", e.position.x, "Left edge, in world units.",
               on<T>([](T &x, const Json &v) -> Result<bool> {
                   x.position.x = v.get<double>();
                   return true;
               }),
               std::nullopt);
        number("position.y", "Y", e.position.y, "Top edge, in world units.",
               on<T>([](T &x, const Json &v) -> Result<bool> {
                   x.position.y = v.get<double>();
                   return true;
               }),
               std::nullopt);
    }

    template <typename T> void rectangle(const std::string &name, const Rect &r, Rect T::*member) {
        heading(name, name == "region" ? "Region" : "Geometry", PropertyControl::Section, nullptr,
                "Where it sits on the board and how big it is, in world units.");
        const auto coordinate = [&](const char *part, const char *label, double value,
                                    double Rect::*field, std::optional<double> minimum) {
            number(name + "." + part, label, value,
                   minimum ? std::string("At least 1 world unit.") : std::string("World units."),
                   on<T>([member, field](T &x, const Json &v) -> Result<bool> {
                       (x.*member).*field = v.get<double>();
                       return true;
                   }),
                   minimum);
        };
        coordinate("x", "X", r.x, &Rect::x, std::nullopt);
        coordinate("y", "Y", r.y, &Rect::y, std::nullopt);
        coordinate("width", "Width", r.width, &Rect::width, 1.0);
        coordinate("height", "Height", r.height, &Rect::height, 1.0);
    }

    void behavior(const Behavior &b) {
        heading("behavior", "Behaviour", PropertyControl::Section, nullptr,
                "What the simulator does when it is invoked: how long it takes, how often it "
                "fails, what it emits and calls.");
        const LatencyDistribution &latency = b.latency;
        choice("behavior.latency.kind", "Latency distribution",
               choiceOf(latencyChoices(), latency.kind), latencyChoices(),
               "How long an invocation takes: one value, uniform between two, normal, "
               "log-normal (a long tail) or a percentile table.",
               onBehavior([](Behavior &x, const Json &v) -> Result<bool> {
                   seedLatency(x.latency, enumOf<LatencyKind>(latencyChoices(), v));
                   return true;
               }));
        const auto ms = [&](const char *key, const char *label, double value,
                            double LatencyDistribution::*member, const char *help,
                            const char *unit = "ms") {
            number(std::string("behavior.latency.") + key, label, value, help,
                   onBehavior([member](Behavior &x, const Json &v) -> Result<bool> {
                       x.latency.*member = v.get<double>();
                       return true;
                   }),
                   // The limits validate holds a model to (arch/limits.h); sigma has no unit.
                   0.0, std::string_view(unit).empty() ? kMaxLatencySigma : kMaxLatencyMs, unit);
        };
        switch (latency.kind) {
        case LatencyKind::Fixed:
            ms("valueMs", "Latency", latency.valueMs, &LatencyDistribution::valueMs,
               "Every invocation takes this long.");
            break;
        case LatencyKind::Uniform:
            ms("minMs", "Minimum latency", latency.minMs, &LatencyDistribution::minMs,
               "The shortest an invocation takes; at most the maximum.");
            ms("maxMs", "Maximum latency", latency.maxMs, &LatencyDistribution::maxMs,
               "The longest an invocation takes; at least the minimum.");
            m_fields[m_fields.size() - 2].store =
                onBehavior([](Behavior &x, const Json &v) -> Result<bool> {
                    const double value = v.get<double>();
                    if (value > x.latency.maxMs) {
                        return refusal("The minimum latency must not exceed the maximum (" +
                                           formatNumber(x.latency.maxMs) + " ms); raise that first",
                                       "behavior.latency.minMs");
                    }
                    x.latency.minMs = value;
                    return true;
                });
            m_fields.back().store = onBehavior([](Behavior &x, const Json &v) -> Result<bool> {
                const double value = v.get<double>();
                if (value < x.latency.minMs) {
                    return refusal("The maximum latency must not be below the minimum (" +
                                       formatNumber(x.latency.minMs) + " ms); lower that first",
                                   "behavior.latency.maxMs");
                }
                x.latency.maxMs = value;
                return true;
            });
            break;
        case LatencyKind::Normal:
            ms("meanMs", "Mean latency", latency.meanMs, &LatencyDistribution::meanMs,
               "The average invocation time (draws below 0 count as 0).");
            ms("stddevMs", "Standard deviation", latency.stddevMs, &LatencyDistribution::stddevMs,
               "How widely invocation times spread around the mean.");
            break;
        case LatencyKind::LogNormal:
            ms("medianMs", "Median latency", latency.medianMs, &LatencyDistribution::medianMs,
               "Half of the invocations are faster than this.");
            ms("sigma", "Sigma", latency.sigma, &LatencyDistribution::sigma,
               "The spread of the logarithm: 0.25 is narrow, 1 has a long tail.", "");
            m_fields.back().property.step = 0.05;
            break;
        case LatencyKind::Percentiles:
            json("behavior.latency.table", "Percentile table", JsonRole::PercentileTable,
                 percentileTableJson(latency.table),
                 "Rows of {\"percentile\": 50, \"ms\": 20}, percentiles rising within (0, 100] "
                 "and latencies not falling.",
                 onBehavior([](Behavior &x, const Json &v) -> Result<bool> {
                     std::vector<LatencyPercentile> table;
                     for (const Json &row : v) {
                         table.push_back(
                             {row.at("percentile").get<double>(), row.at("ms").get<double>()});
                     }
                     x.latency.table = std::move(table);
                     return true;
                 }));
            break;
        }
        integer("behavior.concurrency", "Concurrency", b.concurrency,
                "Invocations at the same time; more wait (or are throttled). 0 means unlimited.",
                onBehavior([](Behavior &x, const Json &v) -> Result<bool> {
                    x.concurrency = v.get<int>();
                    return true;
                }));

        heading("behavior.failures", "Failure modes", PropertyControl::List,
                static_cast<double>(b.failures.size()),
                "Ways an invocation fails, each at its own rate; retriable ones are retried by "
                "EventBridge within the target's retry policy.");
        for (std::size_t i = 0; i < b.failures.size(); ++i) {
            const FailureMode &mode = b.failures[i];
            const std::string key = "behavior.failures[" + std::to_string(i) + "]";
            const std::string subject = m_subject;
            m_subject = subject + " failure mode " + std::to_string(i + 1);
            ++m_depth;
            Property &entry =
                heading(key, "Failure mode " + std::to_string(i + 1), PropertyControl::Entry,
                        std::string(failureKindName(mode.kind)) + " at " + formatNumber(mode.rate),
                        "Remove it to stop this kind of failure.");
            entry.removable = true;
            choice(key + ".kind", "Kind", std::string(failureKindName(mode.kind)), failureChoices(),
                   "Throttling, server errors, timeouts and connection failures are retried; "
                   "permission denied, a deleted target and other client errors are not.",
                   onBehavior([i](Behavior &x, const Json &v) -> Result<bool> {
                       x.failures[i].kind = enumOf<FailureKind>(failureChoices(), v);
                       return true;
                   }));
            number(key + ".rate", "Rate", mode.rate,
                   "The probability that an invocation fails this way, from 0 to 1.",
                   onBehavior([i](Behavior &x, const Json &v) -> Result<bool> {
                       x.failures[i].rate = v.get<double>();
                       return true;
                   }),
                   0.0, 1.0)
                .step = 0.01;
            --m_depth;
            m_subject = subject;
        }

        heading("behavior.followUps", "Follow-up events", PropertyControl::List,
                static_cast<double>(b.followUps.size()),
                "Events it puts on a bus after a successful invocation.");
        for (std::size_t i = 0; i < b.followUps.size(); ++i) {
            const FollowUp &followUp = b.followUps[i];
            const std::string key = "behavior.followUps[" + std::to_string(i) + "]";
            const std::string subject = m_subject;
            m_subject = subject + " follow-up " + std::to_string(i + 1);
            ++m_depth;
            Property &entry =
                heading(key, "Follow-up " + std::to_string(i + 1), PropertyControl::Entry,
                        followUp.eventType.value + " on " + idPhrase(followUp.bus),
                        "Remove it to stop emitting this event.");
            entry.removable = true;
            reference(key + ".eventType", "Event type", followUp.eventType,
                      {ElementKind::EventType}, false, "The type of the event it puts.",
                      onBehavior([i](Behavior &x, const Json &v) -> Result<bool> {
                          x.followUps[i].eventType = ElementId{v.get<std::string>()};
                          return true;
                      }));
            reference(key + ".bus", "Bus", followUp.bus, {ElementKind::Bus}, true,
                      "The bus it puts the event on.",
                      onBehavior([i](Behavior &x, const Json &v) -> Result<bool> {
                          x.followUps[i].bus = ElementId{v.get<std::string>()};
                          return true;
                      }));
            number(key + ".probability", "Probability", followUp.probability,
                   "The chance, from 0 to 1, that a successful invocation emits it.",
                   onBehavior([i](Behavior &x, const Json &v) -> Result<bool> {
                       x.followUps[i].probability = v.get<double>();
                       return true;
                   }),
                   0.0, 1.0)
                .step = 0.05;
            --m_depth;
            m_subject = subject;
        }

        heading("behavior.dependsOn", "Calls", PropertyControl::List,
                static_cast<double>(b.dependsOn.size()),
                "What it calls synchronously; their latency and failures add to its own.");
        for (std::size_t i = 0; i < b.dependsOn.size(); ++i) {
            ++m_depth;
            reference("behavior.dependsOn[" + std::to_string(i) + "]",
                      "Call " + std::to_string(i + 1), b.dependsOn[i], calleeKinds(), false,
                      "A function, state machine, queue, API destination or external system it "
                      "waits for.",
                      onBehavior([i](Behavior &x, const Json &v) -> Result<bool> {
                          x.dependsOn[i] = ElementId{v.get<std::string>()};
                          return true;
                      }))
                .removable = true;
            --m_depth;
        }
        faultWindows(b);
    }

    void faultWindows(const Behavior &b) {
        heading("behavior.faults", "Fault windows", PropertyControl::List,
                static_cast<double>(b.faults.size()),
                "Planned outages, slowdowns and error spikes, in every run of the model (a "
                "scenario can add its own).");
        for (std::size_t i = 0; i < b.faults.size(); ++i) {
            const FaultWindow &fault = b.faults[i];
            const std::string key = "behavior.faults[" + std::to_string(i) + "]";
            const std::string subject = m_subject;
            m_subject = subject + " fault window " + std::to_string(i + 1);
            ++m_depth;
            Property &entry =
                heading(key, "Fault window " + std::to_string(i + 1), PropertyControl::Entry,
                        std::string(faultModeName(fault.mode)) + " from " +
                            formatNumber(fault.fromSeconds) + " s to " +
                            formatNumber(fault.toSeconds) + " s",
                        "Remove it to run without this fault.");
            entry.removable = true;
            choice(key + ".mode", "Mode", std::string(faultModeName(fault.mode)),
                   faultModeChoices(),
                   "Down fails every invocation; slow adds latency; failing fails a share of "
                   "them.",
                   onBehavior([i](Behavior &x, const Json &v) -> Result<bool> {
                       FaultWindow &f = x.faults[i];
                       f.mode = enumOf<FaultMode>(faultModeChoices(), v);
                       if (f.mode == FaultMode::Slow && f.extraLatencyMs <= 0) {
                           f.extraLatencyMs = kNewFaultLatencyMs;
                       }
                       if (f.mode == FaultMode::Failing && !(f.rate > 0 && f.rate <= 1)) {
                           f.rate = kNewFaultRate;
                       }
                       return true;
                   }));
            number(key + ".fromSeconds", "From", fault.fromSeconds,
                   "When it starts, in seconds after the start of the run.",
                   onBehavior([i, key](Behavior &x, const Json &v) -> Result<bool> {
                       const double value = v.get<double>();
                       if (value >= x.faults[i].toSeconds) {
                           return refusal("A fault window must start before it ends (" +
                                              formatNumber(x.faults[i].toSeconds) +
                                              " s); move the end first",
                                          key + ".fromSeconds");
                       }
                       x.faults[i].fromSeconds = value;
                       return true;
                   }),
                   0.0, std::nullopt, "s");
            number(key + ".toSeconds", "To", fault.toSeconds,
                   "When it ends, in seconds after the start of the run.",
                   onBehavior([i, key](Behavior &x, const Json &v) -> Result<bool> {
                       const double value = v.get<double>();
                       if (value <= x.faults[i].fromSeconds) {
                           return refusal("A fault window must end after it starts (" +
                                              formatNumber(x.faults[i].fromSeconds) + " s)",
                                          key + ".toSeconds");
                       }
                       x.faults[i].toSeconds = value;
                       return true;
                   }),
                   0.0, std::nullopt, "s");
            if (fault.mode != FaultMode::Slow) {
                choice(key + ".failure", "Failure", std::string(failureKindName(fault.failure)),
                       failureChoices(), "How the invocations fail while it lasts.",
                       onBehavior([i](Behavior &x, const Json &v) -> Result<bool> {
                           x.faults[i].failure = enumOf<FailureKind>(failureChoices(), v);
                           return true;
                       }));
            }
            if (fault.mode == FaultMode::Failing) {
                number(key + ".rate", "Rate", fault.rate,
                       "The share of invocations that fail while it lasts, above 0 and at most 1.",
                       onBehavior([i, key](Behavior &x, const Json &v) -> Result<bool> {
                           const double value = v.get<double>();
                           if (value <= 0) {
                               return refusal("A failing window needs a rate above 0",
                                              key + ".rate");
                           }
                           x.faults[i].rate = value;
                           return true;
                       }),
                       0.0, 1.0)
                    .step = 0.05;
            }
            if (fault.mode == FaultMode::Slow) {
                number(key + ".extraLatencyMs", "Extra latency", fault.extraLatencyMs,
                       "How much longer each invocation takes while it lasts.",
                       onBehavior([i, key](Behavior &x, const Json &v) -> Result<bool> {
                           const double value = v.get<double>();
                           if (value <= 0) {
                               return refusal("A slow window needs an extra latency above 0 ms",
                                              key + ".extraLatencyMs");
                           }
                           x.faults[i].extraLatencyMs = value;
                           return true;
                       }),
                       0.0, 86'400'000.0, "ms");
            }
            --m_depth;
            m_subject = subject;
        }
    }

    // --- Kinds ----------------------------------------------------------------------------

    void describe(const BoundedContext &e) {
        nameAndDescription(e);
        add("color", "Colour", PropertyControl::Text, e.color,
            "The region's colour as #rrggbb; empty for the default.",
            on<BoundedContext>([](BoundedContext &x, const Json &v) -> Result<bool> {
                const std::string color = trimmed(v.get_ref<const std::string &>());
                const bool hex = color.size() == 7 && color[0] == '#' &&
                                 std::all_of(color.begin() + 1, color.end(), [](char c) {
                                     return std::isxdigit(static_cast<unsigned char>(c)) != 0;
                                 });
                if (!color.empty() && !hex) {
                    return refusal(
                        "Colour of " + x.id.value +
                            " must be #rrggbb (six hexadecimal digits) or empty, not \"" + color +
                            "\"",
                        "color");
                }
                x.color = color;
                return true;
            }));
        rectangle<BoundedContext>("region", e.region, &BoundedContext::region);
    }

    void describe(const EventType &e) {
        nameAndDescription(e);
        contextOf(e);
        add("source", "Source", PropertyControl::Text, e.source,
            "The event's source, e.g. com.example.orders; rules select events by it.",
            on<EventType>([](EventType &x, const Json &v) -> Result<bool> {
                x.source = trimmed(v.get_ref<const std::string &>());
                return true;
            }));
        add("detailType", "Detail type", PropertyControl::Text, e.detailType,
            "The event's detail-type, e.g. OrderPlaced.",
            on<EventType>([](EventType &x, const Json &v) -> Result<bool> {
                x.detailType = trimmed(v.get_ref<const std::string &>());
                return true;
            }));
        json("schema", "Schema of detail", JsonRole::Schema, e.schema,
             "A JSON Schema of the event's detail (an object); null for none.",
             on<EventType>([](EventType &x, const Json &v) -> Result<bool> {
                 x.schema = v;
                 return true;
             }))
            .optional = true;
        heading("samples", "Sample events", PropertyControl::List,
                static_cast<double>(e.samples.size()),
                "Whole events (envelope and detail): rules are tried on them, lint checks them, "
                "producers start from the first.");
        ++m_depth;
        for (std::size_t i = 0; i < e.samples.size(); ++i) {
            json("samples[" + std::to_string(i) + "]", "Sample event " + std::to_string(i + 1),
                 JsonRole::Sample, e.samples[i],
                 "A whole event: version, id, detail-type, source, account, time, region, "
                 "resources and detail.",
                 on<EventType>([i](EventType &x, const Json &v) -> Result<bool> {
                     x.samples[i] = v;
                     return true;
                 }))
                .removable = true;
        }
        --m_depth;
        position(e);
    }

    void describe(const Producer &e) {
        nameAndDescription(e);
        contextOf(e);
        reference("bus", "Bus", e.bus, {ElementKind::Bus}, true, "The bus it puts its events on.",
                  on<Producer>([](Producer &x, const Json &v) -> Result<bool> {
                      x.bus = ElementId{v.get<std::string>()};
                      return true;
                  }));
        heading("emits", "Emissions", PropertyControl::List, static_cast<double>(e.emits.size()),
                "The event types it puts, each at its own rate.");
        for (std::size_t i = 0; i < e.emits.size(); ++i) {
            emission(e, i);
        }
        position(e);
    }

    void emission(const Producer &e, std::size_t i) {
        const Emission &emission = e.emits[i];
        const std::string key = "emits[" + std::to_string(i) + "]";
        const std::string subject = m_subject;
        m_subject = subject + "/" + emission.eventType.value;
        ++m_depth;
        heading(key, "Emission of " + emission.eventType.value, PropertyControl::Entry,
                emission.eventType.value, "Remove it to stop putting these events.")
            .removable = true;
        reference(key + ".eventType", "Event type", emission.eventType, {ElementKind::EventType},
                  false, "The type of the events it puts.",
                  on<Producer>([i](Producer &x, const Json &v) -> Result<bool> {
                      x.emits[i].eventType = ElementId{v.get<std::string>()};
                      return true;
                  }));
        const RateModel &rate = emission.rate;
        choice(key + ".rate.kind", "Rate", choiceOf(rateChoices(), rate.kind), rateChoices(),
               "How its puts spread over time: steady, random (Poisson), in bursts, following a "
               "daily curve, or at scripted times.",
               on<Producer>([i](Producer &x, const Json &v) -> Result<bool> {
                   seedRate(x.emits[i].rate, enumOf<RateKind>(rateChoices(), v));
                   return true;
               }));
        const auto perSecond = [&](const char *label, const char *help) {
            number(key + ".rate.perSecond", label, rate.perSecond, help,
                   on<Producer>([i](Producer &x, const Json &v) -> Result<bool> {
                       x.emits[i].rate.perSecond = v.get<double>();
                       return true;
                   }),
                   0.0, kMaxEventsPerSecond, "per second")
                .step = 0.1;
        };
        switch (rate.kind) {
        case RateKind::Constant:
            perSecond("Events per second", "Puts at this steady rate.");
            break;
        case RateKind::Poisson:
            perSecond("Mean events per second",
                      "Puts at random moments, on average this many a second.");
            break;
        case RateKind::Burst:
            integer(key + ".rate.burstSize", "Events per burst", rate.burstSize,
                    "How many events each burst puts at once.",
                    on<Producer>([i](Producer &x, const Json &v) -> Result<bool> {
                        x.emits[i].rate.burstSize = v.get<int>();
                        return true;
                    }),
                    1.0, static_cast<double>(kMaxEventsPerPut));
            number(key + ".rate.burstEverySeconds", "Burst every", rate.burstEverySeconds,
                   "The time from one burst to the next.",
                   on<Producer>([i](Producer &x, const Json &v) -> Result<bool> {
                       x.emits[i].rate.burstEverySeconds = v.get<double>();
                       return true;
                   }),
                   0.001, std::nullopt, "s");
            break;
        case RateKind::Daily:
            perSecond("Peak events per second",
                      "The rate at a factor of 1; each hour's factor scales it.");
            json(key + ".rate.hourly", "Hourly factors", JsonRole::Hourly, rate.hourly,
                 "24 factors of the peak rate, for the hours 0 to 23 (0 is quiet, 1 is the peak).",
                 on<Producer>([i](Producer &x, const Json &v) -> Result<bool> {
                     x.emits[i].rate.hourly = v.get<std::vector<double>>();
                     return true;
                 }));
            break;
        case RateKind::Scripted:
            json(key + ".rate.script", "Script", JsonRole::Script, scriptJson(rate.script),
                 "Puts at fixed times: [{\"atSeconds\": 0, \"count\": 10}, ...].",
                 on<Producer>([i](Producer &x, const Json &v) -> Result<bool> {
                     std::vector<ScriptedPut> script;
                     for (const Json &row : v) {
                         script.push_back({row.at("atSeconds").get<double>(),
                                           row.contains("count") ? row.at("count").get<int>() : 1});
                     }
                     x.emits[i].rate.script = std::move(script);
                     return true;
                 }));
            break;
        }
        heading(key + ".variations", "Field variations", PropertyControl::List,
                static_cast<double>(emission.variations.size()),
                "How fields of the generated events differ from the sample event.");
        for (std::size_t j = 0; j < emission.variations.size(); ++j) {
            variation(key, i, j, emission.variations[j]);
        }
        --m_depth;
        m_subject = subject;
    }

    void variation(const std::string &emissionKey, std::size_t i, std::size_t j,
                   const FieldVariation &v) {
        const std::string key = emissionKey + ".variations[" + std::to_string(j) + "]";
        const std::string subject = m_subject;
        m_subject = subject + " variation " + std::to_string(j + 1);
        ++m_depth;
        heading(key, "Variation of " + (v.path.empty() ? std::string("?") : v.path),
                PropertyControl::Entry, v.path, "Remove it to keep the sample's value.")
            .removable = true;
        const auto at = [i, j](Producer &x) -> FieldVariation & {
            return x.emits[i].variations[j];
        };
        add(key + ".path", "Field", PropertyControl::Text, v.path,
            "A dot path into the event, e.g. detail.amount.",
            on<Producer>([at, key](Producer &x, const Json &value) -> Result<bool> {
                std::string path = trimmed(value.get_ref<const std::string &>());
                if (path.empty()) {
                    return refusal("A field variation needs the path of the field it varies, "
                                   "e.g. detail.amount",
                                   key + ".path");
                }
                at(x).path = std::move(path);
                return true;
            }));
        choice(key + ".kind", "Kind", choiceOf(variationChoices(), v.kind), variationChoices(),
               "What the field becomes in each event.",
               on<Producer>([at](Producer &x, const Json &value) -> Result<bool> {
                   at(x).kind = enumOf<VariationKind>(variationChoices(), value);
                   return true;
               }));
        const auto bound = [&](const char *part, const char *label, double value,
                               double FieldVariation::*member, const char *help) {
            number(key + "." + part, label, value, help,
                   on<Producer>([at, member](Producer &x, const Json &input) -> Result<bool> {
                       at(x).*member = input.get<double>();
                       return true;
                   }),
                   std::nullopt);
        };
        switch (v.kind) {
        case VariationKind::Choice:
            json(key + ".values", "Values", JsonRole::Values, v.values,
                 "A JSON array; each event takes one of its values.",
                 on<Producer>([at](Producer &x, const Json &value) -> Result<bool> {
                     at(x).values = value;
                     return true;
                 }));
            break;
        case VariationKind::Range:
            bound("min", "From", v.min, &FieldVariation::min, "The smallest number drawn.");
            bound("max", "To", v.max, &FieldVariation::max,
                  "The largest number drawn; at least From.");
            m_fields.back().store =
                on<Producer>([at, key](Producer &x, const Json &input) -> Result<bool> {
                    const double value = input.get<double>();
                    if (value < at(x).min) {
                        return refusal("The end of the range must not be below its start (" +
                                           formatNumber(at(x).min) + ")",
                                       key + ".max");
                    }
                    at(x).max = value;
                    return true;
                });
            break;
        case VariationKind::Sequence:
            bound("min", "Start", v.min, &FieldVariation::min, "The first value.");
            bound("step", "Step", v.step, &FieldVariation::step,
                  "What each event adds to the previous value.");
            break;
        case VariationKind::Uuid:
        case VariationKind::Time:
            break;
        }
        --m_depth;
        m_subject = subject;
    }

    void describe(const Bus &e) {
        add("name", "Bus name", PropertyControl::Text, e.name,
            "EventBridge's name for the bus; \"default\" is the account's default bus.",
            on<Bus>([](Bus &x, const Json &v) -> Result<bool> {
                const std::string name = trimmed(v.get_ref<const std::string &>());
                const bool valid = !name.empty() && name.size() <= kMaxBusNameLength &&
                                   std::all_of(name.begin(), name.end(),
                                               [](char c) { return isAwsNameChar(c) || c == '/'; });
                if (!valid) {
                    return refusal("Bus name of " + x.id.value +
                                       " must be 1 to 256 letters, digits, '.', '-', '_' or '/'",
                                   "name");
                }
                x.name = name;
                return true;
            }));
        add("description", "Description", PropertyControl::Multiline, e.description,
            "Notes for the team; exports carry it as the bus's Description.",
            on<Bus>([](Bus &x, const Json &v) -> Result<bool> {
                x.description = v.get<std::string>();
                return true;
            }));
        contextOf(e);
        add("account", "Account", PropertyControl::Text, e.account,
            "The AWS account (12 digits) of a bus outside the project's own; empty for the "
            "project's account.",
            on<Bus>([](Bus &x, const Json &v) -> Result<bool> {
                const std::string account = trimmed(v.get_ref<const std::string &>());
                const bool valid =
                    account.empty() || (account.size() == 12 &&
                                        std::all_of(account.begin(), account.end(),
                                                    [](char c) { return c >= '0' && c <= '9'; }));
                if (!valid) {
                    return refusal("Account of " + x.id.value +
                                       " must be 12 digits, or empty for the project's account",
                                   "account");
                }
                x.account = account;
                return true;
            }));
        add("region", "Region", PropertyControl::Text, e.region,
            "The AWS Region (e.g. eu-west-1) of a bus elsewhere; empty for the project's Region.",
            on<Bus>([](Bus &x, const Json &v) -> Result<bool> {
                const std::string region = trimmed(v.get_ref<const std::string &>());
                const bool valid =
                    region.empty() ||
                    (region.size() >= 9 && region.find('-') != std::string::npos &&
                     std::isdigit(static_cast<unsigned char>(region.back())) != 0 &&
                     std::all_of(region.begin(), region.end(), [](char c) {
                         return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                     }));
                if (!valid) {
                    return refusal("Region of " + x.id.value +
                                       " must be an AWS Region such as eu-west-1, or empty",
                                   "region");
                }
                x.region = region;
                return true;
            }));
        heading("archives", "Archives", PropertyControl::List,
                static_cast<double>(e.archives.size()),
                "Copies of the bus's events, kept to replay later.");
        for (std::size_t i = 0; i < e.archives.size(); ++i) {
            archive(e.archives[i], i);
        }
        position(e);
    }

    void archive(const Archive &a, std::size_t i) {
        const std::string key = "archives[" + std::to_string(i) + "]";
        const std::string subject = m_subject;
        m_subject = subject + " archive " + a.name;
        ++m_depth;
        heading(key, "Archive " + a.name, PropertyControl::Entry, a.name,
                "Remove it to stop archiving (its events are gone with it).")
            .removable = true;
        add(key + ".name", "Name", PropertyControl::Text, a.name,
            "1 to 48 letters, digits, '.', '-' or '_'; unique on the bus.",
            on<Bus>([i, key](Bus &x, const Json &v) -> Result<bool> {
                const std::string name = trimmed(v.get_ref<const std::string &>());
                if (!isAwsName(name, kMaxArchiveNameLength)) {
                    return refusal("An archive name must be 1 to 48 letters, digits, '.', '-' "
                                   "or '_', not \"" +
                                       name + "\"",
                                   key + ".name");
                }
                for (std::size_t j = 0; j < x.archives.size(); ++j) {
                    if (j != i && x.archives[j].name == name) {
                        return refusal(x.id.value + " already has an archive named " + name,
                                       key + ".name");
                    }
                }
                x.archives[i].name = name;
                return true;
            }));
        add(key + ".description", "Description", PropertyControl::Multiline, a.description,
            "Notes for the team.", on<Bus>([i](Bus &x, const Json &v) -> Result<bool> {
                x.archives[i].description = v.get<std::string>();
                return true;
            }));
        json(key + ".pattern", "Event pattern", JsonRole::Pattern, a.pattern,
             "The events it keeps, as an event pattern; empty keeps every event.",
             on<Bus>([i](Bus &x, const Json &v) -> Result<bool> {
                 x.archives[i].pattern = v.get<std::string>();
                 return true;
             }))
            .optional = true;
        integer(key + ".retentionDays", "Retention", a.retentionDays,
                "Days the events are kept; 0 keeps them forever (AWS's default).",
                on<Bus>([i](Bus &x, const Json &v) -> Result<bool> {
                    x.archives[i].retentionDays = v.get<int>();
                    return true;
                }),
                0.0, std::nullopt, "days")
            .defaultValue = 0;
        --m_depth;
        m_subject = subject;
    }

    void describe(const Rule &e) {
        nameAndDescription(e);
        contextOf(e);
        reference("bus", "Bus", e.bus, {ElementKind::Bus}, false,
                  "The bus whose events it selects.",
                  on<Rule>([](Rule &x, const Json &v) -> Result<bool> {
                      const ElementId bus{v.get<std::string>()};
                      for (const Target &t : x.targets) {
                          if (t.destination == bus) {
                              return refusal("Cannot move " + x.id.value + " to " + bus.value +
                                                 ": target " + t.id +
                                                 " sends its events to that bus, which would "
                                                 "loop them forever",
                                             "bus");
                          }
                      }
                      x.bus = bus;
                      return true;
                  }));
        json("pattern", "Event pattern", JsonRole::Pattern, e.pattern,
             "The events it selects, in EventBridge's pattern syntax (at most 2,048 characters).",
             on<Rule>([](Rule &x, const Json &v) -> Result<bool> {
                 x.pattern = v.get<std::string>();
                 return true;
             }))
            .optional = true;
        add("enabled", "Enabled", PropertyControl::Boolean, e.enabled,
            "A disabled rule matches nothing. AWS default: enabled.",
            on<Rule>([](Rule &x, const Json &v) -> Result<bool> {
                x.enabled = v.get<bool>();
                return true;
            }))
            .defaultValue = true;
        Property &targets = heading(
            "targets", "Targets", PropertyControl::List, static_cast<double>(e.targets.size()),
            "Where matched events go; EventBridge allows at most 5 targets per rule.");
        targets.maximum = static_cast<double>(kMaxTargetsPerRule);
        for (std::size_t i = 0; i < e.targets.size(); ++i) {
            target(e, i);
        }
        position(e);
    }

    void target(const Rule &rule, std::size_t i) {
        const Target &t = rule.targets[i];
        const std::string key = "targets[" + std::to_string(i) + "]";
        const std::string subject = m_subject;
        m_subject = subject + "/" + t.id;
        ++m_depth;
        heading(key, "Target " + t.id, PropertyControl::Entry,
                "\u2192 " + displayName(m_project, t.destination),
                "Remove it to stop delivering to " + t.destination.value + ".")
            .removable = true;
        add(key + ".id", "Target Id", PropertyControl::Text, t.id,
            "EventBridge's Id of the target: 1 to 64 letters, digits, '.', '-' or '_', unique in "
            "the rule.",
            on<Rule>([i, key](Rule &x, const Json &v) -> Result<bool> {
                const std::string id = trimmed(v.get_ref<const std::string &>());
                if (!isAwsName(id, kMaxTargetIdLength)) {
                    return refusal("A target Id must be 1 to 64 letters, digits, '.', '-' or "
                                   "'_', not \"" +
                                       id + "\"",
                                   key + ".id");
                }
                for (std::size_t j = 0; j < x.targets.size(); ++j) {
                    if (j != i && x.targets[j].id == id) {
                        return refusal(x.id.value + " already has a target with Id " + id,
                                       key + ".id");
                    }
                }
                x.targets[i].id = id;
                return true;
            }));
        reference(key + ".destination", "Destination", t.destination, targetKinds(), false,
                  "Where matched events go: a function, state machine, queue, API destination or "
                  "another bus.",
                  on<Rule>([i, key](Rule &x, const Json &v) -> Result<bool> {
                      const ElementId destination{v.get<std::string>()};
                      if (destination == x.bus) {
                          return refusal("Target " + x.targets[i].id + " cannot deliver to " +
                                             destination.value +
                                             ": the rule is on that bus, and sending its events "
                                             "back would loop them forever",
                                         key + ".destination");
                      }
                      for (std::size_t j = 0; j < x.targets.size(); ++j) {
                          if (j != i && x.targets[j].destination == destination) {
                              return refusal(x.id.value + " already delivers to " +
                                                 destination.value + " through target " +
                                                 x.targets[j].id,
                                             key + ".destination");
                          }
                      }
                      x.targets[i].destination = destination;
                      return true;
                  }));
        integer(key + ".retryPolicy.maximumRetryAttempts", "Maximum retry attempts",
                t.retryPolicy.maximumRetryAttempts,
                "How often EventBridge retries a failed delivery, 0 to 185. AWS default: 185.",
                on<Rule>([i](Rule &x, const Json &v) -> Result<bool> {
                    x.targets[i].retryPolicy.maximumRetryAttempts = v.get<int>();
                    return true;
                }),
                static_cast<double>(kMinRetryAttempts), static_cast<double>(kMaxRetryAttempts))
            .defaultValue = kDefaultMaximumRetryAttempts;
        integer(key + ".retryPolicy.maximumEventAgeSeconds", "Maximum event age",
                t.retryPolicy.maximumEventAgeSeconds,
                "How long EventBridge keeps retrying an event, 60 to 86,400 s (24 hours). AWS "
                "default: 86,400 s.",
                on<Rule>([i](Rule &x, const Json &v) -> Result<bool> {
                    x.targets[i].retryPolicy.maximumEventAgeSeconds = v.get<int>();
                    return true;
                }),
                static_cast<double>(kMinEventAgeSeconds), static_cast<double>(kMaxEventAgeSeconds),
                "s")
            .defaultValue = kDefaultMaximumEventAgeSeconds;
        m_fields.back().property.step = 60;
        reference(key + ".deadLetterQueue", "Dead-letter queue", t.deadLetterQueue,
                  {ElementKind::Queue}, true,
                  "A standard SQS queue for events whose delivery failed for good. AWS default: "
                  "none (they are dropped).",
                  on<Rule>([project = &m_project, i, key](Rule &x, const Json &v) -> Result<bool> {
                      const ElementId queue{v.get<std::string>()};
                      if (const Queue *q = project->get<Queue>(queue); q && q->fifo) {
                          return refusal("Cannot use " + queue.value +
                                             " as a dead-letter queue: it is a FIFO queue and "
                                             "EventBridge needs a standard one",
                                         key + ".deadLetterQueue");
                      }
                      x.targets[i].deadLetterQueue = queue;
                      return true;
                  }));
        input(t, i, key);
        --m_depth;
        m_subject = subject;
    }

    // Stores an edit of target i's input, refusing what PutTargets would refuse.
    static Store inputStore(std::size_t i, std::string key,
                            std::function<void(TargetInput &, const Json &)> change) {
        return on<Rule>([i, key = std::move(key),
                         change = std::move(change)](Rule &x, const Json &v) -> Result<bool> {
            Target &t = x.targets[i];
            change(t.input, v);
            Result<CompiledInput> compiled = compileTargetInput(t.input, t.id);
            if (!compiled) {
                Error error = compiled.error();
                error.field = key;
                return error;
            }
            return true;
        });
    }

    void input(const Target &t, std::size_t i, const std::string &key) {
        choice(key + ".input.kind", "Input", inputKindName(t.input), inputChoices(),
               "What the target receives: the whole event (AWS's default), constant JSON, the "
               "part InputPath selects, or an input transformer's template.",
               inputStore(i, key + ".input.kind",
                          [](TargetInput &in, const Json &v) {
                              const std::string kind = v.get<std::string>();
                              if (kind == inputKindName(in)) {
                                  return;
                              }
                              if (kind == "wholeEvent") {
                                  in = TargetInput::wholeEvent();
                              } else if (kind == "constant") {
                                  in = TargetInput::constant(R"({"message":"hello"})");
                              } else if (kind == "inputPath") {
                                  in = TargetInput::path("$.detail");
                              } else {
                                  in = TargetInput::transformer({{"detail", "$.detail"}},
                                                                R"({"detail": <detail>})");
                              }
                          }))
            .defaultValue = "wholeEvent";
        switch (t.input.kind()) {
        case TargetInputKind::WholeEvent:
            break;
        case TargetInputKind::Constant:
            json(key + ".input.input", "Constant input", JsonRole::Constant,
                 t.input.input.value_or(""),
                 "JSON sent instead of the event, at most 8,192 characters.",
                 inputStore(i, key + ".input.input", [](TargetInput &in, const Json &v) {
                     in.input = v.get<std::string>();
                 }));
            break;
        case TargetInputKind::InputPath:
            add(key + ".input.inputPath", "InputPath", PropertyControl::Text,
                t.input.inputPath.value_or(""),
                "A JSONPath selecting the part of the event to send, e.g. $.detail.",
                inputStore(i, key + ".input.inputPath", [](TargetInput &in, const Json &v) {
                    in.inputPath = trimmed(v.get_ref<const std::string &>());
                }));
            break;
        case TargetInputKind::InputTransformer:
            json(key + ".input.inputPathsMap", "InputPathsMap", JsonRole::PathsMap,
                 pathsMapJson(t.input.inputTransformer->inputPathsMap),
                 "Variables for the template: an object of names to JSONPaths (at most 100).",
                 inputStore(i, key + ".input.inputPathsMap", [](TargetInput &in, const Json &v) {
                     std::vector<std::pair<std::string, std::string>> map;
                     for (auto it = v.begin(); it != v.end(); ++it) {
                         map.emplace_back(it.key(), it.value().get<std::string>());
                     }
                     in.inputTransformer->inputPathsMap = std::move(map);
                 }));
            json(key + ".input.inputTemplate", "InputTemplate", JsonRole::Template,
                 t.input.inputTransformer->inputTemplate,
                 "What the target receives, with <variable> placeholders; a template starting "
                 "with { or [ must make valid JSON.",
                 inputStore(i, key + ".input.inputTemplate", [](TargetInput &in, const Json &v) {
                     in.inputTransformer->inputTemplate = v.get<std::string>();
                 }));
            break;
        }
    }

    void describe(const Consumer &e) {
        nameAndDescription(e);
        contextOf(e);
        add("arn", "ARN", PropertyControl::Text, e.arn,
            std::string("The ARN of an existing ") +
                (e.kind == ElementKind::StateMachine ? "state machine" : "function") +
                " outside the project; empty for the project's own.",
            on<Consumer>([](Consumer &x, const Json &v) -> Result<bool> {
                x.arn = trimmed(v.get_ref<const std::string &>());
                return true;
            }));
        if (e.kind == ElementKind::Function) {
            asyncInvocation(e);
        }
        behavior(e.behavior);
        position(e);
    }

    // A function's timeout and what Lambda does with its failed asynchronous invocations.
    void asyncInvocation(const Consumer &e) {
        integer("timeoutSeconds", "Timeout", e.timeoutSeconds,
                "How long an invocation may run before Lambda stops it as a timeout, a function "
                "error, 1 to 900 s. AWS default: 3 s.",
                on<Consumer>([](Consumer &x, const Json &v) -> Result<bool> {
                    x.timeoutSeconds = v.get<int>();
                    return true;
                }),
                1.0, static_cast<double>(kMaxFunctionTimeoutSeconds), "s")
            .defaultValue = kDefaultFunctionTimeoutSeconds;
        heading("asyncInvocation", "Asynchronous invocation", PropertyControl::Section, nullptr,
                "EventBridge invokes functions asynchronously: once Lambda has queued the event, "
                "Lambda, not EventBridge, retries the function's errors.");
        const AsyncInvocation &async = e.asyncInvocation;
        integer("asyncInvocation.maximumRetryAttempts", "Retry attempts",
                async.maximumRetryAttempts,
                "How often Lambda retries a failed invocation, 0 to 2: one minute after the first "
                "failure, then two minutes after the second. AWS default: 2.",
                on<Consumer>([](Consumer &x, const Json &v) -> Result<bool> {
                    x.asyncInvocation.maximumRetryAttempts = v.get<int>();
                    return true;
                }),
                0.0, static_cast<double>(kMaxAsyncRetryAttempts))
            .defaultValue = kDefaultAsyncRetryAttempts;
        integer("asyncInvocation.maximumEventAgeSeconds", "Maximum event age",
                async.maximumEventAgeSeconds,
                "How long Lambda keeps an event in its queue, waiting or between retries, 60 to "
                "21,600 s (6 hours). AWS default: 21,600 s.",
                on<Consumer>([](Consumer &x, const Json &v) -> Result<bool> {
                    x.asyncInvocation.maximumEventAgeSeconds = v.get<int>();
                    return true;
                }),
                static_cast<double>(kMinAsyncEventAgeSeconds),
                static_cast<double>(kMaxAsyncEventAgeSeconds), "s")
            .defaultValue = kDefaultAsyncEventAgeSeconds;
        m_fields.back().property.step = 60;
        reference("asyncInvocation.onFailure", "On-failure destination", async.onFailure,
                  {ElementKind::Queue, ElementKind::Function, ElementKind::Bus}, true,
                  "Where Lambda sends a record of an event that failed for good (the request, "
                  "the response and why): a standard queue, a function or a bus. AWS default: "
                  "none.",
                  on<Consumer>([project = &m_project](Consumer &x, const Json &v) -> Result<bool> {
                      const ElementId destination{v.get<std::string>()};
                      if (const Queue *q = project->get<Queue>(destination); q && q->fifo) {
                          return refusal("Cannot send failures to " + destination.value +
                                             ": it is a FIFO queue, and Lambda's destinations "
                                             "are standard queues",
                                         "asyncInvocation.onFailure");
                      }
                      x.asyncInvocation.onFailure = destination;
                      return true;
                  }));
        reference("asyncInvocation.deadLetterQueue", "Dead-letter queue", async.deadLetterQueue,
                  {ElementKind::Queue}, true,
                  "A standard queue given the failed event itself (the older way; an on-failure "
                  "destination says more). AWS default: none.",
                  on<Consumer>([project = &m_project](Consumer &x, const Json &v) -> Result<bool> {
                      const ElementId queue{v.get<std::string>()};
                      if (const Queue *q = project->get<Queue>(queue); q && q->fifo) {
                          return refusal("Cannot use " + queue.value +
                                             " as the function's dead-letter queue: it is a "
                                             "FIFO queue and Lambda needs a standard one",
                                         "asyncInvocation.deadLetterQueue");
                      }
                      x.asyncInvocation.deadLetterQueue = queue;
                      return true;
                  }));
    }

    void describe(const Queue &e) {
        nameAndDescription(e);
        contextOf(e);
        add("arn", "ARN", PropertyControl::Text, e.arn,
            "The ARN of an existing queue outside the project; empty for the project's own.",
            on<Queue>([](Queue &x, const Json &v) -> Result<bool> {
                x.arn = trimmed(v.get_ref<const std::string &>());
                return true;
            }));
        add("fifo", "FIFO", PropertyControl::Boolean, e.fifo,
            "A FIFO queue keeps order and drops duplicates; a dead-letter queue must be standard. "
            "AWS default: standard.",
            on<Queue>([project = &m_project](Queue &x, const Json &v) -> Result<bool> {
                const bool fifo = v.get<bool>();
                if (fifo) {
                    for (const Rule *rule : project->all<Rule>()) {
                        for (const Target &t : rule->targets) {
                            if (t.deadLetterQueue == x.id) {
                                return refusal(x.id.value + " is the dead-letter queue of " +
                                                   rule->id.value + "/" + t.id +
                                                   ", and EventBridge needs a standard queue there",
                                               "fifo");
                            }
                        }
                    }
                }
                x.fifo = fifo;
                return true;
            }))
            .defaultValue = false;
        integer("messageRetentionSeconds", "Message retention", e.messageRetentionSeconds,
                "How long SQS keeps a message, 60 s to 14 days (1,209,600 s). AWS default: 4 days "
                "(345,600 s).",
                on<Queue>([](Queue &x, const Json &v) -> Result<bool> {
                    x.messageRetentionSeconds = v.get<int>();
                    return true;
                }),
                static_cast<double>(kMinRetentionSeconds),
                static_cast<double>(kMaxRetentionSeconds), "s")
            .defaultValue = kDefaultRetentionSeconds;
        m_fields.back().property.step = 3600;
        reference("readBy", "Read by", e.readBy, {ElementKind::Function, ElementKind::StateMachine},
                  true, "The function or state machine that polls the queue.",
                  on<Queue>([](Queue &x, const Json &v) -> Result<bool> {
                      x.readBy = ElementId{v.get<std::string>()};
                      return true;
                  }));
        integer("visibilityTimeoutSeconds", "Visibility timeout", e.visibilityTimeoutSeconds,
                "How long a received message stays hidden from other readers; a message not "
                "deleted by then is received again. 0 to 43,200 s; AWS advises six times the "
                "reading function's timeout. AWS default: 30 s.",
                on<Queue>([](Queue &x, const Json &v) -> Result<bool> {
                    x.visibilityTimeoutSeconds = v.get<int>();
                    return true;
                }),
                0.0, static_cast<double>(kMaxVisibilityTimeoutSeconds), "s")
            .defaultValue = kDefaultVisibilityTimeoutSeconds;
        reference("redrivePolicy.deadLetterQueue", "Redrive dead-letter queue",
                  e.redrivePolicy.deadLetterQueue, {ElementKind::Queue}, true,
                  "Where SQS moves a message received too often without being deleted; a queue "
                  "of the same type (standard or FIFO). AWS default: none.",
                  on<Queue>([project = &m_project](Queue &x, const Json &v) -> Result<bool> {
                      const ElementId queue{v.get<std::string>()};
                      if (queue == x.id) {
                          return refusal("A queue cannot be its own dead-letter queue",
                                         "redrivePolicy.deadLetterQueue");
                      }
                      if (const Queue *q = project->get<Queue>(queue); q && q->fifo != x.fifo) {
                          return refusal("Cannot redrive " + x.id.value + " to " + queue.value +
                                             ": SQS needs a dead-letter queue of the same type " +
                                             (x.fifo ? "(FIFO)" : "(standard)"),
                                         "redrivePolicy.deadLetterQueue");
                      }
                      x.redrivePolicy.deadLetterQueue = queue;
                      return true;
                  }));
        if (!e.redrivePolicy.deadLetterQueue.empty()) {
            integer("redrivePolicy.maxReceiveCount", "Maximum receives",
                    e.redrivePolicy.maxReceiveCount,
                    "How often a message may be received before SQS moves it to the dead-letter "
                    "queue, 1 to 1,000. The console suggests 10.",
                    on<Queue>([](Queue &x, const Json &v) -> Result<bool> {
                        x.redrivePolicy.maxReceiveCount = v.get<int>();
                        return true;
                    }),
                    1.0, static_cast<double>(kMaxMaxReceiveCount))
                .defaultValue = kDefaultMaxReceiveCount;
        }
        if (!e.readBy.empty()) {
            integer("readerBatchSize", "Batch size", e.readerBatchSize,
                    "Messages the reader takes at once; the whole batch fails together. 1 to "
                    "10,000 (10 for a FIFO queue). AWS default: 10.",
                    on<Queue>([](Queue &x, const Json &v) -> Result<bool> {
                        x.readerBatchSize = v.get<int>();
                        return true;
                    }),
                    1.0,
                    static_cast<double>(e.fifo ? kMaxFifoReaderBatchSize : kMaxReaderBatchSize))
                .defaultValue = kDefaultReaderBatchSize;
            integer("readerMaximumConcurrency", "Maximum concurrency", e.readerMaximumConcurrency,
                    "Batches the reader works on at once, 2 to 1,000; 0 for no maximum. AWS "
                    "default: no maximum.",
                    on<Queue>([](Queue &x, const Json &v) -> Result<bool> {
                        const int value = v.get<int>();
                        if (value == 1) {
                            return refusal("Maximum concurrency is 0 (no maximum) or from 2 to "
                                           "1,000",
                                           "readerMaximumConcurrency");
                        }
                        x.readerMaximumConcurrency = value;
                        return true;
                    }),
                    0.0, static_cast<double>(kMaxReaderMaximumConcurrency))
                .defaultValue = 0;
        }
        position(e);
    }

    void describe(const Connection &e) {
        nameAndDescription(e);
        contextOf(e);
        choice("authorization", "Authorization",
               std::string(authorizationTypeName(e.authorization)), authorizationChoices(),
               "How EventBridge authorizes its calls; secrets are never stored in the model.",
               on<Connection>([](Connection &x, const Json &v) -> Result<bool> {
                   x.authorization = enumOf<AuthorizationType>(authorizationChoices(), v);
                   return true;
               }));
        const auto text = [&](const char *key, const char *label, const std::string &value,
                              std::string Connection::*member, const char *help) {
            add(key, label, PropertyControl::Text, value, help,
                on<Connection>([member](Connection &x, const Json &v) -> Result<bool> {
                    x.*member = trimmed(v.get_ref<const std::string &>());
                    return true;
                }));
        };
        switch (e.authorization) {
        case AuthorizationType::ApiKey:
            text("apiKeyName", "API key header", e.apiKeyName, &Connection::apiKeyName,
                 "The header that carries the key, e.g. x-api-key.");
            break;
        case AuthorizationType::Basic:
            text("username", "User name", e.username, &Connection::username,
                 "The user name; the password is asked for at deployment.");
            break;
        case AuthorizationType::OAuthClientCredentials:
            text("oauthEndpoint", "Authorization endpoint", e.oauthEndpoint,
                 &Connection::oauthEndpoint, "The HTTPS URL that issues tokens.");
            choice("oauthHttpMethod", "Token request method",
                   e.oauthHttpMethod.empty() ? std::string("POST") : e.oauthHttpMethod,
                   oauthMethodChoices(), "How the token is requested.",
                   on<Connection>([](Connection &x, const Json &v) -> Result<bool> {
                       x.oauthHttpMethod = v.get<std::string>();
                       return true;
                   }));
            text("oauthClientId", "Client id", e.oauthClientId, &Connection::oauthClientId,
                 "The OAuth client id; the secret is asked for at deployment.");
            break;
        }
        position(e);
    }

    void describe(const ApiDestination &e) {
        nameAndDescription(e);
        contextOf(e);
        reference("connection", "Connection", e.connection, {ElementKind::Connection}, false,
                  "How its calls are authorized (EventBridge requires a connection).",
                  on<ApiDestination>([](ApiDestination &x, const Json &v) -> Result<bool> {
                      x.connection = ElementId{v.get<std::string>()};
                      return true;
                  }));
        add("endpoint", "Endpoint", PropertyControl::Text, e.endpoint,
            "The HTTPS URL it calls; '*' marks a path parameter.",
            on<ApiDestination>([](ApiDestination &x, const Json &v) -> Result<bool> {
                const std::string url = trimmed(v.get_ref<const std::string &>());
                if (!url.empty() && url.rfind("https://", 0) != 0) {
                    return refusal("Endpoint of " + x.id.value +
                                       " must be an https:// URL (EventBridge calls HTTPS only)",
                                   "endpoint");
                }
                x.endpoint = url;
                return true;
            }));
        choice("httpMethod", "HTTP method",
               e.httpMethod.empty() ? std::string("POST") : e.httpMethod, httpMethodChoices(),
               "The method of each call.",
               on<ApiDestination>([](ApiDestination &x, const Json &v) -> Result<bool> {
                   x.httpMethod = v.get<std::string>();
                   return true;
               }));
        integer("invocationRateLimitPerSecond", "Invocation rate limit",
                e.invocationRateLimitPerSecond,
                "Calls per second EventBridge makes at most, 1 to 300. AWS default: 300.",
                on<ApiDestination>([](ApiDestination &x, const Json &v) -> Result<bool> {
                    x.invocationRateLimitPerSecond = v.get<int>();
                    return true;
                }),
                static_cast<double>(kMinInvocationRate), static_cast<double>(kMaxInvocationRate),
                "per second")
            .defaultValue = kDefaultInvocationRateLimitPerSecond;
        reference("externalSystem", "External system", e.externalSystem,
                  {ElementKind::ExternalSystem}, true, "The system outside it reaches.",
                  on<ApiDestination>([](ApiDestination &x, const Json &v) -> Result<bool> {
                      x.externalSystem = ElementId{v.get<std::string>()};
                      return true;
                  }));
        behavior(e.behavior);
        position(e);
    }

    void describe(const ExternalSystem &e) {
        nameAndDescription(e);
        contextOf(e);
        behavior(e.behavior);
        position(e);
    }

    void describe(const Sticky &e) {
        add("text", "Text", PropertyControl::Multiline, e.text, "What the sticky says.",
            on<Sticky>([](Sticky &x, const Json &v) -> Result<bool> {
                x.text = v.get<std::string>();
                return true;
            }));
        choice("stickyKind", "Kind", std::string(stickyKindName(e.kind)), stickyChoices(),
               "What it stands for in event storming; its colour follows.",
               on<Sticky>([](Sticky &x, const Json &v) -> Result<bool> {
                   x.kind = enumOf<StickyKind>(stickyChoices(), v);
                   return true;
               }));
        contextOf(e);
        reference("linked", "Became", e.linked, linkKinds(), true,
                  "The architecture element this sticky became.",
                  on<Sticky>([](Sticky &x, const Json &v) -> Result<bool> {
                      x.linked = ElementId{v.get<std::string>()};
                      return true;
                  }));
        rectangle<Sticky>("geometry", e.geometry, &Sticky::geometry);
    }

    const Project &m_project;
    const Element &m_element;
    std::string m_subject;
    int m_depth = 0;
    std::vector<Field> m_fields;
    std::map<std::vector<ElementKind>, std::vector<PropertyChoice>> m_candidates;
};

// --- Checking values -----------------------------------------------------------------------------

std::string rangeText(const Property &p) {
    const std::string &unit = p.unit;
    if (p.minimum && p.maximum) {
        return "between " + formatNumber(*p.minimum) + " and " + withUnit(*p.maximum, unit);
    }
    if (p.minimum) {
        return *p.minimum == 0 ? std::string("0 or more")
                               : "at least " + withUnit(*p.minimum, unit);
    }
    if (p.maximum) {
        return "at most " + withUnit(*p.maximum, unit);
    }
    return "a number";
}

// What a value of `role` must be; empty when `value` is one.
std::string jsonRoleProblem(JsonRole role, const Json &value) {
    switch (role) {
    case JsonRole::Schema:
        return value.is_object() || value.is_boolean() || value.is_null()
                   ? std::string()
                   : "must be a JSON Schema (an object), or null for none";
    case JsonRole::Sample:
        return value.is_object() ? std::string() : "must be a JSON object (a whole event)";
    case JsonRole::PathsMap:
        if (!value.is_object()) {
            return "must be a JSON object of variable names to JSON paths";
        }
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (!it.value().is_string()) {
                return "must map each variable to a JSON path (a string); \"" + it.key() +
                       "\" is not one";
            }
        }
        return {};
    case JsonRole::PercentileTable: {
        if (!value.is_array() || value.empty()) {
            return "must be a non-empty array of {\"percentile\": p, \"ms\": latency} rows";
        }
        double lastPercentile = 0;
        double lastMs = 0;
        for (const Json &row : value) {
            const auto p = row.is_object() ? row.find("percentile") : row.end();
            const auto ms = row.is_object() ? row.find("ms") : row.end();
            if (!row.is_object() || p == row.end() || ms == row.end() || !p->is_number() ||
                !ms->is_number() || row.size() != 2) {
                return "must hold rows of exactly {\"percentile\": p, \"ms\": latency}";
            }
            const double percentile = p->get<double>();
            const double latency = ms->get<double>();
            if (!(percentile > lastPercentile) || percentile > 100) {
                return "must have percentiles rising within (0, 100]; " + formatNumber(percentile) +
                       " does not";
            }
            if (!std::isfinite(latency) || latency < lastMs) {
                return "must have latencies of 0 ms or more that do not fall; " +
                       formatNumber(latency) + " ms does";
            }
            lastPercentile = percentile;
            lastMs = latency;
        }
        return {};
    }
    case JsonRole::Hourly:
        if (!value.is_array() || (!value.empty() && value.size() != kHoursPerDay)) {
            return "must be an array of 24 factors (hours 0 to 23), or empty";
        }
        for (const Json &factor : value) {
            if (!factor.is_number() || !std::isfinite(factor.get<double>()) ||
                factor.get<double>() < 0) {
                return "must hold numbers of 0 or more";
            }
        }
        return {};
    case JsonRole::Script:
        if (!value.is_array()) {
            return "must be an array of {\"atSeconds\": t, \"count\": n} puts";
        }
        for (const Json &row : value) {
            const auto at = row.is_object() ? row.find("atSeconds") : row.end();
            if (at == row.end() || !at->is_number() || !std::isfinite(at->get<double>()) ||
                at->get<double>() < 0) {
                return "must give each put an \"atSeconds\" of 0 or more";
            }
            const auto count = row.find("count");
            if (count != row.end() && (!count->is_number_integer() || count->get<long long>() < 1 ||
                                       count->get<long long>() > std::numeric_limits<int>::max())) {
                return "must give each put a whole \"count\" of 1 or more";
            }
        }
        return {};
    case JsonRole::Values:
        return value.is_array() ? std::string() : "must be a JSON array of values";
    case JsonRole::Pattern:
    case JsonRole::Constant:
    case JsonRole::Template:
    case JsonRole::None:
        return {};
    }
    return {};
}

// `value` checked against the field's description and brought to the form its store expects.
Result<Json> normalize(const Project &project, const Field &field, const Json &value) {
    const Property &p = field.property;
    switch (p.control) {
    case PropertyControl::Text:
    case PropertyControl::Multiline:
        if (value.is_null()) {
            return Json("");
        }
        if (!value.is_string()) {
            return fieldRefusal(field, "must be text");
        }
        if (p.key == "name" && trimmed(value.get_ref<const std::string &>()).empty()) {
            return fieldRefusal(field, "cannot be empty");
        }
        return value;
    case PropertyControl::Integer: {
        if (!value.is_number()) {
            return fieldRefusal(field, "must be a whole number " + rangeText(p));
        }
        const double number = value.get<double>();
        if (!std::isfinite(number) || std::floor(number) != number) {
            return fieldRefusal(field, "must be a whole number " + rangeText(p) + ", not " +
                                           formatNumber(number));
        }
        const double lowest = p.minimum.value_or(std::numeric_limits<int>::min());
        const double highest = p.maximum.value_or(std::numeric_limits<int>::max());
        if (number < lowest || number > highest) {
            return fieldRefusal(field, "must be " + rangeText(p) + "; " + withUnit(number, p.unit) +
                                           " is out of range");
        }
        return Json(static_cast<int>(number));
    }
    case PropertyControl::Number: {
        if (!value.is_number() || !std::isfinite(value.get<double>())) {
            return fieldRefusal(field,
                                "must be a finite number" +
                                    (p.minimum || p.maximum ? " " + rangeText(p) : std::string()));
        }
        const double number = value.get<double>();
        if ((p.minimum && number < *p.minimum) || (p.maximum && number > *p.maximum)) {
            return fieldRefusal(field, "must be " + rangeText(p) + "; " + withUnit(number, p.unit) +
                                           " is out of range");
        }
        return Json(number);
    }
    case PropertyControl::Boolean:
        if (!value.is_boolean()) {
            return fieldRefusal(field, "must be true or false");
        }
        return value;
    case PropertyControl::Choice: {
        const bool known =
            value.is_string() &&
            std::any_of(p.choices.begin(), p.choices.end(), [&value](const PropertyChoice &c) {
                return c.value == value.get_ref<const std::string &>();
            });
        if (!known) {
            std::string names;
            for (std::size_t i = 0; i < p.choices.size(); ++i) {
                names += (i == 0                      ? ""
                          : i + 1 == p.choices.size() ? " or "
                                                      : ", ") +
                         p.choices[i].value;
            }
            return fieldRefusal(field, "must be one of " + names + ", not " + value.dump());
        }
        return value;
    }
    case PropertyControl::Reference: {
        if (!value.is_null() && !value.is_string()) {
            return fieldRefusal(field, "must name an element by its id");
        }
        const std::string id = value.is_null() ? std::string() : value.get<std::string>();
        if (id.empty()) {
            if (!p.optional) {
                return fieldRefusal(field, "must name a " + elementKindList(p.referenceKinds) +
                                               "; it cannot be empty");
            }
            return Json("");
        }
        const Element *target = project.find(ElementId{id});
        if (!target) {
            return fieldRefusal(field, "must name an existing " +
                                           elementKindList(p.referenceKinds) + "; there is no \"" +
                                           id + "\"");
        }
        const ElementKind kind = elementKind(*target);
        if (std::find(p.referenceKinds.begin(), p.referenceKinds.end(), kind) ==
            p.referenceKinds.end()) {
            return fieldRefusal(field, "must name a " + elementKindList(p.referenceKinds) + "; " +
                                           id + " is a " + std::string(elementKindName(kind)));
        }
        return Json(id);
    }
    case PropertyControl::JsonDocument: {
        if (p.jsonText) {
            if (!value.is_string()) {
                return fieldRefusal(field, "must be given as JSON text");
            }
            const std::string &text = value.get_ref<const std::string &>();
            if (p.json == JsonRole::Pattern && !isBlank(text)) {
                Result<EventPattern> parsed = parseEventPattern(text);
                if (!parsed) {
                    Error error = parsed.error();
                    error.field = p.key;
                    return error;
                }
            }
            return value;
        }
        if (const std::string problem = jsonRoleProblem(p.json, value); !problem.empty()) {
            return fieldRefusal(field, problem);
        }
        return value;
    }
    case PropertyControl::List:
    case PropertyControl::Entry:
    case PropertyControl::Section:
        break;
    }
    return refusal(capitalized(p.label) + " of " + field.subject +
                       " is a heading, not a value: add or remove its entries instead",
                   p.key);
}

struct Edited {
    Element element;
    Field field;
    Json value; // as stored
};

Result<Edited> edit(const Project &project, const Element &element, std::string_view key,
                    const Json &value) {
    std::vector<Field> fields = Describer(project, element).build();
    const auto it = std::find_if(fields.begin(), fields.end(),
                                 [key](const Field &f) { return f.property.key == key; });
    if (it == fields.end()) {
        return refusal(std::string(elementKindName(elementKind(element))) + " " +
                           elementId(element).value + " has no property \"" + std::string(key) +
                           "\"",
                       key);
    }
    Result<Json> normalized = normalize(project, *it, value);
    if (!normalized) {
        return normalized.error();
    }
    if (!it->store) {
        return refusal(capitalized(it->property.label) + " cannot be set", key);
    }
    Element changed = element;
    Result<bool> stored = it->store(changed, *normalized);
    if (!stored) {
        Error error = stored.error();
        if (error.field.empty()) {
            error.field = std::string(key);
        }
        return error;
    }
    return Edited{std::move(changed), std::move(*it), std::move(normalized).value()};
}

std::string commandLabel(const Field &field, const Json &value) {
    const Property &p = field.property;
    if (p.key == "name" || p.key == "text") {
        const std::string &name = value.get_ref<const std::string &>();
        return "Rename " + field.subject + " to " +
               name.substr(0, std::min<std::size_t>(name.find('\n'), 60));
    }
    if (p.key == "enabled" && p.control == PropertyControl::Boolean) {
        return (value.get<bool>() ? "Enable rule " : "Disable rule ") + field.subject;
    }
    const std::string what = inSentence(p.label) + " of " + field.subject;
    if (p.control == PropertyControl::Reference && value.get<std::string>().empty()) {
        return "Clear " + what;
    }
    if (p.control == PropertyControl::JsonDocument || p.control == PropertyControl::Multiline) {
        return "Edit " + what;
    }
    std::string shown = summaryOfValue(value);
    if (p.control == PropertyControl::Choice) {
        for (const PropertyChoice &c : p.choices) {
            if (c.value == shown) {
                shown = inSentence(c.label);
            }
        }
    }
    if ((p.control == PropertyControl::Integer || p.control == PropertyControl::Number) &&
        !p.unit.empty()) {
        shown = withUnit(value.get<double>(), p.unit);
    }
    if (shown.size() > 40 || shown.find('\n') != std::string::npos) {
        return "Set " + what;
    }
    return "Set " + what + " to " + shown;
}

// "targets[2]" -> ("targets", 2); "behavior.failures[0]" -> ("behavior.failures", 0).
std::optional<std::pair<std::string, std::size_t>> splitEntryKey(std::string_view key) {
    if (key.size() < 4 || key.back() != ']') {
        return std::nullopt;
    }
    const std::size_t open = key.rfind('[');
    if (open == std::string_view::npos || open == 0) {
        return std::nullopt;
    }
    const std::string_view digits = key.substr(open + 1, key.size() - open - 2);
    if (digits.empty() || digits.size() > 6 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    return std::make_pair(std::string(key.substr(0, open)),
                          static_cast<std::size_t>(std::stoul(std::string(digits))));
}

Command replaceCommand(Element element, std::string label) {
    return Command{ReplaceElement{std::move(element)}, std::move(label)};
}

// A connection made by the canvas's rules, relabelled for the inspector.
Result<Command> connectAs(const Project &project, const ElementId &from, const ElementId &to,
                          std::string label) {
    Result<Command> command = connectElements(project, from, to);
    if (command) {
        command->label = std::move(label);
    }
    return command;
}

// The first element of `kinds` (in model order) that connecting `from` to succeeds with.
std::optional<ElementId> firstConnectable(const Project &project, const ElementId &from,
                                          const std::vector<ElementKind> &kinds) {
    for (const Element &element : project.elements()) {
        const ElementKind kind = elementKind(element);
        if (std::find(kinds.begin(), kinds.end(), kind) != kinds.end() &&
            canConnect(project, from, elementId(element))) {
            return elementId(element);
        }
    }
    return std::nullopt;
}

std::optional<ElementId> requested(const Json &value) {
    if (value.is_string() && !value.get_ref<const std::string &>().empty()) {
        return ElementId{value.get<std::string>()};
    }
    return std::nullopt;
}

// The entry `value` asks for, when it names an element of `kinds`; else the first element of
// `kinds` that `from` can connect to. A refusal when `value` names something else.
Result<std::optional<ElementId>> entryTarget(const Project &project, const ElementId &from,
                                             const Json &value,
                                             const std::vector<ElementKind> &kinds,
                                             std::string_view listKey) {
    const std::optional<ElementId> wanted = requested(value);
    if (!wanted) {
        return firstConnectable(project, from, kinds);
    }
    const Element *element = project.find(*wanted);
    if (!element || std::find(kinds.begin(), kinds.end(), elementKind(*element)) == kinds.end()) {
        return refusal("Cannot add " + wanted->value + " to " + std::string(listKey) + " of " +
                           from.value + ": it must be an existing " + elementKindList(kinds),
                       listKey);
    }
    return wanted;
}

Json envelope(const EventType &type) {
    return Json{{"version", "0"},
                {"id", "00000000-0000-4000-8000-000000000000"},
                {"detail-type", type.detailType},
                {"source", type.source},
                {"account", "123456789012"},
                {"time", "2025-01-01T00:00:00Z"},
                {"region", "us-east-1"},
                {"resources", Json::array()},
                {"detail", Json::object()}};
}

} // namespace

std::string_view propertyControlName(PropertyControl control) {
    static constexpr std::array<std::string_view, 11> kNames{
        "text",      "multiline", "integer", "number", "boolean", "choice",
        "reference", "json",      "list",    "entry",  "section"};
    return kNames[static_cast<std::size_t>(control)];
}

std::string_view jsonRoleName(JsonRole role) {
    static constexpr std::array<std::string_view, 11> kNames{
        "",         "pattern",         "schema", "sample", "constant", "pathsMap",
        "template", "percentileTable", "hourly", "script", "values"};
    return kNames[static_cast<std::size_t>(role)];
}

std::vector<PropertyChoice> referenceCandidates(const Project &project,
                                                const std::vector<ElementKind> &kinds) {
    std::vector<PropertyChoice> out;
    for (const Element &element : project.elements()) {
        if (std::find(kinds.begin(), kinds.end(), elementKind(element)) != kinds.end()) {
            out.push_back({elementId(element).value, displayName(project, elementId(element))});
        }
    }
    return out;
}

std::vector<Property> describeProperties(const Project &project, const ElementId &id) {
    std::vector<Property> out;
    const Element *element = project.find(id);
    if (!element) {
        return out;
    }
    std::vector<Field> fields = Describer(project, *element).build();
    out.reserve(fields.size());
    for (Field &field : fields) {
        out.push_back(std::move(field.property));
    }
    return out;
}

std::optional<Property> findProperty(const Project &project, const ElementId &id,
                                     std::string_view key) {
    for (Property &p : describeProperties(project, id)) {
        if (p.key == key) {
            return std::move(p);
        }
    }
    return std::nullopt;
}

Result<Element> withProperty(const Project &project, const Element &element, std::string_view key,
                             const Json &value) {
    Result<Edited> edited = edit(project, element, key, value);
    if (!edited) {
        return edited.error();
    }
    return std::move(edited->element);
}

Result<Command> setProperty(const Project &project, const ElementId &id, std::string_view key,
                            const Json &value) {
    const Element *element = project.find(id);
    if (!element) {
        return refusal("There is no element \"" + id.value + "\" to change", key);
    }
    Result<Edited> edited = edit(project, *element, key, value);
    if (!edited) {
        return edited.error();
    }
    std::string label = commandLabel(edited->field, edited->value);
    return replaceCommand(std::move(edited->element), std::move(label));
}

Result<Command> addListEntry(const Project &project, const ElementId &id, std::string_view listKey,
                             const Json &value) {
    const Element *found = project.find(id);
    if (!found) {
        return refusal("There is no element \"" + id.value + "\" to add to", listKey);
    }
    const std::optional<Property> list = findProperty(project, id, listKey);
    if (!list || list->control != PropertyControl::List) {
        return refusal(std::string(elementKindName(elementKind(*found))) + " " + id.value +
                           " has no list \"" + std::string(listKey) + "\"",
                       listKey);
    }
    Element element = *found;
    const std::string &who = id.value;
    // Entries that are connections to another element (targets, follow-ups, calls, emissions)
    // are added the way the canvas connects them; `none` says why nothing is left to add.
    const auto addConnection = [&](const std::vector<ElementKind> &kinds, const std::string &none,
                                   const std::string &label) -> Result<Command> {
        Result<std::optional<ElementId>> chosen = entryTarget(project, id, value, kinds, listKey);
        if (!chosen) {
            return chosen.error();
        }
        if (!*chosen) {
            return refusal(none, listKey);
        }
        const ElementId &to = **chosen;
        return connectAs(project, id, to, label + to.value + " to " + who);
    };

    if (listKey == "targets") {
        const Rule &rule = std::get<Rule>(element);
        if (rule.targets.size() >= kMaxTargetsPerRule) {
            return refusal("A rule has at most " + std::to_string(kMaxTargetsPerRule) +
                               " targets (EventBridge's limit): " + who + " has " +
                               std::to_string(rule.targets.size()) + "; remove one first",
                           listKey);
        }
        return addConnection(targetKinds(),
                             "Nothing is left for " + who +
                                 " to deliver to: add a function, state machine, queue, API "
                                 "destination or another bus first",
                             "Add target ");
    }
    if (listKey == "behavior.followUps") {
        return addConnection({ElementKind::EventType},
                             project.all<EventType>().empty()
                                 ? "Add an event type first: a follow-up puts an event of a type"
                                 : who + " already emits every event type (or there is no bus "
                                         "to put them on)",
                             "Add follow-up ");
    }
    if (listKey == "behavior.dependsOn") {
        return addConnection({ElementKind::Function, ElementKind::StateMachine,
                              ElementKind::ApiDestination, ElementKind::ExternalSystem},
                             "Nothing is left for " + who +
                                 " to call: add a function, state machine, API destination or "
                                 "external system first",
                             "Add call of ");
    }
    if (listKey == "emits") {
        return addConnection({ElementKind::EventType},
                             project.all<EventType>().empty()
                                 ? "Add an event type first: an emission puts events of a type"
                                 : who + " already emits every event type",
                             "Add emission of ");
    }
    if (listKey == "behavior.failures") {
        Behavior &behavior = *behaviorOf(element);
        FailureKind kind = FailureKind::ServerError;
        for (const FailureKind candidate :
             {FailureKind::ServerError, FailureKind::Timeout, FailureKind::Throttled,
              FailureKind::ConnectionFailure, FailureKind::ClientError,
              FailureKind::PermissionDenied, FailureKind::TargetDeleted}) {
            if (std::none_of(behavior.failures.begin(), behavior.failures.end(),
                             [candidate](const FailureMode &m) { return m.kind == candidate; })) {
                kind = candidate;
                break;
            }
        }
        behavior.failures.push_back(FailureMode{kind, kNewFailureRate});
        return replaceCommand(std::move(element), "Add failure mode " +
                                                      std::string(failureKindName(kind)) + " to " +
                                                      who);
    }
    if (listKey == "behavior.faults") {
        Behavior &behavior = *behaviorOf(element);
        // A ten-minute outage after the last window ends, or ten minutes in.
        double from = kNewFaultStartSeconds;
        for (const FaultWindow &fault : behavior.faults) {
            from = std::max(from, fault.toSeconds + kNewFaultStartSeconds);
        }
        behavior.faults.push_back(FaultWindow{from, from + kNewFaultLengthSeconds, FaultMode::Down,
                                              FailureKind::ConnectionFailure, 1, 0});
        return replaceCommand(std::move(element), "Add fault window to " + who);
    }
    if (listKey == "samples") {
        EventType &type = std::get<EventType>(element);
        type.samples.push_back(type.samples.empty() ? envelope(type) : type.samples.back());
        return replaceCommand(std::move(element), "Add sample event to " + who);
    }
    if (listKey == "archives") {
        Bus &bus = std::get<Bus>(element);
        std::string base;
        for (char c : bus.name) {
            base.push_back(isAwsNameChar(c) ? c : '-');
        }
        base = base.substr(0, kMaxArchiveNameLength - 12) + "-archive";
        std::string name = base;
        for (int n = 2; std::any_of(bus.archives.begin(), bus.archives.end(),
                                    [&name](const Archive &a) { return a.name == name; });
             ++n) {
            name = base + "-" + std::to_string(n);
        }
        Archive archive;
        archive.name = name;
        bus.archives.push_back(std::move(archive));
        return replaceCommand(std::move(element), "Add archive " + name + " to " + who);
    }
    if (const auto split = splitEntryKey(listKey.substr(0, listKey.rfind('.')));
        split && split->first == "emits" && listKey.ends_with(".variations")) {
        Producer &producer = std::get<Producer>(element);
        FieldVariation variation;
        variation.path = "detail.id";
        variation.kind = VariationKind::Uuid;
        producer.emits.at(split->second).variations.push_back(std::move(variation));
        return replaceCommand(std::move(element),
                              "Add field variation to " + who + "/" +
                                  producer.emits[split->second].eventType.value);
    }
    return refusal("Entries cannot be added to " + std::string(listKey) + " of " + who, listKey);
}

Result<Command> removeListEntry(const Project &project, const ElementId &id,
                                std::string_view entryKey) {
    const Element *found = project.find(id);
    if (!found) {
        return refusal("There is no element \"" + id.value + "\" to remove from", entryKey);
    }
    const std::optional<Property> entry = findProperty(project, id, entryKey);
    const auto split = splitEntryKey(entryKey);
    if (!entry || !entry->removable || !split) {
        return refusal(id.value + " has no list entry \"" + std::string(entryKey) + "\"", entryKey);
    }
    const auto &[list, index] = *split;
    const auto at = static_cast<std::ptrdiff_t>(index);
    Element element = *found;
    const std::string &who = id.value;
    std::string label;
    if (list == "targets") {
        auto &targets = std::get<Rule>(element).targets;
        label = "Remove target " + targets[index].id + " from " + who;
        targets.erase(targets.begin() + at);
    } else if (list == "behavior.failures") {
        auto &failures = behaviorOf(element)->failures;
        label = "Remove failure mode " + std::to_string(index + 1) + " from " + who;
        failures.erase(failures.begin() + at);
    } else if (list == "behavior.faults") {
        auto &faults = behaviorOf(element)->faults;
        label = "Remove fault window " + std::to_string(index + 1) + " from " + who;
        faults.erase(faults.begin() + at);
    } else if (list == "behavior.followUps") {
        auto &followUps = behaviorOf(element)->followUps;
        label = "Remove follow-up " + followUps[index].eventType.value + " from " + who;
        followUps.erase(followUps.begin() + at);
    } else if (list == "behavior.dependsOn") {
        auto &calls = behaviorOf(element)->dependsOn;
        label = "Remove call of " + calls[index].value + " from " + who;
        calls.erase(calls.begin() + at);
    } else if (list == "samples") {
        auto &samples = std::get<EventType>(element).samples;
        label = "Remove sample event " + std::to_string(index + 1) + " from " + who;
        samples.erase(samples.begin() + at);
    } else if (list == "archives") {
        auto &archives = std::get<Bus>(element).archives;
        label = "Remove archive " + archives[index].name + " from " + who;
        archives.erase(archives.begin() + at);
    } else if (list == "emits") {
        auto &emits = std::get<Producer>(element).emits;
        label = "Remove emission of " + emits[index].eventType.value + " from " + who;
        emits.erase(emits.begin() + at);
    } else if (const auto emission = splitEntryKey(list.substr(0, list.rfind('.')));
               emission && emission->first == "emits" && list.ends_with(".variations")) {
        auto &variations = std::get<Producer>(element).emits.at(emission->second).variations;
        label = "Remove variation of " + variations[index].path + " from " + who;
        variations.erase(variations.begin() + at);
    } else {
        return refusal("Entries cannot be removed from " + list + " of " + who, entryKey);
    }
    return replaceCommand(std::move(element), std::move(label));
}

// --- Previews ------------------------------------------------------------------------------------

std::vector<SampleEvent> projectSamples(const Project &project) {
    std::vector<SampleEvent> out;
    for (const EventType *type : project.all<EventType>()) {
        const std::string name = type->name.empty() ? type->id.value : type->name;
        for (std::size_t i = 0; i < type->samples.size(); ++i) {
            out.push_back({type->id, i,
                           type->samples.size() > 1 ? name + " #" + std::to_string(i + 1) : name,
                           &type->samples[i]});
        }
    }
    return out;
}

InputPreview previewTargetInput(const Project &project, const Rule &rule, const Target &target,
                                const Json &event) {
    InputPreview out;
    if (!isBlank(rule.pattern)) {
        if (Result<EventPattern> pattern = parseEventPattern(rule.pattern); pattern) {
            Matcher matcher;
            matcher.add(1, *pattern);
            std::vector<RuleId> matched;
            matcher.match(event, matched);
            out.matches = !matched.empty();
        }
    }
    // The rule's name and ARN as EventBridge would give them, in the bus's account and Region.
    const Bus *bus = project.get<Bus>(rule.bus);
    const std::string name = rule.name.empty() ? rule.id.value : rule.name;
    const std::string region = bus && !bus->region.empty() ? bus->region : "us-east-1";
    const std::string account = bus && !bus->account.empty() ? bus->account : "123456789012";
    const std::string arn = "arn:aws:events:" + region + ":" + account + ":rule/" +
                            (bus && !bus->isDefault() ? bus->name + "/" : std::string()) + name;
    const TransformContext context{arn, name, {}};
    Result<Delivery> delivery = transformEvent(target.input, target.id, event, context);
    if (!delivery) {
        out.error = delivery.error().message;
    } else {
        out.delivery = std::move(delivery).value();
    }
    return out;
}

} // namespace sg::model
