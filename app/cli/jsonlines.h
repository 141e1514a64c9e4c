#pragma once
// Batch processing of JSON Lines: one input object per line, one output line per input line. The
// one line reader of `test-pattern --batch` and `transform --batch`.

#include "core/result.h"

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sg::cli {

using LineHandler = std::function<nlohmann::ordered_json(const nlohmann::ordered_json &)>;

// One line as the JSON object it must be (ordered, so key order survives). Refused, with a
// message a person can act on: text that is not JSON, JSON that is not an object (`3`, `[]`,
// `null`), and nesting deeper than kMaxJsonNesting (the error then has the column).
[[nodiscard]] Result<nlohmann::ordered_json> readJsonLine(std::string_view line);

// Calls `handle` for each non-blank line of `text` that readJsonLine() takes, writing what it
// returns as one compact JSON line. A line it refuses produces {"id":...,"line":N,"error":"..."}
// instead (the id when the line is an object that has one, else null), and so does a handler
// that throws: one bad line never stops the batch.
void forEachJsonLineIn(std::string_view text, std::ostream &out, const LineHandler &handle);

// forEachJsonLineIn() over a file (or standard input for "-"). Returns false, having printed
// why, if the input cannot be read.
bool forEachJsonLine(const std::string &path, std::ostream &out, const LineHandler &handle);

// Compact JSON text of a value, never throwing on invalid UTF-8 (replaced by U+FFFD).
std::string compactJson(const nlohmann::ordered_json &value);

// The per-line handlers of the two batch commands (testpattern.cpp, transform.cpp).
nlohmann::ordered_json testPatternLine(const nlohmann::ordered_json &line);
nlohmann::ordered_json transformLine(const nlohmann::ordered_json &line);

} // namespace sg::cli
