// Scenario files: every key of the format read exactly, each kind of bad input reported with
// file, line, column and JSON path, assertions evaluated against a fake run, and the bundled
// examples' scenarios naming only elements their models have.

#include "scenario.h"

#include "io/projectfile.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace sg::sim {
namespace {

using namespace sg::sim::literals;

const std::filesystem::path kScenarios = std::filesystem::path(SG_TEST_DATA_DIR) / "scenarios";
const std::filesystem::path kExamples =
    std::filesystem::path(SG_TEST_DATA_DIR) / ".." / ".." / "resources" / "examples";

std::string readFile(const std::filesystem::path &path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

Result<Scenario> parseFixture(const std::string &name) {
    return parseScenario(readFile(kScenarios / name), name);
}

Result<Scenario> parse(std::string_view text) {
    return parseScenario(text, "inline.scenario.json");
}

// ---------------------------------------------------------------- the format

TEST(ParseScenario, ReadsEveryKeyOfTheFormat) {
    const Result<Scenario> scenario = parseFixture("valid.scenario.json");
    ASSERT_TRUE(scenario.ok()) << scenario.error().message;
    EXPECT_EQ(scenario->name, "Everything once");
    EXPECT_EQ(scenario->description, "Uses every key of the format.");
    EXPECT_EQ(scenario->model, "models/shop.stormglass.json");
    EXPECT_EQ(scenario->duration, 90_min);
    EXPECT_EQ(scenario->seed, std::optional<std::uint64_t>(18446744073709551615U));
    EXPECT_EQ(scenario->duplicateRate, 0.25);

    ASSERT_EQ(scenario->faults.size(), 3U);
    FaultWindow down;
    down.element = {"payment-provider"};
    down.from = 10_min;
    down.to = 25_min;
    down.mode = FaultMode::Down;
    down.failure = model::FailureKind::ConnectionFailure;
    EXPECT_EQ(scenario->faults[0], down);
    FaultWindow slow;
    slow.element = {"warehouse-api"};
    slow.from = 30_s;
    slow.to = 1_h;
    slow.mode = FaultMode::Slow;
    slow.extraLatency = 250_ms;
    EXPECT_EQ(scenario->faults[1], slow);
    FaultWindow failing;
    failing.element = {"billing-charge"};
    failing.from = SimTime::zero();
    failing.to = 5_min;
    failing.mode = FaultMode::Failing;
    failing.rate = 0.2;
    failing.failure = model::FailureKind::Throttled;
    EXPECT_EQ(scenario->faults[2], failing);

    ASSERT_EQ(scenario->puts.size(), 2U);
    EXPECT_EQ(scenario->puts[0].at, 5_min);
    EXPECT_EQ(scenario->puts[0].bus.value, "commerce-bus");
    EXPECT_EQ(scenario->puts[0].count, 100);
    EXPECT_EQ(scenario->puts[0].event, model::Json::parse(R"({"source": "com.example.checkout",
                                     "detail-type": "OrderPlaced", "detail": {"orderId": "o-1"}})"));
    EXPECT_EQ(scenario->puts[1].at, 1500_ms);
    EXPECT_EQ(scenario->puts[1].count, 1);

    ASSERT_EQ(scenario->assertions.size(), 8U);
    const std::vector<std::string> texts{
        "billing-dlq received == 0",
        "charge-on-order-placed/billing sent_to_dlq <= 3",
        "fulfil-order succeeded > 10",
        "fulfil-order failed < 5",
        "fulfil-order retried >= 1",
        "billing-charge p99 < 2s",
        "charge-on-order-placed/billing p99.9 <= 1500ms",
        "nothing dropped",
    };
    for (std::size_t i = 0; i < texts.size(); ++i) {
        EXPECT_EQ(scenario->assertions[i].text, texts[i]);
    }
    const Assertion &counter = scenario->assertions[0];
    EXPECT_EQ(counter.kind, Assertion::Kind::Counter);
    EXPECT_EQ(counter.element, "billing-dlq");
    EXPECT_EQ(counter.counter, "received");
    EXPECT_EQ(counter.comparison, Comparison::Equal);
    EXPECT_EQ(counter.value, 0U);
    EXPECT_EQ(scenario->assertions[1].comparison, Comparison::LessEqual);
    EXPECT_EQ(scenario->assertions[2].comparison, Comparison::Greater);
    EXPECT_EQ(scenario->assertions[3].comparison, Comparison::Less);
    EXPECT_EQ(scenario->assertions[4].comparison, Comparison::GreaterEqual);
    const Assertion &latency = scenario->assertions[6];
    EXPECT_EQ(latency.kind, Assertion::Kind::Latency);
    EXPECT_EQ(latency.element, "charge-on-order-placed/billing");
    EXPECT_EQ(latency.percentile, 99.9);
    EXPECT_EQ(latency.comparison, Comparison::LessEqual);
    EXPECT_EQ(latency.latency, 1500_ms);
    EXPECT_EQ(scenario->assertions[7].kind, Assertion::Kind::NothingDropped);
}

TEST(ParseScenario, AnEmptyObjectGivesTheDefaults) {
    const Result<Scenario> scenario = parse("{}");
    ASSERT_TRUE(scenario.ok()) << scenario.error().message;
    EXPECT_EQ(scenario->duration, 1_h);
    EXPECT_FALSE(scenario->seed.has_value());
    EXPECT_EQ(scenario->duplicateRate, 0.0);
    EXPECT_TRUE(scenario->model.empty());
    EXPECT_TRUE(scenario->faults.empty());
    EXPECT_TRUE(scenario->puts.empty());
    EXPECT_TRUE(scenario->assertions.empty());
}

// ---------------------------------------------------------------- errors in files

struct BadFile {
    const char *file;
    int line;
    int column;
    const char *field;
    const char *problem;
};

class ParseScenarioBadFile : public testing::TestWithParam<BadFile> {};

TEST_P(ParseScenarioBadFile, IsRefusedNamingFileLineColumnAndPath) {
    const BadFile &bad = GetParam();
    const Result<Scenario> scenario = parseFixture(bad.file);
    ASSERT_FALSE(scenario.ok());
    const Error &error = scenario.error();
    EXPECT_EQ(error.line, bad.line);
    EXPECT_EQ(error.column, bad.column);
    EXPECT_EQ(error.field, bad.field);
    std::string expected = std::string(bad.file) + ":" + std::to_string(bad.line) + ":" +
                           std::to_string(bad.column) + ": ";
    if (*bad.field != '\0') {
        expected.append(bad.field).append(": ");
    }
    expected.append(bad.problem);
    EXPECT_EQ(error.message, expected);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, ParseScenarioBadFile,
    testing::Values(
        BadFile{"syntax-error.scenario.json", 5, 21, "",
                "Unexpected character ('\"' (code 34)): was expecting comma to separate Object "
                "entries"},
        BadFile{"truncated.scenario.json", 4, 36, "",
                "the file ends too early (truncated?): Unexpected end-of-input within/between "
                "Object entries"},
        BadFile{"not-an-object.scenario.json", 1, 1, "",
                "expected a scenario object, found an array"},
        BadFile{"wrong-type.scenario.json", 3, 11, "seed",
                "expected a whole number >= 0, found a string"},
        BadFile{"duplicate-key.scenario.json", 4, 3, "seed", "the key \"seed\" appears twice"},
        BadFile{"unknown-key.scenario.json", 5, 6, "faults[0].extraLatencyy",
                "unknown key \"extraLatencyy\" (known keys: element, from, to, mode, failure, "
                "rate, extraLatency)"},
        BadFile{"bad-duration.scenario.json", 4, 45, "faults[0].from",
                "duration '10 minutes' must not contain spaces"},
        BadFile{"from-after-to.scenario.json", 5, 58, "faults[1].to",
                "the window ends (10m) before it starts (25m): \"to\" must be later than "
                "\"from\""},
        BadFile{"rate-out-of-range.scenario.json", 4, 88, "faults[0].rate",
                "must be from 0 to 1, found 1.5"},
        BadFile{"duplicate-rate-negative.scenario.json", 2, 20, "duplicateRate",
                "must be from 0 to 1, found -0.1"},
        BadFile{"unknown-counter.scenario.json", 5, 43, "assertions[1].counter",
                "unknown counter \"recieved\" (one of put, matched, invoked, succeeded, failed, "
                "retried, throttled, sent_to_dlq, dropped, received)"},
        BadFile{"unknown-mode.scenario.json", 4, 71, "faults[0].mode",
                "unknown mode \"offline\" (one of down, slow, failing)"},
        BadFile{"two-comparisons.scenario.json", 3, 67, "assertions[0].above",
                "an assertion has one comparison (below, atMost, equals, atLeast or above), this "
                "one has two"}),
    [](const testing::TestParamInfo<BadFile> &row) {
        std::string name;
        for (const char *c = row.param.file; *c != '.'; ++c) {
            name.push_back(*c == '-' ? '_' : *c);
        }
        return name;
    });

// ---------------------------------------------------------------- errors inline

// The field an inline text is refused at, and a part of the message.
void expectRefused(std::string_view text, const std::string &field, const std::string &part) {
    const Result<Scenario> scenario = parse(text);
    ASSERT_FALSE(scenario.ok()) << text;
    EXPECT_EQ(scenario.error().field, field) << scenario.error().message;
    EXPECT_NE(scenario.error().message.find(part), std::string::npos) << scenario.error().message;
    EXPECT_TRUE(scenario.error().message.starts_with("inline.scenario.json:"));
    EXPECT_GT(scenario.error().line, 0);
}

TEST(ParseScenario, RefusesWrongTypesAtTheirPath) {
    expectRefused(R"({"name": 3})", "name", "expected a string, found a number");
    expectRefused(R"({"duration": 60})", "duration", "expected a duration such as");
    expectRefused(R"({"faults": {}})", "faults", "expected an array, found an object");
    expectRefused(R"({"puts": [3]})", "puts[0]", "expected an object, found a number");
    expectRefused(R"({"seed": -1})", "seed", "expected a whole number >= 0");
    expectRefused(R"({"seed": 1.5})", "seed", "expected a whole number >= 0");
    expectRefused(R"({"duplicateRate": "0.1"})", "duplicateRate", "expected a number from 0 to 1");
}

TEST(ParseScenario, RefusesBadTopLevelValues) {
    expectRefused(R"({"duration": "0s"})", "duration", "longer than 0s");
    expectRefused(R"({"duration": "1 h"})", "duration", "must not contain spaces");
    expectRefused(R"({"durations": "1h"})", "durations", "unknown key \"durations\"");
    expectRefused("", "", "the file is empty");
    expectRefused("{} {}", "", "unexpected content after the scenario object");
}

TEST(ParseScenario, RefusesFaultsThatDoNotFitTheirMode) {
    const std::string start = R"({"faults": [{"element": "svc", "from": "1m", "to": "2m", )";
    expectRefused(start + R"("mode": "down", "rate": 0.5}]})", "faults[0].rate",
                  "\"rate\" does not apply to mode \"down\"");
    expectRefused(start + R"("mode": "down", "extraLatency": "1s"}]})", "faults[0].extraLatency",
                  "does not apply to mode \"down\"");
    expectRefused(start + R"("mode": "slow", "failure": "timeout", "extraLatency": "1s"}]})",
                  "faults[0].failure", "does not apply to mode \"slow\"");
    expectRefused(start + R"("mode": "slow"}]})", "faults[0]", "\"extraLatency\" is missing");
    expectRefused(start + R"("mode": "failing"}]})", "faults[0]", "\"rate\" is missing");
    expectRefused(start + R"("mode": "down", "failure": "meltdown"}]})", "faults[0].failure",
                  "unknown failure \"meltdown\"");
    expectRefused(R"({"faults": [{"element": "svc", "from": "1m", "mode": "down"}]})", "faults[0]",
                  "the key \"to\" is missing");
    expectRefused(R"({"faults": [{"element": "svc", "from": "2m", "to": "2m", "mode": "down"}]})",
                  "faults[0].to", "must be later than");
    expectRefused(
        R"({"faults": [{"element": "bad id!", "from": "1m", "to": "2m", "mode": "down"}]})",
        "faults[0].element", "is not an element id");
}

TEST(ParseScenario, RefusesBadPuts) {
    expectRefused(R"({"puts": [{"at": "1m", "bus": "b"}]})", "puts[0]", "\"event\" is missing");
    expectRefused(R"({"puts": [{"at": "1m", "bus": "b", "event": []}]})", "puts[0].event",
                  "expected an event object, found an array");
    expectRefused(R"({"puts": [{"at": "1m", "bus": "b", "event": {"source": "s"}}]})",
                  "puts[0].event", "\"detail-type\" is missing");
    expectRefused(
        R"({"puts": [{"at": "1m", "bus": "b", "event": {"source": "s", "detail-type": 1}}]})",
        "puts[0].event.detail-type", "expected a string");
    expectRefused(R"({"puts": [{"at": "1m", "bus": "b", "count": 0,
                   "event": {"source": "s", "detail-type": "d"}}]})",
                  "puts[0].count", "must be from 1 to 100000, found 0");
}

// PutEvents takes 1 to 10 entries and refuses a call of more, whole (EventBridge API
// reference, PutEvents: Entries, "Array Members: Minimum number of 1 item. Maximum number of 10
// items"); a scenario's PutEvents call is refused at its path with AWS's message.
TEST(ParseScenario, APutOfEntriesIsOnePutEventsCallOfOneToTenEvents) {
    const std::string entry = R"({"source": "s", "detail-type": "d"})";
    auto call = [&](int n) {
        std::string entries;
        for (int i = 0; i < n; ++i) {
            entries += (i == 0 ? "" : ",") + entry;
        }
        return R"({"puts": [{"at": "1m", "bus": "b", "entries": [)" + entries + "]}]}";
    };
    const Result<Scenario> ten = parse(call(10));
    ASSERT_TRUE(ten.ok()) << ten.error().message;
    ASSERT_EQ(ten->puts.size(), 1u);
    EXPECT_EQ(ten->puts[0].entries.size(), 10u);
    EXPECT_EQ(ten->puts[0].at, 1_min);

    expectRefused(call(11), "puts[0].entries",
                  "has 11 entries; PutEvents refuses the call: 1 validation error detected: "
                  "Value at 'entries' failed to satisfy constraint: Member must have length "
                  "less than or equal to 10");
    expectRefused(call(0), "puts[0].entries",
                  "Member must have length greater than or equal to 1");
    expectRefused(R"({"puts": [{"at": "1m", "bus": "b", "entries": [{"source": "s"}]}]})",
                  "puts[0].entries[0]", "\"detail-type\" is missing");
    expectRefused(R"({"puts": [{"at": "1m", "bus": "b", "entries": [], "event": {}}]})",
                  "puts[0].entries", "not both");
    expectRefused(
        R"({"puts": [{"at": "1m", "bus": "b", "count": 2, "entries": [{"source": "s",
           "detail-type": "d"}]}]})",
        "puts[0].count", "\"count\" applies only to \"event\"");
}

TEST(ParseScenario, RefusesBadAssertions) {
    expectRefused(R"({"assertions": [{"element": "q", "equals": 0}]})", "assertions[0]",
                  "an assertion needs \"counter\"");
    expectRefused(R"({"assertions": [{"element": "q", "counter": "received"}]})", "assertions[0]",
                  "the assertion has no comparison");
    expectRefused(R"({"assertions": [{"counter": "received", "equals": 0}]})", "assertions[0]",
                  "\"element\" is missing");
    expectRefused(R"({"assertions": [{"element": "q", "counter": "received", "equals": "0"}]})",
                  "assertions[0].equals", "expected a whole number >= 0");
    expectRefused(R"({"assertions": [{"target": "t", "percentile": 0, "below": "2s"}]})",
                  "assertions[0].percentile", "must be above 0 and at most 100, found 0");
    expectRefused(R"({"assertions": [{"target": "t", "percentile": 101, "below": "2s"}]})",
                  "assertions[0].percentile", "found 101");
    expectRefused(R"({"assertions": [{"target": "t", "percentile": 99, "below": 2}]})",
                  "assertions[0].below", "expected a duration");
    expectRefused(R"({"assertions": [{"target": "rule/", "percentile": 99, "below": "2s"}]})",
                  "assertions[0].target", "is not an element id or RULE_ID/TARGET_ID");
    expectRefused(R"({"assertions": [{"element": "q", "percentile": 99, "below": "2s"}]})",
                  "assertions[0].element", "unknown key \"element\"");
    expectRefused(R"({"assertions": [{"nothingDropped": false}]})", "assertions[0].nothingDropped",
                  "must be true");
}

// ---------------------------------------------------------------- evaluation

// A run's metrics, made up for the test.
class FakeMetrics final : public MetricsLookup {
public:
    std::map<std::string, ElementCounters, std::less<>> elements;
    std::map<std::string, SimTime, std::less<>> p99;
    std::uint64_t dropped = 0;

    std::optional<ElementCounters> counters(std::string_view name) const override {
        const auto it = elements.find(name);
        return it == elements.end() ? std::nullopt : std::optional(it->second);
    }
    std::optional<SimTime> latencyPercentile(std::string_view name,
                                             double percentile) const override {
        const auto it = p99.find(name);
        if (percentile != 99 || it == p99.end()) {
            return std::nullopt;
        }
        return it->second;
    }
    std::uint64_t totalDropped() const override { return dropped; }
};

std::vector<Assertion> assertionsOf(std::string_view text) {
    Result<Scenario> scenario = parse(text);
    EXPECT_TRUE(scenario.ok()) << scenario.error().message;
    return scenario.ok() ? scenario->assertions : std::vector<Assertion>{};
}

TEST(EvaluateAssertions, ComparesCountersWithEachComparison) {
    FakeMetrics metrics;
    metrics.elements["dlq"].received = 3;
    const auto results = evaluate(assertionsOf(R"({"assertions": [
        {"element": "dlq", "counter": "received", "equals": 0},
        {"element": "dlq", "counter": "received", "equals": 3},
        {"element": "dlq", "counter": "received", "below": 3},
        {"element": "dlq", "counter": "received", "atMost": 3},
        {"element": "dlq", "counter": "received", "atLeast": 4},
        {"element": "dlq", "counter": "received", "above": 2},
        {"element": "dlq", "counter": "dropped", "equals": 0}
    ]})"),
                                  metrics);
    ASSERT_EQ(results.size(), 7U);
    const std::vector<bool> passed{false, true, false, true, false, true, true};
    for (std::size_t i = 0; i < passed.size(); ++i) {
        EXPECT_EQ(results[i].passed, passed[i]) << results[i].text;
    }
    EXPECT_EQ(results[0].text, "dlq received == 0");
    EXPECT_EQ(results[0].actual, "3");
    EXPECT_EQ(results[6].actual, "0");
}

TEST(EvaluateAssertions, AnUnknownElementFailsAndSaysSo) {
    FakeMetrics metrics;
    const auto results = evaluate(assertionsOf(R"({"assertions": [
        {"element": "nowhere", "counter": "received", "equals": 0},
        {"target": "nowhere", "percentile": 99, "below": "2s"}
    ]})"),
                                  metrics);
    ASSERT_EQ(results.size(), 2U);
    EXPECT_FALSE(results[0].passed);
    EXPECT_EQ(results[0].actual, "unknown element");
    EXPECT_FALSE(results[1].passed);
    EXPECT_EQ(results[1].actual, "unknown element");
}

TEST(EvaluateAssertions, ComparesLatencyPercentiles) {
    FakeMetrics metrics;
    metrics.elements["billing"] = {};
    metrics.elements["idle"] = {};
    metrics.p99["billing"] = 1840_ms;
    const auto results = evaluate(assertionsOf(R"({"assertions": [
        {"target": "billing", "percentile": 99, "below": "2s"},
        {"target": "billing", "percentile": 99, "below": "1840ms"},
        {"target": "billing", "percentile": 99, "atMost": "1840ms"},
        {"target": "idle", "percentile": 99, "below": "2s"}
    ]})"),
                                  metrics);
    ASSERT_EQ(results.size(), 4U);
    EXPECT_TRUE(results[0].passed);
    EXPECT_EQ(results[0].text, "billing p99 < 2s");
    EXPECT_EQ(results[0].actual, "1.84s");
    EXPECT_FALSE(results[1].passed);
    EXPECT_TRUE(results[2].passed);
    EXPECT_FALSE(results[3].passed);
    EXPECT_EQ(results[3].actual, "no successful deliveries");
}

TEST(EvaluateAssertions, ReportsMeasuredLatenciesReadably) {
    const auto assertions =
        assertionsOf(R"({"assertions": [{"target": "t", "percentile": 99, "below": "2s"}]})");
    const std::vector<std::pair<SimTime, std::string>> cases{
        {750_us, "750us"},
        {1_ms, "1ms"},
        {251903_us, "251.903ms"},
        {2_s, "2s"},
        {1224736767_us, "1224.737s"},
        {SimTime::microseconds(1000499), "1s"},
    };
    for (const auto &[latency, text] : cases) {
        FakeMetrics metrics;
        metrics.elements["t"] = {};
        metrics.p99["t"] = latency;
        EXPECT_EQ(evaluate(assertions, metrics)[0].actual, text);
    }
}

TEST(EvaluateAssertions, NothingDroppedLooksAtTheRunsTotal) {
    const auto assertions = assertionsOf(R"({"assertions": [{"nothingDropped": true}]})");
    FakeMetrics clean;
    EXPECT_TRUE(evaluate(assertions, clean)[0].passed);
    FakeMetrics lossy;
    lossy.dropped = 2;
    const auto results = evaluate(assertions, lossy);
    EXPECT_FALSE(results[0].passed);
    EXPECT_EQ(results[0].actual, "2");
    EXPECT_EQ(results[0].text, "nothing dropped");
}

// ---------------------------------------------------------------- the bundled examples

// Whether `name` (an element id or RULE_ID/TARGET_ID) is in `project`.
bool namesAnElement(const model::Project &project, const std::string &name) {
    const std::size_t slash = name.find('/');
    if (slash == std::string::npos) {
        return project.contains(model::ElementId{name});
    }
    const model::Rule *rule = project.get<model::Rule>(model::ElementId{name.substr(0, slash)});
    if (rule == nullptr) {
        return false;
    }
    for (const model::Target &target : rule->targets) {
        if (target.id == name.substr(slash + 1)) {
            return true;
        }
    }
    return false;
}

class ExampleScenario : public testing::TestWithParam<const char *> {};

TEST_P(ExampleScenario, ParsesAndNamesOnlyElementsOfItsModel) {
    const std::string file = std::string(GetParam()) + ".scenario.json";
    const Result<Scenario> scenario = parseScenario(readFile(kExamples / file), file);
    ASSERT_TRUE(scenario.ok()) << scenario.error().message;
    EXPECT_EQ(scenario->model, std::string(GetParam()) + ".stormglass.json");
    const Result<model::Project> project =
        model::loadProject((kExamples / scenario->model).string());
    ASSERT_TRUE(project.ok()) << project.error().message;

    EXPECT_FALSE(scenario->name.empty());
    EXPECT_TRUE(scenario->seed.has_value());
    EXPECT_FALSE(scenario->assertions.empty());
    for (const FaultWindow &fault : scenario->faults) {
        // Faults act on what is invoked: consumers, API destinations, external systems.
        const model::Element *element = project->find(fault.element);
        ASSERT_NE(element, nullptr) << fault.element.value;
        const model::ElementKind kind = model::elementKind(*element);
        EXPECT_TRUE(kind == model::ElementKind::Function ||
                    kind == model::ElementKind::StateMachine ||
                    kind == model::ElementKind::ApiDestination ||
                    kind == model::ElementKind::ExternalSystem)
            << fault.element.value;
        EXPECT_LE(fault.to, scenario->duration);
    }
    for (const ExtraPut &put : scenario->puts) {
        EXPECT_NE(project->get<model::Bus>(put.bus), nullptr) << put.bus.value;
        EXPECT_LT(put.at, scenario->duration);
    }
    for (const Assertion &assertion : scenario->assertions) {
        if (assertion.kind != Assertion::Kind::NothingDropped) {
            EXPECT_TRUE(namesAnElement(*project, assertion.element)) << assertion.text;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Bundled, ExampleScenario,
                         testing::Values("e-commerce", "login-alert", "cascading-failure"),
                         [](const testing::TestParamInfo<const char *> &row) {
                             std::string name;
                             for (const char *c = row.param; *c != '\0'; ++c) {
                                 name.push_back(*c == '-' ? '_' : *c);
                             }
                             return name;
                         });

TEST(CascadingFailureScenario, TakesThePaymentProviderDownForFifteenMinutes) {
    const Result<Scenario> scenario = parseScenario(
        readFile(kExamples / "cascading-failure.scenario.json"), "cascading-failure.scenario.json");
    ASSERT_TRUE(scenario.ok()) << scenario.error().message;
    ASSERT_EQ(scenario->faults.size(), 1U);
    EXPECT_EQ(scenario->faults[0].element.value, "payment-provider");
    EXPECT_EQ(scenario->faults[0].mode, FaultMode::Down);
    EXPECT_EQ(scenario->faults[0].from, 10_min);
    EXPECT_EQ(scenario->faults[0].to, 25_min);
}

} // namespace
} // namespace sg::sim
