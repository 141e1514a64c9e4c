#include "transform/inputtransformer.h"

#include "transform/jsonwriter.h"

#include <algorithm>
#include <array>
#include <exception>

#include <nlohmann/json.hpp>

namespace sg::model {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kFieldInput = "Input";
constexpr std::string_view kFieldInputPath = "InputPath";
constexpr std::string_view kFieldInputTemplate = "InputTransformer.InputTemplate";
constexpr std::string_view kFieldInputPathsMap = "InputTransformer.InputPathsMap";

// Built-in variables, usable without an InputPathsMap entry. Map keys cannot contain '.', so
// they can never shadow these.
constexpr std::string_view kRuleArn = "aws.events.rule-arn";
constexpr std::string_view kRuleName = "aws.events.rule-name";
constexpr std::string_view kIngestionTime = "aws.events.event.ingestion-time";
constexpr std::string_view kEvent = "aws.events.event";
constexpr std::string_view kEventJson = "aws.events.event.json";

Error configError(std::string message, std::string_view field,
                  std::size_t offset = Error::kNoOffset) {
    Error error;
    error.message = std::move(message);
    error.field = std::string(field);
    error.offset = offset;
    return error;
}

bool isJsonBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Characters of a placeholder name: those of InputPathsMap keys plus '.', which the reserved
// names use. "<a b>", "a < b" or "</p>" are therefore plain text.
bool isPlaceholderChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
}

bool isKeyChar(char c) {
    return isPlaceholderChar(c) && c != '.';
}

// Bytes that change what a JSON string literal means when written into it unescaped.
bool breaksJsonString(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
    });
}

bool acceptsJson(std::string_view text) {
    try {
        return Json::accept(text.begin(), text.end());
    } catch (const std::exception &) {
        return false;
    }
}

// <aws.events.event>: the envelope without "detail", "detail-type" renamed "detailType", in the
// order AWS was observed to use; other envelope keys (replay-name…) follow in event order.
bool appendEventView(std::string &out, const Json &event, std::string_view ingestionTime) {
    if (!event.is_object()) {
        out.append("{}");
        return true;
    }
    constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kOrder{{
        {"id", "id"},
        {"account", "account"},
        {"detail-type", "detailType"},
        {"time", "time"},
        {"source", "source"},
        {"region", "region"},
        {"resources", "resources"},
        {"version", "version"},
    }};
    out.push_back('{');
    bool first = true;
    const auto startMember = [&](std::string_view name) {
        if (!first) {
            out.push_back(',');
        }
        first = false;
        appendJsonString(out, name);
        out.push_back(':');
    };
    for (const auto &[key, shownAs] : kOrder) {
        if (key == "time" && !ingestionTime.empty()) {
            startMember(shownAs);
            appendJsonString(out, ingestionTime);
            continue;
        }
        const auto it = event.find(std::string(key));
        if (it == event.end()) {
            continue;
        }
        startMember(shownAs);
        if (!appendJson(out, *it, kMaxJsonDepth - 1)) {
            return false;
        }
    }
    for (auto it = event.begin(); it != event.end(); ++it) {
        const std::string &key = it.key();
        const bool listed = std::any_of(kOrder.begin(), kOrder.end(),
                                        [&](const auto &entry) { return entry.first == key; });
        if (listed || key == "detail") {
            continue;
        }
        startMember(key);
        if (!appendJson(out, it.value(), kMaxJsonDepth - 1)) {
            return false;
        }
    }
    out.push_back('}');
    return true;
}

} // namespace

TargetInput TargetInput::constant(std::string json) {
    TargetInput input;
    input.input = std::move(json);
    return input;
}

TargetInput TargetInput::path(std::string jsonPath) {
    TargetInput input;
    input.inputPath = std::move(jsonPath);
    return input;
}

TargetInput TargetInput::transformer(std::vector<std::pair<std::string, std::string>> inputPathsMap,
                                     std::string inputTemplate) {
    TargetInput input;
    input.inputTransformer = InputTransformer{std::move(inputPathsMap), std::move(inputTemplate)};
    return input;
}

TargetInputKind TargetInput::kind() const {
    if (inputTransformer) {
        return TargetInputKind::InputTransformer;
    }
    if (inputPath) {
        return TargetInputKind::InputPath;
    }
    if (input) {
        return TargetInputKind::Constant;
    }
    return TargetInputKind::WholeEvent;
}

Result<CompiledInput> compileTargetInput(const TargetInput &input, std::string_view targetId) {
    using Variable = CompiledInput::Variable;
    using SlotContext = CompiledInput::SlotContext;
    const std::string id(targetId);

    const int options = static_cast<int>(input.input.has_value()) +
                        static_cast<int>(input.inputPath.has_value()) +
                        static_cast<int>(input.inputTransformer.has_value());
    if (options > 1) {
        return configError("Only one of Input, InputPath, or InputTransformer must be provided "
                           "for target " +
                               id + ".",
                           "");
    }

    CompiledInput compiled;
    compiled.m_targetId = id;

    if (input.input) {
        const std::string &text = *input.input;
        if (text.size() > kMaxConstantInputLength) {
            return configError("Input for target " + id + " must be at most " +
                                   std::to_string(kMaxConstantInputLength) +
                                   " characters long; it has " + std::to_string(text.size()) + ".",
                               kFieldInput);
        }
        if (!acceptsJson(text)) {
            return configError("Input for target " + id + " is not a valid JSON text.",
                               kFieldInput);
        }
        compiled.m_kind = TargetInputKind::Constant;
        compiled.m_constant = text;
        return compiled;
    }

    if (input.inputPath) {
        auto path = JsonPath::parse(*input.inputPath);
        if (!path) {
            return configError("InputPath for target " + id +
                                   " is not a valid JSON path: " + path.error().message + ".",
                               kFieldInputPath, path.error().offset);
        }
        compiled.m_kind = TargetInputKind::InputPath;
        compiled.m_inputPath = std::move(path).value();
        return compiled;
    }

    if (!input.inputTransformer) {
        compiled.m_kind = TargetInputKind::WholeEvent;
        return compiled;
    }

    // InputTransformer: the paths map first, then the template that uses it.
    compiled.m_kind = TargetInputKind::InputTransformer;
    const InputTransformer &transformer = *input.inputTransformer;
    const auto &map = transformer.inputPathsMap;
    if (map.size() > kMaxInputPathsMapEntries) {
        return configError("InputPathsMap for target " + id + " has " + std::to_string(map.size()) +
                               " entries; at most " + std::to_string(kMaxInputPathsMapEntries) +
                               " are allowed.",
                           kFieldInputPathsMap);
    }
    std::vector<std::optional<JsonPath>> mapPaths;
    mapPaths.reserve(map.size());
    for (std::size_t i = 0; i < map.size(); ++i) {
        const auto &[key, pathText] = map[i];
        const std::string field = std::string(kFieldInputPathsMap) + "." + key;
        if (key.empty() || key.size() > kMaxInputPathsMapKeyLength ||
            !std::all_of(key.begin(), key.end(), isKeyChar)) {
            return configError("InputPathsMap key \"" + key + "\" for target " + id +
                                   " is not valid: a key is 1 to " +
                                   std::to_string(kMaxInputPathsMapKeyLength) +
                                   " characters from A-Z, a-z, 0-9, '_' and '-'.",
                               field);
        }
        if (key.starts_with("AWS")) {
            return configError("InputPathsMap key \"" + key + "\" for target " + id +
                                   " is not valid: keys must not start with \"AWS\".",
                               field);
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (map[j].first == key) {
                return configError("InputPathsMap for target " + id + " defines key \"" + key +
                                       "\" more than once.",
                                   field);
            }
        }
        auto path = JsonPath::parse(pathText);
        if (!path) {
            return configError("InputPathsMap value for key \"" + key + "\" for target " + id +
                                   " is not a valid JSON path: " + path.error().message + ".",
                               field, path.error().offset);
        }
        mapPaths.emplace_back(std::move(path).value());
    }

    const std::string &text = transformer.inputTemplate;
    if (text.empty()) {
        return configError("InputTemplate for target " + id + " must not be empty.",
                           kFieldInputTemplate);
    }
    if (text.size() > kMaxInputTemplateLength) {
        return configError("InputTemplate for target " + id + " must be at most " +
                               std::to_string(kMaxInputTemplateLength) +
                               " characters long; it has " + std::to_string(text.size()) + ".",
                           kFieldInputTemplate);
    }

    const auto firstNonBlank = std::find_if_not(text.begin(), text.end(), isJsonBlank);
    const bool json =
        firstNonBlank != text.end() && (*firstNonBlank == '{' || *firstNonBlank == '[');
    compiled.m_templateKind = json ? TemplateKind::Json : TemplateKind::Text;

    std::vector<std::string_view> variableNames;
    const auto variableFor = [&](std::string_view name) -> int {
        for (std::size_t v = 0; v < variableNames.size(); ++v) {
            if (variableNames[v] == name) {
                return static_cast<int>(v);
            }
        }
        Variable variable;
        if (name == kRuleArn) {
            variable.source = Variable::Source::RuleArn;
        } else if (name == kRuleName) {
            variable.source = Variable::Source::RuleName;
        } else if (name == kIngestionTime) {
            variable.source = Variable::Source::IngestionTime;
        } else if (name == kEvent) {
            variable.source = Variable::Source::Event;
        } else if (name == kEventJson) {
            variable.source = Variable::Source::EventJson;
        } else {
            const auto entry = std::find_if(map.begin(), map.end(),
                                            [&](const auto &pair) { return pair.first == name; });
            if (entry == map.end()) {
                return -1;
            }
            variable.source = Variable::Source::Path;
            variable.path = mapPaths[static_cast<std::size_t>(entry - map.begin())];
        }
        variableNames.push_back(name);
        compiled.m_variables.push_back(std::move(variable));
        return static_cast<int>(compiled.m_variables.size() - 1);
    };

    // One pass over the template: split it at placeholders, note each placeholder's context and,
    // for JSON templates, drop the blanks outside string literals (AWS delivers JSON minified).
    CompiledInput::Piece piece;
    std::string standIn; // the JSON template with neutral values, to see whether it can be valid
    bool inString = false;
    bool escaped = false;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '<' && !escaped) {
            std::size_t end = i + 1;
            while (end < text.size() && isPlaceholderChar(text[end])) {
                ++end;
            }
            if (end > i + 1 && end < text.size() && text[end] == '>') {
                const std::string_view name(text.data() + i + 1, end - i - 1);
                const int variable = variableFor(name);
                if (variable < 0) {
                    return configError("InputTemplate for target " + id +
                                           " contains invalid placeholder " + std::string(name) +
                                           ".",
                                       kFieldInputTemplate, i);
                }
                SlotContext context = SlotContext::Text;
                if (json && inString) {
                    context = SlotContext::JsonString;
                } else if (json) {
                    const auto next =
                        std::find_if_not(text.begin() + static_cast<std::ptrdiff_t>(end + 1),
                                         text.end(), isJsonBlank);
                    context = (next != text.end() && *next == ':') ? SlotContext::JsonKey
                                                                   : SlotContext::JsonValue;
                }
                standIn += piece.literal;
                if (context == SlotContext::JsonValue) {
                    standIn += "null";
                } else if (context == SlotContext::JsonKey) {
                    standIn += "\"\"";
                }

                const auto source = compiled.m_variables[static_cast<std::size_t>(variable)].source;
                const bool eventValued =
                    source == Variable::Source::Event || source == Variable::Source::EventJson;
                const std::string shown = "<" + std::string(name) + ">";
                if (context == SlotContext::JsonKey) {
                    compiled.m_warnings.push_back(
                        "Placeholder " + shown +
                        " is used as an object key, which EventBridge does not support.");
                } else if (eventValued && context != SlotContext::JsonValue) {
                    compiled.m_warnings.push_back(
                        "Placeholder " + shown +
                        " is printed as raw JSON; EventBridge supports it only as a JSON value.");
                }

                piece.variable = variable;
                piece.context = context;
                compiled.m_pieces.push_back(std::move(piece));
                piece = CompiledInput::Piece{};
                i = end + 1;
                continue;
            }
        }
        if (!json) {
            piece.literal.push_back(c);
        } else if (inString) {
            piece.literal.push_back(c);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
            }
        } else {
            if (c == '"') {
                inString = true;
            }
            if (!isJsonBlank(c)) {
                piece.literal.push_back(c);
            }
        }
        ++i;
    }
    standIn += piece.literal;
    compiled.m_pieces.push_back(std::move(piece));

    if (json && !acceptsJson(standIn)) {
        compiled.m_templateNeverValid = true;
        compiled.m_warnings.push_back("InputTemplate is not valid JSON whatever the values are, "
                                      "so nothing will ever be delivered to the target.");
    }
    // applyTemplate() checks the text it built only for placeholders inside a string literal or
    // in a key position, and for the whole event spliced in; without them the values decide.
    compiled.m_valuesDecide =
        std::all_of(compiled.m_pieces.begin(), compiled.m_pieces.end(), [&compiled](const auto &p) {
            if (p.variable < 0) {
                return true;
            }
            const Variable::Source source =
                compiled.m_variables[static_cast<std::size_t>(p.variable)].source;
            return (p.context == SlotContext::Text || p.context == SlotContext::JsonValue) &&
                   source != Variable::Source::Event && source != Variable::Source::EventJson;
        });
    return compiled;
}

std::string CompiledInput::notDeliveredReason(std::string_view why) const {
    std::string reason = "Not delivered to target ";
    reason += m_targetId;
    reason += ": ";
    reason += why;
    reason += '.';
    return reason;
}

bool CompiledInput::applyTemplate(const Json &event, const TransformContext &context,
                                  std::string &out, std::string *reason) const {
    const bool json = m_templateKind == TemplateKind::Json;
    const std::size_t start = out.size();
    bool mustValidate = false;
    std::vector<const Json *> matches;

    const auto tooDeep = [&]() {
        out.resize(start);
        if (reason != nullptr) {
            *reason = notDeliveredReason("a value nests deeper than " +
                                         std::to_string(kMaxJsonDepth) + " levels");
        }
        return false;
    };

    for (const Piece &piece : m_pieces) {
        out.append(piece.literal);
        if (piece.variable < 0) {
            continue;
        }
        const Variable &variable = m_variables[static_cast<std::size_t>(piece.variable)];
        const SlotContext slot = piece.context;

        // Values that are text of their own: rule ARN and name, ingestion time.
        std::optional<std::string_view> textValue;
        const Json *value = nullptr;
        bool listValue = false; // an indefinite path: `matches` holds the list
        switch (variable.source) {
        case Variable::Source::RuleArn:
            textValue = context.ruleArn;
            break;
        case Variable::Source::RuleName:
            textValue = context.ruleName;
            break;
        case Variable::Source::IngestionTime:
            if (!context.ingestionTime.empty()) {
                textValue = context.ingestionTime;
            } else if (event.is_object()) {
                const auto it = event.find("time");
                if (it != event.end() && it->is_string()) {
                    textValue = it->get_ref<const std::string &>();
                }
            }
            break;
        case Variable::Source::Event:
        case Variable::Source::EventJson: {
            // Raw JSON text in every position (the guide: "its content is not escaped").
            const bool ok = variable.source == Variable::Source::Event
                                ? appendEventView(out, event, context.ingestionTime)
                                : appendJson(out, event);
            if (!ok) {
                return tooDeep();
            }
            mustValidate =
                mustValidate || slot == SlotContext::JsonString || slot == SlotContext::JsonKey;
            continue;
        }
        case Variable::Source::Path:
            if (variable.path->isDefinite()) {
                value = variable.path->find(event);
            } else {
                matches.clear();
                variable.path->findAll(event, matches);
                listValue = true;
            }
            break;
        }

        if (textValue) {
            if (slot == SlotContext::JsonValue || slot == SlotContext::JsonKey) {
                appendJsonString(out, *textValue);
            } else {
                out.append(*textValue);
                mustValidate = mustValidate ||
                               (slot == SlotContext::JsonString && breaksJsonString(*textValue));
            }
            continue;
        }

        if (listValue) {
            out.push_back('[');
            for (std::size_t m = 0; m < matches.size(); ++m) {
                if (m > 0) {
                    out.push_back(',');
                }
                const bool ok = slot == SlotContext::Text
                                    ? appendPlain(out, *matches[m], kMaxJsonDepth - 1)
                                    : appendJson(out, *matches[m], kMaxJsonDepth - 1);
                if (!ok) {
                    return tooDeep();
                }
            }
            out.push_back(']');
            mustValidate =
                mustValidate || slot == SlotContext::JsonString || slot == SlotContext::JsonKey;
            continue;
        }

        if (value == nullptr) {
            // A path the event lacks: nothing in text, "" where a JSON value is expected.
            if (slot == SlotContext::JsonValue || slot == SlotContext::JsonKey) {
                out.append("\"\"");
            }
            continue;
        }

        switch (slot) {
        case SlotContext::Text:
            if (!appendPlain(out, *value)) {
                return tooDeep();
            }
            break;
        case SlotContext::JsonValue:
            if (!appendJson(out, *value)) {
                return tooDeep();
            }
            break;
        case SlotContext::JsonKey:
            if (!appendJson(out, *value)) {
                return tooDeep();
            }
            mustValidate = mustValidate || !value->is_string();
            break;
        case SlotContext::JsonString:
            if (value->is_string()) {
                const auto &string = value->get_ref<const std::string &>();
                out.append(string);
                mustValidate = mustValidate || breaksJsonString(string);
            } else if (value->is_structured()) {
                // Objects and arrays go in as JSON text: their quotes end the string literal, so
                // the result is (almost always) not JSON and is not delivered, as observed.
                if (!appendJson(out, *value)) {
                    return tooDeep();
                }
                mustValidate = true;
            } else {
                appendJsonScalar(out, *value);
            }
            break;
        }
    }

    if (!json) {
        return true;
    }
    if (m_templateNeverValid ||
        (mustValidate && !acceptsJson(std::string_view(out.data() + start, out.size() - start)))) {
        if (reason != nullptr) {
            *reason = notDeliveredReason("the transformed input is not valid JSON");
        }
        return false;
    }
    return true;
}

bool CompiledInput::applyTo(const Json &event, const TransformContext &context, std::string &out,
                            std::string *reason) const {
    const std::size_t start = out.size();
    try {
        switch (m_kind) {
        case TargetInputKind::WholeEvent:
            if (!appendJson(out, event)) {
                out.resize(start);
                if (reason != nullptr) {
                    *reason = notDeliveredReason("the event nests deeper than " +
                                                 std::to_string(kMaxJsonDepth) + " levels");
                }
                return false;
            }
            return true;
        case TargetInputKind::Constant:
            out.append(m_constant);
            return true;
        case TargetInputKind::InputPath: {
            const JsonPath &path = *m_inputPath;
            bool ok = true;
            if (path.isDefinite()) {
                const Json *value = path.find(event);
                if (value == nullptr) {
                    if (reason != nullptr) {
                        *reason = notDeliveredReason("InputPath " + path.text() +
                                                     " selects nothing in the event");
                    }
                    return false;
                }
                ok = appendJson(out, *value);
            } else {
                std::vector<const Json *> matches;
                path.findAll(event, matches);
                out.push_back('[');
                for (std::size_t m = 0; m < matches.size() && ok; ++m) {
                    if (m > 0) {
                        out.push_back(',');
                    }
                    ok = appendJson(out, *matches[m], kMaxJsonDepth - 1);
                }
                out.push_back(']');
            }
            if (!ok) {
                out.resize(start);
                if (reason != nullptr) {
                    *reason = notDeliveredReason("the selected value nests deeper than " +
                                                 std::to_string(kMaxJsonDepth) + " levels");
                }
            }
            return ok;
        }
        case TargetInputKind::InputTransformer:
            return applyTemplate(event, context, out, reason);
        }
    } catch (const std::exception &error) {
        out.resize(start);
        if (reason != nullptr) {
            *reason = notDeliveredReason(std::string("internal error: ") + error.what());
        }
    }
    return false;
}

bool CompiledInput::delivers(const Json &event, const TransformContext &context,
                             std::string &scratch) const {
    // Mirrors applyTo() case by case; tests check the two agree on every conformance case and
    // the transformer fuzz target on every input it makes.
    try {
        switch (m_kind) {
        case TargetInputKind::WholeEvent:
            return withinJsonDepth(event);
        case TargetInputKind::Constant:
            return true;
        case TargetInputKind::InputPath:
            if (m_inputPath->isDefinite()) {
                const Json *value = m_inputPath->find(event);
                return value != nullptr && withinJsonDepth(*value);
            }
            break;
        case TargetInputKind::InputTransformer:
            if (!m_valuesDecide) {
                break;
            }
            if (m_templateNeverValid && m_templateKind == TemplateKind::Json) {
                return false;
            }
            std::vector<const Json *> matches;
            for (const Piece &piece : m_pieces) {
                if (piece.variable < 0) {
                    continue;
                }
                const Variable &variable = m_variables[static_cast<std::size_t>(piece.variable)];
                if (variable.source != Variable::Source::Path) {
                    continue; // rule ARN, rule name, ingestion time: text, never too deep
                }
                if (variable.path->isDefinite()) {
                    const Json *value = variable.path->find(event);
                    if (value != nullptr && !withinJsonDepth(*value)) {
                        return false;
                    }
                    continue;
                }
                matches.clear();
                variable.path->findAll(event, matches);
                for (const Json *match : matches) {
                    if (!withinJsonDepth(*match, kMaxJsonDepth - 1)) {
                        return false;
                    }
                }
            }
            return true;
        }
    } catch (const std::exception &) {
        return false; // as applyTo()
    }
    scratch.clear();
    return applyTo(event, context, scratch);
}

Delivery CompiledInput::apply(const Json &event, const TransformContext &context) const {
    Delivery delivery;
    delivery.delivered = applyTo(event, context, delivery.text, &delivery.reason);
    return delivery;
}

Result<Delivery> transformEvent(const TargetInput &input, std::string_view targetId,
                                const Json &event, const TransformContext &context) {
    auto compiled = compileTargetInput(input, targetId);
    if (!compiled) {
        return compiled.error();
    }
    return compiled->apply(event, context);
}

Result<TargetInput> targetInputFromJson(const Json &object) {
    const auto fieldError = [](std::string message, std::string_view field) {
        return configError(std::move(message), field);
    };
    if (!object.is_object()) {
        return fieldError("a target input must be a JSON object", "");
    }
    const auto present = [&](const char *name) -> const Json * {
        const auto it = object.find(name);
        return (it == object.end() || it->is_null()) ? nullptr : &*it;
    };

    TargetInput input;
    if (const Json *value = present("input")) {
        // Constant input is JSON text; a JSON value given directly stands for its own text.
        if (value->is_string()) {
            input.input = value->get<std::string>();
        } else {
            std::string text;
            if (!appendJson(text, *value)) {
                return fieldError("input nests too deeply", "input");
            }
            input.input = std::move(text);
        }
    }
    if (const Json *value = present("input_path")) {
        if (!value->is_string()) {
            return fieldError("input_path must be a string", "input_path");
        }
        input.inputPath = value->get<std::string>();
    }
    const Json *map = present("input_paths_map");
    const Json *templ = present("input_template");
    if (map != nullptr || templ != nullptr) {
        InputTransformer transformer;
        if (map != nullptr) {
            if (!map->is_object()) {
                return fieldError("input_paths_map must be an object", "input_paths_map");
            }
            for (auto it = map->begin(); it != map->end(); ++it) {
                if (!it.value().is_string()) {
                    return fieldError("input_paths_map value for key \"" + it.key() +
                                          "\" must be a string",
                                      "input_paths_map." + it.key());
                }
                transformer.inputPathsMap.emplace_back(it.key(), it.value().get<std::string>());
            }
        }
        if (templ != nullptr) {
            if (!templ->is_string()) {
                return fieldError("input_template must be a string", "input_template");
            }
            transformer.inputTemplate = templ->get<std::string>();
        }
        input.inputTransformer = std::move(transformer);
    }
    return input;
}

} // namespace sg::model
