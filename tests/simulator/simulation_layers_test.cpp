// The layers behind the targets, with AWS's numbers: Lambda's asynchronous queue, SQS's
// visibility timeout and redrive, Step Functions executions, and EventBridge's own retry policy
// for what stays EventBridge's. Each test quotes the sentence of AWS's documentation it checks.
// Then "where did my events go": every target's outcomes add up, for the bundled examples and
// for random models.

#include "io/projectfile.h"
#include "simmodels.h"
#include "simulation.h"

#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

namespace sg::sim {
namespace {

using namespace sg::sim::literals;
using namespace sg::sim::testmodels;

struct StepCollector : SimulationObserver {
    std::vector<LineageStep> steps;
    void onLineage(std::span<const LineageStep> batch) override {
        steps.insert(steps.end(), batch.begin(), batch.end());
    }
    [[nodiscard]] std::vector<SimTime> at(StepKind kind, Layer layer) const {
        std::vector<SimTime> out;
        for (const LineageStep &s : steps) {
            if (s.kind == kind && s.layer == layer) {
                out.push_back(s.at);
            }
        }
        return out;
    }
};

SimulationOptions traced() {
    SimulationOptions o = exactOptions();
    o.trace = true;
    return o;
}

// A function `fn` targeted by rule `rule` (EventBridge DLQ `eb-dlq`); its asynchronous
// invocation settings as given, with the queue `on-failure` to send failures to.
model::Project functionTarget(model::Behavior fnBehavior, model::AsyncInvocation async) {
    model::Consumer fn = makeFunction("fn", std::move(fnBehavior));
    fn.asyncInvocation = std::move(async);
    return project({makeBus("bus", "orders"), fn, makeQueue("eb-dlq"), makeQueue("on-failure"),
                    makeQueue("fn-dlq"),
                    makeRule("rule", "bus", kShopPattern, {makeTarget("t", "fn", {}, "eb-dlq")})});
}

model::AsyncInvocation toOnFailure(int retries = model::kDefaultAsyncRetryAttempts,
                                   int ageSeconds = model::kDefaultAsyncEventAgeSeconds) {
    model::AsyncInvocation a;
    a.maximumRetryAttempts = retries;
    a.maximumEventAgeSeconds = ageSeconds;
    a.onFailure = ElementId{"on-failure"};
    return a;
}

void expectBalanced(const Simulation &sim, const std::string &context) {
    for (const std::string &name : sim.metricNames()) {
        if (const std::optional<TargetOutcomes> o = sim.outcomes(name)) {
            EXPECT_EQ(o->accountedFor(), o->delivered) << context << ": target " << name;
        }
    }
    const TargetOutcomes total = sim.totalOutcomes();
    EXPECT_EQ(total.accountedFor(), total.delivered) << context;
    EXPECT_EQ(total.delivered, sim.deliveries()) << context;
}

// ---- Lambda's asynchronous queue --------------------------------------------------------------

// Lambda developer guide, "How Lambda handles errors and retries with asynchronous invocation":
// "If the function returns an error, by default Lambda attempts to run it two more times, with
// a one-minute wait between the first two attempts, and two minutes between the second and
// third attempts." And EventBridge, "Event retry policy and using dead-letter queues": for an
// asynchronous target the delivery succeeds once the service accepts the event.
TEST(SimulationLambda, AnAlwaysFailingFunctionRunsThreeTimesThenGoesToItsOnFailureDestination) {
    Simulation sim = create(
        functionTarget(behavior(10, {always(model::FailureKind::ServerError)}), toOnFailure()),
        traced());
    StepCollector steps;
    sim.addObserver(&steps);
    putAt(sim, 0_s);
    sim.run();

    // Runs at t, t + 10 ms + 1 min, and 2 min after that run failed.
    EXPECT_EQ(steps.at(StepKind::Attempt, Layer::Lambda),
              (std::vector<SimTime>{0_s, 60010_ms, 180020_ms}));
    EXPECT_EQ(sim.counters("fn")->invoked, 3u);
    EXPECT_EQ(sim.counters("fn")->failed, 3u);
    EXPECT_EQ(sim.counters("fn")->retried, 2u);

    // EventBridge made one Invoke call, which succeeded: its DLQ stays empty.
    const ElementCounters target = *sim.counters("rule/t");
    EXPECT_EQ(target.invoked, 1u);
    EXPECT_EQ(target.succeeded, 1u);
    EXPECT_EQ(target.failed, 0u);
    EXPECT_EQ(sim.deadLetters("eb-dlq")->total, 0u);

    const DlqSummary onFailure = *sim.deadLetters("on-failure");
    ASSERT_EQ(onFailure.total, 1u);
    const DlqMessage &m = onFailure.kept.at(0);
    EXPECT_EQ(m.source, DeadLetterSource::LambdaOnFailure);
    EXPECT_EQ(m.at, 180030_ms);
    // Lambda developer guide, "Capturing records of Lambda asynchronous invocations": the
    // record has the request, the response and the condition.
    const Json &record = *m.body;
    EXPECT_EQ(record["version"], "1.0");
    EXPECT_EQ(record["requestContext"]["condition"], "RetriesExhausted");
    EXPECT_EQ(record["requestContext"]["approximateInvokeCount"], 3);
    EXPECT_EQ(record["requestContext"]["functionArn"],
              "arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST");
    EXPECT_EQ(record["requestPayload"], event());
    EXPECT_EQ(record["responseContext"]["statusCode"], 200);
    EXPECT_EQ(record["responseContext"]["functionError"], "Unhandled");
    EXPECT_EQ(record["timestamp"], "2026-01-01T00:03:00Z");

    const TargetOutcomes o = *sim.outcomes("rule/t");
    EXPECT_EQ(o.delivered, 1u);
    EXPECT_EQ(o.lambdaOnFailure, 1u);
    EXPECT_EQ(o.eventBridgeDlq, 0u);
    EXPECT_EQ(o.accountedFor(), o.delivered);
}

// Lambda developer guide, "Configuring error handling settings for Lambda asynchronous
// invocations": "Maximum retry attempts – The maximum number of times that Lambda retries when
// the function returns an error, between 0 and 2."
TEST(SimulationLambda, MaximumRetryAttemptsZeroAndOneRunTheFunctionOnceAndTwice) {
    for (const int retries : {0, 1}) {
        Simulation sim = create(functionTarget(behavior(10, {always(model::FailureKind::Timeout)}),
                                               toOnFailure(retries)),
                                traced());
        StepCollector steps;
        sim.addObserver(&steps);
        putAt(sim, 0_s);
        sim.run();
        const std::vector<SimTime> runs = steps.at(StepKind::Attempt, Layer::Lambda);
        ASSERT_EQ(runs.size(), static_cast<std::size_t>(retries + 1)) << retries;
        if (retries == 1) {
            EXPECT_EQ(runs[1], 60010_ms);
        }
        EXPECT_EQ(sim.deadLetters("on-failure")->total, 1u) << retries;
        EXPECT_EQ((*sim.deadLetters("on-failure")->kept.at(0).body)["requestContext"]
                                                                   ["approximateInvokeCount"],
                  retries + 1);
    }
}

// Same guide: "Maximum age of event – The maximum amount of time Lambda retains an event in the
// asynchronous event queue, up to 6 hours", and for throttles: "Lambda returns the event to the
// queue and attempts to run the function again for up to 6 hours ... with exponential backoff
// ... from 1 second after the first attempt to a maximum of 5 minutes."
TEST(SimulationLambda, AThrottledEventAgesOutOfLambdasQueueWithTheAgeCondition) {
    Simulation sim = create(
        functionTarget(behavior(10, {always(model::FailureKind::Throttled)}), toOnFailure(2, 60)),
        traced());
    StepCollector steps;
    sim.addObserver(&steps);
    putAt(sim, 0_s);
    sim.run();
    // Tried at 0, 1, 3, 7, 15 and 31 s (a throttle fails at once); the next, at 63 s, would be
    // past the 60 s age. Throttles are retried beyond MaximumRetryAttempts.
    EXPECT_EQ(steps.at(StepKind::Attempt, Layer::Lambda),
              (std::vector<SimTime>{0_s, 1_s, 3_s, 7_s, 15_s, 31_s}));
    const DlqSummary onFailure = *sim.deadLetters("on-failure");
    ASSERT_EQ(onFailure.total, 1u);
    EXPECT_EQ((*onFailure.kept.at(0).body)["requestContext"]["condition"], "EventAgeExceeded");
    EXPECT_EQ((*onFailure.kept.at(0).body)["responseContext"]["statusCode"], 429);
    EXPECT_EQ(sim.deadLetters("eb-dlq")->total, 0u);
}

// Lambda's reserved concurrency throttles runs in Lambda's queue; they wait, and none is lost.
TEST(SimulationLambda, ReservedConcurrencyDelaysRunsInLambdasQueueWithoutLosingAny) {
    Simulation sim = create(functionTarget(behavior(500, {}, 1), toOnFailure()));
    putAt(sim, 0_s, 3);
    sim.run();
    EXPECT_EQ(sim.counters("fn")->succeeded, 3u);
    EXPECT_GT(sim.counters("fn")->throttled, 0u);
    EXPECT_EQ(sim.counters("rule/t")->throttled, 0u); // not EventBridge's wait
    EXPECT_EQ(sim.outcomes("rule/t")->processed, 3u);
    EXPECT_EQ(sim.layerCounters().lambda.throttled, sim.counters("fn")->throttled);
}

// Lambda developer guide, dead-letter queues: "Lambda sends the event to the dead-letter queue
// as-is, with additional information in attributes" (RequestID, ErrorCode, ErrorMessage).
TEST(SimulationLambda, WithoutAnOnFailureDestinationTheFunctionsDeadLetterQueueGetsTheEvent) {
    model::AsyncInvocation async;
    async.deadLetterQueue = ElementId{"fn-dlq"};
    Simulation sim =
        create(functionTarget(behavior(10, {always(model::FailureKind::ClientError)}), async));
    putAt(sim, 0_s);
    sim.run();
    const DlqSummary dlq = *sim.deadLetters("fn-dlq");
    ASSERT_EQ(dlq.total, 1u);
    EXPECT_EQ(dlq.kept[0].source, DeadLetterSource::LambdaDlq);
    EXPECT_EQ(dlq.kept[0].errorCode, "200");
    EXPECT_EQ(*dlq.kept[0].body, event());
    EXPECT_EQ(sim.outcomes("rule/t")->lambdaDlq, 1u);
}

TEST(SimulationLambda, WithNowhereToGoAFailedEventIsDiscardedAndCounted) {
    Simulation sim =
        create(functionTarget(behavior(10, {always(model::FailureKind::ServerError)}), {}));
    putAt(sim, 0_s, 2);
    sim.run();
    EXPECT_EQ(sim.outcomes("rule/t")->lambdaDiscarded, 2u);
    EXPECT_EQ(sim.layerCounters().lambda.discarded, 2u);
    EXPECT_EQ(sim.counters("fn")->dropped, 2u);
    EXPECT_EQ(sim.totalDropped(), 0u); // EventBridge dropped nothing
}

// Lambda developer guide: an EventBridge bus destination receives the record as an event with
// detail-type "Lambda Function Invocation Result - Failure" and source "lambda".
TEST(SimulationLambda, AnOnFailureBusGetsTheRecordAsAnEventOtherRulesCanMatch) {
    model::Consumer fn =
        makeFunction("fn", behavior(10, {always(model::FailureKind::ServerError)}));
    fn.asyncInvocation.maximumRetryAttempts = 0;
    fn.asyncInvocation.onFailure = ElementId{"ops"};
    const model::Project p = project(
        {makeBus("bus", "orders"), makeBus("ops", "ops"), fn, makeQueue("alerts"),
         makeRule("rule", "bus", kShopPattern, {makeTarget("t", "fn")}),
         makeRule(
             "failures", "ops",
             R"({"source":["lambda"],"detail-type":["Lambda Function Invocation Result - Failure"],"detail":{"requestContext":{"condition":["RetriesExhausted"]}}})",
             {makeTarget("q", "alerts")})});
    Simulation sim = create(p);
    putAt(sim, 0_s);
    sim.run();
    EXPECT_EQ(sim.counters("failures")->matched, 1u);
    EXPECT_EQ(sim.counters("alerts")->received, 1u);
    EXPECT_EQ(sim.eventsPut(), 2u);
    EXPECT_EQ(sim.outcomes("rule/t")->lambdaOnFailure, 1u);
    EXPECT_EQ(sim.outcomes("failures/q")->unread, 1u);
}

// EventBridge user guide, "Event retry policy": "EventBridge doesn't retry ... when the target
// resource doesn't exist" (NO_RESOURCE) — the Invoke call itself fails, and Lambda never runs.
TEST(SimulationLambda, ADeletedFunctionGoesToEventBridgesDlqAfterOneAttempt) {
    Simulation sim = create(
        functionTarget(behavior(10, {always(model::FailureKind::TargetDeleted)}), toOnFailure()));
    putAt(sim, 0_s);
    sim.run();
    EXPECT_EQ(sim.counters("rule/t")->invoked, 1u);
    const DlqSummary dlq = *sim.deadLetters("eb-dlq");
    ASSERT_EQ(dlq.total, 1u);
    EXPECT_EQ(dlq.kept[0].errorCode, "NO_RESOURCE");
    EXPECT_EQ(dlq.kept[0].retryAttempts, 0);
    EXPECT_EQ(sim.counters("fn")->invoked, 0u);
    EXPECT_EQ(sim.deadLetters("on-failure")->total, 0u);
    EXPECT_EQ(sim.outcomes("rule/t")->eventBridgeDlq, 1u);
}

TEST(SimulationLambda, AFunctionThatRunsPastItsTimeoutFailsWithATimeoutThere) {
    model::Consumer fn = makeFunction("fn", behavior(5000));
    fn.timeoutSeconds = 3;
    fn.asyncInvocation = toOnFailure(0);
    const model::Project p =
        project({makeBus("bus", "orders"), fn, makeQueue("on-failure"),
                 makeRule("rule", "bus", kShopPattern, {makeTarget("t", "fn")})});
    Simulation sim = create(p);
    putAt(sim, 0_s);
    sim.run();
    const DlqSummary onFailure = *sim.deadLetters("on-failure");
    ASSERT_EQ(onFailure.total, 1u);
    EXPECT_EQ(onFailure.kept[0].at, 3_s);
    EXPECT_EQ((*onFailure.kept[0].body)["responsePayload"]["errorMessage"],
              "Task timed out after 3.00 seconds");
}

// ---- SQS -------------------------------------------------------------------------------------

// SQS developer guide, "Using dead-letter queues": "when the ReceiveCount for a message exceeds
// the maxReceiveCount for a queue, Amazon SQS moves the message to a dead-letter queue"; and
// "Amazon SQS visibility timeout": a message not deleted becomes visible again when the timeout
// ends.
TEST(SimulationSqs, AMessageFailingMaxReceiveCountTimesIsRedrivenAfterThreeVisibilityTimeouts) {
    model::Queue q = makeQueue("q", "reader");
    q.visibilityTimeoutSeconds = 30;
    q.redrivePolicy.deadLetterQueue = ElementId{"q-dlq"};
    q.redrivePolicy.maxReceiveCount = 3;
    const model::Project p = project(
        {makeBus("bus", "orders"),
         makeFunction("reader", behavior(10, {always(model::FailureKind::ServerError)})), q,
         makeQueue("q-dlq"), makeRule("rule", "bus", kShopPattern, {makeTarget("t", "q")})});
    Simulation sim = create(p, traced());
    StepCollector steps;
    sim.addObserver(&steps);
    putAt(sim, 0_s);
    sim.run();
    EXPECT_EQ(steps.at(StepKind::Received, Layer::Sqs), (std::vector<SimTime>{0_s, 30_s, 60_s}));
    EXPECT_EQ(steps.at(StepKind::Redriven, Layer::Sqs), (std::vector<SimTime>{90_s}));
    const DlqSummary dlq = *sim.deadLetters("q-dlq");
    ASSERT_EQ(dlq.total, 1u);
    EXPECT_EQ(dlq.kept[0].source, DeadLetterSource::SqsRedrive);
    EXPECT_EQ(dlq.kept[0].retryAttempts, 3);
    EXPECT_EQ(sim.counters("rule/t")->succeeded, 1u); // SendMessage succeeded
    EXPECT_EQ(sim.counters("reader")->failed, 3u);
    EXPECT_EQ(sim.outcomes("rule/t")->sqsRedriveDlq, 1u);
}

// SQS developer guide, "Amazon SQS message retention": messages older than the retention period
// are deleted.
TEST(SimulationSqs, AMessageNobodyCanProcessIsDeletedWhenItsRetentionEnds) {
    model::Queue q = makeQueue("q", "reader");
    q.visibilityTimeoutSeconds = 30;
    q.messageRetentionSeconds = 60;
    const model::Project p =
        project({makeBus("bus", "orders"),
                 makeFunction("reader", behavior(10, {always(model::FailureKind::ServerError)})), q,
                 makeRule("rule", "bus", kShopPattern, {makeTarget("t", "q")})});
    Simulation sim = create(p);
    putAt(sim, 0_s);
    sim.run();
    EXPECT_EQ(sim.outcomes("rule/t")->sqsExpired, 1u);
    EXPECT_EQ(sim.layerCounters().sqs.expired, 1u);
}

// The event source's call to a reader that is gone fails, like any failed run: the messages
// come back after the visibility timeout and are redriven in the end.
TEST(SimulationSqs, AReaderThatCannotBeInvokedFailsItsBatches) {
    model::Queue q = makeQueue("q", "reader");
    q.visibilityTimeoutSeconds = 10;
    q.redrivePolicy.deadLetterQueue = ElementId{"q-dlq"};
    q.redrivePolicy.maxReceiveCount = 2;
    const model::Project p = project(
        {makeBus("bus", "orders"),
         makeFunction("reader", behavior(10, {always(model::FailureKind::TargetDeleted)})), q,
         makeQueue("q-dlq"), makeRule("rule", "bus", kShopPattern, {makeTarget("t", "q")})});
    Simulation sim = create(p);
    putAt(sim, 0_s);
    sim.run();
    EXPECT_EQ(sim.counters("reader")->failed, 2u);
    EXPECT_EQ(sim.deadLetters("q-dlq")->kept.at(0).at, 20_s);
    EXPECT_EQ(sim.outcomes("rule/t")->sqsRedriveDlq, 1u);
}

// SQS allows a visibility timeout of 0 s, which Lambda refuses for a queue its function reads
// ("Your function's timeout must be less than or equal to the queue's visibility timeout").
// Such a model still runs: a batch that fails at once comes back a second later, not at the
// same instant forever, and retention ends it. (Found by fuzz_simulate: the run never ended.)
TEST(SimulationSqs, AZeroVisibilityTimeoutHidesAFailedMessageForASecond) {
    model::Queue q = makeQueue("q", "reader");
    q.visibilityTimeoutSeconds = 0;
    q.messageRetentionSeconds = 60;
    const model::Project p = project(
        {makeBus("bus", "orders"),
         makeFunction("reader", behavior(0, {always(model::FailureKind::PermissionDenied)})), q,
         makeRule("rule", "bus", kShopPattern, {makeTarget("t", "q")})});
    Simulation sim = create(p);
    putAt(sim, 0_s);
    sim.run();
    EXPECT_EQ(sim.counters("reader")->failed, 60u); // at 0 s, 1 s, ... 59 s
    EXPECT_EQ(sim.outcomes("rule/t")->sqsExpired, 1u);
    EXPECT_EQ(sim.now(), 60_s);
}

TEST(SimulationSqs, AQueueNothingReadsKeepsItsMessagesAsUnread) {
    const model::Project p =
        project({makeBus("bus", "orders"), makeQueue("q"),
                 makeRule("rule", "bus", kShopPattern, {makeTarget("t", "q")})});
    Simulation sim = create(p);
    putAt(sim, 0_s, 5);
    sim.run();
    EXPECT_EQ(sim.outcomes("rule/t")->unread, 5u);
    EXPECT_EQ(sim.counters("q")->received, 5u);
}

// ---- Step Functions ----------------------------------------------------------------------------

// EventBridge ends its delivery with StartExecution: a failed execution is the workflow's own
// outcome, which EventBridge does not retry.
TEST(SimulationStepFunctions, AFailedExecutionIsNotRetriedByEventBridge) {
    model::Consumer sm =
        makeFunction("sm", behavior(200, {always(model::FailureKind::ServerError)}));
    sm.kind = model::ElementKind::StateMachine;
    const model::Project p =
        project({makeBus("bus", "orders"), sm, makeQueue("dlq"),
                 makeRule("rule", "bus", kShopPattern, {makeTarget("t", "sm", {}, "dlq")})});
    Simulation sim = create(p);
    putAt(sim, 0_s);
    sim.run();
    EXPECT_EQ(sim.counters("rule/t")->invoked, 1u);
    EXPECT_EQ(sim.counters("rule/t")->succeeded, 1u);
    EXPECT_EQ(sim.counters("sm")->invoked, 1u);
    EXPECT_EQ(sim.counters("sm")->failed, 1u);
    EXPECT_EQ(sim.deadLetters("dlq")->total, 0u);
    EXPECT_EQ(sim.outcomes("rule/t")->executionFailed, 1u);
    EXPECT_EQ(sim.now(), 200_ms);
}

// Only a refused StartExecution is EventBridge's: a throttled call is retried by its policy.
TEST(SimulationStepFunctions, AThrottledStartExecutionIsRetriedByEventBridge) {
    model::Consumer sm = makeFunction("sm", behavior(200, {always(model::FailureKind::Throttled)}));
    sm.kind = model::ElementKind::StateMachine;
    const model::Project p = project(
        {makeBus("bus", "orders"), sm, makeQueue("dlq"),
         makeRule("rule", "bus", kShopPattern, {makeTarget("t", "sm", {2, 86400}, "dlq")})});
    Simulation sim = create(p);
    putAt(sim, 0_s);
    sim.run();
    EXPECT_EQ(sim.counters("rule/t")->invoked, 3u);
    EXPECT_EQ(sim.deadLetters("dlq")->kept.at(0).errorCode, "THROTTLING");
    EXPECT_EQ(sim.counters("sm")->invoked, 0u);
}

// EventBridge user guide: API destinations keep EventBridge's retry policy ("EventBridge
// retries ... 429 and 5xx").
TEST(SimulationApiDestinations, KeepEventBridgesRetries) {
    model::ApiDestination api;
    api.id = ElementId{"api"};
    api.name = "api";
    api.behavior = behavior(10, {always(model::FailureKind::ServerError)});
    const model::Project p = project(
        {makeBus("bus", "orders"), api, makeQueue("dlq"),
         makeRule("rule", "bus", kShopPattern, {makeTarget("t", "api", {2, 86400}, "dlq")})});
    Simulation sim = create(p);
    putAt(sim, 0_s);
    sim.run();
    EXPECT_EQ(sim.counters("rule/t")->invoked, 3u);
    EXPECT_EQ(sim.counters("rule/t")->retried, 2u);
    EXPECT_EQ(sim.deadLetters("dlq")->total, 1u);
    EXPECT_EQ(sim.outcomes("rule/t")->eventBridgeDlq, 1u);
}

// ---- where did my events go
// ----------------------------------------------------------------------

TEST(SimulationBalance, EveryBundledExamplesOutcomesAddUpAtEveryPause) {
    for (const char *name : {"e-commerce", "cascading-failure", "login-alert"}) {
        Result<model::Project> loaded =
            model::loadProject(std::string(SG_TEST_DATA_DIR) + "/../../resources/examples/" + name +
                               ".stormglass.json");
        ASSERT_TRUE(loaded.ok()) << name;
        SimulationOptions options;
        options.seed = 3;
        Simulation sim = create(loaded.value(), options);
        for (const SimTime until : {30_s, 5_min, 20_min}) {
            sim.runUntil(until);
            expectBalanced(sim, std::string(name) + " at " + formatDuration(until));
        }
        EXPECT_GT(sim.totalOutcomes().processed, 0u) << name;
    }
}

// A random model of every kind of target and layer setting, from `seed`.
model::Project randomModel(std::uint64_t seed) {
    RandomStream r(seed, std::uint64_t{0x5EED});
    auto pick = [&](int n) {
        return static_cast<int>(r.uniform(0, n - 0.001));
    };
    auto maybe = [&](double p) {
        return r.bernoulli(p);
    };
    std::vector<model::Element> elements;
    elements.push_back(makeBus("bus", "orders"));
    elements.push_back(makeBus("ops", "ops"));
    const int queues = 3;
    for (int i = 0; i < queues; ++i) {
        model::Queue q = makeQueue("q" + std::to_string(i));
        q.visibilityTimeoutSeconds = 1 + pick(60);
        q.messageRetentionSeconds = 60 + pick(600);
        q.fifo = maybe(0.2);
        q.readerBatchSize = 1 + pick(10);
        q.readerMaximumConcurrency = maybe(0.5) ? 2 + pick(3) : 0;
        if (maybe(0.7)) {
            q.readBy = ElementId{"fn" + std::to_string(pick(3))};
        }
        if (i > 0 && maybe(0.6)) {
            q.redrivePolicy.deadLetterQueue = ElementId{"q0"};
            q.redrivePolicy.maxReceiveCount = 1 + pick(4);
        }
        elements.push_back(q);
    }
    const model::FailureKind kinds[] = {
        model::FailureKind::Throttled,        model::FailureKind::ServerError,
        model::FailureKind::Timeout,          model::FailureKind::ConnectionFailure,
        model::FailureKind::PermissionDenied, model::FailureKind::TargetDeleted,
        model::FailureKind::ClientError};
    auto failures = [&] {
        std::vector<model::FailureMode> out;
        for (int k = 0; k < 2; ++k) {
            if (maybe(0.6)) {
                out.push_back({kinds[pick(7)], r.uniform(0, 0.3)});
            }
        }
        return out;
    };
    for (int i = 0; i < 3; ++i) {
        model::Consumer fn = makeFunction("fn" + std::to_string(i),
                                          behavior(r.uniform(1, 3000), failures(), pick(4)));
        fn.timeoutSeconds = 1 + pick(5);
        fn.asyncInvocation.maximumRetryAttempts = pick(3);
        fn.asyncInvocation.maximumEventAgeSeconds = 60 + pick(600);
        switch (pick(4)) {
        case 0:
            fn.asyncInvocation.onFailure = ElementId{"q" + std::to_string(pick(queues))};
            break;
        case 1:
            fn.asyncInvocation.onFailure = ElementId{"ops"};
            break;
        case 2:
            fn.asyncInvocation.deadLetterQueue = ElementId{"q" + std::to_string(pick(queues))};
            break;
        default:
            break;
        }
        elements.push_back(fn);
    }
    model::Consumer sm = makeFunction("sm", behavior(r.uniform(1, 2000), failures(), pick(3)));
    sm.kind = model::ElementKind::StateMachine;
    elements.push_back(sm);
    model::ApiDestination api;
    api.id = ElementId{"api"};
    api.name = "api";
    api.invocationRateLimitPerSecond = 1 + pick(20);
    api.behavior = behavior(r.uniform(1, 6000), failures(), pick(3));
    elements.push_back(api);
    const std::string destinations[] = {"fn0", "fn1", "fn2", "sm", "api", "q1", "q2", "ops"};
    for (int rule = 0; rule < 3; ++rule) {
        std::vector<model::Target> targets;
        for (int t = 0; t < 1 + pick(3); ++t) {
            model::RetryPolicy retry{pick(5), 60 + pick(300)};
            targets.push_back(makeTarget("t" + std::to_string(t), destinations[pick(8)], retry,
                                         maybe(0.5) ? "q0" : ""));
        }
        elements.push_back(makeRule("r" + std::to_string(rule), "bus", kShopPattern, targets));
    }
    elements.push_back(makeRule("on-ops", "ops", R"({"source":["lambda"]})",
                                {makeTarget("t", "fn" + std::to_string(pick(3)))}));
    return project(std::move(elements));
}

TEST(SimulationBalance, OutcomesAddUpForRandomModelsAndTheSameSeedGivesTheSameReport) {
    TargetOutcomes seen; // over all seeds: the models reach every outcome
    for (std::uint64_t seed = 1; seed <= 60; ++seed) {
        const model::Project p = randomModel(seed);
        SimulationOptions options = exactOptions();
        options.seed = seed;
        options.duplicateRate = 0.05;
        options.backoff.jitter = 0.5;
        Simulation sim = create(p, options);
        for (int i = 0; i < 200; ++i) {
            putAt(sim, SimTime::milliseconds(i * 97));
        }
        sim.runUntil(90_s);
        expectBalanced(sim, "seed " + std::to_string(seed) + " mid-run");
        sim.runUntil(2_h);
        expectBalanced(sim, "seed " + std::to_string(seed));
        EXPECT_EQ(sim.totalOutcomes().inFlight, 0u) << "seed " << seed; // everything settled
        seen += sim.totalOutcomes();

        Simulation again = create(p, options);
        for (int i = 0; i < 200; ++i) {
            putAt(again, SimTime::milliseconds(i * 97));
        }
        again.runUntil(2_h);
        EXPECT_EQ(again.report(), sim.report()) << "seed " << seed;
    }
    EXPECT_GT(seen.processed, 0u);
    EXPECT_GT(seen.eventBridgeDlq, 0u);
    EXPECT_GT(seen.dropped, 0u);
    EXPECT_GT(seen.lambdaOnFailure, 0u);
    EXPECT_GT(seen.lambdaDlq, 0u);
    EXPECT_GT(seen.lambdaDiscarded, 0u);
    EXPECT_GT(seen.sqsRedriveDlq, 0u);
    EXPECT_GT(seen.sqsExpired, 0u);
    EXPECT_GT(seen.unread, 0u);
    EXPECT_GT(seen.executionFailed, 0u);
}

} // namespace
} // namespace sg::sim
