#pragma once
// A YAML writer for JSON trees (the CloudFormation YAML export): block style, every string
// double-quoted so that no YAML reader retypes it, keys plain only where that is unambiguous.

#include <string>

#include <nlohmann/json.hpp>

namespace sg::model {

// The YAML document for `value` (2-space indentation, ends with a newline). Reading it back with
// any YAML 1.1 or 1.2 reader gives the same tree: strings stay strings ("true", "0123", "null"),
// numbers, booleans and null keep their types. Never throws; invalid UTF-8 is replaced.
[[nodiscard]] std::string writeYaml(const nlohmann::ordered_json &value);

} // namespace sg::model
