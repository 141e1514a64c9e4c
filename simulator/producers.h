#pragma once
// Producers: when a producer puts events (arrival processes over simulated time), what the events
// look like (an event type's samples with field variations), and the PutEvents checks each
// batch goes through before it reaches a bus.

#include "arch/elements.h"
#include "core/result.h"
#include "random.h"
#include "simtime.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sg::sim {

// One put of `count` events at time `at`.
struct Arrival {
    SimTime at;
    int count = 1;
    friend bool operator==(const Arrival &, const Arrival &) = default;
};

// The arrivals of one emission (RateModel) from time zero on: Constant puts one event every
// 1/perSecond; Poisson draws exponential gaps; Burst puts burstSize events every
// burstEverySeconds; Daily is a Poisson process whose rate follows the 24 hourly factors of
// perSecond (simulated time 0 is midnight); Scripted puts script[i].count at script[i].atSeconds.
// Deterministic for a given stream. The first Constant arrival is at 1/perSecond and the first
// burst at burstEverySeconds (never at time 0); a Daily curve's hours beyond its list, and
// negative factors, put nothing; a script is taken in time order, entries with count <= 0
// skipped.
class ArrivalProcess {
public:
    ArrivalProcess(const model::RateModel &rate, RandomStream stream);
    // The next arrival, in non-decreasing time order; nullopt when there are no more (a script
    // that has ended, a rate of zero).
    [[nodiscard]] std::optional<Arrival> next();

private:
    model::RateModel m_rate;
    RandomStream m_stream;
    SimTime m_last;
    std::size_t m_scriptIndex = 0;
    std::uint64_t m_count = 0;
};

// The envelope values the generated events carry.
struct GeneratorSettings {
    std::string account = "123456789012";
    std::string region = "us-east-1";
    std::int64_t startUnixSeconds = 1767225600; // simulated time 0 = 2026-01-01T00:00:00Z
};

// A generated event on its way to PutEvents: the document (shared with the deliveries it leads to)
// and, when the generator knows it without measuring the document, its PutEvents entry size.
struct GeneratedEvent {
    std::shared_ptr<const model::Json> event;
    std::optional<std::size_t> entrySize; // putEventsEntrySize(*event), when known
};

// Documents of one shape handed out again once nobody holds them. A copy starts empty, so two
// generators never write into one document.
class DocumentPool {
public:
    DocumentPool() = default;
    DocumentPool(const DocumentPool &) {}
    DocumentPool &operator=(const DocumentPool &other);
    DocumentPool(DocumentPool &&) noexcept = default;
    DocumentPool &operator=(DocumentPool &&) noexcept = default;
    ~DocumentPool() = default;

    // A document only the pool holds (its contents are whatever the last user left), or a new
    // copy of `shape` when every document is still in use.
    [[nodiscard]] std::shared_ptr<model::Json> take(const model::Json &shape);

private:
    std::deque<std::shared_ptr<model::Json>> m_ring;
};

// Makes events of one event type: its samples in turn (the first, the second, ... and round
// again), the envelope completed (version "0", a fresh UUID `id` drawn from the stream, `time`
// = simulated time as ISO 8601 UTC to the second, `account`, `region`, `source`, `detail-type`
// from the event type, `resources` [] and `detail` {} when the sample lacks them), then the
// field variations applied in order. An event type without samples gives `detail` {}.
class EventGenerator {
public:
    // Fails (naming the emission's field) on a variation whose path is empty or not a dot path,
    // a Choice without values, a Range with min > max, a Sequence with step 0.
    [[nodiscard]] static Result<EventGenerator>
    create(const model::EventType &type, const std::vector<model::FieldVariation> &variations,
           const GeneratorSettings &settings = {});

    // The next event as a new document.
    [[nodiscard]] model::Json generate(SimTime now, RandomStream &stream);

    // The same event as generate() would make (the same draws, the same text), for the
    // simulator's hot path: the sample's shape is built once, and a document whose earlier
    // event is over is filled in again where the envelope and the variations change it, so no
    // document is built or torn down per event. Shapes a variation changes from one event to
    // the next (a variation inside another's value) are built as generate() builds them.
    [[nodiscard]] GeneratedEvent next(SimTime now, RandomStream &stream);

private:
    // Where one changing value goes in a sample's shape.
    struct Slot {
        std::vector<std::size_t> route; // member indices from the root
        int source = 0;                 // kEnvelopeId, kEnvelopeTime or a variation's index
        bool shown = true;              // false: a later slot overwrites it (its draws remain)
        bool inDetail = false;
    };
    // One sample's event with every changing value null, and where those values go.
    struct Shape {
        model::Json document;
        std::vector<Slot> slots; // in the order generate() writes them
        bool recycled = false;   // false: next() builds documents as generate() does
        bool sizeKnown = false;  // the entry size is fixedSize + the shown detail slots
        std::size_t fixedSize = 0;
        DocumentPool pool;
    };
    static constexpr int kEnvelopeId = -1;
    static constexpr int kEnvelopeTime = -2;

    EventGenerator() = default;
    [[nodiscard]] std::size_t takeSample(); // the index of the sample (and shape) to use next
    [[nodiscard]] const model::Json &sampleAt(std::size_t index) const;
    [[nodiscard]] model::Json envelope(const model::Json &sample, std::string id,
                                       std::string time) const;
    [[nodiscard]] model::Json build(std::size_t sample, SimTime now, RandomStream &stream) const;
    [[nodiscard]] Shape shapeOf(const model::Json &sample) const;
    // Writes the value of slot source `source` (drawing what it needs) into `slot`.
    void fill(model::Json &slot, int source, SimTime now, RandomStream &stream) const;

    model::EventType m_type;
    std::vector<model::FieldVariation> m_variations;
    GeneratorSettings m_settings;
    std::vector<Shape> m_shapes; // one per sample (one for an event type without samples)
    model::Json m_overwritten;   // where the values of slots that never show are drawn
    std::size_t m_nextSample = 0;
    std::uint64_t m_generated = 0;
    // The last time text fill() wrote and the whole second it shows: a generator stamps many
    // events within one second. Only next() and generate(), which are not const, reach fill().
    mutable std::optional<std::int64_t> m_timeSecond;
    mutable std::array<char, 48> m_timeText{};
    mutable std::size_t m_timeLength = 0;
};

// Completes a hand-written event (a scenario's extra put) as EventGenerator completes samples,
// but only where the event lacks a field: `version` "0", a fresh `id` from `stream` (drawn only
// when missing), `time` = `now`, `account`, `region`, `resources` [] and `detail` {}. `source`
// and `detail-type` stay as written. A non-object is returned unchanged (PutEvents rejects it).
[[nodiscard]] model::Json completeEnvelope(model::Json event, SimTime now, RandomStream &stream,
                                           const GeneratorSettings &settings = {});

// ISO 8601 UTC ("2026-01-01T00:01:30Z") of simulated time `t` under `settings`.
[[nodiscard]] std::string isoTime(SimTime t, const GeneratorSettings &settings);

// A version-4 UUID (lower-case, 8-4-4-4-12) from two draws of `stream`.
[[nodiscard]] std::string randomUuid(RandomStream &stream);

inline constexpr std::size_t kMaxPutEventsEntries = 10;
inline constexpr std::size_t kDefaultEntrySizeLimit = 1024 * 1024; // 1 MB since 2026-01

struct PutEventsSettings {
    std::size_t entrySizeLimit = kDefaultEntrySizeLimit; // 256 KB before 2026-01
};

// What PutEvents answers for one entry.
struct PutEntryResult {
    bool ok = true;
    std::string errorCode;    // empty when ok
    std::string errorMessage; // empty when ok
    friend bool operator==(const PutEntryResult &, const PutEntryResult &) = default;
};

// The ErrorCode of an entry over the size limit. AWS's own code for this case is not documented
// (unconfirmed), so the name is ours; a detail that is not a JSON object fails with AWS's
// "MalformedDetail" / "Detail is malformed.".
inline constexpr std::string_view kEntryTooLargeCode = "EntryTooLarge";

// Checks one PutEvents call: fails the whole call (an Error) for 0 or more than 10 entries, as
// AWS does; otherwise one result per entry, in order, a failed entry not failing the others.
[[nodiscard]] Result<std::vector<PutEntryResult>>
checkPutEvents(std::span<const model::Json> entries, const PutEventsSettings &settings = {});

// The PutEvents answer for one entry; `knownSize` saves measuring it (GeneratedEvent::entrySize).
[[nodiscard]] PutEntryResult checkPutEntry(const model::Json &entry,
                                           const PutEventsSettings &settings = {},
                                           std::optional<std::size_t> knownSize = std::nullopt);

// Splits `count` events into PutEvents calls of at most 10: the sizes of the calls, in order.
[[nodiscard]] std::vector<std::size_t> putEventsBatches(std::size_t count);

} // namespace sg::sim
