#pragma once
// Simulation: a Project compiled into a runnable EventBridge model (buses with their compiled
// matchers, rules, targets, consumers, queues, API destinations) driven by the Kernel, with
// retries, dead-letter queues, cascades, faults, metrics, lineage and reports.

#include "arch/project.h"
#include "core/result.h"
#include "faults.h"
#include "kernel.h"
#include "metrics.h"
#include "producers.h"
#include "replay.h"
#include "simtime.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sg::sim {

// The retry curve. EventBridge documents "exponential back off and jitter" but not the curve, so
// these are parameters. Retry n (1, 2, ...) waits d = min(cap, base * 2^(n-1)), of which the
// fraction `jitter` is drawn uniformly: wait = d * (1 - jitter) + uniform(0, d * jitter).
// Defaults: base 1 s, cap 10 min, jitter 0.5, so the mean capped wait is 450 s and 185 retries
// (the default MaximumRetryAttempts) span about 22 hours: close to the documented "24 hours and
// up to 185 times" that the two default limits describe together.
struct BackoffSettings {
    SimTime base = SimTime::seconds(1);
    SimTime cap = SimTime::minutes(10);
    double jitter = 0.5; // 0 = no jitter (exact, for tests), 1 = "full jitter"
};

inline constexpr SimTime kApiDestinationTimeout = SimTime::seconds(5);
inline constexpr int kDefaultMaxLineageDepth = 16;
inline constexpr std::size_t kDefaultDlqMessagesKept = 100;
inline constexpr std::size_t kDefaultArchiveBatchSize = 10'000;
// A run's budget: events put (follow-ups and replayed events included) and deliveries in flight
// at once. Past either the run stops for good and limitError() says why, rather than growing
// until the machine runs out of memory.
inline constexpr std::uint64_t kDefaultMaxEvents = 10'000'000;
inline constexpr std::size_t kDefaultMaxInFlight = 1'000'000;

// Everything about a run that is not in the model.
struct SimulationOptions {
    std::uint64_t seed = 0;
    std::vector<FaultWindow> faults;
    double duplicateRate = 0; // probability that a delivery is made twice (at-least-once)
    BackoffSettings backoff;
    // A follow-up event deeper than this (the first put is depth 0) is stopped and counted as a
    // loop.
    int maxLineageDepth = kDefaultMaxLineageDepth;
    PutEventsSettings putEvents;
    GeneratorSettings generator; // account, region, start time of generated events and ARNs
    bool runProducers = true;    // false: only put() feeds the buses
    SimTime apiDestinationTimeout = kApiDestinationTimeout;
    // Account-wide target invocations per second (all rules, all targets); excess invocations are
    // delayed, never dropped, though the wait counts against each target's
    // MaximumEventAgeInSeconds. 0 = the model's (Project::accountInvocationQuotaPerSecond), and
    // no quota when that is 0 too.
    double accountInvocationQuotaPerSecond = 0;
    // Lineage steps are recorded (for the trace hash, a trace stream and observers) only when on.
    bool trace = false;
    // Width of the metrics time series; zero turns the series off. At most maxBuckets buckets
    // (one bucket holds every element's counters: 80 bytes each), later ones are not recorded.
    SimTime timeSeriesBucket = SimTime::minutes(1);
    std::size_t maxBuckets = 10'000;                       // a week of one-minute buckets
    std::size_t dlqMessagesKept = kDefaultDlqMessagesKept; // per dead-letter queue
    std::uint64_t maxEvents = kDefaultMaxEvents;
    std::size_t maxInFlight = kDefaultMaxInFlight;
};

// Which layer a step happened in. EventBridge's delivery ends when the target's service accepts
// the event (Lambda's Invoke call, SendMessage, StartExecution, an API destination's response,
// PutEvents on a bus); what happens after is the layer behind it, on its own clock.
enum class Layer : std::uint8_t {
    EventBridge,   // routing, attempts, EventBridge's retry policy and dead-letter queue
    Lambda,        // a function's asynchronous queue: runs, retries, on-failure destinations
    Sqs,           // a queue's messages: receives, visibility timeouts, redrive, retention
    StepFunctions, // a state machine's execution
};
[[nodiscard]] std::string_view layerName(Layer layer); // "eventbridge", "lambda", "sqs", "states"

// One thing that happened to one event, for lineage views and traces.
enum class StepKind : std::uint8_t {
    Put,            // element: bus; detail: the event (JSON)
    PutRejected,    // element: producer; outcome: PutEvents error code
    Matched,        // element: RULE_ID/TARGET_ID; detail: the transformed input (none: whole event)
    Attempt,        // EventBridge: RULE_ID/TARGET_ID, attempt n; Lambda: the function, run n;
                    // SQS: the reader, receive n; Step Functions: the state machine
    Throttled,      // element: the target or function; detail: why (quota, rate, concurrency)
    Succeeded,      // element: the target, function, reader or state machine; detail: latency
    Failed,         // element: as Succeeded; outcome: ERROR_CODE; detail: ERROR_MESSAGE
    RetryScheduled, // element: the target or function; detail: the time of the next attempt
    DeadLettered,   // element: the DLQ; outcome: ERROR_CODE; detail: the condition
    Dropped,        // element: the target; outcome: ERROR_CODE
    FollowUp,       // element: the consumer; detail: the new event's number
    LoopStopped,    // element: the consumer; the follow-up was deeper than maxLineageDepth
    Enqueued,       // Lambda: the function's queue took it; SQS: element the queue (SendMessage)
    Received,       // SQS: element the queue; attempt: the message's receive count
    Redriven,       // SQS: element the dead-letter queue; detail: the queue it left
    Expired,        // SQS: element the queue; its retention period ran out
    OnFailure,      // Lambda: element the on-failure destination; outcome: the condition
    Discarded,      // Lambda: element the function; outcome: the condition (no destination)
};
[[nodiscard]] std::string_view stepKindName(StepKind kind); // "put", "retry_scheduled", ...

struct LineageStep {
    SimTime at;
    std::uint64_t event = 0;  // the event's number in this run (1, 2, ...)
    std::uint64_t parent = 0; // the event whose consumer put this one; 0 for none
    int depth = 0;
    StepKind kind = StepKind::Put;
    Layer layer = Layer::EventBridge;
    std::string element;
    int attempt = 0;
    std::string outcome;
    std::string detail;
};

// The step as one JSON Lines line (no trailing newline), with stable key order.
[[nodiscard]] std::string traceLine(const LineageStep &step);

// Cumulative counters of every element (in Simulation::metricNames() order) at a bucket's end.
struct MetricsBucket {
    SimTime end;
    std::vector<ElementCounters> counters;
};

// Follows a run from outside (the GUI, a CLI trace writer). Calls are batched: a vector of steps
// at a time, a bucket at a time, on the thread that runs the simulation.
class SimulationObserver {
public:
    SimulationObserver() = default;
    SimulationObserver(const SimulationObserver &) = default;
    SimulationObserver &operator=(const SimulationObserver &) = default;
    virtual ~SimulationObserver() = default;

    // Lineage steps in simulation order (only when SimulationOptions::trace is on).
    virtual void onLineage(std::span<const LineageStep> steps) { static_cast<void>(steps); }
    // A time-series bucket has closed.
    virtual void onBucket(const MetricsBucket &bucket) { static_cast<void>(bucket); }
};

// How a compiled model names its parts in AWS, for converters of the lineage into AWS's own
// formats (buslog.h). ARNs are the ones the run uses in DLQ messages and transformer variables.
struct AwsNames {
    struct Target {
        std::string ruleId;
        std::string ruleArn;
        std::string busId;
        std::string targetArn;
        std::string deadLetterQueue; // the DLQ's element id, or empty
    };
    std::string account;
    std::uint64_t seed = 0;
    std::int64_t startUnixSeconds = 0;                                        // simulated time 0
    std::map<std::string, std::string, std::less<>> busArns;                  // bus id -> ARN
    std::map<std::string, Target, std::less<>> targets;                       // RULE_ID/TARGET_ID
    std::map<std::string, std::vector<std::string>, std::less<>> ruleTargets; // in target order
    std::map<std::string, std::string, std::less<>> producerBuses; // producer -> its first bus
};

// Who put a message in a dead-letter queue (or on-failure destination queue).
enum class DeadLetterSource : std::uint8_t {
    EventBridge,     // a target's DLQ: the event, with RULE_ARN, TARGET_ARN, ERROR_CODE, ...
    LambdaOnFailure, // a function's on-failure destination: the invocation record as body
    LambdaDlq,       // a function's DLQ: the event, with RequestID, ErrorCode, ErrorMessage
    SqsRedrive,      // a queue's redrive policy: the message, with DeadLetterQueueSourceArn
};
[[nodiscard]] std::string_view deadLetterSourceName(DeadLetterSource source);

// A message in a dead-letter queue: the original event (or Lambda's record) and the attributes
// its source sets. For Lambda, `errorCode` is the HTTP status ("200" for a function error),
// `exhaustedRetryCondition` the record's condition; for a redrive, `targetArn` is the source
// queue's ARN.
struct DlqMessage {
    SimTime at;
    DeadLetterSource source = DeadLetterSource::EventBridge;
    std::string ruleArn;
    std::string targetArn;
    std::string errorCode;
    std::string errorMessage;
    std::string exhaustedRetryCondition; // empty when no limit ended delivery
    int retryAttempts = 0;
    std::shared_ptr<const model::Json> body;
};

// What reached one dead-letter queue: every message counted, the first few kept.
struct DlqSummary {
    std::uint64_t total = 0;
    std::map<std::string, std::uint64_t> byErrorCode;
    std::map<std::string, std::uint64_t> bySource; // deadLetterSourceName()
    std::vector<DlqMessage> kept;
};

// Where the deliveries to one target went, end to end through the layers behind it ("where did
// my events go"). It always adds up: delivered == processed + inFlight + the rest.
struct TargetOutcomes {
    std::uint64_t delivered = 0;       // deliveries started (duplicates included)
    std::uint64_t processed = 0;       // the final consumer finished with it
    std::uint64_t inFlight = 0;        // still on its way when the run stopped
    std::uint64_t eventBridgeDlq = 0;  // EventBridge gave up: to the target's DLQ
    std::uint64_t dropped = 0;         // EventBridge gave up and there was no DLQ
    std::uint64_t lambdaOnFailure = 0; // Lambda gave up: to the on-failure destination
    std::uint64_t lambdaDlq = 0;       // Lambda gave up: to the function's DLQ
    std::uint64_t lambdaDiscarded = 0; // Lambda gave up with nowhere to send it
    std::uint64_t sqsRedriveDlq = 0;   // received maxReceiveCount times: to the queue's DLQ
    std::uint64_t sqsExpired = 0;      // deleted by the queue's retention period
    std::uint64_t unread = 0;          // in a queue that nothing in the model reads
    std::uint64_t executionFailed = 0; // a state machine execution failed (its own outcome)

    [[nodiscard]] std::uint64_t accountedFor() const {
        return processed + inFlight + eventBridgeDlq + dropped + lambdaOnFailure + lambdaDlq +
               lambdaDiscarded + sqsRedriveDlq + sqsExpired + unread + executionFailed;
    }
    TargetOutcomes &operator+=(const TargetOutcomes &other);
    friend bool operator==(const TargetOutcomes &, const TargetOutcomes &) = default;
};

// Counters of each layer over the whole run.
struct LayerCounters {
    struct EventBridge {
        std::uint64_t attempts = 0, succeeded = 0, failed = 0, retried = 0, throttled = 0,
                      sentToDlq = 0, dropped = 0;
    } eventBridge;
    struct Lambda {
        std::uint64_t accepted = 0, runs = 0, succeeded = 0, functionErrors = 0, throttled = 0,
                      retried = 0, onFailure = 0, deadLettered = 0, discarded = 0;
    } lambda;
    struct Sqs {
        std::uint64_t sent = 0, received = 0, deleted = 0, redriven = 0, expired = 0;
    } sqs;
    struct StepFunctions {
        std::uint64_t started = 0, succeeded = 0, failed = 0;
    } stepFunctions;
};

// A compiled, runnable model. Move-only; the kernel's callbacks point into it, so it is never
// copied. Single-threaded like the Kernel (stop() may come from any thread).
class Simulation final : public MetricsLookup {
public:
    // Compiles `project`. Errors name the element (and field) at fault: a bad pattern, a bad
    // target input, a dangling reference, an event generator that cannot be built, a fault on an
    // unknown element, a volume beyond the limits of arch/limits.h.
    [[nodiscard]] static Result<Simulation> create(const model::Project &project,
                                                   const SimulationOptions &options = {});

    Simulation(Simulation &&) noexcept;
    Simulation &operator=(Simulation &&) noexcept;
    Simulation(const Simulation &) = delete;
    Simulation &operator=(const Simulation &) = delete;
    ~Simulation() override;

    // Puts `event` (as given; nothing is added to it) on bus `busId` at time `at` (at least now),
    // through the PutEvents entry checks. Fails for an unknown bus.
    [[nodiscard]] Result<bool> put(std::string_view busId, model::Json event, SimTime at);
    // One PutEvents call of 1 to 10 entries at time `at`; a call of 0 or more than 10 entries
    // fails at once, as AWS fails the whole call; a rejected entry does not fail the others.
    [[nodiscard]] Result<bool> putEvents(std::string_view busId, std::vector<model::Json> entries,
                                         SimTime at);

    // Whether the model has a bus with this element id.
    [[nodiscard]] bool hasBus(std::string_view busId) const;
    RunStatus runUntil(SimTime until);
    RunStatus run();
    void stop() noexcept;
    // Set when the run exceeded its budget (SimulationOptions::maxEvents, maxInFlight): the run
    // stopped there, and runUntil()/run() return Stopped at once from then on.
    [[nodiscard]] std::optional<Error> limitError() const;
    [[nodiscard]] SimTime now() const;
    [[nodiscard]] Kernel &kernel();

    // Observers are not owned; add them before running.
    void addObserver(SimulationObserver *observer);
    void removeObserver(SimulationObserver *observer);
    // Writes every lineage step as a JSON line to `out` (null: stop). Needs trace on.
    void setTraceOutput(std::ostream *out);
    // FNV-1a 64 over the trace lines so far (each followed by '\n'); with trace off, the hash of
    // nothing.
    [[nodiscard]] std::uint64_t traceHash() const;

    // ---- metrics (MetricsLookup): element ids, and "RULE_ID/TARGET_ID" for targets
    [[nodiscard]] std::optional<ElementCounters> counters(std::string_view name) const override;
    [[nodiscard]] std::optional<SimTime> latencyPercentile(std::string_view name,
                                                           double percentile) const override;
    [[nodiscard]] std::uint64_t totalDropped() const override;

    [[nodiscard]] std::uint64_t eventsPut() const;  // accepted on a bus, follow-ups included
    [[nodiscard]] std::uint64_t deliveries() const; // target deliveries started (with duplicates)
    [[nodiscard]] std::uint64_t loopsStopped() const;
    [[nodiscard]] std::uint64_t putEntriesFailed() const; // PutEvents entries rejected
    // Where the deliveries to target "RULE_ID/TARGET_ID" went; nullopt for an unknown target.
    [[nodiscard]] std::optional<TargetOutcomes> outcomes(std::string_view target) const;
    [[nodiscard]] TargetOutcomes totalOutcomes() const; // every target together
    [[nodiscard]] const LayerCounters &layerCounters() const;
    // The names metrics can be asked for, in a stable order: elements in model order, then
    // targets in rule order. The order of MetricsBucket::counters.
    [[nodiscard]] const std::vector<std::string> &metricNames() const;
    [[nodiscard]] AwsNames awsNames() const;
    [[nodiscard]] const std::vector<MetricsBucket> &timeSeries() const;
    // nullopt when `queueId` is not a queue of the model.
    [[nodiscard]] std::optional<DlqSummary> deadLetters(std::string_view queueId) const;

    // ---- archives: each archive of a bus is a managed rule (its pattern; empty = every event)
    // that skips events carrying `replay-name`. What it takes goes to the sink in batches of
    // `batchSize` per archive, and whatever is left when runUntil()/run() return. An archived
    // event's time is its `time` field read as ISO 8601 (GeneratorSettings::startUnixSeconds is
    // simulated time 0; generated events carry it to the second), or the put time when the
    // field is missing or malformed; its ingestion time is the put time. Not owned; null: off.
    void setArchiveSink(ArchiveSink *sink, std::size_t batchSize = kDefaultArchiveBatchSize);
    // Hands every buffered archived event to the sink now.
    [[nodiscard]] Result<bool> flushArchives();
    // The first error the sink returned (archiving stopped there), if any.
    [[nodiscard]] std::optional<Error> archiveError() const;
    // Events archive `name` of bus `busId` has taken in this run; nullopt if no such archive.
    [[nodiscard]] std::optional<std::uint64_t> archived(std::string_view busId,
                                                        std::string_view name) const;

    // ---- replays: puts the window of `spec.archive` back on its bus, from `source` (not owned;
    // it must outlive the replay), stamped with `replay-name`. Fails for an unknown bus, archive
    // or rule, an empty or repeated name, from >= to, a source error, or when
    // kMaxConcurrentReplays replays are STARTING, RUNNING or CANCELLING. Starts at now().
    [[nodiscard]] Result<bool> startReplay(const ReplaySpec &spec, ArchiveSource &source);
    // Asks a running replay to stop: CANCELLING now, CANCELLED when the simulation next runs;
    // what was replayed stays replayed. Fails for an unknown or finished replay.
    [[nodiscard]] Result<bool> cancelReplay(std::string_view name);
    [[nodiscard]] std::optional<ReplayStatus> replayStatus(std::string_view name) const;
    [[nodiscard]] std::vector<ReplayStatus> replays() const; // in start order

    // The run as a JSON report: seed, simulated_seconds, events_put, deliveries, per-element
    // counters, per-target latency percentiles, dead-letter summaries; with an archive sink
    // `archives` ({"BUS_ID/NAME": {"received": n}}), with replays `replays` ([{name, state,
    // replayed, total}]).
    [[nodiscard]] model::Json report() const;

    struct Impl;

private:
    explicit Simulation(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace sg::sim
