#pragma once
// Faults: what a scenario, or the model's own fault windows, do to an element for a while.

#include "arch/elements.h"
#include "simtime.h"

#include <cstdint>

namespace sg::sim {

// Down, Slow or Failing: the model's own fault windows and a scenario's mean the same.
using FaultMode = model::FaultMode;

// From `from` (inclusive) to `to` (exclusive) the element (a consumer, API destination or
// external system) behaves as `mode` says, on top of its own behaviour.
struct FaultWindow {
    model::ElementId element;
    SimTime from;
    SimTime to;
    FaultMode mode = FaultMode::Down;
    model::FailureKind failure = model::FailureKind::ConnectionFailure;
    double rate = 1;      // Failing
    SimTime extraLatency; // Slow

    [[nodiscard]] bool covers(SimTime t) const { return from <= t && t < to; }
    friend bool operator==(const FaultWindow &, const FaultWindow &) = default;
};

} // namespace sg::sim
