#pragma once
// EventQueue: the pending events of a simulation, ordered by (time, priority, insertion sequence),
// with O(1) cancellation through the EventId that scheduling returns.

#include "inlinefunction.h"
#include "simtime.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sg::sim {

class Kernel;

// Orders events at the same time: lower values run first.
using Priority = std::int32_t;
inline constexpr Priority kDefaultPriority = 0;

// Bytes a callback may capture. 48 leave room for a pointer to the element, a few ids and
// numbers, or a shared_ptr, and make an EventCallback exactly one 64-byte cache line.
inline constexpr std::size_t kEventCallbackCapacity = 48;

// What an event does when it runs; stored inline, so scheduling never allocates.
using EventCallback = InlineFunction<void(Kernel &), kEventCallbackCapacity>;

// Names one scheduled event, to cancel it or ask whether it is still pending. A default-constructed
// EventId names no event. Ids are never reused, so a stale id can never cancel a later event.
class EventId {
public:
    constexpr EventId() = default;

    [[nodiscard]] constexpr bool isValid() const { return m_sequence != 0; }
    // The event's insertion sequence number: unique within its queue, starting at 1.
    [[nodiscard]] constexpr std::uint64_t sequence() const { return m_sequence; }

    friend constexpr bool operator==(EventId, EventId) = default;

private:
    friend class EventQueue;
    constexpr EventId(std::uint32_t slot, std::uint64_t sequence)
        : m_sequence(sequence), m_slot(slot) {}

    std::uint64_t m_sequence = 0;
    std::uint32_t m_slot = 0;
};

// An event taken off an EventQueue, ready to run.
struct PoppedEvent {
    SimTime time;
    Priority priority = kDefaultPriority;
    std::uint64_t sequence = 0;
    EventCallback callback;
};

// A 4-ary min-heap of 24-byte keys (time, priority, sequence, slot) over a pool of callback slots
// (4-ary: half the levels of a binary heap, so fewer cache misses on large queues).
// Cancelling frees the slot at once (running the callback's destructor) and leaves the key in the
// heap, where pop() skips it; when cancelled keys outnumber live ones the heap is rebuilt without
// them, so memory stays proportional to the pending events. Invariant: the heap's top is live.
class EventQueue {
public:
    EventQueue() = default;
    EventQueue(const EventQueue &) = delete;
    EventQueue &operator=(const EventQueue &) = delete;

    // Adds an event. Sequence numbers grow with every push, so equal (time, priority) pairs pop in
    // insertion order. O(log n), no allocation once the pool has grown to the peak size.
    EventId push(SimTime time, Priority priority, EventCallback callback);

    // Removes a pending event; false when `id` names no pending event (already run, cancelled,
    // cleared or default-constructed). O(1) unless the event is next, then O(log n); the
    // occasional rebuild adds amortised O(1).
    bool cancel(EventId id);

    [[nodiscard]] bool isPending(EventId id) const;
    [[nodiscard]] bool empty() const { return m_liveCount == 0; }
    // The number of pending (not cancelled) events.
    [[nodiscard]] std::size_t size() const { return m_liveCount; }
    // The time of the next event. Requires !empty().
    [[nodiscard]] SimTime nextTime() const;

    // Removes the next event and hands it over. Requires !empty(). O(log n).
    PoppedEvent pop();

    // Drops every pending event, running the callbacks' destructors. Issued ids stay dead.
    void clear();
    void reserve(std::size_t events);

    // Keys in the heap, cancelled ones included: at most about twice size() (for tests).
    [[nodiscard]] std::size_t heapEntryCount() const { return m_heap.size(); }

private:
    struct Key {
        SimTime::Rep time;
        std::uint64_t sequence;
        Priority priority;
        std::uint32_t slot;
    };

    static constexpr std::size_t kArity = 4;
    // Rebuilding the heap costs O(n), so it waits until at least this many keys are dead.
    static constexpr std::size_t kMinDeadKeysToCompact = 1024;

    static bool before(const Key &a, const Key &b) {
        if (a.time != b.time) {
            return a.time < b.time;
        }
        if (a.priority != b.priority) {
            return a.priority < b.priority;
        }
        return a.sequence < b.sequence;
    }
    [[nodiscard]] bool isLive(const Key &key) const {
        return m_slotSequence[key.slot] == key.sequence;
    }

    std::uint32_t acquireSlot();
    void releaseSlot(std::uint32_t slot);
    void siftUp(std::size_t index);
    void siftDown(std::size_t index);
    void removeTop();
    void dropDeadTops();
    void compactIfWorthIt();

    std::vector<Key> m_heap;
    std::vector<EventCallback> m_callbacks;    // by slot
    std::vector<std::uint64_t> m_slotSequence; // by slot: sequence of its pending event, 0 if free
    std::vector<std::uint32_t> m_freeSlots;
    std::size_t m_liveCount = 0;
    std::uint64_t m_nextSequence = 1;
};

} // namespace sg::sim
