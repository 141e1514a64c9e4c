#pragma once
// Element properties: every editable field of an element as a flat list addressed by keys such as
// "targets[0].retryPolicy.maximumRetryAttempts", each with the control that edits it, its range,
// its AWS default and a line of help; and the one labelled command that sets a key (or adds or
// removes a list entry), or a refusal naming the field and what it accepts. Qt-free: the
// inspector shows and edits elements through it, and tests drive it without a UI.
//
// The list is also the contract of what is editable: setProperty() accepts exactly the keys that
// describeProperties() lists for the element as it is now (a uniform latency has minMs and maxMs,
// a fixed one valueMs), and enforces exactly the ranges it advertises.

#include "arch/project.h"
#include "core/result.h"
#include "transform/inputtransformer.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::model {

// How a property is edited. List, Entry and Section rows are headings, not values: a List is a
// list the user can add to (its value is the entry count), an Entry one entry of a list with
// several fields (its value a one-line summary), a Section a plain heading ("Behaviour").
enum class PropertyControl : std::uint8_t {
    Text,
    Multiline,
    Integer,
    Number,
    Boolean,
    Choice,
    Reference,
    JsonDocument, // a JSON editor ("json"); see JsonRole
    List,
    Entry,
    Section,
};
[[nodiscard]] std::string_view propertyControlName(PropertyControl control); // "text", ...

// What a Json property holds, which decides how it is checked and shown.
enum class JsonRole : std::uint8_t {
    None,
    Pattern,         // an event pattern's text (blank: none, or all events for an archive)
    Schema,          // a JSON Schema: an object, a boolean, or null for none
    Sample,          // a whole sample event: an object
    Constant,        // a target's constant Input: JSON text
    PathsMap,        // an InputPathsMap: an object of variable names to JSON paths
    Template,        // an InputTemplate: text with <placeholders>
    PercentileTable, // [{"percentile": 50, "ms": 20}, ...]
    Hourly,          // 24 factors, or an empty array
    Script,          // [{"atSeconds": 0, "count": 10}, ...]
    Values,          // any JSON array (a choice variation's values)
};
[[nodiscard]] std::string_view jsonRoleName(JsonRole role); // "pattern", "schema", ...

// One allowed value of a Choice, or one candidate of a Reference ("" is "none").
struct PropertyChoice {
    std::string value;
    std::string label;
    bool operator==(const PropertyChoice &) const = default;
};

struct Property {
    std::string key;   // "name", "behavior.failures[1].rate"
    std::string label; // "Rate"; "Target billing" for an Entry
    PropertyControl control = PropertyControl::Text;
    JsonRole json = JsonRole::None;
    // Json: the value is JSON text kept as the user wrote it (a string), not a JSON value.
    bool jsonText = false;
    Json value; // the current value (a string for text, choices, references and JSON texts)
    std::optional<double> minimum;
    std::optional<double> maximum; // for a List, the most entries it may have
    double step = 1;
    std::string unit;                    // "ms", "s", "per second"; empty when none
    std::vector<PropertyChoice> choices; // Choice: every allowed value; Reference: candidates
    std::vector<ElementKind> referenceKinds;
    bool optional = false;  // Reference: may be empty
    bool removable = false; // an Entry, or a one-value entry of a list (a sample, a dependency)
    int depth = 0;          // 0 for the element's own fields, 1 inside a list entry, ...
    Json defaultValue;      // AWS's default, null when AWS has none
    std::string help;       // one line: what it means, its range, AWS's default
    bool operator==(const Property &) const = default;
};

// The editable properties of element `id`, in the order an inspector shows them; empty when
// there is no such element.
[[nodiscard]] std::vector<Property> describeProperties(const Project &project, const ElementId &id);

// The property `key` of element `id`, if the element has it now.
[[nodiscard]] std::optional<Property> findProperty(const Project &project, const ElementId &id,
                                                   std::string_view key);

// `element` with property `key` set to `value`, checked as setProperty() checks it. Integers and
// numbers are JSON numbers, booleans JSON booleans, texts, choices and references strings (an
// empty reference, or null, clears it), Json properties the JSON value — or, when the property is
// jsonText, the text. A refusal's message names the field and what it accepts; `field` is `key`;
// a pattern's refusal keeps the parser's position in the text.
[[nodiscard]] Result<Element> withProperty(const Project &project, const Element &element,
                                           std::string_view key, const Json &value);

// One ReplaceElement setting property `key` of element `id` to `value` (see withProperty()),
// labelled for the undo menu: "Set maximum retry attempts of bill-order/billing to 10". A value
// equal to the current one still makes a (no-op) command; callers that should not record it
// compare first.
[[nodiscard]] Result<Command> setProperty(const Project &project, const ElementId &id,
                                          std::string_view key, const Json &value);

// Adds an entry to the list `listKey` of element `id` ("Add target billing-fn to bill-order"):
// - "targets": a target delivering to `value` (a destination id), or to the first function,
//   state machine, queue, API destination or other bus the rule does not target yet; the Id comes
//   from the destination's name, the retry policy is AWS's default (as connecting on the canvas);
// - "behavior.followUps": an event type `value` (or the first one not followed up yet) it puts,
//   with probability 1, on a bus that event type travels on;
// - "behavior.dependsOn": a consumer or external system `value` (or the first one possible);
// - "behavior.failures": a failure mode of a kind not listed yet, at rate 0.01;
// - "samples": a copy of the last sample event, or an envelope with the type's source and
//   detail-type;
// - "archives": an archive of every event, kept forever, with a fresh name;
// - "emits": an emission of event type `value` (or the first one not emitted yet), one a second;
// - "emits[i].variations": a field variation making a fresh UUID in detail.id.
// Refused when the list is full (a rule has at most kMaxTargetsPerRule targets) or nothing can
// be added, saying why.
[[nodiscard]] Result<Command> addListEntry(const Project &project, const ElementId &id,
                                           std::string_view listKey, const Json &value = nullptr);

// Removes the list entry `entryKey` ("targets[1]", "behavior.failures[0]", "samples[2]") of
// element `id` ("Remove target audit from bill-order").
[[nodiscard]] Result<Command> removeListEntry(const Project &project, const ElementId &id,
                                              std::string_view entryKey);

// The elements of `kinds` in model order, as choices ("Billing (billing-fn)").
[[nodiscard]] std::vector<PropertyChoice>
referenceCandidates(const Project &project, const std::vector<ElementKind> &kinds);

// --- Previews ------------------------------------------------------------------------------------

// A sample event of one of the project's event types.
struct SampleEvent {
    ElementId eventType;
    std::size_t index = 0; // among that type's samples
    std::string label;     // "OrderPlaced", or "OrderPlaced #2" when the type has several
    const Json *event = nullptr;
};

// Every event type's sample events, in model order (pointers into `project`).
[[nodiscard]] std::vector<SampleEvent> projectSamples(const Project &project);

// What target `target` of `rule` receives for `event`: through the model's input transformer,
// with the rule's name and ARN behind the reserved variables. `error` is set (AWS's message) when
// the input configuration is refused; `matches` says whether the rule's pattern matches `event`.
struct InputPreview {
    bool matches = false;
    std::string error;
    Delivery delivery;
};
[[nodiscard]] InputPreview previewTargetInput(const Project &project, const Rule &rule,
                                              const Target &target, const Json &event);

} // namespace sg::model
