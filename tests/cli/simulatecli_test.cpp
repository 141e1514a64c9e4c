// simulate as other tools see it: the report, the trace, scenarios and their exit codes.

#include "clirun.h"

#include <map>
#include <set>
#include <string>

namespace {

using namespace sg::test;

const std::string kExamples = SG_EXAMPLES_DIR;
const std::vector<std::string> kExampleNames{"e-commerce", "login-alert", "cascading-failure"};

std::string quoted(const std::string &path) {
    return "'" + path + "'";
}

std::string example(const std::string &name) {
    return quoted(kExamples + "/" + name + ".stormglass.json");
}

std::string scenario(const std::string &name) {
    return quoted(kExamples + "/" + name + ".scenario.json");
}

// A model with one rule whose only target always fails with a server error and has a DLQ;
// the scenario puts `count` events at 1s.
// Every Invoke call of `billing` fails (Lambda cannot be reached), so EventBridge's retry policy
// and dead-letter queue apply; a function's own errors would be Lambda's to retry.
std::string failingModel() {
    return R"({
  "formatVersion": 1,
  "name": "Always failing",
  "description": "",
  "elements": [
    {"kind": "bus", "id": "orders", "name": "orders"},
    {"kind": "queue", "id": "billing-dlq", "name": "billing-dlq", "readBy": "dlq-reader"},
    {"kind": "function", "id": "dlq-reader", "name": "dlq-reader"},
    {"kind": "function", "id": "billing", "name": "billing",
     "behavior": {"latency": {"kind": "fixed", "valueMs": 10},
                  "failures": [{"kind": "connectionFailure", "rate": 1}]}},
    {"kind": "rule", "id": "bill", "name": "bill", "bus": "orders",
     "pattern": "{\"source\":[\"shop\"]}",
     "targets": [{"id": "billing", "destination": "billing", "deadLetterQueue": "billing-dlq",
                  "retryPolicy": {"maximumRetryAttempts": 3, "maximumEventAgeSeconds": 3600}}]}
  ]
}
)";
}

std::string failingScenario(int count, const std::string &assertion) {
    return R"({
  "name": "Billing is down",
  "model": "failing.stormglass.json",
  "duration": "10m",
  "seed": 7,
  "puts": [{"at": "1s", "bus": "orders", "count": )" +
           std::to_string(count) + R"(,
            "event": {"source": "shop", "detail-type": "OrderPlaced", "detail": {}}}],
  "assertions": [)" +
           assertion + R"(]
}
)";
}

nlohmann::json report(const CliRun &run) {
    return nlohmann::json::parse(run.out);
}

TEST(CliSimulate, EveryBundledExampleScenarioPasses) {
    for (const std::string &name : kExampleNames) {
        const CliRun r = cli("simulate --scenario " + scenario(name));
        ASSERT_EQ(r.exitCode, 0) << name << ": " << r.err << r.out;
        const nlohmann::json rep = report(r);
        EXPECT_GT(rep.at("events_put").get<std::uint64_t>(), 0U) << name;
        EXPECT_GT(rep.at("deliveries").get<std::uint64_t>(), 0U) << name;
        EXPECT_GT(rep.at("simulated_seconds").get<double>(), 0.0) << name;
        ASSERT_FALSE(rep.at("assertions").empty()) << name;
        for (const auto &a : rep.at("assertions")) {
            EXPECT_TRUE(a.at("passed").get<bool>()) << name << ": " << a.dump();
        }
        EXPECT_TRUE(rep.at("findings").is_array()) << name;
    }
}

TEST(CliSimulate, TheCascadingOutagePropagatesTwoHopsAndRecoversAfterTheFaultWindow) {
    // payment-provider is down from minute 10 to 25; billing-charge calls it synchronously (hop
    // 1), and fulfil-order starts on the PaymentCaptured that billing puts (hop 2).
    const CliRun r = cli("simulate --scenario " + scenario("cascading-failure"));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const nlohmann::json ts = report(r).at("time_series");
    ASSERT_EQ(ts.at("bucket_seconds").get<double>(), 60.0);
    ASSERT_EQ(ts.at("buckets"), 60);
    const auto series = [&](const std::string &element, const std::string &counter) {
        return ts.at("series").at(element).at(counter).get<std::vector<std::uint64_t>>();
    };
    const auto providerFailed = series("payment-provider", "failed");
    const auto billingSucceeded = series("billing-charge", "succeeded");
    const auto billingFailed = series("billing-charge", "failed");
    const auto fulfilled = series("fulfil-order", "succeeded");
    for (std::size_t minute = 0; minute < 10; ++minute) {
        EXPECT_GT(billingSucceeded[minute], 1000U) << "minute " << minute;
        EXPECT_GT(fulfilled[minute], 1000U) << "minute " << minute;
    }
    for (std::size_t minute = 11; minute < 25; ++minute) {
        EXPECT_GT(providerFailed[minute], 1000U) << "minute " << minute;
        EXPECT_GT(billingFailed[minute], 1000U) << "minute " << minute;
        EXPECT_EQ(billingSucceeded[minute], 0U) << "minute " << minute;
        EXPECT_EQ(fulfilled[minute], 0U) << "minute " << minute;
    }
    // Lambda's retries of the outage's last minutes arrive once the provider is back (what
    // failed three times went to billing's on-failure destination), then both hops return to
    // normal.
    EXPECT_GT(billingSucceeded[25], 2 * billingSucceeded[5]);
    for (std::size_t minute = 45; minute < 60; ++minute) {
        EXPECT_GT(billingSucceeded[minute], 1000U) << "minute " << minute;
        EXPECT_LT(billingFailed[minute], 50U) << "minute " << minute;
        EXPECT_GT(fulfilled[minute], 1000U) << "minute " << minute;
    }
}

TEST(CliSimulate, TheSameSeedGivesTheSameReportAndTraceByteForByte) {
    const std::string traceA = (scratch() / "a.jsonl").string();
    const std::string traceB = (scratch() / "b.jsonl").string();
    const std::string traceC = (scratch() / "c.jsonl").string();
    const CliRun a = cli("simulate " + example("login-alert") +
                         " --duration 10m --seed 5 --trace " + quoted(traceA));
    const CliRun b = cli("simulate " + example("login-alert") +
                         " --duration 10m --seed 5 --trace " + quoted(traceB));
    const CliRun c = cli("simulate " + example("login-alert") +
                         " --duration 10m --seed 6 --trace " + quoted(traceC));
    ASSERT_EQ(a.exitCode, 0) << a.err;
    ASSERT_EQ(b.exitCode, 0) << b.err;
    ASSERT_EQ(c.exitCode, 0) << c.err;
    EXPECT_EQ(a.out, b.out);
    const std::string traceTextA = slurp(traceA);
    EXPECT_FALSE(traceTextA.empty());
    EXPECT_EQ(traceTextA, slurp(traceB));
    EXPECT_NE(traceTextA, slurp(traceC));
    EXPECT_EQ(report(a).at("seed"), 5);
    EXPECT_EQ(report(c).at("seed"), 6);
    // Every trace line is a JSON object.
    for (const auto &line : jsonLines(traceTextA)) {
        EXPECT_TRUE(line.is_object());
    }
}

// EventBridge User Guide, "Amazon EventBridge event bus log schema": the record's fields and
// its message_type values.
TEST(CliSimulate, TheEventBridgeLogsTraceFormatWritesBusLogRecordsDeterministically) {
    const std::string plain = (scratch() / "plain.jsonl").string();
    const std::string named = (scratch() / "named.jsonl").string();
    const std::string logsA = (scratch() / "logs-a.jsonl").string();
    const std::string logsB = (scratch() / "logs-b.jsonl").string();
    const std::string run = "simulate " + example("e-commerce") + " --duration 2m --seed 3 ";
    ASSERT_EQ(cli(run + "--trace " + quoted(plain)).exitCode, 0);
    ASSERT_EQ(cli(run + "--trace " + quoted(named) + " --trace-format stormglass").exitCode, 0);
    const CliRun a = cli(run + "--trace " + quoted(logsA) + " --trace-format eventbridge-logs");
    ASSERT_EQ(a.exitCode, 0) << a.err;
    ASSERT_EQ(cli(run + "--trace " + quoted(logsB) + " --trace-format eventbridge-logs").exitCode,
              0);
    // The default format is the same file whether it is named or not.
    EXPECT_EQ(slurp(plain), slurp(named));
    const std::string logs = slurp(logsA);
    EXPECT_EQ(logs, slurp(logsB));

    const std::set<std::string> known{"EVENT_INGEST_FAILURE",
                                      "EVENT_RECEIPT",
                                      "INVOCATION_ATTEMPT_PERMANENT_FAILURE",
                                      "INVOCATION_ATTEMPT_RETRYABLE_FAILURE",
                                      "INVOCATION_ATTEMPT_START",
                                      "INVOCATION_ATTEMPT_SUCCESS",
                                      "INVOCATION_ATTEMPT_THROTTLE",
                                      "INVOCATION_DLQ",
                                      "INVOCATION_FAILURE",
                                      "INVOCATION_START",
                                      "INVOCATION_SUCCESS",
                                      "INVOCATION_THROTTLE_START",
                                      "NO_STANDARD_RULES_MATCHED",
                                      "RULE_MATCH"};
    std::map<std::string, int> seen;
    std::uint64_t receipts = 0;
    for (const nlohmann::json &record : jsonLines(logs)) {
        ASSERT_TRUE(record.is_object());
        const std::string type = record.at("message_type");
        EXPECT_TRUE(known.contains(type)) << type;
        ++seen[type];
        for (const char *key : {"resource_arn", "request_id", "event_id", "message_timestamp_ms",
                                "log_level", "details"}) {
            EXPECT_TRUE(record.contains(key)) << key << " in " << record.dump();
        }
        EXPECT_TRUE(record.at("resource_arn")
                        .get<std::string>()
                        .starts_with("arn:aws:events:us-east-1:123456789012:event-bus/"));
        if (type == "EVENT_RECEIPT") {
            ++receipts;
        }
    }
    EXPECT_GT(seen["RULE_MATCH"], 0);
    EXPECT_GT(seen["INVOCATION_ATTEMPT_START"], 0);
    EXPECT_GT(seen["INVOCATION_SUCCESS"], 0);
    // Every invocation that ended started, and ended once.
    EXPECT_LE(seen["INVOCATION_SUCCESS"] + seen["INVOCATION_DLQ"] + seen["INVOCATION_FAILURE"],
              seen["INVOCATION_START"]);
    // One receipt per event put on a bus, as the report counts them.
    std::uint64_t put = 0;
    const nlohmann::json reportA = report(a);
    for (const auto &[name, counters] : reportA.at("elements").items()) {
        if (name.ends_with("-bus")) {
            put += counters.at("put").get<std::uint64_t>();
        }
    }
    EXPECT_EQ(receipts, put);
}

TEST(CliSimulate, ABadTraceFormatExitsTwo) {
    const std::string trace = (scratch() / "bad-format.jsonl").string();
    CliRun r = cli("simulate " + example("login-alert") + " --duration 1m --trace " +
                   quoted(trace) + " --trace-format cloudtrail");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--trace-format: expected stormglass or eventbridge-logs, got "
                         "'cloudtrail'"),
              std::string::npos)
        << r.err;
    r = cli("simulate " + example("login-alert") + " --duration 1m --trace-format stormglass");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("give --trace too"), std::string::npos) << r.err;
}

// PutEvents refuses a call of more than 10 entries whole (API reference, PutEvents: Entries,
// at most 10 items); so does a scenario's PutEvents call, before anything runs.
TEST(CliSimulate, AScenarioPutEventsCallOfElevenEntriesIsRefused) {
    write("failing.stormglass.json", failingModel());
    auto entries = [](int n) {
        std::string out;
        for (int i = 0; i < n; ++i) {
            out += std::string(i == 0 ? "" : ", ") + R"({"source": "shop", "detail-type": "d"})";
        }
        return out;
    };
    const std::string path = write("eleven.scenario.json", R"({
  "model": "failing.stormglass.json",
  "puts": [{"at": "1s", "bus": "orders",
            "entries": [)" + entries(11) + R"(]}]
}
)");
    CliRun r = cli("simulate --scenario " + quoted(path));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("eleven.scenario.json:4:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("puts[0].entries: has 11 entries; PutEvents refuses the call: 1 "
                         "validation error detected: Value at 'entries' failed to satisfy "
                         "constraint: Member must have length less than or equal to 10"),
              std::string::npos)
        << r.err;

    // Ten entries are one call: ten events put.
    const std::string ten = write("ten.scenario.json", R"({
  "model": "failing.stormglass.json",
  "duration": "1m",
  "puts": [{"at": "1s", "bus": "orders",
            "entries": [)" + entries(10) + R"(]}]
}
)");
    r = cli("simulate --scenario " + quoted(ten));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(report(r).at("events_put"), 10);
}

// The account's invocation quota is a model setting: a file that sets it throttles every target
// (EventBridge quotas: invocations past the limit are delayed, not dropped).
TEST(CliSimulate, TheModelsAccountInvocationQuotaIsHonoured) {
    nlohmann::ordered_json model =
        nlohmann::ordered_json::parse(slurp(kExamples + "/e-commerce.stormglass.json"));
    auto throttled = [](const CliRun &run) {
        std::uint64_t n = 0;
        const nlohmann::json r = report(run);
        for (const auto &[name, counters] : r.at("targets").items()) {
            n += counters.at("throttled").get<std::uint64_t>();
        }
        return n;
    };
    const CliRun before = cli("simulate " + example("e-commerce") + " --duration 2m");
    ASSERT_EQ(before.exitCode, 0) << before.err;
    model["accountInvocationQuotaPerSecond"] = 1;
    const std::string path = write("quota.stormglass.json", model.dump(2));
    const CliRun after = cli("simulate " + quoted(path) + " --duration 2m");
    ASSERT_EQ(after.exitCode, 0) << after.err;
    EXPECT_GT(throttled(after), throttled(before));

    model["accountInvocationQuotaPerSecond"] = -1;
    const std::string bad = write("bad-quota.stormglass.json", model.dump(2));
    CliRun r = cli("validate " + quoted(bad));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.out.find("account-quota-out-of-range"), std::string::npos) << r.out;
    r = cli("simulate " + quoted(bad) + " --duration 1m");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("accountInvocationQuotaPerSecond is -1"), std::string::npos) << r.err;
}

// A long run keeps at most 1,440 time-series buckets (one a minute up to a day, then wider),
// so its memory stays flat however long it runs.
TEST(CliSimulate, ALongRunsTimeSeriesKeepsAtMostADaysWorthOfBuckets) {
    const std::string model = write("quiet.stormglass.json", failingModel());
    const std::pair<const char *, double> runs[] = {
        {"90m", 60.0}, {"24h", 60.0}, {"48h", 120.0}, {"168h", 420.0}};
    for (const auto &[duration, seconds] : runs) {
        const CliRun r = cli("simulate " + quoted(model) + " --duration " + duration);
        ASSERT_EQ(r.exitCode, 0) << r.err;
        const nlohmann::json ts = report(r).at("time_series");
        EXPECT_EQ(ts.at("bucket_seconds").get<double>(), seconds) << duration;
        EXPECT_LE(ts.at("buckets").get<std::size_t>(), 1440U) << duration;
    }
}

TEST(CliSimulate, DurationAndReportFileAreHonoured) {
    const std::string out = (scratch() / "report.json").string();
    const CliRun r =
        cli("simulate " + example("e-commerce") + " --duration 90s --report " + quoted(out));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(r.out.empty());
    const nlohmann::json rep = nlohmann::json::parse(slurp(out));
    EXPECT_EQ(rep.at("simulated_seconds").get<double>(), 90.0);
    EXPECT_EQ(rep.at("seed"), 1); // the default seed
}

TEST(CliSimulate, AFailedAssertionExitsOneAndSaysWhatTheRunGave) {
    write("failing.stormglass.json", failingModel());
    const std::string path = write(
        "failing.scenario.json",
        failingScenario(5, R"({"element": "billing-dlq", "counter": "received", "equals": 0})"));
    const CliRun r = cli("simulate --scenario " + quoted(path));
    ASSERT_EQ(r.exitCode, 1) << r.err << r.out;
    const nlohmann::json rep = report(r);
    ASSERT_EQ(rep.at("assertions").size(), 1U);
    EXPECT_FALSE(rep.at("assertions")[0].at("passed").get<bool>());
    EXPECT_EQ(rep.at("assertions")[0].at("actual"), "5");
    // MaximumRetryAttempts 3: each of the 5 events is attempted 4 times, then dead-lettered.
    EXPECT_EQ(rep.at("events_put"), 5);
}

TEST(CliSimulate, APassingScenarioOnAFailingTargetExitsZero) {
    write("failing.stormglass.json", failingModel());
    const std::string path =
        write("ok.scenario.json",
              failingScenario(3, R"({"element": "billing-dlq", "counter": "received", "equals": 3},
                              {"element": "bill/billing", "counter": "invoked", "equals": 12})"));
    const CliRun r = cli("simulate --scenario " + quoted(path));
    EXPECT_EQ(r.exitCode, 0) << r.err << r.out;
}

TEST(CliSimulate, RunsReportTheSpreadOverSeedsDeterministically) {
    const std::string args =
        "simulate " + example("login-alert") + " --duration 5m --seed 10 --runs 4";
    const CliRun a = cli(args);
    const CliRun b = cli(args);
    ASSERT_EQ(a.exitCode, 0) << a.err;
    EXPECT_EQ(a.out, b.out);
    const nlohmann::json rep = report(a);
    EXPECT_EQ(rep.at("runs"), 4);
    EXPECT_EQ(rep.at("seeds").at("first"), 10);
    EXPECT_EQ(rep.at("seeds").at("last"), 13);
    const auto &put = rep.at("distribution").at("events_put");
    EXPECT_LE(put.at("min").get<double>(), put.at("median").get<double>());
    EXPECT_LE(put.at("median").get<double>(), put.at("max").get<double>());
    EXPECT_GT(put.at("min").get<double>(), 0.0);
}

TEST(CliSimulate, BadInputExitsTwoAndSaysWhatAndWhere) {
    const std::string broken = write("broken.scenario.json", "{\n  \"duration\": \"10x\"\n}\n");
    struct Case {
        std::string args;
        std::string message;
    };
    const std::vector<Case> cases{
        {"simulate", "expected a MODEL"},
        {"simulate " + quoted((scratch() / "missing.stormglass").string()), "missing.stormglass"},
        {"simulate " + example("e-commerce") + " --duration 10x", "--duration"},
        {"simulate " + example("e-commerce") + " --duration 0s", "--duration"},
        {"simulate " + example("e-commerce") + " --seed -3", "--seed"},
        {"simulate " + example("e-commerce") + " --runs 0", "--runs"},
        {"simulate " + example("e-commerce") + " --runs 2 --trace t.jsonl", "--trace"},
        {"simulate " + example("e-commerce") + " --scenario " + quoted(broken),
         "broken.scenario.json:2:"},
        {"simulate " + example("e-commerce") + " --bogus", "--bogus"},
    };
    for (const Case &c : cases) {
        const CliRun r = cli(c.args);
        EXPECT_EQ(r.exitCode, 2) << c.args;
        EXPECT_NE(r.err.find(c.message), std::string::npos) << c.args << "\n" << r.err;
        EXPECT_TRUE(r.out.empty()) << c.args;
    }
}

} // namespace
