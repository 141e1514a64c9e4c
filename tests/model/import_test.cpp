// Imports (model/io/import): CloudFormation and SAM templates in JSON and YAML, AWS CLI rule
// listings, what is reported as not imported, bad input of every kind, the automatic layout and
// the round trip through the CloudFormation export.

#include "arch/layout.h"
#include "io/export.h"
#include "io/import.h"
#include "io/importtext.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace sg::model {
namespace {

std::string fixturePath(const std::string &name) {
    return std::string(SG_TEST_DATA_DIR) + "/import/" + name;
}

std::string readFixture(const std::string &name) {
    std::ifstream in(fixturePath(name), std::ios::binary);
    EXPECT_TRUE(in.good()) << name;
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

ImportResult importOk(const Result<ImportResult> &result) {
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    return result.ok() ? result.value() : ImportResult{};
}

template <typename T> const T *named(const Project &project, std::string_view name) {
    for (const T *element : project.all<T>()) {
        if (element->name == name) {
            return element;
        }
    }
    return nullptr;
}

const Target *targetWithId(const Rule &rule, std::string_view id) {
    for (const Target &target : rule.targets) {
        if (target.id == id) {
            return &target;
        }
    }
    return nullptr;
}

std::vector<std::string> targetIds(const Rule &rule) {
    std::vector<std::string> out;
    for (const Target &target : rule.targets) {
        out.push_back(target.id);
    }
    return out;
}

Json parsed(const std::string &text) {
    return Json::parse(text);
}

// --- CloudFormation JSON ----------------------------------------------------------------------

TEST(ImportCloudFormation, JsonTemplateGivesBusesArchivesRulesAndEveryKindOfTarget) {
    const ImportResult imported = importOk(importCloudFormation(readFixture("orders.cfn.json")));
    const Project &project = imported.project;
    EXPECT_EQ(project.description(), "Order flow of the web shop");

    const Bus *orders = named<Bus>(project, "orders");
    ASSERT_NE(orders, nullptr);
    EXPECT_EQ(orders->id.value, "orders-bus"); // from the logical id OrdersBus
    ASSERT_EQ(orders->archives.size(), 1u);
    EXPECT_EQ(orders->archives[0].name, "orders-archive");
    EXPECT_EQ(parsed(orders->archives[0].pattern), parsed(R"({"source":["shop.orders"]})"));
    EXPECT_EQ(orders->archives[0].retentionDays, 30);

    const Rule *placed = named<Rule>(project, "order-placed");
    ASSERT_NE(placed, nullptr);
    EXPECT_EQ(placed->id.value, "order-placed-rule");
    EXPECT_EQ(placed->description, "Orders placed in the shop");
    EXPECT_EQ(placed->bus, orders->id);
    EXPECT_TRUE(placed->enabled);
    EXPECT_EQ(parsed(placed->pattern),
              parsed(R"({"source":["shop.orders"],"detail-type":["Order Placed"],
                         "detail":{"total":[{"numeric":[">",0]}]}})"));
    // The SNS target is reported, the others kept in order.
    EXPECT_EQ(targetIds(*placed),
              (std::vector<std::string>{"billing", "shipping", "analytics", "crm"}));

    const Target *billing = targetWithId(*placed, "billing");
    const Consumer *billingFunction = project.get<Consumer>(billing->destination);
    ASSERT_NE(billingFunction, nullptr);
    EXPECT_EQ(billingFunction->kind, ElementKind::Function);
    EXPECT_EQ(billingFunction->name, "billing");
    EXPECT_EQ(billingFunction->description, "Charges the customer");
    EXPECT_TRUE(billingFunction->arn.empty()); // the template's own function
    EXPECT_EQ(billing->retryPolicy.maximumRetryAttempts, 3);
    EXPECT_EQ(billing->retryPolicy.maximumEventAgeSeconds, 3600);
    const Queue *dlq = project.get<Queue>(billing->deadLetterQueue);
    ASSERT_NE(dlq, nullptr);
    EXPECT_EQ(dlq->name, "billing-dlq");
    EXPECT_EQ(dlq->messageRetentionSeconds, 345600);
    EXPECT_EQ(billing->input.kind(), TargetInputKind::WholeEvent);

    const Target *shipping = targetWithId(*placed, "shipping");
    const Consumer *stateMachine = project.get<Consumer>(shipping->destination);
    ASSERT_NE(stateMachine, nullptr);
    EXPECT_EQ(stateMachine->kind, ElementKind::StateMachine);
    EXPECT_EQ(stateMachine->name, "shipping");
    EXPECT_EQ(shipping->input.inputPath, std::optional<std::string>("$.detail"));
    EXPECT_EQ(shipping->retryPolicy, RetryPolicy{}); // absent: EventBridge's defaults
    EXPECT_TRUE(shipping->deadLetterQueue.empty());

    const Target *analytics = targetWithId(*placed, "analytics");
    const Queue *analyticsQueue = project.get<Queue>(analytics->destination);
    ASSERT_NE(analyticsQueue, nullptr);
    EXPECT_EQ(analyticsQueue->messageRetentionSeconds, 86400);
    ASSERT_TRUE(analytics->input.inputTransformer.has_value());
    EXPECT_EQ(analytics->input.inputTransformer->inputPathsMap,
              (std::vector<std::pair<std::string, std::string>>{{"order", "$.detail.orderId"},
                                                                {"total", "$.detail.total"}}));
    EXPECT_EQ(analytics->input.inputTransformer->inputTemplate,
              R"({"order": <order>, "total": <total>})");

    const Target *crm = targetWithId(*placed, "crm");
    const ApiDestination *api = project.get<ApiDestination>(crm->destination);
    ASSERT_NE(api, nullptr);
    EXPECT_EQ(api->name, "crm-orders");
    EXPECT_EQ(api->endpoint, "https://crm.example.com/orders");
    EXPECT_EQ(api->httpMethod, "POST");
    EXPECT_EQ(api->invocationRateLimitPerSecond, 20);
    EXPECT_EQ(crm->input.input, std::optional<std::string>(R"({"kind":"order"})"));
    const Connection *connection = project.get<Connection>(api->connection);
    ASSERT_NE(connection, nullptr);
    EXPECT_EQ(connection->name, "crm");
    EXPECT_EQ(connection->authorization, AuthorizationType::ApiKey);
    EXPECT_EQ(connection->apiKeyName, "x-api-key");

    // A rule without EventBusName is on the default bus; its name is its logical id.
    const Rule *audit = named<Rule>(project, "AuditRule");
    ASSERT_NE(audit, nullptr);
    EXPECT_FALSE(audit->enabled);
    EXPECT_EQ(audit->description, "Audit of prod"); // Fn::Join with a parameter's Default
    EXPECT_EQ(audit->pattern, R"({"source": [{"prefix": "shop."}]})"); // text kept as written
    const Bus *defaultBus = project.get<Bus>(audit->bus);
    ASSERT_NE(defaultBus, nullptr);
    EXPECT_TRUE(defaultBus->isDefault());
    EXPECT_TRUE(defaultBus->account.empty());

    // Literal ARNs become elements of the ARN's kind, named from the ARN.
    const Consumer *auditLog = project.get<Consumer>(targetWithId(*audit, "audit")->destination);
    ASSERT_NE(auditLog, nullptr);
    EXPECT_EQ(auditLog->name, "audit-log");
    EXPECT_EQ(auditLog->arn, "arn:aws:lambda:eu-west-1:111122223333:function:audit-log");
    const Bus *central = project.get<Bus>(targetWithId(*audit, "central")->destination);
    ASSERT_NE(central, nullptr);
    EXPECT_EQ(central->name, "central");
    EXPECT_EQ(central->account, "444455556666");
    EXPECT_EQ(central->region, "eu-west-1");
    const Consumer *fraud = project.get<Consumer>(targetWithId(*audit, "fraud")->destination);
    ASSERT_NE(fraud, nullptr);
    EXPECT_EQ(fraud->name, "fraud-check");

    EXPECT_EQ(imported.skipped,
              (std::vector<std::string>{
                  "Resources.AlertsTopic (AWS::SNS::Topic): SNS topics are not modelled",
                  "Resources.OrderPlacedRule.Properties.Targets[4] (Id \"alerts\"): refers to "
                  "AlertsTopic (AWS::SNS::Topic): SNS topics are not modelled; the target is not "
                  "imported",
                  "Resources.NightlyReport (AWS::Events::Rule): scheduled rules "
                  "(ScheduleExpression) are not modelled",
              }));
    EXPECT_TRUE(project.checkReferences().ok());
}

TEST(ImportCloudFormation, YamlWithShortFormsGivesTheSameProjectAsJson) {
    const ImportResult json = importOk(importCloudFormation(readFixture("orders.cfn.json")));
    const ImportResult yaml = importOk(importCloudFormation(readFixture("orders.cfn.yaml")));
    ASSERT_EQ(yaml.project.size(), json.project.size());
    for (std::size_t i = 0; i < json.project.size(); ++i) {
        EXPECT_EQ(yaml.project.elements()[i], json.project.elements()[i])
            << elementId(json.project.elements()[i]).value;
    }
    EXPECT_EQ(yaml.project.description(), json.project.description());
    EXPECT_EQ(yaml.skipped, json.skipped);
}

// --- SAM -----------------------------------------------------------------------------------------

TEST(ImportSam, EventBridgeRuleEventsBecomeRulesTargetingTheirFunctionOrStateMachine) {
    const ImportResult imported = importOk(importCloudFormation(readFixture("sam.yaml")));
    const Project &project = imported.project;

    const Bus *security = named<Bus>(project, "security");
    ASSERT_NE(security, nullptr);
    const Consumer *notify = named<Consumer>(project, "notify-customer");
    ASSERT_NE(notify, nullptr);
    EXPECT_EQ(notify->kind, ElementKind::Function);

    // A function's EventBridgeRule event, with SAM's own DLQ (Type: SQS) and Target Id.
    const Rule *login = named<Rule>(project, "unrecognized-login");
    ASSERT_NE(login, nullptr);
    EXPECT_EQ(login->bus, security->id);
    EXPECT_EQ(parsed(login->pattern), parsed(R"({"source":["auth.logins"],
        "detail-type":["Login Succeeded"],"detail":{"recognizedDevice":[false]}})"));
    ASSERT_EQ(login->targets.size(), 1u);
    const Target &toNotify = login->targets[0];
    EXPECT_EQ(toNotify.id, "NotifyFunctionUnrecognizedLoginLambdaTarget");
    EXPECT_EQ(toNotify.destination, notify->id);
    EXPECT_EQ(toNotify.retryPolicy.maximumRetryAttempts, 5);
    EXPECT_EQ(toNotify.retryPolicy.maximumEventAgeSeconds, 900);
    EXPECT_EQ(toNotify.input.inputPath, std::optional<std::string>("$.detail"));
    const Queue *samQueue = project.get<Queue>(toNotify.deadLetterQueue);
    ASSERT_NE(samQueue, nullptr);
    EXPECT_EQ(samQueue->name, "NotifyFunctionUnrecognizedLoginQueue"); // SAM's generated name

    // A state machine's event: the custom Target Id and QueueLogicalId are used.
    const Consumer *lockout = named<Consumer>(project, "account-lockout");
    ASSERT_NE(lockout, nullptr);
    EXPECT_EQ(lockout->kind, ElementKind::StateMachine);
    const Rule *failures = named<Rule>(project, "LockoutStateMachineTooManyFailures");
    ASSERT_NE(failures, nullptr);
    ASSERT_EQ(failures->targets.size(), 1u);
    EXPECT_EQ(failures->targets[0].id, "lockout");
    EXPECT_EQ(failures->targets[0].destination, lockout->id);
    EXPECT_EQ(failures->targets[0].input.input,
              std::optional<std::string>(R"({"action": "lock"})"));
    const Queue *lockoutDlq = project.get<Queue>(failures->targets[0].deadLetterQueue);
    ASSERT_NE(lockoutDlq, nullptr);
    EXPECT_EQ(lockoutDlq->name, "LockoutDeadLetters");

    // CloudWatchEvent: the default bus; State DISABLED.
    const Rule *anyLogin = named<Rule>(project, "AuditFunctionAnyLogin");
    ASSERT_NE(anyLogin, nullptr);
    EXPECT_FALSE(anyLogin->enabled);
    const Bus *bus = project.get<Bus>(anyLogin->bus);
    ASSERT_NE(bus, nullptr);
    EXPECT_TRUE(bus->isDefault());
    ASSERT_EQ(anyLogin->targets.size(), 1u);
    EXPECT_EQ(anyLogin->targets[0].id, "AuditFunctionAnyLoginLambdaTarget");
    EXPECT_EQ(project.get<Consumer>(anyLogin->targets[0].destination)->name, "AuditFunction");

    // An SQS event makes the function the queue's reader.
    const Queue *retry = named<Queue>(project, "RetryQueue");
    ASSERT_NE(retry, nullptr);
    EXPECT_EQ(retry->readBy, notify->id);

    EXPECT_EQ(imported.skipped,
              (std::vector<std::string>{
                  "Resources.NotifyFunction.Properties.Events.Http (Api): Api events are not "
                  "modelled",
                  "Resources.LockoutStateMachine.Properties.Events.Hourly (Schedule): scheduled "
                  "events are not modelled",
                  "Resources.SessionsTable (AWS::Serverless::SimpleTable): DynamoDB tables are not "
                  "modelled",
              }));
}

// --- What is not imported ---------------------------------------------------------------------

TEST(ImportCloudFormation, EverythingNotModelledIsListedWithWhereAndWhy) {
    const ImportResult imported = importOk(importCloudFormation(readFixture("unsupported.yaml")));
    EXPECT_EQ(
        imported.skipped,
        (std::vector<std::string>{
            "Resources.Topic (AWS::SNS::Topic): SNS topics are not modelled",
            "Resources.Stream (AWS::Kinesis::Stream): Kinesis streams are not modelled",
            "Resources.Worker: the condition IsProd is not evaluated; imported as if it held",
            "Resources.WorkerPermission (AWS::Lambda::Permission): Lambda permissions are not "
            "modelled (permissions are generated on export)",
            "Resources.Seeder (Custom::Seeder): custom resources are not modelled",
            "Resources.FanOut.Properties.Targets[0] (Id \"topic\"): refers to Topic "
            "(AWS::SNS::Topic): SNS topics are not modelled; the target is not imported",
            "Resources.FanOut.Properties.Targets[1] (Id \"stream\"): refers to Stream "
            "(AWS::Kinesis::Stream): Kinesis streams are not modelled; the target is not "
            "imported",
            "Resources.FanOut.Properties.Targets[2] (Id \"ecs\"): "
            "arn:aws:ecs:us-east-1:123456789012:cluster/jobs: ECS tasks are not modelled; the "
            "target is not imported",
            "Resources.FanOut.Properties.Targets[3].DeadLetterConfig.Arn: refers to Topic "
            "(AWS::SNS::Topic): SNS topics are not modelled; the target has no dead-letter queue",
            "Resources.FanOut.Properties.Targets[3].Input: the parameter Env has no Default, so "
            "its value is only known at deployment; the target gets the whole event",
            "Resources.FanOut.Properties.Targets[3].SqsParameters: target SqsParameters are not "
            "modelled",
            "Resources.Conditional.Properties.EventPattern: Fn::If cannot be resolved before "
            "deployment (conditions are not evaluated); the rule is not imported",
            "Resources.FromParameter.Properties.EventPattern: the parameter PatternSource has no "
            "Default, so its value is only known at deployment; the rule is not imported",
            "Resources.OnImportedBus.Properties.EventBusName: Fn::ImportValue refers to another "
            "stack's export; the rule is not imported",
        }));
    // What could be imported is there: the rule with its one modelled target.
    const Rule *fanOut = named<Rule>(imported.project, "FanOut");
    ASSERT_NE(fanOut, nullptr);
    ASSERT_EQ(fanOut->targets.size(), 1u);
    EXPECT_EQ(fanOut->targets[0].id, "worker");
    EXPECT_EQ(fanOut->targets[0].input.kind(), TargetInputKind::WholeEvent);
    EXPECT_TRUE(fanOut->targets[0].deadLetterQueue.empty());
    EXPECT_EQ(named<Rule>(imported.project, "Conditional"), nullptr);
}

// --- The YAML reader ----------------------------------------------------------------------------

TEST(ImportYaml, ShortFormTagsBecomeLongFormsAndPlainScalarsGetTypes) {
    const Result<Json> tree = parseYamlText(R"(
a: !Ref Bus
b: !GetAtt Queue.Arn
c: !GetAtt [Queue, QueueName]
d: !Sub
  - "${Name}-x"
  - Name: !Ref AWS::StackName
e: !Equals [!Ref Env, prod]
f: !Condition IsProd
g: [true, 12, -3, 1.5, "12", '0x1F', 0x1F, null, ~, yes, 2010-09-09]
h: !!str 12
)");
    ASSERT_TRUE(tree.ok()) << tree.error().message;
    EXPECT_EQ(*tree, parsed(R"({
        "a": {"Ref": "Bus"},
        "b": {"Fn::GetAtt": ["Queue", "Arn"]},
        "c": {"Fn::GetAtt": ["Queue", "QueueName"]},
        "d": {"Fn::Sub": ["${Name}-x", {"Name": {"Ref": "AWS::StackName"}}]},
        "e": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
        "f": {"Condition": "IsProd"},
        "g": [true, 12, -3, 1.5, "12", "0x1F", 31, null, null, "yes", "2010-09-09"],
        "h": "12"
    })"));
}

TEST(ImportCloudFormation, IntrinsicsThatAreKnownBeforeDeploymentAreResolved) {
    const ImportResult imported = importOk(importCloudFormation(R"(
Parameters:
  Prefix: {Type: String, Default: shop}
Resources:
  Rule:
    Type: AWS::Events::Rule
    Properties:
      Name: !Sub
        - "${Prefix}-${Kind}-rule"
        - Kind: !Select [1, !Split ["/", "a/orders/b"]]
      Description: !Sub "costs ${!Literal} nothing"
      EventPattern:
        source: [!Sub "${Prefix}.orders", !Join [".", [!Ref Prefix, returns]]]
      Targets:
        - Id: !Join ["-", [queue, one]]
          Arn: !Sub "arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:work"
)"));
    const Rule *rule = named<Rule>(imported.project, "shop-orders-rule");
    ASSERT_NE(rule, nullptr);
    EXPECT_EQ(rule->description, "costs ${Literal} nothing");
    EXPECT_EQ(parsed(rule->pattern), parsed(R"({"source":["shop.orders","shop.returns"]})"));
    ASSERT_EQ(rule->targets.size(), 1u);
    EXPECT_EQ(rule->targets[0].id, "queue-one");
    const Queue *queue = imported.project.get<Queue>(rule->targets[0].destination);
    ASSERT_NE(queue, nullptr);
    EXPECT_EQ(queue->name, "work");
    EXPECT_TRUE(imported.skipped.empty());
}

TEST(ImportCloudFormation, OneElementPerDistinctArnAndIdsStayUnique) {
    const ImportResult imported = importOk(importCloudFormation(R"({"Resources": {
        "Work": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "work"}},
        "A": {"Type": "AWS::Events::Rule", "Properties": {"Name": "work", "EventPattern": {"source": ["a"]},
              "Targets": [{"Id": "t", "Arn": "arn:aws:lambda:us-east-1:123456789012:function:work"}]}},
        "B": {"Type": "AWS::Events::Rule", "Properties": {"EventPattern": {"source": ["b"]},
              "Targets": [{"Id": "t", "Arn": "arn:aws:lambda:us-east-1:123456789012:function:work"},
                          {"Id": "u", "Arn": "arn:aws:lambda:us-east-1:123456789012:function:work:live"}]}}
    }})"));
    const Project &project = imported.project;
    const Rule *a = named<Rule>(project, "work");
    const Rule *b = named<Rule>(project, "B");
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(a->targets[0].destination, b->targets[0].destination);
    EXPECT_NE(b->targets[0].destination, b->targets[1].destination); // another ARN (an alias)
    std::vector<std::string> ids;
    for (const Element &element : project.elements()) {
        ids.push_back(elementId(element).value);
    }
    // "work" is the queue's (from its logical id); the function named work gets the next free id.
    EXPECT_EQ(project.get<Queue>(ElementId{"work"})->name, "work");
    ASSERT_NE(project.get<Consumer>(ElementId{"work-2"}), nullptr);
    EXPECT_EQ(project.get<Consumer>(ElementId{"work-2"})->name, "work");
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
}

TEST(ImportCloudFormation, ADeadLetterQueueThatIsNotAQueueIsReportedAndCreatesNothing) {
    const ImportResult imported = importOk(importCloudFormation(R"({"Resources": {
        "R": {"Type": "AWS::Events::Rule", "Properties": {"EventPattern": {"source": ["a"]},
              "Targets": [{"Id": "t", "Arn": "arn:aws:sqs:us-east-1:123456789012:work",
                           "DeadLetterConfig": {"Arn": "arn:aws:lambda:us-east-1:123456789012:function:dlq"}}]}}
    }})"));
    EXPECT_EQ(imported.skipped,
              (std::vector<std::string>{
                  "Resources.R.Properties.Targets[0].DeadLetterConfig.Arn: "
                  "arn:aws:lambda:us-east-1:123456789012:function:dlq cannot be a dead-letter "
                  "queue; the target has no dead-letter queue"}));
    EXPECT_TRUE(imported.project.all<Consumer>().empty());
    const Rule *rule = named<Rule>(imported.project, "R");
    ASSERT_NE(rule, nullptr);
    ASSERT_EQ(rule->targets.size(), 1u);
    EXPECT_TRUE(rule->targets[0].deadLetterQueue.empty());
}

// --- The retry layers: Lambda's asynchronous invocation, SQS redrive, event source mappings ---

TEST(ImportCloudFormation, LambdaAndSqsRetrySettingsComeWithTheirFunctionsAndQueues) {
    const ImportResult imported = importOk(importCloudFormation(R"({"Resources": {
        "Work": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "work",
            "VisibilityTimeout": 180,
            "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["WorkDlq", "Arn"]},
                              "maxReceiveCount": "3"}}},
        "WorkDlq": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "work-dlq"}},
        "Failures": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "failures"}},
        "Worker": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "worker",
            "Timeout": 30, "ReservedConcurrentExecutions": 5,
            "DeadLetterConfig": {"TargetArn": {"Fn::GetAtt": ["Failures", "Arn"]}}}},
        "WorkerConfig": {"Type": "AWS::Lambda::EventInvokeConfig", "Properties": {
            "FunctionName": {"Ref": "Worker"}, "Qualifier": "$LATEST",
            "MaximumRetryAttempts": 1, "MaximumEventAgeInSeconds": 3600,
            "DestinationConfig": {"OnFailure": {"Destination": {"Fn::GetAtt": ["Failures", "Arn"]}}}}},
        "Mapping": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {
            "EventSourceArn": {"Fn::GetAtt": ["Work", "Arn"]}, "FunctionName": {"Ref": "Worker"},
            "BatchSize": 25, "ScalingConfig": {"MaximumConcurrency": 4}}}
    }})"));
    const Queue *work = named<Queue>(imported.project, "work");
    const Queue *workDlq = named<Queue>(imported.project, "work-dlq");
    const Queue *failures = named<Queue>(imported.project, "failures");
    const Consumer *worker = named<Consumer>(imported.project, "worker");
    ASSERT_TRUE(work && workDlq && failures && worker);
    EXPECT_EQ(work->visibilityTimeoutSeconds, 180);
    EXPECT_EQ(work->redrivePolicy, (RedrivePolicy{workDlq->id, 3}));
    EXPECT_EQ(work->readBy, worker->id);
    EXPECT_EQ(work->readerBatchSize, 25);
    EXPECT_EQ(work->readerMaximumConcurrency, 4);
    EXPECT_EQ(worker->timeoutSeconds, 30);
    EXPECT_EQ(worker->behavior.concurrency, 5);
    EXPECT_EQ(worker->asyncInvocation, (AsyncInvocation{1, 3600, failures->id, failures->id}));
    EXPECT_TRUE(imported.skipped.empty()) << imported.skipped.front();
}

TEST(ImportSam, EventInvokeConfigAndDeadLetterQueueOfAFunction) {
    const ImportResult imported = importOk(importCloudFormation(R"({
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {
        "Failures": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "failures"}},
        "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "failed-orders"}},
        "Fn": {"Type": "AWS::Serverless::Function", "Properties": {"FunctionName": "fn",
            "DeadLetterQueue": {"Type": "SQS", "TargetArn": {"Fn::GetAtt": ["Failures", "Arn"]}},
            "EventInvokeConfig": {"MaximumRetryAttempts": 0,
                "DestinationConfig": {"OnFailure": {"Type": "EventBridge",
                                                    "Destination": {"Fn::GetAtt": ["Bus", "Arn"]}}}}}}
    }})"));
    const Consumer *fn = named<Consumer>(imported.project, "fn");
    const Queue *failures = named<Queue>(imported.project, "failures");
    const Bus *bus = named<Bus>(imported.project, "failed-orders");
    ASSERT_TRUE(fn && failures && bus);
    EXPECT_EQ(fn->asyncInvocation.maximumRetryAttempts, 0);
    EXPECT_EQ(fn->asyncInvocation.maximumEventAgeSeconds, 21600);
    EXPECT_EQ(fn->asyncInvocation.onFailure, bus->id);
    EXPECT_EQ(fn->asyncInvocation.deadLetterQueue, failures->id);
}

TEST(ImportCloudFormation, AnOnFailureDestinationThatCannotBeOneIsReportedWithWhere) {
    const ImportResult imported = importOk(importCloudFormation(R"({"Resources": {
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "fn"}},
        "Config": {"Type": "AWS::Lambda::EventInvokeConfig", "Properties": {
            "FunctionName": {"Ref": "Fn"}, "Qualifier": "$LATEST",
            "DestinationConfig": {"OnFailure": {
                "Destination": "arn:aws:sns:us-east-1:123456789012:alerts"}}}}
    }})"));
    ASSERT_EQ(imported.skipped.size(), 1u);
    EXPECT_TRUE(imported.skipped[0].starts_with(
        "Resources.Config.Properties.DestinationConfig.OnFailure.Destination: "))
        << imported.skipped[0];
    EXPECT_NE(imported.skipped[0].find("no on-failure destination"), std::string::npos)
        << imported.skipped[0];
    const Consumer *fn = named<Consumer>(imported.project, "fn");
    ASSERT_NE(fn, nullptr);
    EXPECT_TRUE(fn->asyncInvocation.onFailure.empty());
}

// --- Bad input --------------------------------------------------------------------------------

Error importError(std::string_view text) {
    const Result<ImportResult> result = importCloudFormation(text);
    EXPECT_FALSE(result.ok()) << text;
    return result.ok() ? Error{} : result.error();
}

TEST(ImportBadInput, TruncatedJsonNamesLineAndColumn) {
    const std::string text = readFixture("orders.cfn.json").substr(0, 700);
    const Error error = importError(text);
    EXPECT_NE(error.message.find("Not valid JSON"), std::string::npos) << error.message;
    EXPECT_GT(error.line, 20);
    EXPECT_GT(error.column, 0);
    EXPECT_NE(error.message.find("(line " + std::to_string(error.line)), std::string::npos);
}

TEST(ImportBadInput, BrokenYamlNamesLineAndColumn) {
    const Error error = importError("Resources:\n  Bus:\n    Type: [AWS::Events::EventBus\n"
                                    "  Other: x\n");
    EXPECT_NE(error.message.find("Not valid YAML"), std::string::npos) << error.message;
    EXPECT_GE(error.line, 3);
    EXPECT_GT(error.column, 0);
}

TEST(ImportBadInput, RandomBytesAreRefusedWithoutCrashing) {
    std::mt19937 random(20240611);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int round = 0; round < 200; ++round) {
        std::string text(static_cast<std::size_t>(1 + round * 7), '\0');
        for (char &c : text) {
            c = static_cast<char>(byte(random));
        }
        EXPECT_FALSE(importCloudFormation(text).ok()) << round;
        EXPECT_FALSE(importAwsCliListing(text).ok()) << round;
    }
}

TEST(ImportBadInput, TemplateWithoutResourcesIsRefused) {
    Error error = importError(R"({"AWSTemplateFormatVersion": "2010-09-09"})");
    EXPECT_EQ(error.field, "Resources");
    EXPECT_NE(error.message.find("no Resources section"), std::string::npos) << error.message;
    error = importError("just some text");
    EXPECT_NE(error.message.find("Not a CloudFormation template"), std::string::npos);
    error = importError("Resources: {}");
    EXPECT_EQ(error.field, "Resources");
    error = importError("");
    EXPECT_FALSE(error.message.empty());
}

TEST(ImportBadInput, WrongTypesNameTheField) {
    struct Case {
        const char *text;
        const char *field;
    };
    const Case cases[] = {
        {R"({"Resources": []})", "Resources"},
        {R"({"Resources": {"Bus": {"Properties": {}}}})", "Resources.Bus.Type"},
        {R"({"Resources": {"Bus": {"Type": 7}}})", "Resources.Bus.Type"},
        {R"({"Resources": {"Bus": {"Type": "AWS::Events::EventBus", "Properties": [1]}}})",
         "Resources.Bus.Properties"},
        {R"({"Resources": {"OrderRule": {"Type": "AWS::Events::Rule", "Properties": {
            "EventPattern": {"source": ["a"]}, "Targets": [{"Id": "a", "Arn": 42}]}}}})",
         "Resources.OrderRule.Properties.Targets[0].Arn"},
        {R"({"Resources": {"OrderRule": {"Type": "AWS::Events::Rule", "Properties": {
            "EventPattern": {"source": ["a"]}, "Targets": {"Id": "a"}}}}})",
         "Resources.OrderRule.Properties.Targets"},
        {R"({"Resources": {"OrderRule": {"Type": "AWS::Events::Rule", "Properties": {
            "EventPattern": [1, 2]}}}})",
         "Resources.OrderRule.Properties.EventPattern"},
        {R"({"Resources": {"OrderRule": {"Type": "AWS::Events::Rule", "Properties": {
            "EventPattern": {"source": ["a"]}, "Targets": [{"Arn": "arn:aws:sqs:r:1:q"}]}}}})",
         "Resources.OrderRule.Properties.Targets[0].Id"},
        {R"({"Resources": {"OrderRule": {"Type": "AWS::Events::Rule", "Properties": {
            "EventPattern": {"source": ["a"]}, "Targets": [{"Id": "a", "Arn": "arn:aws:sqs:r:1:q",
            "RetryPolicy": {"MaximumRetryAttempts": "many"}}]}}}})",
         "Resources.OrderRule.Properties.Targets[0].RetryPolicy.MaximumRetryAttempts"},
        {R"({"Resources": {"OrderRule": {"Type": "AWS::Events::Rule", "Properties": {
            "EventPattern": {"source": ["a"]}, "Targets": [
            {"Id": "a", "Arn": "arn:aws:sqs:r:1:q"}, {"Id": "a", "Arn": "arn:aws:sqs:r:1:p"}]}}}})",
         "Resources.OrderRule.Properties.Targets[1].Id"},
        {R"({"Resources": {"C": {"Type": "AWS::Events::Connection", "Properties": {
            "AuthorizationType": "PASSWORD"}}}})",
         "Resources.C.Properties.AuthorizationType"},
        {R"({"Resources": {"R": {"Type": "AWS::Events::Rule", "Properties": {
            "EventBusName": {"Ref": "Q"}, "EventPattern": {"source": ["a"]}}},
            "Q": {"Type": "AWS::SQS::Queue"}}})",
         "Resources.R.Properties.EventBusName"},
    };
    for (const Case &c : cases) {
        const Error error = importError(c.text);
        EXPECT_EQ(error.field, c.field) << error.message;
        EXPECT_TRUE(error.message.starts_with(c.field)) << error.message;
    }
}

TEST(ImportBadInput, DanglingReferencesAreErrors) {
    const Error error = importError(R"({"Resources": {"R": {"Type": "AWS::Events::Rule",
        "Properties": {"EventPattern": {"source": ["a"]},
                       "Targets": [{"Id": "a", "Arn": {"Fn::GetAtt": ["Missing", "Arn"]}}]}}}})");
    EXPECT_EQ(error.field, "Resources.R.Properties.Targets[0].Arn.Fn::GetAtt");
    EXPECT_NE(error.message.find("\"Missing\""), std::string::npos) << error.message;
    const Error ref = importError("Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n"
                                  "      EventBusName: !Ref Nowhere\n"
                                  "      EventPattern: {source: [a]}\n");
    EXPECT_EQ(ref.field, "Resources.R.Properties.EventBusName.Ref");
}

TEST(ImportBadInput, DeepNestingIsRefusedBeforeAnythingRecursesIntoIt) {
    const std::string deepJson = "{\"Resources\": " + std::string(100000, '[') + "]";
    Error error = importError(deepJson);
    EXPECT_NE(error.message.find("Nested deeper than 200 levels"), std::string::npos)
        << error.message;
    EXPECT_EQ(error.line, 1);

    error = importError("Resources: " + std::string(5000, '[') + std::string(5000, ']'));
    EXPECT_NE(error.message.find("nested deeper than 200 levels"), std::string::npos)
        << error.message;

    std::string block = "Resources:\n";
    for (int i = 0; i < 5000; ++i) {
        block.append(std::string(static_cast<std::size_t>(i + 1), ' ')).append("- \n");
    }
    error = importError(block);
    EXPECT_NE(error.message.find("nested deeper than 200 levels"), std::string::npos)
        << error.message;
    EXPECT_EQ(error.line, 201);
    // Unbalanced and odd nesting is refused too, whatever the message.
    EXPECT_FALSE(importCloudFormation("Resources: " + std::string(100000, '[')).ok());
    EXPECT_FALSE(importCloudFormation("a: " + std::string(50000, '-') + " x").ok());
    EXPECT_FALSE(importCloudFormation(std::string(30000, '!') + "Ref x").ok());
}

TEST(ImportBadInput, AliasBombsAndSelfReferencesAreRefused) {
    std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 12; ++i) {
        const std::string prev = "*a" + std::to_string(i - 1);
        bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev + ", " + prev +
                ", " + prev + ", " + prev + ", " + prev + ", " + prev + ", " + prev + ", " + prev +
                ", " + prev + ", " + prev + "]\n";
    }
    Error error = importError(bomb);
    EXPECT_NE(error.message.find("expands to more than"), std::string::npos) << error.message;
    error = importError("Resources: &r\n  X: *r\n");
    EXPECT_NE(error.message.find("contains it"), std::string::npos) << error.message;
}

TEST(ImportBadInput, DuplicateKeysAndInvalidUtf8InYamlAreRefused) {
    Error error = importError("Resources:\n  A:\n    Type: AWS::SQS::Queue\n  A:\n"
                              "    Type: AWS::SQS::Queue\n");
    EXPECT_NE(error.message.find("duplicate mapping key \"A\""), std::string::npos)
        << error.message;
    EXPECT_EQ(error.line, 4);
    error = importError("Resources:\n  A:\n    Type: \"\xC3\x28\"\n");
    EXPECT_NE(error.message.find("UTF-8"), std::string::npos) << error.message;
}

// --- AWS CLI listings -----------------------------------------------------------------------

TEST(ImportCliListing, RulesWithTheirTargetsBecomeRulesBusesAndOneElementPerArn) {
    const ImportResult imported = importOk(importAwsCliListing(readFixture("list-rules.json")));
    const Project &project = imported.project;

    const Rule *placed = named<Rule>(project, "order-placed");
    ASSERT_NE(placed, nullptr);
    EXPECT_EQ(placed->id.value, "order-placed");
    EXPECT_EQ(placed->description, "Orders placed in the shop");
    EXPECT_EQ(parsed(placed->pattern),
              parsed(R"({"source":["shop.orders"],"detail-type":["Order Placed"]})"));
    const Bus *orders = project.get<Bus>(placed->bus);
    ASSERT_NE(orders, nullptr);
    EXPECT_EQ(orders->name, "orders");
    EXPECT_TRUE(orders->account.empty()); // the listing's own account

    ASSERT_EQ(targetIds(*placed), (std::vector<std::string>{"billing", "forward", "partner"}));
    const Target &billing = placed->targets[0];
    EXPECT_EQ(billing.retryPolicy.maximumRetryAttempts, 4);
    EXPECT_EQ(billing.retryPolicy.maximumEventAgeSeconds, 600);
    EXPECT_EQ(project.get<Queue>(billing.deadLetterQueue)->name, "billing-dlq");
    const Bus *analytics = project.get<Bus>(placed->targets[1].destination);
    ASSERT_NE(analytics, nullptr);
    EXPECT_EQ(analytics->name, "analytics");
    EXPECT_TRUE(analytics->account.empty() && analytics->region.empty());
    const Bus *partner = project.get<Bus>(placed->targets[2].destination);
    ASSERT_NE(partner, nullptr);
    EXPECT_EQ(partner->account, "999988887777");
    EXPECT_EQ(partner->region, "us-east-1");

    const Rule *cancelled = named<Rule>(project, "order-cancelled");
    ASSERT_NE(cancelled, nullptr);
    EXPECT_FALSE(cancelled->enabled);
    EXPECT_EQ(cancelled->bus, orders->id);
    ASSERT_EQ(targetIds(*cancelled), (std::vector<std::string>{"refund", "billing-too"}));
    EXPECT_EQ(cancelled->targets[0].input.input,
              std::optional<std::string>(R"({"reason":"cancelled"})"));
    EXPECT_EQ(project.get<Consumer>(cancelled->targets[0].destination)->kind,
              ElementKind::StateMachine);
    // The same function ARN in two rules is one element.
    EXPECT_EQ(cancelled->targets[1].destination, billing.destination);
    EXPECT_EQ(project.all<Consumer>().size(), 2u);

    const Rule *health = named<Rule>(project, "aws-health");
    ASSERT_NE(health, nullptr);
    EXPECT_TRUE(project.get<Bus>(health->bus)->isDefault());
    ASSERT_EQ(health->targets.size(), 1u);
    ASSERT_TRUE(health->targets[0].input.inputTransformer.has_value());
    EXPECT_EQ(health->targets[0].input.inputTransformer->inputTemplate,
              "\"Health event for <service>\"");

    EXPECT_EQ(named<Rule>(project, "nightly-report"), nullptr);
    EXPECT_EQ(imported.skipped,
              (std::vector<std::string>{
                  "Rules[1].Targets[2] (Id \"notify\"): arn:aws:sns:eu-west-1:123456789012:order-"
                  "updates: SNS topics are not modelled; the target is not imported",
                  "Rules[2] (nightly-report): scheduled rules (ScheduleExpression) are not "
                  "modelled",
              }));
}

TEST(ImportCliListing, ConcatenatedTargetDocumentsGiveTheSameProjectAsInlineTargets) {
    const ImportResult inlined = importOk(importAwsCliListing(readFixture("list-rules.json")));
    const ImportResult concatenated =
        importOk(importAwsCliListing(readFixture("list-rules-concatenated.json")));
    ASSERT_EQ(concatenated.project.size(), inlined.project.size());
    for (std::size_t i = 0; i < inlined.project.size(); ++i) {
        EXPECT_EQ(concatenated.project.elements()[i], inlined.project.elements()[i])
            << elementId(inlined.project.elements()[i]).value;
    }
    ASSERT_EQ(concatenated.skipped.size(), 2u);
    EXPECT_TRUE(concatenated.skipped[0].starts_with("document 3.Targets[2] (Id \"notify\")"))
        << concatenated.skipped[0];
}

TEST(ImportCliListing, BadListingsNameTheDocumentOrField) {
    // One targets document for two rules.
    Result<ImportResult> result = importAwsCliListing(
        "{\"Rules\": [{\"Name\": \"a\", \"EventPattern\": \"{}\"}, {\"Name\": \"b\"}]}\n"
        "{\"Targets\": []}\n");
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("2 rules but 1"), std::string::npos)
        << result.error().message;
    EXPECT_EQ(result.error().line, 2);
    EXPECT_EQ(result.error().column, 1);

    result = importAwsCliListing("{\"Rules\": [{\"Name\": \"a\"}]}\n{\"NextToken\": \"x\"}");
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("Document 2"), std::string::npos);

    result = importAwsCliListing(R"({"Rules": [{"EventPattern": "{}"}]})");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().field, "Rules[0].Name");

    result = importAwsCliListing(R"({"Rules": {"Name": "a"}})");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().field, "Rules");

    result = importAwsCliListing(R"({"Resources": {}})");
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("list-rules"), std::string::npos);

    result = importAwsCliListing("{\"Rules\": [{\"Name\": \"a\",\n \"EventPattern\": }]}");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().line, 2);
}

// --- Files
// ----------------------------------------------------------------------------------------

TEST(ImportFile, DetectsListingsAndTemplatesAndNamesTheProjectAfterTheFile) {
    const ImportResult listing = importOk(importFile(fixturePath("list-rules-concatenated.json")));
    EXPECT_EQ(listing.project.name(), "list-rules-concatenated");
    EXPECT_NE(named<Rule>(listing.project, "order-placed"), nullptr);
    const ImportResult sam = importOk(importFile(fixturePath("sam.yaml")));
    EXPECT_EQ(sam.project.name(), "sam");
    EXPECT_NE(named<Rule>(sam.project, "unrecognized-login"), nullptr);
    const ImportResult json = importOk(importFile(fixturePath("orders.cfn.json")));
    EXPECT_EQ(json.project.name(), "orders.cfn");
    EXPECT_NE(named<Rule>(json.project, "order-placed"), nullptr);
}

TEST(ImportFile, ErrorsNameTheFile) {
    const std::string missing = fixturePath("no-such-template.yaml");
    Result<ImportResult> result = importFile(missing);
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.error().message.starts_with(missing + ": ")) << result.error().message;

    const std::filesystem::path bad =
        std::filesystem::path(SG_BINARY_DIR) / "import-test-truncated.json";
    {
        std::ofstream out(bad, std::ios::binary);
        out << readFixture("orders.cfn.json").substr(0, 300);
    }
    result = importFile(bad.string());
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.error().message.starts_with(bad.string() + ": Not valid JSON"))
        << result.error().message;
    EXPECT_GT(result.error().line, 1);
    std::filesystem::remove(bad);

    result = importFile(std::string(SG_TEST_DATA_DIR));
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("directory"), std::string::npos);
}

// --- Layout -----------------------------------------------------------------------------------

struct Box {
    double left, top, right, bottom;
};

bool overlaps(const Box &a, const Box &b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

TEST(ImportLayout, ImportedElementsSitInColumnsInEventFlowOrderWithoutOverlapping) {
    const ImportResult imported = importOk(importCloudFormation(readFixture("orders.cfn.json")));
    const Project &project = imported.project;
    std::vector<Box> boxes;
    // Buses with rules, rules, the rules' targets, then the targets' dead-letter queues, left to
    // right.
    double busRight = -1e9;
    double ruleLeft = 1e9;
    double ruleRight = -1e9;
    double targetLeft = 1e9;
    double targetRight = -1e9;
    double deadLetterLeft = 1e9;
    for (const Element &element : project.elements()) {
        const Rect box = elementBounds(element);
        boxes.push_back({box.x, box.y, box.x + box.width, box.y + box.height});
    }
    for (const Rule *rule : project.all<Rule>()) {
        // A bus a rule forwards to is itself a target, right of that rule.
        busRight =
            std::max(busRight, elementPosition(*project.find(rule->bus)).x + kElementBoxWidth);
        ruleLeft = std::min(ruleLeft, rule->position.x);
        ruleRight = std::max(ruleRight, rule->position.x + kElementBoxWidth);
        for (const Target &target : rule->targets) {
            const Point at = elementPosition(*project.find(target.destination));
            if (!std::holds_alternative<Bus>(*project.find(target.destination))) {
                targetLeft = std::min(targetLeft, at.x);
                targetRight = std::max(targetRight, at.x + kElementBoxWidth);
            }
            if (!target.deadLetterQueue.empty()) {
                deadLetterLeft = std::min(deadLetterLeft,
                                          elementPosition(*project.find(target.deadLetterQueue)).x);
            }
        }
    }
    EXPECT_LT(busRight, ruleLeft);
    EXPECT_LT(ruleRight, targetLeft);
    EXPECT_LT(targetRight, deadLetterLeft);
    // The dead-letter queue sits after the targets, the analytics queue (a target) among them.
    const Queue *dlq = named<Queue>(project, "billing-dlq");
    const Queue *analytics = named<Queue>(project, "analytics");
    ASSERT_NE(dlq, nullptr);
    ASSERT_NE(analytics, nullptr);
    EXPECT_LT(analytics->position.x, dlq->position.x);
    EXPECT_GE(analytics->position.x, ruleRight);
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        for (std::size_t j = i + 1; j < boxes.size(); ++j) {
            EXPECT_FALSE(overlaps(boxes[i], boxes[j]))
                << elementId(project.elements()[i]).value << " and "
                << elementId(project.elements()[j]).value;
        }
    }
}

// Rules listed in the opposite order of their buses cross every edge unless the layout orders
// rows by their neighbours.
TEST(ImportLayout, RowsFollowTheirNeighboursSoEdgesDoNotCross) {
    Project project;
    const int count = 6;
    for (int i = 0; i < count; ++i) {
        Bus bus;
        bus.id = ElementId{"bus-" + std::to_string(i)};
        bus.name = bus.id.value;
        ASSERT_TRUE(project.appendUnchecked(bus).ok());
    }
    for (int i = 0; i < count; ++i) {
        Consumer function;
        function.id = ElementId{"fn-" + std::to_string(i)};
        function.name = function.id.value;
        ASSERT_TRUE(project.appendUnchecked(function).ok());
    }
    for (int i = count - 1; i >= 0; --i) {
        Rule rule;
        rule.id = ElementId{"rule-" + std::to_string(i)};
        rule.name = rule.id.value;
        rule.bus = ElementId{"bus-" + std::to_string(i)};
        rule.pattern = R"({"source":["x"]})";
        Target target;
        target.id = "t";
        target.destination = ElementId{"fn-" + std::to_string((i + 3) % count)};
        rule.targets.push_back(target);
        ASSERT_TRUE(project.appendUnchecked(rule).ok());
    }
    layoutArchitecture(project);
    const auto y = [&project](const std::string &id) {
        return elementPosition(*project.find(ElementId{id})).y;
    };
    int crossings = 0;
    for (int i = 0; i < count; ++i) {
        for (int j = i + 1; j < count; ++j) {
            const std::string ri = "rule-" + std::to_string(i);
            const std::string rj = "rule-" + std::to_string(j);
            const bool busOrder = y("bus-" + std::to_string(i)) < y("bus-" + std::to_string(j));
            if (busOrder != (y(ri) < y(rj))) {
                ++crossings;
            }
            const std::string fi = "fn-" + std::to_string((i + 3) % count);
            const std::string fj = "fn-" + std::to_string((j + 3) % count);
            if ((y(ri) < y(rj)) != (y(fi) < y(fj))) {
                ++crossings;
            }
        }
    }
    EXPECT_EQ(crossings, 0);
    // The command is undoable as one step.
    const Command command = layoutCommand(project);
    EXPECT_EQ(std::get<MoveElements>(command.operation).positions.size(), 3u * count);
}

// --- Round trip through the CloudFormation export ---------------------------------------------

Project richModel() {
    Project project;
    const auto add = [&project](Element element) {
        const Result<bool> added = project.appendUnchecked(std::move(element));
        EXPECT_TRUE(added.ok()) << (added.ok() ? "" : added.error().message);
    };
    Bus orders;
    orders.id = ElementId{"orders-bus"};
    orders.name = "orders";
    orders.archives.push_back(Archive{"orders-archive", "", R"({"source":["shop.orders"]})", 14});
    add(orders);
    Bus defaultBus;
    defaultBus.id = ElementId{"default-bus"};
    defaultBus.name = "default";
    add(defaultBus);
    Bus central;
    central.id = ElementId{"central"};
    central.name = "central";
    central.account = "444455556666";
    central.region = "eu-west-1";
    add(central);

    Consumer billing;
    billing.id = ElementId{"billing"};
    billing.name = "billing";
    add(billing);
    Consumer shipping;
    shipping.id = ElementId{"shipping"};
    shipping.kind = ElementKind::StateMachine;
    shipping.name = "shipping";
    add(shipping);
    Queue analytics;
    analytics.id = ElementId{"analytics"};
    analytics.name = "analytics";
    analytics.messageRetentionSeconds = 86400;
    add(analytics);
    Queue dlq;
    dlq.id = ElementId{"billing-dlq"};
    dlq.name = "billing-dlq";
    add(dlq);
    Connection connection;
    connection.id = ElementId{"crm-connection"};
    connection.name = "crm";
    connection.apiKeyName = "x-api-key";
    add(connection);
    ApiDestination crm;
    crm.id = ElementId{"crm"};
    crm.name = "crm-orders";
    crm.connection = connection.id;
    crm.endpoint = "https://crm.example.com/orders";
    crm.invocationRateLimitPerSecond = 25;
    add(crm);

    Rule placed;
    placed.id = ElementId{"order-placed"};
    placed.name = "order-placed";
    placed.description = "Orders placed in the shop";
    placed.bus = orders.id;
    placed.pattern = R"({"source":["shop.orders"],"detail":{"total":[{"numeric":[">",0]}]}})";
    Target toBilling;
    toBilling.id = "billing";
    toBilling.destination = billing.id;
    toBilling.retryPolicy = RetryPolicy{3, 3600};
    toBilling.deadLetterQueue = dlq.id;
    placed.targets.push_back(toBilling);
    Target toShipping;
    toShipping.id = "shipping";
    toShipping.destination = shipping.id;
    toShipping.input = TargetInput::path("$.detail");
    placed.targets.push_back(toShipping);
    Target toAnalytics;
    toAnalytics.id = "analytics";
    toAnalytics.destination = analytics.id;
    toAnalytics.input =
        TargetInput::transformer({{"order", "$.detail.orderId"}}, R"({"order": <order>})");
    placed.targets.push_back(toAnalytics);
    Target toCrm;
    toCrm.id = "crm";
    toCrm.destination = crm.id;
    toCrm.input = TargetInput::constant(R"({"kind":"order"})");
    placed.targets.push_back(toCrm);
    Target toCentral;
    toCentral.id = "central";
    toCentral.destination = central.id;
    placed.targets.push_back(toCentral);
    add(placed);

    Rule audit;
    audit.id = ElementId{"audit"};
    audit.name = "audit";
    audit.bus = defaultBus.id;
    audit.pattern = R"({"source":[{"prefix":"shop."}]})";
    audit.enabled = false;
    Target toAudit;
    toAudit.id = "billing";
    toAudit.destination = billing.id;
    toAudit.retryPolicy = RetryPolicy{0, 60};
    audit.targets.push_back(toAudit);
    add(audit);
    EXPECT_TRUE(project.checkReferences().ok());
    return project;
}

// What the round trip must keep, with elements named rather than identified (ids follow the
// template's logical ids).
std::string describeTarget(const Project &project, const Target &target) {
    const Element *destination = project.find(target.destination);
    std::string out = target.id + " -> " +
                      std::string(destination ? elementKindName(elementKind(*destination)) : "?") +
                      " " + (destination ? elementName(*destination) : "?");
    out += " retry " + std::to_string(target.retryPolicy.maximumRetryAttempts) + "/" +
           std::to_string(target.retryPolicy.maximumEventAgeSeconds);
    if (const Queue *dlq = project.get<Queue>(target.deadLetterQueue)) {
        out += " dlq " + dlq->name;
    }
    out += " input " + target.input.input.value_or("-") + " path " +
           target.input.inputPath.value_or("-");
    if (target.input.inputTransformer) {
        for (const auto &[variable, path] : target.input.inputTransformer->inputPathsMap) {
            out += " " + variable + "=" + path;
        }
        out += " template " + target.input.inputTransformer->inputTemplate;
    }
    return out;
}

void expectSameArchitecture(const Project &original, const Project &imported) {
    for (const Bus *bus : original.all<Bus>()) {
        const Bus *back = named<Bus>(imported, bus->name);
        ASSERT_NE(back, nullptr) << bus->name;
        EXPECT_EQ(back->account, bus->account);
        EXPECT_EQ(back->region, bus->region);
        ASSERT_EQ(back->archives.size(), bus->archives.size()) << bus->name;
        for (std::size_t i = 0; i < bus->archives.size(); ++i) {
            EXPECT_EQ(back->archives[i].name, bus->archives[i].name);
            EXPECT_EQ(parsed(back->archives[i].pattern), parsed(bus->archives[i].pattern));
            EXPECT_EQ(back->archives[i].retentionDays, bus->archives[i].retentionDays);
        }
    }
    EXPECT_EQ(imported.all<Bus>().size(), original.all<Bus>().size());
    EXPECT_EQ(imported.all<Rule>().size(), original.all<Rule>().size());
    for (const Rule *rule : original.all<Rule>()) {
        const Rule *back = named<Rule>(imported, rule->name);
        ASSERT_NE(back, nullptr) << rule->name;
        EXPECT_EQ(back->description, rule->description);
        EXPECT_EQ(back->enabled, rule->enabled);
        EXPECT_EQ(parsed(back->pattern), parsed(rule->pattern));
        EXPECT_EQ(elementName(*imported.find(back->bus)), elementName(*original.find(rule->bus)));
        ASSERT_EQ(back->targets.size(), rule->targets.size()) << rule->name;
        for (std::size_t i = 0; i < rule->targets.size(); ++i) {
            EXPECT_EQ(describeTarget(imported, back->targets[i]),
                      describeTarget(original, rule->targets[i]));
        }
    }
    const ApiDestination *api = named<ApiDestination>(imported, "crm-orders");
    ASSERT_NE(api, nullptr);
    EXPECT_EQ(api->endpoint, "https://crm.example.com/orders");
    EXPECT_EQ(api->invocationRateLimitPerSecond, 25);
    EXPECT_EQ(imported.get<Connection>(api->connection)->apiKeyName, "x-api-key");
}

TEST(ImportRoundTrip, AnExportedTemplateImportsBackToTheSameArchitecture) {
    const Project original = richModel();
    for (const ExportFormat format :
         {ExportFormat::CloudFormationJson, ExportFormat::CloudFormationYaml}) {
        SCOPED_TRACE(std::string(exportFormatName(format)));
        const Result<std::string> exported = exportProject(original, format);
        ASSERT_TRUE(exported.ok()) << exported.error().message;
        const ImportResult imported = importOk(importCloudFormation(*exported));
        expectSameArchitecture(original, imported.project);
    }
}

} // namespace
} // namespace sg::model
