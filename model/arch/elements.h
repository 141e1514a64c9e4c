#pragma once
// The elements of a Stormglass model — the executable architecture (buses, rules, targets,
// consumers) and the event-storming board (stickies, bounded contexts) — as plain values that
// refer to each other only through stable ElementIds.

#include "transform/inputtransformer.h"

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace sg::model {

// A stable element id, unique across one project and kept across saves. Readable text such as
// "orders-bus" (letters, digits, '.', '_', '-'; at most 128 characters) so that files diff well
// and CLI findings can name elements.
struct ElementId {
    std::string value;

    [[nodiscard]] bool empty() const { return value.empty(); }
    auto operator<=>(const ElementId &) const = default;
};

inline constexpr std::size_t kMaxElementIdLength = 128;

// Whether `text` is a well-formed ElementId.
[[nodiscard]] bool isValidElementId(std::string_view text);

// JSON values inside the model (schemas, sample events, constant data) keep their key order.
using Json = nlohmann::ordered_json;

// The element kinds. The spelling of each in files and messages is elementKindName().
enum class ElementKind : std::uint8_t {
    BoundedContext,
    EventType,
    Producer,
    Bus,
    Rule,
    Function,
    StateMachine,
    Queue,
    Connection,
    ApiDestination,
    ExternalSystem,
    Sticky,
};
inline constexpr std::size_t kElementKindCount = 12;

[[nodiscard]] std::string_view elementKindName(ElementKind kind); // "bus", "apiDestination", ...
[[nodiscard]] std::optional<ElementKind> elementKindFromName(std::string_view name);
// "bus", "bus or queue", "function, stateMachine or queue": the kinds a reference may name.
[[nodiscard]] std::string elementKindList(const std::vector<ElementKind> &kinds);

// Canvas geometry, in world units (a sticky is 160 x 160 by default).
struct Point {
    double x = 0;
    double y = 0;
    bool operator==(const Point &) const = default;
};
struct Rect {
    double x = 0;
    double y = 0;
    double width = 0;
    double height = 0;
    bool operator==(const Rect &) const = default;
};

// --- Consumer behaviour (what the simulator needs of anything that receives events) -----------

enum class LatencyKind : std::uint8_t { Fixed, Uniform, Normal, LogNormal, Percentiles };

// One row of a percentile table: `percentile` in (0, 100], `ms` the latency at that percentile.
struct LatencyPercentile {
    double percentile = 0;
    double ms = 0;
    bool operator==(const LatencyPercentile &) const = default;
};

// A latency distribution in milliseconds. Only the fields of `kind` are meaningful:
// Fixed: valueMs; Uniform: minMs..maxMs; Normal: meanMs, stddevMs (clamped at 0);
// LogNormal: medianMs, sigma; Percentiles: table (increasing percentiles and values).
struct LatencyDistribution {
    LatencyKind kind = LatencyKind::Fixed;
    double valueMs = 20;
    double minMs = 0;
    double maxMs = 0;
    double meanMs = 0;
    double stddevMs = 0;
    double medianMs = 0;
    double sigma = 0;
    std::vector<LatencyPercentile> table;
    bool operator==(const LatencyDistribution &) const = default;
};

// How an invocation can fail. Throttled, ServerError, Timeout and ConnectionFailure are
// retriable; PermissionDenied, TargetDeleted and ClientError (a 4xx other than 429) are not.
enum class FailureKind : std::uint8_t {
    Throttled,
    ServerError,
    Timeout,
    ConnectionFailure,
    PermissionDenied,
    TargetDeleted,
    ClientError,
};
[[nodiscard]] std::string_view failureKindName(FailureKind kind); // "throttled", ...
[[nodiscard]] std::optional<FailureKind> failureKindFromName(std::string_view name);
[[nodiscard]] bool isRetriable(FailureKind kind);

struct FailureMode {
    FailureKind kind = FailureKind::ServerError;
    double rate = 0; // probability per invocation, 0..1
    bool operator==(const FailureMode &) const = default;
};

// An event a consumer puts when an invocation succeeds.
struct FollowUp {
    ElementId eventType;
    ElementId bus;
    double probability = 1; // 0..1 per successful invocation
    bool operator==(const FollowUp &) const = default;
};

// A number for messages and the inspector: 86400 -> "86,400"; 0.25 -> "0.25" (the shortest
// text that reads back the same).
[[nodiscard]] std::string formatNumber(double value);

// What a fault window does to an element while it lasts.
enum class FaultMode : std::uint8_t {
    Down,    // every invocation fails with `failure`
    Slow,    // every invocation takes `extraLatencyMs` longer (and may then time out)
    Failing, // each invocation fails with `failure` at probability `rate`
};
[[nodiscard]] std::string_view faultModeName(FaultMode mode); // "down", "slow", "failing"
[[nodiscard]] std::optional<FaultMode> faultModeFromName(std::string_view name);

// A planned outage, slowdown or error spike of a consumer, API destination or external system,
// in every run of the model: from `fromSeconds` (inclusive) to `toSeconds` (exclusive) after
// the start. Scenarios add their own windows on top.
struct FaultWindow {
    double fromSeconds = 0;
    double toSeconds = 0;
    FaultMode mode = FaultMode::Down;
    FailureKind failure = FailureKind::ConnectionFailure; // Down, Failing
    double rate = 1;                                      // Failing: 0..1
    double extraLatencyMs = 0;                            // Slow: > 0
    bool operator==(const FaultWindow &) const = default;
};

struct Behavior {
    LatencyDistribution latency;
    int concurrency = 0; // concurrent invocations; 0 = unlimited
    std::vector<FailureMode> failures;
    std::vector<FollowUp> followUps;
    std::vector<ElementId> dependsOn; // synchronous calls to consumers or external systems
    std::vector<FaultWindow> faults;
    bool operator==(const Behavior &) const = default;
};

// --- Architecture -------------------------------------------------------------------------------

// A bounded context: a named region of the board that also groups architecture elements.
struct BoundedContext {
    ElementId id;
    std::string name;
    std::string description;
    Rect region;
    std::string color; // "#rrggbb", empty for the default
    bool operator==(const BoundedContext &) const = default;
};

// An event type: what `source` and `detail-type` a family of events carries.
struct EventType {
    ElementId id;
    std::string name;
    std::string description;
    ElementId context;
    Point position;
    std::string source;
    std::string detailType;
    Json schema;               // JSON Schema of `detail`; null when none
    std::vector<Json> samples; // whole sample events (envelope included)
    bool operator==(const EventType &) const = default;
};

enum class RateKind : std::uint8_t { Constant, Poisson, Burst, Daily, Scripted };

// A put scheduled by a script: `count` events at `atSeconds` after the start.
struct ScriptedPut {
    double atSeconds = 0;
    int count = 1;
    bool operator==(const ScriptedPut &) const = default;
};

// How often a producer puts an event type.
struct RateModel {
    RateKind kind = RateKind::Constant;
    double perSecond = 1;         // Constant, Poisson; Daily: the peak rate
    int burstSize = 0;            // Burst: events per burst
    double burstEverySeconds = 0; // Burst: period
    std::vector<double> hourly;   // Daily: 24 factors of perSecond, hour 0..23
    std::vector<ScriptedPut> script;
    bool operator==(const RateModel &) const = default;
};

enum class VariationKind : std::uint8_t { Choice, Range, Sequence, Uuid, Time };

// How one field of the generated events varies: `path` is a dot path into the event
// ("detail.amount"); Choice picks one of `values`; Range draws a number in [min, max]; Sequence
// counts from min by step; Uuid makes a fresh UUID; Time writes the simulated time.
struct FieldVariation {
    std::string path;
    VariationKind kind = VariationKind::Choice;
    Json values = Json::array();
    double min = 0;
    double max = 0;
    double step = 1;
    bool operator==(const FieldVariation &) const = default;
};

struct Emission {
    ElementId eventType;
    RateModel rate;
    std::vector<FieldVariation> variations;
    bool operator==(const Emission &) const = default;
};

// Something that puts events on a bus: a service, a job, a user-facing app.
struct Producer {
    ElementId id;
    std::string name;
    std::string description;
    ElementId context;
    Point position;
    ElementId bus;
    std::vector<Emission> emits;
    bool operator==(const Producer &) const = default;
};

// An archive of a bus: events matching `pattern` (empty = all) kept for `retentionDays`
// (0 = forever).
struct Archive {
    std::string name;
    std::string description;
    std::string pattern;
    int retentionDays = 0;
    bool operator==(const Archive &) const = default;
};

inline constexpr std::string_view kDefaultBusName = "default";

// An event bus. `name` is the EventBridge name ("default" for an account's default bus);
// `account` and `region` are empty for the project's own account and region.
struct Bus {
    ElementId id;
    std::string name;
    std::string description;
    ElementId context;
    Point position;
    std::string account;
    std::string region;
    std::vector<Archive> archives;
    [[nodiscard]] bool isDefault() const { return name == kDefaultBusName; }
    bool operator==(const Bus &) const = default;
};

inline constexpr int kDefaultMaximumRetryAttempts = 185;
inline constexpr int kDefaultMaximumEventAgeSeconds = 86400;

struct RetryPolicy {
    int maximumRetryAttempts = kDefaultMaximumRetryAttempts;     // 0..185
    int maximumEventAgeSeconds = kDefaultMaximumEventAgeSeconds; // 60..86400
    bool operator==(const RetryPolicy &) const = default;
};

// One target of a rule. `id` is the EventBridge target Id (unique within its rule);
// `destination` is a function, state machine, queue, API destination or bus of the project.
struct Target {
    std::string id;
    ElementId destination;
    RetryPolicy retryPolicy;
    ElementId deadLetterQueue; // a queue, or empty
    TargetInput input;
    bool operator==(const Target &) const = default;
};

inline constexpr std::size_t kMaxTargetsPerRule = 5;
inline constexpr std::size_t kMaxRulesPerBus = 300;

struct Rule {
    ElementId id;
    std::string name;
    std::string description;
    ElementId context;
    Point position;
    ElementId bus;
    std::string pattern; // the event pattern's JSON text, as the user wrote it
    bool enabled = true;
    std::vector<Target> targets;
    bool operator==(const Rule &) const = default;
};

// How Lambda handles an asynchronous invocation, which is how EventBridge invokes a function:
// Lambda's own queue retries function errors (not EventBridge), then hands the event to the
// on-failure destination or the dead-letter queue, or discards it. Defaults and ranges are
// AWS's (Lambda developer guide, "Configuring error handling settings for Lambda asynchronous
// invocations").
inline constexpr int kDefaultAsyncRetryAttempts = 2; // MaximumRetryAttempts, 0..2
inline constexpr int kMaxAsyncRetryAttempts = 2;
inline constexpr int kDefaultAsyncEventAgeSeconds = 21600; // MaximumEventAgeInSeconds, 60..21600
inline constexpr int kMinAsyncEventAgeSeconds = 60;
inline constexpr int kMaxAsyncEventAgeSeconds = 21600;

struct AsyncInvocation {
    int maximumRetryAttempts = kDefaultAsyncRetryAttempts;
    int maximumEventAgeSeconds = kDefaultAsyncEventAgeSeconds;
    ElementId onFailure;       // a queue, function or bus given the failure record; empty: none
    ElementId deadLetterQueue; // a queue given the failed event (the older way); empty: none
    bool operator==(const AsyncInvocation &) const = default;
};

// A function's timeout (Lambda's default 3 s, at most 900 s): an invocation that runs longer
// fails with a timeout, a function error.
inline constexpr int kDefaultFunctionTimeoutSeconds = 3;
inline constexpr int kMaxFunctionTimeoutSeconds = 900;

// A Lambda function or a Step Functions state machine (which one is `kind`). `arn` names an
// existing resource outside the project; empty means the project's own. For a function,
// `behavior.concurrency` is its reserved concurrency; `timeoutSeconds` and `asyncInvocation`
// apply to functions only.
struct Consumer {
    ElementId id;
    ElementKind kind = ElementKind::Function; // Function or StateMachine
    std::string name;
    std::string description;
    ElementId context;
    Point position;
    std::string arn;
    Behavior behavior;
    int timeoutSeconds = kDefaultFunctionTimeoutSeconds;
    AsyncInvocation asyncInvocation;
    bool operator==(const Consumer &) const = default;
};

// SQS's defaults and ranges (SQS developer guide; Lambda's "Using Lambda with Amazon SQS").
inline constexpr int kDefaultVisibilityTimeoutSeconds = 30; // 0..43200 (12 hours)
inline constexpr int kMaxVisibilityTimeoutSeconds = 43200;
inline constexpr int kDefaultMaxReceiveCount = 10; // the console's default; 1..1000
inline constexpr int kMaxMaxReceiveCount = 1000;
inline constexpr int kDefaultReaderBatchSize = 10; // 1..10000 (standard), 1..10 (FIFO)
inline constexpr int kMaxReaderBatchSize = 10000;
inline constexpr int kMaxFifoReaderBatchSize = 10;
inline constexpr int kMinReaderMaximumConcurrency = 2; // 2..1000, or 0 for no maximum
inline constexpr int kMaxReaderMaximumConcurrency = 1000;

// After `maxReceiveCount` receives without being deleted, SQS moves a message to
// `deadLetterQueue`. An empty `deadLetterQueue` means no redrive policy.
struct RedrivePolicy {
    ElementId deadLetterQueue;
    int maxReceiveCount = kDefaultMaxReceiveCount;
    bool operator==(const RedrivePolicy &) const = default;
};

// An SQS queue, also used as a dead-letter queue. `readBy` is the consumer that polls it: for a
// function, through Lambda's event source mapping with `readerBatchSize` messages per batch and
// at most `readerMaximumConcurrency` concurrent batches (0: no maximum).
struct Queue {
    ElementId id;
    std::string name;
    std::string description;
    ElementId context;
    Point position;
    std::string arn;
    bool fifo = false;
    int messageRetentionSeconds = 345600; // SQS default, 4 days
    ElementId readBy;
    int visibilityTimeoutSeconds = kDefaultVisibilityTimeoutSeconds;
    RedrivePolicy redrivePolicy;
    int readerBatchSize = kDefaultReaderBatchSize;
    int readerMaximumConcurrency = 0;
    bool operator==(const Queue &) const = default;
};

enum class AuthorizationType : std::uint8_t { ApiKey, Basic, OAuthClientCredentials };
[[nodiscard]] std::string_view authorizationTypeName(AuthorizationType type); // "API_KEY", ...
[[nodiscard]] std::optional<AuthorizationType> authorizationTypeFromName(std::string_view name);

// An EventBridge connection: how API destinations authorize. Secrets are never stored; exports
// ask for them as parameters.
struct Connection {
    ElementId id;
    std::string name;
    std::string description;
    ElementId context;
    Point position;
    AuthorizationType authorization = AuthorizationType::ApiKey;
    std::string apiKeyName;      // ApiKey: the header name
    std::string username;        // Basic
    std::string oauthEndpoint;   // OAuthClientCredentials: AuthorizationEndpoint
    std::string oauthHttpMethod; // OAuthClientCredentials: GET, POST or PUT
    std::string oauthClientId;   // OAuthClientCredentials
    bool operator==(const Connection &) const = default;
};

inline constexpr int kDefaultInvocationRateLimitPerSecond = 300;

// An HTTP endpoint called through a connection. `externalSystem` links the system it reaches.
struct ApiDestination {
    ElementId id;
    std::string name;
    std::string description;
    ElementId context;
    Point position;
    ElementId connection;
    std::string endpoint; // https URL, may contain '*' path parameters
    std::string httpMethod = "POST";
    int invocationRateLimitPerSecond = kDefaultInvocationRateLimitPerSecond;
    ElementId externalSystem;
    Behavior behavior;
    bool operator==(const ApiDestination &) const = default;
};

// A system outside the architecture (a payment provider, an email service) that consumers call.
struct ExternalSystem {
    ElementId id;
    std::string name;
    std::string description;
    ElementId context;
    Point position;
    Behavior behavior;
    bool operator==(const ExternalSystem &) const = default;
};

// --- Board
// ----------------------------------------------------------------------------------------

enum class StickyKind : std::uint8_t {
    DomainEvent,
    Command,
    Policy,
    ReadModel,
    ExternalSystem,
    Actor,
    Aggregate,
    Hotspot,
};
[[nodiscard]] std::string_view stickyKindName(StickyKind kind); // "domainEvent", ...
[[nodiscard]] std::optional<StickyKind> stickyKindFromName(std::string_view name);
// The classic paper colour ("#rrggbb") and default size of each kind (EVENTBRIDGE.md).
[[nodiscard]] std::string_view stickyColor(StickyKind kind);
[[nodiscard]] Rect defaultStickyGeometry(StickyKind kind, Point at);

// An event-storming sticky. `linked` is the architecture element it became, if any.
struct Sticky {
    ElementId id;
    StickyKind kind = StickyKind::DomainEvent;
    std::string text;
    ElementId context;
    Rect geometry;
    ElementId linked;
    bool operator==(const Sticky &) const = default;
};

// Any element. The alternative's order is not part of any file format.
using Element = std::variant<BoundedContext, EventType, Producer, Bus, Rule, Consumer, Queue,
                             Connection, ApiDestination, ExternalSystem, Sticky>;

[[nodiscard]] ElementKind elementKind(const Element &element);
[[nodiscard]] const ElementId &elementId(const Element &element);
[[nodiscard]] ElementId &elementId(Element &element);
// The display name: `name`, or a sticky's text.
[[nodiscard]] const std::string &elementName(const Element &element);
// The element's canvas position (a region's or a sticky's top-left corner).
[[nodiscard]] Point elementPosition(const Element &element);
void setElementPosition(Element &element, Point position);

// The box an architecture element occupies on the canvas from its position (layout and canvas
// agree on it).
inline constexpr double kElementBoxWidth = 200;
inline constexpr double kElementBoxHeight = 80;
// The element's rectangle on the canvas: a region, a sticky's geometry, or the element box at its
// position.
[[nodiscard]] Rect elementBounds(const Element &element);

// A reference from one element to another, found by forEachReference().
struct Reference {
    const ElementId *target;          // the id referred to (never empty)
    std::string field;                // where, e.g. "targets[2].deadLetterQueue"
    std::vector<ElementKind> allowed; // kinds the referred element may have
};

// Calls `visit` for every non-empty reference the element holds.
void forEachReference(const Element &element, const std::function<void(const Reference &)> &visit);

} // namespace sg::model

template <> struct std::hash<sg::model::ElementId> {
    std::size_t operator()(const sg::model::ElementId &id) const noexcept {
        return std::hash<std::string>{}(id.value);
    }
};
