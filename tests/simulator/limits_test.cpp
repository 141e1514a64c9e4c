// The simulator's limits (issue 16): a run stops at its event budget and at its deliveries in
// flight instead of growing, models beyond the volume limits are refused when compiled (naming
// the element and field lint names), scenarios are bounded, and an archive run's writes commit
// together or not at all.

#include "archivestore.h"
#include "scenario.h"
#include "simulation.h"

#include "arch/limits.h"
#include "io/projectfile.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace sg::sim {
namespace {

using namespace sg::sim::literals;
using model::ElementId;

model::Project project(std::vector<model::Element> elements) {
    model::Project p;
    for (model::Element &element : elements) {
        const Result<bool> added = p.appendUnchecked(std::move(element));
        EXPECT_TRUE(added.ok());
    }
    return p;
}

// A bus, an event type, a function fed by a rule, and producer `shop` with `rate`. With
// `fanOut`, the function puts that many follow-ups of the same type, which come back to it.
model::Project shop(model::RateModel rate, int fanOut = 0,
                    std::vector<model::FieldVariation> variations = {}) {
    model::Bus bus;
    bus.id = ElementId{"orders"};
    bus.name = "orders";
    model::EventType type;
    type.id = ElementId{"placed"};
    type.source = "shop";
    type.detailType = "OrderPlaced";
    model::Consumer function;
    function.id = ElementId{"billing"};
    function.behavior.latency.valueMs = 5;
    for (int i = 0; i < fanOut; ++i) {
        function.behavior.followUps.push_back(model::FollowUp{type.id, bus.id, 1});
    }
    model::Rule rule;
    rule.id = ElementId{"bill"};
    rule.bus = bus.id;
    rule.pattern = R"({"source":["shop"]})";
    model::Target target;
    target.id = "billing";
    target.destination = function.id;
    rule.targets.push_back(target);
    model::Producer producer;
    producer.id = ElementId{"shop"};
    producer.bus = bus.id;
    producer.emits.push_back(model::Emission{type.id, std::move(rate), std::move(variations)});
    return project({bus, type, function, rule, producer});
}

model::RateModel constant(double perSecond) {
    model::RateModel rate;
    rate.kind = model::RateKind::Constant;
    rate.perSecond = perSecond;
    return rate;
}

model::RateModel scripted(int count) {
    model::RateModel rate;
    rate.kind = model::RateKind::Scripted;
    rate.script.push_back(model::ScriptedPut{1, count});
    return rate;
}

TEST(SimulationLimits, ARunStopsAtItsEventBudgetAndSaysSo) {
    SimulationOptions options;
    options.maxEvents = 1000;
    Result<Simulation> sim = Simulation::create(shop(scripted(1), 5), options);
    ASSERT_TRUE(sim.ok()) << sim.error().message;
    EXPECT_EQ(sim->runUntil(10_min), RunStatus::Stopped);
    ASSERT_TRUE(sim->limitError().has_value());
    EXPECT_NE(sim->limitError()->message.find("1000 events"), std::string::npos)
        << sim->limitError()->message;
    EXPECT_EQ(sim->eventsPut(), 1000U);
    // It stays stopped.
    EXPECT_EQ(sim->runUntil(20_min), RunStatus::Stopped);
    EXPECT_EQ(sim->eventsPut(), 1000U);
}

TEST(SimulationLimits, ARunStopsWhenTooManyDeliveriesAreInFlight) {
    SimulationOptions options;
    options.maxInFlight = 500;
    // 10,000 events at one instant, each a delivery that takes 5 ms.
    Result<Simulation> sim = Simulation::create(shop(scripted(10'000)), options);
    ASSERT_TRUE(sim.ok()) << sim.error().message;
    EXPECT_EQ(sim->runUntil(1_min), RunStatus::Stopped);
    ASSERT_TRUE(sim->limitError().has_value());
    EXPECT_NE(sim->limitError()->message.find("in flight"), std::string::npos);
    EXPECT_LE(sim->eventsPut(), 510U); // stopped within a batch of the limit
}

TEST(SimulationLimits, AModelWithinTheLimitsRunsWithoutALimitError) {
    Result<Simulation> sim = Simulation::create(shop(constant(50)));
    ASSERT_TRUE(sim.ok()) << sim.error().message;
    EXPECT_EQ(sim->runUntil(1_min), RunStatus::Completed);
    EXPECT_FALSE(sim->limitError().has_value());
    EXPECT_EQ(sim->eventsPut(), 3000U);
}

TEST(SimulationLimits, VolumesBeyondTheLimitsAreRefusedNamingElementAndField) {
    model::RateModel burst;
    burst.kind = model::RateKind::Burst;
    burst.burstSize = 1'000'000'000;
    burst.burstEverySeconds = 1;
    std::vector<model::FieldVariation> deep(1);
    deep[0].kind = model::VariationKind::Uuid;
    deep[0].path = "detail";
    for (int i = 0; i < 50'000; ++i) {
        deep[0].path += ".a";
    }
    const std::vector<std::pair<model::Project, std::string>> cases{
        {shop(constant(1e12)), "emits[0].rate.perSecond"},
        {shop(burst), "emits[0].rate.burstSize"},
        {shop(scripted(1'000'000'000)), "emits[0].rate.script[0].count"},
        {shop(constant(1), 0, deep), "emits[0].variations[0].path"},
    };
    for (const auto &[model, field] : cases) {
        Result<Simulation> sim = Simulation::create(model);
        ASSERT_FALSE(sim.ok()) << field;
        EXPECT_EQ(sim.error().field, field);
        EXPECT_NE(sim.error().message.find("'shop'"), std::string::npos) << sim.error().message;
    }
    // At the limit itself the model runs.
    EXPECT_TRUE(Simulation::create(shop(constant(model::kMaxEventsPerSecond))).ok());
    EXPECT_TRUE(Simulation::create(shop(scripted(model::kMaxEventsPerPut))).ok());
}

TEST(SimulationLimits, ScenarioPutsAreBoundedWhereTheScenarioIsRead) {
    const auto scenarioWith = [](const std::string &puts) {
        return R"({"duration": "1m", "puts": )" + puts + "}";
    };
    const std::string event = R"("event": {"source": "shop", "detail-type": "OrderPlaced"})";
    const Result<Scenario> tooMany = parseScenario(
        scenarioWith(R"([{"at": "1s", "bus": "orders", "count": 100001, )" + event + "}]"),
        "big.scenario.json");
    ASSERT_FALSE(tooMany.ok());
    EXPECT_EQ(tooMany.error().field, "puts[0].count");
    EXPECT_NE(tooMany.error().message.find("big.scenario.json:1:"), std::string::npos)
        << tooMany.error().message;

    std::string many = "[";
    for (int i = 0; i < 101; ++i) {
        many += std::string(i == 0 ? "" : ",") +
                R"({"at": "1s", "bus": "orders", "count": 100000, )" + event + "}";
    }
    many += "]";
    const Result<Scenario> tooMuch = parseScenario(scenarioWith(many), "many.scenario.json");
    ASSERT_FALSE(tooMuch.ok());
    EXPECT_EQ(tooMuch.error().field, "puts");
    EXPECT_NE(tooMuch.error().message.find("10000000"), std::string::npos)
        << tooMuch.error().message;

    const Result<Scenario> fine = parseScenario(
        scenarioWith(R"([{"at": "1s", "bus": "orders", "count": 100000, )" + event + "}]"),
        "fine.scenario.json");
    EXPECT_TRUE(fine.ok()) << fine.error().message;
}

TEST(SimulationLimits, AssertionsOnUnknownElementsAreFoundBeforeTheRun) {
    const Result<Scenario> scenario = parseScenario(
        R"({"assertions": [{"element": "billing", "counter": "invoked", "atLeast": 1},)"
        R"( {"element": "ghost", "counter": "invoked", "atLeast": 1}]})",
        "s.scenario.json");
    ASSERT_TRUE(scenario.ok()) << scenario.error().message;
    Result<Simulation> sim = Simulation::create(shop(constant(1)));
    ASSERT_TRUE(sim.ok());
    const std::optional<Error> unknown = checkAssertionElements(scenario->assertions, *sim);
    ASSERT_TRUE(unknown.has_value());
    EXPECT_EQ(unknown->field, "assertions[1].element");
    EXPECT_NE(unknown->message.find("ghost"), std::string::npos);
    EXPECT_FALSE(checkAssertionElements({scenario->assertions[0]}, *sim).has_value());
}

// ---- an archive run commits together or not at all ------------------------------------------

class ArchiveRunTest : public testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "sg-archiverun-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        m_path = m_dir + "/shop.stormglass";
        const Result<bool> saved = model::saveProjectFile(model::Project(), m_path);
        ASSERT_TRUE(saved.ok()) << saved.error().message;
    }
    void TearDown() override {
        std::error_code ignored;
        std::filesystem::remove_all(m_dir, ignored);
    }

    [[nodiscard]] std::string bytes() const {
        std::ifstream in(m_path, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }

    // Defines archive "all" and appends `count` events, inside a run.
    static void fill(ArchiveStore &store, int count) {
        model::Archive archive;
        archive.name = "all";
        ASSERT_TRUE(store.defineArchive(ElementId{"orders"}, archive).ok());
        std::vector<std::string> texts;
        std::vector<ArchiveRecord> records;
        texts.reserve(static_cast<std::size_t>(count));
        for (int i = 0; i < count; ++i) {
            texts.push_back(R"({"id":")" + std::to_string(i) + R"(","detail":{}})");
        }
        for (int i = 0; i < count; ++i) {
            const std::string &text = texts[static_cast<std::size_t>(i)];
            records.push_back({text, SimTime::seconds(i), SimTime::seconds(i), {}, text});
        }
        const Result<std::size_t> appended = store.append(ElementId{"orders"}, "all", records);
        ASSERT_TRUE(appended.ok()) << appended.error().message;
    }

    std::string m_dir;
    std::string m_path;
};

TEST_F(ArchiveRunTest, ARunThatIsNotCommittedLeavesTheFileAsItWas) {
    const std::string before = bytes();
    {
        Result<ArchiveStore> store = ArchiveStore::open(m_path);
        ASSERT_TRUE(store.ok()) << store.error().message;
        ASSERT_TRUE(store->beginRun().ok());
        fill(*store, 5000);
        fill(*store, 5000); // a second batch in the same run
        EXPECT_EQ(*store->count(ElementId{"orders"}, "all"), 10000U);
    } // destroyed without commitRun(): rolled back
    EXPECT_TRUE(bytes() == before);
    EXPECT_FALSE(std::filesystem::exists(m_path + "-journal"));
}

TEST_F(ArchiveRunTest, ACommittedRunKeepsEverything) {
    {
        Result<ArchiveStore> store = ArchiveStore::open(m_path);
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE(store->beginRun().ok());
        fill(*store, 100);
        ASSERT_TRUE(store->commitRun().ok());
        ASSERT_TRUE(store->close().ok());
    }
    Result<ArchiveStore> again = ArchiveStore::open(m_path);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again->count(ElementId{"orders"}, "all"), 100U);
    EXPECT_FALSE(again->commitRun().ok()); // no run is open
}

} // namespace
} // namespace sg::sim
