#pragma once
// putEventsEntrySize: the size EventBridge charges a PutEvents entry against its size limit, for
// the linter (a sample event too large to put) and the simulator (a generated event refused).

#include <nlohmann/json.hpp>

#include <cstddef>

namespace sg::model {

// The Time parameter of an entry counts as 14 bytes, whatever its text.
inline constexpr std::size_t kEntryTimeBytes = 14;

// EventBridge's documented calculation ("Calculating PutEvents event entry size"): the UTF-8
// bytes of Source, DetailType, Detail (as compact JSON text) and each Resources ARN, plus 14 when
// Time is present. 0 for anything but an object.
[[nodiscard]] std::size_t putEventsEntrySize(const nlohmann::ordered_json &event);

} // namespace sg::model
