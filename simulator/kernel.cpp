#include "kernel.h"

#include <algorithm>
#include <cassert>

namespace sg::sim {

namespace {

// Clears a flag when the scope ends, also when a callback throws.
class FlagGuard {
public:
    explicit FlagGuard(bool &flag) : m_flag(flag) { m_flag = true; }
    FlagGuard(const FlagGuard &) = delete;
    FlagGuard &operator=(const FlagGuard &) = delete;
    ~FlagGuard() { m_flag = false; }

private:
    bool &m_flag;
};

} // namespace

EventId Kernel::scheduleCallback(SimTime at, Priority priority, EventCallback callback) {
    ++m_counters.eventsScheduled;
    return m_queue.push(std::max(at, m_now), priority, std::move(callback));
}

SimTime Kernel::timeAfter(SimTime delay) const {
    if (delay > SimTime::max() - m_now) {
        return SimTime::max();
    }
    return m_now + delay;
}

bool Kernel::cancel(EventId id) {
    if (!m_queue.cancel(id)) {
        return false;
    }
    ++m_counters.eventsCancelled;
    return true;
}

std::optional<SimTime> Kernel::nextEventTime() const {
    if (m_queue.empty()) {
        return std::nullopt;
    }
    return m_queue.nextTime();
}

bool Kernel::step() {
    assert(!m_inEvent && "step() called from inside an event");
    if (m_queue.empty()) {
        return false;
    }
    executeNext();
    return true;
}

RunStatus Kernel::runUntil(SimTime until) {
    assert(!m_inEvent && "runUntil() called from inside an event");
    for (;;) {
        if (consumeStopRequest()) {
            return finishRun(RunStatus::Stopped);
        }
        if (m_queue.empty() || m_queue.nextTime() > until) {
            break;
        }
        executeNext();
    }
    advanceTo(until);
    return finishRun(RunStatus::Completed);
}

RunStatus Kernel::run() {
    assert(!m_inEvent && "run() called from inside an event");
    for (;;) {
        if (consumeStopRequest()) {
            return finishRun(RunStatus::Stopped);
        }
        if (m_queue.empty()) {
            return finishRun(RunStatus::Completed);
        }
        executeNext();
    }
}

void Kernel::addObserver(KernelObserver *observer) {
    assert(observer != nullptr);
    assert(!m_inEvent && "observers may not change during an event");
    if (std::find(m_observers.begin(), m_observers.end(), observer) == m_observers.end()) {
        m_observers.push_back(observer);
    }
}

void Kernel::removeObserver(KernelObserver *observer) {
    assert(!m_inEvent && "observers may not change during an event");
    std::erase(m_observers, observer);
}

void Kernel::advanceTo(SimTime time) {
    if (time <= m_now) {
        return;
    }
    const SimTime from = m_now;
    m_now = time;
    for (KernelObserver *observer : m_observers) {
        observer->onTimeAdvanced(from, time);
    }
}

void Kernel::executeNext() {
    // The callback is moved out of the queue before it runs, so it may schedule (and grow the
    // queue's storage) or cancel freely; its own id is no longer pending.
    PoppedEvent event = m_queue.pop();
    advanceTo(event.time);
    {
        const FlagGuard inEvent(m_inEvent);
        event.callback(*this);
    }
    ++m_counters.eventsExecuted;
    if (!m_observers.empty()) {
        const ExecutedEvent executed{event.time, event.priority, event.sequence};
        for (KernelObserver *observer : m_observers) {
            observer->onEventExecuted(executed);
        }
    }
}

bool Kernel::consumeStopRequest() {
    // A plain load per event; the exchange only when a request is there.
    return m_stopRequested.load(std::memory_order_relaxed) &&
           m_stopRequested.exchange(false, std::memory_order_relaxed);
}

RunStatus Kernel::finishRun(RunStatus status) {
    for (KernelObserver *observer : m_observers) {
        observer->onRunFinished(status, m_now);
    }
    return status;
}

} // namespace sg::sim
