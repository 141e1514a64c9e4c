#pragma once
// The error table: why a delivery attempt failed, as the dead-letter message tells it. The model's
// failure kinds come first, then the errors EventBridge itself produces. ERROR_CODE values are
// those the EventBridge user guide lists for dead-letter messages; `retriable` says whether
// EventBridge's retry policy tries again, `immediate` whether the call fails at once, without
// the target's latency.

#include "arch/elements.h"

#include <cstdint>
#include <string_view>

namespace sg::sim::engine {

// Why an attempt failed: the model's failure kinds, then the ones EventBridge itself produces.
enum class ErrorKind : std::uint8_t {
    Throttled,
    ServerError,
    Timeout,
    ConnectionFailure,
    PermissionDenied,
    TargetDeleted,
    ClientError,
    ThirdAccountHop,
    ThirdRegionHop,
    InvalidInput,
    AgedOutWaiting, // the event's age ran out while it waited on a rate limit, quota or slot
};

struct ErrorInfo {
    std::string_view code; // the DLQ's ERROR_CODE
    std::string_view message;
    bool retriable;
    bool immediate; // fails when the call is made, without waiting for the target's latency
};

[[nodiscard]] ErrorInfo errorInfo(ErrorKind kind);
// The model's failure kinds, each named: a new kind fails to compile here until it is mapped.
[[nodiscard]] ErrorKind toErrorKind(model::FailureKind kind);

} // namespace sg::sim::engine
