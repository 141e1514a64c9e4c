#pragma once
// ScenarioRun: what a scenario file does to a run (its faults, duplicate rate and extra puts),
// and sweeps that run one model under many seeds and summarise how the results spread.

#include "scenario.h"
#include "simulation.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace sg::sim {

// `base` with the scenario's faults and duplicate rate, and `seed`.
[[nodiscard]] SimulationOptions scenarioOptions(const Scenario &scenario, std::uint64_t seed,
                                                SimulationOptions base = {});

// Schedules the scenario's extra puts on `simulation`: each `count` copies of its event, the
// envelope completed (a fresh id per copy from the "scenario-puts" stream, time = the put's
// time). Large counts are put in chunks, so the kernel's queue stays small. Fails, before
// anything is scheduled, for a put on a bus the model does not have. `simulation` must not be
// moved afterwards: the scheduled puts refer to it.
[[nodiscard]] Result<bool> scheduleScenarioPuts(Simulation &simulation, const Scenario &scenario,
                                                const GeneratorSettings &settings = {});

// The median, extremes and 10th/90th percentiles of one number over the runs of a sweep.
struct Spread {
    double median = 0;
    double min = 0;
    double max = 0;
    double p10 = 0;
    double p90 = 0;
};

// Nearest-rank percentiles over `values` (which it sorts). Empty values give all zeros.
[[nodiscard]] Spread spreadOf(std::vector<double> values);

// Summarises the reports of a sweep: the result mirrors the reports' shape, and every number
// that all reports have at the same place becomes {"median", "min", "max", "p10", "p90"}. Other
// values (texts, numbers missing in some runs) are left out; `seed` is left out too.
[[nodiscard]] model::Json summariseReports(const std::vector<model::Json> &reports);

// Runs `runs` simulations with seeds firstSeed, firstSeed + 1, ..., on up to `threads` threads
// (0 = all cores). `runOne` makes and runs one (it must not share mutable state with other
// calls) and returns its report. Reports come back in seed order, whatever the scheduling, so
// a sweep is as deterministic as its runs.
[[nodiscard]] std::vector<model::Json>
runSweep(std::uint64_t firstSeed, std::size_t runs, std::size_t threads,
         const std::function<model::Json(std::uint64_t seed)> &runOne,
         const std::function<void(std::size_t done)> &progress = {});

} // namespace sg::sim
