// Fuzzes the batch readers of stormglass-cli: the one JSON Lines reader and the per-line handlers
// of `test-pattern --batch` and `transform --batch`. Input: one byte choosing the command (even:
// test-pattern, odd: transform), then the batch text. Any text must give exactly one output line
// per non-blank input line, each a JSON object with an "id", and never a crash, hang or throw.

#include "jsonlines.h"

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace {

std::size_t nonBlankLines(std::string_view text) {
    std::size_t count = 0;
    while (!text.empty()) {
        const std::size_t newline = text.find('\n');
        const std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
            ++count;
        }
    }
    return count;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const bool transform = (data[0] & 1) != 0;
    const std::string_view text(reinterpret_cast<const char *>(data) + 1, size - 1);
    std::ostringstream out;
    sg::cli::forEachJsonLineIn(text, out,
                               transform ? sg::cli::transformLine : sg::cli::testPatternLine);
    const std::string written = out.str();
    std::size_t lines = 0;
    std::string_view rest = written;
    while (!rest.empty()) {
        const std::size_t newline = rest.find('\n');
        if (newline == std::string_view::npos) {
            std::abort(); // every output line ends with a newline
        }
        const auto line = nlohmann::json::parse(rest.substr(0, newline), nullptr, false);
        if (line.is_discarded() || !line.is_object() || !line.contains("id")) {
            std::abort(); // not a JSON object with an id
        }
        rest.remove_prefix(newline + 1);
        ++lines;
    }
    if (lines != nonBlankLines(text)) {
        std::abort(); // one output line per non-blank input line
    }
    return 0;
}
