#include "sandboxevaluator.h"

#include "pattern/matcher.h"
#include "pattern/patternparser.h"
#include "pattern/testevent.h"
#include "targetinput.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string_view>

namespace sg::app {

namespace {

constexpr model::RuleId kSandboxRule = 1;

bool isBlank(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

TextProblem problemFrom(const Error &error, std::string_view text) {
    TextProblem problem;
    problem.message = error.message;
    problem.offset = error.offset;
    problem.line = error.line;
    problem.column = error.column;
    completePosition(text, problem);
    return problem;
}

std::string stringField(const nlohmann::ordered_json &event, const char *key) {
    const auto it = event.find(key);
    return it != event.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string summaryOf(const nlohmann::ordered_json &event) {
    const std::string source = stringField(event, "source");
    const std::string detailType = stringField(event, "detail-type");
    if (source.empty() || detailType.empty()) {
        return source.empty() ? detailType : source;
    }
    return source + " \u00b7 " + detailType;
}

// The envelope fields AWS's TestEventPattern insists on that the event lacks.
std::string missingEnvelopeFields(const nlohmann::ordered_json &event) {
    std::string missing;
    for (const std::string_view field : model::kRequiredTestEventFields) {
        if (!event.contains(field)) {
            missing += missing.empty() ? "" : ", ";
            missing += field;
        }
    }
    return missing;
}

} // namespace

SandboxVerdict evaluateSandbox(const SandboxRequest &request) {
    SandboxVerdict verdict;
    verdict.patternEmpty = isBlank(request.pattern);

    model::Matcher matcher;
    if (!verdict.patternEmpty) {
        Result<model::EventPattern> pattern = model::parseEventPattern(request.pattern);
        if (pattern.ok()) {
            verdict.patternValid = true;
            matcher.add(kSandboxRule, pattern.value());
        } else {
            verdict.patternError = problemFrom(pattern.error(), request.pattern);
        }
    }

    const TargetInputPlan plan = planTargetInput(request.target);
    verdict.targetConfigError = plan.error();
    verdict.targetConfigField = plan.errorField();
    verdict.targetWarnings = plan.warnings();

    std::vector<model::RuleId> matched;
    verdict.events.reserve(request.events.size());
    for (const std::string &text : request.events) {
        EventVerdict &event = verdict.events.emplace_back();
        if (isBlank(text)) {
            continue; // Pending: nothing typed yet
        }
        nlohmann::ordered_json document;
        if (std::optional<TextProblem> syntax = checkJsonSyntax(text)) {
            event.status = EventStatus::Invalid;
            event.error = std::move(syntax);
            continue;
        }
        document = nlohmann::ordered_json::parse(text);
        if (!document.is_object()) {
            event.status = EventStatus::Invalid;
            event.error = TextProblem{"An event must be a JSON object", 0, 1, 1};
            continue;
        }
        event.summary = summaryOf(document);
        if (const std::string missing = missingEnvelopeFields(document); !missing.empty()) {
            event.warning = "AWS's TestEventPattern would refuse this event (\"" +
                            std::string(model::kInvalidTestEventMessage) + "\"): no " + missing;
        }
        if (!verdict.patternValid) {
            continue;
        }
        matcher.match(document, matched);
        const bool matches =
            std::find(matched.begin(), matched.end(), kSandboxRule) != matched.end();
        event.status = matches ? EventStatus::Match : EventStatus::NoMatch;
        if (matches && !verdict.targetConfigError) {
            TargetInputResult input = plan.apply(document);
            event.delivered = input.delivered;
            event.targetInput = std::move(input.text);
            event.targetError = std::move(input.error);
        }
    }
    return verdict;
}

} // namespace sg::app
