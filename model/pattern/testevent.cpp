#include "pattern/testevent.h"

#include "pattern/referencematcher.h"

#include <algorithm>

namespace sg::model {

namespace {

Error invalidEvent() {
    Error error;
    error.message = std::string(kInvalidTestEventMessage);
    return error;
}

} // namespace

bool isValidTestEvent(const nlohmann::json &event) {
    return event.is_object() &&
           std::all_of(kRequiredTestEventFields.begin(), kRequiredTestEventFields.end(),
                       [&](std::string_view field) { return event.contains(field); });
}

Result<nlohmann::json> parseTestEvent(std::string_view text) {
    nlohmann::json event = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (event.is_discarded() || !isValidTestEvent(event)) {
        return invalidEvent();
    }
    return event;
}

Result<bool> testEventPattern(std::string_view pattern, std::string_view event,
                              const PatternLimits &limits) {
    Result<nlohmann::json> parsedEvent = parseTestEvent(event);
    if (!parsedEvent) {
        return parsedEvent.error();
    }
    Result<EventPattern> parsedPattern = parseEventPattern(pattern, limits);
    if (!parsedPattern) {
        return parsedPattern.error();
    }
    return referenceMatches(*parsedPattern, *parsedEvent);
}

} // namespace sg::model
