// Exports (model/io/export.h): the exact text of each format for a small model, and the
// properties a deployment relies on — the YAML template reads back as the JSON one, every Ref and
// GetAtt resolves, patterns survive as JSON objects, targets get the role and options AWS needs,
// and a model AWS would refuse fails naming the rule and target.

#include "io/export.h"
#include "io/yamlwriter.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>

namespace sg::model {
namespace {

std::string readFile(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string goldenPath(const std::string &name) {
    return std::string(SG_TEST_DATA_DIR) + "/export/" + name;
}

Json parsed(const std::string &text) {
    return Json::parse(text);
}

void add(Project &project, Element element) {
    const auto added = project.appendUnchecked(std::move(element));
    ASSERT_TRUE(added.ok()) << added.error().message;
}

Bus makeBus(const std::string &id, const std::string &name) {
    Bus bus;
    bus.id = {id};
    bus.name = name;
    return bus;
}

Consumer makeConsumer(const std::string &id, ElementKind kind, const std::string &name) {
    Consumer consumer;
    consumer.id = {id};
    consumer.kind = kind;
    consumer.name = name;
    return consumer;
}

Queue makeQueue(const std::string &id, const std::string &name) {
    Queue queue;
    queue.id = {id};
    queue.name = name;
    return queue;
}

Target makeTarget(const std::string &id, const std::string &destination) {
    Target target;
    target.id = id;
    target.destination = {destination};
    return target;
}

Rule makeRule(const std::string &id, const std::string &bus, const std::string &pattern,
              std::vector<Target> targets) {
    Rule rule;
    rule.id = {id};
    rule.name = id;
    rule.bus = {bus};
    rule.pattern = pattern;
    rule.targets = std::move(targets);
    return rule;
}

// The model of the exact-output tests: a custom bus with an archive, a rule with two targets
// (a function with a transformer, retry policy and dead-letter queue; an API destination with an
// InputPath), the connection behind the API destination; and, for the flowchart, two bounded
// contexts, a producer, a follow-up event and external systems.
Project smallModel() {
    Project project;
    project.setInfo("Shop", "Orders and billing");
    BoundedContext sales;
    sales.id = {"sales"};
    sales.name = "Sales";
    add(project, sales);
    BoundedContext billingContext;
    billingContext.id = {"billing"};
    billingContext.name = "Billing & \"Payments\"";
    add(project, billingContext);
    EventType placedType;
    placedType.id = {"order-placed-type"};
    placedType.name = "Order placed";
    placedType.source = "shop.orders";
    placedType.detailType = "OrderPlaced";
    add(project, placedType);
    EventType invoicedType;
    invoicedType.id = {"invoice-issued"};
    invoicedType.name = "Invoice issued";
    invoicedType.source = "shop.billing";
    invoicedType.detailType = "InvoiceIssued";
    add(project, invoicedType);

    Bus orders = makeBus("orders-bus", "orders");
    orders.context = {"sales"};
    orders.archives.push_back(
        Archive{"orders-archive", "Every order event", R"({"source": ["shop.orders"]})", 30});
    add(project, orders);
    Producer checkout;
    checkout.id = {"checkout"};
    checkout.name = "Checkout";
    checkout.context = {"sales"};
    checkout.bus = {"orders-bus"};
    checkout.emits.push_back(Emission{{"order-placed-type"}, {}, {}});
    add(project, checkout);
    ExternalSystem psp;
    psp.id = {"psp"};
    psp.name = "Payment provider";
    add(project, psp);
    ExternalSystem crmSystem;
    crmSystem.id = {"crm-system"};
    crmSystem.name = "CRM";
    add(project, crmSystem);
    Consumer billing = makeConsumer("billing-fn", ElementKind::Function, "billing");
    billing.context = {"billing"};
    billing.behavior.followUps.push_back(FollowUp{{"invoice-issued"}, {"orders-bus"}, 1.0});
    billing.behavior.dependsOn.push_back({"psp"});
    add(project, billing);
    Queue deadLetters = makeQueue("billing-dlq", "billing-dlq");
    deadLetters.context = {"billing"};
    add(project, deadLetters);
    Connection connection;
    connection.id = {"crm-conn"};
    connection.name = "crm";
    connection.authorization = AuthorizationType::ApiKey;
    connection.apiKeyName = "x-api-key";
    add(project, connection);
    ApiDestination crm;
    crm.id = {"crm-api"};
    crm.name = "crm-orders";
    crm.connection = {"crm-conn"};
    crm.endpoint = "https://crm.example.com/orders";
    crm.invocationRateLimitPerSecond = 10;
    crm.externalSystem = {"crm-system"};
    add(project, crm);

    Target toBilling = makeTarget("billing", "billing-fn");
    toBilling.retryPolicy = {3, 3600};
    toBilling.deadLetterQueue = {"billing-dlq"};
    toBilling.input = TargetInput::transformer(
        {{"order", "$.detail.orderId"}}, R"({"orderId": <order>, "rule": <aws.events.rule-name>})");
    Target toCrm = makeTarget("crm", "crm-api");
    toCrm.input = TargetInput::path("$.detail");
    Rule placed = makeRule("order-placed", "orders-bus",
                           R"({"source": ["shop.orders"], "detail-type": ["OrderPlaced"]})",
                           {toBilling, toCrm});
    placed.description = "Bill and record placed orders";
    placed.context = {"sales"};
    add(project, placed);
    const auto checked = project.checkReferences();
    EXPECT_TRUE(checked.ok()) << checked.error().message;
    return project;
}

std::string exported(const Project &project, ExportFormat format,
                     const ExportOptions &options = {}) {
    auto text = exportProject(project, format, options);
    EXPECT_TRUE(text.ok()) << (text.ok() ? "" : text.error().message);
    return text.ok() ? *text : std::string();
}

Json exportedJson(const Project &project, ExportFormat format, const ExportOptions &options = {}) {
    return Json::parse(exported(project, format, options));
}

// yaml-cpp's tree as JSON: quoted scalars are strings, plain ones are typed as YAML 1.2's core
// schema types them, so a string that lost its quotes shows up as a different value.
Json yamlToJson(const YAML::Node &node) {
    switch (node.Type()) {
    case YAML::NodeType::Map: {
        Json out = Json::object();
        for (const auto &entry : node) {
            out[entry.first.as<std::string>()] = yamlToJson(entry.second);
        }
        return out;
    }
    case YAML::NodeType::Sequence: {
        Json out = Json::array();
        for (const auto &item : node) {
            out.push_back(yamlToJson(item));
        }
        return out;
    }
    case YAML::NodeType::Scalar: {
        const std::string text = node.Scalar();
        if (node.Tag() == "!") {
            return text;
        }
        if (text == "true" || text == "false") {
            return text == "true";
        }
        if (text == "null") {
            return nullptr;
        }
        Json number = Json::parse(text, nullptr, false);
        EXPECT_TRUE(number.is_number()) << "plain scalar that is not a number: " << text;
        return number;
    }
    default:
        return nullptr;
    }
}

Json parseYaml(const std::string &text) {
    return yamlToJson(YAML::Load(text));
}

// Calls `visit` for every object in `value`, depth first.
void forEachObject(const Json &value, const std::function<void(const Json &)> &visit) {
    if (value.is_object()) {
        visit(value);
        for (const auto &[key, child] : value.items()) {
            forEachObject(child, visit);
        }
    } else if (value.is_array()) {
        for (const Json &child : value) {
            forEachObject(child, visit);
        }
    }
}

// Every Ref, GetAtt and ${...} in Fn::Sub names a parameter, a resource or a pseudo parameter.
std::vector<std::string> unresolvedReferences(const Json &tmpl) {
    std::set<std::string> known{"AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::StackName",
                                "AWS::URLSuffix"};
    for (const char *section : {"Parameters", "Resources"}) {
        if (tmpl.contains(section)) {
            for (const auto &[name, value] : tmpl[section].items()) {
                known.insert(name);
            }
        }
    }
    std::vector<std::string> missing;
    const auto check = [&](const std::string &name) {
        if (!known.contains(name)) {
            missing.push_back(name);
        }
    };
    forEachObject(tmpl, [&](const Json &object) {
        if (object.contains("Ref")) {
            check(object["Ref"].get<std::string>());
        }
        if (object.contains("Fn::GetAtt")) {
            const std::string name = object["Fn::GetAtt"][0].get<std::string>();
            check(name);
            if (tmpl["Resources"].contains(name) == false) {
                missing.push_back(name + " (GetAtt of a non-resource)");
            }
        }
        if (object.contains("Fn::Sub")) {
            const std::string text = object["Fn::Sub"].get<std::string>();
            for (std::size_t at = text.find("${"); at != std::string::npos;
                 at = text.find("${", at + 2)) {
                const std::size_t end = text.find('}', at);
                std::string name = text.substr(at + 2, end - at - 2);
                check(name.substr(0, name.find('.', name.starts_with("AWS::") ? 5 : 0)));
            }
        }
    });
    return missing;
}

std::size_t countOfType(const Json &tmpl, const std::string &type) {
    std::size_t n = 0;
    for (const auto &[name, resource] : tmpl["Resources"].items()) {
        n += resource["Type"] == type ? 1 : 0;
    }
    return n;
}

// ---------------------------------------------------------------------------------------------
// Exact output

TEST(ExportFormats, NamesRoundTripAndUnknownNamesAreRefused) {
    for (ExportFormat format : {ExportFormat::RulesJson, ExportFormat::CloudFormationJson,
                                ExportFormat::CloudFormationYaml, ExportFormat::Mermaid}) {
        EXPECT_EQ(exportFormatFromName(exportFormatName(format)), format);
    }
    EXPECT_EQ(exportFormatName(ExportFormat::CloudFormationYaml), "cloudformation-yaml");
    EXPECT_FALSE(exportFormatFromName("cloudformation").has_value());
    EXPECT_FALSE(exportFormatFromName("").has_value());
}

TEST(ExportExact, RulesJsonIsThePutRuleAndPutTargetsInputOfEachRule) {
    EXPECT_EQ(exported(smallModel(), ExportFormat::RulesJson),
              readFile(goldenPath("small.rules.json")));
}

TEST(ExportExact, CloudFormationJson) {
    EXPECT_EQ(exported(smallModel(), ExportFormat::CloudFormationJson),
              readFile(goldenPath("small.cfn.json")));
}

TEST(ExportExact, CloudFormationYaml) {
    EXPECT_EQ(exported(smallModel(), ExportFormat::CloudFormationYaml),
              readFile(goldenPath("small.cfn.yaml")));
}

TEST(ExportExact, Mermaid) {
    EXPECT_EQ(exported(smallModel(), ExportFormat::Mermaid), readFile(goldenPath("small.mmd")));
}

// ---------------------------------------------------------------------------------------------
// CloudFormation properties

// A model with every kind of target and input option, for the structural checks.
Project richModel() {
    Project project = smallModel();
    add(project, makeBus("default-bus", "default"));
    Bus partner = makeBus("partner-bus", "partner-events");
    partner.account = "210987654321";
    partner.region = "eu-west-1";
    add(project, partner);
    Consumer flow = makeConsumer("fulfil-sm", ElementKind::StateMachine, "fulfilment");
    flow.arn = "arn:aws:states:us-east-1:123456789012:stateMachine:fulfil-v2";
    add(project, flow);
    Queue fifo = makeQueue("audit-q", "audit");
    fifo.fifo = true;
    add(project, fifo);
    Target toFlow = makeTarget("fulfil", "fulfil-sm");
    toFlow.input = TargetInput::constant(R"({"mode": "express"})");
    Target toPartner = makeTarget("partner", "partner-bus");
    toPartner.input = TargetInput::path("$.detail");
    Target toAudit = makeTarget("audit", "audit-q");
    toAudit.deadLetterQueue = {"billing-dlq"};
    add(project,
        makeRule("fan-out", "default-bus",
                 R"({"source": ["shop.orders"], "detail": {"total": [{"numeric": [">", 100]}]}})",
                 {toFlow, toPartner, toAudit}));
    add(project, makeRule("bill-again", "orders-bus", R"({"source": ["shop.billing"]})",
                          {makeTarget("billing", "billing-fn")}));
    return project;
}

TEST(ExportCloudFormation, YamlReadsBackAsTheSameTreeAsJson) {
    for (const Project &project : {smallModel(), richModel()}) {
        const Json json = exportedJson(project, ExportFormat::CloudFormationJson);
        const Json yaml = parseYaml(exported(project, ExportFormat::CloudFormationYaml));
        EXPECT_EQ(yaml, json);
    }
}

TEST(ExportCloudFormation, EveryRefAndGetAttResolves) {
    for (const Project &project : {smallModel(), richModel()}) {
        const Json tmpl = exportedJson(project, ExportFormat::CloudFormationJson);
        EXPECT_EQ(unresolvedReferences(tmpl), std::vector<std::string>{});
    }
}

TEST(ExportCloudFormation, SectionsComeInTheFixedOrder) {
    const Json tmpl = exportedJson(richModel(), ExportFormat::CloudFormationJson);
    std::vector<std::string> keys;
    for (const auto &[key, value] : tmpl.items()) {
        keys.push_back(key);
    }
    EXPECT_EQ(keys, (std::vector<std::string>{"AWSTemplateFormatVersion", "Description",
                                              "Parameters", "Resources", "Outputs"}));
    EXPECT_EQ(tmpl["AWSTemplateFormatVersion"], "2010-09-09");
}

TEST(ExportCloudFormation, PatternsAreJsonObjectsEqualToTheRulesPattern) {
    Project project;
    add(project, makeBus("bus", "b"));
    add(project, makeConsumer("fn", ElementKind::Function, "f"));
    // Keys and values a YAML reader would retype if they were written plain.
    const std::string pattern = R"({"detail": {"on": ["yes", "null", "0123", "1e3", "~"],
        "true": [{"prefix": "a: b # c"}], "quote\"d": ["tab\there", "ünï", "\u0007"],
        "n": [{"numeric": [">=", -1e-7, "<", 4e9]}, -0.25, 7, 1.5],
        "$or": [{"a": [true]}, {"b": [null]}]}})";
    add(project, makeRule("r", "bus", pattern, {makeTarget("t", "fn")}));
    const Json expected = Json::parse(pattern);

    const Json json = exportedJson(project, ExportFormat::CloudFormationJson);
    EXPECT_EQ(json["Resources"]["R"]["Properties"]["EventPattern"], expected);
    const Json yaml = parseYaml(exported(project, ExportFormat::CloudFormationYaml));
    EXPECT_EQ(yaml["Resources"]["R"]["Properties"]["EventPattern"], expected);
    const Json rules = exportedJson(project, ExportFormat::RulesJson);
    EXPECT_EQ(Json::parse(rules[0]["putRule"]["EventPattern"].get<std::string>()), expected);
}

TEST(ExportCloudFormation, DefaultBusRulesNameNoBusAndCustomBusRulesRefTheirBus) {
    Project project;
    add(project, makeBus("main", "default"));
    add(project, makeBus("orders", "orders"));
    add(project, makeConsumer("fn", ElementKind::Function, "f"));
    const std::string pattern = R"({"source": ["a"]})";
    add(project, makeRule("on-default", "main", pattern, {makeTarget("t", "fn")}));
    add(project, makeRule("on-nothing", "", pattern, {makeTarget("t", "fn")}));
    add(project, makeRule("on-orders", "orders", pattern, {makeTarget("t", "fn")}));

    const Json tmpl = exportedJson(project, ExportFormat::CloudFormationJson);
    const Json &resources = tmpl["Resources"];
    EXPECT_FALSE(resources.contains("Main")) << "the default bus is never a resource";
    EXPECT_EQ(countOfType(tmpl, "AWS::Events::EventBus"), 1u);
    EXPECT_FALSE(resources["OnDefault"]["Properties"].contains("EventBusName"));
    EXPECT_FALSE(resources["OnNothing"]["Properties"].contains("EventBusName"));
    EXPECT_EQ(resources["OnOrders"]["Properties"]["EventBusName"], Json({{"Ref", "Orders"}}));

    const Json rules = exportedJson(project, ExportFormat::RulesJson);
    for (int i : {0, 1}) {
        EXPECT_EQ(rules[i]["putRule"]["EventBusName"], "default");
        EXPECT_EQ(rules[i]["putTargets"]["EventBusName"], "default");
    }
    EXPECT_EQ(rules[2]["putRule"]["EventBusName"], "orders");
}

TEST(ExportCloudFormation, CrossAccountBusTargetGetsARoleAndNoInputOptions) {
    const Project project = richModel();
    const Json tmpl = exportedJson(project, ExportFormat::CloudFormationJson);
    const Json &targets = tmpl["Resources"]["FanOut"]["Properties"]["Targets"];
    const Json &partner = targets[1];
    ASSERT_EQ(partner["Id"], "partner");
    EXPECT_EQ(partner["Arn"], "arn:aws:events:eu-west-1:210987654321:event-bus/partner-events");
    EXPECT_EQ(partner["RoleArn"],
              Json::parse(R"({"Fn::GetAtt": ["EventBridgeTargetRole", "Arn"]})"));
    EXPECT_FALSE(partner.contains("InputPath"));
    EXPECT_FALSE(partner.contains("Input"));
    EXPECT_FALSE(partner.contains("InputTransformer"));

    const Json rules = exportedJson(project, ExportFormat::RulesJson);
    const Json &cli = rules[1]["putTargets"]["Targets"][1];
    EXPECT_EQ(cli["RoleArn"], "arn:aws:iam::123456789012:role/stormglass-eventbridge-targets");
    EXPECT_FALSE(cli.contains("InputPath"));
    // The rule on the project's default bus keeps its input options on other targets.
    EXPECT_EQ(rules[1]["putTargets"]["Targets"][0]["Input"], R"({"mode": "express"})");
}

TEST(ExportCloudFormation, BusTargetsInTheRulesAccountKeepTheirInputOptions) {
    Project project;
    add(project, makeBus("orders", "orders"));
    add(project, makeBus("audit", "audit"));
    Bus replica = makeBus("replica", "replica");
    replica.region = "eu-central-1"; // another region, the same account
    add(project, replica);
    Target toAudit = makeTarget("audit", "audit");
    toAudit.input = TargetInput::path("$.detail");
    Target toReplica = makeTarget("replica", "replica");
    toReplica.input = TargetInput::path("$.detail");
    add(project, makeRule("copy", "orders", R"({"source": ["a"]})", {toAudit, toReplica}));

    const Json tmpl = exportedJson(project, ExportFormat::CloudFormationJson);
    const Json &targets = tmpl["Resources"]["Copy"]["Properties"]["Targets"];
    EXPECT_EQ(targets[0]["Arn"], Json::parse(R"({"Fn::GetAtt": ["Audit", "Arn"]})"));
    EXPECT_EQ(targets[0]["InputPath"], "$.detail");
    EXPECT_EQ(targets[1]["Arn"], "arn:aws:events:eu-central-1:123456789012:event-bus/replica");
    EXPECT_EQ(targets[1]["InputPath"], "$.detail");
    // EventBridge needs a role to put events on any bus.
    EXPECT_TRUE(targets[0].contains("RoleArn"));
    EXPECT_TRUE(targets[1].contains("RoleArn"));
}

TEST(ExportCloudFormation, TheRoleMayDoExactlyWhatItsTargetsNeed) {
    const Json tmpl = exportedJson(richModel(), ExportFormat::CloudFormationJson);
    const Json &role = tmpl["Resources"]["EventBridgeTargetRole"];
    ASSERT_EQ(role["Type"], "AWS::IAM::Role");
    EXPECT_EQ(
        role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"],
        "events.amazonaws.com");
    std::map<std::string, Json> actions;
    for (const Json &statement : role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]) {
        actions[statement["Action"].get<std::string>()] = statement["Resource"];
    }
    EXPECT_EQ(actions["states:StartExecution"], Json::parse(R"([{"Ref": "FulfilSmArn"}])"));
    EXPECT_EQ(actions["events:InvokeApiDestination"],
              Json::parse(R"([{"Fn::GetAtt": ["CrmApi", "Arn"]}])"));
    EXPECT_EQ(actions["events:PutEvents"],
              Json({"arn:aws:events:eu-west-1:210987654321:event-bus/partner-events"}));
    EXPECT_EQ(actions.size(), 3u);

    // Functions and queues are reached through resource policies, not the role.
    const Json &billing = tmpl["Resources"]["OrderPlaced"]["Properties"]["Targets"][0];
    EXPECT_FALSE(billing.contains("RoleArn"));
}

TEST(ExportCloudFormation, ConsumersArePrefilledArnParameters) {
    const Json tmpl = exportedJson(richModel(), ExportFormat::CloudFormationJson);
    const Json &parameters = tmpl["Parameters"];
    EXPECT_EQ(parameters["BillingFnArn"]["Default"],
              "arn:aws:lambda:us-east-1:123456789012:function:billing");
    EXPECT_EQ(parameters["FulfilSmArn"]["Default"],
              "arn:aws:states:us-east-1:123456789012:stateMachine:fulfil-v2");
    EXPECT_EQ(parameters["CrmConnApiKeyValue"]["NoEcho"], true);
    EXPECT_FALSE(parameters["CrmConnApiKeyValue"].contains("Default"));

    ExportOptions elsewhere;
    elsewhere.account = "555555555555";
    elsewhere.region = "ap-south-1";
    const Json moved = exportedJson(richModel(), ExportFormat::CloudFormationJson, elsewhere);
    EXPECT_EQ(moved["Parameters"]["BillingFnArn"]["Default"],
              "arn:aws:lambda:ap-south-1:555555555555:function:billing");
}

// Lambda's asynchronous-invocation settings and SQS's redrive and reader settings deploy with
// the template: an EventInvokeConfig beside each targeted function whose settings differ from
// Lambda's defaults, the queue's VisibilityTimeout and RedrivePolicy, and an event source mapping
// for each of our queues a function reads.
TEST(ExportCloudFormation, RetryLayersDeployAsEventInvokeConfigRedrivePolicyAndMapping) {
    Project project = smallModel();
    Consumer billing = *project.get<Consumer>({"billing-fn"});
    billing.asyncInvocation.maximumRetryAttempts = 0;
    billing.asyncInvocation.onFailure = {"billing-dlq"};
    ASSERT_TRUE(project.apply(Command{ReplaceElement{billing}, "settings"}).ok());
    Queue work = makeQueue("work", "work");
    work.readBy = {"billing-fn"};
    work.visibilityTimeoutSeconds = 180;
    work.redrivePolicy = {{"billing-dlq"}, 3};
    work.readerBatchSize = 25;
    work.readerMaximumConcurrency = 4;
    add(project, work);

    const Json tmpl = exportedJson(project, ExportFormat::CloudFormationJson);
    EXPECT_TRUE(unresolvedReferences(tmpl).empty());
    const Json &resources = tmpl["Resources"];
    ASSERT_TRUE(resources.contains("BillingFnEventInvokeConfig")) << resources.dump(2);
    EXPECT_EQ(resources["BillingFnEventInvokeConfig"], parsed(R"({
        "Type": "AWS::Lambda::EventInvokeConfig",
        "Properties": {"FunctionName": {"Ref": "BillingFnArn"}, "Qualifier": "$LATEST",
                       "MaximumRetryAttempts": 0, "MaximumEventAgeInSeconds": 21600,
                       "DestinationConfig": {"OnFailure": {
                           "Destination": {"Fn::GetAtt": ["BillingDlq", "Arn"]}}}}})"));
    EXPECT_EQ(resources["Work"]["Properties"]["VisibilityTimeout"], 180);
    EXPECT_EQ(resources["Work"]["Properties"]["RedrivePolicy"], parsed(R"({
        "deadLetterTargetArn": {"Fn::GetAtt": ["BillingDlq", "Arn"]}, "maxReceiveCount": 3})"));
    EXPECT_EQ(resources["WorkMapping"], parsed(R"({
        "Type": "AWS::Lambda::EventSourceMapping",
        "Properties": {"EventSourceArn": {"Fn::GetAtt": ["Work", "Arn"]},
                       "FunctionName": {"Ref": "BillingFnArn"}, "BatchSize": 25,
                       "ScalingConfig": {"MaximumConcurrency": 4}}})"));
    // Defaults stay out of the template: the dead-letter queue keeps SQS's visibility timeout.
    EXPECT_FALSE(resources["BillingDlq"]["Properties"].contains("VisibilityTimeout"));

    billing.asyncInvocation = AsyncInvocation{};
    ASSERT_TRUE(project.apply(Command{ReplaceElement{billing}, "defaults"}).ok());
    EXPECT_EQ(countOfType(exportedJson(project, ExportFormat::CloudFormationJson),
                          "AWS::Lambda::EventInvokeConfig"),
              0u);
}

TEST(ExportCloudFormation, DeliveryPermissionsCoverEveryRuleThatSendsToAQueueOrFunction) {
    const Json tmpl = exportedJson(richModel(), ExportFormat::CloudFormationJson);
    // billing-dlq is the dead-letter queue of two rules' targets.
    const Json &policy = tmpl["Resources"]["BillingDlqPolicy"];
    ASSERT_EQ(policy["Type"], "AWS::SQS::QueuePolicy");
    const Json &statement = policy["Properties"]["PolicyDocument"]["Statement"][0];
    EXPECT_EQ(statement["Condition"]["ArnEquals"]["aws:SourceArn"],
              Json::parse(R"([{"Fn::GetAtt": ["OrderPlaced", "Arn"]},
                              {"Fn::GetAtt": ["FanOut", "Arn"]}])"));
    EXPECT_EQ(policy["Properties"]["Queues"], Json::parse(R"([{"Ref": "BillingDlq"}])"));
    // One Lambda permission per rule that targets the function.
    EXPECT_EQ(countOfType(tmpl, "AWS::Lambda::Permission"), 2u);
    EXPECT_EQ(tmpl["Resources"]["BillAgainBillingFnPermission"]["Properties"]["SourceArn"],
              Json::parse(R"({"Fn::GetAtt": ["BillAgain", "Arn"]})"));
}

TEST(ExportCloudFormation, FifoQueueTargetsNameAMessageGroup) {
    const Json tmpl = exportedJson(richModel(), ExportFormat::CloudFormationJson);
    const Json &queue = tmpl["Resources"]["AuditQ"]["Properties"];
    EXPECT_EQ(queue["QueueName"], "audit.fifo");
    EXPECT_EQ(queue["FifoQueue"], true);
    EXPECT_EQ(queue["ContentBasedDeduplication"], true);
    const Json &target = tmpl["Resources"]["FanOut"]["Properties"]["Targets"][2];
    EXPECT_EQ(target["SqsParameters"]["MessageGroupId"], "fan-out");
    const Json rules = exportedJson(richModel(), ExportFormat::RulesJson);
    EXPECT_EQ(rules[1]["putTargets"]["Targets"][2]["Arn"],
              "arn:aws:sqs:us-east-1:123456789012:audit.fifo");
}

TEST(ExportCloudFormation, LogicalIdsAreUniqueAndStable) {
    Project project;
    add(project, makeBus("a-b", "one"));
    add(project, makeBus("a_b", "two"));
    add(project, makeBus("a.b", "three"));
    const Json tmpl = exportedJson(project, ExportFormat::CloudFormationJson);
    EXPECT_EQ(tmpl["Resources"]["AB"]["Properties"]["Name"], "one");
    EXPECT_EQ(tmpl["Resources"]["AB2"]["Properties"]["Name"], "two");
    EXPECT_EQ(tmpl["Resources"]["AB3"]["Properties"]["Name"], "three");
    EXPECT_EQ(exported(project, ExportFormat::CloudFormationJson),
              exported(project, ExportFormat::CloudFormationJson));
}

// ---------------------------------------------------------------------------------------------
// Errors

TEST(ExportErrors, AnInvalidPatternNamesTheRuleAndGivesAwsMessage) {
    Project project = smallModel();
    add(project,
        makeRule("broken", "orders-bus", R"({"source": "shop"})", {makeTarget("t", "billing-fn")}));
    for (ExportFormat format : {ExportFormat::RulesJson, ExportFormat::CloudFormationJson,
                                ExportFormat::CloudFormationYaml}) {
        const auto result = exportProject(project, format);
        ASSERT_FALSE(result.ok());
        EXPECT_NE(result.error().message.find("rule \"broken\""), std::string::npos)
            << result.error().message;
        EXPECT_NE(result.error().message.find("Event pattern is not valid. Reason:"),
                  std::string::npos)
            << result.error().message;
    }
}

TEST(ExportErrors, AnInvalidTargetInputNamesTheRuleAndTarget) {
    Project project;
    add(project, makeBus("bus", "b"));
    add(project, makeConsumer("fn", ElementKind::Function, "f"));
    Target target = makeTarget("notify", "fn");
    target.input = TargetInput::constant("{not json");
    add(project, makeRule("r1", "bus", R"({"source": ["a"]})", {target}));
    const auto result = exportProject(project, ExportFormat::RulesJson);
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("rule \"r1\" target \"notify\""), std::string::npos)
        << result.error().message;
    EXPECT_EQ(result.error().field.rfind("targets[0]", 0), 0u) << result.error().field;
}

TEST(ExportErrors, ADestinationThatCannotBeATargetIsRefused) {
    Project project;
    add(project, makeBus("bus", "b"));
    ExternalSystem system;
    system.id = {"psp"};
    system.name = "Payments";
    add(project, system);
    add(project, makeRule("r1", "bus", R"({"source": ["a"]})", {makeTarget("pay", "psp")}));
    const auto result = exportProject(project, ExportFormat::CloudFormationJson);
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("cannot be a target"), std::string::npos)
        << result.error().message;
}

TEST(ExportErrors, AConnectionWithoutItsRequiredFieldIsRefusedForCloudFormationOnly) {
    Project project;
    Connection connection;
    connection.id = {"conn"};
    connection.name = "c";
    connection.authorization = AuthorizationType::Basic;
    add(project, connection);
    const auto result = exportProject(project, ExportFormat::CloudFormationYaml);
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("connection \"conn\""), std::string::npos);
    EXPECT_EQ(result.error().field, "username");
    EXPECT_TRUE(exportProject(project, ExportFormat::RulesJson).ok());
}

TEST(ExportErrors, AModelWithNothingToDeployGivesNoEmptyTemplate) {
    Project project;
    add(project, makeBus("main", "default"));
    add(project, makeConsumer("fn", ElementKind::Function, "f"));
    const auto result = exportProject(project, ExportFormat::CloudFormationJson);
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("nothing to deploy"), std::string::npos);
    // The other formats have nothing to refuse.
    EXPECT_EQ(exported(project, ExportFormat::RulesJson), "[]\n");
    EXPECT_EQ(exported(project, ExportFormat::Mermaid),
              "flowchart LR\n    bus_main{{\"default\"}}\n    fn_fn(\"f\")\n");
}

// ---------------------------------------------------------------------------------------------
// Mermaid

TEST(ExportMermaid, IdsAreSanitizedAndLabelsEscaped) {
    Project project;
    add(project, makeBus("end", "say \"hi\" #1 <b>"));
    add(project, makeConsumer("o.x", ElementKind::Function, "fn\nname"));
    add(project, makeRule("r", "end", R"({"source": ["a"]})", {makeTarget("t|1", "o.x")}));
    const std::string text = exported(project, ExportFormat::Mermaid);
    EXPECT_NE(text.find("    bus_end{{\"say #34;hi#34; #35;1 #60;b#62;\"}}\n"), std::string::npos)
        << text;
    EXPECT_NE(text.find("    fn_o_x(\"fn name\")\n"), std::string::npos) << text;
    EXPECT_NE(text.find("    rule_r -->|\"t#124;1\"| fn_o_x\n"), std::string::npos) << text;
}

// ---------------------------------------------------------------------------------------------
// YAML writer

TEST(YamlWriter, StringsThatLookLikeOtherTypesStayStrings) {
    const Json value = Json::parse(R"({
        "plain": ["true", "False", "null", "~", "123", "0x1F", "1e3", ".inf", "yes", "-", "",
                  "- a", "a: b", "#x", "'q'", "\"d\"", "@x", "`y", "|", ">", "%p", "&a", "*b", "!t",
                  "line\nbreak", "\u0085\u2028\u00a0", "emoji 😀", "\u007f"],
        "on": {"yes": 1, "": 2, "a b": 3, "-k": 4, "k:": 5},
        "nested": [[1, [2, []]], {}, [], {"x": {"y": [{"z": null}]}}],
        "numbers": [0, -1, 2.5, 1e100, -1e-7, 18446744073709551615],
        "flags": [true, false, null]
    })");
    const std::string yaml = writeYaml(value);
    EXPECT_EQ(parseYaml(yaml), value) << yaml;
}

TEST(YamlWriter, FloatsKeepADecimalPointSoYaml11ReadersSeeNumbers) {
    EXPECT_EQ(writeYaml(Json(1e100)), "1.0e+100\n");
    EXPECT_EQ(writeYaml(Json(-1e-7)), "-1.0e-07\n");
    EXPECT_EQ(writeYaml(Json(2.5)), "2.5\n");
    EXPECT_EQ(writeYaml(Json(7)), "7\n");
}

TEST(YamlWriter, InvalidUtf8IsReplacedNotPassedThrough) {
    Json value = Json::object();
    value["k"] = std::string("a\xff"
                             "b");
    const std::string yaml = writeYaml(value);
    EXPECT_EQ(yaml, "k: \"a\xEF\xBF\xBD"
                    "b\"\n");
}

TEST(YamlWriter, BlockLayout) {
    const Json value = Json::parse(R"({"A": [{"B": 1, "C": ["x"]}, [2]], "D": {}})");
    EXPECT_EQ(writeYaml(value), "A:\n"
                                "  - B: 1\n"
                                "    C:\n"
                                "      - \"x\"\n"
                                "  -\n"
                                "    - 2\n"
                                "D: {}\n");
}

} // namespace
} // namespace sg::model
