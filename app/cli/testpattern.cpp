// test-pattern: AWS TestEventPattern, offline.

#include "cli.h"
#include "jsonlines.h"

#include "core/jsoncheck.h"
#include "core/jsontype.h"
#include "pattern/testevent.h"

#include <iostream>

namespace sg::cli {

namespace {

constexpr std::string_view kCommand = "test-pattern";

using Json = nlohmann::ordered_json;

// Line and column (1-based, counting bytes) of a byte offset.
Error positioned(std::string_view text, std::size_t offset, std::string message) {
    Error error;
    error.message = std::move(message);
    error.offset = std::min(offset, text.size());
    error.line = 1;
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < error.offset; ++i) {
        if (text[i] == '\n') {
            ++error.line;
            lineStart = i + 1;
        }
    }
    error.column = static_cast<int>(error.offset - lineStart) + 1;
    return error;
}

// Why AWS's "Parameter Event is not valid." applies to `text`, and where: AWS says only that,
// a person needs the place.
Error explainInvalidEvent(std::string_view text) {
    nlohmann::json event;
    try {
        event = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error &e) {
        // e.byte counts the bytes read, the offending one included.
        return positioned(text, e.byte > 0 ? e.byte - 1 : 0, "the event is not valid JSON");
    } catch (const nlohmann::json::exception &) {
        return Error{.message = "the event is not valid JSON"};
    }
    const std::size_t start = std::min(text.find_first_not_of(" \t\r\n"), text.size());
    if (!event.is_object()) {
        return positioned(text, start,
                          "the event is " + describeJsonType(event) + ", not a JSON object");
    }
    for (std::string_view field : model::kRequiredTestEventFields) {
        if (!event.contains(field)) {
            return positioned(text, start,
                              "the event has no \"" + std::string(field) +
                                  "\" (AWS requires id, account, source, time, region and "
                                  "detail-type)");
        }
    }
    return Error{.message = "the event was refused"};
}

} // namespace

Json testPatternLine(const Json &line) {
    Json result;
    result["id"] = line.contains("id") ? line["id"] : Json();
    auto text = [&](std::string_view key, std::string_view rawKey, bool rawFlag) {
        if (rawFlag && line.contains(key) && line[key].is_string()) {
            return line[key].get<std::string>();
        }
        if (line.contains(rawKey) && line[rawKey].is_string()) {
            return line[rawKey].get<std::string>();
        }
        return line.contains(key) ? compactJson(line[key]) : std::string();
    };
    bool patternIsRaw = false;
    if (const auto flag = line.find("pattern_is_raw_text"); flag != line.end()) {
        if (!flag->is_boolean()) {
            result["error"] =
                "\"pattern_is_raw_text\" must be true or false, not " + describeJsonType(*flag);
            return result;
        }
        patternIsRaw = flag->get<bool>();
    }
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
    // An event given as text ("event_raw") meets the limit the line itself met. (A pattern needs
    // no such check: AWS's size limit of 2048 characters keeps it shallow.)
    if (std::optional<Error> deep = findExcessiveJsonNesting(event)) {
        result["error"] = "the event is " + deep->message + " (at column " +
                          std::to_string(deep->column) + " of its text)";
        return result;
    }
    auto outcome = model::testEventPattern(pattern, event);
    if (outcome) {
        result["match"] = *outcome;
    } else {
        result["error"] = outcome.error().message;
    }
    return result;
}

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
        return forEachJsonLine(*batch, std::cout, testPatternLine) ? kExitOk : kExitBadInput;
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
    auto pattern = readJsonInput(*patternPath, false); // AWS's parser words a NUL its own way
    if (!pattern) {
        return kExitBadInput;
    }
    auto event = readJsonInput(*eventPath);
    if (!event) {
        return kExitBadInput;
    }
    auto outcome = model::testEventPattern(*pattern, *event);
    if (!outcome) {
        const auto &e = outcome.error();
        std::cerr << e.message << "\n";
        if (e.message == model::kInvalidTestEventMessage) {
            const Error why = explainInvalidEvent(*event);
            std::cerr << "  at " << where(*eventPath, why) << ": " << why.message << "\n";
        } else if (e.hasPosition() && e.message.starts_with("Event pattern is not valid")) {
            std::cerr << "  at " << where(*patternPath, e) << "\n";
        }
        return kExitBadInput;
    }
    std::cout << (*outcome ? "true" : "false") << "\n";
    return kExitOk;
}

} // namespace sg::cli
