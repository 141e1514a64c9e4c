#pragma once
// Bounded, non-throwing JSON text writers used to build what a target receives: compact JSON
// (the form EventBridge delivers) and the unquoted "plain" form a string template prints.

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace sg::model {

// Deeper values are refused rather than risking the stack (Jackson's default nesting limit).
inline constexpr int kMaxJsonDepth = 1000;

// Appends `value` as compact JSON (no whitespace, keys in stored order, strings escaped as
// nlohmann::json::dump() does but without throwing on invalid UTF-8). Returns false, leaving a
// partial text in `out`, when `value` nests deeper than `maxDepth`.
[[nodiscard]] bool appendJson(std::string &out, const nlohmann::ordered_json &value,
                              int maxDepth = kMaxJsonDepth);

// Appends `value` the way EventBridge prints it in a plain-text template: strings without quotes
// or escapes, objects as {key:value,...}, arrays as [a,b], everything else as in JSON.
[[nodiscard]] bool appendPlain(std::string &out, const nlohmann::ordered_json &value,
                               int maxDepth = kMaxJsonDepth);

// Whether appendJson() and appendPlain() write `value` whole, that is, it nests no deeper than
// `maxDepth`; writes nothing.
[[nodiscard]] bool withinJsonDepth(const nlohmann::ordered_json &value,
                                   int maxDepth = kMaxJsonDepth);

// Appends `text` as a quoted, escaped JSON string.
void appendJsonString(std::string &out, std::string_view text);

// Appends a scalar (number, boolean, null) as JSON; objects, arrays and strings are not scalars
// and append nothing.
void appendJsonScalar(std::string &out, const nlohmann::ordered_json &value);

} // namespace sg::model
