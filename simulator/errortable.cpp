#include "errortable.h"

namespace sg::sim::engine {

// ERROR_CODE values are among those the EventBridge user guide lists for DLQ messages.
ErrorInfo errorInfo(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::Throttled:
        return {"THROTTLING", "The target throttled the invocation.", true, true};
    case ErrorKind::ServerError:
        return {"ERROR_FROM_TARGET", "The target returned a server error.", true, false};
    case ErrorKind::Timeout:
        return {"TIMEOUT", "The invocation timed out.", true, false};
    case ErrorKind::ConnectionFailure:
        return {"CONNECTION_FAILURE", "EventBridge could not connect to the target.", true, true};
    case ErrorKind::PermissionDenied:
        return {"NO_PERMISSIONS", "EventBridge has no permission to invoke the target.", false,
                true};
    case ErrorKind::TargetDeleted:
        return {"NO_RESOURCE", "The target does not exist.", false, true};
    case ErrorKind::ClientError:
        return {"ERROR_FROM_TARGET", "The target rejected the request as invalid.", false, false};
    case ErrorKind::ThirdAccountHop:
        return {"THIRD_ACCOUNT_HOP_DETECTED",
                "The event already crossed one event bus and cannot cross another.", false, true};
    case ErrorKind::ThirdRegionHop:
        return {"THIRD_REGION_HOP_DETECTED",
                "The event already crossed one event bus and cannot cross another region.", false,
                true};
    case ErrorKind::InvalidInput:
        return {"INVALID_JSON", "The target input could not be produced for this event.", false,
                true};
    case ErrorKind::AgedOutWaiting:
        return {"THROTTLING",
                "The event's age ran out while it waited for an invocation rate limit, the "
                "account's invocation quota or a concurrency slot.",
                true, true};
    }
    return {"UNKNOWN", "Unknown error.", false, true};
}

ErrorKind toErrorKind(model::FailureKind kind) {
    switch (kind) {
    case model::FailureKind::Throttled:
        return ErrorKind::Throttled;
    case model::FailureKind::ServerError:
        return ErrorKind::ServerError;
    case model::FailureKind::Timeout:
        return ErrorKind::Timeout;
    case model::FailureKind::ConnectionFailure:
        return ErrorKind::ConnectionFailure;
    case model::FailureKind::PermissionDenied:
        return ErrorKind::PermissionDenied;
    case model::FailureKind::TargetDeleted:
        return ErrorKind::TargetDeleted;
    case model::FailureKind::ClientError:
        return ErrorKind::ClientError;
    }
    return ErrorKind::ServerError;
}

} // namespace sg::sim::engine
