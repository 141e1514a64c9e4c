// BusLogWriter: a run's lineage as EventBridge's event bus log records. The field names and
// message_type values checked here are those of the EventBridge User Guide, "Amazon EventBridge
// event bus log schema".

#include "buslog.h"
#include "simulation.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace sg::sim {
namespace {

using namespace sg::sim::literals;
using model::ElementId;
using model::Json;

model::Behavior fixed(double ms, std::vector<model::FailureMode> failures = {}) {
    model::Behavior b;
    b.latency.kind = model::LatencyKind::Fixed;
    b.latency.valueMs = ms;
    b.failures = std::move(failures);
    return b;
}

// Bus `orders` with rule `rule` sending source "shop" to function `fn` (retries as given, DLQ
// `dlq`) and queue `q`.
model::Project shop(model::Behavior fn, model::RetryPolicy retry) {
    model::Project p;
    model::Bus bus;
    bus.id = ElementId{"bus"};
    bus.name = "orders";
    model::Consumer function;
    function.id = ElementId{"fn"};
    function.name = "fn";
    function.behavior = std::move(fn);
    model::Queue q;
    q.id = ElementId{"q"};
    q.name = "q";
    model::Queue dlq;
    dlq.id = ElementId{"dlq"};
    dlq.name = "dlq";
    model::Target toFn;
    toFn.id = "t";
    toFn.destination = ElementId{"fn"};
    toFn.retryPolicy = retry;
    toFn.deadLetterQueue = ElementId{"dlq"};
    model::Target toQueue;
    toQueue.id = "u";
    toQueue.destination = ElementId{"q"};
    model::Rule rule;
    rule.id = ElementId{"rule"};
    rule.name = "rule";
    rule.bus = ElementId{"bus"};
    rule.pattern = R"({"source":["shop"]})";
    rule.targets = {toFn, toQueue};
    for (model::Element e : std::vector<model::Element>{bus, function, q, dlq, rule}) {
        EXPECT_TRUE(p.appendUnchecked(std::move(e)).ok());
    }
    return p;
}

Json shopEvent(const std::string &source = "shop") {
    return Json{{"version", "0"},
                {"id", "11111111-2222-3333-4444-555555555555"},
                {"detail-type", "OrderPlaced"},
                {"source", source},
                {"account", "123456789012"},
                {"time", "2026-01-01T00:00:00Z"},
                {"region", "us-east-1"},
                {"resources", Json::array({"arn:aws:shop:order/1"})},
                {"detail", Json{{"amount", 42}}}};
}

// Runs `p` with one event put at 0 s and returns the log records.
std::vector<Json> logOf(const model::Project &p, const std::string &source = "shop",
                        std::uint64_t seed = 7) {
    SimulationOptions options;
    options.seed = seed;
    options.backoff.jitter = 0;
    options.runProducers = false;
    options.trace = true;
    Result<Simulation> created = Simulation::create(p, options);
    EXPECT_TRUE(created.ok());
    Simulation &sim = created.value();
    std::ostringstream out;
    BusLogWriter writer(out, sim.awsNames());
    sim.addObserver(&writer);
    EXPECT_TRUE(sim.put("bus", shopEvent(source), 0_s).ok());
    sim.run();
    writer.finish();
    std::vector<Json> records;
    std::istringstream lines(out.str());
    for (std::string line; std::getline(lines, line);) {
        records.push_back(Json::parse(line));
    }
    EXPECT_EQ(writer.recordsWritten(), records.size());
    return records;
}

std::vector<std::string> typesOf(const std::vector<Json> &records) {
    std::vector<std::string> out;
    for (const Json &r : records) {
        out.push_back(r.at("message_type").get<std::string>());
    }
    return out;
}

TEST(BusLog, ASuccessfulDeliveryIsReceivedMatchedStartedAttemptedAndSucceeded) {
    const std::vector<Json> log = logOf(shop(fixed(20), {}));
    // Both calls are accepted at once: Lambda's asynchronous Invoke and SQS's SendMessage.
    EXPECT_EQ(typesOf(log),
              (std::vector<std::string>{
                  "EVENT_RECEIPT", "RULE_MATCH", "INVOCATION_START", "INVOCATION_ATTEMPT_START",
                  "INVOCATION_ATTEMPT_SUCCESS", "INVOCATION_SUCCESS", "INVOCATION_START",
                  "INVOCATION_ATTEMPT_START", "INVOCATION_ATTEMPT_SUCCESS", "INVOCATION_SUCCESS"}));
    const Json &receipt = log[0];
    // The schema's top-level fields, in its order.
    std::vector<std::string> keys;
    for (const auto &[key, value] : receipt.items()) {
        keys.push_back(key);
    }
    EXPECT_EQ(keys, (std::vector<std::string>{"resource_arn", "request_id", "event_id",
                                              "message_timestamp_ms", "message_type", "log_level",
                                              "details"}));
    EXPECT_EQ(receipt.at("resource_arn"), "arn:aws:events:us-east-1:123456789012:event-bus/orders");
    EXPECT_EQ(receipt.at("event_id"), "11111111-2222-3333-4444-555555555555");
    EXPECT_EQ(receipt.at("message_timestamp_ms"), 1767225600000);
    EXPECT_EQ(receipt.at("details"), (Json{{"caller_account_id", "123456789012"},
                                           {"source_time_ms", 1767225600000},
                                           {"source", "shop"},
                                           {"detail_type", "OrderPlaced"},
                                           {"resources", Json::array({"arn:aws:shop:order/1"})},
                                           {"event_detail", R"({"amount":42})"}}));

    const Json &match = log[1];
    EXPECT_EQ(match.at("details").at("rule_arn"),
              "arn:aws:events:us-east-1:123456789012:rule/orders/rule");
    EXPECT_EQ(match.at("details").at("target_arns"),
              Json::array({"arn:aws:lambda:us-east-1:123456789012:function:fn",
                           "arn:aws:sqs:us-east-1:123456789012:q"}));
    // Each target's invocation carries the id the match announced.
    EXPECT_EQ(match.at("details").at("invocation_ids")[0], log[2].at("invocation_id"));
    EXPECT_EQ(match.at("details").at("invocation_ids")[1], log[6].at("invocation_id"));
    EXPECT_NE(log[2].at("invocation_id"), log[6].at("invocation_id"));
    EXPECT_EQ(log[3].at("details").at("attempt_count"), 1);

    // EventBridge's invocation of the function ends when Lambda accepts the event, whatever
    // the function's own 20 ms: the bus logs what the bus did.
    const Json &success = log[5];
    EXPECT_EQ(success.at("log_level"), "INFO");
    EXPECT_EQ(success.at("message_timestamp_ms"), 1767225600000);
    EXPECT_EQ(success.at("details").at("total_attempts"), 1);
    EXPECT_EQ(success.at("details").at("ingestion_to_success_latency_ms"), 0);
    EXPECT_EQ(log[4].at("details").at("attempt_type"), "FIRST");
    EXPECT_EQ(log[3].at("log_level"), "TRACE");
}

TEST(BusLog, RetriesEndInTheDlqWithRetryableFailuresBeforeIt) {
    // A failing Invoke call (the function's own errors are Lambda's to retry, not the bus's).
    model::Project p = shop(fixed(10, {{model::FailureKind::ConnectionFailure, 1.0}}), {2, 86400});
    const std::vector<Json> log = logOf(p);
    std::vector<std::string> fn;
    for (const Json &r : log) {
        if (r.at("details").value("target_arn", "").ends_with("function:fn")) {
            fn.push_back(r.at("message_type").get<std::string>());
        }
    }
    EXPECT_EQ(fn, (std::vector<std::string>{
                      "INVOCATION_START", "INVOCATION_ATTEMPT_START",
                      "INVOCATION_ATTEMPT_RETRYABLE_FAILURE", "INVOCATION_ATTEMPT_START",
                      "INVOCATION_ATTEMPT_RETRYABLE_FAILURE", "INVOCATION_ATTEMPT_START",
                      "INVOCATION_ATTEMPT_RETRYABLE_FAILURE", "INVOCATION_DLQ"}));
    const Json &dlq = log.back();
    EXPECT_EQ(dlq.at("message_type"), "INVOCATION_DLQ");
    EXPECT_EQ(dlq.at("log_level"), "ERROR");
    EXPECT_EQ(dlq.at("details").at("total_attempts"), 3);
    EXPECT_EQ(dlq.at("error").at("aws_service"), "lambda");
    EXPECT_EQ(dlq.at("error").at("error_message"),
              "CONNECTION_FAILURE: EventBridge could not connect to the target.; "
              "EXHAUSTED_RETRY_CONDITION MaximumRetryAttempts");
    // Attempts at 0, 1 and 3 s fail at once.
    EXPECT_EQ(dlq.at("message_timestamp_ms"), 1767225603000);
}

// The bus logs what the bus did: a function's own errors, retried by Lambda's queue, leave the
// bus's record of that delivery a plain success.
TEST(BusLog, AFunctionsOwnFailuresAreLambdasAndNotInTheBusLog) {
    const std::vector<Json> log =
        logOf(shop(fixed(10, {{model::FailureKind::ServerError, 1.0}}), {2, 86400}));
    std::vector<std::string> fn;
    for (const Json &r : log) {
        if (r.at("details").value("target_arn", "").ends_with("function:fn")) {
            fn.push_back(r.at("message_type").get<std::string>());
        }
    }
    EXPECT_EQ(fn, (std::vector<std::string>{"INVOCATION_START", "INVOCATION_ATTEMPT_START",
                                            "INVOCATION_ATTEMPT_SUCCESS", "INVOCATION_SUCCESS"}));
}

TEST(BusLog, ANonRetriableErrorIsAPermanentFailure) {
    const std::vector<Json> log =
        logOf(shop(fixed(10, {{model::FailureKind::PermissionDenied, 1.0}}), {}));
    std::vector<std::string> types = typesOf(log);
    EXPECT_NE(std::find(types.begin(), types.end(), "INVOCATION_ATTEMPT_PERMANENT_FAILURE"),
              types.end());
    EXPECT_EQ(std::count(types.begin(), types.end(), "INVOCATION_ATTEMPT_START"), 2);
    EXPECT_EQ(std::count(types.begin(), types.end(), "INVOCATION_DLQ"), 1);
}

TEST(BusLog, AnEventNoRuleMatchesIsLoggedAsSuch) {
    const std::vector<Json> log = logOf(shop(fixed(10), {}), "elsewhere");
    EXPECT_EQ(typesOf(log),
              (std::vector<std::string>{"EVENT_RECEIPT", "NO_STANDARD_RULES_MATCHED"}));
    EXPECT_EQ(log[1].at("event_id"), log[0].at("event_id"));
}

TEST(BusLog, IdsComeFromTheSeed) {
    const model::Project p = shop(fixed(10), {});
    const std::vector<Json> a = logOf(p);
    EXPECT_EQ(a, logOf(p));
    const std::vector<Json> b = logOf(p, "shop", 8);
    EXPECT_NE(a[0].at("request_id"), b[0].at("request_id"));
    EXPECT_NE(a[2].at("invocation_id"), b[2].at("invocation_id"));
    const std::string id = a[2].at("invocation_id").get<std::string>();
    ASSERT_EQ(id.size(), 36u);
    EXPECT_EQ(id[14], '4'); // shaped as a version 4 UUID
}

} // namespace
} // namespace sg::sim
