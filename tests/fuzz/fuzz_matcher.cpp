// Fuzzes the compiled matcher against the reference evaluator. Input: a pattern, a newline, then
// an event. Raw-text and parsed-event matching must agree with each other and with the oracle.

#include "pattern/matcher.h"
#include "pattern/patternparser.h"
#include "pattern/referencematcher.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    const std::size_t newline = input.find('\n');
    if (newline == std::string_view::npos) {
        return 0;
    }
    const std::string_view patternText = input.substr(0, newline);
    const std::string_view eventText = input.substr(newline + 1);
    auto pattern = sg::model::parseEventPattern(patternText, {.maxLength = 0});
    if (!pattern) {
        return 0;
    }
    sg::model::Matcher matcher;
    matcher.add(3, *pattern);
    std::vector<sg::model::RuleId> raw;
    matcher.match(eventText, raw); // arbitrary bytes: must simply not misbehave

    const nlohmann::json event = nlohmann::json::parse(eventText, nullptr, false);
    if (event.is_discarded() || !event.is_object()) {
        return 0;
    }
    std::vector<sg::model::RuleId> fromDocument;
    matcher.match(event, fromDocument);
    const std::string canonical =
        event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::vector<sg::model::RuleId> fromCanonical;
    matcher.match(canonical, fromCanonical);
    const bool oracle = sg::model::referenceMatches(*pattern, event);
    if (fromDocument.empty() == oracle || fromCanonical != fromDocument) {
        std::abort();
    }
    return 0;
}
