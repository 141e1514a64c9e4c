#pragma once
// Synthetic models: a deterministic generator of large, realistic projects (subsystems of
// producers, buses, rules and targets laid out in their bounded contexts, with an event-storming
// board beside them) for benchmarks, stress tests of the editor and demonstrations.

#include "arch/project.h"

#include <cstddef>
#include <cstdint>

namespace sg::model {

// What to generate. The same options always give the same project, on every platform.
struct SynthOptions {
    // Architecture elements: every element that is neither a sticky nor a bounded context.
    std::size_t elements = 0;
    std::size_t stickies = 0;
    std::uint64_t seed = 1;
};

// A project of exactly `elements` architecture elements and `stickies` stickies, plus one bounded
// context per subsystem (of about 30 elements) and as many more as the stickies need (about 40
// each). Every reference resolves, lint finds no error, every rule pattern matches a sample
// event, and nothing overlaps on the canvas.
[[nodiscard]] Project synthesizeProject(const SynthOptions &options);

} // namespace sg::model
