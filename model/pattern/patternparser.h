#pragma once
// Parsing and validation of EventBridge event patterns, with AWS's own error messages.

#include "core/result.h"
#include "pattern/eventpattern.h"

#include <cstddef>
#include <string_view>

namespace sg::model {

// Limits AWS applies to patterns; defaults are AWS's defaults.
struct PatternLimits {
    std::size_t maxLength = 2048;         // characters of pattern text; 0 = unlimited
    std::size_t maxOrCombinations = 1000; // alternatives after expanding $or
    int maxWildcardComplexity = 10; // AWS accepted 7 and rejected 11 (exact limit unconfirmed)
};

// Parses pattern text. On failure the Error's message is AWS's text
// ("Event pattern is not valid. Reason: ...") and, where known, its offset/line/column point into
// `text` and `field` names the dotted field path.
[[nodiscard]] Result<EventPattern> parseEventPattern(std::string_view text,
                                                     const PatternLimits &limits = {});

} // namespace sg::model
