#pragma once
// The engine behind Simulation: the compiled model's runtime parts and Simulation::Impl, whose
// member functions live in one file per behaviour:
//   compile.cpp     the model compiled into nodes, buses, rules, targets and emissions
//   putevents.cpp   producers' arrivals and PutEvents calls, entry checks
//   routing.cpp     an event on a bus: archives, rule matching, one delivery per target
//   delivery.cpp    a delivery's stages (the diagram is at its top)
//   throttling.cpp  waits on the account quota, rate limits and concurrency, and age-outs
//   invocation.cpp  calling a node: latency, failures, faults, dependencies
//   retries.cpp     EventBridge's retry policy and dead-letter queues
//   lambdaasync.cpp / sqsqueue.cpp  the layers behind function and queue targets
//   lineage.cpp, runmetrics.cpp, report.cpp, archiving.cpp, replaying.cpp, records.cpp
// Internal: only the simulator's own sources include it.

#include "core/jsonparse.h"
#include "errortable.h"
#include "lambdaasync.h"
#include "latency.h"
#include "pattern/matcher.h"
#include "simhistogram.h"
#include "simulation.h"
#include "sqsqueue.h"
#include "throttling.h"

#include <deque>
#include <limits>

namespace sg::sim::engine {

using model::ElementId;
using model::Json;

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
inline constexpr std::size_t kLineageFlushSize = 4096;
inline constexpr int kMaxDependencyDepth = 8; // guards against dependsOn cycles

enum class NodeType : std::uint8_t { Consumer, Queue, ApiDestination, ExternalSystem, Bus };

// What a consumer is, for the layer behind it: a function (Lambda's asynchronous queue) or a
// state machine (Step Functions executions).
enum class ConsumerKind : std::uint8_t { Function, StateMachine };

// Whether a model failure kind fails the call EventBridge makes (Invoke, StartExecution), which
// EventBridge's retry policy governs, rather than the run behind it.
[[nodiscard]] bool failsTheCall(ConsumerKind kind, model::FailureKind failure);

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
    // Consumers: the failure modes that fail EventBridge's call (failsTheCall), drawn from their
    // own stream at the call; `failures` then holds the ones of the run behind it.
    ConsumerKind consumerKind = ConsumerKind::Function;
    std::vector<model::FailureMode> callFailures;
    std::optional<RandomStream> callStream;
    SimTime timeout; // a function's timeout; zero: none
    // Functions: Lambda's asynchronous invocation settings and where it sends what it gives up.
    LambdaAsyncPolicy asyncPolicy;
    std::uint32_t onFailure = kNone;        // a queue, function or bus node
    std::uint32_t lambdaDlq = kNone;        // a queue node
    std::vector<std::uint32_t> readsQueues; // queues this consumer polls
    // Queues read by a consumer: the messages, and the reader's batches.
    std::unique_ptr<SqsQueue> sqs;
    std::uint32_t redriveTo = kNone; // the redrive policy's dead-letter queue
    int batchSize = 10;
    int maxBatches = 0; // the reader's maximum concurrency; 0: none
    int activeBatches = 0;
    std::size_t inBatches = 0; // messages handed to running batches
    SimTime pumpAt;            // when the next poll is scheduled, if pumpEvent is pending
    EventId pumpEvent;
    // Records waiting for a concurrency slot, FIFO, each with the wait's token: an entry whose
    // record no longer holds that token has aged out (it left the queue) and is skipped.
    std::deque<std::pair<std::uint32_t, std::uint64_t>> waiting;
    std::uint32_t bus = kNone;    // Bus: the bus
    std::uint32_t readBy = kNone; // Queue: the consumer that polls it
    ElementCounters counters;
    LatencyHistogram runLatency; // Consumer: from the put to each successful run
    DlqSummary dlq;              // Queue used as a dead-letter queue
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
    TargetOutcomes outcomes; // inFlight is counted when asked
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

// One event on its way: a delivery to a target (layer EventBridge, `target` set), then the same
// record in the layer behind it (`target` kNone): an event in a function's asynchronous queue,
// a message in a queue, a state machine execution. `origin` is the target whose outcomes it
// settles (kNone once settled, or for what no target delivered). Pooled: records are reused
// through a free list; `generation` tells a reused record from the one it was.
struct Record {
    std::shared_ptr<const Json> event;
    SimTime putTime;
    std::uint64_t eventSeq = 0;
    std::uint64_t parentSeq = 0;
    std::uint32_t target = kNone;
    std::uint32_t node = kNone;
    std::uint32_t nextFree = kNone;
    std::uint32_t failedDependency = kNone;
    std::uint32_t origin = kNone;
    std::uint32_t deliveredBy = kNone; // the target whose delivery it came from
    std::uint32_t generation = 0;
    Layer layer = Layer::EventBridge;
    bool live = false;
    LambdaQueuedEvent lambda; // Layer::Lambda
    SimTime sentAt;           // Layer::Sqs: first sent (a redriven message keeps it)
    int attempt = 0;          // 1-based, of the attempt in progress
    int depth = 0;
    int hops = 0;
    std::uint64_t waitToken = 0; // nonzero while waiting for a concurrency slot
    EventId ageOut;              // the age-out check of that wait
    ErrorKind error = ErrorKind::ServerError;
    bool failed = false;
    bool throttledThisAttempt = false;
    bool invalidInput = false;
};

enum class Stage : std::uint8_t { Begin, AfterQuota, AfterRate, Complete, LambdaRun, LambdaDone };

// A batch of messages a queue's reader is processing: (record index, generation) pairs.
struct SqsBatch {
    std::uint32_t queue = kNone;
    std::vector<std::uint64_t> messages; // SqsQueue ids: generation << 32 | record index
    std::uint32_t nextFree = kNone;
};

// An event whose age runs out at time t may still start an attempt at t (the retry check below
// allows an age equal to MaximumEventAgeInSeconds), so the age-out runs after every other event
// at that time.
inline constexpr Priority kAgeOutPriority = kDefaultPriority + 1;

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

[[nodiscard]] inline bool isActive(ReplayState state) {
    return state == ReplayState::Starting || state == ReplayState::Running ||
           state == ReplayState::Cancelling;
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

[[nodiscard]] SimTime minuteFloor(SimTime t);

} // namespace sg::sim::engine

namespace sg::sim {

// The engine's sources are the only includers, and every one of them works in its terms.
using namespace engine;

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
    std::vector<SqsBatch> batches;
    SqsReceive sqsScratch;
    std::uint32_t freeBatch = kNone;
    LayerCounters layers;

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
    void failLimit(std::string message);

    bool chargeEvent();

    std::uint32_t allocRecord();
    void release(std::uint32_t index);

    void scheduleStage(SimTime at, std::uint32_t record, Stage stage);

    void resume(std::uint32_t record, Stage stage);

    // ---- lineage ------------------------------------------------------------------------
    void addStep(const Record &r, StepKind kind, std::string element, int attempt = 0,
                 std::string outcome = {}, std::string detail = {});
    void addStep(std::uint64_t event, std::uint64_t parent, int depth, StepKind kind,
                 std::string element, int attempt = 0, std::string outcome = {},
                 std::string detail = {});
    void flushSteps();
    const std::string &stepElement(const Record &r) const;

    // ---- time series (KernelObserver) ---------------------------------------------------
    void onTimeAdvanced(SimTime from, SimTime to) override;

    // ---- puts and routing ---------------------------------------------------------------
    void scheduleNextArrival(std::uint32_t emission);

    void onArrival(std::uint32_t emission);

    void putBatch(std::vector<Json> &batch, std::uint32_t bus, std::uint32_t producer);

    const std::string &putterOf(std::uint32_t producer, std::uint32_t bus) const;

    void rejectEntry(std::uint32_t producer, const std::string &who, const std::string &code,
                     const std::string &message);

    void acceptEntry(std::shared_ptr<const Json> event, std::uint32_t bus, std::uint32_t producer);

    void putOnBus(std::uint32_t bus, std::shared_ptr<const Json> event, std::uint64_t seq,
                  std::uint64_t parent, int depth, int hops);

    // ---- archives -----------------------------------------------------------------------
    void archiveEvent(const BusRt &b, const Json &event);

    void flushArchive(ArchiveRt &a);

    Result<bool> flushArchives();

    // ---- replays ------------------------------------------------------------------------
    void scheduleReplay(std::size_t index, bool load);

    void finishReplay(ReplayRt &r, ReplayState state, std::string error = {});

    Result<bool> loadChunk(ReplayRt &r);

    void replayStep(std::size_t index);

    void startDelivery(std::uint32_t target, const std::shared_ptr<const Json> &event,
                       std::uint64_t seq, std::uint64_t parent, int depth, int hops,
                       SimTime putTime);

    // ---- attempts -----------------------------------------------------------------------
    void beginAttempt(std::uint32_t index);

    bool agesOutWaiting(std::uint32_t index, SimTime start, std::string_view why);

    SimTime maxEventAge(const Record &r) const;

    void ageOut(std::uint32_t index);

    void noteThrottled(std::uint32_t index, std::string_view why);

    void countInvocation(const Record &r, bool reachedNode = true);

    void afterQuota(std::uint32_t index);

    void toConcurrency(std::uint32_t index);

    void deliverToQueue(std::uint32_t index);

    void deliverToBus(std::uint32_t index);

    struct CallResult {
        SimTime latency;
        bool failed = false;
        ErrorKind error = ErrorKind::ServerError;
        std::uint32_t failedDependency = kNone;
    };

    CallResult call(std::uint32_t nodeIdx, SimTime now, int depthGuard);
    // Calls the record's node now, keeps the outcome on the record and schedules `done` for
    // when the call ends.
    void runCall(std::uint32_t index, Stage done);

    void invoke(std::uint32_t index);

    void complete(std::uint32_t index);

    void succeed(std::uint32_t index);

    std::string errorMessage(const Record &r) const;

    void finishFailure(std::uint32_t index);

    SimTime backoff(TargetRt &t, int retry);

    void deadLetter(std::uint32_t index, const ErrorInfo &info, std::string_view exhausted,
                    int retriesDone);

    void emitFollowUps(std::uint32_t nodeIdx, Record r);

    // ---- the call EventBridge makes to a function or state machine (invocation.cpp) ----------
    std::optional<ErrorKind> callFailure(std::uint32_t nodeIdx, SimTime now);
    void callConsumer(std::uint32_t index);

    // ---- Lambda's asynchronous queue (lambdalayer.cpp) ----------------------------------
    void lambdaAccept(std::uint32_t index, std::uint32_t function);
    void lambdaRun(std::uint32_t index);
    void lambdaDone(std::uint32_t index);
    void lambdaGiveUp(std::uint32_t index, LambdaCondition condition);
    Json invocationRecord(const Record &r, LambdaCondition condition);

    // ---- SQS (sqslayer.cpp) -------------------------------------------------------------
    void sqsSend(std::uint32_t index, std::uint32_t queue);
    void sqsSchedulePump(std::uint32_t queue, SimTime at);
    void sqsPump(std::uint32_t queue);
    void sqsBatchDone(std::uint32_t batch, bool failed, ErrorKind error,
                      std::uint32_t failedDependency);
    void sqsRedrive(std::uint32_t index, std::uint32_t from);
    void wakeReaders(std::uint32_t consumer);
    std::uint32_t messageRecord(std::uint64_t id) const;

    // ---- Step Functions (stepfunctions.cpp) ---------------------------------------------
    void startExecution(std::uint32_t index);

    // ---- outcomes -----------------------------------------------------------------------
    void settle(Record &r, std::uint64_t TargetOutcomes::*outcome);
    void keepDeadLetter(std::uint32_t queue, DlqMessage message);
    TargetOutcomes outcomesOf(std::uint32_t target) const;
    std::vector<TargetOutcomes> allOutcomes() const;

    // ---- metrics ------------------------------------------------------------------------
    const ElementCounters *findCounters(std::string_view name) const;

    std::optional<LatencyHistogram> histogramFor(std::string_view name) const;
};

} // namespace sg::sim
