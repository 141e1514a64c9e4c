// replay: put a window of an archive (filled by `simulate --archive`) back on its bus and report
// what EventBridge would do with it.

#include "cli.h"

#include "archivestore.h"
#include "io/atomicfile.h"
#include "io/projectfile.h"
#include "replay.h"
#include "simulation.h"

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace sg::cli {

namespace {

using sim::SimTime;

constexpr std::uint64_t kReplaySeed = 1;
constexpr const char *kReplayName = "stormglass-replay";

// TIME: a duration from simulated time 0 (`0s`, `10m`) or an ISO 8601 UTC time.
std::optional<SimTime> parseTime(const std::string &text, const sim::GeneratorSettings &settings) {
    if (auto duration = sim::parseDuration(text)) {
        return *duration;
    }
    return sim::parseIsoTime(text, settings);
}

// NAME is ARCHIVE or BUS_ID/ARCHIVE; an ARCHIVE alone must name exactly one archive.
Result<sim::ArchiveRef> resolveArchive(const model::Project &project, const std::string &name) {
    std::vector<sim::ArchiveRef> found;
    std::string every; // BUS_ID/ARCHIVE of each archive, for the message when none matches
    const auto slash = name.find('/');
    for (const model::Element &element : project.elements()) {
        const auto *bus = std::get_if<model::Bus>(&element);
        if (bus == nullptr) {
            continue;
        }
        for (const model::Archive &a : bus->archives) {
            every.append(every.empty() ? "" : ", ")
                .append(bus->id.value)
                .append("/")
                .append(a.name);
            const bool matches =
                slash == std::string::npos
                    ? a.name == name
                    : bus->id.value == name.substr(0, slash) && a.name == name.substr(slash + 1);
            if (matches) {
                found.push_back(sim::ArchiveRef{bus->id.value, a.name});
            }
        }
    }
    Error error;
    if (found.empty()) {
        error.message = "--archive: the model has no archive '" + name + "'" +
                        (every.empty() ? std::string("; it has no archives at all")
                                       : "; its archives: " + every);
        return error;
    }
    if (found.size() > 1) {
        error.message = "--archive: '" + name + "' names archives of several buses; write one as";
        for (const sim::ArchiveRef &ref : found) {
            error.message.append(" ").append(ref.bus).append("/").append(ref.name);
        }
        return error;
    }
    return found.front();
}

// `--rules A,B`: the rules the replay goes to, as StartReplay's Destination.FilterArns names
// them (EventBridge API reference, ReplayDestination: the rules to replay events to, all of the
// archive's bus). Each must be a rule of the model on the archive's bus, named once.
Result<std::vector<std::string>> resolveRules(const model::Project &project,
                                              std::string_view list, const std::string &bus) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        const std::string id(list.substr(start, comma - start));
        start = comma + 1;
        Error error;
        if (id.empty()) {
            error.message = "--rules: expected rule ids separated by commas, got '" +
                            std::string(list) + "'";
            return error;
        }
        const auto *rule = project.get<model::Rule>(model::ElementId{id});
        if (rule == nullptr) {
            error.message = "--rules: the model has no rule '" + id + "'";
            return error;
        }
        if (rule->bus.value != bus) {
            error.message = "--rules: rule '" + id + "' is on bus '" + rule->bus.value +
                            "', not on the archive's bus '" + bus + "'";
            return error;
        }
        if (std::find(out.begin(), out.end(), id) != out.end()) {
            error.message = "--rules: rule '" + id + "' is named twice";
            return error;
        }
        out.push_back(id);
    }
    return out;
}

} // namespace

int runReplay(const std::vector<std::string> &argv) {
    const Args args(argv, {});
    if (!args.checkKnown("replay", {"archive", "from", "to", "order", "pace", "rate", "duration",
                                    "seed", "report", "rules"})) {
        return kExitBadInput;
    }
    if (args.positional().size() != 1) {
        fail("replay", "expected one MODEL file (see: stormglass-cli help replay)");
        return kExitBadInput;
    }
    const std::string modelPath = args.positional()[0];
    if (!modelPath.ends_with(".stormglass")) {
        fail("replay",
             "archives are kept in a .stormglass project file, and '" + modelPath + "' is not one");
        return kExitBadInput;
    }
    if (const auto report = args.value("report");
        report && !outputIsNotAnInput("replay", "--report", *report, {modelPath})) {
        return kExitBadInput;
    }
    for (const char *required : {"archive", "from", "to"}) {
        if (!args.value(required)) {
            fail("replay", std::string("--") + required + " is required");
            return kExitBadInput;
        }
    }
    sim::SimulationOptions options;
    options.runProducers = false; // the replay is the only input
    options.seed = kReplaySeed;
    if (auto seed = args.value("seed")) {
        std::optional<std::uint64_t> parsed = parseWholeNumber(*seed);
        if (!parsed) {
            fail("replay", "--seed: expected a whole number from 0 to 18446744073709551615, got '" +
                               *seed + "'");
            return kExitBadInput;
        }
        options.seed = *parsed;
    }

    sim::ReplaySpec spec;
    spec.name = kReplayName;
    const auto from = parseTime(*args.value("from"), options.generator);
    const auto to = parseTime(*args.value("to"), options.generator);
    if (!from || !to) {
        fail("replay", std::string(!from ? "--from" : "--to") +
                           ": expected a duration from simulated time 0 (e.g. 10m) or an ISO "
                           "8601 time (e.g. 2026-01-01T00:10:00Z), got '" +
                           *args.value(!from ? "from" : "to") + "'");
        return kExitBadInput;
    }
    if (!(*from < *to)) {
        fail("replay", "--from must come before --to (from " + sim::formatDuration(*from) +
                           ", to " + sim::formatDuration(*to) + ")");
        return kExitBadInput;
    }
    spec.from = *from;
    spec.to = *to;
    const std::string order = args.value("order").value_or("buckets");
    if (order != "buckets" && order != "original") {
        fail("replay", "--order: expected buckets or original, got '" + order + "'");
        return kExitBadInput;
    }
    spec.order = order == "buckets" ? sim::ReplayOrder::Buckets : sim::ReplayOrder::Original;
    const std::string pace = args.value("pace").value_or("fast");
    if (pace != "fast" && pace != "original") {
        fail("replay", "--pace: expected fast or original, got '" + pace + "'");
        return kExitBadInput;
    }
    spec.pace = pace == "fast" ? sim::ReplayPace::AsFastAsPossible : sim::ReplayPace::OriginalPace;
    if (auto text = args.value("rate")) {
        const std::optional<std::uint64_t> rate = parseWholeNumber(*text);
        if (!rate || *rate > 1'000'000'000) {
            fail("replay", "--rate: expected events per second, a whole number from 0 (all at "
                           "once) to 1000000000, got '" +
                               *text + "'");
            return kExitBadInput;
        }
        spec.rate = static_cast<double>(*rate);
    }
    std::optional<SimTime> duration;
    if (auto text = args.value("duration")) {
        auto parsed = sim::parseDuration(*text);
        if (!parsed || parsed->isZero()) {
            fail("replay",
                 "--duration: expected a duration longer than 0s, e.g. 10m; got '" + *text + "'");
            return kExitBadInput;
        }
        duration = *parsed;
    }

    auto project = model::loadProject(modelPath);
    if (!project) {
        fail("replay", project.error().message);
        return kExitBadInput;
    }
    auto archive = resolveArchive(*project, *args.value("archive"));
    if (!archive) {
        fail("replay", archive.error().message);
        return kExitBadInput;
    }
    spec.archive = *archive;
    if (auto rules = args.value("rules")) {
        auto ruleIds = resolveRules(*project, *rules, spec.archive.bus);
        if (!ruleIds) {
            fail("replay", modelPath + ": " + ruleIds.error().message);
            return kExitBadInput;
        }
        spec.rules = std::move(*ruleIds);
    }

    auto store = sim::ArchiveStore::open(modelPath);
    if (!store) {
        fail("replay", store.error().message);
        return kExitBadInput;
    }
    sim::StoreArchive source(*store);
    auto simulation = sim::Simulation::create(*project, options);
    if (!simulation) {
        fail("replay", modelPath + ": " + simulation.error().message);
        return kExitBadInput;
    }
    sim::Simulation &run = *simulation;
    if (auto started = run.startReplay(spec, source); !started) {
        fail("replay", started.error().message);
        return kExitBadInput;
    }
    if (duration) {
        run.runUntil(*duration);
    } else {
        run.run(); // until the replay and every delivery it caused are done
    }
    const sim::ReplayStatus status = *run.replayStatus(spec.name);

    nlohmann::ordered_json report = run.report();
    report["replay"] = {{"name", status.name},
                        {"archive", spec.archive.bus + "/" + spec.archive.name},
                        {"from_seconds", spec.from.toSeconds()},
                        {"to_seconds", spec.to.toSeconds()},
                        {"order", order},
                        {"pace", pace},
                        {"rate", spec.rate},
                        {"rules", spec.rules},
                        {"state", std::string(sim::replayStateName(status.state))},
                        {"replayed", status.replayed},
                        {"total", status.total}};
    if (!status.error.empty()) {
        report["replay"]["error"] = status.error;
    }
    const std::string text = report.dump(2) + "\n";
    const std::optional<std::string> reportPath = args.value("report");
    if (!reportPath || *reportPath == "-") {
        std::cout << text;
        std::cout.flush();
    } else if (auto written = model::writeFileAtomically(*reportPath, text); !written) {
        fail("replay", written.error().message);
        return kExitBadInput;
    }
    if (status.state == sim::ReplayState::Failed) {
        fail("replay", modelPath + ": the archive " + spec.archive.bus + "/" + spec.archive.name +
                           " could not be read: " + status.error);
        return kExitBadInput;
    }
    return kExitOk;
}

} // namespace sg::cli
