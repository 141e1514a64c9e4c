#include "targetinput.h"

#include "transform/inputtransformer.h"
#include "transform/jsonwriter.h"

#include <nlohmann/json.hpp>

#include <utility>

namespace sg::app {

namespace {

constexpr std::string_view kTargetId = "sandbox-target";
constexpr std::string_view kRuleName = "sandbox-rule";
constexpr std::string_view kRuleArn = "arn:aws:events:us-east-1:123456789012:rule/sandbox-rule";

// Where the value of `key` starts in the paths map text (just after its opening quote), so a
// position the model reports inside that path can be shown in the paths map editor.
std::size_t valueOffsetOfKey(std::string_view mapText, std::string_view key) {
    std::string quoted;
    model::appendJsonString(quoted, key);
    std::size_t at = mapText.find(quoted);
    while (at != std::string_view::npos) {
        std::size_t i = at + quoted.size();
        while (i < mapText.size() && (mapText[i] == ' ' || mapText[i] == '\t' ||
                                      mapText[i] == '\n' || mapText[i] == '\r')) {
            ++i;
        }
        if (i < mapText.size() && mapText[i] == ':') {
            const std::size_t quote = mapText.find('"', i);
            return quote == std::string_view::npos ? i : quote + 1;
        }
        at = mapText.find(quoted, at + 1);
    }
    return TextProblem::kNoOffset;
}

} // namespace

struct TargetInputPlan::State {
    std::optional<model::CompiledInput> compiled;
    std::optional<TextProblem> error;
    TargetField errorField = TargetField::None;

    void fail(TargetField field, TextProblem problem, std::string_view text) {
        completePosition(text, problem);
        error = std::move(problem);
        errorField = field;
    }

    // Reads the InputPathsMap editor: a JSON object whose values are path strings.
    bool readPathsMap(const std::string &text,
                      std::vector<std::pair<std::string, std::string>> &out) {
        const bool blank = text.find_first_not_of(" \t\r\n") == std::string::npos;
        if (blank) {
            return true;
        }
        if (std::optional<TextProblem> syntax = checkJsonSyntax(text)) {
            fail(TargetField::InputPathsMap, std::move(*syntax), text);
            return false;
        }
        const auto map = nlohmann::ordered_json::parse(text);
        if (!map.is_object()) {
            fail(TargetField::InputPathsMap,
                 {"InputPathsMap must be a JSON object of variable names to paths", 0, 0, 0}, text);
            return false;
        }
        for (const auto &[key, value] : map.items()) {
            if (!value.is_string()) {
                TextProblem problem{"InputPathsMap value for \"" + key + "\" must be a string",
                                    valueOffsetOfKey(text, key), 0, 0};
                if (problem.offset != TextProblem::kNoOffset && problem.offset > 0) {
                    --problem.offset; // no opening quote: point at the value itself
                }
                fail(TargetField::InputPathsMap, std::move(problem), text);
                return false;
            }
            out.emplace_back(key, value.get<std::string>());
        }
        return true;
    }
};

TargetInputPlan::TargetInputPlan(const TargetInputConfig &config)
    : m_state(std::make_unique<State>()) {
    model::TargetInput input;
    switch (config.mode) {
    case TargetInputMode::WholeEvent:
        input = model::TargetInput::wholeEvent();
        break;
    case TargetInputMode::InputPath:
        input = model::TargetInput::path(config.inputPath);
        break;
    case TargetInputMode::InputTransformer: {
        std::vector<std::pair<std::string, std::string>> map;
        if (!m_state->readPathsMap(config.inputPathsMap, map)) {
            return;
        }
        input = model::TargetInput::transformer(std::move(map), config.inputTemplate);
        break;
    }
    }

    Result<model::CompiledInput> compiled = model::compileTargetInput(input, kTargetId);
    if (compiled.ok()) {
        m_state->compiled = std::move(compiled.value());
        return;
    }

    const Error &error = compiled.error();
    TextProblem problem{error.message, error.offset, 0, 0};
    const std::string_view field = error.field;
    constexpr std::string_view kMapPrefix = "InputTransformer.InputPathsMap.";
    if (field == "InputPath") {
        m_state->fail(TargetField::InputPath, std::move(problem), config.inputPath);
    } else if (field == "InputTransformer.InputTemplate") {
        m_state->fail(TargetField::InputTemplate, std::move(problem), config.inputTemplate);
    } else if (field.substr(0, kMapPrefix.size()) == kMapPrefix) {
        const std::size_t valueStart =
            valueOffsetOfKey(config.inputPathsMap, field.substr(kMapPrefix.size()));
        problem.offset = valueStart == TextProblem::kNoOffset || error.offset == Error::kNoOffset
                             ? valueStart
                             : valueStart + error.offset;
        m_state->fail(TargetField::InputPathsMap, std::move(problem), config.inputPathsMap);
    } else {
        problem.offset = TextProblem::kNoOffset;
        m_state->fail(TargetField::None, std::move(problem), {});
    }
}

TargetInputPlan::~TargetInputPlan() = default;
TargetInputPlan::TargetInputPlan(TargetInputPlan &&) noexcept = default;
TargetInputPlan &TargetInputPlan::operator=(TargetInputPlan &&) noexcept = default;

std::optional<TextProblem> TargetInputPlan::error() const {
    return m_state->error;
}

TargetField TargetInputPlan::errorField() const {
    return m_state->errorField;
}

std::vector<std::string> TargetInputPlan::warnings() const {
    return m_state->compiled ? m_state->compiled->warnings() : std::vector<std::string>{};
}

TargetInputResult TargetInputPlan::apply(const nlohmann::ordered_json &event) const {
    if (!m_state->compiled) {
        return {};
    }
    const model::TransformContext context{kRuleArn, kRuleName, {}};
    model::Delivery delivery = m_state->compiled->apply(event, context);
    return {delivery.delivered, std::move(delivery.text), std::move(delivery.reason)};
}

} // namespace sg::app
