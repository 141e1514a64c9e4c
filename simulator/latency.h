#pragma once
// Latency: a model's latency distribution with its parameters computed once, and the draw of one
// call's latency from the element's random stream.

#include "arch/elements.h"
#include "random.h"
#include "simtime.h"

#include <vector>

namespace sg::sim::engine {

// A latency distribution with its parameters pre-computed.
struct Latency {
    model::LatencyKind kind = model::LatencyKind::Fixed;
    double a = 0; // Fixed: value; Uniform: min; Normal: mean; LogNormal: log(median)
    double b = 0; // Uniform: max; Normal: stddev; LogNormal: sigma
    std::vector<model::LatencyPercentile> table;
};

[[nodiscard]] Latency compileLatency(const model::LatencyDistribution &d);
[[nodiscard]] SimTime drawLatency(const Latency &latency, RandomStream &stream);

} // namespace sg::sim::engine
