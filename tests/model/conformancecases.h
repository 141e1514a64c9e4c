#pragma once
// ConformanceCases: the AWS-observed pattern cases in ../shared/conformance, loaded for the pattern
// tests, and a runner that checks one matching engine against all of them (the reference evaluator
// and the compiled Matcher each get a TEST that calls it).

#include "pattern/eventpattern.h"
#include "pattern/patternparser.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sg::test {

// One line of open_localstack.jsonl.
struct PatternCase {
    std::string id;
    std::string patternText; // exactly what AWS was sent
    bool valid = false;
    std::string error;  // valid == false: AWS's message
    bool match = false; // valid == true: whether AWS matched the event
    nlohmann::json event;
};

// One line of open_localstack_invalid_events.jsonl.
struct InvalidEventCase {
    std::string id;
    std::string patternText;
    std::string eventText;
    std::string error;
};

inline std::filesystem::path conformanceDir() {
    return std::filesystem::path(SG_SHARED_DIR) / "conformance";
}

namespace detail {

// Each JSON line of a file, or nullopt when the file is missing.
inline std::optional<std::vector<nlohmann::ordered_json>> readJsonLines(const char *name) {
    std::ifstream in(conformanceDir() / name);
    if (!in) {
        return std::nullopt;
    }
    std::vector<nlohmann::ordered_json> lines;
    std::string line;
    while (std::getline(in, line)) {
        if (line.find_first_not_of(" \t\r") != std::string::npos) {
            lines.push_back(nlohmann::ordered_json::parse(line));
        }
    }
    return lines;
}

// Patterns stored as JSON values are sent as compact text with their key order kept.
inline std::string patternText(const nlohmann::ordered_json &line) {
    const nlohmann::ordered_json &pattern = line.at("pattern");
    if (line.value("pattern_is_raw_text", false)) {
        return pattern.get<std::string>();
    }
    return pattern.dump();
}

} // namespace detail

// The 183 pattern cases, or nullopt when the shared folder is absent.
inline std::optional<std::vector<PatternCase>> loadPatternCases() {
    auto lines = detail::readJsonLines("open_localstack.jsonl");
    if (!lines) {
        return std::nullopt;
    }
    std::vector<PatternCase> cases;
    for (const nlohmann::ordered_json &line : *lines) {
        PatternCase c;
        c.id = line.at("id").get<std::string>();
        c.patternText = detail::patternText(line);
        c.valid = line.at("valid").get<bool>();
        if (c.valid) {
            c.match = line.at("match").get<bool>();
        } else {
            c.error = line.at("error").get<std::string>();
        }
        c.event = nlohmann::json::parse(line.at("event").dump());
        cases.push_back(std::move(c));
    }
    return cases;
}

// The 3 invalid-event cases, or nullopt when the shared folder is absent.
inline std::optional<std::vector<InvalidEventCase>> loadInvalidEventCases() {
    auto lines = detail::readJsonLines("open_localstack_invalid_events.jsonl");
    if (!lines) {
        return std::nullopt;
    }
    std::vector<InvalidEventCase> cases;
    for (const nlohmann::ordered_json &line : *lines) {
        cases.push_back(InvalidEventCase{
            line.at("id").get<std::string>(), detail::patternText(line),
            line.at("event_raw").get<std::string>(), line.at("error").get<std::string>()});
    }
    return cases;
}

// A matching engine under test: whether `pattern` matches `event`.
using MatchEngine = std::function<bool(const model::EventPattern &, const nlohmann::json &)>;

// Runs every case: valid patterns must parse and `engine` must give AWS's match result; invalid
// patterns must fail with exactly AWS's message. Returns one line per disagreement.
inline std::vector<std::string> patternConformanceFailures(const std::vector<PatternCase> &cases,
                                                           const MatchEngine &engine) {
    std::vector<std::string> failures;
    for (const PatternCase &c : cases) {
        const Result<model::EventPattern> parsed = model::parseEventPattern(c.patternText);
        if (!c.valid) {
            if (parsed.ok()) {
                failures.push_back(c.id + ": accepted, AWS said \"" + c.error + "\"");
            } else if (parsed.error().message != c.error) {
                failures.push_back(c.id + ": \"" + parsed.error().message + "\", AWS said \"" +
                                   c.error + "\"");
            }
            continue;
        }
        if (!parsed.ok()) {
            failures.push_back(c.id + ": rejected with \"" + parsed.error().message + "\"");
            continue;
        }
        const bool matched = engine(*parsed, c.event);
        if (matched != c.match) {
            failures.push_back(c.id + ": " + (matched ? "matched" : "did not match") + ", AWS " +
                               (c.match ? "matched" : "did not match"));
        }
    }
    return failures;
}

} // namespace sg::test
