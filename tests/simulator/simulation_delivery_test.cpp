// Simulation delivery: routing, fan-out, retries and backoff, dead-letter queues with their
// attributes, throttling (concurrency, API destination rate limits, the account quota), timeouts,
// queues, bus hops, input transformation, duplicates, faults and dependencies, follow-ups, loops.

#include "simhistogram.h"
#include "simmodels.h"
#include "simulation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace sg::sim {
namespace {

using namespace sg::sim::literals;
using namespace sg::sim::testmodels;

// One bus, one rule with one target to function `fn`, and a DLQ `dlq`.
model::Project oneTarget(model::Behavior fnBehavior, model::RetryPolicy retry,
                         bool withDlq = true) {
    return project({makeBus("bus", "orders"), makeFunction("fn", std::move(fnBehavior)),
                    makeQueue("dlq"),
                    makeRule("rule", "bus", kShopPattern,
                             {makeTarget("t", "fn", retry, withDlq ? "dlq" : "")})});
}

// The same with an API destination `api`: a target whose failures EventBridge's retry policy
// governs (a function's are Lambda's, see simulation_layers_test.cpp).
model::Project oneEndpoint(model::Behavior apiBehavior, model::RetryPolicy retry,
                           bool withDlq = true) {
    model::ApiDestination api;
    api.id = ElementId{"api"};
    api.name = "api";
    api.behavior = std::move(apiBehavior);
    return project({makeBus("bus", "orders"), api, makeQueue("dlq"),
                    makeRule("rule", "bus", kShopPattern,
                             {makeTarget("t", "api", retry, withDlq ? "dlq" : "")})});
}

// ---- retries and dead letters (the issue's required cases) -------------------------------

TEST(SimulationRetries, AnAlwaysFailingTargetWithThreeRetriesIsAttemptedFourTimes) {
    Simulation sim =
        create(oneEndpoint(behavior(10, {always(model::FailureKind::ServerError)}), {3, 86400}));
    putAt(sim, 0_s);
    sim.run();

    const ElementCounters target = *sim.counters("rule/t");
    EXPECT_EQ(target.invoked, 4u);
    EXPECT_EQ(target.retried, 3u);
    EXPECT_EQ(target.failed, 4u);
    EXPECT_EQ(target.succeeded, 0u);
    EXPECT_EQ(target.sentToDlq, 1u);
    EXPECT_EQ(sim.counters("dlq")->received, 1u);

    const DlqSummary dlq = *sim.deadLetters("dlq");
    ASSERT_EQ(dlq.total, 1u);
    ASSERT_EQ(dlq.kept.size(), 1u);
    const DlqMessage &m = dlq.kept[0];
    EXPECT_EQ(m.retryAttempts, 3);
    EXPECT_EQ(m.exhaustedRetryCondition, "MaximumRetryAttempts");
    EXPECT_EQ(m.errorCode, "ERROR_FROM_TARGET");
    EXPECT_EQ(m.ruleArn, "arn:aws:events:us-east-1:123456789012:rule/orders/rule");
    EXPECT_EQ(m.targetArn, "arn:aws:events:us-east-1:123456789012:api-destination/api");
    EXPECT_EQ(*m.body, event());
    // Attempts fail at 10 ms, then retry after 1, 2 and 4 s (no jitter), each taking 10 ms.
    EXPECT_EQ(m.at, 7040_ms);
    EXPECT_EQ(dlq.byErrorCode.at("ERROR_FROM_TARGET"), 1u);
}

TEST(SimulationRetries, ASixtySecondEventAgeLimitEndsDeliveryBeforeALargeAttemptBudget) {
    Simulation sim =
        create(oneEndpoint(behavior(0, {always(model::FailureKind::Throttled)}), {185, 60}));
    putAt(sim, 0_s);
    sim.run();

    // Attempts at 0, 1, 3, 7, 15 and 31 s; the next would be at 63 s, past the 60 s age.
    EXPECT_EQ(sim.counters("rule/t")->invoked, 6u);
    const DlqSummary dlq = *sim.deadLetters("dlq");
    ASSERT_EQ(dlq.kept.size(), 1u);
    EXPECT_EQ(dlq.kept[0].exhaustedRetryCondition, "MaximumEventAgeInSeconds");
    EXPECT_EQ(dlq.kept[0].retryAttempts, 5);
    EXPECT_EQ(dlq.kept[0].errorCode, "THROTTLING");
    EXPECT_EQ(dlq.kept[0].at, 31_s);
}

TEST(SimulationRetries, APermissionErrorReachesTheDlqAfterOneAttempt) {
    Simulation sim = create(
        oneTarget(behavior(10, {always(model::FailureKind::PermissionDenied)}), {185, 86400}));
    putAt(sim, 0_s);
    sim.run();

    const ElementCounters target = *sim.counters("rule/t");
    EXPECT_EQ(target.invoked, 1u);
    EXPECT_EQ(target.retried, 0u);
    EXPECT_EQ(target.sentToDlq, 1u);
    const DlqSummary dlq = *sim.deadLetters("dlq");
    ASSERT_EQ(dlq.kept.size(), 1u);
    EXPECT_EQ(dlq.kept[0].errorCode, "NO_PERMISSIONS");
    EXPECT_EQ(dlq.kept[0].exhaustedRetryCondition, "");
    EXPECT_EQ(dlq.kept[0].retryAttempts, 0);
    EXPECT_EQ(dlq.kept[0].at, 0_s); // refused at once, without waiting for the latency
}

TEST(SimulationRetries, ADeletedTargetIsNotRetriedEither) {
    Simulation sim =
        create(oneTarget(behavior(10, {always(model::FailureKind::TargetDeleted)}), {185, 86400}));
    putAt(sim, 0_s);
    sim.run();
    EXPECT_EQ(sim.counters("rule/t")->invoked, 1u);
    EXPECT_EQ(sim.deadLetters("dlq")->kept.at(0).errorCode, "NO_RESOURCE");
}

TEST(SimulationRetries, WithoutADlqAnExhaustedDeliveryIsDroppedAndCounted) {
    Simulation sim = create(
        oneEndpoint(behavior(10, {always(model::FailureKind::ServerError)}), {2, 86400}, false));
    putAt(sim, 0_s, 3);
    sim.run();
    EXPECT_EQ(sim.counters("rule/t")->invoked, 9u);
    EXPECT_EQ(sim.counters("rule/t")->dropped, 3u);
    EXPECT_EQ(sim.counters("api")->dropped, 3u);
    EXPECT_EQ(sim.totalDropped(), 3u);
    EXPECT_EQ(sim.counters("dlq")->received, 0u);
}

TEST(SimulationRetries, JitterKeepsEachWaitBetweenHalfAndAllOfTheExponentialStep) {
    SimulationOptions options = exactOptions();
    options.backoff.jitter = 0.5;
    Simulation sim = create(
        oneEndpoint(behavior(0, {always(model::FailureKind::ServerError)}), {1, 86400}), options);
    putAt(sim, 0_s);
    sim.run();
    const SimTime at = sim.deadLetters("dlq")->kept.at(0).at;
    EXPECT_GE(at, 500_ms);
    EXPECT_LT(at, 1_s);
}

TEST(SimulationRetries, BackoffIsCappedAtTheConfiguredMaximum) {
    SimulationOptions options = exactOptions();
    options.backoff.cap = 3_s;
    Simulation sim = create(
        oneEndpoint(behavior(0, {always(model::FailureKind::ServerError)}), {5, 86400}), options);
    putAt(sim, 0_s);
    sim.run();
    // Waits 1, 2, 3, 3, 3 s.
    EXPECT_EQ(sim.deadLetters("dlq")->kept.at(0).at, 12_s);
}

// ---- routing ---------------------------------------------------------------------------------

TEST(SimulationRouting, EveryTargetOfEveryMatchingRuleGetsItsOwnDelivery) {
    const model::Project p = project(
        {makeBus("bus", "orders"), makeFunction("a", behavior(5)), makeFunction("b", behavior(5)),
         makeQueue("q"),
         makeRule("r1", "bus", kShopPattern, {makeTarget("t1", "a"), makeTarget("t2", "b")}),
         makeRule("r2", "bus", R"({"detail-type":["OrderPlaced"]})",
                  {makeTarget("t1", "a"), makeTarget("q", "q")}),
         makeRule("r3", "bus", R"({"source":["elsewhere"]})", {makeTarget("t", "b")})});
    Simulation sim = create(p);
    putAt(sim, 0_s, 2);
    sim.run();
    EXPECT_EQ(sim.eventsPut(), 2u);
    EXPECT_EQ(sim.deliveries(), 8u);
    EXPECT_EQ(sim.counters("bus")->put, 2u);
    EXPECT_EQ(sim.counters("bus")->matched, 2u);
    EXPECT_EQ(sim.counters("r1")->matched, 2u);
    EXPECT_EQ(sim.counters("r3")->matched, 0u);
    EXPECT_EQ(sim.counters("a")->succeeded, 4u); // one per rule per event
    EXPECT_EQ(sim.counters("r1/t1")->succeeded, 2u);
    EXPECT_EQ(sim.counters("q")->received, 2u);
}

TEST(SimulationRouting, DisabledRulesAreSkipped) {
    const model::Project p =
        project({makeBus("bus", "orders"), makeFunction("fn", behavior(5)),
                 makeRule("off", "bus", kShopPattern, {makeTarget("t", "fn")}, false)});
    Simulation sim = create(p);
    putAt(sim, 0_s);
    sim.run();
    EXPECT_EQ(sim.counters("off")->matched, 0u);
    EXPECT_EQ(sim.counters("fn")->invoked, 0u);
    EXPECT_EQ(sim.deliveries(), 0u);
}

TEST(SimulationRouting, LatencyIsMeasuredFromThePutToTheInvokeCallAndToTheRun) {
    Simulation sim = create(oneTarget(behavior(20), {}));
    putAt(sim, 2_s);
    sim.run();
    // EventBridge's latency ends when Lambda accepts the asynchronous Invoke; the function's
    // is the whole way, from the put to the end of its successful run.
    EXPECT_EQ(sim.latencyPercentile("rule/t", 99), 0_ms);
    EXPECT_EQ(sim.latencyPercentile("fn", 50), 20_ms);
    EXPECT_EQ(sim.latencyPercentile("nothing", 50), std::nullopt);
    EXPECT_EQ(sim.counters("fn")->succeeded, 1u);
}

TEST(SimulationRouting, APutOnAnUnknownBusIsAnError) {
    Simulation sim = create(oneTarget(behavior(20), {}));
    const Result<bool> put = sim.put("nope", event(), 0_s);
    ASSERT_FALSE(put.ok());
    EXPECT_NE(put.error().message.find("nope"), std::string::npos);
}

TEST(SimulationRouting, APutEventsCallOfUpToTenEntriesRoutesEachEntry) {
    Simulation sim = create(oneTarget(behavior(1), {}));
    std::vector<Json> entries(10, event());
    entries[3] = Json{{"source", "shop"}, {"detail-type", "X"}, {"detail", "not an object"}};
    ASSERT_TRUE(sim.putEvents("bus", entries, 1_s).ok());
    sim.run();
    EXPECT_EQ(sim.counters("bus")->put, 9u);
    EXPECT_EQ(sim.putEntriesFailed(), 1u);
    EXPECT_FALSE(sim.putEvents("bus", std::vector<Json>(11, event()), 0_s).ok());
    EXPECT_FALSE(sim.putEvents("bus", {}, 0_s).ok());
}

TEST(SimulationRouting, ADuplicateRateOfOneDeliversEveryEventTwice) {
    SimulationOptions options = exactOptions();
    options.duplicateRate = 1.0;
    Simulation sim = create(oneTarget(behavior(1), {}), options);
    putAt(sim, 0_s, 3);
    sim.run();
    EXPECT_EQ(sim.deliveries(), 6u);
    EXPECT_EQ(sim.counters("fn")->succeeded, 6u);
}

TEST(SimulationRouting, AnEntryOverTheSizeLimitIsRejectedAndNotRouted) {
    SimulationOptions options = exactOptions();
    options.putEvents.entrySizeLimit = 16;
    Simulation sim = create(oneTarget(behavior(1), {}), options);
    putAt(sim, 0_s);
    sim.run();
    EXPECT_EQ(sim.putEntriesFailed(), 1u);
    EXPECT_EQ(sim.counters("bus")->put, 0u);
    EXPECT_EQ(sim.deliveries(), 0u);
}

model::Project scriptedProducer() {
    model::Producer producer;
    producer.id = ElementId{"shop-app"};
    producer.name = "shop-app";
    producer.bus = ElementId{"bus"};
    model::Emission emission;
    emission.eventType = ElementId{"order"};
    emission.rate.kind = model::RateKind::Scripted;
    emission.rate.script = {{1.0, 25}, {2.5, 3}};
    producer.emits = {emission};
    return project({makeEventType("order", "shop", "OrderPlaced"), makeBus("bus", "orders"),
                    producer, makeFunction("fn", behavior(1)),
                    makeRule("rule", "bus", kShopPattern, {makeTarget("t", "fn")})});
}

TEST(SimulationProducers, AProducersEmissionsArePutAndRouted) {
    SimulationOptions options = exactOptions();
    options.runProducers = true;
    Simulation sim = create(scriptedProducer(), options);
    sim.runUntil(10_s);
    EXPECT_EQ(sim.counters("shop-app")->put, 28u);
    EXPECT_EQ(sim.counters("bus")->put, 28u);
    EXPECT_EQ(sim.counters("fn")->succeeded, 28u);
    EXPECT_EQ(sim.eventsPut(), 28u);
}

TEST(SimulationProducers, EntriesPutEventsRejectsAreCountedAndNotRouted) {
    SimulationOptions options = exactOptions();
    options.runProducers = true;
    options.putEvents.entrySizeLimit = 10;
    Simulation sim = create(scriptedProducer(), options);
    sim.runUntil(10_s);
    EXPECT_EQ(sim.counters("shop-app")->failed, 28u);
    EXPECT_EQ(sim.counters("shop-app")->put, 0u);
    EXPECT_EQ(sim.putEntriesFailed(), 28u);
    EXPECT_EQ(sim.counters("bus")->put, 0u);
}

TEST(SimulationProducers, ProducersCanBeLeftOut) {
    Simulation sim = create(scriptedProducer()); // exactOptions(): runProducers off
    sim.runUntil(10_s);
    EXPECT_EQ(sim.eventsPut(), 0u);
}

// ---- throttling and timeouts ------------------------------------------------------------------

TEST(SimulationThrottling, AConcurrencyLimitQueuesInvocationsFirstInFirstOut) {
    Simulation sim = create(oneEndpoint(behavior(100, {}, 2), {}));
    putAt(sim, 0_s, 5);
    sim.run();
    const ElementCounters fn = *sim.counters("api");
    EXPECT_EQ(fn.succeeded, 5u);
    EXPECT_EQ(fn.throttled, 3u);
    // Two at a time: done at 100, 100, 200, 200 and 300 ms.
    EXPECT_EQ(sim.latencyPercentile("rule/t", 100), 300_ms);
    EXPECT_EQ(sim.now(), 300_ms);
}

model::Project apiTarget(int ratePerSecond, double latencyMs, model::RetryPolicy retry = {}) {
    model::ApiDestination api;
    api.id = ElementId{"api"};
    api.name = "partner";
    api.invocationRateLimitPerSecond = ratePerSecond;
    api.behavior = behavior(latencyMs);
    return project({makeBus("bus", "orders"), api, makeQueue("dlq"),
                    makeRule("rule", "bus", kShopPattern, {makeTarget("t", "api", retry, "dlq")})});
}

TEST(SimulationThrottling, AnApiDestinationRateLimitDelaysExcessInvocationsWithoutDropping) {
    Simulation sim = create(apiTarget(2, 10));
    putAt(sim, 0_s, 5);
    sim.run();
    const ElementCounters t = *sim.counters("rule/t");
    EXPECT_EQ(t.succeeded, 5u);
    EXPECT_EQ(t.throttled, 3u);
    EXPECT_EQ(t.dropped, 0u);
    // A burst of one second's worth (2), then one every 500 ms: started at 0, 0, 0.5, 1, 1.5 s.
    EXPECT_EQ(sim.latencyPercentile("rule/t", 100), 1510_ms);
    EXPECT_EQ(sim.latencyPercentile("rule/t", 20), 10_ms);
}

TEST(SimulationThrottling, AnApiDestinationTimesOutAfterFiveSeconds) {
    Simulation sim = create(apiTarget(300, 6000, {0, 86400}));
    putAt(sim, 0_s);
    sim.run();
    const DlqSummary dlq = *sim.deadLetters("dlq");
    ASSERT_EQ(dlq.kept.size(), 1u);
    EXPECT_EQ(dlq.kept[0].errorCode, "TIMEOUT");
    EXPECT_EQ(dlq.kept[0].at, 5_s);
    EXPECT_EQ(dlq.kept[0].exhaustedRetryCondition, "MaximumRetryAttempts");
    EXPECT_EQ(dlq.kept[0].targetArn,
              "arn:aws:events:us-east-1:123456789012:api-destination/partner");
}

TEST(SimulationThrottling, TheAccountInvocationQuotaDelaysEveryTarget) {
    SimulationOptions options = exactOptions();
    options.accountInvocationQuotaPerSecond = 1;
    const model::Project p =
        project({makeBus("bus", "orders"), makeQueue("q"),
                 makeRule("rule", "bus", kShopPattern, {makeTarget("t", "q")})});
    Simulation sim = create(p, options);
    putAt(sim, 0_s, 3);
    sim.run();
    EXPECT_EQ(sim.counters("q")->received, 3u);
    EXPECT_EQ(sim.counters("rule/t")->throttled, 2u);
    EXPECT_EQ(sim.latencyPercentile("rule/t", 100), 2_s);
}

// ---- time spent waiting counts against the event's age ----------------------------------------
//
// The retry policy's MaximumEventAgeInSeconds bounds how long EventBridge keeps trying an event,
// waiting included: the EventBridge API reference on InvocationRateLimitPerSecond warns that with
// a rate below what the events need some events may not be delivered within the retry window,
// and advises a dead-letter queue to catch them. An event held back past its age goes to the DLQ
// when its age runs out, with the age as the exhausted condition.

// Every event that waited past `at` as one DLQ message each: THROTTLING, the age condition, no
// retry made, at `at`.
void expectAgedOut(const DlqSummary &dlq, std::uint64_t count, SimTime at) {
    EXPECT_EQ(dlq.total, count);
    ASSERT_EQ(dlq.kept.size(), count);
    EXPECT_EQ(dlq.byErrorCode.at("THROTTLING"), count);
    for (const DlqMessage &m : dlq.kept) {
        EXPECT_EQ(m.errorCode, "THROTTLING");
        EXPECT_EQ(m.exhaustedRetryCondition, "MaximumEventAgeInSeconds");
        EXPECT_EQ(m.retryAttempts, 0);
        EXPECT_EQ(m.at, at);
    }
}

TEST(SimulationEventAge, ABacklogBehindARateLimitAgesOutIntoTheDlqWhenItsAgeRunsOut) {
    // 100 events at once behind 1 invocation a second, 60 s of age: the events that can start
    // at 0, 1, ..., 60 s go (an age of exactly 60 s is still within the limit), the other 39
    // reach the DLQ at 60 s instead of being invoked up to 99 s late.
    Simulation sim = create(apiTarget(1, 10, {185, 60}));
    putAt(sim, 0_s, 100);
    sim.run();
    const ElementCounters t = *sim.counters("rule/t");
    EXPECT_EQ(t.invoked, 61u);
    EXPECT_EQ(t.succeeded, 61u);
    EXPECT_EQ(t.throttled, 99u);
    EXPECT_EQ(t.sentToDlq, 39u);
    EXPECT_EQ(t.dropped, 0u);
    EXPECT_EQ(sim.latencyPercentile("rule/t", 100), 60010_ms);
    expectAgedOut(*sim.deadLetters("dlq"), 39, 60_s);
    // Events that aged out did not take a slot: the limiter is not booked beyond 61 s.
    ASSERT_TRUE(sim.put("bus", event(), 100_s).ok());
    sim.run();
    EXPECT_EQ(sim.counters("rule/t")->throttled, 99u);
    EXPECT_EQ(sim.counters("rule/t")->succeeded, 62u);
    EXPECT_EQ(sim.now(), 100010_ms);
}

TEST(SimulationEventAge, WithoutADlqAnAgedOutEventIsDroppedWithTheAgeCondition) {
    model::ApiDestination api;
    api.id = ElementId{"api"};
    api.name = "partner";
    api.invocationRateLimitPerSecond = 1;
    api.behavior = behavior(10);
    Simulation sim = create(
        project({makeBus("bus", "orders"), api,
                 makeRule("rule", "bus", kShopPattern, {makeTarget("t", "api", {185, 60})})}));
    putAt(sim, 0_s, 100);
    sim.run();
    EXPECT_EQ(sim.counters("rule/t")->succeeded, 61u);
    EXPECT_EQ(sim.counters("rule/t")->dropped, 39u);
    EXPECT_EQ(sim.totalDropped(), 39u);
}

TEST(SimulationEventAge, TheAccountQuotaOfTheModelAgesOutItsBacklogToo) {
    // The quota is the model's own setting here, not a simulation option.
    model::Project p =
        project({makeBus("bus", "orders"), makeQueue("q"), makeQueue("dlq"),
                 makeRule("rule", "bus", kShopPattern, {makeTarget("t", "q", {185, 60}, "dlq")})});
    p.setAccountInvocationQuotaPerSecond(1);
    Simulation sim = create(p);
    putAt(sim, 0_s, 100);
    sim.run();
    EXPECT_EQ(sim.counters("q")->received, 61u);
    EXPECT_EQ(sim.counters("rule/t")->throttled, 99u);
    EXPECT_EQ(sim.latencyPercentile("rule/t", 100), 60_s);
    expectAgedOut(*sim.deadLetters("dlq"), 39, 60_s);
}

TEST(SimulationEventAge, AQuotaInTheOptionsStandsInForTheModels) {
    model::Project p = project({makeBus("bus", "orders"), makeQueue("q"),
                                makeRule("rule", "bus", kShopPattern, {makeTarget("t", "q")})});
    p.setAccountInvocationQuotaPerSecond(1);
    SimulationOptions options = exactOptions();
    options.accountInvocationQuotaPerSecond = 2;
    Simulation sim = create(p, options);
    putAt(sim, 0_s, 4);
    sim.run();
    // Two a second with a second's burst: 0, 0, 0.5 and 1 s.
    EXPECT_EQ(sim.latencyPercentile("rule/t", 100), 1_s);
}

TEST(SimulationEventAge, AModelQuotaOutOfRangeIsRefused) {
    model::Project p = project({makeBus("bus", "orders")});
    p.setAccountInvocationQuotaPerSecond(-1);
    const Result<Simulation> sim = Simulation::create(p, exactOptions());
    ASSERT_FALSE(sim.ok());
    EXPECT_EQ(sim.error().message,
              "accountInvocationQuotaPerSecond is -1; it must be from 0 (none) to 1000000");
}

TEST(SimulationEventAge, WaitingForAConcurrencySlotCountsAgainstTheAgeToo) {
    // One invocation at a time, 4 s each, 60 s of age: 20 events start at 0, 4, ..., 60 s (16
    // of them; the one at 60 s is exactly at the limit), the last 4 age out at 60 s.
    model::ApiDestination api;
    api.id = ElementId{"api"};
    api.name = "partner";
    api.invocationRateLimitPerSecond = 300;
    api.behavior = behavior(4000, {}, 1);
    Simulation sim = create(project(
        {makeBus("bus", "orders"), api, makeQueue("dlq"),
         makeRule("rule", "bus", kShopPattern, {makeTarget("t", "api", {185, 60}, "dlq")})}));
    putAt(sim, 0_s, 20);
    sim.run();
    EXPECT_EQ(sim.counters("rule/t")->succeeded, 16u);
    EXPECT_EQ(sim.counters("rule/t")->throttled, 19u);
    EXPECT_EQ(sim.latencyPercentile("rule/t", 100), 64_s);
    EXPECT_EQ(sim.now(), 64_s);
    expectAgedOut(*sim.deadLetters("dlq"), 4, 60_s);
}

TEST(SimulationEventAge, AWaitWithinTheAgeStillSucceeds) {
    // The same backlog with the default 24 hours of age: nothing ages out.
    Simulation sim = create(apiTarget(1, 10));
    putAt(sim, 0_s, 100);
    sim.run();
    EXPECT_EQ(sim.counters("rule/t")->succeeded, 100u);
    EXPECT_EQ(sim.deadLetters("dlq")->total, 0u);
    EXPECT_EQ(sim.latencyPercentile("rule/t", 100), 99010_ms);
}

// ---- queues, buses, input -------------------------------------------------------------------

TEST(SimulationQueues, AQueueAcceptsEverythingAndFeedsItsReaderInBatches) {
    model::Queue q = makeQueue("q", "reader");
    const model::Project p =
        project({makeBus("bus", "orders"), makeFunction("reader", behavior(50, {}, 1)), q,
                 makeRule("rule", "bus", kShopPattern, {makeTarget("t", "q")})});
    Simulation sim = create(p);
    putAt(sim, 0_s, 4);
    sim.run();
    EXPECT_EQ(sim.counters("q")->received, 4u);
    EXPECT_EQ(sim.counters("rule/t")->succeeded, 4u);
    // The event source takes the four visible messages as one batch of up to 10.
    EXPECT_EQ(sim.counters("reader")->invoked, 1u);
    EXPECT_EQ(sim.counters("reader")->succeeded, 1u);
    EXPECT_EQ(sim.outcomes("rule/t")->processed, 4u);
    EXPECT_EQ(sim.now(), 50_ms);
}

TEST(SimulationQueues, ABatchSizeOfOneWithOneReaderDrainsTheQueueOneAtATime) {
    model::Queue q = makeQueue("q", "reader");
    q.readerBatchSize = 1;
    const model::Project p =
        project({makeBus("bus", "orders"), makeFunction("reader", behavior(50, {}, 1)), q,
                 makeRule("rule", "bus", kShopPattern, {makeTarget("t", "q")})});
    Simulation sim = create(p);
    putAt(sim, 0_s, 4);
    sim.run();
    EXPECT_EQ(sim.counters("reader")->succeeded, 4u);
    EXPECT_EQ(sim.outcomes("rule/t")->processed, 4u);
    EXPECT_EQ(sim.now(), 200_ms); // the reader's reserved concurrency of 1: one batch at a time
}

TEST(SimulationQueues, ADeadLetterQueueFeedsItsReaderToo) {
    model::ApiDestination api;
    api.id = ElementId{"api"};
    api.name = "api";
    api.behavior = behavior(1, {always(model::FailureKind::ClientError)});
    model::Queue dlq = makeQueue("dlq", "handler");
    dlq.readerBatchSize = 1;
    const model::Project p =
        project({makeBus("bus", "orders"), api, makeFunction("handler", behavior(80, {}, 1)), dlq,
                 makeRule("rule", "bus", kShopPattern, {makeTarget("t", "api", {}, "dlq")})});
    Simulation sim = create(p);
    putAt(sim, 0_s, 2);
    sim.run();
    EXPECT_EQ(sim.counters("rule/t")->invoked, 2u); // a 4xx is not retried
    EXPECT_EQ(sim.counters("dlq")->received, 2u);
    EXPECT_EQ(sim.counters("handler")->succeeded, 2u);
    // Failures after 1 ms, then the handler one message at a time, 80 ms each.
    EXPECT_EQ(sim.now(), 161_ms);
}

TEST(SimulationBuses, AnEventCrossesOneBusHopButNotASecond) {
    const model::Project p =
        project({makeBus("a", "first"), makeBus("b", "second"), makeBus("c", "third"),
                 makeFunction("fn", behavior(1)), makeQueue("dlq"),
                 makeRule("to-b", "a", kShopPattern, {makeTarget("t", "b")}),
                 makeRule("on-b", "b", kShopPattern,
                          {makeTarget("fn", "fn"), makeTarget("to-c", "c", {}, "dlq")}),
                 makeRule("on-c", "c", kShopPattern, {makeTarget("fn", "fn")})});
    Simulation sim = create(p);
    putAt(sim, 0_s, 1, "a");
    sim.run();
    EXPECT_EQ(sim.counters("b")->put, 1u);
    EXPECT_EQ(sim.counters("on-b/fn")->succeeded, 1u);
    EXPECT_EQ(sim.counters("c")->put, 0u);
    EXPECT_EQ(sim.eventsPut(), 1u); // a hop is the same event
    const DlqSummary dlq = *sim.deadLetters("dlq");
    ASSERT_EQ(dlq.kept.size(), 1u);
    EXPECT_EQ(dlq.kept[0].errorCode, "THIRD_ACCOUNT_HOP_DETECTED");
    EXPECT_EQ(dlq.kept[0].retryAttempts, 0);
    EXPECT_EQ(dlq.kept[0].targetArn, "arn:aws:events:us-east-1:123456789012:event-bus/third");
}

TEST(SimulationBuses, ASecondHopIntoAnotherRegionIsReportedAsARegionHop) {
    const model::Project p =
        project({makeBus("a", "first"), makeBus("b", "second"), makeBus("c", "third", "eu-west-1"),
                 makeQueue("dlq"), makeRule("to-b", "a", kShopPattern, {makeTarget("t", "b")}),
                 makeRule("to-c", "b", kShopPattern, {makeTarget("t", "c", {}, "dlq")})});
    Simulation sim = create(p);
    putAt(sim, 0_s, 1, "a");
    sim.run();
    EXPECT_EQ(sim.deadLetters("dlq")->kept.at(0).errorCode, "THIRD_REGION_HOP_DETECTED");
}

struct StepCollector : SimulationObserver {
    std::vector<LineageStep> steps;
    int batches = 0;
    void onLineage(std::span<const LineageStep> batch) override {
        ++batches;
        steps.insert(steps.end(), batch.begin(), batch.end());
    }
};

TEST(SimulationInput, EachTargetGetsItsInputOptionAppliedAndTraced) {
    model::Target t = makeTarget("t", "fn");
    t.input =
        model::TargetInput::transformer({{"amount", "$.detail.amount"}},
                                        R"({"total": <amount>, "rule": "<aws.events.rule-name>"})");
    const model::Project p = project({makeBus("bus", "orders"), makeFunction("fn", behavior(1)),
                                      makeRule("rule", "bus", kShopPattern, {t})});
    SimulationOptions options = exactOptions();
    options.trace = true;
    Simulation sim = create(p, options);
    StepCollector collector;
    sim.addObserver(&collector);
    putAt(sim, 0_s);
    sim.run();
    const auto matched =
        std::find_if(collector.steps.begin(), collector.steps.end(),
                     [](const LineageStep &s) { return s.kind == StepKind::Matched; });
    ASSERT_NE(matched, collector.steps.end());
    EXPECT_EQ(matched->element, "rule/t");
    EXPECT_EQ(matched->detail, R"({"total":42,"rule":"rule"})");
    EXPECT_EQ(collector.batches, 1);
}

TEST(SimulationInput, AnInputPathThatSelectsNothingIsANonRetriableFailure) {
    model::Target t = makeTarget("t", "fn", {185, 86400}, "dlq");
    t.input = model::TargetInput::path("$.detail.missing");
    const model::Project p =
        project({makeBus("bus", "orders"), makeFunction("fn", behavior(1)), makeQueue("dlq"),
                 makeRule("rule", "bus", kShopPattern, {t})});
    Simulation sim = create(p);
    putAt(sim, 0_s);
    sim.run();
    EXPECT_EQ(sim.counters("rule/t")->invoked, 1u);
    EXPECT_EQ(sim.counters("rule/t")->failed, 1u);
    EXPECT_EQ(sim.counters("fn")->invoked, 0u); // never reached the function
    EXPECT_EQ(sim.deadLetters("dlq")->kept.at(0).errorCode, "INVALID_JSON");
}

// ---- faults, dependencies, follow-ups, loops ------------------------------------------------

model::Project withDependency(std::vector<model::FaultWindow> providerFaults = {}) {
    model::ExternalSystem ext;
    ext.id = ElementId{"provider"};
    ext.name = "provider";
    ext.behavior = behavior(5);
    ext.behavior.faults = std::move(providerFaults);
    model::Behavior caller = behavior(10);
    caller.dependsOn = {ElementId{"provider"}};
    return project(
        {makeBus("bus", "orders"), ext, makeFunction("fn", caller), makeQueue("dlq"),
         makeRule("rule", "bus", kShopPattern, {makeTarget("t", "fn", {185, 86400}, "dlq")})});
}

TEST(SimulationFaults, AnOutageOfADependencyFailsTheCallerUntilTheWindowEnds) {
    SimulationOptions options = exactOptions();
    FaultWindow down;
    down.element = ElementId{"provider"};
    down.from = 0_s;
    down.to = 10_s;
    down.mode = FaultMode::Down;
    options.faults = {down};
    Simulation sim = create(withDependency(), options);
    putAt(sim, 0_s);
    sim.run();
    // EventBridge's Invoke is accepted at once. The function's first run fails after its own
    // 10 ms; Lambda retries a minute later, at 60.01 s, when the provider is back: 10 + 5 ms.
    const ElementCounters t = *sim.counters("rule/t");
    EXPECT_EQ(t.invoked, 1u);
    EXPECT_EQ(t.succeeded, 1u);
    const ElementCounters fn = *sim.counters("fn");
    EXPECT_EQ(fn.invoked, 2u);
    EXPECT_EQ(fn.failed, 1u);
    EXPECT_EQ(fn.succeeded, 1u);
    EXPECT_EQ(sim.latencyPercentile("fn", 100), 60025_ms);
    const ElementCounters provider = *sim.counters("provider");
    EXPECT_EQ(provider.invoked, 2u);
    EXPECT_EQ(provider.failed, 1u);
    EXPECT_EQ(provider.succeeded, 1u);
}

// The same outage written in the model (the inspector's fault windows) rather than in a
// scenario: every run has it, with the same outcome.
TEST(SimulationFaults, AFaultWindowInTheModelActsLikeTheSameWindowInAScenario) {
    const model::Project p = withDependency(
        {model::FaultWindow{0, 10, model::FaultMode::Down, model::FailureKind::ServerError, 1, 0}});
    Simulation sim = create(p, exactOptions());
    putAt(sim, 0_s);
    sim.run();
    const ElementCounters fn = *sim.counters("fn");
    EXPECT_EQ(fn.invoked, 2u);
    EXPECT_EQ(fn.failed, 1u);
    EXPECT_EQ(fn.succeeded, 1u);
    EXPECT_EQ(sim.counters("provider")->failed, 1u);
}

TEST(SimulationFaults, AFaultWindowThatEndsBeforeItStartsIsRefusedNamingTheElement) {
    const model::Project p = withDependency({model::FaultWindow{
        60, 30, model::FaultMode::Down, model::FailureKind::ServerError, 1, 0}});
    const Result<Simulation> sim = Simulation::create(p, exactOptions());
    ASSERT_FALSE(sim.ok());
    EXPECT_NE(sim.error().message.find("provider"), std::string::npos) << sim.error().message;
    EXPECT_EQ(sim.error().field, "behavior.faults");
}

TEST(SimulationFaults, ADependencyThatTimesOutMakesItsCallerTimeOut) {
    SimulationOptions options = exactOptions();
    FaultWindow failing;
    failing.element = ElementId{"provider"};
    failing.from = 0_s;
    failing.to = 1_h;
    failing.mode = FaultMode::Failing;
    failing.rate = 1;
    failing.failure = model::FailureKind::Timeout;
    options.faults = {failing};
    options.trace = true;
    Simulation sim = create(withDependency(), options);
    StepCollector collector;
    sim.addObserver(&collector);
    putAt(sim, 0_s);
    sim.runUntil(1_s);
    EXPECT_EQ(sim.counters("fn")->failed, 1u);
    EXPECT_EQ(sim.counters("fn")->succeeded, 0u);
    const auto failed =
        std::find_if(collector.steps.begin(), collector.steps.end(),
                     [](const LineageStep &s) { return s.kind == StepKind::Failed; });
    ASSERT_NE(failed, collector.steps.end());
    EXPECT_EQ(failed->outcome, "TIMEOUT");
    EXPECT_EQ(failed->detail, "The invocation timed out. (dependency 'provider' failed)");
    EXPECT_EQ(failed->at, 15_ms); // the caller's 10 ms and the provider's 5 ms
}

TEST(SimulationFaults, ASlowFaultAddsLatencyAndCanPushAnApiDestinationIntoItsTimeout) {
    SimulationOptions options = exactOptions();
    FaultWindow slow;
    slow.element = ElementId{"api"};
    slow.from = 0_s;
    slow.to = 1_s;
    slow.mode = FaultMode::Slow;
    slow.extraLatency = 4995_ms;
    options.faults = {slow};
    Simulation sim = create(apiTarget(300, 10, {0, 86400}), options);
    putAt(sim, 0_s);
    putAt(sim, 2_s);
    sim.run();
    EXPECT_EQ(sim.counters("rule/t")->failed, 1u);
    EXPECT_EQ(sim.counters("rule/t")->succeeded, 1u);
    EXPECT_EQ(sim.deadLetters("dlq")->kept.at(0).errorCode, "TIMEOUT");
}

TEST(SimulationFaults, AFaultOnAnUnknownElementIsRejected) {
    SimulationOptions options = exactOptions();
    FaultWindow fault;
    fault.element = ElementId{"ghost"};
    options.faults = {fault};
    const Result<Simulation> sim = Simulation::create(oneTarget(behavior(1), {}), options);
    ASSERT_FALSE(sim.ok());
    EXPECT_NE(sim.error().message.find("ghost"), std::string::npos);
}

TEST(SimulationCascades, ASuccessfulConsumerPutsItsFollowUpsWhichRouteAgain) {
    model::Behavior billing = behavior(10);
    billing.followUps = {{ElementId{"paid"}, ElementId{"bus"}, 1.0}};
    const model::Project p =
        project({makeEventType("paid", "billing", "PaymentCaptured"), makeBus("bus", "orders"),
                 makeFunction("billing", billing), makeFunction("shipping", behavior(20)),
                 makeRule("charge", "bus", kShopPattern, {makeTarget("t", "billing")}),
                 makeRule("ship", "bus", R"({"detail-type":["PaymentCaptured"]})",
                          {makeTarget("t", "shipping")})});
    Simulation sim = create(p);
    putAt(sim, 0_s, 2);
    sim.run();
    EXPECT_EQ(sim.eventsPut(), 4u);
    EXPECT_EQ(sim.counters("shipping")->succeeded, 2u);
    // The follow-up's latency is measured from its own put, at 10 ms.
    EXPECT_EQ(sim.latencyPercentile("shipping", 100), 20_ms);
}

TEST(SimulationCascades, ALoopIsStoppedAtTheMaximumLineageDepth) {
    model::Behavior echo = behavior(1);
    echo.followUps = {{ElementId{"ping"}, ElementId{"bus"}, 1.0}};
    const model::Project p =
        project({makeEventType("ping", "shop", "Ping"), makeBus("bus", "orders"),
                 makeFunction("echo", echo),
                 makeRule("loop", "bus", kShopPattern, {makeTarget("t", "echo")})});
    SimulationOptions options = exactOptions();
    options.maxLineageDepth = 3;
    Simulation sim = create(p, options);
    putAt(sim, 0_s);
    sim.run();
    EXPECT_EQ(sim.counters("echo")->invoked, 4u); // depths 0, 1, 2, 3
    EXPECT_EQ(sim.loopsStopped(), 1u);
    EXPECT_EQ(sim.report()["loops_stopped_at"]["echo"], 1);
}

// ---- compile errors --------------------------------------------------------------------------

TEST(SimulationCompile, ABadPatternIsAnErrorNamingTheRule) {
    const model::Project p =
        project({makeBus("bus", "orders"), makeFunction("fn", behavior(1)),
                 makeRule("broken", "bus", R"({"source":"shop"})", {makeTarget("t", "fn")})});
    const Result<Simulation> sim = Simulation::create(p);
    ASSERT_FALSE(sim.ok());
    EXPECT_NE(sim.error().message.find("rule 'broken'"), std::string::npos);
    EXPECT_NE(sim.error().message.find("Event pattern is not valid"), std::string::npos);
    EXPECT_EQ(sim.error().field, "pattern");
}

TEST(SimulationCompile, ABadTargetInputIsAnErrorNamingTheRuleAndTarget) {
    model::Target t = makeTarget("t", "fn");
    t.input.input = "{not json";
    const model::Project p = project({makeBus("bus", "orders"), makeFunction("fn", behavior(1)),
                                      makeRule("rule", "bus", kShopPattern, {t})});
    const Result<Simulation> sim = Simulation::create(p);
    ASSERT_FALSE(sim.ok());
    EXPECT_NE(sim.error().message.find("rule 'rule'"), std::string::npos);
    EXPECT_NE(sim.error().message.find("target 't'"), std::string::npos);
}

// ---- latency distributions --------------------------------------------------------------------

TEST(SimulationLatency, ANormalDistributionIsClampedAtZero) {
    model::Behavior b;
    b.latency.kind = model::LatencyKind::Normal;
    b.latency.meanMs = 0;
    b.latency.stddevMs = 50;
    Simulation sim = create(oneTarget(b, {}));
    putAt(sim, 0_s, 200);
    sim.run();
    EXPECT_EQ(sim.latencyPercentile("fn", 1), 0_s);
    EXPECT_EQ(sim.counters("fn")->succeeded, 200u);
}

TEST(SimulationLatency, APercentileTableBoundsEveryDraw) {
    model::Behavior b;
    b.latency.kind = model::LatencyKind::Percentiles;
    b.latency.table = {{50, 100}, {99, 400}, {100, 1000}};
    Simulation sim = create(oneTarget(b, {}));
    putAt(sim, 0_s, 1000);
    sim.run();
    EXPECT_EQ(sim.latencyPercentile("fn", 10), 100_ms); // the flat part below p50
    const SimTime p90 = *sim.latencyPercentile("fn", 90);
    // Interpolated: p90 is 100 + (90 - 50) / 49 * 300 = 344.9 ms, within sampling noise.
    EXPECT_GT(p90, 300_ms);
    EXPECT_LT(p90, 390_ms);
    EXPECT_LE(*sim.latencyPercentile("fn", 100), 1000_ms);
}

TEST(SimulationLatency, UniformDrawsStayWithinTheirBounds) {
    model::Behavior b;
    b.latency.kind = model::LatencyKind::Uniform;
    b.latency.minMs = 100;
    b.latency.maxMs = 200;
    Simulation sim = create(oneTarget(b, {}));
    putAt(sim, 0_s, 500);
    sim.run();
    EXPECT_GE(*sim.latencyPercentile("fn", 0.1), 100_ms);
    EXPECT_LE(*sim.latencyPercentile("fn", 100), 200_ms);
}

} // namespace
} // namespace sg::sim
