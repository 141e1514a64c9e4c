#pragma once
// Lambda's asynchronous invocation: the layer behind a function target. EventBridge's delivery
// ends when Lambda accepts the event into the function's own queue; from there Lambda runs the
// function, retries what fails on its own clock and finally hands the event to an on-failure
// destination or a dead-letter queue, or discards it. The numbers are the Lambda developer
// guide's ("How Lambda handles errors and retries with asynchronous invocation"):
//   - a function error (the code's or the runtime's, timeouts included) is retried
//     MaximumRetryAttempts times (0-2, default 2), one minute after the first failure and two
//     minutes after the second;
//   - a throttle (no concurrency left, 429) or a Lambda system error (5xx) puts the event back in
//     the queue, retried after 1 s, then twice as long each time up to 5 minutes, for as long as
//     the event is younger than MaximumEventAgeInSeconds (60-21,600 s, default 6 hours).

#include "arch/elements.h"
#include "simtime.h"

#include <cstdint>
#include <string_view>

namespace sg::sim {

// Which layer a model failure kind belongs to when the target is a function.
enum class FunctionFailureLayer : std::uint8_t {
    InvokeCall, // EventBridge's Invoke call fails: the function is gone, no permission, or
                // Lambda refuses the call (a connection or service failure); EventBridge's retry
                // policy and dead-letter queue apply
    Function,   // the function ran and failed (server error, client error, timeout): Lambda
                // retries it MaximumRetryAttempts times
    Requeue,    // Lambda throttled the run: back to its queue, retried until the event ages out
};
[[nodiscard]] FunctionFailureLayer functionFailureLayer(model::FailureKind kind);

// How one run of a queued event ended, as Lambda's queue sees it.
enum class LambdaRunOutcome : std::uint8_t {
    FunctionError, // retried MaximumRetryAttempts times
    Requeued,      // throttled or a system error: retried until MaximumEventAgeInSeconds
};

// Why Lambda gave an event up: the `condition` of its on-failure destination record.
enum class LambdaCondition : std::uint8_t { RetriesExhausted, EventAgeExceeded };
[[nodiscard]] std::string_view lambdaConditionName(LambdaCondition condition);

// A function's asynchronous-invocation settings in simulated time.
struct LambdaAsyncPolicy {
    int maximumRetryAttempts = model::kDefaultAsyncRetryAttempts;
    SimTime maximumEventAge = SimTime::seconds(model::kDefaultAsyncEventAgeSeconds);

    [[nodiscard]] static LambdaAsyncPolicy of(const model::AsyncInvocation &settings);
};

// One event in a function's asynchronous queue.
struct LambdaQueuedEvent {
    SimTime enqueuedAt;
    int runs = 0;           // runs that reached the function: the record's approximateInvokeCount
    int functionErrors = 0; // runs that ended in a function error
    int requeues = 0;       // throttles and system errors so far
};

// What Lambda does next with an event whose run just failed.
struct LambdaNextStep {
    bool giveUp = false;
    SimTime retryAt;                                               // when !giveUp
    LambdaCondition condition = LambdaCondition::RetriesExhausted; // when giveUp
};

// The wait after the n-th function error (1-based): one minute after the first, two minutes after
// the second (and, past what Lambda allows, two minutes again).
[[nodiscard]] SimTime lambdaFunctionErrorDelay(int errorNumber);
// The wait after the n-th throttle or system error (1-based): 1 s, 2 s, 4 s, ... at most 5 min.
[[nodiscard]] SimTime lambdaRequeueDelay(int requeueNumber);

// After a run of `event` that ended with `outcome` at `now`: when Lambda runs it again, or that
// it gives it up and why. Counts the failure in `event`.
[[nodiscard]] LambdaNextStep afterFailedRun(LambdaQueuedEvent &event, LambdaRunOutcome outcome,
                                            SimTime now, const LambdaAsyncPolicy &policy);

// Whether an event that would start a run at `now` is already too old to run: Lambda discards it
// (EventAgeExceeded) instead.
[[nodiscard]] bool agedOut(const LambdaQueuedEvent &event, SimTime now,
                           const LambdaAsyncPolicy &policy);

} // namespace sg::sim
