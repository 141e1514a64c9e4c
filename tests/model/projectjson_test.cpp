// The `.stormglass.json` project format (model/io/projectjson): lossless round trips, a stable
// diff-friendly layout, and bad input answered with errors that say what and where.

#include "arch/lint.h"
#include "io/projectjson.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace sg::model {
namespace {

const std::filesystem::path kFixtures = std::filesystem::path(SG_TEST_DATA_DIR) / "projects";
const std::filesystem::path kExamples =
    std::filesystem::path(SG_TEST_DATA_DIR) / ".." / ".." / "resources" / "examples";

std::string readText(const std::filesystem::path &path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

ElementId id(const char *text) {
    return ElementId{text};
}

// 1-based line of the first line of `text` that contains `needle` (0 when none).
int lineOf(const std::string &text, const std::string &needle) {
    const std::size_t at = text.find(needle);
    if (at == std::string::npos) {
        return 0;
    }
    return 1 +
           static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

std::vector<std::string> lines(const std::string &text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(line);
    }
    return out;
}

// Every element kind, every enum value somewhere, and no field left at its default.
Project fullProject() {
    std::vector<Element> elements;

    BoundedContext context;
    context.id = id("ctx.orders");
    context.name = "Bestellungen – Orders";
    context.description = "Where orders live; \"quoted\"\nsecond line";
    context.region = {-120.5, 40.25, 1600, 820.75};
    context.color = "#ffcc00";
    elements.emplace_back(context);

    EventType placed;
    placed.id = id("order-placed");
    placed.name = "OrderPlaced";
    placed.description = "A customer placed an order";
    placed.context = context.id;
    placed.position = {0.1, 1e-300};
    placed.source = "com.shop.orders";
    placed.detailType = "OrderPlaced";
    placed.schema = Json::parse(
        R"({"type":"object","required":["orderId"],"properties":{"orderId":{"type":"string"},"total":{"type":"number"}}})");
    placed.samples.push_back(Json::parse(
        R"({"version":"0","id":"1","detail-type":"OrderPlaced","source":"com.shop.orders","account":"123456789012","time":"2025-01-01T00:00:00Z","region":"eu-west-1","resources":[],"detail":{"orderId":"o-1","total":12.5,"big":18446744073709551615,"neg":-7,"z":null,"ok":true}})"));
    placed.samples.push_back(Json::parse(R"({"detail":{}})"));
    elements.emplace_back(placed);

    Bus bus;
    bus.id = id("orders-bus");
    bus.name = "orders";
    bus.description = "custom bus";
    bus.context = context.id;
    bus.position = {260, -0.0};
    bus.account = "210987654321";
    bus.region = "eu-central-1";
    bus.archives.push_back({"all-orders", "everything", "", 0});
    bus.archives.push_back({"placed", "placed only", R"({"detail-type":["OrderPlaced"]})", 30});
    elements.emplace_back(bus);

    ExternalSystem provider;
    provider.id = id("payment-provider");
    provider.name = "PSP";
    provider.description = "card payments";
    provider.position = {1, 2};
    provider.behavior.latency.kind = LatencyKind::LogNormal;
    provider.behavior.latency.medianMs = 180;
    provider.behavior.latency.sigma = 0.45;
    provider.behavior.concurrency = 50;
    provider.behavior.failures = {{FailureKind::Timeout, 0.01}, {FailureKind::Throttled, 0.002}};
    provider.behavior.faults = {
        {600, 1500, FaultMode::Down, FailureKind::ServerError, 1, 0},
        {1800, 2100, FaultMode::Slow, FailureKind::ConnectionFailure, 1, 2500},
        {2400, 2700.5, FaultMode::Failing, FailureKind::Throttled, 0.25, 0}};
    elements.emplace_back(provider);

    Consumer billing;
    billing.id = id("billing-fn");
    billing.kind = ElementKind::Function;
    billing.name = "Billing";
    billing.description = "charges cards";
    billing.context = context.id;
    billing.position = {520, 300};
    billing.arn = "arn:aws:lambda:eu-west-1:123456789012:function:billing";
    billing.behavior.latency.kind = LatencyKind::Normal;
    billing.behavior.latency.meanMs = 120.5;
    billing.behavior.latency.stddevMs = 30;
    billing.behavior.concurrency = 10;
    billing.behavior.failures = {{FailureKind::ServerError, 0.001},
                                 {FailureKind::ConnectionFailure, 0.0005},
                                 {FailureKind::PermissionDenied, 0.0001},
                                 {FailureKind::TargetDeleted, 1e-6},
                                 {FailureKind::ClientError, 0.25}};
    billing.behavior.followUps = {{placed.id, bus.id, 0.97}, {placed.id, ElementId{}, 1}};
    billing.behavior.dependsOn = {provider.id};
    billing.timeoutSeconds = 30;
    billing.asyncInvocation.maximumRetryAttempts = 1;
    billing.asyncInvocation.maximumEventAgeSeconds = 3600;
    billing.asyncInvocation.onFailure = id("billing-dlq");
    billing.asyncInvocation.deadLetterQueue = id("billing-dlq");
    elements.emplace_back(billing);

    Consumer shipping;
    shipping.id = id("shipping-sm");
    shipping.kind = ElementKind::StateMachine;
    shipping.name = "Shipping";
    shipping.position = {520, 600};
    shipping.behavior.latency.kind = LatencyKind::Uniform;
    shipping.behavior.latency.minMs = 100;
    shipping.behavior.latency.maxMs = 2500;
    elements.emplace_back(shipping);

    Consumer fixed;
    fixed.id = id("fixed-fn");
    fixed.name = "Fixed";
    fixed.behavior.latency.valueMs = 7.25;
    elements.emplace_back(fixed);

    Queue dlq;
    dlq.id = id("billing-dlq");
    dlq.name = "billing-dlq";
    dlq.description = "dead letters";
    dlq.context = context.id;
    dlq.position = {780, 300};
    dlq.arn = "arn:aws:sqs:eu-west-1:123456789012:billing-dlq";
    dlq.messageRetentionSeconds = 1209600;
    dlq.readBy = billing.id;
    dlq.visibilityTimeoutSeconds = 180;
    dlq.redrivePolicy = {id("audit.fifo"), 3};
    dlq.readerBatchSize = 25;
    dlq.readerMaximumConcurrency = 5;
    elements.emplace_back(dlq);

    Queue fifo;
    fifo.id = id("audit.fifo");
    fifo.name = "audit.fifo";
    fifo.fifo = true;
    elements.emplace_back(fifo);

    Connection apiKey;
    apiKey.id = id("mail-connection");
    apiKey.name = "mail";
    apiKey.description = "key auth";
    apiKey.position = {3, 4};
    apiKey.apiKeyName = "x-api-key";
    elements.emplace_back(apiKey);

    Connection basic;
    basic.id = id("basic-connection");
    basic.authorization = AuthorizationType::Basic;
    basic.username = "svc";
    elements.emplace_back(basic);

    Connection oauth;
    oauth.id = id("oauth-connection");
    oauth.authorization = AuthorizationType::OAuthClientCredentials;
    oauth.oauthEndpoint = "https://auth.example.com/token";
    oauth.oauthHttpMethod = "POST";
    oauth.oauthClientId = "client-1";
    elements.emplace_back(oauth);

    ExternalSystem mailer;
    mailer.id = id("mailer");
    mailer.name = "Mailer";
    elements.emplace_back(mailer);

    ApiDestination email;
    email.id = id("email-api");
    email.name = "Email API";
    email.description = "sends mail";
    email.context = context.id;
    email.position = {5, 6};
    email.connection = apiKey.id;
    email.endpoint = "https://mail.example.com/v1/*/send";
    email.httpMethod = "PUT";
    email.invocationRateLimitPerSecond = 20;
    email.externalSystem = mailer.id;
    email.behavior.latency.kind = LatencyKind::Percentiles;
    email.behavior.latency.table = {{50, 80}, {99, 450.5}, {100, 5000}};
    elements.emplace_back(email);

    Producer shop;
    shop.id = id("shop-web");
    shop.name = "Shop";
    shop.description = "web shop";
    shop.context = context.id;
    shop.position = {-260, 0};
    shop.bus = bus.id;
    Emission constant;
    constant.eventType = placed.id;
    constant.rate.perSecond = 2.5;
    FieldVariation choice;
    choice.path = "detail.tier";
    choice.values = Json::parse(R"(["gold","silver",3,null])");
    FieldVariation range;
    range.path = "detail.total";
    range.kind = VariationKind::Range;
    range.min = 5;
    range.max = 500.5;
    range.step = 0.5;
    FieldVariation sequence{"detail.n", VariationKind::Sequence, Json::array(), 100, 0, 2};
    FieldVariation uuid{"id", VariationKind::Uuid, Json::array(), 0, 0, 1};
    FieldVariation time{"time", VariationKind::Time, Json::array(), 0, 0, 1};
    constant.variations = {choice, range, sequence, uuid, time};
    Emission poisson{placed.id, RateModel{RateKind::Poisson, 0.3, 0, 0, {}, {}}, {}};
    Emission burst{placed.id, RateModel{RateKind::Burst, 1, 50, 30.5, {}, {}}, {}};
    std::vector<double> hourly(24, 0.5);
    hourly[12] = 1;
    Emission daily{placed.id, RateModel{RateKind::Daily, 4, 0, 0, hourly, {}}, {}};
    Emission scripted{
        placed.id, RateModel{RateKind::Scripted, 1, 0, 0, {}, {{0, 1}, {12.5, 40}}}, {}};
    shop.emits = {constant, poisson, burst, daily, scripted};
    elements.emplace_back(shop);

    Rule rule;
    rule.id = id("bill-orders");
    rule.name = "bill-orders";
    rule.description = "OrderPlaced to billing";
    rule.context = context.id;
    rule.position = {260, 300};
    rule.bus = bus.id;
    rule.pattern = R"({"source":["com.shop.orders"],"detail":{"total":[{"numeric":[">",0]}]}})";
    rule.enabled = false;
    Target toBilling;
    toBilling.id = "billing";
    toBilling.destination = billing.id;
    toBilling.retryPolicy = {3, 600};
    toBilling.deadLetterQueue = dlq.id;
    toBilling.input = TargetInput::transformer({{"order", "$.detail.orderId"}, {"a/b~c", "$.id"}},
                                               R"({"order": <order>})");
    Target toShipping{"shipping", shipping.id, {}, ElementId{}, TargetInput::path("$.detail")};
    Target toEmail{"email", email.id, {}, ElementId{}, TargetInput::constant(R"({"kind":"mail"})")};
    Target toAudit{"audit", fifo.id, {0, 60}, ElementId{}, TargetInput::constant("\"text\"")};
    Target toBus{"forward", bus.id, {}, ElementId{}, {}};
    rule.targets = {toBilling, toShipping, toEmail, toAudit, toBus};
    elements.emplace_back(rule);

    Rule formatted;
    formatted.id = id("formatted");
    formatted.bus = bus.id;
    formatted.pattern = "{\n  \"source\": [\"a\"]\n}";
    elements.emplace_back(formatted);

    const StickyKind kinds[] = {StickyKind::DomainEvent,    StickyKind::Command,
                                StickyKind::Policy,         StickyKind::ReadModel,
                                StickyKind::ExternalSystem, StickyKind::Actor,
                                StickyKind::Aggregate,      StickyKind::Hotspot};
    int n = 0;
    for (StickyKind kind : kinds) {
        Sticky sticky;
        sticky.id = ElementId{"sticky-" + std::to_string(n)};
        sticky.kind = kind;
        sticky.text = "Sticky ✓ " + std::to_string(n);
        sticky.context = context.id;
        sticky.geometry = defaultStickyGeometry(kind, {n * 200.0, -400});
        sticky.linked = n == 0 ? placed.id : ElementId{};
        elements.emplace_back(sticky);
        ++n;
    }

    Project project;
    project.setInfo("Full ✓ project", "Every kind\tand every field");
    for (Element &element : elements) {
        EXPECT_TRUE(project.appendUnchecked(std::move(element)).ok());
    }
    EXPECT_TRUE(project.checkReferences().ok()) << project.checkReferences().error().message;
    return project;
}

void expectSameProject(const Project &a, const Project &b) {
    EXPECT_EQ(a.name(), b.name());
    EXPECT_EQ(a.description(), b.description());
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_TRUE(a.elements()[i] == b.elements()[i])
            << "element " << i << " (" << elementId(a.elements()[i]).value << ") differs:\n"
            << elementToJson(a.elements()[i]).dump(2) << "\nvs\n"
            << elementToJson(b.elements()[i]).dump(2);
    }
}

// --- Round trips ------------------------------------------------------------------------------

TEST(ProjectJson, EveryKindAndFieldSurvivesWriteThenRead) {
    const Project project = fullProject();
    const std::string text = writeProjectJson(project);
    Result<Project> read = readProjectJson(text);
    ASSERT_TRUE(read.ok()) << read.error().message;
    expectSameProject(project, read.value());
    EXPECT_EQ(writeProjectJson(read.value()), text);
}

TEST(ProjectJson, TheAccountInvocationQuotaIsWrittenOnlyWhenSetAndReadBack) {
    Project project = fullProject();
    const std::string without = writeProjectJson(project);
    EXPECT_EQ(without.find("accountInvocationQuotaPerSecond"), std::string::npos);
    Result<Project> read = readProjectJson(without);
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_EQ(read->accountInvocationQuotaPerSecond(), 0);

    project.setAccountInvocationQuotaPerSecond(1100);
    const std::string with = writeProjectJson(project);
    EXPECT_NE(with.find("\n  \"accountInvocationQuotaPerSecond\": 1100,\n"), std::string::npos)
        << with.substr(0, 200);
    read = readProjectJson(with);
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_EQ(read->accountInvocationQuotaPerSecond(), 1100);
    EXPECT_TRUE(*read == project);
    EXPECT_EQ(writeProjectJson(*read), with);

    Result<Project> bad = readProjectJson(
        R"({"formatVersion": 2, "accountInvocationQuotaPerSecond": 1.5, "elements": []})");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().field, "/accountInvocationQuotaPerSecond");
    EXPECT_NE(bad.error().message.find("must be a whole number"), std::string::npos)
        << bad.error().message;
}

TEST(ProjectJson, EveryElementSurvivesElementToJsonAndBack) {
    const Project project = fullProject();
    for (const Element &element : project.elements()) {
        // The SQLite file stores elements one by one in compact form.
        const std::string compact = elementToJson(element).dump();
        Result<Element> back = elementFromJson(Json::parse(compact), "");
        ASSERT_TRUE(back.ok()) << back.error().message;
        EXPECT_TRUE(back.value() == element) << compact;
    }
}

TEST(ProjectJson, DoublesRoundTripExactly) {
    const double values[] = {0.1,
                             1.0 / 3.0,
                             -2.5e-310, // subnormal
                             std::numeric_limits<double>::max(),
                             std::numeric_limits<double>::min(),
                             123456789.123456789,
                             -0.0,
                             9007199254740993.0};
    Project project;
    int n = 0;
    for (double value : values) {
        Sticky sticky;
        sticky.id = ElementId{"s" + std::to_string(n++)};
        sticky.geometry = {value, -value, value * 0.5, value / 3};
        ASSERT_TRUE(project.appendUnchecked(sticky).ok());
    }
    Result<Project> read = readProjectJson(writeProjectJson(project));
    ASSERT_TRUE(read.ok()) << read.error().message;
    for (std::size_t i = 0; i < project.size(); ++i) {
        const Rect &a = std::get<Sticky>(project.elements()[i]).geometry;
        const Rect &b = std::get<Sticky>(read->elements()[i]).geometry;
        EXPECT_EQ(std::signbit(a.y), std::signbit(b.y));
        EXPECT_EQ(std::memcmp(&a, &b, sizeof(Rect)), 0) << "value " << values[i];
    }
}

TEST(ProjectJson, BundledExamplesRoundTripByteIdenticalAndLintClean) {
    std::vector<std::filesystem::path> files;
    for (const char *name : {"e-commerce", "login-alert", "cascading-failure"}) {
        files.push_back(kExamples / (std::string(name) + ".stormglass.json"));
    }
    for (const std::filesystem::path &file : files) {
        SCOPED_TRACE(file.string());
        ASSERT_TRUE(std::filesystem::exists(file));
        const std::string text = readText(file);
        Result<Project> project = readProjectJson(text);
        ASSERT_TRUE(project.ok()) << project.error().message;
        EXPECT_EQ(writeProjectJson(project.value()), text);

        // Realistic enough for a workshop: both a board and an architecture.
        EXPECT_FALSE(project->all<Sticky>().empty());
        EXPECT_FALSE(project->all<BoundedContext>().empty());
        EXPECT_FALSE(project->all<Rule>().empty());
        EXPECT_FALSE(project->all<Queue>().empty());
        for (const Finding &finding : lintProject(project.value())) {
            EXPECT_EQ(finding.severity, Severity::Info)
                << finding.code << " on " << finding.element.value << ": " << finding.message;
        }
    }
}

// --- Layout -----------------------------------------------------------------------------------

TEST(ProjectJson, LayoutIsStableAndReadable) {
    const Project project = fullProject();
    const std::string text = writeProjectJson(project);
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(text.back(), '\n');
    const std::vector<std::string> all = lines(text);
    ASSERT_GE(all.size(), 6U);
    EXPECT_EQ(all[0], "{");
    EXPECT_EQ(all[1], "  \"formatVersion\": 2,");
    EXPECT_EQ(all[2], "  \"name\": \"Full ✓ project\","); // UTF-8 as is, not \u escapes
    EXPECT_EQ(all[3], "  \"description\": \"Every kind\\tand every field\",");
    EXPECT_EQ(all[4], "  \"elements\": [");

    // Each element starts with its kind and id; the rule's fields follow in declaration order.
    const Json json = Json::parse(text);
    for (const Json &element : json["elements"]) {
        ASSERT_GE(element.size(), 2U);
        EXPECT_EQ(element.begin().key(), "kind");
        EXPECT_EQ(std::next(element.begin()).key(), "id");
    }
    std::vector<std::string> ruleKeys;
    for (const auto &item : json["elements"][15].items()) {
        ruleKeys.push_back(item.key());
    }
    EXPECT_EQ(ruleKeys,
              (std::vector<std::string>{"kind", "id", "name", "description", "context", "position",
                                        "bus", "pattern", "enabled", "targets"}));
    // Unset references are written as null, never left out, so every element of a kind has the
    // same lines.
    EXPECT_TRUE(json["elements"][15]["targets"][1]["deadLetterQueue"].is_null());
    EXPECT_TRUE(json["elements"][15]["targets"][1]["inputTransformer"].is_null());
    EXPECT_TRUE(json["elements"][6]["behavior"]["followUps"].is_array());
}

TEST(ProjectJson, OneFieldEditIsOneLineDiff) {
    Project project = fullProject();
    const std::string before = writeProjectJson(project);
    Rule rule = *project.get<Rule>(id("bill-orders"));
    rule.targets[0].retryPolicy.maximumRetryAttempts = 9;
    ASSERT_TRUE(project.apply({ReplaceElement{rule}, "edit"}).ok());
    const std::string after = writeProjectJson(project);
    const std::vector<std::string> a = lines(before);
    const std::vector<std::string> b = lines(after);
    ASSERT_EQ(a.size(), b.size());
    int changed = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i]) {
            ++changed;
            EXPECT_NE(b[i].find("\"maximumRetryAttempts\": 9"), std::string::npos) << b[i];
        }
    }
    EXPECT_EQ(changed, 1);
}

TEST(ProjectJson, CompactPatternsAreWrittenAsObjectsOtherTextAsStrings) {
    const Project project = fullProject();
    const Json json = Json::parse(writeProjectJson(project));
    const Json &rule = json["elements"][15];
    ASSERT_EQ(rule["id"], "bill-orders");
    // One pattern field per line in the file...
    EXPECT_TRUE(rule["pattern"].is_object());
    EXPECT_EQ(rule["pattern"]["source"][0], "com.shop.orders");
    EXPECT_TRUE(rule["targets"][2]["input"].is_object());
    // ...but text the user formatted, or that is not an object, is kept verbatim.
    EXPECT_EQ(json["elements"][16]["pattern"], "{\n  \"source\": [\"a\"]\n}");
    EXPECT_EQ(rule["targets"][3]["input"], "\"text\"");
    EXPECT_EQ(json["elements"][2]["archives"][0]["pattern"], "");
    EXPECT_TRUE(json["elements"][2]["archives"][1]["pattern"].is_object());
}

TEST(ProjectJson, MissingOptionalFieldsTakeDefaults) {
    Result<Project> read = readProjectJson(R"({"formatVersion": 1, "elements": [
        {"kind": "bus", "id": "b"},
        {"kind": "function", "id": "f"},
        {"kind": "rule", "id": "r", "bus": "b", "pattern": "{}",
         "targets": [{"id": "t", "destination": "f"}]},
        {"kind": "sticky", "id": "s", "stickyKind": "policy"}
    ]})");
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_EQ(read->name(), "");
    const Rule *rule = read->get<Rule>(id("r"));
    ASSERT_NE(rule, nullptr);
    EXPECT_TRUE(rule->enabled);
    ASSERT_EQ(rule->targets.size(), 1U);
    EXPECT_EQ(rule->targets[0].retryPolicy, RetryPolicy{});
    EXPECT_FALSE(rule->targets[0].input.input.has_value());
    const Consumer *function = read->get<Consumer>(id("f"));
    ASSERT_NE(function, nullptr);
    EXPECT_EQ(function->behavior, Behavior{});
    EXPECT_EQ(function->kind, ElementKind::Function);
    EXPECT_EQ(read->get<Sticky>(id("s"))->kind, StickyKind::Policy);
}

// A formatVersion 1 file predates Lambda's and SQS's retry settings: it opens with AWS's
// defaults, and lint says so on each function and queue (not on state machines).
TEST(ProjectJson, AFormatVersion1FileOpensWithAwsDefaultsAndLintSaysSo) {
    Result<Project> read = readProjectJson(R"({"formatVersion": 1, "elements": [
        {"kind": "function", "id": "f"},
        {"kind": "stateMachine", "id": "sm"},
        {"kind": "queue", "id": "q"}
    ]})");
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_EQ(read->upgradedFrom(), "formatVersion 1");
    const Consumer *function = read->get<Consumer>(id("f"));
    ASSERT_NE(function, nullptr);
    EXPECT_EQ(function->timeoutSeconds, 3);
    EXPECT_EQ(function->asyncInvocation.maximumRetryAttempts, 2);
    EXPECT_EQ(function->asyncInvocation.maximumEventAgeSeconds, 21600);
    EXPECT_TRUE(function->asyncInvocation.onFailure.empty());
    const Queue *queue = read->get<Queue>(id("q"));
    ASSERT_NE(queue, nullptr);
    EXPECT_EQ(queue->visibilityTimeoutSeconds, 30);
    EXPECT_TRUE(queue->redrivePolicy.deadLetterQueue.empty());
    EXPECT_EQ(queue->readerBatchSize, 10);
    std::vector<std::string> noted;
    for (const Finding &finding : lintProject(read.value())) {
        if (finding.code == "upgraded-defaults") {
            EXPECT_EQ(finding.severity, Severity::Info);
            EXPECT_NE(finding.message.find("formatVersion 1"), std::string::npos);
            noted.push_back(finding.element.value);
        }
    }
    EXPECT_EQ(noted, (std::vector<std::string>{"f", "q"}));

    // Written again, the file is in the current format, and says nothing more.
    Result<Project> again = readProjectJson(writeProjectJson(read.value()));
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->upgradedFrom(), "");
    for (const Finding &finding : lintProject(again.value())) {
        EXPECT_NE(finding.code, "upgraded-defaults") << finding.message;
    }
}

TEST(ProjectJson, AStateMachineHasNoLambdaSettingsAndSaysWhere) {
    const std::string text = R"({"formatVersion": 2, "elements": [
        {"kind": "stateMachine", "id": "sm",
         "asyncInvocation": {"maximumRetryAttempts": 1}}
    ]})";
    Result<Project> read = readProjectJson(text);
    ASSERT_FALSE(read.ok());
    EXPECT_NE(read.error().message.find("asyncInvocation"), std::string::npos)
        << read.error().message;
    EXPECT_EQ(read.error().line, 3);
}

TEST(ProjectJson, AnOnFailureDestinationOfTheWrongKindIsRefusedWithWhere) {
    Result<Project> read = readProjectJson(R"({"formatVersion": 2, "elements": [
        {"kind": "bus", "id": "b"},
        {"kind": "eventType", "id": "t", "source": "s", "detailType": "d"},
        {"kind": "function", "id": "f", "asyncInvocation": {"onFailure": "t"}}
    ]})");
    ASSERT_FALSE(read.ok());
    EXPECT_NE(read.error().message.find("must refer to a queue, function or bus"),
              std::string::npos)
        << read.error().message;
    EXPECT_EQ(read.error().field, "/elements/2/asyncInvocation/onFailure");
}

// --- Bad input --------------------------------------------------------------------------------

struct BadFile {
    const char *file;
    const char *message;    // a part the message must contain
    const char *field;      // the JSON pointer, "" when none
    const char *lineMarker; // text on the line the error must point at, "" for none
    int lineDelta = 0;      // the line is this far from the marker's (a missing field: the
                            // object's opening brace)
};

class ProjectJsonBadFile : public testing::TestWithParam<BadFile> {};

TEST_P(ProjectJsonBadFile, SaysWhatAndWhere) {
    const BadFile &bad = GetParam();
    const std::string text = readText(kFixtures / bad.file);
    ASSERT_FALSE(text.empty()) << "missing fixture " << bad.file;
    Result<Project> read = readProjectJson(text);
    ASSERT_FALSE(read.ok());
    const Error &error = read.error();
    EXPECT_NE(error.message.find(bad.message), std::string::npos) << error.message;
    EXPECT_EQ(error.field, bad.field) << error.message;
    // Messages end up in JSON Lines output, so they must be valid UTF-8 whatever the input was.
    EXPECT_NO_THROW((void)Json(error.message).dump()) << error.message;
    if (*bad.lineMarker != '\0') {
        const int line = lineOf(text, bad.lineMarker);
        ASSERT_GT(line, 0) << "marker not in fixture";
        EXPECT_EQ(error.line, line + bad.lineDelta) << error.message;
        EXPECT_GT(error.column, 0);
        EXPECT_NE(error.offset, Error::kNoOffset);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, ProjectJsonBadFile,
    testing::Values(
        BadFile{"truncated.stormglass.json", "ends too early", "", ""},
        BadFile{"syntax-error.stormglass.json", "line 7, column", "", "\"name\" \"Orders\""},
        BadFile{"random-bytes.stormglass.json", "line 1, column 1: ", "", ""},
        BadFile{"future-version.stormglass.json",
                "written by a newer Stormglass (formatVersion 3; this version reads up to 2)",
                "/formatVersion", "\"formatVersion\""},
        BadFile{"no-format-version.stormglass.json", "no \"formatVersion\"", "/formatVersion", ""},
        BadFile{"not-an-object.stormglass.json", "holds a JSON object, not an array", "", ""},
        BadFile{"wrong-type.stormglass.json",
                "/elements/2 (rule \"bill-orders\"): field \"bus\" must be an element id (a "
                "string) or null, not a number",
                "/elements/2/bus", "\"bus\": 42"},
        BadFile{"unknown-kind.stormglass.json",
                "/elements/1: field \"kind\" is \"rul\", which is not an element kind; did you "
                "mean \"rule\"?",
                "/elements/1/kind", "\"rul\""},
        BadFile{"unknown-field.stormglass.json",
                "/elements/2 (rule \"bill-orders\"): field \"targets/0/destinaton\" is not a "
                "target field; did you mean \"destination\"?",
                "/elements/2/targets/0/destinaton", "\"destinaton\""},
        BadFile{"missing-pattern.stormglass.json",
                "/elements/2 (rule \"bill-orders\"): field \"pattern\" is missing",
                "/elements/2/pattern", "\"kind\": \"rule\"", -1},
        BadFile{"missing-id.stormglass.json", "/elements/1 (function): field \"id\" is missing",
                "/elements/1/id", "\"kind\": \"function\"", -1},
        BadFile{"invalid-id.stormglass.json",
                "field \"id\" is \"Billing Function\", which is not a valid element id",
                "/elements/1/id", "\"Billing Function\""},
        BadFile{"duplicate-id.stormglass.json",
                "/elements/2 (queue \"billing\"): field \"id\" repeats the id of /elements/1 "
                "(function \"billing\")",
                "/elements/2/id", "\"id\": \"billing\"\n"},
        BadFile{"dangling-reference.stormglass.json",
                "/elements/2 (rule \"bill-orders\"): field \"targets/0/destination\" refers to "
                "\"billing-fn\", which is not an element of this project",
                "/elements/2/targets/0/destination", "\"billing-fn\""},
        BadFile{"wrong-kind-reference.stormglass.json",
                "field \"targets/0/deadLetterQueue\" refers to /elements/1 (function "
                "\"billing\"), but must refer to a queue",
                "/elements/2/targets/0/deadLetterQueue", "\"deadLetterQueue\": \"billing\""},
        BadFile{"duplicate-key.stormglass.json", "the key \"bus\" appears twice", "/elements/2/bus",
                "\"bus\": \"other-bus\""},
        BadFile{"duplicate-target-id.stormglass.json",
                "field \"targets/1/id\" is \"t1\", already the id of targets/0",
                "/elements/2/targets/1/id", "\"id\": \"t1\", \"destination\": \"queue\""},
        BadFile{"bad-enum.stormglass.json",
                "field \"behavior/failures/0/kind\" is \"serverErr\", which is not a failure "
                "kind; did you mean \"serverError\"?",
                "/elements/1/behavior/failures/0/kind", "\"serverErr\""},
        BadFile{"latency-field-of-other-kind.stormglass.json",
                "field \"behavior/latency/maxMs\" is not a fixed latency field",
                "/elements/1/behavior/latency/maxMs", "\"maxMs\""}),
    [](const testing::TestParamInfo<BadFile> &row) {
        std::string name = row.param.file;
        name = name.substr(0, name.find('.'));
        std::replace(name.begin(), name.end(), '-', '_');
        return name;
    });

TEST(ProjectJson, EveryTruncationOfAnExampleFailsCleanly) {
    const std::string text = readText(kExamples / "login-alert.stormglass.json");
    ASSERT_FALSE(text.empty());
    // The last byte is the trailing newline, without which the file is still complete JSON.
    const std::size_t complete = text.find_last_not_of('\n') + 1;
    // About 400 cuts spread over the file, through every kind of token.
    const std::size_t step = std::max<std::size_t>(1, complete / 400) | 1;
    for (std::size_t size = 0; size < complete; size += step) {
        Result<Project> read = readProjectJson(std::string_view(text).substr(0, size));
        ASSERT_FALSE(read.ok()) << "prefix of " << size << " bytes was accepted";
        EXPECT_GT(read.error().line, 0) << read.error().message;
        EXPECT_EQ(read.error().message.rfind("line ", 0), 0U) << read.error().message;
    }
}

TEST(ProjectJson, MutatedExamplesNeverCrashAndWhatIsAcceptedRoundTrips) {
    const std::string original = readText(kExamples / "cascading-failure.stormglass.json");
    ASSERT_FALSE(original.empty());
    std::mt19937 random(20250314);
    const char replacements[] = {'"', '{', '}', '[', ']', ',', ':', '0', 'x', '\\', '\xff', ' '};
    int accepted = 0;
    for (int round = 0; round < 500; ++round) {
        std::string text = original;
        const std::size_t at = random() % text.size();
        text[at] = replacements[random() % sizeof(replacements)];
        Result<Project> read = readProjectJson(text);
        if (read.ok()) {
            ++accepted;
            const std::string written = writeProjectJson(read.value());
            Result<Project> again = readProjectJson(written);
            ASSERT_TRUE(again.ok()) << again.error().message;
            EXPECT_EQ(writeProjectJson(again.value()), written);
        } else {
            EXPECT_FALSE(read.error().message.empty());
            EXPECT_NO_THROW((void)Json(read.error().message).dump());
        }
    }
    // Edits inside strings and numbers are legal; the test would prove little if none were.
    EXPECT_GT(accepted, 0);
}

TEST(ProjectJson, HostileInputIsRefusedWithoutCrashing) {
    const std::string deep = "{\"formatVersion\":1,\"elements\":[{\"kind\":\"eventType\",\"id\":"
                             "\"e\",\"samples\":[" +
                             std::string(100000, '[') + std::string(100000, ']') + "]}]}";
    Result<Project> nested = readProjectJson(deep);
    ASSERT_FALSE(nested.ok());
    EXPECT_NE(nested.error().message.find("nests deeper"), std::string::npos)
        << nested.error().message;

    Result<Project> huge = readProjectJson(R"({"formatVersion": 1e999})");
    ASSERT_FALSE(huge.ok());
    EXPECT_NE(huge.error().message.find("number overflow"), std::string::npos)
        << huge.error().message;

    Result<Project> fraction = readProjectJson(R"({"formatVersion": 1.5})");
    ASSERT_FALSE(fraction.ok());
    EXPECT_NE(fraction.error().message.find("must be a whole number, not 1.5"), std::string::npos)
        << fraction.error().message;

    Result<Project> badUtf8 = readProjectJson("{\"formatVersion\": 1, \"name\": \"\xff\xfe\"}");
    ASSERT_FALSE(badUtf8.ok());
    EXPECT_EQ(badUtf8.error().line, 1) << badUtf8.error().message;

    Result<Project> empty = readProjectJson("");
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().line, 1) << empty.error().message;

    Result<Project> tooBigInt =
        readProjectJson(R"({"formatVersion": 1, "elements": [{"kind": "queue", "id": "q",
                            "messageRetentionSeconds": 99999999999}]})");
    ASSERT_FALSE(tooBigInt.ok());
    EXPECT_EQ(tooBigInt.error().field, "/elements/0/messageRetentionSeconds");
    EXPECT_EQ(tooBigInt.error().line, 2) << tooBigInt.error().message;
}

TEST(ProjectJson, UnknownTopLevelFieldAndCloudFormationAreExplained) {
    Result<Project> typo = readProjectJson(R"({"formatVersion": 1, "element": []})");
    ASSERT_FALSE(typo.ok());
    EXPECT_EQ(typo.error().message,
              "field \"element\" is not a project field; did you mean \"elements\"?");
    EXPECT_EQ(typo.error().field, "/element");

    Result<Project> template_ = readProjectJson(R"({"Resources": {}})");
    ASSERT_FALSE(template_.ok());
    EXPECT_NE(template_.error().message.find("CloudFormation template"), std::string::npos);
}

TEST(ProjectJson, ElementFromJsonPrefixesErrorsWithWhere) {
    Result<Element> bad = elementFromJson(
        Json::parse(R"({"kind": "queue", "id": "q", "fifo": "yes"})"), "/elements/7");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().field, "/elements/7/fifo");
    EXPECT_EQ(bad.error().message,
              "/elements/7 (queue \"q\"): field \"fifo\" must be true or false, not a string");

    Result<Element> bare =
        elementFromJson(Json::parse(R"({"kind": "queue", "id": "q", "fifo": 1})"), "");
    ASSERT_FALSE(bare.ok());
    EXPECT_EQ(bare.error().message,
              "queue \"q\": field \"fifo\" must be true or false, not a number");

    Result<Element> notObject = elementFromJson(Json::array(), "/elements/0");
    ASSERT_FALSE(notObject.ok());
    EXPECT_EQ(notObject.error().message, "/elements/0: must be an object, not an array");
}

} // namespace

// Fault windows are written with only the keys of their mode; a key of another mode is a
// mistake worth saying, with where.
TEST(ProjectJson, AFaultWindowKeyOfAnotherModeIsRefusedWithWhere) {
    Project project = fullProject();
    Json json = Json::parse(writeProjectJson(project));
    Json *faults = nullptr;
    for (Json &element : json["elements"]) {
        if (element.contains("behavior") && element["behavior"].contains("faults")) {
            faults = &element["behavior"]["faults"];
            break;
        }
    }
    ASSERT_NE(faults, nullptr);
    EXPECT_FALSE((*faults)[1].contains("failure")) << "a slow window has no failure kind";
    EXPECT_FALSE((*faults)[0].contains("rate")) << "a down window has no rate";
    (*faults)[0]["extraLatencyMs"] = 10;
    const Result<Project> read = readProjectJson(json.dump(2));
    ASSERT_FALSE(read.ok());
    EXPECT_NE(read.error().message.find("behavior/faults/0/extraLatencyMs"), std::string::npos)
        << read.error().message;
}

TEST(ProjectJson, AFileWithoutFaultWindowsReadsAsNoFaults) {
    Project project = fullProject();
    Json json = Json::parse(writeProjectJson(project));
    for (Json &element : json["elements"]) {
        if (element.contains("behavior")) {
            element["behavior"].erase("faults");
        }
    }
    const Result<Project> read = readProjectJson(json.dump(2));
    ASSERT_TRUE(read.ok()) << read.error().message;
    for (const Element &element : read->elements()) {
        if (const auto *external = std::get_if<ExternalSystem>(&element)) {
            EXPECT_TRUE(external->behavior.faults.empty());
        }
    }
}

} // namespace sg::model
