// Fuzzes the event-pattern parser: any text must give a pattern or an AWS-style error, never a
// crash or hang; an accepted pattern must compile into a matcher and match without trouble.

#include "pattern/matcher.h"
#include "pattern/patternparser.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    auto parsed = sg::model::parseEventPattern(text, {.maxLength = 0});
    if (!parsed) {
        if (!parsed.error().message.starts_with("Event pattern is not valid. Reason: ")) {
            std::abort(); // every rejection carries AWS's prefix
        }
        return 0;
    }
    sg::model::Matcher matcher;
    matcher.add(1, *parsed);
    std::vector<sg::model::RuleId> out;
    matcher.match(text, out); // the pattern text itself is a JSON object: a fine event
    matcher.remove(1);
    if (matcher.ruleCount() != 0) {
        std::abort();
    }
    return 0;
}
