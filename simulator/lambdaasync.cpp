#include "lambdaasync.h"

#include <algorithm>

namespace sg::sim {

namespace {

constexpr SimTime kFirstRequeueDelay = SimTime::seconds(1);
constexpr SimTime kMaxRequeueDelay = SimTime::minutes(5);

} // namespace

FunctionFailureLayer functionFailureLayer(model::FailureKind kind) {
    switch (kind) {
    case model::FailureKind::PermissionDenied:
    case model::FailureKind::TargetDeleted:
    case model::FailureKind::ConnectionFailure:
        return FunctionFailureLayer::InvokeCall;
    case model::FailureKind::Throttled:
        return FunctionFailureLayer::Requeue;
    case model::FailureKind::ServerError:
    case model::FailureKind::Timeout:
    case model::FailureKind::ClientError:
        return FunctionFailureLayer::Function;
    }
    return FunctionFailureLayer::Function;
}

std::string_view lambdaConditionName(LambdaCondition condition) {
    switch (condition) {
    case LambdaCondition::RetriesExhausted:
        return "RetriesExhausted";
    case LambdaCondition::EventAgeExceeded:
        return "EventAgeExceeded";
    }
    return "RetriesExhausted";
}

LambdaAsyncPolicy LambdaAsyncPolicy::of(const model::AsyncInvocation &settings) {
    LambdaAsyncPolicy policy;
    policy.maximumRetryAttempts =
        std::clamp(settings.maximumRetryAttempts, 0, model::kMaxAsyncRetryAttempts);
    policy.maximumEventAge = SimTime::seconds(std::clamp(settings.maximumEventAgeSeconds,
                                                         model::kMinAsyncEventAgeSeconds,
                                                         model::kMaxAsyncEventAgeSeconds));
    return policy;
}

SimTime lambdaFunctionErrorDelay(int errorNumber) {
    return errorNumber <= 1 ? SimTime::minutes(1) : SimTime::minutes(2);
}

SimTime lambdaRequeueDelay(int requeueNumber) {
    SimTime delay = kFirstRequeueDelay;
    for (int n = 1; n < requeueNumber && delay < kMaxRequeueDelay; ++n) {
        delay = delay + delay;
    }
    return std::min(delay, kMaxRequeueDelay);
}

LambdaNextStep afterFailedRun(LambdaQueuedEvent &event, LambdaRunOutcome outcome, SimTime now,
                              const LambdaAsyncPolicy &policy) {
    LambdaNextStep next;
    SimTime delay;
    if (outcome == LambdaRunOutcome::FunctionError) {
        ++event.functionErrors;
        if (event.functionErrors > policy.maximumRetryAttempts) {
            next.giveUp = true;
            next.condition = LambdaCondition::RetriesExhausted;
            return next;
        }
        delay = lambdaFunctionErrorDelay(event.functionErrors);
    } else {
        ++event.requeues;
        delay = lambdaRequeueDelay(event.requeues);
    }
    next.retryAt = now + delay;
    if (next.retryAt - event.enqueuedAt > policy.maximumEventAge) {
        next.giveUp = true;
        next.condition = LambdaCondition::EventAgeExceeded;
    }
    return next;
}

bool agedOut(const LambdaQueuedEvent &event, SimTime now, const LambdaAsyncPolicy &policy) {
    return now - event.enqueuedAt > policy.maximumEventAge;
}

} // namespace sg::sim
