#pragma once
// Batch processing of JSON Lines: one input object per line, one output line per input line.

#include <functional>
#include <iosfwd>
#include <string>

#include <nlohmann/json.hpp>

namespace sg::cli {

// Calls `handle` for each non-blank line that parses as JSON (ordered, so key order survives),
// writing what it returns as one compact JSON line. A line that is not JSON produces
// {"id":null,"line":N,"error":"..."} instead. Returns false if the input cannot be read.
bool forEachJsonLine(
    const std::string &path, std::ostream &out,
    const std::function<nlohmann::ordered_json(const nlohmann::ordered_json &)> &handle);

// Compact JSON text of a value, never throwing on invalid UTF-8 (replaced by U+FFFD).
std::string compactJson(const nlohmann::ordered_json &value);

} // namespace sg::cli
