#pragma once
// describeJsonType: how error messages name what was found where something else was expected.

#include <string>

namespace sg {

// "an object", "an array", "a string", "a boolean", "null" or "a number", for any nlohmann JSON
// type (json or ordered_json).
template <typename Json> [[nodiscard]] std::string describeJsonType(const Json &value) {
    if (value.is_object()) {
        return "an object";
    }
    if (value.is_array()) {
        return "an array";
    }
    if (value.is_string()) {
        return "a string";
    }
    if (value.is_boolean()) {
        return "a boolean";
    }
    if (value.is_null()) {
        return "null";
    }
    if (value.is_number()) {
        return "a number";
    }
    return "an unsupported value"; // binary or discarded: nothing our readers produce
}

} // namespace sg
