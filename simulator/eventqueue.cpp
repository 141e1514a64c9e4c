#include "eventqueue.h"

#include <algorithm>
#include <cassert>
#include <limits>

namespace sg::sim {

EventId EventQueue::push(SimTime time, Priority priority, EventCallback callback) {
    const std::uint32_t slot = acquireSlot();
    const std::uint64_t sequence = m_nextSequence++;
    m_callbacks[slot] = std::move(callback);
    m_slotSequence[slot] = sequence;
    m_heap.push_back(Key{time.micros(), sequence, priority, slot});
    siftUp(m_heap.size() - 1);
    ++m_liveCount;
    return EventId(slot, sequence);
}

bool EventQueue::cancel(EventId id) {
    if (!isPending(id)) {
        return false;
    }
    releaseSlot(id.m_slot);
    --m_liveCount;
    dropDeadTops();
    compactIfWorthIt();
    return true;
}

bool EventQueue::isPending(EventId id) const {
    return id.isValid() && id.m_slot < m_slotSequence.size() &&
           m_slotSequence[id.m_slot] == id.m_sequence;
}

SimTime EventQueue::nextTime() const {
    assert(!empty());
    return SimTime::microseconds(m_heap.front().time);
}

PoppedEvent EventQueue::pop() {
    assert(!empty());
    const Key top = m_heap.front();
    PoppedEvent event{SimTime::microseconds(top.time), top.priority, top.sequence,
                      std::move(m_callbacks[top.slot])};
    releaseSlot(top.slot);
    --m_liveCount;
    removeTop();
    dropDeadTops();
#if defined(__GNUC__) || defined(__clang__)
    // The next event's callback sits in a slot unrelated to its heap position; start loading it
    // while this event runs.
    if (!m_heap.empty()) {
        __builtin_prefetch(&m_callbacks[m_heap.front().slot]);
    }
#endif
    return event;
}

void EventQueue::clear() {
    m_heap.clear();
    m_callbacks.clear();
    m_slotSequence.clear();
    m_freeSlots.clear();
    m_liveCount = 0;
    // m_nextSequence keeps counting, so ids issued before clear() never match a later event.
}

void EventQueue::reserve(std::size_t events) {
    m_heap.reserve(events);
    m_callbacks.reserve(events);
    m_slotSequence.reserve(events);
    m_freeSlots.reserve(events);
}

std::uint32_t EventQueue::acquireSlot() {
    if (!m_freeSlots.empty()) {
        const std::uint32_t slot = m_freeSlots.back();
        m_freeSlots.pop_back();
        return slot;
    }
    assert(m_callbacks.size() < std::numeric_limits<std::uint32_t>::max());
    m_callbacks.emplace_back();
    m_slotSequence.push_back(0);
    return static_cast<std::uint32_t>(m_callbacks.size() - 1);
}

void EventQueue::releaseSlot(std::uint32_t slot) {
    m_callbacks[slot].reset();
    m_slotSequence[slot] = 0;
    m_freeSlots.push_back(slot);
}

// Both sifts move a hole instead of swapping: one key copy per level.
void EventQueue::siftUp(std::size_t index) {
    const Key key = m_heap[index];
    while (index > 0) {
        const std::size_t parent = (index - 1) / kArity;
        if (!before(key, m_heap[parent])) {
            break;
        }
        m_heap[index] = m_heap[parent];
        index = parent;
    }
    m_heap[index] = key;
}

void EventQueue::siftDown(std::size_t index) {
    const std::size_t size = m_heap.size();
    const Key key = m_heap[index];
    for (;;) {
        const std::size_t first = kArity * index + 1;
        if (first >= size) {
            break;
        }
        const std::size_t end = std::min(first + kArity, size);
        std::size_t best = first;
        for (std::size_t child = first + 1; child < end; ++child) {
            if (before(m_heap[child], m_heap[best])) {
                best = child;
            }
        }
        if (!before(m_heap[best], key)) {
            break;
        }
        m_heap[index] = m_heap[best];
        index = best;
    }
    m_heap[index] = key;
}

void EventQueue::removeTop() {
    m_heap.front() = m_heap.back();
    m_heap.pop_back();
    if (!m_heap.empty()) {
        siftDown(0);
    }
}

void EventQueue::dropDeadTops() {
    while (!m_heap.empty() && !isLive(m_heap.front())) {
        removeTop();
    }
}

void EventQueue::compactIfWorthIt() {
    const std::size_t dead = m_heap.size() - m_liveCount;
    if (dead < kMinDeadKeysToCompact || dead <= m_liveCount) {
        return;
    }
    std::erase_if(m_heap, [this](const Key &key) { return !isLive(key); });
    // Floyd's heap construction: sift down every internal node, last first. O(n).
    for (std::size_t i = (m_heap.size() + kArity - 2) / kArity; i-- > 0;) {
        siftDown(i);
    }
}

} // namespace sg::sim
