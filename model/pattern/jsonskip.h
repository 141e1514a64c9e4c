#pragma once
// Fast skipping over JSON text that no rule needs: finds the end of a string, object or array by
// classifying 64 bytes at a time (SSE2 where available) instead of walking byte by byte.

namespace sg::model::jsonskip {

// `p` points at the opening '"', '{' or '['. Returns the position just past the matching close,
// or nullptr when the text ends first. Inner text is not validated beyond what the scan needs.
[[nodiscard]] const char *skipComposite(const char *p, const char *end);

// `p` points just past an opening '"'. Returns the first '"' or '\\' at or after p, or `end`.
[[nodiscard]] const char *findQuoteOrBackslash(const char *p, const char *end);

} // namespace sg::model::jsonskip
