#pragma once
// Kernel: the discrete-event simulation kernel: a clock, the event queue, the run's random seed,
// and the loop that runs events in (time, priority, insertion) order.

#include "eventqueue.h"
#include "kernelobserver.h"
#include "random.h"
#include "simtime.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace sg::sim {

namespace detail {
template <typename F>
inline constexpr bool kTakesKernel = std::is_invocable_v<std::decay_t<F> &, Kernel &>;
template <typename F> inline constexpr bool kTakesNothing = std::is_invocable_v<std::decay_t<F> &>;
} // namespace detail

// Something the kernel can run as an event: a callable taking the Kernel & (to read now() and
// schedule follow-ups) or taking nothing. It must fit in kEventCallbackCapacity bytes.
template <typename F>
concept EventHandler = detail::kTakesKernel<F> || detail::kTakesNothing<F>;

// What a kernel has done since it was constructed.
struct KernelCounters {
    std::uint64_t eventsScheduled = 0;
    std::uint64_t eventsExecuted = 0;
    std::uint64_t eventsCancelled = 0;
};

// The simulation kernel. Single-threaded: every member is called from the thread that runs it,
// except stop() and stopRequested(), which any thread may call. The same seed and the same
// sequence of schedule() calls give the same run, event for event, on every machine.
//
// Time never goes backwards: a time earlier than now() given to schedule() means now(), and
// runUntil() with a time earlier than now() runs nothing and leaves the clock alone.
class Kernel {
public:
    explicit Kernel(std::uint64_t seed = 0) : m_random(seed) {}
    Kernel(const Kernel &) = delete;
    Kernel &operator=(const Kernel &) = delete;

    [[nodiscard]] SimTime now() const { return m_now; }

    // ---- randomness: one seed per run, one stream per element
    [[nodiscard]] std::uint64_t seed() const { return m_random.seed(); }
    [[nodiscard]] const RandomSource &random() const { return m_random; }
    [[nodiscard]] RandomStream randomStream(std::string_view name) const {
        return m_random.stream(name);
    }
    [[nodiscard]] RandomStream randomStream(std::uint64_t id) const { return m_random.stream(id); }

    // ---- scheduling
    // Runs `handler` at time `at` (at least now()). Among events at the same time lower
    // priorities run first, and equal priorities in the order they were scheduled.
    template <EventHandler F> EventId schedule(SimTime at, Priority priority, F &&handler) {
        return scheduleCallback(at, priority, toCallback(std::forward<F>(handler)));
    }
    template <EventHandler F> EventId schedule(SimTime at, F &&handler) {
        return schedule(at, kDefaultPriority, std::forward<F>(handler));
    }
    // Runs `handler` `delay` after now() (saturating at SimTime::max()).
    template <EventHandler F> EventId scheduleAfter(SimTime delay, Priority priority, F &&handler) {
        return scheduleCallback(timeAfter(delay), priority, toCallback(std::forward<F>(handler)));
    }
    template <EventHandler F> EventId scheduleAfter(SimTime delay, F &&handler) {
        return scheduleAfter(delay, kDefaultPriority, std::forward<F>(handler));
    }

    // Cancels a pending event; false if it already ran, was cancelled, or is running now.
    bool cancel(EventId id);
    [[nodiscard]] bool isPending(EventId id) const { return m_queue.isPending(id); }
    [[nodiscard]] std::size_t pendingEvents() const { return m_queue.size(); }
    [[nodiscard]] std::optional<SimTime> nextEventTime() const;

    // ---- running
    // Runs the next event, moving now() to its time; false when there is none. Ignores stop().
    bool step();
    // Runs every event with time <= `until` (including ones those events schedule), then sets
    // now() to `until`. If stopped, returns Stopped at once with now() at the last event's time.
    RunStatus runUntil(SimTime until);
    // runUntil(now() + duration), saturating.
    RunStatus runFor(SimTime duration) { return runUntil(timeAfter(duration)); }
    // Runs events until the queue is empty or a stop is requested; now() stays at the last
    // event's time.
    RunStatus run();

    // Asks the current run()/runUntil() to return Stopped after the event in progress. Safe from
    // any thread and from callbacks. The request is consumed by the run it stops; one made while
    // no run is in progress stops the next run before its first event, so a stop that races the
    // start of a run is never lost.
    void stop() noexcept { m_stopRequested.store(true, std::memory_order_relaxed); }
    [[nodiscard]] bool stopRequested() const noexcept {
        return m_stopRequested.load(std::memory_order_relaxed);
    }

    [[nodiscard]] const KernelCounters &counters() const { return m_counters; }

    // ---- observers (not owned; add and remove them outside of runs and callbacks)
    void addObserver(KernelObserver *observer);
    void removeObserver(KernelObserver *observer);

private:
    template <typename F> static EventCallback toCallback(F &&handler) {
        if constexpr (detail::kTakesKernel<F>) {
            return EventCallback(std::forward<F>(handler));
        } else {
            return EventCallback([inner = std::forward<F>(handler)](Kernel &) mutable { inner(); });
        }
    }

    EventId scheduleCallback(SimTime at, Priority priority, EventCallback callback);
    [[nodiscard]] SimTime timeAfter(SimTime delay) const;
    void advanceTo(SimTime time);
    void executeNext();
    bool consumeStopRequest();
    RunStatus finishRun(RunStatus status);

    EventQueue m_queue;
    SimTime m_now;
    RandomSource m_random;
    KernelCounters m_counters;
    std::vector<KernelObserver *> m_observers;
    std::atomic<bool> m_stopRequested{false};
    bool m_inEvent = false;
};

} // namespace sg::sim
