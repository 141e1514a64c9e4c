// match: a set of named rules against a stream of events, through the compiled bus matcher.

#include "cli.h"
#include "jsonlines.h"

#include "core/jsoncheck.h"
#include "pattern/matcher.h"
#include "pattern/patternparser.h"

#include <iostream>
#include <sstream>
#include <stdexcept>

namespace sg::cli {

namespace {

constexpr std::string_view kCommand = "match";

} // namespace

int runMatch(const std::vector<std::string> &argv) {
    Args args(argv, {"count"});
    if (!args.checkKnown(kCommand, {"rules", "events", "count"})) {
        return kExitBadInput;
    }
    auto rulesPath = args.value("rules");
    auto eventsPath = args.value("events");
    if (!rulesPath || !eventsPath) {
        fail(kCommand, "needs --rules RULES.json and --events EVENTS.jsonl");
        return kExitBadInput;
    }
    if (*rulesPath == "-" && *eventsPath == "-") {
        fail(kCommand, "only one of --rules and --events can read standard input");
        return kExitBadInput;
    }
    auto rulesText = readJsonInput(*rulesPath);
    if (!rulesText) {
        return kExitBadInput;
    }
    nlohmann::ordered_json rules;
    try {
        rules = nlohmann::ordered_json::parse(*rulesText);
    } catch (const nlohmann::json::exception &e) {
        fail(kCommand, *rulesPath + ": not valid JSON: " + e.what());
        return kExitBadInput;
    }
    if (!rules.is_array()) {
        fail(kCommand, *rulesPath + ": expected a JSON array of {\"name\":...,\"pattern\":...}");
        return kExitBadInput;
    }
    std::vector<std::string> names;
    model::Matcher matcher;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const auto &rule = rules[i];
        const std::string where = *rulesPath + ": rule " + std::to_string(i + 1);
        if (!rule.is_object() || !rule.contains("name") || !rule["name"].is_string() ||
            !rule.contains("pattern")) {
            fail(kCommand, where + ": needs a string \"name\" and a \"pattern\"");
            return kExitBadInput;
        }
        const std::string name = rule["name"].get<std::string>();
        const std::string text = rule["pattern"].is_string() ? rule["pattern"].get<std::string>()
                                                             : compactJson(rule["pattern"]);
        auto pattern = model::parseEventPattern(text);
        if (!pattern) {
            fail(kCommand, where + " (\"" + name + "\"): " + pattern.error().message);
            return kExitBadInput;
        }
        matcher.add(static_cast<model::RuleId>(names.size()), *pattern);
        names.push_back(name);
    }

    auto eventsText = readInput(*eventsPath);
    if (!eventsText) {
        return kExitBadInput;
    }
    const bool countOnly = args.has("count");
    std::vector<std::uint64_t> counts(names.size(), 0);
    std::vector<model::RuleId> matched;
    std::istringstream lines(*eventsText);
    std::string line;
    long number = 0;
    int status = kExitOk;
    while (std::getline(lines, line)) {
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) {
            continue;
        }
        nlohmann::json event;
        try {
            if (std::optional<Error> problem = checkJsonText(line)) {
                throw std::runtime_error("column " + std::to_string(problem->column) + ": " +
                                         problem->message);
            }
            event = nlohmann::json::parse(line);
        } catch (const std::exception &e) {
            fail(kCommand, where(*eventsPath, Error{}) + ":" + std::to_string(number) +
                               ": event is not valid JSON: " + e.what());
            status = kExitBadInput;
            if (!countOnly) {
                std::cout << "[]\n";
            }
            continue;
        }
        matcher.match(event, matched);
        if (countOnly) {
            for (model::RuleId id : matched) {
                ++counts[id];
            }
            continue;
        }
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (model::RuleId id : matched) {
            out.push_back(names[id]);
        }
        std::cout << compactJson(out) << '\n';
    }
    if (countOnly) {
        for (std::size_t i = 0; i < names.size(); ++i) {
            std::cout << names[i] << '\t' << counts[i] << '\n';
        }
    }
    return status;
}

} // namespace sg::cli
