// Lambda's asynchronous invocation (simulator/lambdaasync): when Lambda runs a queued event again
// and when it gives it up, with the numbers of the Lambda developer guide, "How Lambda handles
// errors and retries with asynchronous invocation".

#include "lambdaasync.h"

#include <gtest/gtest.h>

#include <vector>

namespace sg::sim {
namespace {

using namespace sg::sim::literals;

// The runs of an event whose every run fails with `outcome` after `latency`, from `start`.
struct Runs {
    std::vector<SimTime> starts;
    LambdaCondition condition = LambdaCondition::RetriesExhausted;
    SimTime gaveUpAt;
};

Runs failEveryRun(LambdaRunOutcome outcome, const LambdaAsyncPolicy &policy, SimTime start,
                  SimTime latency) {
    Runs runs;
    LambdaQueuedEvent event{start};
    SimTime at = start;
    while (runs.starts.size() < 1000) {
        runs.starts.push_back(at);
        ++event.runs;
        const LambdaNextStep next = afterFailedRun(event, outcome, at + latency, policy);
        if (next.giveUp) {
            runs.condition = next.condition;
            runs.gaveUpAt = at + latency;
            break;
        }
        at = next.retryAt;
    }
    return runs;
}

// "If the function returns an error, by default Lambda attempts to run it two more times, with a
// one-minute wait between the first two attempts, and two minutes between the second and third
// attempts."
TEST(LambdaAsync, AFunctionThatAlwaysFailsRunsThreeTimesAtTheGuidesIntervals) {
    const Runs runs =
        failEveryRun(LambdaRunOutcome::FunctionError, LambdaAsyncPolicy{}, 10_s, 250_ms);
    EXPECT_EQ(runs.starts,
              (std::vector<SimTime>{10_s, 10_s + 250_ms + 1_min, 10_s + 500_ms + 3_min}));
    EXPECT_EQ(runs.condition, LambdaCondition::RetriesExhausted);
    EXPECT_EQ(runs.gaveUpAt, 10_s + 750_ms + 3_min);
    EXPECT_EQ(lambdaConditionName(runs.condition), "RetriesExhausted");
}

// MaximumRetryAttempts is 0-2 ("Configuring error handling settings for Lambda asynchronous
// invocations").
TEST(LambdaAsync, MaximumRetryAttemptsZeroAndOne) {
    LambdaAsyncPolicy policy;
    policy.maximumRetryAttempts = 0;
    EXPECT_EQ(failEveryRun(LambdaRunOutcome::FunctionError, policy, 0_s, 0_s).starts,
              (std::vector<SimTime>{0_s}));
    policy.maximumRetryAttempts = 1;
    EXPECT_EQ(failEveryRun(LambdaRunOutcome::FunctionError, policy, 0_s, 0_s).starts,
              (std::vector<SimTime>{0_s, 1_min}));
}

// "When the queue is very long, new events might age out before Lambda has a chance to send them
// to your function": an event older than MaximumEventAgeInSeconds is given up, EventAgeExceeded.
TEST(LambdaAsync, AnEventThatWouldRetryPastItsMaximumAgeAgesOut) {
    LambdaAsyncPolicy policy;
    policy.maximumEventAge = 90_s;
    // The first retry (1 min after the failure) is within 90 s, the second (2 min later) is not.
    const Runs runs = failEveryRun(LambdaRunOutcome::FunctionError, policy, 0_s, 1_s);
    EXPECT_EQ(runs.starts, (std::vector<SimTime>{0_s, 61_s}));
    EXPECT_EQ(runs.condition, LambdaCondition::EventAgeExceeded);
    EXPECT_EQ(runs.gaveUpAt, 62_s);

    LambdaQueuedEvent waiting{0_s};
    EXPECT_FALSE(agedOut(waiting, 90_s, policy));
    EXPECT_TRUE(agedOut(waiting, 90_s + SimTime::microseconds(1), policy));
}

// "For throttling errors (429) and system errors (500-series), Lambda returns the event to the
// queue and attempts to run the function again for up to 6 hours by default. The retry interval
// increases exponentially from 1 second after the first attempt to a maximum of 5 minutes."
TEST(LambdaAsync, AThrottledEventIsRetriedFromOneSecondUpToFiveMinutesUntilSixHours) {
    EXPECT_EQ(lambdaRequeueDelay(1), 1_s);
    EXPECT_EQ(lambdaRequeueDelay(2), 2_s);
    EXPECT_EQ(lambdaRequeueDelay(9), 256_s);
    EXPECT_EQ(lambdaRequeueDelay(10), 5_min);
    EXPECT_EQ(lambdaRequeueDelay(1000), 5_min);

    const Runs runs = failEveryRun(LambdaRunOutcome::Requeued, LambdaAsyncPolicy{}, 0_s, 0_s);
    EXPECT_EQ(runs.condition, LambdaCondition::EventAgeExceeded);
    // 511 s of doubling waits, then one run every 5 minutes until the next would pass 6 hours:
    // (21,600 - 511) / 300 = 70 more.
    EXPECT_EQ(runs.starts.size(), 1u + 9u + 70u);
    EXPECT_EQ(runs.starts[9], 511_s);
    EXPECT_LE(runs.starts.back(), 6_h);
    EXPECT_GT(runs.starts.back() + 5_min, 6_h);
    // Throttles do not use up MaximumRetryAttempts.
    LambdaAsyncPolicy noRetries;
    noRetries.maximumRetryAttempts = 0;
    EXPECT_EQ(failEveryRun(LambdaRunOutcome::Requeued, noRetries, 0_s, 0_s).starts.size(),
              runs.starts.size());
}

// EventBridge invokes functions asynchronously: only the Invoke call is EventBridge's to retry.
TEST(LambdaAsync, EachFailureKindBelongsToTheLayerThatRetriesIt) {
    using model::FailureKind;
    EXPECT_EQ(functionFailureLayer(FailureKind::TargetDeleted), FunctionFailureLayer::InvokeCall);
    EXPECT_EQ(functionFailureLayer(FailureKind::PermissionDenied),
              FunctionFailureLayer::InvokeCall);
    EXPECT_EQ(functionFailureLayer(FailureKind::ConnectionFailure),
              FunctionFailureLayer::InvokeCall);
    EXPECT_EQ(functionFailureLayer(FailureKind::Throttled), FunctionFailureLayer::Requeue);
    EXPECT_EQ(functionFailureLayer(FailureKind::ServerError), FunctionFailureLayer::Function);
    EXPECT_EQ(functionFailureLayer(FailureKind::Timeout), FunctionFailureLayer::Function);
    EXPECT_EQ(functionFailureLayer(FailureKind::ClientError), FunctionFailureLayer::Function);
}

TEST(LambdaAsync, APolicyComesFromTheModelsSettingsWithinAwsRanges) {
    model::AsyncInvocation settings;
    EXPECT_EQ(LambdaAsyncPolicy::of(settings).maximumRetryAttempts, 2);
    EXPECT_EQ(LambdaAsyncPolicy::of(settings).maximumEventAge, 6_h);
    settings.maximumRetryAttempts = 1;
    settings.maximumEventAgeSeconds = 120;
    EXPECT_EQ(LambdaAsyncPolicy::of(settings).maximumRetryAttempts, 1);
    EXPECT_EQ(LambdaAsyncPolicy::of(settings).maximumEventAge, 2_min);
}

} // namespace
} // namespace sg::sim
