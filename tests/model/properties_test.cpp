// Element properties: every listed key can be set and reads back what was set, as one command
// whose inverse restores the project exactly and that leaves every reference resolved; every
// value out of range is refused with a message naming the field and the range; list entries are
// added and removed as single commands.

#include "arch/properties.h"

#include "arch/edits.h"
#include "io/projectfile.h"
#include "io/projectjson.h"

#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>
#include <limits>
#include <set>
#include <string>

namespace {

using namespace sg::model;
using sg::Result;

Project orders() {
    Result<Project> loaded =
        loadProject(std::string(SG_TEST_DATA_DIR) + "/app/orders.stormglass.json");
    EXPECT_TRUE(loaded.ok()) << (loaded ? "" : loaded.error().message);
    return loaded ? std::move(loaded).value() : Project{};
}

void append(Project &project, Element element) {
    Result<bool> added = project.appendUnchecked(std::move(element));
    ASSERT_TRUE(added.ok()) << added.error().message;
}

// The orders fixture plus one element of every other kind, and the variants of each (every
// latency, rate and variation kind, every target input kind), all referring to each other.
Project everything() {
    Project project = orders();
    {
        EventType refunded;
        refunded.id = {"refund-issued"};
        refunded.name = "RefundIssued";
        refunded.source = "com.shop.refunds";
        refunded.detailType = "RefundIssued";
        refunded.schema = Json{{"type", "object"}};
        refunded.samples = {Json{{"source", "com.shop.refunds"},
                                 {"detail-type", "RefundIssued"},
                                 {"detail", {{"amount", 5}}}},
                            Json{{"source", "com.shop.refunds"},
                                 {"detail-type", "RefundIssued"},
                                 {"detail", {{"amount", 7}}}}};
        append(project, refunded);
    }
    {
        Bus archive;
        archive.id = {"audit-bus"};
        archive.name = "audit";
        archive.account = "111122223333";
        archive.region = "eu-west-1";
        archive.archives = {Archive{"audit-all", "every event", "", 30},
                            Archive{"refunds", "", R"({"source":["com.shop.refunds"]})", 0}};
        append(project, archive);
        Bus spare;
        spare.id = {"spare-bus"};
        spare.name = "spare";
        append(project, spare);
    }
    {
        Consumer flow;
        flow.id = {"refund-flow"};
        flow.kind = ElementKind::StateMachine;
        flow.name = "Refund flow";
        flow.behavior.latency.kind = LatencyKind::Percentiles;
        flow.behavior.latency.table = {{50, 100}, {99, 900}};
        flow.behavior.concurrency = 10;
        flow.behavior.failures = {{FailureKind::Timeout, 0.05}, {FailureKind::ClientError, 0.01}};
        flow.behavior.followUps = {{{"refund-issued"}, {"orders-bus"}, 0.5}};
        flow.behavior.dependsOn = {{"billing-fn"}};
        flow.behavior.faults = {{600, 1200, FaultMode::Failing, FailureKind::Throttled, 0.5, 0},
                                {1800, 2400, FaultMode::Slow, FailureKind::ServerError, 1, 3000}};
        append(project, flow);
    }
    {
        ExternalSystem psp;
        psp.id = {"psp"};
        psp.name = "Payment provider";
        psp.behavior.latency.kind = LatencyKind::LogNormal;
        psp.behavior.latency.medianMs = 80;
        psp.behavior.latency.sigma = 0.6;
        append(project, psp);
    }
    {
        Connection connection;
        connection.id = {"psp-connection"};
        connection.name = "psp-connection";
        connection.authorization = AuthorizationType::OAuthClientCredentials;
        connection.oauthEndpoint = "https://auth.example.com/token";
        connection.oauthHttpMethod = "POST";
        connection.oauthClientId = "client";
        append(project, connection);
        Connection key;
        key.id = {"key-connection"};
        key.name = "key-connection";
        key.apiKeyName = "x-api-key";
        append(project, key);
        Connection basic;
        basic.id = {"basic-connection"};
        basic.name = "basic-connection";
        basic.authorization = AuthorizationType::Basic;
        basic.username = "me";
        append(project, basic);
    }
    {
        ApiDestination api;
        api.id = {"psp-api"};
        api.name = "psp-api";
        api.connection = {"psp-connection"};
        api.endpoint = "https://psp.example.com/charges";
        api.externalSystem = {"psp"};
        api.invocationRateLimitPerSecond = 50;
        api.behavior.latency.kind = LatencyKind::Uniform;
        api.behavior.latency.minMs = 10;
        api.behavior.latency.maxMs = 40;
        api.behavior.dependsOn = {{"psp"}};
        append(project, api);
        Consumer normal;
        normal.id = {"normal-fn"};
        normal.name = "normal-fn";
        normal.behavior.latency.kind = LatencyKind::Normal;
        normal.behavior.latency.meanMs = 30;
        normal.behavior.latency.stddevMs = 5;
        append(project, normal);
        Queue fifo;
        fifo.id = {"fifo-queue"};
        fifo.name = "fifo-queue.fifo";
        fifo.fifo = true;
        fifo.readBy = {"normal-fn"};
        append(project, fifo);
        // Redrive dead-letter queues of either type, so that every queue has one to choose.
        Queue fifoDlq;
        fifoDlq.id = {"fifo-dlq"};
        fifoDlq.name = "fifo-dlq.fifo";
        fifoDlq.fifo = true;
        append(project, fifoDlq);
        Queue parked;
        parked.id = {"parked"};
        parked.name = "parked";
        append(project, parked);
    }
    {
        Producer refunds;
        refunds.id = {"refunds"};
        refunds.name = "Refunds";
        refunds.bus = {"orders-bus"};
        const auto emission = [](RateKind kind) {
            Emission e;
            e.eventType = {"refund-issued"};
            e.rate.kind = kind;
            e.rate.perSecond = 2;
            e.rate.burstSize = 5;
            e.rate.burstEverySeconds = 30;
            e.rate.hourly.assign(24, 0.5);
            e.rate.script = {{0, 3}, {10, 1}};
            return e;
        };
        refunds.emits = {emission(RateKind::Constant), emission(RateKind::Poisson),
                         emission(RateKind::Burst), emission(RateKind::Daily),
                         emission(RateKind::Scripted)};
        FieldVariation choice{"detail.currency", VariationKind::Choice,
                              Json::array({"EUR", "USD"})};
        FieldVariation range{"detail.amount", VariationKind::Range, Json::array(), 1, 100, 1};
        FieldVariation sequence{"detail.n", VariationKind::Sequence, Json::array(), 1, 0, 2};
        FieldVariation uuid{"id", VariationKind::Uuid, Json::array(), 0, 0, 1};
        FieldVariation time{"time", VariationKind::Time, Json::array(), 0, 0, 1};
        refunds.emits[0].variations = {choice, range, sequence, uuid, time};
        append(project, refunds);
    }
    {
        Rule rule;
        rule.id = {"charge-psp"};
        rule.name = "charge-psp";
        rule.bus = {"orders-bus"};
        rule.pattern = R"({"source":["com.shop.orders"]})";
        Target constant;
        constant.id = "constant";
        constant.destination = {"psp-api"};
        constant.input = TargetInput::constant(R"({"hello":"world"})");
        Target transformer;
        transformer.id = "transformer";
        transformer.destination = {"refund-flow"};
        transformer.input =
            TargetInput::transformer({{"order", "$.detail.orderId"}},
                                     R"({"order": <order>, "rule": "<aws.events.rule-name>"})");
        Target forward;
        forward.id = "forward";
        forward.destination = {"audit-bus"};
        rule.targets = {constant, transformer, forward};
        append(project, rule);
    }
    {
        Sticky sticky;
        sticky.id = {"hotspot"};
        sticky.kind = StickyKind::Hotspot;
        sticky.text = "Who refunds?";
        sticky.geometry = defaultStickyGeometry(sticky.kind, {0, 700});
        sticky.linked = {"refund-flow"};
        append(project, sticky);
    }
    Result<bool> checked = project.checkReferences();
    EXPECT_TRUE(checked.ok()) << (checked ? "" : checked.error().message);
    return project;
}

bool isValue(const Property &p) {
    return p.control != PropertyControl::List && p.control != PropertyControl::Entry &&
           p.control != PropertyControl::Section;
}

// Applies `command` to a copy of `project`: it must apply, leave every reference resolved, and
// its inverse must restore the project exactly. Returns the edited copy.
Project applyChecked(const Project &project, const Result<Command> &command) {
    EXPECT_TRUE(command.ok()) << command.error().message;
    if (!command) {
        return project;
    }
    Project edited = project;
    Result<Applied> applied = edited.apply(*command);
    EXPECT_TRUE(applied.ok()) << applied.error().message;
    if (!applied) {
        return project;
    }
    Result<bool> references = edited.checkReferences();
    EXPECT_TRUE(references.ok()) << (references ? "" : references.error().message);
    Project undone = edited;
    Result<Applied> inverse = undone.apply(applied->inverse);
    EXPECT_TRUE(inverse.ok()) << inverse.error().message;
    EXPECT_TRUE(undone == project)
        << "the inverse of \"" << command->label << "\" does not restore the project";
    // What the editor leaves behind is still a valid project file.
    Result<Project> reread = readProjectJson(writeProjectJson(edited));
    EXPECT_TRUE(reread.ok()) << command->label << ": " << (reread ? "" : reread.error().message);
    return edited;
}

void expectRefused(const Result<Command> &command, const std::string &key,
                   const std::vector<std::string> &words) {
    ASSERT_FALSE(command.ok()) << "expected a refusal, got \"" << command->label << "\"";
    EXPECT_EQ(command.error().field, key);
    for (const std::string &word : words) {
        EXPECT_NE(command.error().message.find(word), std::string::npos)
            << "\"" << command.error().message << "\" does not say \"" << word << "\"";
    }
}

// Values that should be accepted for `p` and differ from its current value; the first accepted
// one is the round trip's.
std::vector<Json> candidates(const Property &p) {
    const Json &v = p.value;
    const std::string &key = p.key;
    const auto endsWith = [&key](std::string_view tail) {
        return key.ends_with(tail);
    };
    switch (p.control) {
    case PropertyControl::Text: {
        if (key == "account") {
            return {"210987654321"};
        }
        if (key == "region") {
            return {"ap-southeast-2"};
        }
        if (key == "color") {
            return {"#12ab9f"};
        }
        if (key == "endpoint" || key == "oauthEndpoint") {
            return {"https://example.com/other/*"};
        }
        if (endsWith("inputPath")) {
            return {"$.detail.orderId"};
        }
        return {v.get<std::string>() + "-2"};
    }
    case PropertyControl::Multiline:
        return {v.get<std::string>() + "\nand more"};
    case PropertyControl::Integer: {
        const double now = v.get<double>();
        return {now + 1, now - 1, p.minimum.value_or(0), now + 2};
    }
    case PropertyControl::Number: {
        const double now = v.get<double>();
        std::vector<Json> out{now + 1, now / 2, now - 1, 0.25};
        if (p.maximum) {
            out.insert(out.begin(), (*p.maximum + p.minimum.value_or(0)) / 2);
        }
        return out;
    }
    case PropertyControl::Boolean:
        return {!v.get<bool>()};
    case PropertyControl::Choice:
    case PropertyControl::Reference: {
        std::vector<Json> out;
        for (const PropertyChoice &c : p.choices) {
            if (c.value != v.get<std::string>()) {
                out.emplace_back(c.value);
            }
        }
        return out;
    }
    case PropertyControl::JsonDocument:
        switch (p.json) {
        case JsonRole::Pattern:
            return {R"({"source":["com.shop.orders"],"detail":{"total":[{"numeric":[">",10]}]}})"};
        case JsonRole::Schema:
            return {Json{{"type", "object"}, {"required", Json::array({"orderId"})}}};
        case JsonRole::Sample: {
            Json sample = v;
            sample["detail"]["added"] = true;
            return {sample};
        }
        case JsonRole::Constant:
            return {R"({"constant":2})"};
        case JsonRole::PathsMap: {
            Json map = v;
            map["extra"] = "$.id";
            return {map};
        }
        case JsonRole::Template:
            return {v.get<std::string>() + " "};
        case JsonRole::PercentileTable:
            return {Json::array({Json{{"percentile", 50}, {"ms", 10}},
                                 Json{{"percentile", 90}, {"ms", 35}},
                                 Json{{"percentile", 100}, {"ms", 200}}})};
        case JsonRole::Hourly:
            return {Json(std::vector<double>(24, 0.25))};
        case JsonRole::Script:
            return {Json::array({Json{{"atSeconds", 5}, {"count", 2}}})};
        case JsonRole::Values:
            return {Json::array({1, 2, 3})};
        case JsonRole::None:
            break;
        }
        break;
    case PropertyControl::List:
    case PropertyControl::Entry:
    case PropertyControl::Section:
        break;
    }
    return {};
}

// --- Describing ------------------------------------------------------------------------------

TEST(PropertiesDescribe, EveryElementListsUniqueKeysWithLabelsAndHelp) {
    const Project project = everything();
    for (const Element &element : project.elements()) {
        const ElementId &id = elementId(element);
        SCOPED_TRACE(id.value);
        const std::vector<Property> properties = describeProperties(project, id);
        ASSERT_FALSE(properties.empty());
        std::set<std::string> keys;
        for (const Property &p : properties) {
            EXPECT_TRUE(keys.insert(p.key).second) << "duplicate key " << p.key;
            EXPECT_FALSE(p.label.empty()) << p.key;
            EXPECT_FALSE(p.help.empty()) << p.key;
            EXPECT_FALSE(propertyControlName(p.control).empty());
            if (p.control == PropertyControl::Choice) {
                EXPECT_FALSE(p.choices.empty()) << p.key;
            }
            if (p.control == PropertyControl::Reference) {
                EXPECT_FALSE(p.referenceKinds.empty()) << p.key;
                EXPECT_EQ(p.optional, !p.choices.empty() && p.choices.front().value.empty())
                    << p.key;
            }
        }
    }
    EXPECT_TRUE(describeProperties(project, ElementId{"no-such-element"}).empty());
}

TEST(PropertiesDescribe, ARuleTargetShowsItsRetryPolicyWithAwsRangesAndDefaults) {
    const Project project = orders();
    const std::optional<Property> attempts =
        findProperty(project, {"bill-order"}, "targets[0].retryPolicy.maximumRetryAttempts");
    ASSERT_TRUE(attempts);
    EXPECT_EQ(attempts->control, PropertyControl::Integer);
    EXPECT_EQ(attempts->value, 185);
    EXPECT_EQ(attempts->minimum, 0);
    EXPECT_EQ(attempts->maximum, 185);
    EXPECT_EQ(attempts->defaultValue, 185);
    EXPECT_EQ(attempts->depth, 1);
    EXPECT_NE(attempts->help.find("AWS default: 185"), std::string::npos);

    const std::optional<Property> age =
        findProperty(project, {"bill-order"}, "targets[0].retryPolicy.maximumEventAgeSeconds");
    ASSERT_TRUE(age);
    EXPECT_EQ(age->minimum, 60);
    EXPECT_EQ(age->maximum, 86400);
    EXPECT_EQ(age->unit, "s");

    const std::optional<Property> targets = findProperty(project, {"bill-order"}, "targets");
    ASSERT_TRUE(targets);
    EXPECT_EQ(targets->control, PropertyControl::List);
    EXPECT_EQ(targets->value, 1);
    EXPECT_EQ(targets->maximum, 5);

    const std::optional<Property> dlq =
        findProperty(project, {"bill-order"}, "targets[0].deadLetterQueue");
    ASSERT_TRUE(dlq);
    EXPECT_EQ(dlq->control, PropertyControl::Reference);
    EXPECT_EQ(dlq->value, "billing-dlq");
    EXPECT_TRUE(dlq->optional);
    ASSERT_EQ(dlq->choices.size(), 2U); // none, billing-dlq
    EXPECT_EQ(dlq->choices[1].label, "Billing DLQ (billing-dlq)");

    const std::optional<Property> input =
        findProperty(project, {"bill-order"}, "targets[0].input.kind");
    ASSERT_TRUE(input);
    EXPECT_EQ(input->value, "inputPath");
    EXPECT_TRUE(findProperty(project, {"bill-order"}, "targets[0].input.inputPath"));
    EXPECT_FALSE(findProperty(project, {"bill-order"}, "targets[0].input.inputTemplate"));

    const std::optional<Property> pattern = findProperty(project, {"bill-order"}, "pattern");
    ASSERT_TRUE(pattern);
    EXPECT_EQ(pattern->control, PropertyControl::JsonDocument);
    EXPECT_EQ(pattern->json, JsonRole::Pattern);
    EXPECT_TRUE(pattern->jsonText);
}

TEST(PropertiesDescribe, OnlyTheParametersOfTheCurrentLatencyKindAreListed) {
    const Project project = everything();
    const auto keys = [&project](const char *id) {
        std::set<std::string> out;
        for (const Property &p : describeProperties(project, {id})) {
            if (p.key.starts_with("behavior.latency.")) {
                out.insert(p.key);
            }
        }
        return out;
    };
    EXPECT_EQ(keys("billing-fn"),
              (std::set<std::string>{"behavior.latency.kind", "behavior.latency.valueMs"}));
    EXPECT_EQ(keys("psp-api"),
              (std::set<std::string>{"behavior.latency.kind", "behavior.latency.minMs",
                                     "behavior.latency.maxMs"}));
    EXPECT_EQ(keys("normal-fn"),
              (std::set<std::string>{"behavior.latency.kind", "behavior.latency.meanMs",
                                     "behavior.latency.stddevMs"}));
    EXPECT_EQ(keys("psp"),
              (std::set<std::string>{"behavior.latency.kind", "behavior.latency.medianMs",
                                     "behavior.latency.sigma"}));
    EXPECT_EQ(keys("refund-flow"),
              (std::set<std::string>{"behavior.latency.kind", "behavior.latency.table"}));
}

// --- Setting ---------------------------------------------------------------------------------

TEST(PropertiesSet, EveryKeyOfEveryElementRoundTrips) {
    const Project project = everything();
    std::size_t roundTrips = 0;
    for (const Element &element : project.elements()) {
        const ElementId id = elementId(element);
        for (const Property &p : describeProperties(project, id)) {
            if (!isValue(p)) {
                continue;
            }
            SCOPED_TRACE(id.value + " " + p.key);
            bool accepted = false;
            std::string refusals;
            for (const Json &value : candidates(p)) {
                if (value == p.value) {
                    continue;
                }
                Result<Command> command = setProperty(project, id, p.key, value);
                if (!command) {
                    refusals += "\n  " + value.dump() + ": " + command.error().message;
                    continue;
                }
                accepted = true;
                const Project edited = applyChecked(project, command);
                const std::optional<Property> after = findProperty(edited, id, p.key);
                ASSERT_TRUE(after) << "the key is gone after setting it";
                EXPECT_EQ(after->value, value);
                EXPECT_FALSE(command->label.empty());
                ++roundTrips;
                break;
            }
            // A dead-letter queue cannot become FIFO: there is no other value to set.
            const bool refusedByDesign = id.value == "billing-dlq" && p.key == "fifo";
            EXPECT_EQ(accepted, !refusedByDesign) << "no candidate value was accepted:" << refusals;
        }
    }
    EXPECT_GT(roundTrips, 150U);
}

TEST(PropertiesSet, EveryChoiceOfEveryChoicePropertyIsAccepted) {
    const Project project = everything();
    for (const Element &element : project.elements()) {
        const ElementId id = elementId(element);
        for (const Property &p : describeProperties(project, id)) {
            if (p.control != PropertyControl::Choice) {
                continue;
            }
            for (const PropertyChoice &choice : p.choices) {
                SCOPED_TRACE(id.value + " " + p.key + " = " + choice.value);
                const Project edited =
                    applyChecked(project, setProperty(project, id, p.key, choice.value));
                const std::optional<Property> after = findProperty(edited, id, p.key);
                ASSERT_TRUE(after);
                EXPECT_EQ(after->value, choice.value);
            }
        }
    }
}

TEST(PropertiesSet, ChoiceNamesAreTheProjectFilesNames) {
    const Project project = everything();
    const auto written = [](const Project &edited, const char *id) {
        return elementToJson(*edited.find({id}));
    };
    for (const char *kind : {"fixed", "uniform", "normal", "logNormal", "percentiles"}) {
        const Project edited = applyChecked(
            project, setProperty(project, {"billing-fn"}, "behavior.latency.kind", kind));
        EXPECT_EQ(written(edited, "billing-fn")["behavior"]["latency"]["kind"], kind);
    }
    for (const char *kind : {"constant", "poisson", "burst", "daily", "scripted"}) {
        const Project edited =
            applyChecked(project, setProperty(project, {"checkout"}, "emits[0].rate.kind", kind));
        EXPECT_EQ(written(edited, "checkout")["emits"][0]["rate"]["kind"], kind);
    }
    for (const char *kind : {"choice", "range", "sequence", "uuid", "time"}) {
        const Project edited = applyChecked(
            project, setProperty(project, {"refunds"}, "emits[0].variations[0].kind", kind));
        EXPECT_EQ(written(edited, "refunds")["emits"][0]["variations"][0]["kind"], kind);
    }
    const Project failing = applyChecked(
        project, setProperty(project, {"refund-flow"}, "behavior.failures[0].kind", "throttled"));
    EXPECT_EQ(written(failing, "refund-flow")["behavior"]["failures"][0]["kind"], "throttled");
}

TEST(PropertiesSet, SwitchingTheLatencyKindStartsFromTheCurrentLatency) {
    const Project project = orders(); // billing-fn: fixed 20 ms
    const Project uniform = applyChecked(
        project, setProperty(project, {"billing-fn"}, "behavior.latency.kind", "uniform"));
    const LatencyDistribution &latency = uniform.get<Consumer>({"billing-fn"})->behavior.latency;
    EXPECT_EQ(latency.kind, LatencyKind::Uniform);
    EXPECT_EQ(latency.minMs, 10);
    EXPECT_EQ(latency.maxMs, 30);
    EXPECT_TRUE(findProperty(uniform, {"billing-fn"}, "behavior.latency.minMs"));
    EXPECT_FALSE(findProperty(uniform, {"billing-fn"}, "behavior.latency.valueMs"));
    // The fixed value set before is not listed, and cannot be set, while the kind is uniform.
    expectRefused(setProperty(uniform, {"billing-fn"}, "behavior.latency.valueMs", 5),
                  "behavior.latency.valueMs", {"has no property"});
}

TEST(PropertiesSet, SwitchingTheTargetInputKindMakesAnInputAwsAccepts) {
    const Project project = orders();
    for (const char *kind : {"wholeEvent", "constant", "inputPath", "inputTransformer"}) {
        SCOPED_TRACE(kind);
        const Project edited = applyChecked(
            project, setProperty(project, {"bill-order"}, "targets[0].input.kind", kind));
        const Target &target = edited.get<Rule>({"bill-order"})->targets[0];
        EXPECT_TRUE(compileTargetInput(target.input, target.id).ok());
    }
}

TEST(PropertiesSet, LabelsSayWhatChangedWhere) {
    const Project project = everything();
    const auto label = [&project](const char *id, const char *key, const Json &value) {
        Result<Command> command = setProperty(project, {id}, key, value);
        EXPECT_TRUE(command.ok()) << command.error().message;
        return command ? command->label : std::string();
    };
    EXPECT_EQ(label("bill-order", "targets[0].retryPolicy.maximumRetryAttempts", 10),
              "Set maximum retry attempts of bill-order/billing to 10");
    EXPECT_EQ(label("bill-order", "targets[0].retryPolicy.maximumEventAgeSeconds", 3600),
              "Set maximum event age of bill-order/billing to 3600 s");
    EXPECT_EQ(label("bill-order", "name", "Charge orders"), "Rename bill-order to Charge orders");
    EXPECT_EQ(label("bill-order", "enabled", false), "Disable rule bill-order");
    EXPECT_EQ(label("bill-order", "targets[0].deadLetterQueue", ""),
              "Clear dead-letter queue of bill-order/billing");
    EXPECT_EQ(label("bill-order", "pattern", R"({"source":["x"]})"),
              "Edit event pattern of bill-order");
    EXPECT_EQ(label("refund-flow", "behavior.failures[1].rate", 0.25),
              "Set rate of refund-flow failure mode 2 to 0.25");
    EXPECT_EQ(label("billing-fn", "behavior.latency.kind", "logNormal"),
              "Set latency distribution of billing-fn to log-normal");
    EXPECT_EQ(label("billing-dlq", "messageRetentionSeconds", 1209600),
              "Set message retention of billing-dlq to 1,209,600 s");
}

TEST(PropertiesSet, SettingAPatternKeepsItsTextAsWritten) {
    const Project project = orders();
    const std::string text = "{\n  \"source\": [\"com.shop.orders\"]\n}";
    const Project edited =
        applyChecked(project, setProperty(project, {"bill-order"}, "pattern", text));
    EXPECT_EQ(edited.get<Rule>({"bill-order"})->pattern, text);
    // A blank pattern is allowed (lint asks for one).
    applyChecked(project, setProperty(project, {"bill-order"}, "pattern", ""));
}

struct Refusal {
    const char *name;
    const char *element;
    const char *key;
    Json value;
    std::vector<std::string> words;
};

class PropertiesRefuse : public testing::TestWithParam<Refusal> {};

TEST_P(PropertiesRefuse, ValuesOutsideTheirRange) {
    const Project project = everything();
    const Refusal &r = GetParam();
    expectRefused(setProperty(project, {r.element}, r.key, r.value), r.key, r.words);
}

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInfinity = std::numeric_limits<double>::infinity();
constexpr const char *kAttempts = "targets[0].retryPolicy.maximumRetryAttempts";
constexpr const char *kAge = "targets[0].retryPolicy.maximumEventAgeSeconds";

INSTANTIATE_TEST_SUITE_P(
    Ranges, PropertiesRefuse,
    testing::Values(
        Refusal{"RetryAttemptsAbove185",
                "bill-order",
                kAttempts,
                186,
                {"Maximum retry attempts of bill-order/billing", "between 0 and 185", "186"}},
        Refusal{"NegativeRetryAttempts", "bill-order", kAttempts, -1, {"between 0 and 185"}},
        Refusal{"FractionalRetryAttempts", "bill-order", kAttempts, 1.5, {"whole number"}},
        Refusal{"RetryAttemptsAsText", "bill-order", kAttempts, "ten", {"whole number"}},
        Refusal{"EventAgeBelowAMinute", "bill-order", kAge, 59, {"between 60 and 86,400 s"}},
        Refusal{"EventAgeAboveADay", "bill-order", kAge, 86401, {"between 60 and 86,400 s"}},
        Refusal{"FailureRateAboveOne",
                "refund-flow",
                "behavior.failures[0].rate",
                1.5,
                {"Rate of refund-flow failure mode 1", "between 0 and 1"}},
        Refusal{"NegativeFailureRate",
                "refund-flow",
                "behavior.failures[0].rate",
                -0.1,
                {"between 0 and 1"}},
        Refusal{"FollowUpProbabilityAboveOne",
                "refund-flow",
                "behavior.followUps[0].probability",
                2,
                {"Probability", "between 0 and 1"}},
        Refusal{"FaultWindowEndingBeforeItStarts",
                "refund-flow",
                "behavior.faults[0].toSeconds",
                300,
                {"must end after it starts", "600"}},
        Refusal{"FaultWindowStartingAfterItEnds",
                "refund-flow",
                "behavior.faults[0].fromSeconds",
                1200,
                {"must start before it ends"}},
        Refusal{"FaultWindowStartingBeforeTheRun",
                "refund-flow",
                "behavior.faults[0].fromSeconds",
                -5,
                {"0 or more"}},
        Refusal{"FailingWindowWithoutFailures",
                "refund-flow",
                "behavior.faults[0].rate",
                0,
                {"rate above 0"}},
        Refusal{"FailingWindowAboveOne",
                "refund-flow",
                "behavior.faults[0].rate",
                1.5,
                {"between 0 and 1"}},
        Refusal{"SlowWindowWithoutDelay",
                "refund-flow",
                "behavior.faults[1].extraLatencyMs",
                0,
                {"above 0 ms"}},
        Refusal{"NegativeLatency", "billing-fn", "behavior.latency.valueMs", -1, {"between 0 and"}},
        Refusal{"LatencyOverADay",
                "billing-fn",
                "behavior.latency.valueMs",
                1e308,
                {"between 0 and 86,400,000 ms"}},
        Refusal{"NaNLatency", "billing-fn", "behavior.latency.valueMs", kNaN, {"finite"}},
        Refusal{"InfiniteLatency", "normal-fn", "behavior.latency.meanMs", kInfinity, {"finite"}},
        Refusal{"UniformMinimumAboveMaximum",
                "psp-api",
                "behavior.latency.minMs",
                50,
                {"minimum latency", "maximum (40 ms)"}},
        Refusal{"UniformMaximumBelowMinimum",
                "psp-api",
                "behavior.latency.maxMs",
                5,
                {"maximum latency", "minimum (10 ms)"}},
        Refusal{"NegativeConcurrency", "billing-fn", "behavior.concurrency", -1, {"0 or more"}},
        Refusal{"RetentionBelowAMinute",
                "billing-dlq",
                "messageRetentionSeconds",
                59,
                {"Message retention", "between 60 and 1,209,600 s"}},
        Refusal{"RetentionAboveFourteenDays",
                "billing-dlq",
                "messageRetentionSeconds",
                1209601,
                {"1,209,600"}},
        Refusal{"RateLimitZero",
                "psp-api",
                "invocationRateLimitPerSecond",
                0,
                {"Invocation rate limit", "between 1 and 300 per second"}},
        Refusal{"RateLimitAbove300",
                "psp-api",
                "invocationRateLimitPerSecond",
                301,
                {"between 1 and 300"}},
        Refusal{"PercentileTableFalling",
                "refund-flow",
                "behavior.latency.table",
                Json::array({Json{{"percentile", 90}, {"ms", 10}},
                             Json{{"percentile", 50}, {"ms", 20}}}),
                {"rising"}},
        Refusal{"HourlyWithoutTwentyFourFactors",
                "refunds",
                "emits[3].rate.hourly",
                Json::array({1, 1}),
                {"24"}},
        Refusal{"NegativeRate", "checkout", "emits[0].rate.perSecond", -2, {"between 0 and"}},
        Refusal{"RateBeyondTheLimit",
                "checkout",
                "emits[0].rate.perSecond",
                1e12,
                {"between 0 and 100,000"}},
        Refusal{"BurstOfNothing", "refunds", "emits[2].rate.burstSize", 0, {"between 1 and"}},
        Refusal{"BurstBeyondTheLimit",
                "refunds",
                "emits[2].rate.burstSize",
                1000000000,
                {"between 1 and 100,000"}},
        Refusal{
            "RangeEndBelowStart", "refunds", "emits[0].variations[1].max", 0, {"below its start"}},
        Refusal{"MissingDestination",
                "bill-order",
                "targets[0].destination",
                "no-such-thing",
                {"Destination of bill-order/billing", "there is no \"no-such-thing\""}},
        Refusal{"DestinationOfTheWrongKind",
                "bill-order",
                "targets[0].destination",
                "order-placed",
                {"function, stateMachine, queue, apiDestination or bus"}},
        Refusal{"EmptyRequiredReference",
                "bill-order",
                "targets[0].destination",
                "",
                {"cannot be empty"}},
        Refusal{"DestinationOnTheRulesOwnBus",
                "bill-order",
                "targets[0].destination",
                "orders-bus",
                {"loop"}},
        Refusal{"FunctionTimeoutAboveFifteenMinutes",
                "normal-fn",
                "timeoutSeconds",
                901,
                {"Timeout of normal-fn", "between 1 and 900 s"}},
        Refusal{"LambdaRetriesAboveTwo",
                "normal-fn",
                "asyncInvocation.maximumRetryAttempts",
                3,
                {"Retry attempts of normal-fn", "between 0 and 2"}},
        Refusal{"LambdaEventAgeAboveSixHours",
                "normal-fn",
                "asyncInvocation.maximumEventAgeSeconds",
                21601,
                {"between 60 and 21,600 s"}},
        Refusal{"FifoOnFailureDestination",
                "normal-fn",
                "asyncInvocation.onFailure",
                "fifo-queue",
                {"FIFO", "standard"}},
        Refusal{"OnFailureDestinationOfTheWrongKind",
                "normal-fn",
                "asyncInvocation.onFailure",
                "order-placed",
                {"queue, function or bus"}},
        Refusal{"FifoLambdaDeadLetterQueue",
                "normal-fn",
                "asyncInvocation.deadLetterQueue",
                "fifo-queue",
                {"FIFO", "standard"}},
        Refusal{"VisibilityTimeoutAboveTwelveHours",
                "fifo-queue",
                "visibilityTimeoutSeconds",
                43201,
                {"Visibility timeout of fifo-queue", "between 0 and 43,200 s"}},
        Refusal{"RedriveToItself",
                "fifo-queue",
                "redrivePolicy.deadLetterQueue",
                "fifo-queue",
                {"its own dead-letter queue"}},
        Refusal{"RedriveToAQueueOfTheOtherType",
                "fifo-queue",
                "redrivePolicy.deadLetterQueue",
                "parked",
                {"same type", "(FIFO)"}},
        Refusal{"FifoBatchAboveTen", "fifo-queue", "readerBatchSize", 11, {"between 1 and 10"}},
        Refusal{"ReaderConcurrencyOfOne",
                "fifo-queue",
                "readerMaximumConcurrency",
                1,
                {"0 (no maximum) or from 2"}},
        Refusal{"FifoDeadLetterQueue",
                "bill-order",
                "targets[0].deadLetterQueue",
                "fifo-queue",
                {"FIFO", "standard"}},
        Refusal{"FifoForADeadLetterQueue",
                "billing-dlq",
                "fifo",
                true,
                {"dead-letter queue of bill-order/billing", "standard queue"}},
        Refusal{"DuplicateTargetId",
                "charge-psp",
                "targets[1].id",
                "constant",
                {"already has a target with Id constant"}},
        Refusal{"BadTargetId", "charge-psp", "targets[1].id", "has space", {"1 to 64"}},
        Refusal{"BrokenPattern",
                "bill-order",
                "pattern",
                R"({"source": ["a",]})",
                {"Event pattern is not valid"}},
        Refusal{"PatternThatIsNotAnObject",
                "bill-order",
                "pattern",
                "[1]",
                {"Event pattern is not valid"}},
        Refusal{"SchemaThatIsANumber", "order-placed", "schema", 5, {"JSON Schema"}},
        Refusal{"SampleThatIsNotAnObject",
                "order-placed",
                "samples[0]",
                Json::array(),
                {"JSON object"}},
        Refusal{"UnknownChoice",
                "billing-fn",
                "behavior.latency.kind",
                "gamma",
                {"must be one of fixed, uniform"}},
        Refusal{"UnknownKey",
                "billing-fn",
                "behavior.latency.sharpness",
                1,
                {"has no property \"behavior.latency.sharpness\""}},
        Refusal{"AHeading", "bill-order", "targets", 2, {"heading"}},
        Refusal{"EmptyName", "bill-order", "name", "  ", {"cannot be empty"}},
        Refusal{"UndefinedTemplateVariable",
                "charge-psp",
                "targets[1].input.inputTemplate",
                "<nowhere>",
                {"invalid placeholder nowhere"}},
        Refusal{"BadInputPath",
                "bill-order",
                "targets[0].input.inputPath",
                "detail",
                {"InputPath for target billing"}},
        Refusal{"ConstantThatIsNotJson",
                "charge-psp",
                "targets[0].input.input",
                "{oops",
                {"not a valid JSON text"}},
        Refusal{"PathsMapWithANumber",
                "charge-psp",
                "targets[1].input.inputPathsMap",
                Json{{"order", 1}},
                {"JSON path"}},
        Refusal{"PlainHttpEndpoint", "psp-api", "endpoint", "http://psp.example.com", {"https://"}},
        Refusal{"ShortAccount", "audit-bus", "account", "1234", {"12 digits"}},
        Refusal{"DuplicateArchiveName",
                "audit-bus",
                "archives[1].name",
                "audit-all",
                {"already has an archive named audit-all"}},
        Refusal{"BadColour", "ordering", "color", "red", {"#rrggbb"}},
        Refusal{"ZeroWidthRegion", "ordering", "region.width", 0, {"at least 1"}}),
    [](const testing::TestParamInfo<Refusal> &row) { return std::string(row.param.name); });

TEST(PropertiesSet, APatternRefusalKeepsTheParsersPosition) {
    const Project project = orders();
    const std::string text = "{\n  \"source\": [\"a\",]\n}";
    const Result<Command> command = setProperty(project, {"bill-order"}, "pattern", text);
    ASSERT_FALSE(command.ok());
    EXPECT_EQ(command.error().field, "pattern");
    EXPECT_EQ(command.error().line, 2);
    EXPECT_GT(command.error().column, 1);
}

TEST(PropertiesSet, AnUnknownElementIsRefused) {
    const Project project = orders();
    expectRefused(setProperty(project, {"nothing"}, "name", "x"), "name", {"no element"});
}

// --- Lists -----------------------------------------------------------------------------------

TEST(PropertiesLists, EveryListTakesANewEntryAndGivesItBack) {
    const Project project = everything();
    struct Case {
        const char *element;
        const char *list;
        const char *label;
    };
    for (const Case &c : std::initializer_list<Case>{
             {"bill-order", "targets", "Add target audit-fn to bill-order"},
             {"billing-fn", "behavior.failures", "Add failure mode serverError to billing-fn"},
             {"billing-fn", "behavior.followUps", "Add follow-up order-placed to billing-fn"},
             {"billing-fn", "behavior.dependsOn", "Add call of audit-fn to billing-fn"},
             {"billing-fn", "behavior.faults", "Add fault window to billing-fn"},
             {"refund-flow", "behavior.faults", "Add fault window to refund-flow"},
             {"order-placed", "samples", "Add sample event to order-placed"},
             {"audit-bus", "archives", "Add archive audit-archive to audit-bus"},
             {"checkout", "emits", "Add emission of refund-issued to checkout"},
             {"checkout", "emits[0].variations", "Add field variation to checkout/order-placed"},
         }) {
        SCOPED_TRACE(std::string(c.element) + " " + c.list);
        const std::optional<Property> before = findProperty(project, {c.element}, c.list);
        ASSERT_TRUE(before);
        const Result<Command> command = addListEntry(project, {c.element}, c.list);
        ASSERT_TRUE(command.ok()) << command.error().message;
        EXPECT_EQ(command->label, c.label);
        const Project added = applyChecked(project, command);
        const std::optional<Property> after = findProperty(added, {c.element}, c.list);
        ASSERT_TRUE(after);
        EXPECT_EQ(after->value.get<double>(), before->value.get<double>() + 1);

        // The new entry is the last one; removing it restores the element exactly.
        const std::string entry =
            std::string(c.list) + "[" + std::to_string(before->value.get<int>()) + "]";
        const Result<Command> removal = removeListEntry(added, {c.element}, entry);
        ASSERT_TRUE(removal.ok()) << removal.error().message;
        EXPECT_TRUE(removal->label.starts_with("Remove ")) << removal->label;
        const Project removed = applyChecked(added, removal);
        EXPECT_TRUE(removed == project);
    }
}

TEST(PropertiesLists, AddingATargetToAGivenDestination) {
    const Project project = orders();
    const Project added =
        applyChecked(project, addListEntry(project, {"bill-order"}, "targets", "billing-dlq"));
    const Rule &rule = *added.get<Rule>({"bill-order"});
    ASSERT_EQ(rule.targets.size(), 2U);
    EXPECT_EQ(rule.targets[1].destination, (ElementId{"billing-dlq"}));
    EXPECT_EQ(rule.targets[1].retryPolicy, RetryPolicy{});
    expectRefused(addListEntry(project, {"bill-order"}, "targets", "order-placed"), "targets",
                  {"function, stateMachine, queue, apiDestination or bus"});
    expectRefused(addListEntry(project, {"bill-order"}, "targets", "billing-fn"), "",
                  {"already targets"});
}

TEST(PropertiesLists, ARuleTakesAtMostFiveTargets) {
    Project project = everything();
    for (int i = 0; i < 2; ++i) {
        project = applyChecked(project, addListEntry(project, {"charge-psp"}, "targets"));
    }
    ASSERT_EQ(project.get<Rule>({"charge-psp"})->targets.size(), 5U);
    expectRefused(addListEntry(project, {"charge-psp"}, "targets"), "targets",
                  {"at most 5 targets", "remove one first"});
}

TEST(PropertiesLists, RemovingTheFirstTargetKeepsTheOthers) {
    const Project project = everything();
    const Result<Command> command = removeListEntry(project, {"charge-psp"}, "targets[0]");
    ASSERT_TRUE(command.ok()) << command.error().message;
    EXPECT_EQ(command->label, "Remove target constant from charge-psp");
    const Project removed = applyChecked(project, command);
    const Rule &rule = *removed.get<Rule>({"charge-psp"});
    ASSERT_EQ(rule.targets.size(), 2U);
    EXPECT_EQ(rule.targets[0].id, "transformer");
    EXPECT_EQ(findProperty(removed, {"charge-psp"}, "targets[0].id")->value, "transformer");
    EXPECT_FALSE(findProperty(removed, {"charge-psp"}, "targets[2]"));
}

TEST(PropertiesLists, WhatIsNotAListOrEntryIsRefused) {
    const Project project = orders();
    EXPECT_FALSE(addListEntry(project, {"bill-order"}, "pattern").ok());
    EXPECT_FALSE(addListEntry(project, {"bill-order"}, "nothing").ok());
    EXPECT_FALSE(removeListEntry(project, {"bill-order"}, "targets[3]").ok());
    EXPECT_FALSE(removeListEntry(project, {"bill-order"}, "targets").ok());
    EXPECT_FALSE(removeListEntry(project, {"bill-order"}, "name").ok());
    Project empty;
    EXPECT_FALSE(addListEntry(orders(), {"billing-fn"}, "behavior.nothing").ok());
    EXPECT_FALSE(addListEntry(empty, {"billing-fn"}, "behavior.failures").ok());
}

// --- Previews --------------------------------------------------------------------------------

TEST(PropertiesPreview, TheTargetReceivesWhatItsInputSelects) {
    const Project project = orders();
    const std::vector<SampleEvent> samples = projectSamples(project);
    ASSERT_EQ(samples.size(), 1U);
    EXPECT_EQ(samples[0].label, "OrderPlaced");
    const Rule &rule = *project.get<Rule>({"bill-order"});
    const InputPreview preview =
        previewTargetInput(project, rule, rule.targets[0], *samples[0].event);
    EXPECT_TRUE(preview.matches);
    EXPECT_TRUE(preview.error.empty());
    EXPECT_TRUE(preview.delivery.delivered);
    EXPECT_EQ(preview.delivery.text, R"({"orderId":"o-1","total":42})");

    const Rule &other = *project.get<Rule>({"audit-refunds"});
    EXPECT_FALSE(previewTargetInput(project, other, other.targets[0], *samples[0].event).matches);
}

TEST(PropertiesPreview, ReservedVariablesNameTheRule) {
    const Project project = everything();
    const Rule &rule = *project.get<Rule>({"charge-psp"});
    const Json &event = project.get<EventType>({"order-placed"})->samples[0];
    const InputPreview preview = previewTargetInput(project, rule, rule.targets[1], event);
    ASSERT_TRUE(preview.error.empty()) << preview.error;
    EXPECT_EQ(preview.delivery.text, R"({"order":"o-1","rule":"charge-psp"})");

    Rule broken = rule;
    broken.targets[1].input.inputTransformer->inputTemplate = "<missing>";
    EXPECT_NE(previewTargetInput(project, broken, broken.targets[1], event)
                  .error.find("invalid placeholder"),
              std::string::npos);
}

// Switching a window's mode shows that mode's own settings, with a value that is valid for it.
TEST(PropertiesSet, SwitchingAFaultWindowToSlowGivesItADelay) {
    const Project project = everything();
    const Project slow = applyChecked(
        project, setProperty(project, {"refund-flow"}, "behavior.faults[0].mode", "slow"));
    EXPECT_TRUE(findProperty(slow, {"refund-flow"}, "behavior.faults[0].extraLatencyMs"));
    EXPECT_FALSE(findProperty(slow, {"refund-flow"}, "behavior.faults[0].rate"));
    EXPECT_FALSE(findProperty(slow, {"refund-flow"}, "behavior.faults[0].failure"));
    const Json window = elementToJson(*slow.find({"refund-flow"}))["behavior"]["faults"][0];
    EXPECT_EQ(window["mode"], "slow");
    EXPECT_GT(window["extraLatencyMs"].get<double>(), 0);
}

} // namespace
