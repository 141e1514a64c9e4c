#pragma once
// Faults: what a scenario (or the GUI's fault injection) does to an element for a while.

#include "arch/elements.h"
#include "simtime.h"

#include <cstdint>

namespace sg::sim {

enum class FaultMode : std::uint8_t {
    Down,    // every invocation fails with `failure` (default ConnectionFailure)
    Slow,    // every invocation takes `extraLatency` longer (and may then time out)
    Failing, // each invocation fails with `failure` at probability `rate`
};

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
