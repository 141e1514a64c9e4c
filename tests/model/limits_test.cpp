// The model's limits (arch/limits.h): each broken one is a lint error naming the element and the
// field, the boundary values pass, the simulator-unsafe ones are marked, and the JSON reader
// refuses a field-variation path too long to read.

#include "arch/limits.h"
#include "arch/lint.h"
#include "io/projectjson.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace sg::model {
namespace {

Consumer function(Behavior behavior) {
    Consumer c;
    c.id = ElementId{"billing"};
    c.name = "billing";
    c.behavior = std::move(behavior);
    return c;
}

Producer producer(RateModel rate, std::vector<FieldVariation> variations = {}) {
    Producer p;
    p.id = ElementId{"shop"};
    p.name = "shop";
    p.emits.push_back(Emission{ElementId{"placed"}, std::move(rate), std::move(variations)});
    return p;
}

std::vector<std::string> fields(const Element &element) {
    std::vector<std::string> out;
    for (const LimitProblem &problem : limitProblems(element)) {
        out.push_back(problem.field);
    }
    return out;
}

Behavior fixed(double ms) {
    Behavior b;
    b.latency.kind = LatencyKind::Fixed;
    b.latency.valueMs = ms;
    return b;
}

TEST(Limits, LatenciesOutsideZeroToOneDayAreProblems) {
    EXPECT_TRUE(fields(function(fixed(0))).empty());
    EXPECT_TRUE(fields(function(fixed(kMaxLatencyMs))).empty());
    EXPECT_EQ(fields(function(fixed(-5))), std::vector<std::string>{"behavior.latency.valueMs"});
    EXPECT_EQ(fields(function(fixed(1e308))), std::vector<std::string>{"behavior.latency.valueMs"});

    Behavior uniform;
    uniform.latency.kind = LatencyKind::Uniform;
    uniform.latency.minMs = 50;
    uniform.latency.maxMs = 10;
    EXPECT_EQ(fields(function(uniform)), std::vector<std::string>{"behavior.latency.minMs"});
    uniform.latency.maxMs = 50;
    EXPECT_TRUE(fields(function(uniform)).empty());

    Behavior logNormal;
    logNormal.latency.kind = LatencyKind::LogNormal;
    logNormal.latency.medianMs = 20;
    logNormal.latency.sigma = 50;
    EXPECT_EQ(fields(function(logNormal)), std::vector<std::string>{"behavior.latency.sigma"});
}

TEST(Limits, PercentileTablesMustBeNonEmptyInRangeAndSorted) {
    Behavior b;
    b.latency.kind = LatencyKind::Percentiles;
    EXPECT_EQ(fields(function(b)), std::vector<std::string>{"behavior.latency.table"});
    b.latency.table = {{50, 10}, {99, 80}, {100, 200}};
    EXPECT_TRUE(fields(function(b)).empty());
    b.latency.table = {{50, 10}, {101, 80}};
    EXPECT_EQ(fields(function(b)),
              std::vector<std::string>{"behavior.latency.table[1].percentile"});
    b.latency.table = {{90, 10}, {50, 80}};
    EXPECT_EQ(fields(function(b)),
              std::vector<std::string>{"behavior.latency.table[1].percentile"});
    b.latency.table = {{50, 80}, {90, 10}};
    EXPECT_EQ(fields(function(b)), std::vector<std::string>{"behavior.latency.table[1].ms"});
}

TEST(Limits, ProbabilitiesAreFromZeroToOneAndConcurrencyIsNotNegative) {
    Behavior b = fixed(10);
    b.concurrency = -1;
    b.failures = {
        {FailureKind::ServerError, 1}, {FailureKind::Timeout, 1.5}, {FailureKind::Throttled, -0.1}};
    b.followUps = {FollowUp{ElementId{"placed"}, ElementId{"orders"}, 2}};
    EXPECT_EQ(fields(function(b)),
              (std::vector<std::string>{"behavior.concurrency", "behavior.failures[1].rate",
                                        "behavior.failures[2].rate",
                                        "behavior.followUps[0].probability"}));
    // The same for API destinations and external systems.
    ApiDestination api;
    api.id = ElementId{"api"};
    api.behavior = b;
    EXPECT_EQ(fields(api).size(), 4U);
    ExternalSystem external;
    external.id = ElementId{"psp"};
    external.behavior = b;
    EXPECT_EQ(fields(external).size(), 4U);
}

TEST(Limits, RatesAreBoundedAndTheUnsafeOnesAreMarked) {
    RateModel rate;
    rate.kind = RateKind::Constant;
    rate.perSecond = kMaxEventsPerSecond;
    EXPECT_TRUE(limitProblems(producer(rate)).empty());
    rate.perSecond = 1e12;
    const std::vector<LimitProblem> fast = limitProblems(producer(rate));
    ASSERT_EQ(fast.size(), 1U);
    EXPECT_EQ(fast[0].field, "emits[0].rate.perSecond");
    EXPECT_EQ(fast[0].code, "rate-out-of-range");
    EXPECT_TRUE(fast[0].unsafe);
    EXPECT_NE(fast[0].message.find("100000"), std::string::npos) << fast[0].message;
    rate.perSecond = -1;
    const std::vector<LimitProblem> negative = limitProblems(producer(rate));
    ASSERT_EQ(negative.size(), 1U);
    EXPECT_FALSE(negative[0].unsafe);

    RateModel daily;
    daily.kind = RateKind::Daily;
    daily.perSecond = 10;
    daily.hourly.assign(23, 1.0);
    EXPECT_EQ(fields(producer(daily)), std::vector<std::string>{"emits[0].rate.hourly"});
    daily.hourly.assign(24, 1.0);
    EXPECT_TRUE(fields(producer(daily)).empty());
    daily.perSecond = 60'000;
    daily.hourly[5] = 2; // a peak of 120,000 per second
    EXPECT_EQ(fields(producer(daily)), std::vector<std::string>{"emits[0].rate.perSecond"});

    RateModel burst;
    burst.kind = RateKind::Burst;
    burst.burstSize = static_cast<int>(kMaxEventsPerPut);
    burst.burstEverySeconds = 1;
    EXPECT_TRUE(fields(producer(burst)).empty());
    burst.burstEverySeconds = 0.5;
    EXPECT_EQ(fields(producer(burst)), std::vector<std::string>{"emits[0].rate.burstEverySeconds"});
    burst.burstSize = -2;
    EXPECT_EQ(fields(producer(burst)), std::vector<std::string>{"emits[0].rate.burstSize"});

    RateModel script;
    script.kind = RateKind::Scripted;
    script.script = {{0, 5}, {1, -1}, {-3, 1}};
    EXPECT_EQ(fields(producer(script)),
              (std::vector<std::string>{"emits[0].rate.script[1].count",
                                        "emits[0].rate.script[2].atSeconds"}));
    script.script.assign(101, ScriptedPut{1, static_cast<int>(kMaxEventsPerPut)});
    EXPECT_EQ(fields(producer(script)), std::vector<std::string>{"emits[0].rate.script"});
}

TEST(Limits, VariationPathsAreBoundedInSegmentsAndBytes) {
    std::string path = "detail";
    for (std::size_t i = 1; i < kMaxVariationPathSegments; ++i) {
        path += ".a";
    }
    EXPECT_TRUE(variationPathProblem(path).empty());
    EXPECT_FALSE(variationPathProblem(path + ".b").empty());
    EXPECT_FALSE(variationPathProblem(std::string(kMaxVariationPathLength + 1, 'a')).empty());

    RateModel rate;
    FieldVariation variation;
    variation.kind = VariationKind::Uuid;
    variation.path = path + ".b";
    const std::vector<LimitProblem> problems = limitProblems(producer(rate, {variation}));
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_EQ(problems[0].field, "emits[0].variations[0].path");
    EXPECT_TRUE(problems[0].unsafe);
}

TEST(Limits, ArchivesHaveUniqueNamesAndRetentionsAreNotNegative) {
    Bus bus;
    bus.id = ElementId{"orders"};
    bus.archives = {Archive{"all", "", "", 0}, Archive{"all", "", "", 3},
                    Archive{"old", "", "", -1}};
    EXPECT_EQ(fields(bus),
              (std::vector<std::string>{"archives[1].name", "archives[2].retentionDays"}));
    Queue queue;
    queue.id = ElementId{"q"};
    queue.messageRetentionSeconds = -5;
    EXPECT_EQ(fields(queue), std::vector<std::string>{"messageRetentionSeconds"});
}

TEST(Limits, LintReportsEachProblemAsAnErrorNamingElementAndField) {
    Project project;
    Behavior b = fixed(-5);
    b.failures = {{FailureKind::ServerError, 1.5}};
    ASSERT_TRUE(project.appendUnchecked(function(b)).ok());
    std::vector<Finding> errors;
    for (Finding &f : lintProject(project)) {
        if (f.severity == Severity::Error) {
            errors.push_back(std::move(f));
        }
    }
    ASSERT_EQ(errors.size(), 2U);
    EXPECT_EQ(errors[0].element.value, "billing");
    EXPECT_EQ(errors[0].code, "latency-out-of-range");
    EXPECT_NE(errors[0].message.find("behavior.latency.valueMs is -5"), std::string::npos)
        << errors[0].message;
    EXPECT_EQ(errors[1].code, "probability-out-of-range");
    EXPECT_NE(errors[1].message.find("behavior.failures[0].rate is 1.5"), std::string::npos)
        << errors[1].message;
}

TEST(Limits, TheReaderRefusesAVariationPathTooLongToRead) {
    std::string path = "detail";
    for (int i = 0; i < 50'000; ++i) {
        path += ".a";
    }
    const std::string text = R"({"formatVersion": 1, "name": "x", "elements": [
        {"kind": "producer", "id": "shop", "name": "shop", "emits": [{"eventType": "placed",
         "variations": [{"path": ")" +
                             path + R"(", "kind": "uuid"}]}]}]})";
    const Result<Project> read = readProjectJson(text);
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().field, "/elements/0/emits/0/variations/0/path");
    EXPECT_NE(read.error().message.find("segments"), std::string::npos) << read.error().message;
}

} // namespace
} // namespace sg::model
