// Archives and replays in the engine: archive patterns, batches to the sink, event times, replays
// stamped with replay-name and never archived again, bucket versus original order and pace, the
// half-open window, cancellation, the limit of 10 concurrent replays, rule filters, and a replay
// read back from a project file.

#include "archivestore.h"
#include "io/projectfile.h"
#include "replay.h"
#include "simulation.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace sg::sim {
namespace {

using namespace sg::sim::literals;
using model::ElementId;
using model::Json;

model::Bus busWithArchives(std::vector<model::Archive> archives) {
    model::Bus b;
    b.id = ElementId{"orders"};
    b.name = "orders";
    b.archives = std::move(archives);
    return b;
}

model::Archive archive(const std::string &name, const std::string &pattern = {}) {
    model::Archive a;
    a.name = name;
    a.pattern = pattern;
    return a;
}

model::Queue queue(const std::string &id) {
    model::Queue q;
    q.id = ElementId{id};
    q.name = id;
    return q;
}

model::Rule rule(const std::string &id, const std::string &pattern, const std::string &queueId) {
    model::Rule r;
    r.id = ElementId{id};
    r.name = id;
    r.bus = ElementId{"orders"};
    r.pattern = pattern;
    model::Target t;
    t.id = queueId;
    t.destination = ElementId{queueId};
    r.targets.push_back(t);
    return r;
}

// Bus "orders" with archives "all" (no pattern) and "shop" (source shop); rule "every" sends
// everything from shop or billing to queue "every-q", rule "replayed" sends replayed events to
// "replayed-q".
model::Project shopProject() {
    model::Project p;
    std::vector<model::Element> elements{
        busWithArchives({archive("all"), archive("shop", R"({"source":["shop"]})")}),
        queue("every-q"), queue("replayed-q"),
        rule("every", R"({"source":["shop","billing"]})", "every-q"),
        rule("replayed", R"({"replay-name":[{"exists":true}]})", "replayed-q")};
    for (auto &element : elements) {
        const Result<bool> added = p.appendUnchecked(std::move(element));
        EXPECT_TRUE(added.ok()) << added.error().message;
    }
    return p;
}

SimulationOptions options() {
    SimulationOptions o;
    o.seed = 3;
    o.runProducers = false;
    return o;
}

Simulation create(const model::Project &p, SimulationOptions o = options()) {
    Result<Simulation> sim = Simulation::create(p, o);
    EXPECT_TRUE(sim.ok()) << (sim.ok() ? std::string() : sim.error().message);
    return std::move(sim).value();
}

Json event(const std::string &id, const std::string &source = "shop",
           const std::string &time = {}) {
    Json e = Json::object();
    e["id"] = id;
    e["source"] = source;
    e["detail-type"] = "OrderPlaced";
    e["detail"] = Json::object();
    if (!time.empty()) {
        e["time"] = time;
    }
    return e;
}

std::vector<std::string> idsOf(const std::vector<MemoryArchive::Stored> &events) {
    std::vector<std::string> ids;
    for (const auto &e : events) {
        ids.push_back(e.eventId);
    }
    return ids;
}

std::uint64_t received(const Simulation &sim, const std::string &queueId) {
    return sim.counters(queueId).value_or(ElementCounters{}).received;
}

const ArchiveRef kAll{"orders", "all"};
const ArchiveRef kShop{"orders", "shop"};

// Collects the ids and times of the events put on a bus (needs trace on).
class PutRecorder final : public SimulationObserver {
public:
    void onLineage(std::span<const LineageStep> steps) override {
        for (const LineageStep &step : steps) {
            if (step.kind == StepKind::Put) {
                const Json e = Json::parse(step.detail);
                ids.push_back(e.at("id").get<std::string>());
                times.push_back(step.at);
                replayNames.push_back(e.value("replay-name", std::string()));
            }
        }
    }
    std::vector<std::string> ids;
    std::vector<SimTime> times;
    std::vector<std::string> replayNames;
};

// An archive holding a, b, c, d appended in that order with event times 0:50, 0:10, 1:05, 0:30.
MemoryArchive outOfOrderArchive() {
    MemoryArchive memory;
    const std::vector<ArchivedEvent> events{
        {"a", 50_s, 1_s, event("a").dump()},
        {"b", 10_s, 2_s, event("b").dump()},
        {"c", 65_s, 3_s, event("c").dump()},
        {"d", 30_s, 4_s, event("d").dump()},
    };
    EXPECT_TRUE(memory.append(kAll, events).ok());
    return memory;
}

ReplaySpec spec(const std::string &name, SimTime from, SimTime to,
                ReplayOrder order = ReplayOrder::Buckets,
                ReplayPace pace = ReplayPace::AsFastAsPossible) {
    ReplaySpec s;
    s.name = name;
    s.archive = kAll;
    s.from = from;
    s.to = to;
    s.order = order;
    s.pace = pace;
    return s;
}

// ---- archiving -----------------------------------------------------------------------------

TEST(SimulationArchive, EachArchiveTakesTheEventsItsPatternMatchesInBatches) {
    const model::Project p = shopProject();
    Simulation sim = create(p);
    MemoryArchive memory;
    sim.setArchiveSink(&memory, 2);
    for (int i = 0; i < 5; ++i) {
        const std::string source = i % 2 == 0 ? "shop" : "billing"; // shop: 0, 2, 4
        ASSERT_TRUE(
            sim.put("orders", event("e" + std::to_string(i), source), SimTime::seconds(i + 1))
                .ok());
    }
    sim.runUntil(1_min);

    EXPECT_EQ(idsOf(memory.events(kAll)), (std::vector<std::string>{"e0", "e1", "e2", "e3", "e4"}));
    EXPECT_EQ(idsOf(memory.events(kShop)), (std::vector<std::string>{"e0", "e2", "e4"}));
    // "all": batches of 2, 2 and the final 1; "shop": 2, then the final 1.
    EXPECT_EQ(memory.appendCalls(), 5U);
    EXPECT_EQ(sim.archived("orders", "all"), 5U);
    EXPECT_EQ(sim.archived("orders", "shop"), 3U);
    EXPECT_EQ(sim.archived("orders", "nope"), std::nullopt);
    const Json report = sim.report();
    EXPECT_EQ(report.at("archives").at("orders/all").at("received"), 5);
    EXPECT_EQ(report.at("archives").at("orders/shop").at("received"), 3);
    // Archiving is not a delivery: the bus and the rule count as before.
    EXPECT_EQ(sim.deliveries(), 5U);
    EXPECT_FALSE(sim.archiveError().has_value());
}

TEST(SimulationArchive, WithoutASinkNothingIsArchivedAndTheReportHasNoArchives) {
    const model::Project p = shopProject();
    Simulation sim = create(p);
    ASSERT_TRUE(sim.put("orders", event("e0"), 1_s).ok());
    sim.runUntil(1_min);
    EXPECT_EQ(sim.archived("orders", "all"), 0U);
    EXPECT_FALSE(sim.report().contains("archives"));
}

TEST(SimulationArchive, EventTimeIsTheTimeFieldOrElseThePutTime) {
    const model::Project p = shopProject();
    Simulation sim = create(p);
    MemoryArchive memory;
    sim.setArchiveSink(&memory);
    // Simulated time 0 is 2026-01-01T00:00:00Z (GeneratorSettings).
    ASSERT_TRUE(sim.put("orders", event("timed", "shop", "2026-01-01T00:02:03Z"), 10_s).ok());
    ASSERT_TRUE(sim.put("orders", event("untimed"), 10_s).ok());
    ASSERT_TRUE(sim.put("orders", event("garbled", "shop", "yesterday"), 11_s).ok());
    sim.runUntil(1_min);

    const auto &events = memory.events(kAll);
    ASSERT_EQ(events.size(), 3U);
    EXPECT_EQ(events[0].eventTime, 123_s);
    EXPECT_EQ(events[0].ingestionTime, 10_s);
    EXPECT_EQ(events[1].eventTime, 10_s);
    EXPECT_EQ(events[2].eventTime, 11_s);
    EXPECT_EQ(Json::parse(events[0].event).at("id"), "timed");
}

// A sink that refuses its second batch.
class FailingSink final : public ArchiveSink {
public:
    Result<bool> append(const ArchiveRef &archive, std::span<const ArchivedEvent> events) override {
        static_cast<void>(archive);
        if (++m_calls == 2) {
            Error error;
            error.message = "disk full";
            return error;
        }
        m_events += events.size();
        return true;
    }
    std::size_t m_calls = 0;
    std::size_t m_events = 0;
};

TEST(SimulationArchive, ASinkErrorStopsArchivingAndIsReported) {
    const model::Project p = shopProject();
    Simulation sim = create(p);
    FailingSink sink;
    sim.setArchiveSink(&sink, 1);
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(
            sim.put("orders", event("e" + std::to_string(i), "billing"), SimTime::seconds(i + 1))
                .ok());
    }
    sim.runUntil(1_min);
    ASSERT_TRUE(sim.archiveError().has_value());
    EXPECT_EQ(sim.archiveError()->message, "disk full");
    EXPECT_EQ(sink.m_calls, 2U); // no call after the failure
    EXPECT_EQ(sink.m_events, 1U);
    EXPECT_EQ(sim.deliveries(), 3U); // the run itself goes on
}

TEST(SimulationArchive, IsoTimesParseWithFractionsAndOffsets) {
    const GeneratorSettings settings;
    EXPECT_EQ(parseIsoTime("2026-01-01T00:00:00Z", settings), SimTime::zero());
    EXPECT_EQ(parseIsoTime("2026-01-01T01:00:00.250Z", settings), 3600250_ms);
    EXPECT_EQ(parseIsoTime("2026-01-01T02:00:00+01:00", settings), 1_h);
    EXPECT_EQ(parseIsoTime("2025-12-31T23:59:59Z", settings), SimTime::seconds(-1));
    EXPECT_EQ(parseIsoTime("2026-02-30T00:00:00Z", settings), std::nullopt);
    EXPECT_EQ(parseIsoTime("2026-01-01 00:00:00", settings), std::nullopt);
    EXPECT_EQ(parseIsoTime("10m", settings), std::nullopt);
}

// ---- replays -------------------------------------------------------------------------------

TEST(SimulationReplay, ReplayedEventsCarryReplayNameAndAreNotArchivedAgain) {
    const model::Project p = shopProject();
    Simulation sim = create(p);
    MemoryArchive memory;
    sim.setArchiveSink(&memory);
    for (int i = 0; i < 4; ++i) {
        ASSERT_TRUE(
            sim.put("orders", event("e" + std::to_string(i)), SimTime::seconds(i + 1)).ok());
    }
    sim.runUntil(1_min);
    ASSERT_EQ(memory.events(kAll).size(), 4U);

    ASSERT_TRUE(sim.startReplay(spec("again", SimTime::zero(), 1_min), memory).ok());
    EXPECT_EQ(sim.replayStatus("again")->state, ReplayState::Starting);
    EXPECT_EQ(sim.replayStatus("again")->total, 4U);
    sim.runUntil(2_min);

    const ReplayStatus status = *sim.replayStatus("again");
    EXPECT_EQ(status.state, ReplayState::Completed);
    EXPECT_EQ(status.replayed, 4U);
    EXPECT_EQ(received(sim, "every-q"), 8U);    // 4 originals, 4 replayed
    EXPECT_EQ(received(sim, "replayed-q"), 4U); // only the replayed carry replay-name
    EXPECT_EQ(memory.events(kAll).size(), 4U);  // the managed rule skipped them
    EXPECT_EQ(sim.archived("orders", "all"), 4U);
    const Json report = sim.report();
    EXPECT_EQ(report.at("replays").at(0).at("state"), "COMPLETED");
    EXPECT_EQ(report.at("replays").at(0).at("replayed"), 4);
}

TEST(SimulationReplay, BucketOrderReleasesEachMinuteInAppendOrder) {
    const model::Project p = shopProject();
    SimulationOptions o = options();
    o.trace = true;
    Simulation sim = create(p, o);
    PutRecorder recorder;
    sim.addObserver(&recorder);
    MemoryArchive memory = outOfOrderArchive();
    sim.runUntil(1_h);
    ReplaySpec atOnce = spec("buckets", SimTime::zero(), 2_min);
    atOnce.rate = 0; // everything at the start time
    ASSERT_TRUE(sim.startReplay(atOnce, memory).ok());
    sim.runUntil(2_h);

    // Minute 0 holds a, b, d (appended in that order), minute 1 holds c.
    EXPECT_EQ(recorder.ids, (std::vector<std::string>{"a", "b", "d", "c"}));
    EXPECT_EQ(recorder.times, (std::vector<SimTime>{1_h, 1_h, 1_h, 1_h}));
    EXPECT_EQ(recorder.replayNames,
              (std::vector<std::string>{"buckets", "buckets", "buckets", "buckets"}));
}

TEST(SimulationReplay, AsFastAsPossibleSpacesEventsByTheRate) {
    const model::Project p = shopProject();
    SimulationOptions o = options();
    o.trace = true;
    struct Case {
        double rate;
        std::vector<SimTime::Rep> offsets; // microseconds after the start: floor(k / rate s)
    };
    for (const Case &c :
         {Case{4, {0, 250'000, 500'000, 750'000}}, Case{kDefaultReplayRate, {0, 100, 200, 300}},
          Case{3, {0, 333'333, 666'666, 1'000'000}}}) {
        SCOPED_TRACE("rate " + std::to_string(c.rate));
        Simulation sim = create(p, o);
        PutRecorder recorder;
        sim.addObserver(&recorder);
        MemoryArchive memory = outOfOrderArchive();
        sim.runUntil(1_h);
        ReplaySpec paced = spec("paced", SimTime::zero(), 2_min);
        paced.rate = c.rate;
        ASSERT_TRUE(sim.startReplay(paced, memory).ok());
        sim.runUntil(2_h);
        EXPECT_EQ(recorder.ids, (std::vector<std::string>{"a", "b", "d", "c"}));
        std::vector<SimTime> expected;
        for (const SimTime::Rep offset : c.offsets) {
            expected.push_back(1_h + SimTime::microseconds(offset));
        }
        EXPECT_EQ(recorder.times, expected);
        EXPECT_EQ(sim.replayStatus("paced")->state, ReplayState::Completed);
    }
}

TEST(SimulationReplay, ANegativeOrNonFiniteRateIsRefused) {
    const model::Project p = shopProject();
    Simulation sim = create(p);
    MemoryArchive memory = outOfOrderArchive();
    ReplaySpec bad = spec("bad", SimTime::zero(), 2_min);
    bad.rate = -5;
    const Result<bool> refused = sim.startReplay(bad, memory);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message,
              "replay 'bad': the rate must be a number of events per second, 0 or more (found -5)");
    bad.rate = std::numeric_limits<double>::infinity();
    EXPECT_FALSE(sim.startReplay(bad, memory).ok());
    EXPECT_EQ(sim.replayStatus("bad"), std::nullopt);
}

TEST(SimulationReplay, OriginalOrderFollowsEventTime) {
    const model::Project p = shopProject();
    SimulationOptions o = options();
    o.trace = true;
    Simulation sim = create(p, o);
    PutRecorder recorder;
    sim.addObserver(&recorder);
    MemoryArchive memory = outOfOrderArchive();
    ASSERT_TRUE(
        sim.startReplay(spec("orig", SimTime::zero(), 2_min, ReplayOrder::Original), memory).ok());
    sim.runUntil(1_h);
    EXPECT_EQ(recorder.ids, (std::vector<std::string>{"b", "d", "a", "c"}));
}

TEST(SimulationReplay, OriginalPaceSpacesEventsOrBucketsAsTheirEventTimes) {
    const model::Project p = shopProject();
    SimulationOptions o = options();
    o.trace = true;
    {
        Simulation sim = create(p, o);
        PutRecorder recorder;
        sim.addObserver(&recorder);
        MemoryArchive memory = outOfOrderArchive();
        sim.runUntil(10_s);
        ASSERT_TRUE(sim.startReplay(spec("paced", 5_s, 2_min, ReplayOrder::Original,
                                         ReplayPace::OriginalPace),
                                    memory)
                        .ok());
        sim.runUntil(1_h);
        EXPECT_EQ(recorder.ids, (std::vector<std::string>{"b", "d", "a", "c"}));
        // start 10 s + (event time - from 5 s)
        EXPECT_EQ(recorder.times, (std::vector<SimTime>{15_s, 35_s, 55_s, 70_s}));
    }
    {
        Simulation sim = create(p, o);
        PutRecorder recorder;
        sim.addObserver(&recorder);
        MemoryArchive memory = outOfOrderArchive();
        ASSERT_TRUE(sim.startReplay(spec("paced-buckets", SimTime::zero(), 2_min,
                                         ReplayOrder::Buckets, ReplayPace::OriginalPace),
                                    memory)
                        .ok());
        sim.runUntil(1_h);
        EXPECT_EQ(recorder.ids, (std::vector<std::string>{"a", "b", "d", "c"}));
        EXPECT_EQ(recorder.times, (std::vector<SimTime>{0_s, 0_s, 0_s, 60_s}));
    }
}

TEST(SimulationReplay, BucketsSkipQuietMinutesAndKeepTheirPace) {
    const model::Project p = shopProject();
    SimulationOptions o = options();
    o.trace = true;
    Simulation sim = create(p, o);
    PutRecorder recorder;
    sim.addObserver(&recorder);
    MemoryArchive memory;
    const std::vector<ArchivedEvent> events{
        {"early", 10_s, 0_s, event("early").dump()},
        {"late-2", 3_h + 50_s, 0_s, event("late-2").dump()},
        {"late-1", 3_h + 5_s, 0_s, event("late-1").dump()},
    };
    ASSERT_TRUE(memory.append(kAll, events).ok());
    ASSERT_TRUE(sim.startReplay(spec("quiet", SimTime::zero(), 4_h, ReplayOrder::Buckets,
                                     ReplayPace::OriginalPace),
                                memory)
                    .ok());
    sim.runUntil(5_h);
    EXPECT_EQ(recorder.ids, (std::vector<std::string>{"early", "late-2", "late-1"}));
    EXPECT_EQ(recorder.times, (std::vector<SimTime>{0_s, 3_h, 3_h}));
    EXPECT_EQ(sim.replayStatus("quiet")->state, ReplayState::Completed);
}

TEST(SimulationReplay, TheWindowIncludesFromAndExcludesTo) {
    const model::Project p = shopProject();
    Simulation sim = create(p);
    MemoryArchive memory;
    const std::vector<ArchivedEvent> events{
        {"before", 59_s, 0_s, event("before").dump()},
        {"at-from", 60_s, 0_s, event("at-from").dump()},
        {"inside", 119_s, 0_s, event("inside").dump()},
        {"at-to", 120_s, 0_s, event("at-to").dump()},
    };
    ASSERT_TRUE(memory.append(kAll, events).ok());
    ASSERT_TRUE(sim.startReplay(spec("window", 1_min, 2_min), memory).ok());
    sim.runUntil(1_h);
    EXPECT_EQ(sim.replayStatus("window")->total, 2U);
    EXPECT_EQ(sim.replayStatus("window")->replayed, 2U);
    EXPECT_EQ(received(sim, "replayed-q"), 2U);
}

TEST(SimulationReplay, CancellingMidReplayKeepsWhatWasReplayed) {
    const model::Project p = shopProject();
    Simulation sim = create(p);
    MemoryArchive memory;
    std::vector<ArchivedEvent> events;
    for (int i = 1; i <= 10; ++i) { // event times 10 s, 20 s, ..., 100 s
        events.push_back({"e" + std::to_string(i), SimTime::seconds(10 * i), SimTime::zero(),
                          event("e" + std::to_string(i)).dump()});
    }
    ASSERT_TRUE(memory.append(kAll, events).ok());
    ASSERT_TRUE(sim.startReplay(spec("stopped", SimTime::zero(), 2_min, ReplayOrder::Original,
                                     ReplayPace::OriginalPace),
                                memory)
                    .ok());
    sim.runUntil(35_s);
    EXPECT_EQ(sim.replayStatus("stopped")->state, ReplayState::Running);
    EXPECT_EQ(sim.replayStatus("stopped")->replayed, 3U);

    ASSERT_TRUE(sim.cancelReplay("stopped").ok());
    EXPECT_EQ(sim.replayStatus("stopped")->state, ReplayState::Cancelling);
    sim.runUntil(1_h);
    const ReplayStatus status = *sim.replayStatus("stopped");
    EXPECT_EQ(status.state, ReplayState::Cancelled);
    EXPECT_EQ(status.replayed, 3U);
    EXPECT_EQ(status.total, 10U);
    EXPECT_EQ(received(sim, "replayed-q"), 3U);
    EXPECT_FALSE(sim.cancelReplay("stopped").ok()); // finished
    EXPECT_FALSE(sim.cancelReplay("unknown").ok());
}

TEST(SimulationReplay, TheEleventhConcurrentReplayIsRefused) {
    const model::Project p = shopProject();
    Simulation sim = create(p);
    MemoryArchive memory = outOfOrderArchive();
    for (int i = 1; i <= 10; ++i) {
        ASSERT_TRUE(
            sim.startReplay(spec("r" + std::to_string(i), SimTime::zero(), 2_min), memory).ok());
    }
    const Result<bool> eleventh = sim.startReplay(spec("r11", SimTime::zero(), 2_min), memory);
    ASSERT_FALSE(eleventh.ok());
    EXPECT_EQ(eleventh.error().message, "replay 'r11': at most 10 replays can run at once");
    EXPECT_EQ(sim.replayStatus("r11"), std::nullopt);

    sim.runUntil(1_h); // all ten complete; there is room again
    EXPECT_EQ(sim.replayStatus("r10")->state, ReplayState::Completed);
    EXPECT_TRUE(sim.startReplay(spec("r11", SimTime::zero(), 2_min), memory).ok());
    sim.runUntil(2_h);
    EXPECT_EQ(received(sim, "replayed-q"), 44U); // 11 replays of 4 events
}

TEST(SimulationReplay, BadSpecsAreRefusedWithAReason) {
    const model::Project p = shopProject();
    Simulation sim = create(p);
    MemoryArchive memory = outOfOrderArchive();
    ReplaySpec unknownArchive = spec("x", SimTime::zero(), 1_min);
    unknownArchive.archive.name = "nope";
    EXPECT_EQ(sim.startReplay(unknownArchive, memory).error().message,
              "replay 'x': bus 'orders' has no archive 'nope'");
    EXPECT_EQ(sim.startReplay(spec("x", 1_min, 1_min), memory).error().message,
              "replay 'x': the window must start before it ends (from 1m, to 1m)");
    ReplaySpec unknownRule = spec("x", SimTime::zero(), 1_min);
    unknownRule.rules = {"nope"};
    EXPECT_EQ(sim.startReplay(unknownRule, memory).error().message,
              "replay 'x': rule 'nope' is not a rule of bus 'orders'");
    EXPECT_FALSE(sim.startReplay(spec("", SimTime::zero(), 1_min), memory).ok());
    ASSERT_TRUE(sim.startReplay(spec("x", SimTime::zero(), 1_min), memory).ok());
    EXPECT_FALSE(sim.startReplay(spec("x", SimTime::zero(), 1_min), memory).ok()); // name taken
}

TEST(SimulationReplay, ARuleFilterSendsReplayedEventsOnlyToTheChosenRules) {
    const model::Project p = shopProject();
    Simulation sim = create(p);
    MemoryArchive memory = outOfOrderArchive();
    ReplaySpec filtered = spec("only-every", SimTime::zero(), 2_min);
    filtered.rules = {"every"};
    ASSERT_TRUE(sim.startReplay(filtered, memory).ok());
    sim.runUntil(1_h);
    EXPECT_EQ(received(sim, "every-q"), 4U);
    EXPECT_EQ(received(sim, "replayed-q"), 0U);
}

TEST(SimulationReplay, AReplayStreamsBackWhatARunArchivedInAProjectFile) {
    std::string dir = (std::filesystem::temp_directory_path() / "sg-simarchive-XXXXXX").string();
    ASSERT_NE(::mkdtemp(dir.data()), nullptr);
    const std::string path = dir + "/shop.stormglass";
    const model::Project p = shopProject();
    ASSERT_TRUE(model::saveProjectFile(p, path).ok());
    {
        Result<ArchiveStore> store = ArchiveStore::open(path);
        ASSERT_TRUE(store.ok()) << store.error().message;
        for (const model::Archive &a :
             std::get<model::Bus>(*p.find(ElementId{"orders"})).archives) {
            ASSERT_TRUE(store->defineArchive(ElementId{"orders"}, a).ok());
        }
        StoreArchive archive(*store);
        Simulation sim = create(p);
        sim.setArchiveSink(&archive, 1'000);
        // 25,000 events, one every 10 ms from 1 s: more than two replay chunks of 10,000.
        for (int i = 0; i < 25'000; ++i) {
            ASSERT_TRUE(sim.put("orders", event("e" + std::to_string(i)),
                                1_s + SimTime::milliseconds(10 * i))
                            .ok());
        }
        sim.runUntil(10_min);
        ASSERT_FALSE(sim.archiveError().has_value());
        EXPECT_EQ(*store->count(ElementId{"orders"}, "all"), 25'000U);

        Simulation replay = create(p);
        // [1 s, 2 min): events 0 .. 11,899, read in chunks of 10,000 in event time order.
        ASSERT_TRUE(
            replay.startReplay(spec("from-file", 1_s, 2_min, ReplayOrder::Original), archive).ok());
        replay.run();
        EXPECT_EQ(replay.replayStatus("from-file")->state, ReplayState::Completed);
        EXPECT_EQ(replay.replayStatus("from-file")->replayed, 11'900U);
        EXPECT_EQ(received(replay, "replayed-q"), 11'900U);
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
}

// Replayed events are read into documents that are reused once their deliveries end. A dead-letter
// message keeps its event, so what it holds must stay that event while thousands more are read.
TEST(SimulationReplay, ADeadLetteredReplayedEventKeepsItsOwnContent) {
    model::Consumer fn;
    fn.id = ElementId{"fn"};
    fn.name = "fn";
    fn.behavior.latency.kind = model::LatencyKind::Fixed;
    fn.behavior.latency.valueMs = 10; // successful deliveries hold their event this long
    fn.behavior.failures = {{model::FailureKind::PermissionDenied, 0.3}}; // no retries
    model::Rule every = rule("every", R"({"source":["shop"]})", "fn");
    every.targets[0].deadLetterQueue = ElementId{"dlq"};
    model::Project p;
    for (model::Element e :
         std::vector<model::Element>{busWithArchives({archive("all")}), fn, queue("dlq"), every}) {
        ASSERT_TRUE(p.appendUnchecked(std::move(e)).ok());
    }
    // 3,500 events of three shapes, so that reused documents gain and lose members.
    const auto original = [](int i) {
        Json e = event("e" + std::to_string(i));
        if (i % 3 == 0) {
            e["detail"] = Json{{"n", i}};
        } else if (i % 3 == 1) {
            e["detail"] = Json{{"n", i}, {"tag", "tag-number-" + std::to_string(i)}};
            e["resources"] = Json::array({"arn:one", "arn:two"});
        } else {
            e["detail"] = Json{{"items", Json::array({i, i + 1, i + 2})}};
        }
        return e;
    };
    MemoryArchive memory;
    std::vector<ArchivedEvent> events;
    for (int i = 0; i < 3'500; ++i) {
        events.push_back({"e" + std::to_string(i), SimTime::milliseconds(i), SimTime::zero(),
                          original(i).dump()});
    }
    ASSERT_TRUE(memory.append(kAll, events).ok());

    SimulationOptions o = options();
    o.dlqMessagesKept = 10'000;
    Simulation sim = create(p, o);
    ASSERT_TRUE(sim.startReplay(spec("again", SimTime::zero(), 1_h), memory).ok());
    sim.run();
    ASSERT_EQ(sim.replayStatus("again")->replayed, 3'500U);

    const DlqSummary dlq = *sim.deadLetters("dlq");
    EXPECT_EQ(dlq.total, sim.layerCounters().eventBridge.failed); // refused Invoke calls
    EXPECT_GT(dlq.total, 900U); // about 30% of 3,500
    EXPECT_LT(dlq.total, 1'200U);
    ASSERT_EQ(dlq.kept.size(), dlq.total);
    for (const DlqMessage &m : dlq.kept) {
        // Event k was put at k / 10,000 s (the default rate); a permission error is immediate.
        const SimTime::Rep k = m.at.micros() / 100;
        Json expected = original(static_cast<int>(k));
        expected["replay-name"] = "again";
        EXPECT_EQ(m.body->dump(), expected.dump()) << "dead-lettered at " << m.at.micros();
    }
}

} // namespace
} // namespace sg::sim
