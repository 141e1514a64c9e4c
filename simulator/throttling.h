#pragma once
// Throttling: the rate limiters of API destinations (InvocationRateLimitPerSecond) and of the
// account's target invocation quota. What is over the limit waits; it is never dropped.

#include "simtime.h"

#include <algorithm>
#include <cmath>

namespace sg::sim::engine {

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

} // namespace sg::sim::engine
