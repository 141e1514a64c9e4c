// Simulation observability and determinism: the latency histogram, time series, lineage batches,
// the JSON Lines trace and its hash, the report, and runs of the bundled examples (same seed,
// same hash; another seed, another hash; the same trace as their golden files; an unrelated
// element changes nobody else's draws; an outage propagating downstream and recovering).

#include "goldenfile.h"
#include "io/projectfile.h"
#include "simhistogram.h"
#include "simulation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <span>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace sg::sim {
namespace {

using namespace sg::sim::literals;
using model::ElementId;
using model::Json;

const std::string kExamples = std::string(SG_TEST_DATA_DIR) + "/../../resources/examples/";

model::Project loadExample(const std::string &name) {
    Result<model::Project> project = model::loadProject(kExamples + name + ".stormglass.json");
    EXPECT_TRUE(project.ok()) << (project.ok() ? std::string() : project.error().message);
    return project.ok() ? std::move(project).value() : model::Project{};
}

Simulation create(const model::Project &p, const SimulationOptions &options) {
    Result<Simulation> sim = Simulation::create(p, options);
    EXPECT_TRUE(sim.ok()) << (sim.ok() ? std::string() : sim.error().message);
    return std::move(sim).value();
}

// ---- LatencyHistogram ------------------------------------------------------------------------

TEST(SimulationHistogram, BucketBoundsRoundTripAndCoverEveryValue) {
    for (std::uint64_t v : {0ull, 1ull, 31ull, 32ull, 33ull, 63ull, 64ull, 1000ull, 123456789ull,
                            (1ull << 62) + 12345ull}) {
        const std::size_t index = LatencyHistogram::bucketIndex(v);
        EXPECT_LE(LatencyHistogram::bucketLowerBound(index), v) << v;
        EXPECT_GT(LatencyHistogram::bucketLowerBound(index + 1), v) << v;
    }
    EXPECT_EQ(LatencyHistogram::bucketIndex(~0ull), LatencyHistogram::kBucketCount - 1);
}

TEST(SimulationHistogram, PercentilesAreWithinThreePercentAndExtremesAreExact) {
    LatencyHistogram h;
    for (int ms = 1; ms <= 1000; ++ms) {
        h.record(SimTime::milliseconds(ms));
    }
    EXPECT_EQ(h.count(), 1000u);
    EXPECT_EQ(h.percentile(100), 1000_ms);
    EXPECT_EQ(h.percentile(0.1), 1_ms);
    const double p50 = h.percentile(50)->toSeconds();
    EXPECT_NEAR(p50, 0.5, 0.5 * 0.03);
    const double p99 = h.percentile(99)->toSeconds();
    EXPECT_NEAR(p99, 0.99, 0.99 * 0.03);
    EXPECT_EQ(h.percentile(0), std::nullopt);
    EXPECT_EQ(h.percentile(101), std::nullopt);
    EXPECT_EQ(LatencyHistogram{}.percentile(50), std::nullopt);
}

TEST(SimulationHistogram, MergingAddsCountsAndWidensTheExtremes) {
    LatencyHistogram a;
    LatencyHistogram b;
    a.record(10_ms);
    b.record(30_ms);
    b.record(30_ms);
    a.merge(b);
    EXPECT_EQ(a.count(), 3u);
    EXPECT_EQ(a.min(), 10_ms);
    EXPECT_EQ(a.max(), 30_ms);
    EXPECT_EQ(a.percentile(34), 30_ms);
    EXPECT_EQ(a.percentile(33), 10_ms);
}

// ---- a tiny model ----------------------------------------------------------------------------

model::Project tinyModel() {
    model::Project p;
    model::Bus bus;
    bus.id = ElementId{"bus"};
    bus.name = "orders";
    model::Consumer fn;
    fn.id = ElementId{"fn"};
    fn.name = "fn";
    fn.behavior.latency.kind = model::LatencyKind::Fixed;
    fn.behavior.latency.valueMs = 100;
    model::Rule rule;
    rule.id = ElementId{"rule"};
    rule.name = "rule";
    rule.bus = bus.id;
    rule.pattern = R"({"source":["shop"]})";
    model::Target t;
    t.id = "t";
    t.destination = fn.id;
    rule.targets = {t};
    EXPECT_TRUE(p.appendUnchecked(bus).ok());
    EXPECT_TRUE(p.appendUnchecked(fn).ok());
    EXPECT_TRUE(p.appendUnchecked(rule).ok());
    return p;
}

Json shopEvent() {
    return Json{{"source", "shop"}, {"detail-type", "Ping"}, {"detail", Json::object()}};
}

TEST(SimulationTimeSeries, BucketsHoldCumulativeCountersAtEachBucketEnd) {
    SimulationOptions options;
    options.timeSeriesBucket = 1_s;
    options.runProducers = false;
    Simulation sim = create(tinyModel(), options);
    ASSERT_TRUE(sim.put("bus", shopEvent(), 500_ms).ok());
    ASSERT_TRUE(sim.put("bus", shopEvent(), 1500_ms).ok());
    sim.runUntil(3_s);
    const auto &series = sim.timeSeries();
    ASSERT_EQ(series.size(), 3u);
    const auto &names = sim.metricNames();
    const auto bus =
        static_cast<std::size_t>(std::find(names.begin(), names.end(), "bus") - names.begin());
    const auto target =
        static_cast<std::size_t>(std::find(names.begin(), names.end(), "rule/t") - names.begin());
    ASSERT_LT(bus, names.size());
    ASSERT_LT(target, names.size());
    EXPECT_EQ(series[0].end, 1_s);
    EXPECT_EQ(series[0].counters[bus].put, 1u);
    EXPECT_EQ(series[1].counters[bus].put, 2u);
    EXPECT_EQ(series[2].counters[bus].put, 2u);
    EXPECT_EQ(series[0].counters[target].succeeded, 1u);
    EXPECT_EQ(series[1].counters[target].succeeded, 2u);
}

TEST(SimulationTrace, EveryStepOfALineageIsWrittenAsOneJsonLine) {
    SimulationOptions options;
    options.trace = true;
    options.runProducers = false;
    Simulation sim = create(tinyModel(), options);
    std::ostringstream out;
    sim.setTraceOutput(&out);
    ASSERT_TRUE(sim.put("bus", shopEvent(), 0_s).ok());
    sim.run();
    EXPECT_EQ(
        out.str(),
        R"({"t_us":0,"event":1,"depth":0,"step":"put","layer":"eventbridge","element":"bus","detail":"{\"source\":\"shop\",\"detail-type\":\"Ping\",\"detail\":{}}"})"
        "\n"
        R"({"t_us":0,"event":1,"depth":0,"step":"matched","layer":"eventbridge","element":"rule/t"})"
        "\n"
        R"({"t_us":0,"event":1,"depth":0,"step":"attempt","layer":"eventbridge","element":"rule/t","attempt":1})"
        "\n"
        R"({"t_us":0,"event":1,"depth":0,"step":"succeeded","layer":"eventbridge","element":"rule/t","attempt":1,"detail":"0s"})"
        "\n"
        R"({"t_us":0,"event":1,"depth":0,"step":"enqueued","layer":"lambda","element":"fn"})"
        "\n"
        R"({"t_us":0,"event":1,"depth":0,"step":"attempt","layer":"lambda","element":"fn","attempt":1})"
        "\n"
        R"({"t_us":100000,"event":1,"depth":0,"step":"succeeded","layer":"lambda","element":"fn","attempt":1,"detail":"100ms"})"
        "\n");
    // FNV-1a 64 of exactly those bytes.
    std::uint64_t hash = 0xCBF29CE484222325;
    for (const char c : out.str()) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001B3;
    }
    EXPECT_EQ(sim.traceHash(), hash);
}

TEST(SimulationReport, TheReportCarriesTheRunTotalsCountersLatenciesAndDeadLetters) {
    SimulationOptions options;
    options.seed = 99;
    options.runProducers = false;
    Simulation sim = create(tinyModel(), options);
    ASSERT_TRUE(sim.put("bus", shopEvent(), 0_s).ok());
    sim.runUntil(10_s);
    const Json report = sim.report();
    EXPECT_EQ(report["seed"], 99);
    EXPECT_EQ(report["simulated_seconds"], 10.0);
    EXPECT_EQ(report["events_put"], 1);
    EXPECT_EQ(report["deliveries"], 1);
    EXPECT_EQ(report["elements"]["bus"]["put"], 1);
    EXPECT_EQ(report["elements"]["fn"]["succeeded"], 1);
    EXPECT_EQ(report["targets"]["rule/t"]["succeeded"], 1);
    EXPECT_EQ(report["targets"]["rule/t"]["destination"], "fn");
    // EventBridge's latency ends at the Invoke call; the function ran for 100 ms after it.
    EXPECT_EQ(report["targets"]["rule/t"]["latency_ms"]["p99"], 0.0);
    EXPECT_EQ(report["targets"]["rule/t"]["outcomes"]["processed"], 1);
    EXPECT_EQ(report["targets"]["rule/t"]["outcomes"]["delivered"], 1);
    EXPECT_EQ(report["layers"]["lambda"]["runs"], 1);
    EXPECT_EQ(report["layers"]["eventbridge"]["attempts"], 1);
    EXPECT_EQ(report["outcomes"]["processed"], 1);
    EXPECT_TRUE(report["dead_letter_queues"].empty());
}

struct BucketCounter : SimulationObserver {
    std::vector<SimTime> ends;
    std::size_t lineageCalls = 0;
    void onBucket(const MetricsBucket &bucket) override { ends.push_back(bucket.end); }
    void onLineage(std::span<const LineageStep> steps) override {
        static_cast<void>(steps);
        ++lineageCalls;
    }
};

TEST(SimulationObserver, ObserversGetEachClosedBucketAndNoLineageWhenTracingIsOff) {
    SimulationOptions options;
    options.timeSeriesBucket = 10_s;
    options.runProducers = false;
    Simulation sim = create(tinyModel(), options);
    BucketCounter observer;
    sim.addObserver(&observer);
    ASSERT_TRUE(sim.put("bus", shopEvent(), 0_s).ok());
    sim.runUntil(35_s);
    EXPECT_EQ(observer.ends, (std::vector<SimTime>{10_s, 20_s, 30_s}));
    EXPECT_EQ(observer.lineageCalls, 0u);
    EXPECT_EQ(sim.traceHash(), 0xCBF29CE484222325u); // the FNV-1a hash of nothing
    sim.removeObserver(&observer);
    sim.runUntil(45_s);
    EXPECT_EQ(observer.ends.size(), 3u);
}

TEST(SimulationObserver, StopEndsARunEarlyAndTheNextRunContinues) {
    SimulationOptions options;
    options.runProducers = false;
    Simulation sim = create(tinyModel(), options);
    ASSERT_TRUE(sim.put("bus", shopEvent(), 1_s).ok());
    ASSERT_TRUE(sim.put("bus", shopEvent(), 2_s).ok());
    sim.stop();
    EXPECT_EQ(sim.runUntil(10_s), RunStatus::Stopped);
    EXPECT_EQ(sim.counters("fn")->succeeded, 0u);
    EXPECT_EQ(sim.run(), RunStatus::Completed);
    EXPECT_EQ(sim.counters("fn")->succeeded, 2u);
}

// ---- the bundled examples --------------------------------------------------------------------

std::uint64_t exampleHash(const model::Project &p, std::uint64_t seed, SimTime duration) {
    SimulationOptions options;
    options.seed = seed;
    options.trace = true;
    Simulation sim = create(p, options);
    sim.runUntil(duration);
    EXPECT_GT(sim.eventsPut(), 0u);
    return sim.traceHash();
}

std::string exampleTestName(const ::testing::TestParamInfo<const char *> &param) {
    std::string name = param.param;
    std::erase(name, '-');
    return name;
}

class SimulationExamples : public ::testing::TestWithParam<const char *> {};

TEST_P(SimulationExamples, TheSameSeedGivesTheSameTraceHashAndAnotherSeedAnother) {
    const model::Project p = loadExample(GetParam());
    const std::uint64_t first = exampleHash(p, 42, 2_min);
    EXPECT_EQ(first, exampleHash(p, 42, 2_min));
    EXPECT_NE(first, exampleHash(p, 43, 2_min));
}

INSTANTIATE_TEST_SUITE_P(Bundled, SimulationExamples,
                         ::testing::Values("e-commerce", "cascading-failure", "login-alert"),
                         exampleTestName);

// Golden traces: with seed 42, the first seconds of each example must write exactly the lines of
// tests/data/golden/<example>.seed42.trace.jsonl. A difference means every run of that model
// changed (the engine, the event generator, the trace format or the example); the failure shows
// the first differing line and keeps the whole new trace in the build tree (golden-actual/).
// For an intended change, run again with SG_UPDATE_GOLDEN=1 in the environment: the test rewrites
// the files and passes. Review them with git diff and explain the change in the commit message
// (tests/data/golden/README.md).
constexpr std::uint64_t kGoldenSeed = 42;
// Beyond this a golden file is too long to review: shorten that example's run below instead.
constexpr std::size_t kGoldenMaxBytes = 300 * 1024;

struct GoldenRun {
    const char *example;
    // Short enough that the file can be read in review, with room to grow: under about 200 KB
    // today. The cascading failure puts 20 orders a second, the others a few.
    SimTime duration;

    friend std::ostream &operator<<(std::ostream &out, const GoldenRun &run) {
        return out << run.example << " for " << run.duration.toSeconds() << " s";
    }
};

class SimulationGoldenTrace : public ::testing::TestWithParam<GoldenRun> {};

TEST_P(SimulationGoldenTrace, TheRunWritesTheLinesOfItsGoldenFile) {
    SimulationOptions options;
    options.seed = kGoldenSeed;
    options.trace = true;
    Simulation sim = create(loadExample(GetParam().example), options);
    std::ostringstream trace;
    sim.setTraceOutput(&trace);
    sim.runUntil(GetParam().duration);
    EXPECT_GT(sim.eventsPut(), 0u);
    const std::filesystem::path golden =
        std::filesystem::path(SG_TEST_DATA_DIR) / "golden" /
        (std::string(GetParam().example) + ".seed" + std::to_string(kGoldenSeed) + ".trace.jsonl");
    EXPECT_TRUE(test::matchesGoldenFile(golden, trace.str(), test::goldenModeFromEnvironment(),
                                        std::filesystem::path(SG_BINARY_DIR) / "golden-actual"));
    EXPECT_LE(trace.str().size(), kGoldenMaxBytes)
        << GetParam() << " writes " << trace.str().size() / 1024
        << " KB of trace, too much to review: shorten its run in the SimulationGoldenTrace "
           "instantiation and write the file again";
}

INSTANTIATE_TEST_SUITE_P(Bundled, SimulationGoldenTrace,
                         ::testing::Values(GoldenRun{"e-commerce", 30_s},
                                           GoldenRun{"cascading-failure", 4_s},
                                           GoldenRun{"login-alert", 10_s}),
                         [](const ::testing::TestParamInfo<GoldenRun> &param) {
                             std::string name = param.param.example;
                             std::erase(name, '-');
                             return name;
                         });

TEST(SimulationDeterminism, AnUnrelatedElementDoesNotChangeAnotherElementsDraws) {
    const model::Project base = loadExample("e-commerce");
    model::Project extended = base;
    // A separate bus with its own busy producer, rule and a failing consumer.
    model::Bus bus;
    bus.id = ElementId{"extra-bus"};
    bus.name = "extra";
    model::Consumer fn;
    fn.id = ElementId{"extra-fn"};
    fn.name = "extra-fn";
    fn.behavior.latency.kind = model::LatencyKind::Uniform;
    fn.behavior.latency.minMs = 1;
    fn.behavior.latency.maxMs = 50;
    fn.behavior.failures = {{model::FailureKind::ServerError, 0.3}};
    model::Rule rule;
    rule.id = ElementId{"extra-rule"};
    rule.name = "extra-rule";
    rule.bus = bus.id;
    rule.pattern = R"({"source":[{"prefix":""}]})";
    model::Target t;
    t.id = "t";
    t.destination = fn.id;
    rule.targets = {t};
    model::Producer producer;
    producer.id = ElementId{"extra-producer"};
    producer.name = "extra-producer";
    producer.bus = bus.id;
    const auto types = base.all<model::EventType>();
    ASSERT_FALSE(types.empty());
    model::Emission emission;
    emission.eventType = types.front()->id;
    emission.rate.kind = model::RateKind::Poisson;
    emission.rate.perSecond = 50;
    producer.emits = {emission};
    ASSERT_TRUE(extended.appendUnchecked(bus).ok());
    ASSERT_TRUE(extended.appendUnchecked(fn).ok());
    ASSERT_TRUE(extended.appendUnchecked(rule).ok());
    ASSERT_TRUE(extended.appendUnchecked(producer).ok());

    SimulationOptions options;
    options.seed = 5;
    Simulation a = create(base, options);
    Simulation b = create(extended, options);
    a.runUntil(5_min);
    b.runUntil(5_min);
    EXPECT_GT(b.counters("extra-fn")->invoked, 0u);
    std::size_t compared = 0;
    for (const std::string &name : a.metricNames()) {
        EXPECT_EQ(a.counters(name), b.counters(name)) << name;
        EXPECT_EQ(a.latencyPercentile(name, 50), b.latencyPercentile(name, 50)) << name;
        EXPECT_EQ(a.latencyPercentile(name, 99), b.latencyPercentile(name, 99)) << name;
        ++compared;
    }
    EXPECT_GT(compared, 10u);
}

// The per-bucket change of counter `field` of `element`.
std::vector<std::uint64_t> perBucket(const Simulation &sim, const std::string &element,
                                     std::uint64_t ElementCounters::*field) {
    const auto &names = sim.metricNames();
    const auto index =
        static_cast<std::size_t>(std::find(names.begin(), names.end(), element) - names.begin());
    EXPECT_LT(index, names.size()) << element;
    std::vector<std::uint64_t> out;
    std::uint64_t previous = 0;
    for (const MetricsBucket &bucket : sim.timeSeries()) {
        const std::uint64_t value = bucket.counters.at(index).*field;
        out.push_back(value - previous);
        previous = value;
    }
    return out;
}

TEST(SimulationDeterminism, AProviderOutagePropagatesTwoHopsDownstreamAndRecovers) {
    const model::Project p = loadExample("cascading-failure");
    SimulationOptions options;
    options.seed = 42;
    options.timeSeriesBucket = 5_min;
    FaultWindow down;
    down.element = ElementId{"payment-provider"};
    down.from = 10_min;
    down.to = 25_min;
    down.mode = FaultMode::Down;
    options.faults = {down};
    Simulation sim = create(p, options);
    sim.runUntil(35_min);

    // Buckets end at 5, 10, ... 35 min; the outage covers buckets 2, 3 and 4 (10-25 min).
    const auto billingFailed = perBucket(sim, "billing-charge", &ElementCounters::failed);
    const auto toFulfilment =
        perBucket(sim, "fulfil-on-payment-captured", &ElementCounters::matched);
    ASSERT_EQ(billingFailed.size(), 7u);
    // Hop 1: billing fails only while its dependency is down.
    EXPECT_LT(billingFailed[1], 50u);
    EXPECT_GT(billingFailed[3], 1000u);
    // Hop 2: fulfilment, started by billing's PaymentCaptured, starves during the outage...
    EXPECT_GT(toFulfilment[1], 5500u); // 20 orders a second
    EXPECT_LT(toFulfilment[3], 100u);
    // ...then gets Lambda's retries of the outage's last three minutes (one and two minutes
    // after each failed run) on top of the normal rate, and recovers.
    EXPECT_GT(toFulfilment[5], 7000u);
    EXPECT_GT(toFulfilment[6], 5500u);
    EXPECT_LT(billingFailed[6], 50u);
    // An order whose three runs all fell in the outage is Lambda's to give up: billing's
    // on-failure destination has its record. EventBridge's own Invoke calls all succeeded.
    EXPECT_EQ(sim.totalDropped(), 0u);
    EXPECT_EQ(sim.layerCounters().eventBridge.sentToDlq, 0u);
    const DlqSummary dlq = *sim.deadLetters("billing-dlq");
    EXPECT_GT(dlq.total, 10000u);
    EXPECT_EQ(dlq.bySource.at("lambda-on-failure"), dlq.total);
    const TargetOutcomes all = sim.totalOutcomes();
    EXPECT_EQ(all.accountedFor(), all.delivered);
    EXPECT_EQ(all.lambdaOnFailure, dlq.total);
}

} // namespace
} // namespace sg::sim
