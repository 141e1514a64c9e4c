#include "simulation.h"

#include "arch/limits.h"
#include "core/jsoncheck.h"
#include "core/jsonparse.h"
#include "detmath.h"
#include "pattern/matcher.h"
#include "pattern/patternparser.h"
#include "simhistogram.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace sg::sim {

namespace {

using model::ElementId;
using model::FailureKind;
using model::Json;

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t kLineageFlushSize = 4096;
constexpr int kMaxDependencyDepth = 8; // guards against dependsOn cycles

// Why an attempt failed: the model's failure kinds, then the ones EventBridge itself produces.
enum class ErrorKind : std::uint8_t {
    Throttled,
    ServerError,
    Timeout,
    ConnectionFailure,
    PermissionDenied,
    TargetDeleted,
    ClientError,
    ThirdAccountHop,
    ThirdRegionHop,
    InvalidInput,
    AgedOutWaiting, // the event's age ran out while it waited on a rate limit, quota or slot
};

struct ErrorInfo {
    std::string_view code; // the DLQ's ERROR_CODE
    std::string_view message;
    bool retriable;
    bool immediate; // fails when the call is made, without waiting for the target's latency
};

// ERROR_CODE values are among those the EventBridge user guide lists for DLQ messages.
ErrorInfo errorInfo(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::Throttled:
        return {"THROTTLING", "The target throttled the invocation.", true, true};
    case ErrorKind::ServerError:
        return {"ERROR_FROM_TARGET", "The target returned a server error.", true, false};
    case ErrorKind::Timeout:
        return {"TIMEOUT", "The invocation timed out.", true, false};
    case ErrorKind::ConnectionFailure:
        return {"CONNECTION_FAILURE", "EventBridge could not connect to the target.", true, true};
    case ErrorKind::PermissionDenied:
        return {"NO_PERMISSIONS", "EventBridge has no permission to invoke the target.", false,
                true};
    case ErrorKind::TargetDeleted:
        return {"NO_RESOURCE", "The target does not exist.", false, true};
    case ErrorKind::ClientError:
        return {"ERROR_FROM_TARGET", "The target rejected the request as invalid.", false, false};
    case ErrorKind::ThirdAccountHop:
        return {"THIRD_ACCOUNT_HOP_DETECTED",
                "The event already crossed one event bus and cannot cross another.", false, true};
    case ErrorKind::ThirdRegionHop:
        return {"THIRD_REGION_HOP_DETECTED",
                "The event already crossed one event bus and cannot cross another region.", false,
                true};
    case ErrorKind::InvalidInput:
        return {"INVALID_JSON", "The target input could not be produced for this event.", false,
                true};
    case ErrorKind::AgedOutWaiting:
        return {"THROTTLING",
                "The event's age ran out while it waited for an invocation rate limit, the "
                "account's invocation quota or a concurrency slot.",
                true, true};
    }
    return {"UNKNOWN", "Unknown error.", false, true};
}

ErrorKind toErrorKind(FailureKind kind) {
    return static_cast<ErrorKind>(kind);
}

enum class NodeType : std::uint8_t { Consumer, Queue, ApiDestination, ExternalSystem, Bus };

// A latency distribution with its parameters pre-computed.
struct Latency {
    model::LatencyKind kind = model::LatencyKind::Fixed;
    double a = 0; // Fixed: value; Uniform: min; Normal: mean; LogNormal: log(median)
    double b = 0; // Uniform: max; Normal: stddev; LogNormal: sigma
    std::vector<model::LatencyPercentile> table;
};

Latency compileLatency(const model::LatencyDistribution &d) {
    Latency out;
    out.kind = d.kind;
    switch (d.kind) {
    case model::LatencyKind::Fixed:
        out.a = d.valueMs;
        break;
    case model::LatencyKind::Uniform:
        out.a = d.minMs;
        out.b = d.maxMs;
        break;
    case model::LatencyKind::Normal:
        out.a = d.meanMs;
        out.b = d.stddevMs;
        break;
    case model::LatencyKind::LogNormal:
        out.a = d.medianMs > 0 ? detmath::log(d.medianMs) : 0;
        out.b = d.sigma;
        break;
    case model::LatencyKind::Percentiles:
        out.table = d.table;
        break;
    }
    return out;
}

// A percentile table read as a piecewise-linear inverse CDF: a uniform draw u in [0, 100) is
// interpolated between the rows around it; below the first row the first value is used, above
// the last row the last value.
double percentileTableMs(const std::vector<model::LatencyPercentile> &table, double u) {
    if (table.empty()) {
        return 0;
    }
    if (u <= table.front().percentile) {
        return table.front().ms;
    }
    for (std::size_t i = 1; i < table.size(); ++i) {
        const auto &lo = table[i - 1];
        const auto &hi = table[i];
        if (u <= hi.percentile) {
            const double span = hi.percentile - lo.percentile;
            if (!(span > 0)) {
                return hi.ms;
            }
            return lo.ms + (hi.ms - lo.ms) * ((u - lo.percentile) / span);
        }
    }
    return table.back().ms;
}

SimTime drawLatency(const Latency &latency, RandomStream &stream) {
    double ms = 0;
    switch (latency.kind) {
    case model::LatencyKind::Fixed:
        ms = latency.a;
        break;
    case model::LatencyKind::Uniform:
        ms = stream.uniform(latency.a, latency.b);
        break;
    case model::LatencyKind::Normal:
        ms = stream.normal(latency.a, latency.b);
        break;
    case model::LatencyKind::LogNormal:
        ms = stream.logNormal(latency.a, latency.b);
        break;
    case model::LatencyKind::Percentiles:
        ms = percentileTableMs(latency.table, stream.uniform01() * 100.0);
        break;
    }
    if (!(ms > 0)) {
        return SimTime::zero(); // a normal distribution is clamped at zero
    }
    return SimTime::fromSecondsRounded(ms / 1000.0);
}

// The generic cell rate algorithm: `rate` admissions per second with a burst of up to one
// second's worth; an admission that would exceed it is given the earliest time that does not.
// O(1) and allocation-free.
struct RateLimiter {
    bool on = false;
    SimTime interval;
    SimTime tolerance;
    SimTime theoretical; // the "theoretical arrival time" of the next admission

    void configure(double perSecond) {
        on = perSecond > 0;
        if (!on) {
            return;
        }
        // Rounded up so that the limit is never exceeded.
        const double micros = std::ceil(1e6 / perSecond);
        interval =
            SimTime::microseconds(std::max<SimTime::Rep>(1, static_cast<SimTime::Rep>(micros)));
        tolerance = std::max(SimTime::zero(), SimTime::seconds(1) - interval);
    }

    // When an admission requested at `now` could go ahead (>= now), without booking it.
    [[nodiscard]] SimTime earliest(SimTime now) const {
        return std::max(now, theoretical - tolerance);
    }
    // When an admission requested at `now` may go ahead (>= now), and books it.
    SimTime admit(SimTime now) {
        const SimTime start = earliest(now);
        theoretical = std::max(theoretical, start) + interval;
        return start;
    }
};

struct FollowUpSpec {
    std::optional<EventGenerator> generator;
    std::uint32_t bus = kNone;
    double probability = 1;
    RandomStream stream;
};

// Anything a delivery or a dependency call can reach.
struct Node {
    explicit Node(RandomStream s) : stream(s) {}

    std::string id;
    std::string arn;
    NodeType type = NodeType::Consumer;
    Latency latency;
    std::vector<model::FailureMode> failures;
    int concurrency = 0; // 0 = unlimited
    std::vector<std::uint32_t> dependsOn;
    std::vector<FollowUpSpec> followUps;
    std::vector<FaultWindow> faults;
    RandomStream stream;
    RateLimiter rateLimit; // API destinations
    int inFlight = 0;
    // Records waiting for a concurrency slot, FIFO, each with the wait's token: an entry whose
    // record no longer holds that token has aged out (it left the queue) and is skipped.
    std::deque<std::pair<std::uint32_t, std::uint64_t>> waiting;
    std::uint32_t bus = kNone;         // Bus: the bus
    std::uint32_t readBy = kNone;      // Queue: the consumer that polls it
    ElementCounters counters;
    DlqSummary dlq; // Queue used as a dead-letter queue
    std::uint64_t loopsStopped = 0;
};

struct BusRt {
    std::string id;
    // The archives' managed rules: a matcher over the archives with a pattern (RuleId = index
    // into archivesWithPattern), and the archives that take every event.
    model::Matcher archiveMatcher;
    std::vector<std::uint32_t> archivesWithPattern;
    std::vector<std::uint32_t> archivesOfAll;
    std::map<std::string, std::uint32_t, std::less<>> archiveByName;
    std::string name;
    std::string region; // effective region
    model::Matcher matcher;
    std::vector<std::uint32_t> rules; // by matcher RuleId
    std::uint32_t node = kNone;
    ElementCounters counters;
};

struct RuleRt {
    std::string id;
    std::string name;
    std::string arn;
    std::uint32_t bus = kNone;
    std::vector<std::uint32_t> targets;
    ElementCounters counters;
};

struct TargetRt {
    explicit TargetRt(RandomStream s) : stream(s) {}

    std::string key; // RULE_ID/TARGET_ID
    std::uint32_t rule = kNone;
    std::uint32_t node = kNone;
    std::uint32_t dlq = kNone;
    model::RetryPolicy retry;
    std::optional<model::CompiledInput> input;
    bool wholeEvent = true;
    RandomStream stream;
    ElementCounters counters;
    LatencyHistogram latency;
};

struct EmissionRt {
    EmissionRt(ArrivalProcess a, EventGenerator g, RandomStream s)
        : arrivals(std::move(a)), generator(std::move(g)), stream(s) {}

    ArrivalProcess arrivals;
    EventGenerator generator;
    RandomStream stream;
    std::uint32_t producer = kNone; // index into producer counters
    std::uint32_t bus = kNone;
    int pendingCount = 0;
};

// One delivery of one event to one target (or, with target == kNone, one message a queue hands
// to its consumer). Pooled: records are reused through a free list.
struct Record {
    std::shared_ptr<const Json> event;
    SimTime putTime;
    std::uint64_t eventSeq = 0;
    std::uint64_t parentSeq = 0;
    std::uint32_t target = kNone;
    std::uint32_t node = kNone;
    std::uint32_t nextFree = kNone;
    std::uint32_t failedDependency = kNone;
    int attempt = 0; // 1-based, of the attempt in progress
    int depth = 0;
    int hops = 0;
    std::uint64_t waitToken = 0; // nonzero while waiting for a concurrency slot
    EventId ageOut;              // the age-out check of that wait
    ErrorKind error = ErrorKind::ServerError;
    bool failed = false;
    bool throttledThisAttempt = false;
    bool invalidInput = false;
};

enum class Stage : std::uint8_t { Begin, AfterQuota, AfterRate, Complete };

// An event whose age runs out at time t may still start an attempt at t (the retry check below
// allows an age equal to MaximumEventAgeInSeconds), so the age-out runs after every other event
// at that time.
constexpr Priority kAgeOutPriority = kDefaultPriority + 1;

struct ArchiveRt {
    ArchiveRef ref;
    std::vector<ArchivedEvent> pending;
    std::uint64_t received = 0;
};

// A replay in progress: a chunk of its window at a time, each event with the time it is due.
struct ReplayRt {
    ReplaySpec spec;
    ReplayStatus status;
    ArchiveSource *source = nullptr;
    std::uint32_t bus = kNone;
    std::vector<bool> ruleMask; // by rule index; empty = every rule
    SimTime start;
    std::optional<ArchiveCursor> cursor;
    SimTime bucketFrom; // Buckets: the bucket being read, [bucketFrom, bucketTo)
    SimTime bucketTo;
    bool allRead = false;
    std::uint64_t loaded = 0; // events read so far; AsFastAsPossible spaces them by the rate
    std::deque<std::pair<SimTime, std::shared_ptr<const Json>>> pending;
};

[[nodiscard]] bool isActive(ReplayState state) {
    return state == ReplayState::Starting || state == ReplayState::Running ||
           state == ReplayState::Cancelling;
}

// Sets "replay-name" on an event. A new member goes last; when the members vector is full it is
// built again with room for it, as growing an ordered_json object in place would copy every
// member deeply (its keys are const, so the vector cannot move them).
void stampReplayName(Json &event, const std::string &replayName) {
    auto &members = event.get_ref<Json::object_t &>();
    for (auto &member : members) {
        if (member.first == "replay-name") {
            member.second = replayName;
            return;
        }
    }
    if (members.size() < members.capacity()) {
        members.emplace_back("replay-name", replayName);
        return;
    }
    Json out(Json::value_t::object);
    auto &grown = out.get_ref<Json::object_t &>();
    grown.reserve(members.size() + 1);
    for (auto &member : members) {
        grown.emplace_back(member.first, std::move(member.second));
    }
    grown.emplace_back("replay-name", replayName);
    event = std::move(out);
}

// The documents replayed events are read into. Once every delivery of an event is done only
// this ring holds its document, and the next archived event is parsed into it: events of one
// shape then reuse each other's storage instead of allocating some thirty blocks each. A
// document still in use at the front is left for a new one; the ring is capped so that a
// delivery held for long (retries, a DLQ message keeping it) only costs its own document.
class ReplayDocuments {
public:
    std::shared_ptr<Json> next() {
        if (!m_ring.empty() && m_ring.front().use_count() == 1) {
            m_ring.push_back(std::move(m_ring.front()));
            m_ring.pop_front();
            return m_ring.back();
        }
        m_ring.push_back(std::make_shared<Json>());
        if (m_ring.size() > kCap) {
            m_ring.pop_front(); // its deliveries keep it until they end
        }
        return m_ring.back();
    }
    // Lets go of every document (those still in use live on with their deliveries).
    void clear() { m_ring.clear(); }

private:
    static constexpr std::size_t kCap = 4 * kReplayChunkSize;
    std::deque<std::shared_ptr<Json>> m_ring;
};

SimTime minuteFloor(SimTime t) {
    const SimTime::Rep minute = SimTime::minutes(1).micros();
    SimTime::Rep m = t.micros() / minute;
    if (t.micros() % minute < 0) {
        --m;
    }
    return SimTime::microseconds(m * minute);
}

std::string makeArn(std::string_view service, std::string_view region, std::string_view account,
                    std::string_view resource) {
    std::string arn("arn:aws:");
    arn.append(service).append(":").append(region).append(":").append(account).append(":");
    arn.append(resource);
    return arn;
}

void fnvAppend(std::uint64_t &hash, std::string_view text) {
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001B3;
    }
}

Json countersJson(const ElementCounters &c) {
    Json out = Json::object();
    out["put"] = c.put;
    out["matched"] = c.matched;
    out["invoked"] = c.invoked;
    out["succeeded"] = c.succeeded;
    out["failed"] = c.failed;
    out["retried"] = c.retried;
    out["throttled"] = c.throttled;
    out["sent_to_dlq"] = c.sentToDlq;
    out["dropped"] = c.dropped;
    out["received"] = c.received;
    return out;
}

double toMs(SimTime t) {
    return static_cast<double>(t.micros()) / 1000.0;
}

Error elementError(std::string_view kind, std::string_view id, std::string_view what,
                   std::string field = {}) {
    Error error;
    error.message = std::string(kind) + " '" + std::string(id) + "': " + std::string(what);
    error.field = std::move(field);
    return error;
}

} // namespace

std::string_view stepKindName(StepKind kind) {
    switch (kind) {
    case StepKind::Put:
        return "put";
    case StepKind::PutRejected:
        return "put_rejected";
    case StepKind::Matched:
        return "matched";
    case StepKind::Attempt:
        return "attempt";
    case StepKind::Throttled:
        return "throttled";
    case StepKind::Succeeded:
        return "succeeded";
    case StepKind::Failed:
        return "failed";
    case StepKind::RetryScheduled:
        return "retry_scheduled";
    case StepKind::DeadLettered:
        return "dead_lettered";
    case StepKind::Dropped:
        return "dropped";
    case StepKind::FollowUp:
        return "follow_up";
    case StepKind::LoopStopped:
        return "loop_stopped";
    }
    return "unknown";
}

std::string traceLine(const LineageStep &step) {
    Json line = Json::object();
    line["t_us"] = step.at.micros();
    line["event"] = step.event;
    if (step.parent != 0) {
        line["parent"] = step.parent;
    }
    line["depth"] = step.depth;
    line["step"] = stepKindName(step.kind);
    line["element"] = step.element;
    if (step.attempt != 0) {
        line["attempt"] = step.attempt;
    }
    if (!step.outcome.empty()) {
        line["outcome"] = step.outcome;
    }
    if (!step.detail.empty()) {
        line["detail"] = step.detail;
    }
    return line.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// ---------------------------------------------------------------------------------------------

struct Simulation::Impl final : KernelObserver {
    explicit Impl(const SimulationOptions &opts) : options(opts), kernel(opts.seed) {}

    SimulationOptions options;
    Kernel kernel;
    std::vector<Node> nodes;
    std::vector<BusRt> buses;
    std::vector<RuleRt> rules;
    std::vector<TargetRt> targets;
    std::vector<EmissionRt> emissions;
    std::vector<std::string> producerIds;
    std::vector<ElementCounters> producerCounters;
    std::map<std::string, std::uint32_t, std::less<>> nodeIndex; // element id -> node
    std::map<std::string, std::uint32_t, std::less<>> busIndex;
    std::map<std::string, std::uint32_t, std::less<>> ruleIndex;
    std::map<std::string, std::uint32_t, std::less<>> targetIndex;
    std::map<std::string, std::uint32_t, std::less<>> producerIndex;
    std::map<std::string, std::vector<std::uint32_t>, std::less<>> targetsByDestination;

    std::vector<std::string> metricNames;
    std::vector<const ElementCounters *> metricCounters;

    std::vector<Record> records;
    std::uint32_t freeList = kNone;
    std::size_t liveRecords = 0;     // deliveries in flight
    std::optional<Error> limitError; // the run's budget was exceeded; the run stopped there
    std::vector<model::RuleId> matchedScratch;
    std::vector<std::uint32_t> matchStack;
    std::vector<GeneratedEvent> arrivalBatch;
    std::string inputScratch;
    std::string reasonScratch;
    RateLimiter accountQuota;
    std::uint64_t nextWaitToken = 1;

    std::uint64_t eventsPut = 0;
    std::uint64_t deliveries = 0;
    std::uint64_t totalDropped = 0;
    std::uint64_t loopsStopped = 0;
    std::uint64_t putEntriesFailed = 0;
    std::uint64_t nextEventSeq = 1;

    bool tracing = false;
    std::vector<LineageStep> steps;
    std::vector<SimulationObserver *> observers;
    std::ostream *traceOut = nullptr;
    std::uint64_t traceHash = 0xCBF29CE484222325;

    std::vector<MetricsBucket> series;
    SimTime nextBucketEnd;

    std::vector<ArchiveRt> archives;
    ArchiveSink *archiveSink = nullptr;
    JsonParser jsonParser; // replays read archived events with it
    ReplayDocuments replayDocuments;
    std::size_t archiveBatchSize = kDefaultArchiveBatchSize;
    std::optional<Error> archiveError;
    std::vector<std::unique_ptr<ReplayRt>> replays;
    const std::vector<bool> *ruleFilter = nullptr; // set by a replay around its own puts

    // ---- building -----------------------------------------------------------------------
    Result<bool> build(const model::Project &project);
    Result<bool> buildBehavior(Node &node, const model::Behavior &behavior,
                               const model::Project &project);

    // ---- records ------------------------------------------------------------------------
    // Stops the run for good: a limit was exceeded, and going on would only grow.
    void failLimit(std::string message) {
        if (!limitError) {
            limitError = Error{.message = std::move(message)};
        }
        kernel.stop();
    }

    // Counts one more event against the run's budget; false (and the run stops) past it.
    bool chargeEvent() {
        if (limitError) {
            return false;
        }
        if (eventsPut >= options.maxEvents) {
            failLimit("the run stopped at " + formatDuration(kernel.now()) + " after " +
                      std::to_string(options.maxEvents) +
                      " events, the most one run may put (follow-ups included); shorten the "
                      "run or lower the rates");
            return false;
        }
        ++eventsPut;
        return true;
    }

    std::uint32_t allocRecord() {
        if (++liveRecords > options.maxInFlight) {
            failLimit("the run stopped at " + formatDuration(kernel.now()) + " with more than " +
                      std::to_string(options.maxInFlight) +
                      " deliveries in flight at once, the most one run may hold; lower the rates "
                      "or the latencies");
        }
        if (freeList != kNone) {
            const std::uint32_t index = freeList;
            freeList = records[index].nextFree;
            records[index] = Record{};
            return index;
        }
        records.emplace_back();
        return static_cast<std::uint32_t>(records.size() - 1);
    }
    void release(std::uint32_t index) {
        --liveRecords;
        Record &r = records[index];
        r.event.reset();
        r.nextFree = freeList;
        freeList = index;
    }

    void scheduleStage(SimTime at, std::uint32_t record, Stage stage) {
        kernel.schedule(at, [this, record, stage](Kernel &) { resume(record, stage); });
    }

    void resume(std::uint32_t record, Stage stage) {
        switch (stage) {
        case Stage::Begin:
            beginAttempt(record);
            break;
        case Stage::AfterQuota:
            afterQuota(record);
            break;
        case Stage::AfterRate:
            toConcurrency(record);
            break;
        case Stage::Complete:
            complete(record);
            break;
        }
    }

    // ---- lineage ------------------------------------------------------------------------
    void addStep(const Record &r, StepKind kind, std::string element, int attempt = 0,
                 std::string outcome = {}, std::string detail = {}) {
        addStep(r.eventSeq, r.parentSeq, r.depth, kind, std::move(element), attempt,
                std::move(outcome), std::move(detail));
    }
    void addStep(std::uint64_t event, std::uint64_t parent, int depth, StepKind kind,
                 std::string element, int attempt = 0, std::string outcome = {},
                 std::string detail = {}) {
        steps.push_back(LineageStep{kernel.now(), event, parent, depth, kind, std::move(element),
                                    attempt, std::move(outcome), std::move(detail)});
        if (steps.size() >= kLineageFlushSize) {
            flushSteps();
        }
    }
    void flushSteps() {
        if (steps.empty()) {
            return;
        }
        for (const LineageStep &step : steps) {
            const std::string line = traceLine(step);
            fnvAppend(traceHash, line);
            fnvAppend(traceHash, "\n");
            if (traceOut != nullptr) {
                *traceOut << line << '\n';
            }
        }
        for (SimulationObserver *observer : observers) {
            observer->onLineage(steps);
        }
        steps.clear();
    }
    const std::string &stepElement(const Record &r) const {
        return r.target != kNone ? targets[r.target].key : nodes[r.node].id;
    }

    // ---- time series (KernelObserver) ---------------------------------------------------
    void onTimeAdvanced(SimTime from, SimTime to) override {
        static_cast<void>(from);
        if (options.timeSeriesBucket <= SimTime::zero()) {
            return;
        }
        while (nextBucketEnd <= to && series.size() < options.maxBuckets) {
            MetricsBucket bucket;
            bucket.end = nextBucketEnd;
            bucket.counters.reserve(metricCounters.size());
            for (const ElementCounters *c : metricCounters) {
                bucket.counters.push_back(*c);
            }
            series.push_back(std::move(bucket));
            for (SimulationObserver *observer : observers) {
                observer->onBucket(series.back());
            }
            nextBucketEnd += options.timeSeriesBucket;
        }
    }

    // ---- puts and routing ---------------------------------------------------------------
    void scheduleNextArrival(std::uint32_t emission) {
        EmissionRt &e = emissions[emission];
        const std::optional<Arrival> next = e.arrivals.next();
        if (!next) {
            return;
        }
        e.pendingCount = next->count;
        kernel.schedule(next->at, [this, emission](Kernel &) { onArrival(emission); });
    }

    void onArrival(std::uint32_t emission) {
        EmissionRt &e = emissions[emission];
        std::vector<GeneratedEvent> &batch = arrivalBatch; // reused: no allocation per arrival
        std::size_t remaining = static_cast<std::size_t>(std::max(0, e.pendingCount));
        while (remaining > 0 && !limitError) {
            const std::size_t size = std::min(remaining, kMaxPutEventsEntries);
            remaining -= size;
            batch.clear();
            for (std::size_t i = 0; i < size; ++i) {
                batch.push_back(e.generator.next(kernel.now(), e.stream));
            }
            // A call of 1 to 10 entries, which PutEvents never refuses as a whole.
            for (std::size_t i = 0; i < batch.size() && !limitError; ++i) {
                GeneratedEvent &generated = batch[i];
                const PutEntryResult result =
                    checkPutEntry(*generated.event, options.putEvents, generated.entrySize);
                if (result.ok) {
                    acceptEntry(std::move(generated.event), e.bus, e.producer);
                } else {
                    rejectEntry(e.producer, putterOf(e.producer, e.bus), result.errorCode,
                                result.errorMessage);
                }
            }
            batch.clear(); // lets the generator have the documents of refused entries back
        }
        scheduleNextArrival(emission);
    }

    // One PutEvents call; `producer` (kNone for put()) is charged with its results.
    void putBatch(std::vector<Json> &batch, std::uint32_t bus, std::uint32_t producer) {
        const Result<std::vector<PutEntryResult>> results =
            checkPutEvents(std::span<const Json>(batch), options.putEvents);
        const std::string &who = putterOf(producer, bus);
        for (std::size_t i = 0; i < batch.size() && !limitError; ++i) {
            if (!results.ok()) {
                rejectEntry(producer, who, "ValidationError", results.error().message);
            } else if (const PutEntryResult &result = results.value()[i]; !result.ok) {
                rejectEntry(producer, who, result.errorCode, result.errorMessage);
            } else {
                acceptEntry(std::make_shared<const Json>(std::move(batch[i])), bus, producer);
            }
        }
    }

    // Who a refused entry's lineage step names: its producer, or the bus for put().
    const std::string &putterOf(std::uint32_t producer, std::uint32_t bus) const {
        return producer != kNone ? producerIds[producer] : buses[bus].id;
    }

    void rejectEntry(std::uint32_t producer, const std::string &who, const std::string &code,
                     const std::string &message) {
        ++putEntriesFailed;
        if (producer != kNone) {
            ++producerCounters[producer].failed;
        }
        if (tracing) {
            addStep(nextEventSeq++, 0, 0, StepKind::PutRejected, who, 0, code, message);
        }
    }

    void acceptEntry(std::shared_ptr<const Json> event, std::uint32_t bus, std::uint32_t producer) {
        if (producer != kNone) {
            ++producerCounters[producer].put;
        }
        putOnBus(bus, std::move(event), 0, 0, 0, 0);
    }

    // Routes an event on a bus. `seq` 0 makes it a new event; a bus hop keeps its number.
    void putOnBus(std::uint32_t bus, std::shared_ptr<const Json> event, std::uint64_t seq,
                  std::uint64_t parent, int depth, int hops) {
        BusRt &b = buses[bus];
        if (seq == 0) {
            if (!chargeEvent()) {
                return;
            }
            seq = nextEventSeq++;
        }
        ++b.counters.put;
        const SimTime now = kernel.now();
        if (tracing) {
            addStep(seq, parent, depth, StepKind::Put, b.id, 0, {},
                    event->dump(-1, ' ', false, Json::error_handler_t::replace));
        }
        if (archiveSink != nullptr) {
            archiveEvent(b, *event);
        }
        const std::vector<bool> *filter = ruleFilter;
        ruleFilter = nullptr; // only the replayed put itself, not what it leads to
        b.matcher.match(*event, matchedScratch);
        if (filter != nullptr) {
            std::erase_if(matchedScratch,
                          [&](model::RuleId id) { return !(*filter)[b.rules[id]]; });
        }
        if (matchedScratch.empty()) {
            return;
        }
        ++b.counters.matched;
        // Nested puts (a bus target routes synchronously) reuse the scratch vector, so the matched
        // rules are moved onto a stack first and read by index, as the stack may grow meanwhile.
        const std::size_t base = matchStack.size();
        for (const model::RuleId id : matchedScratch) {
            matchStack.push_back(b.rules[id]);
        }
        const std::size_t end = matchStack.size();
        for (std::size_t i = base; i < end; ++i) {
            RuleRt &r = rules[matchStack[i]];
            ++r.counters.matched;
            for (const std::uint32_t target : r.targets) {
                startDelivery(target, event, seq, parent, depth, hops, now);
                if (options.duplicateRate > 0 &&
                    targets[target].stream.bernoulli(options.duplicateRate)) {
                    startDelivery(target, event, seq, parent, depth, hops, now);
                }
            }
        }
        matchStack.resize(base);
    }

    // ---- archives -----------------------------------------------------------------------
    void archiveEvent(const BusRt &b, const Json &event) {
        if (b.archivesOfAll.empty() && b.archivesWithPattern.empty()) {
            return;
        }
        if (event.is_object() && event.contains("replay-name")) {
            return; // the managed rule skips replayed events
        }
        matchedScratch.clear();
        if (!b.archivesWithPattern.empty()) {
            b.archiveMatcher.match(event, matchedScratch);
        }
        if (matchedScratch.empty() && b.archivesOfAll.empty()) {
            return;
        }
        ArchivedEvent archived;
        archived.ingestionTime = kernel.now();
        archived.eventTime = kernel.now();
        if (event.is_object()) {
            if (const auto it = event.find("id"); it != event.end() && it->is_string()) {
                archived.eventId = it->get<std::string>();
            }
            if (const auto it = event.find("time"); it != event.end() && it->is_string()) {
                if (const auto parsed =
                        parseIsoTime(it->get_ref<const std::string &>(), options.generator)) {
                    archived.eventTime = *parsed;
                }
            }
        }
        archived.event = event.dump(-1, ' ', false, Json::error_handler_t::replace);
        auto take = [&](std::uint32_t index) {
            ArchiveRt &a = archives[index];
            ++a.received;
            a.pending.push_back(archived);
            if (a.pending.size() >= archiveBatchSize) {
                flushArchive(a);
            }
        };
        for (const std::uint32_t index : b.archivesOfAll) {
            take(index);
        }
        for (const model::RuleId id : matchedScratch) {
            take(b.archivesWithPattern[id]);
        }
    }

    void flushArchive(ArchiveRt &a) {
        if (a.pending.empty()) {
            return;
        }
        if (archiveSink != nullptr) {
            Result<bool> appended = archiveSink->append(a.ref, a.pending);
            if (!appended.ok()) {
                archiveError = appended.error();
                archiveSink = nullptr;
            }
        }
        a.pending.clear();
    }

    Result<bool> flushArchives() {
        for (ArchiveRt &a : archives) {
            flushArchive(a);
        }
        if (archiveError) {
            return *archiveError;
        }
        return true;
    }

    // ---- replays ------------------------------------------------------------------------
    void scheduleReplay(std::size_t index, bool load) {
        ReplayRt &r = *replays[index];
        const SimTime at = load || r.pending.empty() ? kernel.now() : r.pending.front().first;
        kernel.schedule(at, [this, index](Kernel &) { replayStep(index); });
    }

    void finishReplay(ReplayRt &r, ReplayState state, std::string error = {}) {
        r.status.state = state;
        r.status.error = std::move(error);
        r.pending.clear();
        if (std::none_of(replays.begin(), replays.end(),
                         [](const auto &other) { return isActive(other->status.state); })) {
            replayDocuments.clear(); // no replay is left to read into them
        }
    }

    // Loads the next chunk (or bucket part) of the window into `pending`.
    Result<bool> loadChunk(ReplayRt &r) {
        std::string parseError;
        auto take = [&](const ArchiveRecord &record, std::int64_t position) {
            r.cursor = ArchiveCursor{record.eventTime, position};
            std::shared_ptr<Json> event = replayDocuments.next();
            if (!jsonParser.parseInto(record.event, *event) || !event->is_object()) {
                if (parseError.empty()) {
                    parseError = "archived event '" + std::string(record.eventId) +
                                 "' is not a JSON object (or nests deeper than " +
                                 std::to_string(kMaxJsonNesting) + " levels)";
                }
                return;
            }
            stampReplayName(*event, r.spec.name);
            SimTime due = r.start;
            if (r.spec.pace == ReplayPace::OriginalPace) {
                due += (r.spec.order == ReplayOrder::Buckets ? r.bucketFrom : record.eventTime) -
                       r.spec.from;
            } else if (r.spec.rate > 0) {
                due += SimTime::microseconds(static_cast<SimTime::Rep>(
                    std::floor(static_cast<double>(r.loaded) * 1e6 / r.spec.rate)));
            }
            ++r.loaded;
            r.pending.emplace_back(std::max(due, kernel.now()), std::move(event));
        };
        while (r.pending.empty() && !r.allRead) {
            if (r.spec.order == ReplayOrder::Original) {
                Result<std::size_t> read =
                    r.source->readChunk(r.spec.archive, r.spec.from, r.spec.to,
                                        ArchiveOrder::EventTime, r.cursor, kReplayChunkSize, take);
                if (!read.ok()) {
                    return read.error();
                }
                r.allRead = read.value() < kReplayChunkSize;
            } else {
                Result<std::size_t> read =
                    r.source->readChunk(r.spec.archive, r.bucketFrom, r.bucketTo,
                                        ArchiveOrder::Append, r.cursor, kReplayChunkSize, take);
                if (!read.ok()) {
                    return read.error();
                }
                if (read.value() < kReplayChunkSize) {
                    // This bucket is done: on to the minute of the next event, so that a long
                    // window with few events costs a query per bucket that has any.
                    r.cursor.reset();
                    std::optional<SimTime> next;
                    if (r.bucketTo < r.spec.to) {
                        Result<std::size_t> peek = r.source->readChunk(
                            r.spec.archive, r.bucketTo, r.spec.to, ArchiveOrder::EventTime,
                            std::nullopt, 1, [&](const ArchiveRecord &record, std::int64_t) {
                                next = record.eventTime;
                            });
                        if (!peek.ok()) {
                            return peek.error();
                        }
                    }
                    if (!next) {
                        r.allRead = true;
                    } else {
                        r.bucketFrom = std::max(r.bucketTo, minuteFloor(*next));
                        r.bucketTo = std::min(r.spec.to, minuteFloor(*next) + SimTime::minutes(1));
                    }
                }
            }
            if (!parseError.empty()) {
                Error error;
                error.message = parseError;
                return error;
            }
        }
        return true;
    }

    void replayStep(std::size_t index) {
        ReplayRt &r = *replays[index];
        if (r.status.state == ReplayState::Cancelling) {
            finishReplay(r, ReplayState::Cancelled);
            return;
        }
        if (!isActive(r.status.state)) {
            return;
        }
        r.status.state = ReplayState::Running;
        if (r.pending.empty()) {
            if (Result<bool> loaded = loadChunk(r); !loaded.ok()) {
                finishReplay(r, ReplayState::Failed, loaded.error().message);
                return;
            }
        }
        const std::uint32_t bus = r.bus;
        while (!r.pending.empty() && r.pending.front().first <= kernel.now()) {
            std::shared_ptr<const Json> event = std::move(r.pending.front().second);
            r.pending.pop_front();
            ++r.status.replayed;
            ruleFilter = r.ruleMask.empty() ? nullptr : &r.ruleMask;
            putOnBus(bus, std::move(event), 0, 0, 0, 0);
            ruleFilter = nullptr;
        }
        if (r.pending.empty() && r.allRead) {
            finishReplay(r, ReplayState::Completed);
            return;
        }
        scheduleReplay(index, r.pending.empty());
    }

    void startDelivery(std::uint32_t target, const std::shared_ptr<const Json> &event,
                       std::uint64_t seq, std::uint64_t parent, int depth, int hops,
                       SimTime putTime) {
        ++deliveries;
        const std::uint32_t index = allocRecord();
        Record &r = records[index];
        TargetRt &t = targets[target];
        r.event = event;
        r.putTime = putTime;
        r.eventSeq = seq;
        r.parentSeq = parent;
        r.target = target;
        r.node = t.node;
        r.depth = depth;
        r.hops = hops;
        if (!t.wholeEvent || tracing) {
            const RuleRt &rule = rules[t.rule];
            const model::TransformContext context{rule.arn, rule.name, {}};
            inputScratch.clear();
            const bool delivered =
                t.input->applyTo(*event, context, inputScratch, tracing ? &reasonScratch : nullptr);
            records[index].invalidInput = !delivered;
            if (tracing) {
                addStep(records[index], StepKind::Matched, t.key, 0, {},
                        t.wholeEvent ? std::string() : inputScratch);
            }
        }
        beginAttempt(index);
    }

    // ---- attempts -----------------------------------------------------------------------
    void beginAttempt(std::uint32_t index) {
        Record &r = records[index];
        ++r.attempt;
        r.throttledThisAttempt = false;
        r.failedDependency = kNone;
        if (r.target != kNone && accountQuota.on) {
            if (agesOutWaiting(index, accountQuota.earliest(kernel.now()),
                               "account invocation quota")) {
                return;
            }
            const SimTime start = accountQuota.admit(kernel.now());
            if (start > kernel.now()) {
                noteThrottled(index, "account invocation quota");
                scheduleStage(start, index, Stage::AfterQuota);
                return;
            }
        }
        afterQuota(index);
    }

    // The retry policy bounds the whole time EventBridge tries to deliver an event, time spent
    // held back by a rate limit, the account's quota or a concurrency limit included (the API
    // reference on InvocationRateLimitPerSecond: events held back past the retry window are not
    // delivered, and go to the dead-letter queue). An attempt that could only start after the
    // event's MaximumEventAgeInSeconds has passed is not booked: the event ages out when its age
    // runs out. True when that happens to `index` waiting until `start`.
    bool agesOutWaiting(std::uint32_t index, SimTime start, std::string_view why) {
        const Record &r = records[index];
        if (r.target == kNone || start - r.putTime <= maxEventAge(r)) {
            return false;
        }
        noteThrottled(index, why);
        kernel.schedule(r.putTime + maxEventAge(r), kAgeOutPriority,
                        [this, index](Kernel &) { ageOut(index); });
        return true;
    }

    SimTime maxEventAge(const Record &r) const {
        return SimTime::seconds(targets[r.target].retry.maximumEventAgeSeconds);
    }

    // The event's age ran out before it could be invoked: to the dead-letter queue with the age
    // condition, as when it runs out between retries.
    void ageOut(std::uint32_t index) {
        Record &r = records[index];
        r.waitToken = 0;
        r.error = ErrorKind::AgedOutWaiting;
        deadLetter(index, errorInfo(r.error), "MaximumEventAgeInSeconds", r.attempt - 1);
    }

    void noteThrottled(std::uint32_t index, std::string_view why) {
        Record &r = records[index];
        if (r.throttledThisAttempt) {
            return;
        }
        r.throttledThisAttempt = true;
        if (r.target != kNone) {
            ++targets[r.target].counters.throttled;
        }
        ++nodes[r.node].counters.throttled;
        if (tracing) {
            addStep(r, StepKind::Throttled, stepElement(r), r.attempt, {}, std::string(why));
        }
    }

    // `reachedNode` false: the attempt failed before the destination saw it.
    void countInvocation(const Record &r, bool reachedNode = true) {
        Node &n = nodes[r.node];
        if (r.target != kNone) {
            TargetRt &t = targets[r.target];
            ++t.counters.invoked;
            if (r.attempt > 1) {
                ++t.counters.retried;
            }
        }
        if (reachedNode && n.type != NodeType::Queue && n.type != NodeType::Bus) {
            ++n.counters.invoked;
            if (r.attempt > 1) {
                ++n.counters.retried;
            }
        }
        if (tracing) {
            addStep(r, StepKind::Attempt, stepElement(r), r.attempt);
        }
    }

    void afterQuota(std::uint32_t index) {
        Record &r = records[index];
        Node &n = nodes[r.node];
        if (r.invalidInput) {
            countInvocation(r, false);
            r.failed = true;
            r.error = ErrorKind::InvalidInput;
            finishFailure(index);
            return;
        }
        switch (n.type) {
        case NodeType::Queue:
            deliverToQueue(index);
            return;
        case NodeType::Bus:
            deliverToBus(index);
            return;
        case NodeType::ApiDestination:
            if (n.rateLimit.on) {
                if (agesOutWaiting(index, n.rateLimit.earliest(kernel.now()),
                                   "InvocationRateLimitPerSecond")) {
                    return;
                }
                const SimTime start = n.rateLimit.admit(kernel.now());
                if (start > kernel.now()) {
                    noteThrottled(index, "InvocationRateLimitPerSecond");
                    scheduleStage(start, index, Stage::AfterRate);
                    return;
                }
            }
            break;
        case NodeType::Consumer:
        case NodeType::ExternalSystem:
            break;
        }
        toConcurrency(index);
    }

    void toConcurrency(std::uint32_t index) {
        Node &n = nodes[records[index].node];
        if (n.concurrency > 0 && n.inFlight >= n.concurrency) {
            noteThrottled(index, "concurrency");
            Record &r = records[index];
            r.waitToken = nextWaitToken++;
            n.waiting.emplace_back(index, r.waitToken);
            if (r.target != kNone) {
                // Runs only if no slot came free before the event's age ran out.
                r.ageOut = kernel.schedule(r.putTime + maxEventAge(r), kAgeOutPriority,
                                           [this, index, token = r.waitToken](Kernel &) {
                                               if (records[index].waitToken == token) {
                                                   ageOut(index);
                                               }
                                           });
            }
            return;
        }
        invoke(index);
    }

    void deliverToQueue(std::uint32_t index) {
        Record &r = records[index];
        countInvocation(r);
        Node &q = nodes[r.node];
        ++q.counters.received;
        succeed(index);
        if (q.readBy != kNone) {
            feedConsumer(r.node, records[index]);
        }
        release(index);
    }

    void deliverToBus(std::uint32_t index) {
        Record &r = records[index];
        countInvocation(r);
        const Node &n = nodes[r.node];
        if (r.hops >= 1) {
            const BusRt &from = buses[rules[targets[r.target].rule].bus];
            const BusRt &to = buses[n.bus];
            r.failed = true;
            r.error =
                from.region != to.region ? ErrorKind::ThirdRegionHop : ErrorKind::ThirdAccountHop;
            finishFailure(index);
            return;
        }
        succeed(index);
        const Record copy = records[index];
        release(index);
        putOnBus(n.bus, copy.event, copy.eventSeq, copy.parentSeq, copy.depth, copy.hops + 1);
    }

    // A queue hands a message to the consumer that reads it (a new record, no target).
    void feedConsumer(std::uint32_t queueNode, Record from) { // a copy: allocRecord() may move it
        const std::uint32_t consumer = nodes[queueNode].readBy;
        const std::uint32_t index = allocRecord();
        Record &r = records[index];
        r.event = from.event;
        r.putTime = kernel.now();
        r.eventSeq = from.eventSeq;
        r.parentSeq = from.parentSeq;
        r.depth = from.depth;
        r.hops = from.hops;
        r.node = consumer;
        r.attempt = 1;
        toConcurrency(index);
    }

    struct CallResult {
        SimTime latency;
        bool failed = false;
        ErrorKind error = ErrorKind::ServerError;
        std::uint32_t failedDependency = kNone;
    };

    // The node's own latency and failure draws at `now`, fault windows and dependencies
    // included. Always draws the latency, then one uniform for the failure modes (when it has
    // any), so that the number of draws does not depend on the outcome.
    CallResult call(std::uint32_t nodeIdx, SimTime now, int depthGuard) {
        Node &n = nodes[nodeIdx];
        CallResult result;
        result.latency = drawLatency(n.latency, n.stream);
        if (!n.failures.empty()) {
            const double u = n.stream.uniform01();
            double cumulative = 0;
            for (const model::FailureMode &mode : n.failures) {
                cumulative += mode.rate;
                if (u < cumulative) {
                    result.failed = true;
                    result.error = toErrorKind(mode.kind);
                    break;
                }
            }
        }
        for (const FaultWindow &fault : n.faults) {
            if (!fault.covers(now)) {
                continue;
            }
            switch (fault.mode) {
            case FaultMode::Down:
                if (!result.failed) {
                    result.failed = true;
                    result.error = toErrorKind(fault.failure);
                }
                break;
            case FaultMode::Slow:
                result.latency += fault.extraLatency;
                break;
            case FaultMode::Failing:
                if (n.stream.bernoulli(fault.rate) && !result.failed) {
                    result.failed = true;
                    result.error = toErrorKind(fault.failure);
                }
                break;
            }
        }
        if (!result.failed && depthGuard < kMaxDependencyDepth) {
            for (const std::uint32_t dep : n.dependsOn) {
                Node &d = nodes[dep];
                ++d.counters.invoked;
                const CallResult inner = call(dep, now, depthGuard + 1);
                result.latency += inner.latency;
                if (inner.failed) {
                    ++d.counters.failed;
                    result.failed = true;
                    // A dependency that timed out makes the caller time out; anything else the
                    // caller reports as its own server error.
                    result.error = inner.error == ErrorKind::Timeout ? ErrorKind::Timeout
                                                                     : ErrorKind::ServerError;
                    result.failedDependency = dep;
                    break;
                }
                ++d.counters.succeeded;
            }
        }
        if (n.type == NodeType::ApiDestination && result.latency > options.apiDestinationTimeout) {
            result.failed = true;
            result.error = ErrorKind::Timeout;
            result.latency = options.apiDestinationTimeout;
        } else if (result.failed && result.failedDependency == kNone &&
                   errorInfo(result.error).immediate) {
            result.latency = SimTime::zero();
        }
        return result;
    }

    void invoke(std::uint32_t index) {
        Record &r = records[index];
        countInvocation(r);
        Node &n = nodes[r.node];
        ++n.inFlight;
        const CallResult result = call(r.node, kernel.now(), 0);
        Record &rr = records[index];
        rr.failed = result.failed;
        rr.error = result.error;
        rr.failedDependency = result.failedDependency;
        scheduleStage(kernel.now() + result.latency, index, Stage::Complete);
    }

    void complete(std::uint32_t index) {
        const std::uint32_t nodeIdx = records[index].node;
        Node &n = nodes[nodeIdx];
        --n.inFlight;
        if (records[index].failed) {
            ++n.counters.failed;
            finishFailure(index);
        } else {
            ++n.counters.succeeded;
            succeed(index);
            if (!n.followUps.empty()) {
                emitFollowUps(nodeIdx, records[index]);
            }
            release(index);
        }
        // A slot is free: the longest waiting record goes next, at this same time.
        Node &after = nodes[nodeIdx];
        while (!after.waiting.empty() &&
               (after.concurrency <= 0 || after.inFlight < after.concurrency)) {
            const auto [next, token] = after.waiting.front();
            after.waiting.pop_front();
            Record &waiter = records[next];
            if (waiter.waitToken != token) {
                continue; // aged out while it waited
            }
            waiter.waitToken = 0;
            if (waiter.ageOut.isValid()) {
                kernel.cancel(waiter.ageOut);
                waiter.ageOut = EventId();
            }
            invoke(next);
            break;
        }
    }

    void succeed(std::uint32_t index) {
        const Record &r = records[index];
        if (r.target != kNone) {
            TargetRt &t = targets[r.target];
            ++t.counters.succeeded;
            t.latency.record(kernel.now() - r.putTime);
        }
        if (tracing) {
            addStep(r, StepKind::Succeeded, stepElement(r), r.attempt, {},
                    formatDuration(kernel.now() - r.putTime));
        }
    }

    std::string errorMessage(const Record &r) const {
        std::string message(errorInfo(r.error).message);
        if (r.failedDependency != kNone) {
            message.append(" (dependency '")
                .append(nodes[r.failedDependency].id)
                .append("' failed)");
        }
        return message;
    }

    // A failed attempt: retried when the error is retriable and the policy allows, otherwise to
    // the dead-letter queue (or dropped). Releases the record unless it is retried.
    void finishFailure(std::uint32_t index) {
        Record &r = records[index];
        const ErrorInfo info = errorInfo(r.error);
        if (r.target == kNone) {
            // A queue's consumer failing: SQS redrive is not modelled; the failure is counted.
            if (tracing) {
                addStep(r, StepKind::Failed, stepElement(r), r.attempt, std::string(info.code),
                        errorMessage(r));
            }
            release(index);
            return;
        }
        TargetRt &t = targets[r.target];
        ++t.counters.failed;
        if (tracing) {
            addStep(r, StepKind::Failed, t.key, r.attempt, std::string(info.code), errorMessage(r));
        }
        const int retriesDone = r.attempt - 1;
        std::string_view exhausted;
        if (info.retriable) {
            if (retriesDone >= t.retry.maximumRetryAttempts) {
                exhausted = "MaximumRetryAttempts";
            } else {
                const SimTime retryAt = kernel.now() + backoff(t, retriesDone + 1);
                if (retryAt - r.putTime > SimTime::seconds(t.retry.maximumEventAgeSeconds)) {
                    exhausted = "MaximumEventAgeInSeconds";
                } else {
                    if (tracing) {
                        addStep(r, StepKind::RetryScheduled, t.key, r.attempt, {},
                                formatDuration(retryAt));
                    }
                    scheduleStage(retryAt, index, Stage::Begin);
                    return;
                }
            }
        }
        deadLetter(index, info, exhausted, retriesDone);
    }

    SimTime backoff(TargetRt &t, int retry) {
        const BackoffSettings &b = options.backoff;
        SimTime delay = b.cap;
        if (retry - 1 < 62) {
            const SimTime::Rep factor = SimTime::Rep{1} << (retry - 1);
            if (b.base.micros() <= b.cap.micros() / factor) {
                delay = b.base * factor;
            }
        }
        const double jitter = std::clamp(b.jitter, 0.0, 1.0);
        if (jitter <= 0) {
            return delay;
        }
        const double micros = static_cast<double>(delay.micros());
        const double drawn = micros * (1.0 - jitter) + t.stream.uniform(0.0, micros * jitter);
        return SimTime::microseconds(static_cast<SimTime::Rep>(drawn));
    }

    void deadLetter(std::uint32_t index, const ErrorInfo &info, std::string_view exhausted,
                    int retriesDone) {
        Record &r = records[index];
        TargetRt &t = targets[r.target];
        Node &n = nodes[r.node];
        if (t.dlq == kNone) {
            ++t.counters.dropped;
            ++n.counters.dropped;
            ++totalDropped;
            if (tracing) {
                addStep(r, StepKind::Dropped, t.key, r.attempt, std::string(info.code),
                        std::string(exhausted));
            }
            release(index);
            return;
        }
        ++t.counters.sentToDlq;
        ++n.counters.sentToDlq;
        Node &q = nodes[t.dlq];
        ++q.counters.received;
        DlqSummary &summary = q.dlq;
        ++summary.total;
        ++summary.byErrorCode[std::string(info.code)];
        if (summary.kept.size() < options.dlqMessagesKept) {
            summary.kept.push_back(DlqMessage{kernel.now(), rules[t.rule].arn, n.arn,
                                              std::string(info.code), errorMessage(r),
                                              std::string(exhausted), retriesDone, r.event});
        }
        if (tracing) {
            addStep(r, StepKind::DeadLettered, q.id, r.attempt, std::string(info.code),
                    std::string(exhausted));
        }
        if (q.readBy != kNone) {
            feedConsumer(t.dlq, records[index]);
        }
        release(index);
    }

    // `r` is a copy: the puts below may move the record pool.
    void emitFollowUps(std::uint32_t nodeIdx, Record r) {
        Node &n = nodes[nodeIdx];
        for (FollowUpSpec &f : n.followUps) {
            if (!f.stream.bernoulli(f.probability)) {
                continue;
            }
            const int depth = r.depth + 1;
            if (depth > options.maxLineageDepth) {
                ++loopsStopped;
                ++n.loopsStopped;
                if (tracing) {
                    addStep(r, StepKind::LoopStopped, n.id, 0, {}, buses[f.bus].id);
                }
                continue;
            }
            if (!chargeEvent()) {
                return;
            }
            std::shared_ptr<const Json> event = f.generator->next(kernel.now(), f.stream).event;
            const std::uint64_t seq = nextEventSeq++;
            if (tracing) {
                addStep(r, StepKind::FollowUp, n.id, 0, {}, std::to_string(seq));
            }
            putOnBus(f.bus, std::move(event), seq, r.eventSeq, depth, 0);
        }
    }

    // ---- metrics ------------------------------------------------------------------------
    const ElementCounters *findCounters(std::string_view name) const {
        if (auto it = targetIndex.find(name); it != targetIndex.end()) {
            return &targets[it->second].counters;
        }
        if (auto it = busIndex.find(name); it != busIndex.end()) {
            return &buses[it->second].counters;
        }
        if (auto it = ruleIndex.find(name); it != ruleIndex.end()) {
            return &rules[it->second].counters;
        }
        if (auto it = producerIndex.find(name); it != producerIndex.end()) {
            return &producerCounters[it->second];
        }
        if (auto it = nodeIndex.find(name); it != nodeIndex.end()) {
            return &nodes[it->second].counters;
        }
        return nullptr;
    }

    std::optional<LatencyHistogram> histogramFor(std::string_view name) const {
        if (auto it = targetIndex.find(name); it != targetIndex.end()) {
            return targets[it->second].latency;
        }
        if (auto it = targetsByDestination.find(name); it != targetsByDestination.end()) {
            LatencyHistogram merged;
            for (const std::uint32_t t : it->second) {
                merged.merge(targets[t].latency);
            }
            return merged;
        }
        return std::nullopt;
    }
};

Result<bool> Simulation::Impl::buildBehavior(Node &node, const model::Behavior &behavior,
                                             const model::Project &project) {
    node.latency = compileLatency(behavior.latency);
    node.failures = behavior.failures;
    node.concurrency = std::max(0, behavior.concurrency);
    for (std::size_t i = 0; i < behavior.followUps.size(); ++i) {
        const model::FollowUp &f = behavior.followUps[i];
        const std::string field = "behavior.followUps[" + std::to_string(i) + "]";
        const auto *type = project.get<model::EventType>(f.eventType);
        if (type == nullptr) {
            return elementError("element", node.id,
                                "follow-up event type '" + f.eventType.value + "' does not exist",
                                field + ".eventType");
        }
        auto bus = busIndex.find(f.bus.value);
        if (bus == busIndex.end()) {
            return elementError("element", node.id,
                                "follow-up bus '" + f.bus.value + "' does not exist",
                                field + ".bus");
        }
        Result<EventGenerator> generator = EventGenerator::create(*type, {}, options.generator);
        if (!generator.ok()) {
            return elementError("element", node.id, generator.error().message, field);
        }
        FollowUpSpec spec{std::move(generator).value(), bus->second, f.probability,
                          kernel.randomStream("followup:" + node.id + "#" + std::to_string(i))};
        node.followUps.push_back(std::move(spec));
    }
    return true;
}

Result<bool> Simulation::Impl::build(const model::Project &project) {
    const std::string &account = options.generator.account;
    const std::string &region = options.generator.region;

    if (const int quota = project.accountInvocationQuotaPerSecond();
        quota < 0 || quota > model::kMaxAccountInvocationQuotaPerSecond) {
        return Error{.message = "accountInvocationQuotaPerSecond is " + std::to_string(quota) +
                                "; it must be from 0 (none) to " +
                                std::to_string(model::kMaxAccountInvocationQuotaPerSecond),
                     .field = "accountInvocationQuotaPerSecond"};
    }

    // What validate reports as beyond the limits and the simulator could not run in bounded
    // memory and time (lint's error names the same element and field).
    for (const model::Element &element : project.elements()) {
        for (const model::LimitProblem &problem : model::limitProblems(element)) {
            if (problem.unsafe) {
                return elementError(model::elementKindName(model::elementKind(element)),
                                    model::elementId(element).value,
                                    problem.field + " " + problem.message, problem.field);
            }
        }
    }

    // Pass 1: nodes (everything a target, a DLQ or a dependency can name) and buses.
    for (const model::Element &element : project.elements()) {
        const std::string &id = model::elementId(element).value;
        if (const auto *bus = std::get_if<model::Bus>(&element)) {
            BusRt b;
            b.id = id;
            b.name = bus->name.empty() ? id : bus->name;
            b.region = bus->region.empty() ? region : bus->region;
            for (const model::Archive &archive : bus->archives) {
                const auto index = static_cast<std::uint32_t>(archives.size());
                if (!b.archiveByName.emplace(archive.name, index).second) {
                    return elementError("bus", id, "two archives are named '" + archive.name + "'",
                                        "archives");
                }
                if (archive.pattern.empty()) {
                    b.archivesOfAll.push_back(index);
                } else {
                    Result<model::EventPattern> pattern = model::parseEventPattern(archive.pattern);
                    if (!pattern.ok()) {
                        return elementError(
                            "bus", id, "archive '" + archive.name + "': " + pattern.error().message,
                            "archives");
                    }
                    b.archiveMatcher.add(static_cast<model::RuleId>(b.archivesWithPattern.size()),
                                         pattern.value());
                    b.archivesWithPattern.push_back(index);
                }
                archives.push_back(ArchiveRt{ArchiveRef{id, archive.name}, {}, 0});
            }
            const std::uint32_t busIdx = static_cast<std::uint32_t>(buses.size());
            Node node(kernel.randomStream("node:" + id));
            node.id = id;
            node.type = NodeType::Bus;
            node.bus = busIdx;
            node.arn = makeArn("events", b.region, bus->account.empty() ? account : bus->account,
                               "event-bus/" + b.name);
            b.node = static_cast<std::uint32_t>(nodes.size());
            nodeIndex.emplace(id, b.node);
            nodes.push_back(std::move(node));
            busIndex.emplace(id, busIdx);
            buses.push_back(std::move(b));
        } else if (const auto *consumer = std::get_if<model::Consumer>(&element)) {
            Node node(kernel.randomStream("node:" + id));
            node.id = id;
            node.type = NodeType::Consumer;
            const std::string name = consumer->name.empty() ? id : consumer->name;
            node.arn = !consumer->arn.empty()
                           ? consumer->arn
                           : (consumer->kind == model::ElementKind::StateMachine
                                  ? makeArn("states", region, account, "stateMachine:" + name)
                                  : makeArn("lambda", region, account, "function:" + name));
            nodeIndex.emplace(id, static_cast<std::uint32_t>(nodes.size()));
            nodes.push_back(std::move(node));
        } else if (const auto *queue = std::get_if<model::Queue>(&element)) {
            Node node(kernel.randomStream("node:" + id));
            node.id = id;
            node.type = NodeType::Queue;
            node.arn = !queue->arn.empty() ? queue->arn
                                           : makeArn("sqs", region, account,
                                                     queue->name.empty() ? id : queue->name);
            nodeIndex.emplace(id, static_cast<std::uint32_t>(nodes.size()));
            nodes.push_back(std::move(node));
        } else if (const auto *api = std::get_if<model::ApiDestination>(&element)) {
            Node node(kernel.randomStream("node:" + id));
            node.id = id;
            node.type = NodeType::ApiDestination;
            node.arn = makeArn("events", region, account,
                               "api-destination/" + (api->name.empty() ? id : api->name));
            node.rateLimit.configure(api->invocationRateLimitPerSecond);
            nodeIndex.emplace(id, static_cast<std::uint32_t>(nodes.size()));
            nodes.push_back(std::move(node));
        } else if (std::holds_alternative<model::ExternalSystem>(element)) {
            Node node(kernel.randomStream("node:" + id));
            node.id = id;
            node.type = NodeType::ExternalSystem;
            nodeIndex.emplace(id, static_cast<std::uint32_t>(nodes.size()));
            nodes.push_back(std::move(node));
        }
    }

    auto resolveNode = [&](const ElementId &ref) -> std::uint32_t {
        auto it = nodeIndex.find(ref.value);
        return it == nodeIndex.end() ? kNone : it->second;
    };

    // Pass 2: behaviours, queue readers, rules and targets, producers.
    std::vector<FaultWindow> faults;
    for (const model::Element &element : project.elements()) {
        const std::string &id = model::elementId(element).value;
        const model::Behavior *behavior = nullptr;
        if (const auto *consumer = std::get_if<model::Consumer>(&element)) {
            behavior = &consumer->behavior;
        } else if (const auto *api = std::get_if<model::ApiDestination>(&element)) {
            behavior = &api->behavior;
        } else if (const auto *external = std::get_if<model::ExternalSystem>(&element)) {
            behavior = &external->behavior;
        }
        if (behavior != nullptr) {
            Node &node = nodes[nodeIndex.find(id)->second];
            Result<bool> built = buildBehavior(node, *behavior, project);
            if (!built.ok()) {
                return built.error();
            }
            for (const model::FaultWindow &planned : behavior->faults) {
                if (planned.fromSeconds < 0 || planned.toSeconds <= planned.fromSeconds) {
                    return elementError("element", id,
                                        "a fault window must start at 0 s or later and end "
                                        "after it starts",
                                        "behavior.faults");
                }
                FaultWindow fault;
                fault.element = model::elementId(element);
                fault.from = SimTime::fromSecondsRounded(planned.fromSeconds);
                fault.to = SimTime::fromSecondsRounded(planned.toSeconds);
                fault.mode = planned.mode;
                fault.failure = planned.failure;
                fault.rate = planned.rate;
                fault.extraLatency = SimTime::fromSecondsRounded(planned.extraLatencyMs / 1000.0);
                faults.push_back(fault);
            }
            for (std::size_t i = 0; i < behavior->dependsOn.size(); ++i) {
                const std::uint32_t dep = resolveNode(behavior->dependsOn[i]);
                if (dep == kNone || nodes[dep].type == NodeType::Queue ||
                    nodes[dep].type == NodeType::Bus) {
                    return elementError("element", id,
                                        "dependency '" + behavior->dependsOn[i].value +
                                            "' is not a consumer, API destination or external "
                                            "system",
                                        "behavior.dependsOn[" + std::to_string(i) + "]");
                }
                nodes[nodeIndex.find(id)->second].dependsOn.push_back(dep);
            }
            continue;
        }
        if (const auto *queue = std::get_if<model::Queue>(&element)) {
            if (!queue->readBy.empty()) {
                const std::uint32_t reader = resolveNode(queue->readBy);
                if (reader == kNone || nodes[reader].type != NodeType::Consumer) {
                    return elementError("queue", id,
                                        "readBy '" + queue->readBy.value + "' is not a consumer",
                                        "readBy");
                }
                nodes[nodeIndex.find(id)->second].readBy = reader;
            }
            continue;
        }
        if (const auto *rule = std::get_if<model::Rule>(&element)) {
            auto bus = busIndex.find(rule->bus.value);
            if (bus == busIndex.end()) {
                return elementError("rule", id, "bus '" + rule->bus.value + "' does not exist",
                                    "bus");
            }
            RuleRt r;
            r.id = id;
            r.name = rule->name.empty() ? id : rule->name;
            r.bus = bus->second;
            const BusRt &b = buses[bus->second];
            const std::string busAccount =
                std::get<model::Bus>(*project.find(rule->bus)).account.empty()
                    ? account
                    : std::get<model::Bus>(*project.find(rule->bus)).account;
            r.arn = makeArn("events", b.region, busAccount,
                            b.name == model::kDefaultBusName ? "rule/" + r.name
                                                             : "rule/" + b.name + "/" + r.name);
            const std::uint32_t ruleIdx = static_cast<std::uint32_t>(rules.size());
            ruleIndex.emplace(id, ruleIdx);
            if (rule->enabled) {
                Result<model::EventPattern> pattern = model::parseEventPattern(rule->pattern);
                if (!pattern.ok()) {
                    return elementError("rule", id, pattern.error().message, "pattern");
                }
                BusRt &mb = buses[bus->second];
                mb.matcher.add(static_cast<model::RuleId>(mb.rules.size()), pattern.value());
                mb.rules.push_back(ruleIdx);
                for (std::size_t i = 0; i < rule->targets.size(); ++i) {
                    const model::Target &target = rule->targets[i];
                    const std::string field = "targets[" + std::to_string(i) + "]";
                    TargetRt t(kernel.randomStream("target:" + id + "/" + target.id));
                    t.key = id + "/" + target.id;
                    t.rule = ruleIdx;
                    t.node = resolveNode(target.destination);
                    if (t.node == kNone || nodes[t.node].type == NodeType::ExternalSystem) {
                        return elementError("rule", id,
                                            "target '" + target.id + "' has no valid destination",
                                            field + ".destination");
                    }
                    if (!target.deadLetterQueue.empty()) {
                        t.dlq = resolveNode(target.deadLetterQueue);
                        if (t.dlq == kNone || nodes[t.dlq].type != NodeType::Queue) {
                            return elementError("rule", id,
                                                "target '" + target.id +
                                                    "' has a dead-letter queue that is not a queue",
                                                field + ".deadLetterQueue");
                        }
                    }
                    t.retry = target.retryPolicy;
                    Result<model::CompiledInput> input =
                        model::compileTargetInput(target.input, target.id);
                    if (!input.ok()) {
                        return elementError("rule", id,
                                            "target '" + target.id + "': " + input.error().message,
                                            field + ".input");
                    }
                    t.wholeEvent = input.value().kind() == model::TargetInputKind::WholeEvent;
                    t.input.emplace(std::move(input).value());
                    const std::uint32_t targetIdx = static_cast<std::uint32_t>(targets.size());
                    r.targets.push_back(targetIdx);
                    targetIndex.emplace(t.key, targetIdx);
                    targetsByDestination[target.destination.value].push_back(targetIdx);
                    targets.push_back(std::move(t));
                }
            }
            rules.push_back(std::move(r));
            continue;
        }
        if (const auto *producer = std::get_if<model::Producer>(&element)) {
            auto bus = busIndex.find(producer->bus.value);
            if (bus == busIndex.end()) {
                return elementError("producer", id,
                                    "bus '" + producer->bus.value + "' does not exist", "bus");
            }
            const std::uint32_t producerIdx = static_cast<std::uint32_t>(producerIds.size());
            producerIndex.emplace(id, producerIdx);
            producerIds.push_back(id);
            producerCounters.emplace_back();
            for (std::size_t i = 0; i < producer->emits.size(); ++i) {
                const model::Emission &emission = producer->emits[i];
                const std::string field = "emits[" + std::to_string(i) + "]";
                const auto *type = project.get<model::EventType>(emission.eventType);
                if (type == nullptr) {
                    return elementError("producer", id,
                                        "event type '" + emission.eventType.value +
                                            "' does not exist",
                                        field + ".eventType");
                }
                Result<EventGenerator> generator =
                    EventGenerator::create(*type, emission.variations, options.generator);
                if (!generator.ok()) {
                    Error error = generator.error();
                    return elementError(
                        "producer", id, error.message,
                        error.field.empty() ? field : field + std::string(".") + error.field);
                }
                const std::string stream = "producer:" + id + "#" + std::to_string(i);
                EmissionRt e(
                    ArrivalProcess(emission.rate, kernel.randomStream(stream + ":arrivals")),
                    std::move(generator).value(), kernel.randomStream(stream + ":events"));
                e.producer = producerIdx;
                e.bus = bus->second;
                emissions.push_back(std::move(e));
            }
        }
    }

    // The model's own fault windows happen in every run; a scenario's come on top.
    faults.insert(faults.end(), options.faults.begin(), options.faults.end());
    for (const FaultWindow &fault : faults) {
        const std::uint32_t node = resolveNode(fault.element);
        if (node == kNone) {
            return elementError("fault", fault.element.value, "the model has no such element",
                                "element");
        }
        if (nodes[node].type == NodeType::Queue || nodes[node].type == NodeType::Bus) {
            return elementError("fault", fault.element.value,
                                "faults apply to consumers, API destinations and external systems",
                                "element");
        }
        nodes[node].faults.push_back(fault);
    }

    // Metric names: elements in model order, then targets in rule order.
    for (const model::Element &element : project.elements()) {
        const std::string &id = model::elementId(element).value;
        if (const ElementCounters *c = findCounters(id)) {
            metricNames.push_back(id);
            metricCounters.push_back(c);
        }
    }
    for (const TargetRt &t : targets) {
        metricNames.push_back(t.key);
        metricCounters.push_back(&t.counters);
    }

    // A quota given in the options (a what-if run) stands in for the model's.
    accountQuota.configure(options.accountInvocationQuotaPerSecond > 0
                               ? options.accountInvocationQuotaPerSecond
                               : static_cast<double>(project.accountInvocationQuotaPerSecond()));
    tracing = options.trace;
    nextBucketEnd = options.timeSeriesBucket;
    kernel.addObserver(this);
    if (options.runProducers) {
        for (std::uint32_t i = 0; i < emissions.size(); ++i) {
            scheduleNextArrival(i);
        }
    }
    return true;
}

// ---------------------------------------------------------------------------------------------

Simulation::Simulation(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {
}
Simulation::Simulation(Simulation &&) noexcept = default;
Simulation &Simulation::operator=(Simulation &&) noexcept = default;
Simulation::~Simulation() = default;

Result<Simulation> Simulation::create(const model::Project &project,
                                      const SimulationOptions &options) {
    auto impl = std::make_unique<Impl>(options);
    Result<bool> built = impl->build(project);
    if (!built.ok()) {
        return built.error();
    }
    return Simulation(std::move(impl));
}

Result<bool> Simulation::put(std::string_view busId, model::Json event, SimTime at) {
    auto it = m_impl->busIndex.find(busId);
    if (it == m_impl->busIndex.end()) {
        Error error;
        error.message = "bus '" + std::string(busId) + "' does not exist";
        return error;
    }
    auto shared = std::make_shared<Json>(std::move(event));
    Impl *impl = m_impl.get();
    const std::uint32_t bus = it->second;
    impl->kernel.schedule(at, [impl, bus, shared](Kernel &) {
        std::vector<Json> batch;
        batch.push_back(std::move(*shared));
        impl->putBatch(batch, bus, kNone);
    });
    return true;
}

Result<bool> Simulation::putEvents(std::string_view busId, std::vector<model::Json> entries,
                                   SimTime at) {
    auto it = m_impl->busIndex.find(busId);
    if (it == m_impl->busIndex.end()) {
        Error error;
        error.message = "bus '" + std::string(busId) + "' does not exist";
        return error;
    }
    if (entries.empty() || entries.size() > kMaxPutEventsEntries) {
        const Result<std::vector<PutEntryResult>> checked =
            checkPutEvents(std::span<const Json>(entries), m_impl->options.putEvents);
        if (!checked.ok()) {
            return checked.error();
        }
    }
    auto shared = std::make_shared<std::vector<Json>>(std::move(entries));
    Impl *impl = m_impl.get();
    const std::uint32_t bus = it->second;
    impl->kernel.schedule(at,
                          [impl, bus, shared](Kernel &) { impl->putBatch(*shared, bus, kNone); });
    return true;
}

bool Simulation::hasBus(std::string_view busId) const {
    return m_impl->busIndex.find(busId) != m_impl->busIndex.end();
}

RunStatus Simulation::runUntil(SimTime until) {
    if (m_impl->limitError) {
        return RunStatus::Stopped;
    }
    const RunStatus status = m_impl->kernel.runUntil(until);
    m_impl->flushSteps();
    static_cast<void>(m_impl->flushArchives()); // an error is kept for archiveError()
    return status;
}

RunStatus Simulation::run() {
    if (m_impl->limitError) {
        return RunStatus::Stopped;
    }
    const RunStatus status = m_impl->kernel.run();
    m_impl->flushSteps();
    static_cast<void>(m_impl->flushArchives());
    return status;
}

void Simulation::setArchiveSink(ArchiveSink *sink, std::size_t batchSize) {
    m_impl->archiveSink = sink;
    m_impl->archiveBatchSize = std::max<std::size_t>(1, batchSize);
}

Result<bool> Simulation::flushArchives() {
    return m_impl->flushArchives();
}

std::optional<Error> Simulation::limitError() const {
    return m_impl->limitError;
}

std::optional<Error> Simulation::archiveError() const {
    return m_impl->archiveError;
}

std::optional<std::uint64_t> Simulation::archived(std::string_view busId,
                                                  std::string_view name) const {
    const auto bus = m_impl->busIndex.find(busId);
    if (bus == m_impl->busIndex.end()) {
        return std::nullopt;
    }
    const BusRt &b = m_impl->buses[bus->second];
    const auto it = b.archiveByName.find(name);
    if (it == b.archiveByName.end()) {
        return std::nullopt;
    }
    return m_impl->archives[it->second].received;
}

Result<bool> Simulation::startReplay(const ReplaySpec &spec, ArchiveSource &source) {
    Impl &impl = *m_impl;
    auto refuse = [&](const std::string &what) {
        Error error;
        error.message = "replay '" + spec.name + "': " + what;
        return error;
    };
    if (spec.name.empty()) {
        return refuse("a replay needs a name");
    }
    std::size_t active = 0;
    for (const auto &r : impl.replays) {
        if (r->spec.name == spec.name) {
            return refuse("a replay of this name was already started");
        }
        active += isActive(r->status.state) ? 1 : 0;
    }
    if (active >= kMaxConcurrentReplays) {
        return refuse("at most " + std::to_string(kMaxConcurrentReplays) +
                      " replays can run at once");
    }
    const auto bus = impl.busIndex.find(spec.archive.bus);
    if (bus == impl.busIndex.end()) {
        return refuse("bus '" + spec.archive.bus + "' does not exist");
    }
    const BusRt &b = impl.buses[bus->second];
    if (!b.archiveByName.contains(spec.archive.name)) {
        return refuse("bus '" + spec.archive.bus + "' has no archive '" + spec.archive.name + "'");
    }
    if (!(spec.rate >= 0) || !std::isfinite(spec.rate)) {
        std::ostringstream found;
        found << spec.rate;
        return refuse("the rate must be a number of events per second, 0 or more (found " +
                      found.str() + ")");
    }
    if (!(spec.from < spec.to)) {
        return refuse("the window must start before it ends (from " + formatDuration(spec.from) +
                      ", to " + formatDuration(spec.to) + ")");
    }
    auto replay = std::make_unique<ReplayRt>();
    if (!spec.rules.empty()) {
        replay->ruleMask.assign(impl.rules.size(), false);
        for (const std::string &rule : spec.rules) {
            const auto it = impl.ruleIndex.find(rule);
            if (it == impl.ruleIndex.end() || impl.rules[it->second].bus != bus->second) {
                return refuse("rule '" + rule + "' is not a rule of bus '" + spec.archive.bus +
                              "'");
            }
            replay->ruleMask[it->second] = true;
        }
    }
    Result<std::uint64_t> total = source.count(spec.archive, spec.from, spec.to);
    if (!total.ok()) {
        return refuse(total.error().message);
    }
    replay->spec = spec;
    replay->status.name = spec.name;
    replay->status.total = total.value();
    replay->source = &source;
    replay->bus = bus->second;
    replay->start = impl.kernel.now();
    replay->bucketFrom = spec.from;
    replay->bucketTo = std::min(spec.to, minuteFloor(spec.from) + SimTime::minutes(1));
    impl.replays.push_back(std::move(replay));
    impl.scheduleReplay(impl.replays.size() - 1, true);
    return true;
}

Result<bool> Simulation::cancelReplay(std::string_view name) {
    for (std::size_t i = 0; i < m_impl->replays.size(); ++i) {
        ReplayRt &r = *m_impl->replays[i];
        if (r.spec.name != name) {
            continue;
        }
        if (r.status.state != ReplayState::Starting && r.status.state != ReplayState::Running) {
            Error error;
            error.message = "replay '" + std::string(name) + "' is " +
                            std::string(replayStateName(r.status.state)) + ", not running";
            return error;
        }
        r.status.state = ReplayState::Cancelling;
        m_impl->scheduleReplay(i, true);
        return true;
    }
    Error error;
    error.message = "there is no replay '" + std::string(name) + "'";
    return error;
}

std::optional<ReplayStatus> Simulation::replayStatus(std::string_view name) const {
    for (const auto &r : m_impl->replays) {
        if (r->spec.name == name) {
            return r->status;
        }
    }
    return std::nullopt;
}

std::vector<ReplayStatus> Simulation::replays() const {
    std::vector<ReplayStatus> out;
    for (const auto &r : m_impl->replays) {
        out.push_back(r->status);
    }
    return out;
}

void Simulation::stop() noexcept {
    m_impl->kernel.stop();
}
SimTime Simulation::now() const {
    return m_impl->kernel.now();
}
Kernel &Simulation::kernel() {
    return m_impl->kernel;
}

void Simulation::addObserver(SimulationObserver *observer) {
    m_impl->observers.push_back(observer);
}

void Simulation::removeObserver(SimulationObserver *observer) {
    auto &list = m_impl->observers;
    list.erase(std::remove(list.begin(), list.end(), observer), list.end());
}

void Simulation::setTraceOutput(std::ostream *out) {
    m_impl->traceOut = out;
}
std::uint64_t Simulation::traceHash() const {
    return m_impl->traceHash;
}

std::optional<ElementCounters> Simulation::counters(std::string_view name) const {
    if (const ElementCounters *c = m_impl->findCounters(name)) {
        return *c;
    }
    return std::nullopt;
}

std::optional<SimTime> Simulation::latencyPercentile(std::string_view name,
                                                     double percentile) const {
    const std::optional<LatencyHistogram> histogram = m_impl->histogramFor(name);
    if (!histogram) {
        return std::nullopt;
    }
    return histogram->percentile(percentile);
}

std::uint64_t Simulation::totalDropped() const {
    return m_impl->totalDropped;
}
std::uint64_t Simulation::eventsPut() const {
    return m_impl->eventsPut;
}
std::uint64_t Simulation::deliveries() const {
    return m_impl->deliveries;
}
std::uint64_t Simulation::loopsStopped() const {
    return m_impl->loopsStopped;
}
std::uint64_t Simulation::putEntriesFailed() const {
    return m_impl->putEntriesFailed;
}
const std::vector<std::string> &Simulation::metricNames() const {
    return m_impl->metricNames;
}
const std::vector<MetricsBucket> &Simulation::timeSeries() const {
    return m_impl->series;
}

std::optional<DlqSummary> Simulation::deadLetters(std::string_view queueId) const {
    auto it = m_impl->nodeIndex.find(queueId);
    if (it == m_impl->nodeIndex.end() || m_impl->nodes[it->second].type != NodeType::Queue) {
        return std::nullopt;
    }
    return m_impl->nodes[it->second].dlq;
}

AwsNames Simulation::awsNames() const {
    const Impl &impl = *m_impl;
    AwsNames names;
    names.account = impl.options.generator.account;
    names.seed = impl.options.seed;
    names.startUnixSeconds = impl.options.generator.startUnixSeconds;
    for (const BusRt &bus : impl.buses) {
        names.busArns.emplace(bus.id, impl.nodes[bus.node].arn);
    }
    for (const TargetRt &t : impl.targets) {
        const RuleRt &rule = impl.rules[t.rule];
        names.targets.emplace(
            t.key, AwsNames::Target{rule.id, rule.arn, impl.buses[rule.bus].id,
                                    impl.nodes[t.node].arn,
                                    t.dlq == kNone ? std::string() : impl.nodes[t.dlq].id});
        names.ruleTargets[rule.id].push_back(t.key);
    }
    for (const EmissionRt &e : impl.emissions) {
        if (e.producer != kNone) {
            names.producerBuses.emplace(impl.producerIds[e.producer], impl.buses[e.bus].id);
        }
    }
    return names;
}

model::Json Simulation::report() const {
    const Impl &impl = *m_impl;
    Json out = Json::object();
    out["seed"] = impl.options.seed;
    out["simulated_seconds"] = impl.kernel.now().toSeconds();
    out["events_put"] = impl.eventsPut;
    out["deliveries"] = impl.deliveries;
    out["dropped"] = impl.totalDropped;
    out["loops_stopped"] = impl.loopsStopped;
    out["put_entries_failed"] = impl.putEntriesFailed;

    Json elements = Json::object();
    for (std::size_t i = 0; i < impl.metricNames.size(); ++i) {
        if (impl.targetIndex.contains(impl.metricNames[i])) {
            continue;
        }
        elements[impl.metricNames[i]] = countersJson(*impl.metricCounters[i]);
    }
    out["elements"] = std::move(elements);

    Json targetsJson = Json::object();
    for (const TargetRt &t : impl.targets) {
        Json entry = countersJson(t.counters);
        entry["destination"] = impl.nodes[t.node].id;
        Json latency = Json::object();
        for (const auto &[label, p] : {std::pair<const char *, double>{"p50", 50.0},
                                       {"p90", 90.0},
                                       {"p99", 99.0},
                                       {"max", 100.0}}) {
            const std::optional<SimTime> value = t.latency.percentile(p);
            latency[label] = value ? Json(toMs(*value)) : Json(nullptr);
        }
        entry["latency_ms"] = std::move(latency);
        targetsJson[t.key] = std::move(entry);
    }
    out["targets"] = std::move(targetsJson);

    Json dlqs = Json::object();
    for (const Node &n : impl.nodes) {
        if (n.type != NodeType::Queue || n.dlq.total == 0) {
            continue;
        }
        Json entry = Json::object();
        entry["messages"] = n.dlq.total;
        Json byCode = Json::object();
        for (const auto &[code, count] : n.dlq.byErrorCode) {
            byCode[code] = count;
        }
        entry["by_error_code"] = std::move(byCode);
        Json samples = Json::array();
        for (const DlqMessage &m : n.dlq.kept) {
            Json message = Json::object();
            message["time_seconds"] = m.at.toSeconds();
            Json attributes = Json::object();
            attributes["RULE_ARN"] = m.ruleArn;
            attributes["TARGET_ARN"] = m.targetArn;
            attributes["ERROR_CODE"] = m.errorCode;
            attributes["ERROR_MESSAGE"] = m.errorMessage;
            if (!m.exhaustedRetryCondition.empty()) {
                attributes["EXHAUSTED_RETRY_CONDITION"] = m.exhaustedRetryCondition;
            }
            attributes["RETRY_ATTEMPTS"] = m.retryAttempts;
            message["attributes"] = std::move(attributes);
            message["body"] = m.body ? *m.body : Json(nullptr);
            samples.push_back(std::move(message));
        }
        entry["samples"] = std::move(samples);
        dlqs[n.id] = std::move(entry);
    }
    out["dead_letter_queues"] = std::move(dlqs);

    Json loops = Json::object();
    for (const Node &n : impl.nodes) {
        if (n.loopsStopped > 0) {
            loops[n.id] = n.loopsStopped;
        }
    }
    out["loops_stopped_at"] = std::move(loops);

    if (impl.archiveSink != nullptr || impl.archiveError) {
        Json archived = Json::object();
        for (const ArchiveRt &a : impl.archives) {
            archived[a.ref.bus + "/" + a.ref.name] = Json{{"received", a.received}};
        }
        out["archives"] = std::move(archived);
    }
    if (!impl.replays.empty()) {
        Json list = Json::array();
        for (const auto &r : impl.replays) {
            Json entry = Json::object();
            entry["name"] = r->status.name;
            entry["state"] = replayStateName(r->status.state);
            entry["replayed"] = r->status.replayed;
            entry["total"] = r->status.total;
            if (!r->status.error.empty()) {
                entry["error"] = r->status.error;
            }
            list.push_back(std::move(entry));
        }
        out["replays"] = std::move(list);
    }
    return out;
}

} // namespace sg::sim
