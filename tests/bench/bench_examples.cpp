// The bundled examples through `stormglass-cli simulate MODEL --duration 24h` (issue 17, "Speed of
// the real path"): the CLI's own simulate command, compiled in from app/cli, with the allocator
// tuned as the CLI's main() tunes it, writing its report to a file in $TMPDIR. The counter
// `deliveries_per_cpu_s` is the report's `deliveries` per second of this process's CPU time for
// the whole command (reading the model, the run, the report); the target is at least 1,000,000
// for every example. Run it in Release and quote the medians:
//   build/release/tests/bench/sg_bench_examples --benchmark_repetitions=3
//       --benchmark_report_aggregates_only=true
// (one line). The argument is the simulated time in hours.

#include "cli.h"
#include "core/allocator.h"

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

double processCpuSeconds() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

void runExample(benchmark::State &state, const std::string &name) {
    const std::string model = std::string(SG_EXAMPLES_DIR) + "/" + name + ".stormglass.json";
    const std::string report = (std::filesystem::temp_directory_path() /
                                ("sg-bench-" + name + "-" + std::to_string(getpid()) + ".json"))
                                   .string();
    const std::vector<std::string> args{
        model,      "--duration", std::to_string(state.range(0)) + "h", "--seed", "1",
        "--report", report};
    double cpu = 0;
    std::uint64_t deliveries = 0;
    for (auto _ : state) {
        const double start = processCpuSeconds();
        const int exit = sg::cli::runSimulate(args);
        cpu += processCpuSeconds() - start;
        if (exit != sg::cli::kExitOk) {
            state.SkipWithError("simulate failed");
            return;
        }
        std::ifstream in(report);
        deliveries += nlohmann::ordered_json::parse(in).at("deliveries").get<std::uint64_t>();
    }
    std::filesystem::remove(report);
    state.counters["deliveries_per_cpu_s"] = static_cast<double>(deliveries) / cpu;
    state.counters["deliveries"] =
        static_cast<double>(deliveries) / static_cast<double>(state.iterations());
}

void BM_LoginAlert(benchmark::State &state) {
    runExample(state, "login-alert");
}
void BM_ECommerce(benchmark::State &state) {
    runExample(state, "e-commerce");
}
void BM_CascadingFailure(benchmark::State &state) {
    runExample(state, "cascading-failure");
}

BENCHMARK(BM_LoginAlert)->Arg(24)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ECommerce)->Arg(24)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CascadingFailure)->Arg(24)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv) {
    sg::tuneAllocator();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
