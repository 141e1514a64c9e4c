#pragma once
// compactJsonSize: how long a document's compact text is, without writing it. The simulator
// charges every generated event's detail against the PutEvents entry size limit this way.

#include <nlohmann/json.hpp>

#include <cstddef>

namespace sg {

// The size of value.dump(-1, ' ', false, error_handler_t::replace): compact, UTF-8 kept as it is,
// control characters escaped. A string that is not valid UTF-8, and a floating-point number, are
// measured by writing them, so the result is always exactly that size.
[[nodiscard]] std::size_t compactJsonSize(const nlohmann::ordered_json &value);

} // namespace sg
