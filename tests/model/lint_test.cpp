// Lint (model/arch/lint): each EventBridge limit and design smell on a minimal project that
// triggers it, the boundary values of every range, the loop detector, and the bundled examples.

#include "arch/lint.h"
#include "io/projectjson.h"
#include "pattern/patternparser.h"
#include "transform/inputtransformer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace sg::model {
namespace {

ElementId id(std::string value) {
    return ElementId{std::move(value)};
}

Json sampleEvent(const std::string &source, const std::string &detailType, Json detail) {
    return Json{{"version", "0"},
                {"id", "6a7e8feb-b491-4cf7-a9f1-bf3703467718"},
                {"detail-type", detailType},
                {"source", source},
                {"account", "123456789012"},
                {"time", "2025-03-01T10:00:00Z"},
                {"region", "eu-west-1"},
                {"resources", Json::array()},
                {"detail", std::move(detail)}};
}

EventType eventType(std::string typeId, std::string source, std::string detailType,
                    bool withSample = true) {
    EventType type;
    type.id = id(std::move(typeId));
    type.name = type.id.value;
    type.source = std::move(source);
    type.detailType = std::move(detailType);
    if (withSample) {
        type.samples.push_back(sampleEvent(type.source, type.detailType, Json{{"orderId", "o-1"}}));
    }
    return type;
}

Bus bus(std::string busId, std::string account = {}, std::string region = {}) {
    Bus value;
    value.id = id(std::move(busId));
    value.name = value.id.value;
    value.account = std::move(account);
    value.region = std::move(region);
    return value;
}

Target target(std::string targetId, std::string destination) {
    Target value;
    value.id = std::move(targetId);
    value.destination = id(std::move(destination));
    return value;
}

Rule rule(std::string ruleId, std::string onBus, std::string pattern,
          std::vector<Target> targets = {}) {
    Rule value;
    value.id = id(std::move(ruleId));
    value.name = value.id.value;
    value.bus = id(std::move(onBus));
    value.pattern = std::move(pattern);
    value.targets = std::move(targets);
    return value;
}

Consumer function(std::string functionId) {
    Consumer value;
    value.id = id(std::move(functionId));
    value.kind = ElementKind::Function;
    value.name = value.id.value;
    return value;
}

Queue queue(std::string queueId, std::string readBy = {}) {
    Queue value;
    value.id = id(std::move(queueId));
    value.name = value.id.value;
    value.readBy = id(std::move(readBy));
    return value;
}

Producer producer(std::string producerId, std::string onBus, std::vector<std::string> types) {
    Producer value;
    value.id = id(std::move(producerId));
    value.name = value.id.value;
    value.bus = id(std::move(onBus));
    for (std::string &type : types) {
        Emission emission;
        emission.eventType = id(std::move(type));
        value.emits.push_back(std::move(emission));
    }
    return value;
}

FollowUp followUp(std::string type, std::string onBus) {
    FollowUp value;
    value.eventType = id(std::move(type));
    value.bus = id(std::move(onBus));
    return value;
}

constexpr const char *kShopPattern = R"({"source": ["shop.orders"]})";

// A small, clean architecture: a shop puts OrderPlaced on its bus, a rule sends it to a billing
// function; what EventBridge cannot deliver, and what the function fails for good (Lambda's
// on-failure destination), goes to a dead-letter queue that an operator function reads.
std::vector<Element> cleanElements() {
    Target toBilling = target("billing", "bill-order");
    toBilling.deadLetterQueue = id("billing-dlq");
    Consumer billOrder = function("bill-order");
    billOrder.asyncInvocation.onFailure = id("billing-dlq");
    return {
        eventType("order-placed", "shop.orders", "Order Placed"),
        producer("shop", "orders", {"order-placed"}),
        bus("orders"),
        rule("bill-orders", "orders", kShopPattern, {toBilling}),
        billOrder,
        function("inspect-failures"),
        queue("billing-dlq", "inspect-failures"),
    };
}

Project projectOf(const std::vector<Element> &elements) {
    Project project;
    for (const Element &element : elements) {
        const Result<bool> added = project.appendUnchecked(element);
        EXPECT_TRUE(added.ok()) << added.error().message;
    }
    return project;
}

std::vector<Finding> lint(const std::vector<Element> &elements, const LintOptions &options = {}) {
    const Project project = projectOf(elements);
    return lintProject(project, options);
}

std::vector<Finding> withCode(const std::vector<Finding> &findings, const std::string &code) {
    std::vector<Finding> out;
    std::copy_if(findings.begin(), findings.end(), std::back_inserter(out),
                 [&](const Finding &finding) { return finding.code == code; });
    return out;
}

// The findings without those of `code`.
std::vector<Finding> without(std::vector<Finding> findings, const std::string &code) {
    std::erase_if(findings, [&](const Finding &finding) { return finding.code == code; });
    return findings;
}

std::string dump(const std::vector<Finding> &findings) {
    std::string text;
    for (const Finding &finding : findings) {
        text.append(severityName(finding.severity))
            .append(" ")
            .append(finding.code)
            .append(" [")
            .append(finding.element.value)
            .append("] ")
            .append(finding.message)
            .append("\n");
    }
    return text;
}

// Exactly one finding with `code`, on `element`, of `severity`, whose message names the element.
void expectOne(const std::vector<Finding> &findings, const std::string &code, Severity severity,
               const std::string &element) {
    const std::vector<Finding> matching = withCode(findings, code);
    ASSERT_EQ(matching.size(), 1U) << dump(findings);
    EXPECT_EQ(matching[0].severity, severity) << dump(findings);
    EXPECT_EQ(matching[0].element.value, element);
    EXPECT_NE(matching[0].message.find(element), std::string::npos) << matching[0].message;
}

template <typename T> T &elementAt(std::vector<Element> &elements, const std::string &elementId) {
    for (Element &element : elements) {
        if (sg::model::elementId(element).value == elementId) {
            return std::get<T>(element);
        }
    }
    throw std::runtime_error("no element " + elementId);
}

// ---------------------------------------------------------------------------------------------

TEST(Lint, CleanProjectHasNoFindings) {
    const std::vector<Finding> findings = lint(cleanElements());
    EXPECT_TRUE(findings.empty()) << dump(findings);
}

// The invocations quota is the account's (EventBridge quotas: "Invocations throttle limit in
// transactions per second", adjustable); a model may leave it out (0) or set it, never below 0.
TEST(Lint, AnAccountInvocationQuotaOutOfRangeIsAnErrorOfTheModel) {
    Project project = projectOf(cleanElements());
    for (const int quota : {0, 1, 18750, 1'000'000}) {
        project.setAccountInvocationQuotaPerSecond(quota);
        EXPECT_TRUE(withCode(lintProject(project), "account-quota-out-of-range").empty()) << quota;
    }
    project.setAccountInvocationQuotaPerSecond(-5);
    const std::vector<Finding> findings =
        withCode(lintProject(project), "account-quota-out-of-range");
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].severity, Severity::Error);
    EXPECT_EQ(findings[0].element, ElementId{});
    EXPECT_EQ(findings[0].message, "The account's invocation quota is -5 per second; it must be "
                                   "from 0 (none) to 1000000.");
    project.setAccountInvocationQuotaPerSecond(1'000'001);
    EXPECT_EQ(withCode(lintProject(project), "account-quota-out-of-range").size(), 1u);
}

TEST(Lint, SeverityNames) {
    EXPECT_EQ(severityName(Severity::Error), "error");
    EXPECT_EQ(severityName(Severity::Warning), "warning");
    EXPECT_EQ(severityName(Severity::Info), "info");
}

TEST(Lint, FiveTargetsAreFineSixAreTooMany) {
    for (const std::size_t count : {std::size_t{5}, std::size_t{6}}) {
        std::vector<Element> elements = cleanElements();
        for (std::size_t i = 1; i < count; ++i) {
            const std::string name = "extra-" + std::to_string(i);
            elementAt<Rule>(elements, "bill-orders").targets.push_back(target(name, name));
            Consumer extra = function(name);
            extra.asyncInvocation.onFailure = id("billing-dlq");
            elements.emplace_back(extra);
        }
        const std::vector<Finding> findings = lint(elements);
        if (count == 5) {
            EXPECT_TRUE(findings.empty()) << dump(findings);
        } else {
            ASSERT_NO_FATAL_FAILURE(
                expectOne(findings, "too-many-targets", Severity::Error, "bill-orders"));
        }
    }
}

TEST(Lint, AFaultWindowThatCannotHappenIsAnErrorNamingTheWindow) {
    struct Case {
        FaultWindow window;
        const char *code;
    };
    for (const Case &c : std::initializer_list<Case>{
             {{600, 300, FaultMode::Down, FailureKind::ServerError, 1, 0}, "fault-window-time"},
             {{-5, 300, FaultMode::Down, FailureKind::ServerError, 1, 0}, "fault-window-time"},
             {{0, 60, FaultMode::Failing, FailureKind::Throttled, 1.5, 0}, "fault-window-rate"},
             {{0, 60, FaultMode::Failing, FailureKind::Throttled, 0, 0}, "fault-window-rate"},
             {{0, 60, FaultMode::Slow, FailureKind::ServerError, 1, -1}, "fault-window-latency"},
         }) {
        SCOPED_TRACE(c.code);
        std::vector<Element> elements = cleanElements();
        Consumer &fn = elementAt<Consumer>(elements, "bill-order");
        fn.behavior.faults = {{0, 60, FaultMode::Down, FailureKind::ServerError, 1, 0}, c.window};
        const std::vector<Finding> findings = lint(elements);
        ASSERT_NO_FATAL_FAILURE(expectOne(findings, c.code, Severity::Error, "bill-order"));
        EXPECT_NE(withCode(findings, c.code)[0].message.find("fault window 2"), std::string::npos)
            << dump(findings);
    }
    std::vector<Element> elements = cleanElements();
    elementAt<Consumer>(elements, "bill-order").behavior.faults = {
        {0, 60, FaultMode::Slow, FailureKind::ServerError, 1, 1500}};
    EXPECT_TRUE(lint(elements).empty()) << dump(lint(elements));
}

TEST(Lint, InvalidPatternGivesAwsMessage) {
    const std::string pattern = R"({"source": "shop.orders"})";
    std::vector<Element> elements = cleanElements();
    elementAt<Rule>(elements, "bill-orders").pattern = pattern;
    const std::vector<Finding> findings = lint(elements);
    ASSERT_NO_FATAL_FAILURE(expectOne(findings, "pattern-invalid", Severity::Error, "bill-orders"));
    const Result<EventPattern> parsed = parseEventPattern(pattern);
    ASSERT_FALSE(parsed.ok());
    EXPECT_NE(withCode(findings, "pattern-invalid")[0].message.find(parsed.error().message),
              std::string::npos);
    // An invalid pattern is not also judged against the samples.
    EXPECT_TRUE(withCode(findings, "rule-matches-no-sample").empty()) << dump(findings);
}

TEST(Lint, PatternLengthLimitIsItsOwnFinding) {
    const std::string head = R"({"source": ["shop.orders"], "detail": {"note": [")";
    const std::string tail = R"("]}})";
    for (const std::size_t length : {std::size_t{2048}, std::size_t{2049}}) {
        std::string pattern = head + std::string(length - head.size() - tail.size(), 'x') + tail;
        ASSERT_EQ(pattern.size(), length);
        std::vector<Element> elements = cleanElements();
        elementAt<Rule>(elements, "bill-orders").pattern = pattern;
        // A sample that matches, so that the rule is otherwise clean.
        elementAt<EventType>(elements, "order-placed")
            .samples.push_back(
                sampleEvent("shop.orders", "Order Placed",
                            Json{{"note", std::string(length - head.size() - tail.size(), 'x')}}));
        const std::vector<Finding> findings = lint(elements);
        if (length == 2048) {
            EXPECT_TRUE(findings.empty()) << dump(findings);
        } else {
            ASSERT_NO_FATAL_FAILURE(
                expectOne(findings, "pattern-too-long", Severity::Error, "bill-orders"));
            EXPECT_TRUE(withCode(findings, "pattern-invalid").empty()) << dump(findings);
        }
    }
}

TEST(Lint, ThreeHundredRulesPerBusAreFineOneMoreIsNot) {
    for (const std::size_t count : {std::size_t{300}, std::size_t{301}}) {
        std::vector<Element> elements = cleanElements();
        for (std::size_t i = 1; i < count; ++i) {
            elements.emplace_back(rule("rule-" + std::to_string(i), "orders", kShopPattern,
                                       {target("billing", "bill-order")}));
        }
        const std::vector<Finding> findings = lint(elements);
        if (count == 300) {
            EXPECT_TRUE(findings.empty()) << dump(findings);
        } else {
            ASSERT_NO_FATAL_FAILURE(
                expectOne(findings, "too-many-rules", Severity::Error, "orders"));
            EXPECT_NE(findings[0].message.find("301"), std::string::npos);
        }
    }
}

TEST(Lint, EntrySizeIsCountedAsPutEventsCountsIt) {
    // Time 14 + "shop.orders" 11 + "Order Placed" 12 + {"n":"é"} 10 + "arn:é" 6 = 53 bytes.
    Json sample = sampleEvent("shop.orders", "Order Placed", Json{{"n", "\u00e9"}});
    sample["resources"] = Json::array({"arn:\u00e9"});
    for (const std::size_t limit : {std::size_t{53}, std::size_t{52}}) {
        std::vector<Element> elements = cleanElements();
        elementAt<EventType>(elements, "order-placed").samples = {sample};
        LintOptions options;
        options.maxEntrySizeBytes = limit;
        const std::vector<Finding> findings = lint(elements, options);
        if (limit == 53) {
            EXPECT_TRUE(findings.empty()) << dump(findings);
        } else {
            ASSERT_NO_FATAL_FAILURE(
                expectOne(findings, "entry-too-large", Severity::Error, "order-placed"));
            EXPECT_NE(findings[0].message.find("53 bytes"), std::string::npos)
                << findings[0].message;
        }
    }
}

TEST(Lint, DefaultEntryLimitIsOneMegabyte) {
    std::vector<Element> elements = cleanElements();
    elementAt<EventType>(elements, "order-placed")
        .samples.push_back(sampleEvent("shop.orders", "Order Placed",
                                       Json{{"blob", std::string(1024 * 1024, 'b')}}));
    ASSERT_NO_FATAL_FAILURE(
        expectOne(lint(elements), "entry-too-large", Severity::Error, "order-placed"));
    LintOptions old;
    old.maxEntrySizeBytes = 256 * 1024;
    elementAt<EventType>(elements, "order-placed").samples.back()["detail"]["blob"] =
        std::string(300 * 1024, 'b');
    ASSERT_NO_FATAL_FAILURE(
        expectOne(lint(elements, old), "entry-too-large", Severity::Error, "order-placed"));
    EXPECT_TRUE(withCode(lint(elements), "entry-too-large").empty());
}

TEST(Lint, RetryAttemptsRange) {
    for (const int attempts : {-1, 0, 185, 186}) {
        std::vector<Element> elements = cleanElements();
        elementAt<Rule>(elements, "bill-orders").targets[0].retryPolicy.maximumRetryAttempts =
            attempts;
        const std::vector<Finding> findings = without(lint(elements), "retry-policy-on-function");
        if (attempts == 0 || attempts == 185) {
            EXPECT_TRUE(findings.empty()) << attempts << "\n" << dump(findings);
        } else {
            ASSERT_NO_FATAL_FAILURE(
                expectOne(findings, "retry-attempts-out-of-range", Severity::Error, "bill-orders"));
            EXPECT_NE(findings[0].message.find(std::to_string(attempts)), std::string::npos);
        }
    }
}

TEST(Lint, EventAgeRange) {
    for (const int age : {59, 60, 86400, 86401}) {
        std::vector<Element> elements = cleanElements();
        elementAt<Rule>(elements, "bill-orders").targets[0].retryPolicy.maximumEventAgeSeconds =
            age;
        const std::vector<Finding> findings = without(lint(elements), "retry-policy-on-function");
        if (age == 60 || age == 86400) {
            EXPECT_TRUE(findings.empty()) << age << "\n" << dump(findings);
        } else {
            ASSERT_NO_FATAL_FAILURE(
                expectOne(findings, "event-age-out-of-range", Severity::Error, "bill-orders"));
            EXPECT_NE(findings[0].message.find(std::to_string(age)), std::string::npos);
        }
    }
}

TEST(Lint, DeadLetterQueueMustBeStandard) {
    std::vector<Element> elements = cleanElements();
    elementAt<Queue>(elements, "billing-dlq").fifo = true;
    const std::vector<Finding> findings = lint(elements);
    ASSERT_NO_FATAL_FAILURE(expectOne(findings, "dlq-fifo", Severity::Error, "bill-orders"));
    EXPECT_NE(findings[0].message.find("billing-dlq"), std::string::npos);
}

TEST(Lint, InvalidTargetInputGivesPutTargetsMessage) {
    std::vector<Element> elements = cleanElements();
    Target &billing = elementAt<Rule>(elements, "bill-orders").targets[0];
    billing.input = TargetInput::constant("{not json");
    const std::vector<Finding> findings = lint(elements);
    ASSERT_NO_FATAL_FAILURE(
        expectOne(findings, "target-input-invalid", Severity::Error, "bill-orders"));
    const Result<CompiledInput> compiled = compileTargetInput(billing.input, billing.id);
    ASSERT_FALSE(compiled.ok());
    EXPECT_NE(findings[0].message.find(compiled.error().message), std::string::npos);

    billing.input = TargetInput::path("$.detail");
    EXPECT_TRUE(lint(elements).empty()) << dump(lint(elements));
}

TEST(Lint, NoInputOptionsOnACrossAccountBusTarget) {
    std::vector<Element> elements = cleanElements();
    elements.emplace_back(bus("partner", "111122223333"));
    elements.emplace_back(bus("archive-bus")); // same account
    Target toPartner = target("partner", "partner");
    toPartner.input = TargetInput::path("$.detail");
    Target toOwn = target("own", "archive-bus");
    toOwn.input = TargetInput::path("$.detail");
    elements.emplace_back(rule("forward", "orders", kShopPattern, {toPartner, toOwn}));
    std::vector<Finding> findings = lint(elements);
    ASSERT_NO_FATAL_FAILURE(expectOne(findings, "cross-account-input", Severity::Error, "forward"));
    EXPECT_NE(withCode(findings, "cross-account-input")[0].message.find("partner"),
              std::string::npos);

    elementAt<Rule>(elements, "forward").targets[0].input = TargetInput::wholeEvent();
    findings = lint(elements);
    EXPECT_TRUE(withCode(findings, "cross-account-input").empty()) << dump(findings);
}

TEST(Lint, EventsCrossOnlyOneBusHop) {
    std::vector<Element> elements = cleanElements();
    elements.emplace_back(bus("partner", "111122223333"));
    elements.emplace_back(bus("partner-eu", "111122223333", "eu-central-1"));
    elements.emplace_back(rule("to-partner", "orders", kShopPattern, {target("t", "partner")}));
    std::vector<Finding> findings = lint(elements);
    EXPECT_TRUE(withCode(findings, "bus-hop-limit").empty()) << dump(findings);

    // The partner forwards to another region: a second hop for events that came from "orders".
    elements.emplace_back(
        rule("partner-to-eu", "partner", kShopPattern, {target("t", "partner-eu")}));
    findings = lint(elements);
    ASSERT_NO_FATAL_FAILURE(expectOne(findings, "bus-hop-limit", Severity::Error, "partner-to-eu"));
    const std::string message = withCode(findings, "bus-hop-limit")[0].message;
    EXPECT_NE(message.find("to-partner"), std::string::npos) << message;
    EXPECT_NE(message.find("partner-eu"), std::string::npos) << message;
}

TEST(Lint, SameAccountAndRegionForwardingIsNoHop) {
    std::vector<Element> elements = cleanElements();
    elements.emplace_back(bus("internal"));
    elements.emplace_back(bus("partner", "111122223333"));
    elements.emplace_back(rule("to-internal", "orders", kShopPattern, {target("t", "internal")}));
    elements.emplace_back(rule("to-partner", "internal", kShopPattern, {target("t", "partner")}));
    const std::vector<Finding> findings = lint(elements);
    EXPECT_TRUE(withCode(findings, "bus-hop-limit").empty()) << dump(findings);
}

TEST(Lint, EmptyPatterns) {
    for (const std::string pattern : {"", " \n "}) {
        std::vector<Element> elements = cleanElements();
        elementAt<Rule>(elements, "bill-orders").pattern = pattern;
        const std::vector<Finding> findings = lint(elements);
        ASSERT_NO_FATAL_FAILURE(
            expectOne(findings, "pattern-empty", Severity::Warning, "bill-orders"));
        EXPECT_TRUE(withCode(findings, "pattern-invalid").empty()) << dump(findings);
    }
    // AWS itself refuses a pattern object without fields.
    std::vector<Element> elements = cleanElements();
    elementAt<Rule>(elements, "bill-orders").pattern = "{}";
    ASSERT_NO_FATAL_FAILURE(
        expectOne(lint(elements), "pattern-invalid", Severity::Error, "bill-orders"));
}

TEST(Lint, EventTypeWithoutSourceOrDetailType) {
    std::vector<Element> elements = cleanElements();
    elements.emplace_back(eventType("refund", "", "Refund Issued", false));
    elements.emplace_back(eventType("audit", "shop.audit", "", false));
    const std::vector<Finding> findings = withCode(lint(elements), "event-type-incomplete");
    ASSERT_EQ(findings.size(), 2U) << dump(findings);
    EXPECT_EQ(findings[0].element.value, "refund");
    EXPECT_NE(findings[0].message.find("no source"), std::string::npos);
    EXPECT_EQ(findings[1].element.value, "audit");
    EXPECT_NE(findings[1].message.find("no detail-type"), std::string::npos);
    EXPECT_EQ(findings[1].severity, Severity::Warning);
}

TEST(Lint, SampleThatDisagreesWithItsEventType) {
    std::vector<Element> elements = cleanElements();
    EventType &type = elementAt<EventType>(elements, "order-placed");
    type.samples.push_back(sampleEvent("shop.orders", "Order Shipped", Json::object()));
    const std::vector<Finding> findings = lint(elements);
    ASSERT_NO_FATAL_FAILURE(
        expectOne(findings, "sample-mismatch", Severity::Warning, "order-placed"));
    EXPECT_NE(findings[0].message.find("detail-type"), std::string::npos);
    EXPECT_NE(findings[0].message.find("Sample event 2"), std::string::npos) << findings[0].message;

    type.samples.back() = Json::array();
    ASSERT_NO_FATAL_FAILURE(
        expectOne(lint(elements), "sample-invalid", Severity::Warning, "order-placed"));
}

TEST(Lint, ProducerNeedsABus) {
    std::vector<Element> elements = cleanElements();
    elementAt<Producer>(elements, "shop").bus = {};
    ASSERT_NO_FATAL_FAILURE(expectOne(lint(elements), "producer-no-bus", Severity::Error, "shop"));
}

TEST(Lint, ApiDestinationRateLimitRange) {
    for (const int rate : {0, 1, 300, 301}) {
        std::vector<Element> elements = cleanElements();
        Connection connection;
        connection.id = id("crm-auth");
        connection.name = "crm-auth";
        ApiDestination api;
        api.id = id("crm");
        api.name = "CRM webhook";
        api.connection = connection.id;
        api.endpoint = "https://crm.example.com/hooks";
        api.invocationRateLimitPerSecond = rate;
        elements.emplace_back(connection);
        elements.emplace_back(api);
        elementAt<Rule>(elements, "bill-orders").targets.push_back(target("crm", "crm"));
        const std::vector<Finding> findings = lint(elements);
        if (rate == 1 || rate == 300) {
            EXPECT_TRUE(findings.empty()) << rate << "\n" << dump(findings);
        } else {
            ASSERT_NO_FATAL_FAILURE(
                expectOne(findings, "rate-limit-out-of-range", Severity::Error, "crm"));
            EXPECT_NE(findings[0].message.find("CRM webhook"), std::string::npos);
        }
    }
}

TEST(Lint, RuleThatNoSampleMatches) {
    std::vector<Element> elements = cleanElements();
    elementAt<Rule>(elements, "bill-orders").pattern = R"({"source": ["shop.payments"]})";
    ASSERT_NO_FATAL_FAILURE(
        expectOne(lint(elements), "rule-matches-no-sample", Severity::Warning, "bill-orders"));

    // A matching sample of an event type put on another bus does not count...
    elements.emplace_back(eventType("payment", "shop.payments", "Payment Taken"));
    elements.emplace_back(bus("payments"));
    elements.emplace_back(producer("till", "payments", {"payment"}));
    ASSERT_NO_FATAL_FAILURE(
        expectOne(lint(elements), "rule-matches-no-sample", Severity::Warning, "bill-orders"));

    // ...until a follow-up puts it on this rule's bus.
    elementAt<Consumer>(elements, "inspect-failures")
        .behavior.followUps.push_back(followUp("payment", "orders"));
    const std::vector<Finding> findings = lint(elements);
    EXPECT_TRUE(withCode(findings, "rule-matches-no-sample").empty()) << dump(findings);
}

TEST(Lint, EventTypeWithoutSamplesCountsBySourceAndDetailType) {
    std::vector<Element> elements = cleanElements();
    elements.emplace_back(eventType("refund", "shop.refunds", "Refund Issued", false));
    elementAt<Producer>(elements, "shop").emits.push_back(Emission{id("refund"), {}, {}});
    elements.emplace_back(rule("refunds", "orders",
                               R"({"source": ["shop.refunds"], "detail-type": ["Refund Issued"]})",
                               {target("b", "bill-order")}));
    elements.emplace_back(
        rule("returns", "orders", R"({"source": ["shop.returns"]})", {target("b", "bill-order")}));
    const std::vector<Finding> findings = lint(elements);
    ASSERT_NO_FATAL_FAILURE(
        expectOne(findings, "rule-matches-no-sample", Severity::Warning, "returns"));
}

TEST(Lint, RuleJudgedByAllSamplesWhenNothingIsPutOnItsBus) {
    std::vector<Element> elements = cleanElements();
    elements.emplace_back(bus("quiet"));
    elements.emplace_back(rule("quiet-orders", "quiet", kShopPattern, {target("b", "bill-order")}));
    elements.emplace_back(rule("quiet-refunds", "quiet", R"({"source": ["shop.refunds"]})",
                               {target("b", "bill-order")}));
    const std::vector<Finding> findings = lint(elements);
    ASSERT_NO_FATAL_FAILURE(
        expectOne(findings, "rule-matches-no-sample", Severity::Warning, "quiet-refunds"));
}

TEST(Lint, ConsumerThatReceivesNothing) {
    std::vector<Element> elements = cleanElements();
    elements.emplace_back(function("orphan"));
    Consumer poller = function("poller");
    elements.emplace_back(poller);
    elements.emplace_back(queue("work", "poller"));
    elementAt<Rule>(elements, "bill-orders").targets.push_back(target("work", "work"));
    Consumer helper = function("helper");
    elements.emplace_back(helper);
    elementAt<Consumer>(elements, "bill-order").behavior.dependsOn.push_back(id("helper"));
    elements.emplace_back(queue("idle"));
    const std::vector<Finding> findings = withCode(lint(elements), "consumer-receives-nothing");
    ASSERT_EQ(findings.size(), 2U) << dump(findings);
    EXPECT_EQ(findings[0].element.value, "orphan");
    EXPECT_EQ(findings[1].element.value, "idle");
    EXPECT_EQ(findings[0].severity, Severity::Warning);
    EXPECT_NE(findings[0].message.find("orphan"), std::string::npos);
}

TEST(Lint, DeadLetterQueueNobodyReads) {
    std::vector<Element> elements = cleanElements();
    elementAt<Queue>(elements, "billing-dlq").readBy = {};
    const std::vector<Finding> findings = lint(elements);
    ASSERT_NO_FATAL_FAILURE(expectOne(findings, "dlq-unread", Severity::Warning, "billing-dlq"));
    // A queue used only as a dead-letter queue receives the failures: no other smell.
    EXPECT_TRUE(withCode(findings, "consumer-receives-nothing").size() == 1U &&
                withCode(findings, "consumer-receives-nothing")[0].element.value ==
                    "inspect-failures")
        << dump(findings);
}

// ---- the retry layers behind a target ----------------------------------------------------------

// Lambda developer guide, "How Lambda handles errors and retries with asynchronous invocation":
// "If the function returns an error, by default Lambda attempts to run it two more times" and
// then, without a destination or dead-letter queue, "discards the event".
TEST(LintLayers, ATargetedFunctionWithNowhereForItsFailuresIsWarnedAboutWithItsTries) {
    std::vector<Element> elements = cleanElements();
    Consumer &billOrder = elementAt<Consumer>(elements, "bill-order");
    billOrder.asyncInvocation.onFailure = {};
    std::vector<Finding> findings = lint(elements);
    ASSERT_NO_FATAL_FAILURE(
        expectOne(findings, "function-failures-discarded", Severity::Warning, "bill-order"));
    EXPECT_NE(withCode(findings, "function-failures-discarded")[0].message.find("3 times"),
              std::string::npos);

    billOrder.asyncInvocation.maximumRetryAttempts = 0;
    findings = lint(elements);
    EXPECT_NE(withCode(findings, "function-failures-discarded")[0].message.find("1 time "),
              std::string::npos)
        << dump(findings);

    billOrder.asyncInvocation.deadLetterQueue = id("billing-dlq"); // the older way also counts
    EXPECT_TRUE(withCode(lint(elements), "function-failures-discarded").empty());
    // A function no rule targets is not invoked asynchronously by EventBridge.
    billOrder.asyncInvocation.deadLetterQueue = {};
    elementAt<Rule>(elements, "bill-orders").targets.clear();
    EXPECT_TRUE(withCode(lint(elements), "function-failures-discarded").empty());
}

// Lambda developer guide, "Using Lambda with Amazon SQS": "set the source queue's visibility
// timeout to at least six times the timeout that you configure on your function".
TEST(LintLayers, AVisibilityTimeoutBelowSixTimesTheReadersTimeoutIsWarnedAbout) {
    std::vector<Element> elements = cleanElements();
    elements.emplace_back(function("worker"));
    Queue work = queue("work", "worker");
    work.redrivePolicy.deadLetterQueue = id("billing-dlq");
    elements.emplace_back(work);
    elementAt<Rule>(elements, "bill-orders").targets.push_back(target("work", "work"));
    elementAt<Consumer>(elements, "worker").timeoutSeconds = 5; // 30 s is exactly 6 x 5 s
    EXPECT_TRUE(withCode(lint(elements), "visibility-timeout-short").empty())
        << dump(lint(elements));
    elementAt<Consumer>(elements, "worker").timeoutSeconds = 6;
    const std::vector<Finding> findings = lint(elements);
    ASSERT_NO_FATAL_FAILURE(
        expectOne(findings, "visibility-timeout-short", Severity::Warning, "work"));
    const std::string message = withCode(findings, "visibility-timeout-short")[0].message;
    EXPECT_NE(message.find("30 s"), std::string::npos) << message;
    EXPECT_NE(message.find("6 s timeout of function worker"), std::string::npos) << message;
}

// Lambda developer guide, "Creating and configuring an Amazon SQS event source mapping": "Your
// function's timeout must be less than or equal to the queue's visibility timeout. Lambda
// validates this requirement when you create or update an event source mapping".
TEST(LintLayers, AVisibilityTimeoutBelowTheReadersTimeoutIsAnError) {
    std::vector<Element> elements = cleanElements();
    elements.emplace_back(function("worker"));
    Queue work = queue("work", "worker");
    work.redrivePolicy.deadLetterQueue = id("billing-dlq");
    work.visibilityTimeoutSeconds = 3;
    elements.emplace_back(work);
    elementAt<Rule>(elements, "bill-orders").targets.push_back(target("work", "work"));
    elementAt<Consumer>(elements, "worker").timeoutSeconds = 3; // equal: allowed, only advised
    EXPECT_TRUE(withCode(lint(elements), "visibility-timeout-below-timeout").empty())
        << dump(lint(elements));
    EXPECT_EQ(withCode(lint(elements), "visibility-timeout-short").size(), 1u);
    elementAt<Queue>(elements, "work").visibilityTimeoutSeconds = 0;
    const std::vector<Finding> findings = lint(elements);
    ASSERT_NO_FATAL_FAILURE(
        expectOne(findings, "visibility-timeout-below-timeout", Severity::Error, "work"));
    EXPECT_TRUE(withCode(findings, "visibility-timeout-short").empty()) << dump(findings);
    const std::string message = withCode(findings, "visibility-timeout-below-timeout")[0].message;
    EXPECT_NE(message.find("0 s, less than the 3 s timeout of function worker"), std::string::npos)
        << message;
}

// SQS developer guide, "Using dead-letter queues in Amazon SQS": without a redrive policy a
// message that keeps failing is received again until the retention period deletes it.
TEST(LintLayers, AReadQueueWithoutARedrivePolicyIsWarnedAboutButADeadLetterQueueIsNot) {
    std::vector<Element> elements = cleanElements();
    elements.emplace_back(function("worker"));
    elements.emplace_back(queue("work", "worker"));
    elementAt<Rule>(elements, "bill-orders").targets.push_back(target("work", "work"));
    std::vector<Finding> findings = lint(elements);
    ASSERT_NO_FATAL_FAILURE(expectOne(findings, "queue-without-redrive", Severity::Warning, "work"))
        << "billing-dlq is read by an operator and is a dead-letter queue itself";

    elementAt<Queue>(elements, "work").redrivePolicy.deadLetterQueue = id("billing-dlq");
    findings = lint(elements);
    EXPECT_TRUE(withCode(findings, "queue-without-redrive").empty()) << dump(findings);
}

TEST(LintLayers, ARedrivePolicyNeedsAnotherQueueOfTheSameTypeThatKeepsMessagesLonger) {
    std::vector<Element> elements = cleanElements();
    elements.emplace_back(function("worker"));
    Queue work = queue("work", "worker");
    work.redrivePolicy.deadLetterQueue = id("work");
    elements.emplace_back(work);
    elementAt<Rule>(elements, "bill-orders").targets.push_back(target("work", "work"));
    ASSERT_NO_FATAL_FAILURE(expectOne(lint(elements), "redrive-to-self", Severity::Error, "work"));

    elementAt<Queue>(elements, "work").redrivePolicy.deadLetterQueue = id("billing-dlq");
    elementAt<Queue>(elements, "work").fifo = true;
    ASSERT_NO_FATAL_FAILURE(
        expectOne(lint(elements), "redrive-queue-type", Severity::Error, "work"));

    elementAt<Queue>(elements, "work").fifo = false;
    elementAt<Queue>(elements, "billing-dlq").messageRetentionSeconds = 345600; // same as work
    ASSERT_NO_FATAL_FAILURE(
        expectOne(lint(elements), "redrive-retention-short", Severity::Warning, "work"));
    elementAt<Queue>(elements, "billing-dlq").messageRetentionSeconds = 1209600; // 14 days
    EXPECT_TRUE(withCode(lint(elements), "redrive-retention-short").empty());
}

// EventBridge user guide, "Event retry policy and using dead-letter queues": the retry policy
// applies to EventBridge's delivery; Lambda's own queue retries the function's errors.
TEST(LintLayers, ATunedRetryPolicyOnAFunctionTargetSaysWhatItReallyGoverns) {
    std::vector<Element> elements = cleanElements();
    EXPECT_TRUE(withCode(lint(elements), "retry-policy-on-function").empty());
    elementAt<Rule>(elements, "bill-orders").targets[0].retryPolicy.maximumRetryAttempts = 3;
    const std::vector<Finding> findings = lint(elements);
    ASSERT_NO_FATAL_FAILURE(
        expectOne(findings, "retry-policy-on-function", Severity::Info, "bill-orders"));
    const std::string message = withCode(findings, "retry-policy-on-function")[0].message;
    EXPECT_NE(message.find("Invoke call"), std::string::npos) << message;
    EXPECT_NE(message.find("2 retries, events up to 21,600 s"), std::string::npos) << message;

    // The same policy on a queue target governs SendMessage, which is all EventBridge does.
    elements.emplace_back(function("worker"));
    Queue work = queue("work", "worker");
    work.redrivePolicy.deadLetterQueue = id("billing-dlq");
    elements.emplace_back(work);
    Target toWork = target("work", "work");
    toWork.retryPolicy.maximumRetryAttempts = 3;
    elementAt<Rule>(elements, "bill-orders").targets.push_back(toWork);
    EXPECT_EQ(withCode(lint(elements), "retry-policy-on-function").size(), 1U);
}

TEST(LintLayers, LambdaAndSqsSettingsOutsideAwsRangesAreErrorsNamingTheField) {
    struct Case {
        const char *code;
        const char *field;
        std::function<void(std::vector<Element> &)> change;
    };
    const std::vector<Case> cases{
        {"timeout-out-of-range", "timeoutSeconds",
         [](auto &e) {
             elementAt<Consumer>(e, "bill-order").timeoutSeconds = 901;
         }},
        {"retry-attempts-out-of-range", "asyncInvocation.maximumRetryAttempts",
         [](auto &e) {
             elementAt<Consumer>(e, "bill-order").asyncInvocation.maximumRetryAttempts = 3;
         }},
        {"event-age-out-of-range", "asyncInvocation.maximumEventAgeSeconds",
         [](auto &e) {
             elementAt<Consumer>(e, "bill-order").asyncInvocation.maximumEventAgeSeconds = 59;
         }},
        {"visibility-timeout-out-of-range", "visibilityTimeoutSeconds",
         [](auto &e) {
             elementAt<Queue>(e, "billing-dlq").visibilityTimeoutSeconds = 43201;
         }},
        {"max-receive-count-out-of-range", "redrivePolicy.maxReceiveCount",
         [](auto &e) {
             elementAt<Queue>(e, "billing-dlq").redrivePolicy.maxReceiveCount = 0;
         }},
        {"batch-size-out-of-range", "readerBatchSize",
         [](auto &e) {
             elementAt<Queue>(e, "billing-dlq").fifo = true;
             elementAt<Queue>(e, "billing-dlq").readerBatchSize = 11;
         }},
        {"maximum-concurrency-out-of-range", "readerMaximumConcurrency",
         [](auto &e) {
             elementAt<Queue>(e, "billing-dlq").readerMaximumConcurrency = 1;
         }},
    };
    for (const Case &c : cases) {
        std::vector<Element> elements = cleanElements();
        c.change(elements);
        const std::vector<Finding> findings = withCode(lint(elements), c.code);
        ASSERT_EQ(findings.size(), 1U) << c.code << "\n" << dump(lint(elements));
        EXPECT_EQ(findings[0].severity, Severity::Error);
        EXPECT_NE(findings[0].message.find(c.field), std::string::npos) << findings[0].message;
    }
    // The boundaries themselves are fine.
    std::vector<Element> elements = cleanElements();
    elementAt<Consumer>(elements, "bill-order").timeoutSeconds = 900;
    elementAt<Consumer>(elements, "bill-order").asyncInvocation.maximumRetryAttempts = 0;
    elementAt<Consumer>(elements, "bill-order").asyncInvocation.maximumEventAgeSeconds = 60;
    elementAt<Queue>(elements, "billing-dlq").visibilityTimeoutSeconds = 43200;
    elementAt<Queue>(elements, "billing-dlq").readerBatchSize = 10000;
    elementAt<Queue>(elements, "billing-dlq").readerMaximumConcurrency = 2;
    const std::vector<Finding> findings = lint(elements);
    EXPECT_TRUE(findings.empty()) << dump(findings);
}

// order-placed -> bill-orders -> bill-order puts invoice-created -> invoice-rule ->
// send-invoice puts <next> on orders.
std::vector<Element> chainElements(const std::string &next) {
    std::vector<Element> elements = cleanElements();
    elements.emplace_back(eventType("invoice-created", "shop.billing", "Invoice Created"));
    elements.emplace_back(rule("invoice-rule", "orders", R"({"source": ["shop.billing"]})",
                               {target("send", "send-invoice")}));
    Consumer send = function("send-invoice");
    if (!next.empty()) {
        send.behavior.followUps.push_back(followUp(next, "orders"));
    }
    elements.emplace_back(send);
    elementAt<Consumer>(elements, "bill-order")
        .behavior.followUps.push_back(followUp("invoice-created", "orders"));
    return elements;
}

TEST(Lint, LoopThroughFollowUpsIsFound) {
    const std::vector<Finding> findings = lint(chainElements("order-placed"));
    ASSERT_NO_FATAL_FAILURE(expectOne(findings, "event-loop", Severity::Warning, "bill-orders"));
    const std::string message = withCode(findings, "event-loop")[0].message;
    for (const char *step : {"bill-order ", "invoice-created", "invoice-rule", "send-invoice"}) {
        EXPECT_NE(message.find(step), std::string::npos) << step << ": " << message;
    }
    EXPECT_LT(message.find("invoice-rule"), message.find("send-invoice")) << message;
}

TEST(Lint, ChainWithoutCycleIsNoLoop) {
    std::vector<Finding> findings = lint(chainElements(""));
    EXPECT_TRUE(withCode(findings, "event-loop").empty()) << dump(findings);

    // The follow-up goes back to the bus, but no rule matches it.
    std::vector<Element> elements = chainElements("receipt");
    elements.emplace_back(eventType("receipt", "shop.receipts", "Receipt Sent"));
    findings = lint(elements);
    EXPECT_TRUE(withCode(findings, "event-loop").empty()) << dump(findings);
}

TEST(Lint, LoopThroughAQueueAndABusHop) {
    // rule a on orders -> bus internal; rule b on internal -> queue read by a worker that puts
    // the same event type back on orders.
    std::vector<Element> elements = cleanElements();
    elements.emplace_back(bus("internal"));
    elements.emplace_back(rule("a", "orders", kShopPattern, {target("t", "internal")}));
    elements.emplace_back(rule("b", "internal", kShopPattern, {target("t", "jobs")}));
    Consumer worker = function("worker");
    worker.behavior.followUps.push_back(followUp("order-placed", "orders"));
    elements.emplace_back(worker);
    elements.emplace_back(queue("jobs", "worker"));
    const std::vector<Finding> findings = lint(elements);
    ASSERT_NO_FATAL_FAILURE(expectOne(findings, "event-loop", Severity::Warning, "a"));
    const std::string message = withCode(findings, "event-loop")[0].message;
    EXPECT_NE(message.find("jobs"), std::string::npos) << message;
    EXPECT_NE(message.find("worker"), std::string::npos) << message;

    // Disabling a rule of the loop breaks it.
    elementAt<Rule>(elements, "b").enabled = false;
    EXPECT_TRUE(withCode(lint(elements), "event-loop").empty());
}

TEST(Lint, DisabledRuleIsInfo) {
    std::vector<Element> elements = cleanElements();
    elementAt<Rule>(elements, "bill-orders").enabled = false;
    ASSERT_NO_FATAL_FAILURE(
        expectOne(lint(elements), "rule-disabled", Severity::Info, "bill-orders"));
}

TEST(Lint, FindingsInModelOrderThenCode) {
    std::vector<Element> elements = cleanElements();
    Rule &billing = elementAt<Rule>(elements, "bill-orders");
    billing.enabled = false;
    billing.targets[0].retryPolicy.maximumRetryAttempts = 200;
    billing.targets[0].retryPolicy.maximumEventAgeSeconds = 10;
    elementAt<Producer>(elements, "shop").bus = {};
    elements.insert(elements.begin(), function("orphan"));
    const std::vector<Finding> findings = lint(elements);
    std::vector<std::pair<std::string, std::string>> order;
    for (const Finding &finding : findings) {
        order.emplace_back(finding.element.value, finding.code);
    }
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"orphan", "consumer-receives-nothing"},     {"shop", "producer-no-bus"},
        {"bill-orders", "event-age-out-of-range"},   {"bill-orders", "retry-attempts-out-of-range"},
        {"bill-orders", "retry-policy-on-function"}, {"bill-orders", "rule-disabled"},
    };
    EXPECT_EQ(order, expected) << dump(findings);
    EXPECT_EQ(dump(findings), dump(lint(elements)));
}

TEST(Lint, DanglingReferencesDoNotCrash) {
    std::vector<Element> elements = cleanElements();
    Rule &billing = elementAt<Rule>(elements, "bill-orders");
    billing.bus = id("no-such-bus");
    billing.targets.push_back(target("ghost", "no-such-function"));
    billing.targets[0].deadLetterQueue = id("no-such-queue");
    elementAt<Consumer>(elements, "bill-order")
        .behavior.followUps.push_back(followUp("no-such-type", "no-such-bus"));
    const std::vector<Finding> findings = lint(elements);
    EXPECT_TRUE(withCode(findings, "lint-failed").empty()) << dump(findings);
}

// --- The bundled examples -------------------------------------------------------------------

TEST(Lint, BundledExamplesHaveNoErrors) {
    const std::filesystem::path dir =
        std::filesystem::path(SG_TEST_DATA_DIR) / ".." / ".." / "resources" / "examples";
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(dir)) {
        for (const auto &entry : std::filesystem::directory_iterator(dir)) {
            const std::string name = entry.path().filename().string();
            if (name.size() > 16 && name.ends_with(".stormglass.json")) {
                files.push_back(entry.path());
            }
        }
    }
    std::sort(files.begin(), files.end());
    // The issue asks for at least three: order flow, login alert, cascading failure.
    ASSERT_GE(files.size(), 3U) << "bundled examples missing in " << dir;
    for (const std::filesystem::path &file : files) {
        std::ifstream in(file, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        Result<Project> project = readProjectJson(text.str());
        ASSERT_TRUE(project.ok()) << file << ": " << project.error().message;
        std::vector<Finding> errors;
        for (const Finding &finding : lintProject(project.value())) {
            if (finding.severity == Severity::Error) {
                errors.push_back(finding);
            }
        }
        EXPECT_TRUE(errors.empty()) << file << "\n" << dump(errors);
    }
}

} // namespace
} // namespace sg::model
