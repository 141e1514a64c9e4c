// test-pattern: AWS TestEventPattern, offline.

#include "cli.h"
#include "jsonlines.h"

#include "pattern/testevent.h"

#include <iostream>

namespace sg::cli {

namespace {

constexpr std::string_view kCommand = "test-pattern";

nlohmann::ordered_json testOne(const nlohmann::ordered_json &line) {
    nlohmann::ordered_json result;
    result["id"] = line.contains("id") ? line["id"] : nlohmann::ordered_json();
    auto text = [&](std::string_view key, std::string_view rawKey, bool rawFlag) {
        if (rawFlag && line.contains(key) && line[key].is_string()) {
            return line[key].get<std::string>();
        }
        if (line.contains(rawKey) && line[rawKey].is_string()) {
            return line[rawKey].get<std::string>();
        }
        return line.contains(key) ? compactJson(line[key]) : std::string();
    };
    const bool patternIsRaw = line.value("pattern_is_raw_text", false);
    if (!line.contains("pattern")) {
        result["error"] = "missing field \"pattern\"";
        return result;
    }
    if (!line.contains("event") && !line.contains("event_raw")) {
        result["error"] = "missing field \"event\" (or \"event_raw\")";
        return result;
    }
    const std::string pattern = text("pattern", "pattern_raw", patternIsRaw);
    const std::string event = text("event", "event_raw", false);
    auto outcome = model::testEventPattern(pattern, event);
    if (outcome) {
        result["match"] = *outcome;
    } else {
        result["error"] = outcome.error().message;
    }
    return result;
}

} // namespace

int runTestPattern(const std::vector<std::string> &argv) {
    Args args(argv, {});
    if (!args.checkKnown(kCommand, {"pattern", "event", "batch"})) {
        return kExitBadInput;
    }
    if (auto batch = args.value("batch")) {
        if (args.has("pattern") || args.has("event")) {
            fail(kCommand, "--batch cannot be combined with --pattern/--event");
            return kExitBadInput;
        }
        return forEachJsonLine(*batch, std::cout, testOne) ? kExitOk : kExitBadInput;
    }
    auto patternPath = args.value("pattern");
    auto eventPath = args.value("event");
    if (!patternPath || !eventPath) {
        fail(kCommand, "needs --pattern FILE and --event FILE, or --batch FILE.jsonl");
        return kExitBadInput;
    }
    if (*patternPath == "-" && *eventPath == "-") {
        fail(kCommand, "only one of --pattern and --event can read standard input");
        return kExitBadInput;
    }
    auto pattern = readInput(*patternPath);
    auto event = readInput(*eventPath);
    if (!pattern || !event) {
        return kExitBadInput;
    }
    auto outcome = model::testEventPattern(*pattern, *event);
    if (!outcome) {
        const auto &e = outcome.error();
        std::cerr << e.message << "\n";
        if (e.hasPosition() && e.message.starts_with("Event pattern is not valid")) {
            std::cerr << "  at " << *patternPath << ":" << e.line << ":" << e.column << "\n";
        }
        return kExitBadInput;
    }
    std::cout << (*outcome ? "true" : "false") << "\n";
    return kExitOk;
}

} // namespace sg::cli
