#pragma once
// KernelObserver: how code outside the kernel (metrics, traces, the GUI's snapshot publisher)
// follows a run without the kernel knowing about it.

#include "eventqueue.h"
#include "simtime.h"

#include <cstdint>

namespace sg::sim {

// How a call to Kernel::run() or Kernel::runUntil() ended.
enum class RunStatus {
    Completed, // runUntil() reached its time, or run() emptied the queue
    Stopped,   // Kernel::stop() was requested; pending events stay queued
};

// The identity of an event that has just run.
struct ExecutedEvent {
    SimTime time;
    Priority priority = kDefaultPriority;
    std::uint64_t sequence = 0; // as in EventId::sequence()

    friend bool operator==(const ExecutedEvent &, const ExecutedEvent &) = default;
};

// Receives a kernel's progress, on the thread that runs the kernel, in simulation order. Batch in
// the observer (e.g. publish a snapshot when simulated or wall-clock time has moved far enough):
// these calls come once per event. Every method has an empty default; override what you need.
class KernelObserver {
public:
    KernelObserver() = default;
    KernelObserver(const KernelObserver &) = default;
    KernelObserver &operator=(const KernelObserver &) = default;
    virtual ~KernelObserver() = default;

    // now() moved forward from `from` to `to`: before the first event at a later time, and when
    // runUntil() moves the clock to its limit. Never called with to <= from.
    virtual void onTimeAdvanced(SimTime from, SimTime to) {
        static_cast<void>(from);
        static_cast<void>(to);
    }

    // An event's callback has returned (events scheduled by it are already queued).
    virtual void onEventExecuted(const ExecutedEvent &event) { static_cast<void>(event); }

    // run() or runUntil() is about to return `status`; step() does not call this.
    virtual void onRunFinished(RunStatus status, SimTime now) {
        static_cast<void>(status);
        static_cast<void>(now);
    }
};

} // namespace sg::sim
