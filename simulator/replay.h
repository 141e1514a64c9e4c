#pragma once
// Archives and replays as the engine sees them: where archived events go (ArchiveSink), where a
// replay reads them from (ArchiveSource), what a replay is asked to do (ReplaySpec) and how it is
// doing (ReplayStatus), with an in-memory archive for tests and one over an ArchiveStore.

#include "archivestore.h"
#include "core/result.h"
#include "producers.h"
#include "simtime.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sg::sim {

// Names one archive: the bus it belongs to and its name on that bus.
struct ArchiveRef {
    std::string bus;
    std::string name;
    friend auto operator<=>(const ArchiveRef &, const ArchiveRef &) = default;
};

// One event an archive's managed rule took, owning its text.
struct ArchivedEvent {
    std::string eventId;
    SimTime eventTime;     // the event's `time` (see Simulation: archiving)
    SimTime ingestionTime; // the simulated time the bus received it
    std::string event;     // the whole event as JSON text
};

// Receives what the archives of a run take, in batches, in put order per archive.
class ArchiveSink {
public:
    ArchiveSink() = default;
    ArchiveSink(const ArchiveSink &) = default;
    ArchiveSink &operator=(const ArchiveSink &) = default;
    virtual ~ArchiveSink() = default;

    // An error stops the run's archiving; the simulation reports it (archiveError()).
    [[nodiscard]] virtual Result<bool> append(const ArchiveRef &archive,
                                              std::span<const ArchivedEvent> events) = 0;
};

// The orders a replay can read a window in: by event time (ties in append order), or in
// append order (used within one minute bucket).
enum class ArchiveOrder : std::uint8_t { EventTime, Append };

// Where a chunked read stopped: the last event handed out.
struct ArchiveCursor {
    SimTime eventTime;
    std::int64_t position = 0; // the event's append position (the store's row id)
};

// Called with each event read and its append position; views are valid during the call only.
using ArchiveChunkVisitor = std::function<void(const ArchiveRecord &, std::int64_t position)>;

// Reads archived events back for replays, a chunk at a time, so a big window is never held whole.
class ArchiveSource {
public:
    ArchiveSource() = default;
    ArchiveSource(const ArchiveSource &) = default;
    ArchiveSource &operator=(const ArchiveSource &) = default;
    virtual ~ArchiveSource() = default;

    // Events of the archive with from <= eventTime < to.
    [[nodiscard]] virtual Result<std::uint64_t> count(const ArchiveRef &archive, SimTime from,
                                                      SimTime to) = 0;
    // Visits up to `limit` events of [from, to) that come after `after` (none: from the first)
    // in `order`; returns how many were visited (fewer than `limit`: the window is done).
    [[nodiscard]] virtual Result<std::size_t> readChunk(const ArchiveRef &archive, SimTime from,
                                                        SimTime to, ArchiveOrder order,
                                                        const std::optional<ArchiveCursor> &after,
                                                        std::size_t limit,
                                                        const ArchiveChunkVisitor &visit) = 0;
};

// An archive held in memory: a sink and a source for tests and small runs.
class MemoryArchive final : public ArchiveSink, public ArchiveSource {
public:
    struct Stored {
        std::string eventId;
        SimTime eventTime;
        SimTime ingestionTime;
        std::string event;
    };

    [[nodiscard]] Result<bool> append(const ArchiveRef &archive,
                                      std::span<const ArchivedEvent> events) override;
    [[nodiscard]] Result<std::uint64_t> count(const ArchiveRef &archive, SimTime from,
                                              SimTime to) override;
    [[nodiscard]] Result<std::size_t> readChunk(const ArchiveRef &archive, SimTime from, SimTime to,
                                                ArchiveOrder order,
                                                const std::optional<ArchiveCursor> &after,
                                                std::size_t limit,
                                                const ArchiveChunkVisitor &visit) override;

    // The archive's events in append order (empty for an unknown archive).
    [[nodiscard]] const std::vector<Stored> &events(const ArchiveRef &archive) const;
    // How many times append() was called (batches handed over).
    [[nodiscard]] std::size_t appendCalls() const { return m_appendCalls; }

private:
    std::map<ArchiveRef, std::vector<Stored>> m_archives;
    std::size_t m_appendCalls = 0;
};

// A sink and source over the archive tables of a project file. The archives must have been
// defined in the store.
class StoreArchive final : public ArchiveSink, public ArchiveSource {
public:
    explicit StoreArchive(ArchiveStore &store) : m_store(store) {}

    [[nodiscard]] Result<bool> append(const ArchiveRef &archive,
                                      std::span<const ArchivedEvent> events) override;
    [[nodiscard]] Result<std::uint64_t> count(const ArchiveRef &archive, SimTime from,
                                              SimTime to) override;
    [[nodiscard]] Result<std::size_t> readChunk(const ArchiveRef &archive, SimTime from, SimTime to,
                                                ArchiveOrder order,
                                                const std::optional<ArchiveCursor> &after,
                                                std::size_t limit,
                                                const ArchiveChunkVisitor &visit) override;

private:
    ArchiveStore &m_store;
    std::vector<ArchiveRecord> m_views;
};

// How a replay hands its window back to the bus. Buckets: EventBridge's one-minute buckets of
// event time (minute boundaries of simulated time), one after another, each bucket's events in
// append (ingestion) order; Original: event time order, ties in append order.
enum class ReplayOrder : std::uint8_t { Buckets, Original };
// AsFastAsPossible: one event after another from the replay's start time, at the spec's `rate`
// (event k of the replay at start + k / rate; a rate of 0 puts everything at the start time);
// OriginalPace: an event (or a bucket) at start + (its time - from), whatever the rate.
enum class ReplayPace : std::uint8_t { AsFastAsPossible, OriginalPace };

// Events per simulated second a replay puts back by default. EventBridge does not document how
// fast a replay runs; this is the PutEvents quota of its largest regions, and it keeps what a
// big replay has in flight bounded (everything at one instant would hold the whole window).
inline constexpr double kDefaultReplayRate = 10'000;
enum class ReplayState : std::uint8_t {
    Starting,
    Running,
    Cancelling,
    Completed,
    Cancelled,
    Failed
};
[[nodiscard]] std::string_view replayStateName(ReplayState state); // "STARTING", ...

inline constexpr std::size_t kMaxConcurrentReplays = 10;
inline constexpr std::size_t kReplayChunkSize = 1'000;

struct ReplaySpec {
    std::string name; // stamped as `replay-name` on every replayed event; unique per run
    ArchiveRef archive;
    SimTime from; // window of event time [from, to)
    SimTime to;
    ReplayOrder order = ReplayOrder::Buckets;
    ReplayPace pace = ReplayPace::AsFastAsPossible;
    double rate =
        kDefaultReplayRate; // AsFastAsPossible: events per simulated second; 0 = all at once
    std::vector<std::string> rules; // rule ids of the archive's bus; empty = every rule
};

struct ReplayStatus {
    std::string name;
    ReplayState state = ReplayState::Starting;
    std::uint64_t replayed = 0; // events put back on the bus so far
    std::uint64_t total = 0;    // events in the window when the replay started
    std::string error;          // FAILED: why
};

// Parses an ISO 8601 UTC time ("2026-01-01T00:01:30Z", optional fraction, `Z` or `+hh:mm`) as
// simulated time under `settings` (its start is simulated time 0); nullopt when malformed.
[[nodiscard]] std::optional<SimTime> parseIsoTime(std::string_view text,
                                                  const GeneratorSettings &settings);

} // namespace sg::sim
