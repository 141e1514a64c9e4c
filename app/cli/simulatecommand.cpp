// simulate: run a model forward in simulated time and report what EventBridge would have done.

#include "cli.h"

#include "arch/lint.h"
#include "archivestore.h"
#include "buslog.h"
#include "io/atomicfile.h"
#include "io/projectfile.h"
#include "replay.h"
#include "scenario.h"
#include "scenariorun.h"
#include "simulation.h"

#include <cstdint>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <unistd.h>
#include <vector>

#include <nlohmann/json.hpp>

namespace sg::cli {

namespace {

using sim::formatDuration;
using sim::parseDuration;
using sim::SimTime;

constexpr std::uint64_t kDefaultSeed = 1;

// Two outputs name one file when they are the same path once resolved (neither need exist yet),
// or are links to one existing file.
bool namesTheSameFile(const std::string &a, const std::string &b) {
    if (a == b || model::sameFile(a, b)) {
        return true;
    }
    std::error_code first;
    std::error_code second;
    const std::filesystem::path left = std::filesystem::weakly_canonical(a, first);
    const std::filesystem::path right = std::filesystem::weakly_canonical(b, second);
    return !first && !second && left == right;
}
// A sweep keeps every run's report until it summarises them (about 12 KB each), and each run
// takes its share of the time: runs, a run's duration, and their product are capped.
constexpr std::size_t kMaxRuns = 10'000;
constexpr SimTime kMaxDuration = SimTime::hours(24 * 366);
constexpr SimTime kMaxSweepTime = SimTime::hours(24 * 1000); // runs x duration
// --max-events may lower a run's event budget (sim::kDefaultMaxEvents) or raise it this far.
constexpr std::uint64_t kMaxEventBudget = 100'000'000;
// Events per archive per transaction: large enough that the per-commit sync does not limit
// archiving speed, small enough to keep a run's memory flat.
constexpr std::size_t kArchiveBatchSize = 10'000;

bool isProjectDatabase(const std::string &path) {
    return path.size() >= 11 && path.ends_with(".stormglass");
}

// Draws "simulate: [#####.....]  50% (30m of 1h)" over itself on a terminal.
class ProgressBar {
public:
    explicit ProgressBar(bool enabled) : m_enabled(enabled) {}
    ProgressBar(const ProgressBar &) = delete;
    ProgressBar &operator=(const ProgressBar &) = delete;
    ~ProgressBar() { finish(); }

    void show(double fraction, const std::string &label) {
        if (!m_enabled) {
            return;
        }
        constexpr int kWidth = 30;
        const int filled = static_cast<int>(fraction * kWidth);
        std::string bar(static_cast<std::size_t>(kWidth), '.');
        for (int i = 0; i < filled && i < kWidth; ++i) {
            bar[static_cast<std::size_t>(i)] = '#';
        }
        std::cerr << "\rsimulate: [" << bar << "] " << static_cast<int>(fraction * 100) << "% "
                  << label << "   " << std::flush;
        m_shown = true;
    }
    void finish() {
        if (m_shown) {
            std::cerr << "\n";
            m_shown = false;
        }
    }

private:
    bool m_enabled = false;
    bool m_shown = false;
};

struct Plan {
    model::Project project;
    sim::Scenario scenario;
    bool hasScenario = false;
    std::string scenarioPath; // and its text: errors found later point into it
    std::string scenarioText;
    SimTime duration = SimTime::hours(1);
    std::uint64_t seed = kDefaultSeed;
    std::uint64_t maxEvents = sim::kDefaultMaxEvents;
};

nlohmann::ordered_json findingsJson(const model::Project &project) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const model::Finding &f : model::lintProject(project)) {
        out.push_back({{"severity", std::string(model::severityName(f.severity))},
                       {"code", f.code},
                       {"message", f.message},
                       {"element", f.element.value}});
    }
    return out;
}

// Creates a simulation of `plan` with `seed`, with the scenario's puts scheduled.
// What the scenario names that the model lacks: a fault's element, a put's bus. Reported at the
// scenario's own line and column, with the model named; nullopt when all is there.
std::optional<Error> checkScenarioAgainstModel(const Plan &plan, const std::string &modelPath) {
    auto at = [&](std::string field, std::string message) {
        Error error;
        error.field = std::move(field);
        error.message = std::move(message);
        return sim::scenarioErrorAt(plan.scenarioText, plan.scenarioPath, std::move(error));
    };
    for (std::size_t i = 0; i < plan.scenario.faults.size(); ++i) {
        const model::ElementId &id = plan.scenario.faults[i].element;
        if (!plan.project.contains(id)) {
            return at("faults[" + std::to_string(i) + "].element",
                      "the model " + modelPath + " has no element '" + id.value + "'");
        }
    }
    for (std::size_t i = 0; i < plan.scenario.puts.size(); ++i) {
        const model::ElementId &id = plan.scenario.puts[i].bus;
        const model::Element *element = plan.project.find(id);
        if (element == nullptr || std::get_if<model::Bus>(element) == nullptr) {
            return at("puts[" + std::to_string(i) + "].bus",
                      "the model " + modelPath + " has no bus '" + id.value + "'");
        }
    }
    return std::nullopt;
}

// The report's time series: one-minute buckets up to a day, then as wide as it takes to keep
// 1,440 of them, so a long run's memory stays flat (a bucket holds every element's counters).
SimTime reportBucket(SimTime duration) {
    constexpr SimTime::Rep kMaxBuckets = 1440;
    const SimTime::Rep minute = SimTime::minutes(1).micros();
    const SimTime::Rep minutes =
        (duration.micros() + kMaxBuckets * minute - 1) / (kMaxBuckets * minute);
    return SimTime::microseconds(std::max<SimTime::Rep>(1, minutes) * minute);
}

Result<sim::Simulation> makeSimulation(const Plan &plan, std::uint64_t seed, bool trace) {
    sim::SimulationOptions options = sim::scenarioOptions(plan.scenario, seed);
    options.trace = trace;
    options.timeSeriesBucket = reportBucket(plan.duration);
    options.maxEvents = plan.maxEvents;
    Result<sim::Simulation> simulation = sim::Simulation::create(plan.project, options);
    return simulation;
}

// The run's time series as per-bucket deltas: {"bucket_seconds", "buckets", "series": {name:
// {counter: [delta per bucket]}}}, keeping only counters that moved, so an outage and its
// recovery can be read off the report.
nlohmann::ordered_json timeSeriesJson(const sim::Simulation &run, SimTime bucket) {
    nlohmann::ordered_json out;
    out["bucket_seconds"] = bucket.toSeconds();
    const auto &buckets = run.timeSeries();
    out["buckets"] = buckets.size();
    nlohmann::ordered_json series = nlohmann::ordered_json::object();
    const auto &names = run.metricNames();
    static constexpr const char *kCounters[] = {"put",     "matched", "invoked",   "succeeded",
                                                "failed",  "retried", "throttled", "sent_to_dlq",
                                                "dropped", "received"};
    for (std::size_t n = 0; n < names.size(); ++n) {
        nlohmann::ordered_json element = nlohmann::ordered_json::object();
        for (const char *counter : kCounters) {
            std::vector<std::uint64_t> deltas;
            deltas.reserve(buckets.size());
            std::uint64_t previous = 0;
            bool moved = false;
            for (const sim::MetricsBucket &b : buckets) {
                const std::uint64_t value =
                    n < b.counters.size() ? sim::counterByName(b.counters[n], counter).value_or(0)
                                          : previous;
                deltas.push_back(value - previous);
                moved = moved || value != previous;
                previous = value;
            }
            if (moved) {
                element[counter] = std::move(deltas);
            }
        }
        if (!element.empty()) {
            series[names[n]] = std::move(element);
        }
    }
    out["series"] = std::move(series);
    return out;
}

bool writeOutput(const std::optional<std::string> &path, const std::string &text) {
    if (!path || *path == "-") {
        std::cout << text;
        std::cout.flush();
        return true;
    }
    auto written = model::writeFileAtomically(*path, text);
    if (!written) {
        fail("simulate", written.error().message);
        return false;
    }
    return true;
}

} // namespace

int runSimulate(const std::vector<std::string> &argv) {
    const Args args(argv, {"archive"});
    if (!args.checkKnown("simulate", {"scenario", "duration", "seed", "runs", "report", "trace",
                                      "trace-format", "archive", "max-events"})) {
        return kExitBadInput;
    }
    Plan plan;
    std::optional<std::string> modelPath;
    if (args.positional().size() > 1) {
        fail("simulate", "expected one MODEL file (see: stormglass-cli help simulate)");
        return kExitBadInput;
    }
    if (!args.positional().empty()) {
        modelPath = args.positional()[0];
    }
    if (auto scenarioPath = args.value("scenario")) {
        auto text = readJsonInput(*scenarioPath);
        if (!text) {
            return kExitBadInput;
        }
        auto scenario = sim::parseScenario(*text, *scenarioPath);
        if (!scenario) {
            fail("simulate", scenario.error().message);
            return kExitBadInput;
        }
        plan.scenario = std::move(scenario).value();
        plan.hasScenario = true;
        plan.scenarioPath = *scenarioPath;
        plan.scenarioText = std::move(*text);
        plan.duration = plan.scenario.duration;
        if (!modelPath && !plan.scenario.model.empty()) {
            modelPath =
                (std::filesystem::path(*scenarioPath).parent_path() / plan.scenario.model).string();
        }
    }
    if (!modelPath) {
        fail("simulate", "expected a MODEL file, or a --scenario that names one");
        return kExitBadInput;
    }
    if (auto duration = args.value("duration")) {
        auto parsed = parseDuration(*duration);
        if (!parsed) {
            fail("simulate", "--duration: " + parsed.error().message);
            return kExitBadInput;
        }
        plan.duration = *parsed;
    }
    if (plan.duration.isZero()) {
        fail("simulate", "--duration: a run must last longer than 0s");
        return kExitBadInput;
    }
    if (plan.duration > kMaxDuration) {
        fail("simulate", "--duration: " + formatDuration(plan.duration) +
                             " is longer than a run may last, " + formatDuration(kMaxDuration) +
                             " (366 days)");
        return kExitBadInput;
    }
    if (plan.scenario.seed) {
        plan.seed = *plan.scenario.seed;
    }
    if (auto seed = args.value("seed")) {
        auto parsed = parseWholeNumber(*seed);
        if (!parsed) {
            fail("simulate",
                 "--seed: expected a whole number from 0 to 18446744073709551615, got '" + *seed +
                     "'");
            return kExitBadInput;
        }
        plan.seed = *parsed;
    }
    std::size_t runs = 1;
    if (auto value = args.value("runs")) {
        auto parsed = parseWholeNumber(*value);
        if (!parsed || *parsed == 0 || *parsed > kMaxRuns) {
            fail("simulate", "--runs: expected a whole number from 1 to " +
                                 std::to_string(kMaxRuns) + ", got '" + *value + "'");
            return kExitBadInput;
        }
        runs = static_cast<std::size_t>(*parsed);
    }
    if (static_cast<double>(plan.duration.micros()) * static_cast<double>(runs) >
        static_cast<double>(kMaxSweepTime.micros())) {
        fail("simulate", "--runs " + std::to_string(runs) + " of " + formatDuration(plan.duration) +
                             " simulate more than the limit of " + formatDuration(kMaxSweepTime) +
                             " (1000 days) in all; use fewer runs or a shorter --duration");
        return kExitBadInput;
    }
    if (auto value = args.value("max-events")) {
        auto parsed = parseWholeNumber(*value);
        if (!parsed || *parsed == 0 || *parsed > kMaxEventBudget) {
            fail("simulate", "--max-events: expected a whole number from 1 to " +
                                 std::to_string(kMaxEventBudget) + ", got '" + *value + "'");
            return kExitBadInput;
        }
        plan.maxEvents = *parsed;
    }
    const std::optional<std::string> tracePath = args.value("trace");
    std::vector<std::string> inputs{*modelPath};
    if (auto scenarioPath = args.value("scenario")) {
        inputs.push_back(*scenarioPath);
    }
    if (tracePath && !outputIsNotAnInput("simulate", "--trace", *tracePath, inputs)) {
        return kExitBadInput;
    }
    if (auto reportPath = args.value("report");
        reportPath && !outputIsNotAnInput("simulate", "--report", *reportPath, inputs)) {
        return kExitBadInput;
    }
    if (const std::optional<std::string> reportPath = args.value("report");
        tracePath && reportPath && !reportPath->empty() && *reportPath != "-" &&
        namesTheSameFile(*reportPath, *tracePath)) {
        fail("simulate", "--report and --trace both name " + *tracePath +
                             "; one would overwrite the other, choose two files");
        return kExitBadInput;
    }
    const std::string traceFormat = args.value("trace-format").value_or("stormglass");
    if (traceFormat != "stormglass" && traceFormat != "eventbridge-logs") {
        fail("simulate",
             "--trace-format: expected stormglass or eventbridge-logs, got '" + traceFormat + "'");
        return kExitBadInput;
    }
    if (args.value("trace-format") && !tracePath) {
        fail("simulate", "--trace-format says how --trace FILE is written; give --trace too");
        return kExitBadInput;
    }
    if (tracePath && runs > 1) {
        fail("simulate", "--trace records one run; use it without --runs");
        return kExitBadInput;
    }
    const bool archiving = args.has("archive");
    if (archiving && runs > 1) {
        fail("simulate", "--archive records one run; use it without --runs");
        return kExitBadInput;
    }
    if (archiving && !isProjectDatabase(*modelPath)) {
        fail("simulate", "--archive: archives are kept in a .stormglass project file, and '" +
                             *modelPath +
                             "' is not one (convert it with: stormglass-cli convert IN "
                             "OUT.stormglass)");
        return kExitBadInput;
    }
    {
        auto project = model::loadProject(*modelPath);
        if (!project) {
            fail("simulate", project.error().message);
            return kExitBadInput;
        }
        plan.project = std::move(project).value();
    }
    if (plan.hasScenario) {
        if (std::optional<Error> missing = checkScenarioAgainstModel(plan, *modelPath)) {
            fail("simulate", missing->message);
            return kExitBadInput;
        }
    }

    const bool terminal = ::isatty(STDERR_FILENO) == 1;
    nlohmann::ordered_json report;
    bool allPassed = true;

    if (runs == 1) {
        auto simulation = makeSimulation(plan, plan.seed, tracePath.has_value());
        if (!simulation) {
            fail("simulate", *modelPath + ": " + simulation.error().message);
            return kExitBadInput;
        }
        sim::Simulation &run = simulation.value();
        if (auto scheduled = sim::scheduleScenarioPuts(run, plan.scenario); !scheduled) {
            fail("simulate",
                 sim::scenarioErrorAt(plan.scenarioText, plan.scenarioPath, scheduled.error())
                     .message);
            return kExitBadInput;
        }
        if (auto unknown = sim::checkAssertionElements(plan.scenario.assertions, run)) {
            fail("simulate", *args.value("scenario") + ": " + unknown->message);
            return kExitBadInput;
        }
        // --archive: the model's archives are defined in the file and filled during the run.
        std::optional<sim::ArchiveStore> store;
        std::optional<sim::StoreArchive> archive;
        if (archiving) {
            auto opened = sim::ArchiveStore::open(*modelPath);
            if (!opened) {
                fail("simulate", opened.error().message);
                return kExitBadInput;
            }
            store.emplace(std::move(opened).value());
            // Everything the run writes commits at the end, or not at all: a failed run leaves
            // the file as it was.
            if (auto begun = store->beginRun(); !begun) {
                fail("simulate", begun.error().message);
                return kExitBadInput;
            }
            for (const model::Element &element : plan.project.elements()) {
                const auto *bus = std::get_if<model::Bus>(&element);
                if (bus == nullptr) {
                    continue;
                }
                for (const model::Archive &a : bus->archives) {
                    if (auto defined = store->defineArchive(bus->id, a); !defined) {
                        fail("simulate", defined.error().message);
                        return kExitBadInput;
                    }
                }
            }
            archive.emplace(*store);
            run.setArchiveSink(&*archive, kArchiveBatchSize);
        }
        std::optional<model::OutputFile> traceFile;
        std::optional<sim::BusLogWriter> busLog;
        if (tracePath) {
            auto opened = model::OutputFile::open(*tracePath);
            if (!opened) {
                fail("simulate", opened.error().message);
                return kExitBadInput;
            }
            traceFile.emplace(std::move(opened).value());
            if (traceFormat == "eventbridge-logs") {
                busLog.emplace(traceFile->stream(), run.awsNames());
                run.addObserver(&*busLog);
            } else {
                run.setTraceOutput(&traceFile->stream());
            }
        }
        ProgressBar progress(terminal);
        constexpr int kSlices = 100;
        for (int slice = 1; slice <= kSlices; ++slice) {
            const auto until =
                SimTime::microseconds(plan.duration.micros() / kSlices * slice +
                                      (slice == kSlices ? plan.duration.micros() % kSlices : 0));
            run.runUntil(until);
            progress.show(static_cast<double>(slice) / kSlices,
                          "(" + formatDuration(until) + " of " + formatDuration(plan.duration) +
                              ")");
        }
        progress.finish();
        run.setTraceOutput(nullptr);
        if (busLog) {
            busLog->finish();
            run.removeObserver(&*busLog);
        }
        if (auto error = run.limitError()) {
            fail("simulate", *modelPath + ": " + error->message);
            return kExitBadInput;
        }
        if (traceFile) {
            if (auto written = traceFile->commit(); !written) {
                fail("simulate", written.error().message);
                return kExitBadInput;
            }
        }
        report = run.report();
        if (archiving) {
            if (auto error = run.archiveError()) {
                fail("simulate", "archiving failed: " + error->message);
                return kExitBadInput;
            }
            // Retention counts from simulated ingestion times, so a run shorter than a
            // retention period purges nothing it wrote.
            auto &archives = report["archives"];
            for (auto it = archives.begin(); it != archives.end(); ++it) {
                const std::string key = it.key();
                const auto slash = key.find('/');
                const model::ElementId bus{key.substr(0, slash)};
                const std::string name = key.substr(slash + 1);
                auto purged = store->purgeExpired(bus, name, run.now());
                auto stored = purged ? store->count(bus, name) : Result<std::uint64_t>(purged);
                if (!stored) {
                    fail("simulate", stored.error().message);
                    return kExitBadInput;
                }
                it.value()["purged"] = *purged;
                it.value()["stored"] = *stored;
            }
            run.setArchiveSink(nullptr);
            archive.reset();
            if (auto committed = store->commitRun(); !committed) {
                fail("simulate", committed.error().message);
                return kExitBadInput;
            }
            if (auto closed = store->close(); !closed) {
                fail("simulate", closed.error().message);
                return kExitBadInput;
            }
        }
        report["time_series"] = timeSeriesJson(run, reportBucket(plan.duration));
        if (plan.hasScenario) {
            nlohmann::ordered_json assertions = nlohmann::ordered_json::array();
            for (const sim::AssertionResult &r : sim::evaluate(plan.scenario.assertions, run)) {
                assertions.push_back(
                    {{"assertion", r.text}, {"passed", r.passed}, {"actual", r.actual}});
                allPassed = allPassed && r.passed;
            }
            report["assertions"] = std::move(assertions);
        }
    } else {
        // Check the model once, so a broken model is one error rather than one per run.
        if (auto probe = makeSimulation(plan, plan.seed, false); !probe) {
            fail("simulate", *modelPath + ": " + probe.error().message);
            return kExitBadInput;
        } else if (auto unknown =
                       sim::checkAssertionElements(plan.scenario.assertions, probe.value())) {
            fail("simulate", *args.value("scenario") + ": " + unknown->message);
            return kExitBadInput;
        }
        std::vector<std::optional<Error>> limitErrors(runs);
        ProgressBar progress(terminal);
        std::vector<std::vector<sim::AssertionResult>> outcomes(runs);
        auto reports = sim::runSweep(
            plan.seed, runs, 0,
            [&](std::uint64_t seed) {
                auto simulation = makeSimulation(plan, seed, false);
                sim::Simulation &run = simulation.value();
                static_cast<void>(sim::scheduleScenarioPuts(run, plan.scenario));
                run.runUntil(plan.duration);
                limitErrors[seed - plan.seed] = run.limitError();
                outcomes[seed - plan.seed] = sim::evaluate(plan.scenario.assertions, run);
                return run.report();
            },
            [&](std::size_t done) {
                progress.show(static_cast<double>(done) / static_cast<double>(runs),
                              "(" + std::to_string(done) + " of " + std::to_string(runs) +
                                  " runs)");
            });
        progress.finish();
        for (std::size_t r = 0; r < runs; ++r) {
            if (limitErrors[r]) {
                fail("simulate", *modelPath + ": run with seed " + std::to_string(plan.seed + r) +
                                     ": " + limitErrors[r]->message);
                return kExitBadInput;
            }
        }
        report["runs"] = runs;
        report["seeds"] = {{"first", plan.seed}, {"last", plan.seed + runs - 1}};
        report["distribution"] = sim::summariseReports(reports);
        if (plan.hasScenario) {
            nlohmann::ordered_json assertions = nlohmann::ordered_json::array();
            for (std::size_t a = 0; a < plan.scenario.assertions.size(); ++a) {
                std::size_t passed = 0;
                nlohmann::ordered_json failedSeeds = nlohmann::ordered_json::array();
                for (std::size_t r = 0; r < runs; ++r) {
                    if (outcomes[r][a].passed) {
                        ++passed;
                    } else if (failedSeeds.size() < 10) {
                        failedSeeds.push_back(plan.seed + r);
                    }
                }
                assertions.push_back({{"assertion", plan.scenario.assertions[a].text},
                                      {"passed_runs", passed},
                                      {"failed_runs", runs - passed},
                                      {"first_failed_seeds", std::move(failedSeeds)}});
                allPassed = allPassed && passed == runs;
            }
            report["assertions"] = std::move(assertions);
        }
    }
    report["findings"] = findingsJson(plan.project);
    if (!writeOutput(args.value("report"), report.dump(2) + "\n")) {
        return kExitBadInput;
    }
    return allPassed ? kExitOk : kExitCheckFailed;
}

} // namespace sg::cli
