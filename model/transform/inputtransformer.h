#pragma once
// Target input: what EventBridge hands a target for a matched event — the whole event, a constant
// Input, an InputPath selection or an InputTransformer (InputPathsMap + InputTemplate) — validated
// once as PutTargets does and then applied to many events.

#include "core/result.h"
#include "transform/jsonpath.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sg::model {

// PutTargets limits for target input (API reference, Target and InputTransformer).
inline constexpr std::size_t kMaxInputPathsMapEntries = 100;
inline constexpr std::size_t kMaxInputPathsMapKeyLength = 256;
inline constexpr std::size_t kMaxInputTemplateLength = 8192;
inline constexpr std::size_t kMaxConstantInputLength = 8192;

// Which of the four input options a target uses.
enum class TargetInputKind : std::uint8_t { WholeEvent, Constant, InputPath, InputTransformer };

// The InputTransformer of a target, as given to PutTargets.
struct InputTransformer {
    std::vector<std::pair<std::string, std::string>> inputPathsMap; // variable -> JSON path
    std::string inputTemplate;
    bool operator==(const InputTransformer &) const = default;
};

// A target's input options as given to PutTargets: at most one of them may be set (none means
// the whole event). Kept as three optionals, like the API, so that a target setting two of them
// can be represented and rejected with AWS's message.
struct TargetInput {
    std::optional<std::string> input;     // constant JSON text
    std::optional<std::string> inputPath; // JSONPath selecting a sub-tree
    std::optional<InputTransformer> inputTransformer;

    [[nodiscard]] static TargetInput wholeEvent() { return {}; }
    [[nodiscard]] static TargetInput constant(std::string json);
    [[nodiscard]] static TargetInput path(std::string jsonPath);
    [[nodiscard]] static TargetInput
    transformer(std::vector<std::pair<std::string, std::string>> inputPathsMap,
                std::string inputTemplate);

    // The option in use; with several set, the first of InputTransformer, InputPath, Input.
    [[nodiscard]] TargetInputKind kind() const;
    bool operator==(const TargetInput &) const = default;
};

// Per-delivery values behind the reserved variables. Views, owned by the caller, valid during
// apply(). An empty ingestionTime falls back to the event's own "time".
struct TransformContext {
    std::string_view ruleArn;       // <aws.events.rule-arn>
    std::string_view ruleName;      // <aws.events.rule-name>
    std::string_view ingestionTime; // <aws.events.event.ingestion-time>, ISO 8601
};

// What one target receives for one event.
struct Delivery {
    bool delivered = false;
    std::string text;   // the exact text delivered; when not delivered, what the transformation
                        // produced (empty when it produced nothing), for diagnostics only
    std::string reason; // why nothing was delivered; empty when delivered
};

// How an InputTemplate is read: a template whose first non-blank character is '{' or '[' is a
// JSON template (placeholders are JSON values, the result must be valid JSON and is sent
// minified); anything else is a text template sent as written with values printed unquoted.
enum class TemplateKind : std::uint8_t { Text, Json };

// A validated target input, ready to apply to any number of events. Immutable after
// compileTargetInput(), so one instance may be shared by threads.
class CompiledInput {
public:
    [[nodiscard]] TargetInputKind kind() const { return m_kind; }
    [[nodiscard]] const std::string &targetId() const { return m_targetId; }
    [[nodiscard]] TemplateKind templateKind() const { return m_templateKind; }

    // Things PutTargets accepts that will not work as the author probably hopes (a JSON template
    // that can never be valid JSON, a placeholder used as an object key, an event-valued reserved
    // variable outside a JSON value position). For editors; apply() is unaffected.
    [[nodiscard]] const std::vector<std::string> &warnings() const { return m_warnings; }

    // Transforms `event` for this target. Never throws.
    [[nodiscard]] Delivery apply(const nlohmann::ordered_json &event,
                                 const TransformContext &context = {}) const;

    // The allocation-free form for the simulator: appends what apply() would put in `text` to
    // `out` and returns whether it is delivered; when it is not and `reason` is given, the reason
    // is stored there. Never throws.
    [[nodiscard]] bool applyTo(const nlohmann::ordered_json &event, const TransformContext &context,
                               std::string &out, std::string *reason = nullptr) const;

    // Whether applyTo() delivers `event`, for a caller that does not need the text. When the
    // values alone decide it (every placeholder printed where it cannot make the result invalid
    // JSON, so only a value nested too deep can stop it), nothing is written; otherwise the text
    // is built in `scratch`, which is cleared first. Never throws.
    [[nodiscard]] bool delivers(const nlohmann::ordered_json &event,
                                const TransformContext &context, std::string &scratch) const;

private:
    friend Result<CompiledInput> compileTargetInput(const TargetInput &input,
                                                    std::string_view targetId);

    // Where a value is printed, which decides how it is printed.
    enum class SlotContext : std::uint8_t {
        Text,       // text template: unquoted
        JsonValue,  // JSON template, a value position: as JSON
        JsonKey,    // JSON template, an object key position (documented as unsupported)
        JsonString, // JSON template, inside a string literal: unquoted, unescaped
    };

    // What a placeholder refers to.
    struct Variable {
        enum class Source : std::uint8_t {
            Path,
            RuleArn,
            RuleName,
            IngestionTime,
            Event,     // <aws.events.event>
            EventJson, // <aws.events.event.json>
        };
        Source source = Source::Path;
        std::optional<JsonPath> path;
    };

    // Literal text followed by at most one placeholder.
    struct Piece {
        std::string literal;
        int variable = -1; // index into m_variables; -1 for the trailing literal
        SlotContext context = SlotContext::Text;
    };

    [[nodiscard]] bool applyTemplate(const nlohmann::ordered_json &event,
                                     const TransformContext &context, std::string &out,
                                     std::string *reason) const;
    [[nodiscard]] std::string notDeliveredReason(std::string_view why) const;

    TargetInputKind m_kind = TargetInputKind::WholeEvent;
    std::string m_targetId;
    std::string m_constant;
    std::optional<JsonPath> m_inputPath;
    TemplateKind m_templateKind = TemplateKind::Text;
    std::vector<Variable> m_variables;
    std::vector<Piece> m_pieces;
    bool m_templateNeverValid = false;
    bool m_valuesDecide = false; // see delivers()
    std::vector<std::string> m_warnings;
};

// Validates `input` as PutTargets would for the target `targetId` (AWS's own messages where they
// are known) and pre-parses its paths and template. Error::field names the offending parameter
// ("InputPath", "InputTransformer.InputPathsMap.<key>", "InputTransformer.InputTemplate", "Input")
// and Error::offset the position in it, when known.
[[nodiscard]] Result<CompiledInput> compileTargetInput(const TargetInput &input,
                                                       std::string_view targetId);

// Compiles and applies in one go (the GUI sandbox, one-off CLI lines). Configuration errors come
// back as the Error; a valid configuration always yields a Delivery.
[[nodiscard]] Result<Delivery> transformEvent(const TargetInput &input, std::string_view targetId,
                                              const nlohmann::ordered_json &event,
                                              const TransformContext &context = {});

// Reads the target input fields of a batch or conformance line: "input" (constant JSON text),
// "input_path", "input_paths_map" (object of strings) and "input_template"; missing and null
// fields are absent. A transformer exists when either of its two fields is present.
[[nodiscard]] Result<TargetInput> targetInputFromJson(const nlohmann::ordered_json &object);

} // namespace sg::model
