// The CloudFormation export checked against AWS's CloudFormation resource specification (npm
// package @aws-cdk/cfnspec, installed into the build tree by the cfnspec.install fixture): every
// resource type and property exists, required properties are present, value types agree, and
// every Ref, Fn::GetAtt and Fn::Sub variable resolves (GetAtt attributes exist for the type).
// Skips when the specification is not installed (no npm, no registry).

#include "io/export.h"
#include "io/projectfile.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sg::model {
namespace {

using SpecJson = nlohmann::json;

// SG_CFNSPEC_FILE in the environment points at another copy of specification.json.
std::string specificationPath() {
    if (const char *path = std::getenv("SG_CFNSPEC_FILE"); path != nullptr && *path != '\0') {
        return path;
    }
    return SG_CFNSPEC_FILE;
}

const SpecJson *specification() {
    static const std::optional<SpecJson> spec = []() -> std::optional<SpecJson> {
        std::ifstream in(specificationPath(), std::ios::binary);
        if (!in) {
            return std::nullopt;
        }
        SpecJson parsed = SpecJson::parse(in, nullptr, false);
        if (parsed.is_discarded() || !parsed.contains("ResourceTypes")) {
            return std::nullopt;
        }
        return parsed;
    }();
    return spec ? &*spec : nullptr;
}

#define SG_REQUIRE_SPEC(name)                                                                      \
    const SpecJson *name = specification();                                                        \
    if (name == nullptr) {                                                                         \
        GTEST_SKIP() << "CloudFormation specification not installed at " << specificationPath()    \
                     << " (the cfnspec.install test needs npm and the npm registry)";              \
    }

const std::set<std::string> kPseudoParameters{
    "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",   "AWS::Partition",
    "AWS::Region",    "AWS::StackId",          "AWS::StackName", "AWS::URLSuffix"};

bool isIntrinsic(const Json &value) {
    if (!value.is_object() || value.size() != 1) {
        return false;
    }
    const std::string &key = value.begin().key();
    return key == "Ref" || key.starts_with("Fn::");
}

// Checks one template against the specification; each problem is one readable line.
class SpecChecker {
public:
    SpecChecker(const SpecJson &spec, const Json &tmpl) : m_spec(spec), m_template(tmpl) {}

    std::vector<std::string> problems() {
        checkTopLevel();
        checkParameters();
        checkResources();
        checkOutputs();
        walkIntrinsics(m_template, "template");
        return m_problems;
    }

private:
    void problem(const std::string &where, const std::string &what) {
        m_problems.push_back(where + ": " + what);
    }

    const Json *section(const char *name) const {
        return m_template.contains(name) ? &m_template[name] : nullptr;
    }

    void checkTopLevel() {
        static const std::set<std::string> kSections{"AWSTemplateFormatVersion",
                                                     "Description",
                                                     "Metadata",
                                                     "Parameters",
                                                     "Rules",
                                                     "Mappings",
                                                     "Conditions",
                                                     "Transform",
                                                     "Resources",
                                                     "Outputs"};
        for (const auto &[key, value] : m_template.items()) {
            if (!kSections.contains(key)) {
                problem("template", "unknown section " + key);
            }
        }
        if (m_template.value("AWSTemplateFormatVersion", "") != "2010-09-09") {
            problem("template", "AWSTemplateFormatVersion is not 2010-09-09");
        }
        const Json *resources = section("Resources");
        if (resources == nullptr || !resources->is_object() || resources->empty()) {
            problem("template", "a template needs at least one resource");
        }
    }

    void checkParameters() {
        static const std::set<std::string> kTypes{"String", "Number", "List<Number>",
                                                  "CommaDelimitedList"};
        static const std::set<std::string> kKeys{"Type",
                                                 "Default",
                                                 "Description",
                                                 "NoEcho",
                                                 "AllowedValues",
                                                 "AllowedPattern",
                                                 "MaxLength",
                                                 "MinLength",
                                                 "MaxValue",
                                                 "MinValue",
                                                 "ConstraintDescription"};
        const Json *parameters = section("Parameters");
        if (parameters == nullptr) {
            return;
        }
        for (const auto &[name, parameter] : parameters->items()) {
            const std::string where = "Parameters." + name;
            const std::string type = parameter.value("Type", "");
            if (!kTypes.contains(type) && !type.starts_with("AWS::")) {
                problem(where, "unknown parameter type \"" + type + "\"");
            }
            for (const auto &[key, value] : parameter.items()) {
                if (!kKeys.contains(key)) {
                    problem(where, "unknown parameter attribute " + key);
                }
            }
            if (parameter.contains("Default") && type == "String" &&
                !parameter["Default"].is_string()) {
                problem(where, "Default of a String parameter is not a string");
            }
            if (parameter.contains("NoEcho") && !parameter["NoEcho"].is_boolean()) {
                problem(where, "NoEcho is not a boolean");
            }
        }
    }

    void checkResources() {
        static const std::set<std::string> kKeys{
            "Type",     "Properties",          "DependsOn",      "Condition",   "DeletionPolicy",
            "Metadata", "UpdateReplacePolicy", "CreationPolicy", "UpdatePolicy"};
        const Json *resources = section("Resources");
        if (resources == nullptr) {
            return;
        }
        for (const auto &[name, resource] : resources->items()) {
            const std::string where = "Resources." + name;
            for (const auto &[key, value] : resource.items()) {
                if (!kKeys.contains(key)) {
                    problem(where, "unknown resource attribute " + key);
                }
            }
            const std::string type = resource.value("Type", "");
            const SpecJson &types = m_spec["ResourceTypes"];
            if (!types.contains(type)) {
                problem(where, "resource type \"" + type + "\" is not in the specification");
                continue;
            }
            const Json empty = Json::object();
            const Json &properties =
                resource.contains("Properties") ? resource["Properties"] : empty;
            if (!properties.is_object()) {
                problem(where, "Properties is not an object");
                continue;
            }
            checkProperties(properties, types[type]["Properties"], type, where + ".Properties");
        }
    }

    void checkOutputs() {
        const Json *outputs = section("Outputs");
        if (outputs == nullptr) {
            return;
        }
        for (const auto &[name, output] : outputs->items()) {
            if (!output.contains("Value")) {
                problem("Outputs." + name, "has no Value");
            }
        }
    }

    void checkProperties(const Json &properties, const SpecJson &specProperties,
                         const std::string &resourceType, const std::string &where) {
        for (const auto &[key, value] : properties.items()) {
            if (!specProperties.contains(key)) {
                problem(where, "unknown property " + key);
                continue;
            }
            checkValue(value, specProperties[key], resourceType, where + "." + key);
        }
        for (const auto &[key, specProperty] : specProperties.items()) {
            if (specProperty.value("Required", false) && !properties.contains(key)) {
                problem(where, "missing required property " + key);
            }
        }
    }

    // The primitive type an intrinsic yields ("String", "List"...), or empty when unknown.
    std::string intrinsicType(const Json &value) {
        const std::string &function = value.begin().key();
        const Json &argument = value.begin().value();
        if (function == "Ref" && argument.is_string()) {
            const std::string name = argument.get<std::string>();
            const Json *parameters = section("Parameters");
            if (parameters != nullptr && parameters->contains(name)) {
                const std::string type = (*parameters)[name].value("Type", "");
                return type == "CommaDelimitedList" || type.starts_with("List<") ? "List"
                                                                                 : "String";
            }
            return "String"; // a resource's Ref, or a pseudo parameter
        }
        if (function == "Fn::GetAtt" && argument.is_array() && argument.size() == 2) {
            const SpecJson *attribute = getAttSpec(argument[0], argument[1]);
            if (attribute != nullptr) {
                return attribute->contains("PrimitiveType")
                           ? (*attribute)["PrimitiveType"].get<std::string>()
                           : attribute->value("Type", "");
            }
            return {};
        }
        if (function == "Fn::Sub" || function == "Fn::Join" || function == "Fn::Select" ||
            function == "Fn::ImportValue" || function == "Fn::Base64") {
            return "String";
        }
        return {};
    }

    void checkPrimitive(const Json &value, const std::string &primitive, const std::string &where) {
        if (isIntrinsic(value)) {
            const std::string yields = intrinsicType(value);
            if (primitive == "Json") {
                problem(where, "expects a JSON object, not an intrinsic function");
            } else if (!yields.empty() && yields != primitive &&
                       !(yields == "String" && primitive == "Timestamp")) {
                problem(where, "expects " + primitive + " but " + value.begin().key() + " yields " +
                                   yields);
            }
            return;
        }
        bool ok = false;
        if (primitive == "String" || primitive == "Timestamp") {
            ok = value.is_string();
        } else if (primitive == "Integer" || primitive == "Long") {
            ok = value.is_number_integer();
        } else if (primitive == "Double") {
            ok = value.is_number();
        } else if (primitive == "Boolean") {
            ok = value.is_boolean();
        } else if (primitive == "Json") {
            ok = value.is_object();
        }
        if (!ok) {
            problem(where, "expects " + primitive + ", got " + value.dump());
        }
    }

    const SpecJson *propertyType(const std::string &resourceType, const std::string &name) {
        const SpecJson &types = m_spec["PropertyTypes"];
        const std::string qualified = resourceType + "." + name;
        if (types.contains(qualified)) {
            return &types[qualified];
        }
        return types.contains(name) ? &types[name] : nullptr;
    }

    void checkComplex(const Json &value, const std::string &typeName,
                      const std::string &resourceType, const std::string &where) {
        const SpecJson *type = propertyType(resourceType, typeName);
        if (type == nullptr) {
            problem(where, "property type " + typeName + " is not in the specification");
            return;
        }
        if (type->contains("PrimitiveType")) {
            checkPrimitive(value, (*type)["PrimitiveType"].get<std::string>(), where);
            return;
        }
        if (!value.is_object() || isIntrinsic(value)) {
            problem(where, "expects a " + typeName + " object, got " + value.dump());
            return;
        }
        checkProperties(value, type->value("Properties", SpecJson::object()), resourceType, where);
    }

    void checkItem(const Json &item, const SpecJson &specProperty, const std::string &resourceType,
                   const std::string &where) {
        if (specProperty.contains("PrimitiveItemType")) {
            checkPrimitive(item, specProperty["PrimitiveItemType"].get<std::string>(), where);
        } else if (specProperty.contains("ItemType")) {
            checkComplex(item, specProperty["ItemType"].get<std::string>(), resourceType, where);
        } else {
            problem(where, "the specification gives no item type");
        }
    }

    void checkValue(const Json &value, const SpecJson &specProperty,
                    const std::string &resourceType, const std::string &where) {
        if (specProperty.contains("PrimitiveType")) {
            checkPrimitive(value, specProperty["PrimitiveType"].get<std::string>(), where);
            return;
        }
        const std::string type = specProperty.value("Type", "");
        if (type == "List") {
            if (isIntrinsic(value)) {
                const std::string yields = intrinsicType(value);
                if (!yields.empty() && yields != "List") {
                    problem(where,
                            "expects a List but " + value.begin().key() + " yields " + yields);
                }
                return;
            }
            if (!value.is_array()) {
                problem(where, "expects a List, got " + value.dump());
                return;
            }
            for (std::size_t i = 0; i < value.size(); ++i) {
                checkItem(value[i], specProperty, resourceType,
                          where + "[" + std::to_string(i) + "]");
            }
        } else if (type == "Map") {
            if (!value.is_object() || isIntrinsic(value)) {
                problem(where, "expects a Map, got " + value.dump());
                return;
            }
            for (const auto &[key, item] : value.items()) {
                checkItem(item, specProperty, resourceType, where + "." + key);
            }
        } else {
            checkComplex(value, type, resourceType, where);
        }
    }

    const SpecJson *getAttSpec(const Json &resourceName, const Json &attributeName) {
        const Json *resources = section("Resources");
        if (!resourceName.is_string() || !attributeName.is_string() || resources == nullptr ||
            !resources->contains(resourceName.get<std::string>())) {
            return nullptr;
        }
        const std::string type = (*resources)[resourceName.get<std::string>()].value("Type", "");
        const SpecJson &types = m_spec["ResourceTypes"];
        if (!types.contains(type) || !types[type].contains("Attributes") ||
            !types[type]["Attributes"].contains(attributeName.get<std::string>())) {
            return nullptr;
        }
        return &types[type]["Attributes"][attributeName.get<std::string>()];
    }

    bool isReferable(const std::string &name) const {
        const Json *parameters = section("Parameters");
        const Json *resources = section("Resources");
        return kPseudoParameters.contains(name) ||
               (parameters != nullptr && parameters->contains(name)) ||
               (resources != nullptr && resources->contains(name));
    }

    void checkSubVariable(const std::string &variable, const std::string &where) {
        const std::size_t dot =
            variable.starts_with("AWS::") ? std::string::npos : variable.find('.');
        if (dot == std::string::npos) {
            if (!isReferable(variable)) {
                problem(where, "Fn::Sub variable ${" + variable + "} resolves to nothing");
            }
        } else if (getAttSpec(variable.substr(0, dot), variable.substr(dot + 1)) == nullptr) {
            problem(where, "Fn::Sub variable ${" + variable + "} is not a resource attribute");
        }
    }

    void checkIntrinsic(const Json &value, const std::string &where) {
        static const std::set<std::string> kFunctions{
            "Ref",           "Fn::GetAtt", "Fn::Sub",         "Fn::Join",   "Fn::Select",
            "Fn::Split",     "Fn::If",     "Fn::Base64",      "Fn::GetAZs", "Fn::ImportValue",
            "Fn::FindInMap", "Fn::Cidr",   "Fn::Equals",      "Fn::Not",    "Fn::And",
            "Fn::Or",        "Fn::Length", "Fn::ToJsonString"};
        const std::string &function = value.begin().key();
        const Json &argument = value.begin().value();
        if (!kFunctions.contains(function)) {
            problem(where, function + " is not an intrinsic function");
        } else if (function == "Ref") {
            if (!argument.is_string() || !isReferable(argument.get<std::string>())) {
                problem(where, "Ref " + argument.dump() + " resolves to nothing");
            }
        } else if (function == "Fn::GetAtt") {
            if (!argument.is_array() || argument.size() != 2 ||
                getAttSpec(argument[0], argument[1]) == nullptr) {
                problem(where, "Fn::GetAtt " + argument.dump() +
                                   " is not an attribute of a resource of the template");
            }
        } else if (function == "Fn::Sub") {
            const std::string text = argument.is_string() ? argument.get<std::string>() : "";
            for (std::size_t at = text.find("${"); at != std::string::npos;
                 at = text.find("${", at + 2)) {
                const std::size_t end = text.find('}', at);
                if (end == std::string::npos) {
                    problem(where, "Fn::Sub has an unterminated ${");
                    break;
                }
                const std::string variable = text.substr(at + 2, end - at - 2);
                if (!variable.starts_with("!")) {
                    checkSubVariable(variable, where);
                }
            }
        }
    }

    void walkIntrinsics(const Json &value, const std::string &where) {
        if (value.is_object()) {
            if (isIntrinsic(value)) {
                checkIntrinsic(value, where);
            }
            for (const auto &[key, child] : value.items()) {
                walkIntrinsics(child, where + "." + key);
            }
        } else if (value.is_array()) {
            for (std::size_t i = 0; i < value.size(); ++i) {
                walkIntrinsics(value[i], where + "[" + std::to_string(i) + "]");
            }
        }
    }

    const SpecJson &m_spec;
    const Json &m_template;
    std::vector<std::string> m_problems;
};

std::vector<std::string> checkTemplate(const SpecJson &spec, const Project &project) {
    const auto text = exportProject(project, ExportFormat::CloudFormationJson);
    if (!text) {
        return {"export failed: " + text.error().message};
    }
    return SpecChecker(spec, Json::parse(*text)).problems();
}

std::string joined(const std::vector<std::string> &lines) {
    std::string out;
    for (const std::string &line : lines) {
        out.append(line).append("\n");
    }
    return out;
}

// --- A model with every construct the export writes ---------------------------------------

void add(Project &project, Element element) {
    const auto added = project.appendUnchecked(std::move(element));
    ASSERT_TRUE(added.ok()) << added.error().message;
}

Target target(const std::string &id, const std::string &destination) {
    Target t;
    t.id = id;
    t.destination = {destination};
    return t;
}

Project everyConstruct() {
    Project project;
    project.setInfo("Everything", "Every construct the CloudFormation export writes");
    Bus defaultBus;
    defaultBus.id = {"default-bus"};
    defaultBus.name = "default";
    defaultBus.archives.push_back(Archive{"all-default", "", "", 0});
    add(project, defaultBus);
    Bus orders;
    orders.id = {"orders"};
    orders.name = "orders";
    orders.archives.push_back(Archive{"orders-archive", "Orders", R"({"source": ["shop"]})", 7});
    orders.archives.push_back(Archive{"", "", "", 365});
    add(project, orders);
    Bus partner;
    partner.id = {"partner"};
    partner.name = "partner";
    partner.account = "210987654321";
    add(project, partner);
    Bus otherRegion;
    otherRegion.id = {"replica"};
    otherRegion.name = "replica";
    otherRegion.region = "eu-central-1";
    add(project, otherRegion);

    Consumer function;
    function.id = {"fn"};
    function.name = "handler";
    function.asyncInvocation.maximumRetryAttempts = 1;
    function.asyncInvocation.maximumEventAgeSeconds = 600;
    function.asyncInvocation.onFailure = {"work"};
    add(project, function);
    Consumer machine;
    machine.id = {"sm"};
    machine.kind = ElementKind::StateMachine;
    machine.name = "flow";
    add(project, machine);
    Queue queue;
    queue.id = {"work"};
    queue.name = "work";
    queue.readBy = {"fn"};
    queue.visibilityTimeoutSeconds = 60;
    queue.redrivePolicy = {{"legacy"}, 4};
    queue.readerBatchSize = 5;
    queue.readerMaximumConcurrency = 3;
    add(project, queue);
    Queue fifo;
    fifo.id = {"ordered"};
    fifo.name = "ordered.fifo";
    fifo.fifo = true;
    fifo.messageRetentionSeconds = 60;
    add(project, fifo);
    Queue external;
    external.id = {"legacy"};
    external.name = "legacy";
    external.arn = "arn:aws:sqs:us-east-1:123456789012:legacy";
    add(project, external);

    Connection apiKey;
    apiKey.id = {"key-conn"};
    apiKey.name = "key";
    apiKey.description = "API key";
    apiKey.apiKeyName = "x-api-key";
    add(project, apiKey);
    Connection basic;
    basic.id = {"basic-conn"};
    basic.name = "basic";
    basic.authorization = AuthorizationType::Basic;
    basic.username = "stormglass";
    add(project, basic);
    Connection oauth;
    oauth.id = {"oauth-conn"};
    oauth.name = "oauth";
    oauth.authorization = AuthorizationType::OAuthClientCredentials;
    oauth.oauthEndpoint = "https://auth.example.com/token";
    oauth.oauthHttpMethod = "POST";
    oauth.oauthClientId = "client";
    add(project, oauth);
    for (const char *conn : {"key-conn", "basic-conn", "oauth-conn"}) {
        ApiDestination api;
        api.id = {std::string(conn) + "-api"};
        api.name = std::string(conn) + "-api";
        api.description = "calls through " + std::string(conn);
        api.connection = {conn};
        api.endpoint = "https://api.example.com/*/events";
        api.httpMethod = "PUT";
        add(project, api);
    }

    Rule rule;
    rule.id = {"everything"};
    rule.name = "everything";
    rule.description = "one of each target";
    rule.bus = {"orders"};
    rule.pattern = R"({"source": ["shop"], "detail": {"$or": [{"a": [{"exists": true}]},
                       {"b": [{"numeric": [">", 0, "<=", 5]}]}]}})";
    Target toFunction = target("fn", "fn");
    toFunction.retryPolicy = {0, 60};
    toFunction.deadLetterQueue = {"work"};
    toFunction.input = TargetInput::transformer({}, "constant template");
    Target toMachine = target("sm", "sm");
    toMachine.input = TargetInput::constant(R"({"a": 1})");
    Target toQueue = target("q", "ordered");
    toQueue.deadLetterQueue = {"legacy"};
    Target toApi = target("api", "key-conn-api");
    toApi.input = TargetInput::transformer({{"id", "$.id"}, {"who", "$.detail.user"}},
                                           R"({"id": <id>, "who": <who>})");
    Target toLegacy = target("legacy", "legacy");
    toLegacy.input = TargetInput::path("$.detail");
    rule.targets = {toFunction, toMachine, toQueue, toApi, toLegacy};
    add(project, rule);

    Rule buses;
    buses.id = {"bus-hops"};
    buses.name = "bus-hops";
    buses.bus = {"default-bus"};
    buses.enabled = false;
    buses.pattern = R"({"detail-type": [{"prefix": "Order"}]})";
    buses.targets = {target("to-orders", "orders"), target("to-partner", "partner"),
                     target("to-replica", "replica"), target("to-default", "default-bus"),
                     target("basic", "basic-conn-api")};
    add(project, buses);

    // No bus named: the account's default bus.
    Rule implicitBus;
    implicitBus.id = {"implicit-default"};
    implicitBus.name = "implicit-default";
    implicitBus.pattern = R"({"source": [{"anything-but": "shop"}]})";
    implicitBus.targets = {target("oauth", "oauth-conn-api")};
    add(project, implicitBus);

    Rule untargeted;
    untargeted.id = {"untargeted"};
    untargeted.name = "untargeted";
    untargeted.bus = {"orders"};
    untargeted.pattern = R"({"source": ["x"]})";
    add(project, untargeted);
    return project;
}

// --- Tests ----------------------------------------------------------------------------------

TEST(CfnSpec, TheCheckerFindsEachKindOfProblem) {
    SG_REQUIRE_SPEC(spec);
    // A template with one mistake of each kind; the checker must name every one.
    const Json broken = Json::parse(R"({
      "AWSTemplateFormatVersion": "2010-09-09",
      "Parameters": {"P": {"Type": "Strnig"}},
      "Resources": {
        "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Nmae": "x"}},
        "Q": {"Type": "AWS::SQS::Queue", "Properties": {"FifoQueue": "yes", "MessageRetentionPeriod": 6.5}},
        "R": {"Type": "AWS::Events::Rule", "Properties": {
          "EventPattern": "{\"source\": [\"a\"]}",
          "State": {"Fn::GetAtt": ["Q", "QueueName"]},
          "Targets": [
            {"Id": "t", "Arn": {"Fn::GetAtt": ["Bus", "Url"]}, "RetryPolicy": {"MaximumRetryAttempts": "3"}},
            {"Arn": {"Ref": "Missing"}, "InputTransformer": {"InputPathsMap": {"a": 1}}},
            {"Id": "u", "Arn": {"Fn::Sub": "arn:${AWS::Partition}:sqs:${Nowhere}:${Q.Nope}"}}
          ]}},
        "X": {"Type": "AWS::Events::Nope"},
        "Y": {"Type": "AWS::Events::Archive", "Properties": {"SourceArn": {"Fn::Foo": "x"}}}
      }
    })");
    const std::vector<std::string> found = SpecChecker(*spec, broken).problems();
    const std::string all = joined(found);
    for (const char *expected : {
             "Parameters.P: unknown parameter type",
             "Resources.Bus.Properties: unknown property Nmae",
             "Resources.Bus.Properties: missing required property Name",
             "Resources.Q.Properties.FifoQueue: expects Boolean",
             "Resources.Q.Properties.MessageRetentionPeriod: expects Integer",
             "Resources.R.Properties.EventPattern: expects Json",
             "Targets[0].RetryPolicy.MaximumRetryAttempts: expects Integer",
             "Targets[1]: missing required property Id",
             "Targets[1].InputTransformer: missing required property InputTemplate",
             "Targets[1].InputTransformer.InputPathsMap.a: expects String",
             "Fn::GetAtt [\"Bus\",\"Url\"] is not an attribute",
             "Ref \"Missing\" resolves to nothing",
             "Fn::Sub variable ${Nowhere} resolves to nothing",
             "Fn::Sub variable ${Q.Nope} is not a resource attribute",
             "Resources.X: resource type \"AWS::Events::Nope\" is not in the specification",
             "Fn::Foo is not an intrinsic function",
         }) {
        EXPECT_NE(all.find(expected), std::string::npos) << "not reported: " << expected << "\n"
                                                         << all;
    }
    // GetAtt QueueName yields a String, which State takes: no false alarm.
    EXPECT_EQ(all.find("State"), std::string::npos) << all;
}

TEST(CfnSpec, EveryConstructOfTheExportConformsToTheSpecification) {
    SG_REQUIRE_SPEC(spec);
    const Project project = everyConstruct();
    ASSERT_TRUE(project.checkReferences().ok()) << project.checkReferences().error().message;
    const auto problems = checkTemplate(*spec, project);
    EXPECT_TRUE(problems.empty()) << joined(problems);

    // The model really exercises what it claims to: one resource of each type the export writes.
    const Json tmpl = Json::parse(*exportProject(project, ExportFormat::CloudFormationJson));
    std::set<std::string> types;
    for (const auto &[name, resource] : tmpl["Resources"].items()) {
        types.insert(resource["Type"].get<std::string>());
    }
    EXPECT_EQ(types, (std::set<std::string>{"AWS::Events::EventBus", "AWS::Events::Archive",
                                            "AWS::Events::Rule", "AWS::Events::Connection",
                                            "AWS::Events::ApiDestination", "AWS::SQS::Queue",
                                            "AWS::SQS::QueuePolicy", "AWS::Lambda::Permission",
                                            "AWS::Lambda::EventInvokeConfig",
                                            "AWS::Lambda::EventSourceMapping", "AWS::IAM::Role"}));
}

TEST(CfnSpec, BundledExamplesConformToTheSpecification) {
    SG_REQUIRE_SPEC(spec);
    std::vector<std::filesystem::path> examples;
    std::error_code error;
    for (const auto &entry : std::filesystem::directory_iterator(SG_EXAMPLES_DIR, error)) {
        if (entry.path().string().ends_with(".stormglass.json")) {
            examples.push_back(entry.path());
        }
    }
    if (examples.empty()) {
        GTEST_SKIP() << "no *.stormglass.json in " << SG_EXAMPLES_DIR;
    }
    std::sort(examples.begin(), examples.end());
    for (const auto &path : examples) {
        SCOPED_TRACE(path.filename().string());
        const auto project = loadProject(path.string());
        ASSERT_TRUE(project.ok()) << project.error().message;
        const auto problems = checkTemplate(*spec, *project);
        EXPECT_TRUE(problems.empty()) << joined(problems);
    }
}

} // namespace
} // namespace sg::model
