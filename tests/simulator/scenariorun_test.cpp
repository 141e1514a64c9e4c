// Scenario runs: extra puts reach the model, sweeps summarise many seeds in seed order.

#include "scenariorun.h"

#include "arch/project.h"

#include <gtest/gtest.h>

#include <thread>

namespace {

using namespace sg;
using namespace sg::sim;
using namespace sg::sim::literals;
using model::ElementId;

model::Project busWithOneConsumer() {
    model::Project project;
    model::Bus bus;
    bus.id = {"orders"};
    bus.name = "orders";
    model::Consumer billing;
    billing.id = {"billing"};
    billing.name = "billing";
    billing.behavior.latency.valueMs = 5;
    model::Rule rule;
    rule.id = {"bill"};
    rule.name = "bill";
    rule.bus = {"orders"};
    rule.pattern = R"({"source":["shop"]})";
    model::Target target;
    target.id = "billing";
    target.destination = {"billing"};
    rule.targets.push_back(target);
    for (model::Element e : {model::Element(bus), model::Element(billing), model::Element(rule)}) {
        EXPECT_TRUE(project.appendUnchecked(std::move(e)).ok());
    }
    return project;
}

Scenario scenarioWithPuts(const std::string &bus, int count) {
    Scenario scenario;
    ExtraPut put;
    put.at = 2_s;
    put.bus = {bus};
    put.count = count;
    put.event = model::Json{{"source", "shop"}, {"detail-type", "OrderPlaced"}};
    scenario.puts.push_back(put);
    return scenario;
}

TEST(ScenarioRun, EveryCopyOfAnExtraPutIsDeliveredEvenBeyondOneChunk) {
    const model::Project project = busWithOneConsumer();
    const Scenario scenario = scenarioWithPuts("orders", 2500);
    auto simulation = Simulation::create(project, scenarioOptions(scenario, 3));
    ASSERT_TRUE(simulation.ok()) << simulation.error().message;
    ASSERT_TRUE(scheduleScenarioPuts(*simulation, scenario).ok());
    simulation->runUntil(1_s);
    EXPECT_EQ(simulation->eventsPut(), 0U); // nothing before the put's time
    simulation->runUntil(1_min);
    EXPECT_EQ(simulation->eventsPut(), 2500U);
    EXPECT_EQ(simulation->counters("billing")->succeeded, 2500U);
    EXPECT_LE(simulation->kernel().pendingEvents(), 1U);
}

TEST(ScenarioRun, APutOfEntriesIsOnePutEventsCallAtItsTime) {
    const model::Project project = busWithOneConsumer();
    Scenario scenario;
    ExtraPut put;
    put.at = 2_s;
    put.bus = {"orders"};
    put.entries = {model::Json{{"source", "shop"}, {"detail-type", "OrderPlaced"}},
                   model::Json{{"source", "shop"}, {"detail-type", "OrderPaid"}},
                   model::Json{{"source", "other"}, {"detail-type", "OrderPlaced"}}};
    put.count = 3;
    scenario.puts.push_back(put);
    auto simulation = Simulation::create(project, scenarioOptions(scenario, 3));
    ASSERT_TRUE(simulation.ok()) << simulation.error().message;
    ASSERT_TRUE(scheduleScenarioPuts(*simulation, scenario).ok());
    simulation->runUntil(1_s);
    EXPECT_EQ(simulation->eventsPut(), 0U);
    simulation->runUntil(1_min);
    EXPECT_EQ(simulation->eventsPut(), 3U);
    EXPECT_EQ(simulation->counters("bill")->matched, 2U);
    EXPECT_EQ(simulation->counters("billing")->succeeded, 2U);
}

TEST(ScenarioRun, APutOnAnUnknownBusIsRefusedBeforeAnythingIsScheduled) {
    const model::Project project = busWithOneConsumer();
    const Scenario scenario = scenarioWithPuts("billing", 1); // an element, but not a bus
    auto simulation = Simulation::create(project, scenarioOptions(scenario, 3));
    ASSERT_TRUE(simulation.ok());
    const auto scheduled = scheduleScenarioPuts(*simulation, scenario);
    ASSERT_FALSE(scheduled.ok());
    EXPECT_EQ(scheduled.error().field, "puts[0].bus");
    EXPECT_NE(scheduled.error().message.find("'billing'"), std::string::npos);
    EXPECT_EQ(simulation->kernel().pendingEvents(), 0U);
}

TEST(ScenarioRun, OptionsCarryTheScenarioFaultsDuplicatesAndSeed) {
    Scenario scenario;
    FaultWindow fault;
    fault.element = {"billing"};
    fault.from = 1_min;
    fault.to = 2_min;
    scenario.faults.push_back(fault);
    scenario.duplicateRate = 0.25;
    SimulationOptions base;
    base.trace = true;
    const SimulationOptions options = scenarioOptions(scenario, 99, base);
    EXPECT_EQ(options.seed, 99U);
    EXPECT_EQ(options.faults, scenario.faults);
    EXPECT_EQ(options.duplicateRate, 0.25);
    EXPECT_TRUE(options.trace); // the rest of `base` is kept
}

TEST(ScenarioRun, SpreadUsesNearestRankPercentiles) {
    const Spread s = spreadOf({5, 1, 4, 2, 3, 10, 9, 8, 7, 6});
    EXPECT_EQ(s.min, 1);
    EXPECT_EQ(s.max, 10);
    EXPECT_EQ(s.p10, 1);
    EXPECT_EQ(s.median, 5);
    EXPECT_EQ(s.p90, 9);
    const Spread one = spreadOf({42});
    EXPECT_EQ(one.min, 42);
    EXPECT_EQ(one.median, 42);
    EXPECT_EQ(one.p90, 42);
    const Spread none = spreadOf({});
    EXPECT_EQ(none.median, 0);
}

TEST(ScenarioRun, ReportsSummariseNumbersThatEveryRunHasAndDropTheRest) {
    const std::vector<model::Json> reports{
        {{"seed", 1}, {"events_put", 10}, {"name", "a"}, {"elements", {{"b", {{"put", 1}}}}}},
        {{"seed", 2}, {"events_put", 30}, {"name", "b"}, {"elements", {{"b", {{"put", 3}}}}}},
        {{"seed", 3}, {"events_put", 20}, {"extra", 5}, {"elements", {{"b", {{"put", 2}}}}}},
    };
    const model::Json summary = summariseReports(reports);
    EXPECT_FALSE(summary.contains("seed"));
    EXPECT_FALSE(summary.contains("name"));  // text
    EXPECT_FALSE(summary.contains("extra")); // only in some runs
    EXPECT_EQ(summary.at("events_put").at("median"), 20.0);
    EXPECT_EQ(summary.at("events_put").at("min"), 10.0);
    EXPECT_EQ(summary.at("events_put").at("max"), 30.0);
    EXPECT_EQ(summary.at("elements").at("b").at("put").at("median"), 2.0);
}

TEST(ScenarioRun, ASweepReturnsReportsInSeedOrderWhateverTheThreads) {
    std::vector<std::size_t> progress;
    const auto reports = runSweep(
        100, 7, 3,
        [](std::uint64_t seed) {
            // Later seeds finish first, so completion order differs from seed order.
            std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(110 - seed)));
            return model::Json{{"seed", seed}};
        },
        [&](std::size_t done) { progress.push_back(done); });
    ASSERT_EQ(reports.size(), 7U);
    for (std::size_t i = 0; i < reports.size(); ++i) {
        EXPECT_EQ(reports[i].at("seed"), 100 + i);
    }
    EXPECT_EQ(progress, (std::vector<std::size_t>{1, 2, 3, 4, 5, 6, 7}));
}

TEST(ScenarioRun, ASweepOfRealRunsMatchesTheSameRunsOneByOne) {
    const model::Project project = busWithOneConsumer();
    const Scenario scenario = scenarioWithPuts("orders", 50);
    const auto runOne = [&](std::uint64_t seed) {
        auto simulation = Simulation::create(project, scenarioOptions(scenario, seed));
        static_cast<void>(scheduleScenarioPuts(*simulation, scenario));
        simulation->runUntil(1_min);
        return simulation->report();
    };
    const auto swept = runSweep(5, 4, 0, runOne);
    for (std::uint64_t i = 0; i < 4; ++i) {
        EXPECT_EQ(swept[i], runOne(5 + i));
    }
}

} // namespace
