#pragma once
// The event check of AWS's TestEventPattern (what `stormglass-cli test-pattern` runs): the event
// must be a JSON object carrying the envelope fields AWS requires, or the call fails with
// "Parameter Event is not valid.".

#include "core/result.h"
#include "pattern/patternparser.h"

#include <array>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sg::model {

// AWS's whole message (a ValidationException) for an event it refuses.
inline constexpr std::string_view kInvalidTestEventMessage = "Parameter Event is not valid.";

// The fields TestEventPattern insists on (their values are not checked).
inline constexpr std::array<std::string_view, 6> kRequiredTestEventFields = {
    "id", "account", "source", "time", "region", "detail-type"};

// Whether a parsed event passes TestEventPattern's check.
[[nodiscard]] bool isValidTestEvent(const nlohmann::json &event);

// Parses and checks event text: malformed JSON, a non-object or a missing envelope field give an
// Error whose message is kInvalidTestEventMessage.
[[nodiscard]] Result<nlohmann::json> parseTestEvent(std::string_view text);

// TestEventPattern: checks the event first (AWS validates its parameters before the pattern), then
// parses the pattern, then evaluates it with referenceMatches.
[[nodiscard]] Result<bool> testEventPattern(std::string_view pattern, std::string_view event,
                                            const PatternLimits &limits = {});

} // namespace sg::model
