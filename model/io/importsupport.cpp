#include "io/importsupport.h"

#include "core/jsontype.h"
#include "io/importtext.h"

#include <algorithm>
#include <array>
#include <utility>

namespace sg::model::importing {

[[noreturn]] void failAt(const std::string &field, std::string_view what) {
    Error error;
    error.message = field;
    error.message.append(": ").append(what);
    error.field = field;
    throw ImportFailure{std::move(error)};
}

std::string inQuotes(std::string_view text) {
    std::string out = "\"";
    out.append(text).push_back('"');
    return out;
}

std::string indexed(const std::string &field, std::size_t index) {
    std::string out = field;
    out.append("[").append(std::to_string(index)).push_back(']');
    return out;
}

std::string member(const std::string &field, std::string_view key) {
    std::string out = field;
    if (!out.empty()) {
        out.push_back('.');
    }
    out.append(key);
    return out;
}

// "OrderPlacedRule" -> "order-placed-rule", "SQSQueue2" -> "sqs-queue2", "orders_bus" ->
// "orders-bus": element ids are lower-kebab-case.
std::string kebabCase(std::string_view text) {
    std::string out;
    const auto isUpper = [](char c) {
        return c >= 'A' && c <= 'Z';
    };
    const auto isLower = [](char c) {
        return c >= 'a' && c <= 'z';
    };
    const auto isDigit = [](char c) {
        return c >= '0' && c <= '9';
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (isUpper(c)) {
            const bool afterWord = i > 0 && (isLower(text[i - 1]) || isDigit(text[i - 1]));
            const bool endOfAcronym =
                i > 0 && isUpper(text[i - 1]) && i + 1 < text.size() && isLower(text[i + 1]);
            if ((afterWord || endOfAcronym) && !out.empty() && out.back() != '-') {
                out.push_back('-');
            }
            out.push_back(static_cast<char>(c - 'A' + 'a'));
        } else if (isLower(c) || isDigit(c)) {
            out.push_back(c);
        } else if (!out.empty() && out.back() != '-') {
            out.push_back('-');
        }
    }
    while (!out.empty() && out.back() == '-') {
        out.pop_back();
    }
    return out;
}

bool isIntrinsic(const Json &value) {
    if (!value.is_object() || value.size() != 1) {
        return false;
    }
    const std::string &key = value.begin().key();
    return key == "Ref" || key.starts_with("Fn::");
}

bool containsIntrinsic(const Json &value) {
    if (isIntrinsic(value)) {
        return true;
    }
    if (value.is_structured()) {
        for (const Json &child : value) {
            if (containsIntrinsic(child)) {
                return true;
            }
        }
    }
    return false;
}

std::string compactJson(const Json &value) {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// --- Why things are not modelled ---------------------------------------------------------------

constexpr std::string_view kPermissions = " (permissions are generated on export)";

std::string resourceTypeReason(std::string_view type) {
    static const std::array<std::pair<std::string_view, std::string_view>, 26> kReasons{{
        {"AWS::SNS::Topic", "SNS topics are not modelled"},
        {"AWS::SNS::Subscription", "SNS subscriptions are not modelled"},
        {"AWS::SNS::TopicPolicy", "SNS topic policies are not modelled"},
        {"AWS::Kinesis::Stream", "Kinesis streams are not modelled"},
        {"AWS::KinesisFirehose::DeliveryStream", "Firehose delivery streams are not modelled"},
        {"AWS::Logs::LogGroup", "CloudWatch Logs log groups are not modelled"},
        {"AWS::S3::Bucket", "S3 buckets are not modelled"},
        {"AWS::DynamoDB::Table", "DynamoDB tables are not modelled"},
        {"AWS::Serverless::SimpleTable", "DynamoDB tables are not modelled"},
        {"AWS::ApiGateway::RestApi", "API Gateway APIs are not modelled"},
        {"AWS::Serverless::Api", "API Gateway APIs are not modelled"},
        {"AWS::Serverless::HttpApi", "API Gateway APIs are not modelled"},
        {"AWS::Serverless::LayerVersion", "Lambda layers are not modelled"},
        {"AWS::Lambda::LayerVersion", "Lambda layers are not modelled"},
        {"AWS::ECS::TaskDefinition", "ECS tasks are not modelled"},
        {"AWS::ECS::Cluster", "ECS clusters are not modelled"},
        {"AWS::Pipes::Pipe", "EventBridge Pipes are not modelled"},
        {"AWS::Scheduler::Schedule", "EventBridge Scheduler schedules are not modelled"},
        {"AWS::Events::Endpoint", "EventBridge global endpoints are not modelled"},
        {"AWS::EventSchemas::Schema", "schema registry schemas are not imported"},
        {"AWS::CloudFormation::Stack", "nested stacks are not imported"},
        {"AWS::Serverless::Application", "nested applications are not imported"},
        {"AWS::IAM::Role", "IAM roles are not modelled"},
        {"AWS::IAM::Policy", "IAM policies are not modelled"},
        {"AWS::IAM::ManagedPolicy", "IAM policies are not modelled"},
        {"AWS::Lambda::Permission", "Lambda permissions are not modelled"},
    }};
    for (const auto &[name, reason] : kReasons) {
        if (name == type) {
            std::string out(reason);
            if (type.starts_with("AWS::IAM::") || type == "AWS::Lambda::Permission") {
                out.append(kPermissions);
            }
            return out;
        }
    }
    if (type == "AWS::SQS::QueuePolicy" || type == "AWS::Events::EventBusPolicy") {
        std::string out(type == "AWS::SQS::QueuePolicy" ? "SQS queue policies"
                                                        : "event bus policies");
        return out.append(" are not modelled").append(kPermissions);
    }
    if (type.starts_with("Custom::") || type == "AWS::CloudFormation::CustomResource") {
        return "custom resources are not modelled";
    }
    return "resources of this type are not modelled";
}

std::string serviceReason(std::string_view service) {
    static const std::array<std::pair<std::string_view, std::string_view>, 14> kServices{{
        {"sns", "SNS topics"},
        {"kinesis", "Kinesis streams"},
        {"firehose", "Firehose delivery streams"},
        {"logs", "CloudWatch Logs log groups"},
        {"ecs", "ECS tasks"},
        {"batch", "Batch job queues"},
        {"codebuild", "CodeBuild projects"},
        {"codepipeline", "CodePipeline pipelines"},
        {"ssm", "Systems Manager targets"},
        {"ssm-incidents", "Incident Manager response plans"},
        {"redshift", "Redshift clusters"},
        {"sagemaker", "SageMaker pipelines"},
        {"execute-api", "API Gateway endpoints"},
        {"inspector", "Inspector assessment templates"},
    }};
    for (const auto &[name, what] : kServices) {
        if (name == service) {
            return std::string(what) + " are not modelled";
        }
    }
    return "targets of the service \"" + std::string(service) + "\" are not modelled";
}

// --- ARNs --------------------------------------------------------------------------------------

// The pseudo parameters an ARN may carry from Fn::Sub, as they stand in the stored text, and
// what they mean for parsing: the deploying account and region are the project's own (empty).
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kArnPseudoParameters{{
    {"AWS::Partition", "aws"},
    {"AWS::Region", ""},
    {"AWS::AccountId", ""},
    {"AWS::URLSuffix", "amazonaws.com"},
}};

bool isArnPseudoParameter(std::string_view name) {
    return std::any_of(kArnPseudoParameters.begin(), kArnPseudoParameters.end(),
                       [name](const auto &entry) { return entry.first == name; });
}

std::optional<Arn> parseArn(std::string_view text) {
    std::string normalized(text);
    for (const auto &[name, value] : kArnPseudoParameters) {
        const std::string placeholder = "${" + std::string(name) + "}";
        for (std::size_t at = normalized.find(placeholder); at != std::string::npos;
             at = normalized.find(placeholder, at + value.size())) {
            normalized.replace(at, placeholder.size(), value);
        }
    }
    // arn:partition:service:region:account:resource (the resource may contain ':' and '/').
    std::array<std::string, 5> parts;
    std::size_t start = 0;
    for (std::string &part : parts) {
        const std::size_t colon = normalized.find(':', start);
        if (colon == std::string::npos) {
            return std::nullopt;
        }
        part = normalized.substr(start, colon - start);
        start = colon + 1;
    }
    if (parts[0] != "arn" || parts[2].empty()) {
        return std::nullopt;
    }
    return Arn{parts[2], parts[3], parts[4], normalized.substr(start)};
}

// --- Resolution of CloudFormation values
// ----------------------------------------------------------

Resolved text(std::string value) {
    return {Resolved::Kind::Text, std::move(value), {}};
}
Resolved unresolvable(std::string why) {
    return {Resolved::Kind::Unresolvable, std::move(why), {}};
}
Resolved resourceRef(std::string logicalId) {
    return {Resolved::Kind::Resource, {}, std::move(logicalId)};
}

std::string whyNotText(const Resolved &resolved) {
    switch (resolved.kind) {
    case Resolved::Kind::Unresolvable:
        return resolved.text;
    case Resolved::Kind::Resource:
        return "refers to " + resolved.logicalId + ", which is only known at deployment";
    case Resolved::Kind::Text:
        break;
    }
    return "expected a list, found the text " + inQuotes(resolved.text);
}

void TemplateValues::addResource(const std::string &logicalId, const std::string &type) {
    m_resourceTypes.emplace(logicalId, type);
}

void TemplateValues::addParameter(const std::string &name, std::optional<Json> defaultValue) {
    m_parameters.emplace(name, std::move(defaultValue));
}

bool TemplateValues::hasResource(const std::string &logicalId) const {
    return m_resourceTypes.contains(logicalId);
}

const std::string &TemplateValues::resourceType(const std::string &logicalId) const {
    return m_resourceTypes.at(logicalId);
}

Resolved TemplateValues::resolve(const Json &value, const std::string &field, bool keepPseudo,
                                 int depth) {
    if (depth > static_cast<int>(kMaxImportDepth)) {
        return unresolvable("the value nests intrinsic functions too deeply");
    }
    if (value.is_string()) {
        return text(value.get<std::string>());
    }
    if (value.is_number() || value.is_boolean()) {
        return text(compactJson(value)); // CloudFormation reads scalars as text
    }
    if (!isIntrinsic(value)) {
        failAt(field,
               "expected a string or an intrinsic function, found " + describeJsonType(value));
    }
    const std::string &name = value.begin().key();
    const Json &argument = value.begin().value();
    const std::string where = member(field, name);
    if (name == "Ref") {
        if (!argument.is_string()) {
            failAt(where, "expected the name of a resource or parameter, found " +
                              describeJsonType(argument));
        }
        return resolveName(argument.get<std::string>(), where, keepPseudo, depth);
    }
    if (name == "Fn::GetAtt") {
        return resolveGetAtt(argument, where);
    }
    if (name == "Fn::Sub") {
        return resolveSub(argument, where, keepPseudo, depth);
    }
    if (name == "Fn::Join") {
        if (!argument.is_array() || argument.size() != 2 || !argument[0].is_string()) {
            failAt(where, "expected [delimiter, [values...]]");
        }
        ResolvedList parts = resolveList(argument[1], member(where, "1"), keepPseudo, depth);
        if (!parts.items) {
            return unresolvable(parts.why);
        }
        std::string joined;
        for (std::size_t i = 0; i < parts.items->size(); ++i) {
            if (i > 0) {
                joined.append(argument[0].get<std::string>());
            }
            joined.append((*parts.items)[i]);
        }
        return text(std::move(joined));
    }
    if (name == "Fn::Select") {
        if (!argument.is_array() || argument.size() != 2) {
            failAt(where, "expected [index, [values...]]");
        }
        const Resolved index = resolve(argument[0], member(where, "0"), false, depth + 1);
        if (index.kind != Resolved::Kind::Text) {
            return unresolvable(index.kind == Resolved::Kind::Unresolvable
                                    ? index.text
                                    : "the Fn::Select index is only known at deployment");
        }
        ResolvedList items = resolveList(argument[1], member(where, "1"), keepPseudo, depth);
        if (!items.items) {
            return unresolvable(items.why);
        }
        const std::string &indexText = index.text;
        if (indexText.empty() || indexText.size() > 6 ||
            indexText.find_first_not_of("0123456789") != std::string::npos) {
            failAt(member(where, "0"), "expected an index, found " + inQuotes(indexText));
        }
        const auto at = static_cast<std::size_t>(std::stoul(indexText));
        if (at >= items.items->size()) {
            failAt(where, "index " + indexText + " is outside the list");
        }
        return text((*items.items)[at]);
    }
    if (name == "Fn::If") {
        return unresolvable("Fn::If cannot be resolved before deployment (conditions are "
                            "not evaluated)");
    }
    if (name == "Fn::ImportValue") {
        return unresolvable("Fn::ImportValue refers to another stack's export");
    }
    return unresolvable(name + " cannot be resolved before deployment");
}

// A Ref target or an Fn::Sub variable by name.
Resolved TemplateValues::resolveName(const std::string &name, const std::string &field,
                                     bool keepPseudo, int depth) {
    if (m_resourceTypes.contains(name)) {
        return resourceRef(name);
    }
    if (name.starts_with("AWS::")) {
        if (keepPseudo && isArnPseudoParameter(name)) {
            return text("${" + name + "}");
        }
        return unresolvable("the pseudo parameter " + name + " is only known at deployment");
    }
    if (const auto parameter = m_parameters.find(name); parameter != m_parameters.end()) {
        if (!parameter->second) {
            return unresolvable("the parameter " + name +
                                " has no Default, so its value is only known at deployment");
        }
        if (parameter->second->is_array()) {
            return unresolvable("the parameter " + name + " is a list");
        }
        if (parameter->second->is_structured()) {
            return unresolvable("the parameter " + name + " has no text Default");
        }
        return resolve(*parameter->second, member("Parameters", name + ".Default"), keepPseudo,
                       depth + 1);
    }
    failAt(field, "refers to " + inQuotes(name) +
                      ", which is neither a resource nor a parameter of the template");
}

Resolved TemplateValues::resolveGetAtt(const Json &argument, const std::string &field) {
    std::string logical;
    if (argument.is_string()) {
        const std::string whole = argument.get<std::string>();
        logical = whole.substr(0, whole.find('.'));
    } else if (argument.is_array() && !argument.empty() && argument[0].is_string()) {
        logical = argument[0].get<std::string>();
    } else {
        failAt(field, "expected \"Resource.Attribute\" or [Resource, Attribute]");
    }
    if (!m_resourceTypes.contains(logical)) {
        failAt(field, "refers to " + inQuotes(logical) +
                          ", which is not a resource of the "
                          "template");
    }
    return resourceRef(logical);
}

Resolved TemplateValues::resolveSub(const Json &argument, const std::string &field, bool keepPseudo,
                                    int depth) {
    const Json *templateText = &argument;
    const Json *variables = nullptr;
    if (argument.is_array()) {
        if (argument.size() != 2 || !argument[1].is_object()) {
            failAt(field, "expected a string or [string, {variables}]");
        }
        templateText = &argument[0];
        variables = &argument[1];
    }
    if (!templateText->is_string()) {
        failAt(field, "expected a string or [string, {variables}]");
    }
    const std::string &source = templateText->get_ref<const std::string &>();
    std::string out;
    std::size_t pos = 0;
    while (pos < source.size()) {
        const std::size_t open = source.find("${", pos);
        if (open == std::string::npos) {
            out.append(source, pos);
            break;
        }
        out.append(source, pos, open - pos);
        const std::size_t close = source.find('}', open + 2);
        if (close == std::string::npos) {
            out.append(source, open);
            break;
        }
        std::string name = source.substr(open + 2, close - open - 2);
        pos = close + 1;
        if (name.starts_with("!")) { // ${!Literal} stands for the text ${Literal}
            out.append("${").append(name.substr(1)).append("}");
            continue;
        }
        const bool whole = open == 0 && pos == source.size();
        if (variables != nullptr && variables->contains(name)) {
            const Resolved value =
                resolve(variables->at(name), member(field, name), keepPseudo, depth + 1);
            if (value.kind == Resolved::Kind::Resource) {
                if (whole) {
                    return value;
                }
                return unresolvable("Fn::Sub embeds the value of " + value.logicalId +
                                    ", which is only known at deployment");
            }
            if (value.kind == Resolved::Kind::Unresolvable) {
                return value;
            }
            out.append(value.text);
            continue;
        }
        const std::string logical = name.substr(0, name.find('.'));
        if (name.find('.') != std::string::npos && !name.starts_with("AWS::")) {
            if (!m_resourceTypes.contains(logical)) {
                failAt(field, "${" + name + "} refers to " + inQuotes(logical) +
                                  ", which is not a resource of the template");
            }
            if (whole) {
                return resourceRef(logical);
            }
            return unresolvable("Fn::Sub embeds ${" + name +
                                "}, which is only known at deployment");
        }
        const Resolved value = resolveName(name, field, keepPseudo, depth);
        if (value.kind == Resolved::Kind::Resource) {
            if (whole) {
                return value;
            }
            return unresolvable("Fn::Sub embeds ${" + name +
                                "}, which is only known at deployment");
        }
        if (value.kind == Resolved::Kind::Unresolvable) {
            return value;
        }
        out.append(value.text);
    }
    return text(std::move(out));
}

ResolvedList TemplateValues::resolveList(const Json &value, const std::string &field,
                                         bool keepPseudo, int depth) {
    if (value.is_array()) {
        std::vector<std::string> items;
        for (std::size_t i = 0; i < value.size(); ++i) {
            const Resolved item = resolve(value[i], indexed(field, i), keepPseudo, depth + 1);
            if (item.kind == Resolved::Kind::Resource) {
                return {std::nullopt, "refers to " + item.logicalId +
                                          ", whose name and ARN are only known at deployment"};
            }
            if (item.kind == Resolved::Kind::Unresolvable) {
                return {std::nullopt, item.text};
            }
            items.push_back(item.text);
        }
        return {std::move(items), {}};
    }
    if (value.is_object() && value.size() == 1 && value.begin().key() == "Fn::Split") {
        const Json &argument = value.begin().value();
        const std::string where = member(field, "Fn::Split");
        if (!argument.is_array() || argument.size() != 2 || !argument[0].is_string() ||
            argument[0].get_ref<const std::string &>().empty()) {
            failAt(where, "expected [delimiter, text]");
        }
        const Resolved source = resolve(argument[1], member(where, "1"), keepPseudo, depth + 1);
        if (source.kind != Resolved::Kind::Text) {
            return {std::nullopt, source.kind == Resolved::Kind::Unresolvable
                                      ? source.text
                                      : "Fn::Split splits a value only known at deployment"};
        }
        const std::string &delimiter = argument[0].get_ref<const std::string &>();
        std::vector<std::string> items;
        std::size_t start = 0;
        for (std::size_t at = source.text.find(delimiter); at != std::string::npos;
             at = source.text.find(delimiter, start)) {
            items.push_back(source.text.substr(start, at - start));
            start = at + delimiter.size();
        }
        items.push_back(source.text.substr(start));
        return {std::move(items), {}};
    }
    if (isIntrinsic(value)) {
        return {std::nullopt, value.begin().key() + " cannot be resolved to a list before "
                                                    "deployment"};
    }
    failAt(field, "expected a list, found " + describeJsonType(value));
}

std::optional<Json> TemplateValues::evaluate(const Json &value, const std::string &field,
                                             std::string &why) {
    if (isIntrinsic(value)) {
        const Resolved resolved = resolve(value, field, false);
        if (resolved.kind == Resolved::Kind::Text) {
            return Json(resolved.text);
        }
        why = resolved.kind == Resolved::Kind::Unresolvable
                  ? resolved.text
                  : "refers to " + resolved.logicalId +
                        ", whose name and ARN are only known at deployment";
        return std::nullopt;
    }
    if (value.is_object()) {
        Json out = Json::object();
        for (const auto &[key, child] : value.items()) {
            std::optional<Json> evaluated = evaluate(child, member(field, key), why);
            if (!evaluated) {
                return std::nullopt;
            }
            out[key] = std::move(*evaluated);
        }
        return out;
    }
    if (value.is_array()) {
        Json out = Json::array();
        for (std::size_t i = 0; i < value.size(); ++i) {
            std::optional<Json> evaluated = evaluate(value[i], indexed(field, i), why);
            if (!evaluated) {
                return std::nullopt;
            }
            out.push_back(std::move(*evaluated));
        }
        return out;
    }
    return value;
}

} // namespace sg::model::importing
