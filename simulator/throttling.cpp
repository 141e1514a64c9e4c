// Throttling: an attempt that must wait (the account quota, a rate limit, a concurrency slot) is
// delayed, never dropped; the wait counts against the event's MaximumEventAgeInSeconds, and an
// event whose age runs out while it waits goes to the dead-letter queue with that condition.

#include "engine.h"

namespace sg::sim {

// The retry policy bounds the whole time EventBridge tries to deliver an event, time spent
// held back by a rate limit, the account's quota or a concurrency limit included (the API
// reference on InvocationRateLimitPerSecond: events held back past the retry window are not
// delivered, and go to the dead-letter queue). An attempt that could only start after the
// event's MaximumEventAgeInSeconds has passed is not booked: the event ages out when its age
// runs out. True when that happens to `index` waiting until `start`.
bool Simulation::Impl::agesOutWaiting(std::uint32_t index, SimTime start, std::string_view why) {
    const Record &r = records[index];
    if (r.target == kNone || start - r.putTime <= maxEventAge(r)) {
        return false;
    }
    noteThrottled(index, why);
    kernel.schedule(r.putTime + maxEventAge(r), kAgeOutPriority,
                    [this, index](Kernel &) { ageOut(index); });
    return true;
}

SimTime Simulation::Impl::maxEventAge(const Record &r) const {
    return SimTime::seconds(targets[r.target].retry.maximumEventAgeSeconds);
}

// The event's age ran out before it could be invoked: to the dead-letter queue with the age
// condition, as when it runs out between retries.
void Simulation::Impl::ageOut(std::uint32_t index) {
    Record &r = records[index];
    r.waitToken = 0;
    r.error = ErrorKind::AgedOutWaiting;
    deadLetter(index, errorInfo(r.error), "MaximumEventAgeInSeconds", r.attempt - 1);
}

void Simulation::Impl::noteThrottled(std::uint32_t index, std::string_view why) {
    Record &r = records[index];
    if (r.throttledThisAttempt) {
        return;
    }
    r.throttledThisAttempt = true;
    if (r.target != kNone) {
        ++targets[r.target].counters.throttled;
        ++layers.eventBridge.throttled;
    }
    ++nodes[r.node].counters.throttled;
    if (tracing) {
        addStep(r, StepKind::Throttled, stepElement(r), r.attempt, {}, std::string(why));
    }
}

} // namespace sg::sim
