// The CloudFormation export: one template that deploys the model's buses, archives, rules,
// queues, connections and API destinations, with the permissions delivery needs.

#include "io/exportsupport.h"

#include "pattern/patternparser.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

namespace sg::model {

namespace {

constexpr std::string_view kTemplateVersion = "2010-09-09";
constexpr std::string_view kPolicyVersion = "2012-10-17";
constexpr std::string_view kEventsPrincipal = "events.amazonaws.com";
constexpr std::string_view kTargetRoleLogicalId = "EventBridgeTargetRole";
constexpr std::size_t kMaxLogicalIdBase = 200;        // CloudFormation allows 255 characters
constexpr std::size_t kMaxTemplateDescription = 1024; // bytes, CloudFormation's limit

Json ref(const std::string &logicalId) {
    Json out = Json::object();
    out["Ref"] = logicalId;
    return out;
}

Json getAtt(const std::string &logicalId, std::string_view attribute) {
    Json out = Json::object();
    out["Fn::GetAtt"] = Json::array({logicalId, attribute});
    return out;
}

// The account's default bus is not a template resource but exists wherever it is deployed.
Json defaultBusArnIntrinsic() {
    Json out = Json::object();
    out["Fn::Sub"] =
        "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default";
    return out;
}

Json resource(std::string_view type, Json properties) {
    Json out = Json::object();
    out["Type"] = type;
    out["Properties"] = std::move(properties);
    return out;
}

Json allowStatement(Json action, Json resources) {
    Json out = Json::object();
    out["Effect"] = "Allow";
    out["Action"] = std::move(action);
    out["Resource"] = std::move(resources);
    return out;
}

Json eventsPrincipal() {
    Json service = Json::object();
    service["Service"] = kEventsPrincipal;
    return service;
}

Json policyDocument(Json statements) {
    Json out = Json::object();
    out["Version"] = kPolicyVersion;
    out["Statement"] = std::move(statements);
    return out;
}

// "orders-bus" -> "OrdersBus": CloudFormation logical ids are alphanumeric.
std::string pascalCase(std::string_view text) {
    std::string out;
    bool upper = true;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x80 && std::isalnum(u)) {
            out.push_back(upper ? static_cast<char>(std::toupper(u)) : c);
            upper = false;
        } else {
            upper = true;
        }
    }
    if (out.size() > kMaxLogicalIdBase) {
        out.resize(kMaxLogicalIdBase);
    }
    return out;
}

std::string truncateUtf8(std::string text, std::size_t maxBytes) {
    if (text.size() <= maxBytes) {
        return text;
    }
    std::size_t cut = maxBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    text.resize(cut);
    return text;
}

Error elementError(ElementKind kind, const ElementId &id, std::string what, std::string field) {
    Error error;
    error.message.append(elementKindName(kind))
        .append(" \"")
        .append(id.value)
        .append("\": ")
        .append(what);
    error.field = std::move(field);
    return error;
}

class TemplateBuilder {
public:
    TemplateBuilder(const Project &project, const std::vector<ResolvedRule> &rules,
                    const ExportOptions &options)
        : m_project(project), m_rules(rules), m_options(options) {}

    Result<Json> build() {
        assignElementIds();
        for (const Element &element : m_project.elements()) {
            if (auto done = addElement(element); !done) {
                return done.error();
            }
        }
        addLambdaSettings();
        addTargetRole();
        if (m_resources.empty()) {
            // CloudFormation refuses a template without resources.
            return Error{.message =
                             "nothing to deploy: the model has no custom event bus, archive, "
                             "rule, queue, connection or API destination"};
        }

        Json out = Json::object();
        out["AWSTemplateFormatVersion"] = kTemplateVersion;
        out["Description"] = templateDescription();
        if (!m_parameters.empty()) {
            out["Parameters"] = std::move(m_parameters);
        }
        out["Resources"] = std::move(m_resources);
        if (!m_outputs.empty()) {
            out["Outputs"] = std::move(m_outputs);
        }
        return out;
    }

private:
    // Elements get the plain PascalCase of their id first, so that derived resources (policies,
    // permissions, parameters) never take an element's name.
    void assignElementIds() {
        m_referenced = referencedElements();
        for (const Element &element : m_project.elements()) {
            const ElementId &id = elementId(element);
            if (isTemplateResource(element)) {
                m_logical[id] = claim(pascalCase(id.value), "Resource");
            } else if (isArnParameter(element)) {
                m_logical[id] = claim(pascalCase(id.value) + "Arn", "Arn");
                m_arnParameters.insert(id);
            }
        }
        const bool needsRole = std::any_of(m_rules.begin(), m_rules.end(), [](const auto &rule) {
            return std::any_of(rule.targets.begin(), rule.targets.end(),
                               [](const ResolvedTarget &target) { return target.needsRole; });
        });
        if (needsRole) {
            m_roleId = claim(std::string(kTargetRoleLogicalId), "Role");
        }
    }

    std::unordered_set<ElementId> referencedElements() const {
        std::unordered_set<ElementId> out;
        for (const ResolvedRule &rule : m_rules) {
            for (const ResolvedTarget &target : rule.targets) {
                out.insert(elementId(*target.destination));
                if (target.deadLetterQueue != nullptr) {
                    out.insert(target.deadLetterQueue->id);
                }
            }
        }
        // What the template's own queues and the targeted functions point at: a redrive
        // dead-letter queue, a queue's reading function, a function's on-failure destination.
        // A set: synthetic models have thousands of queues and functions.
        std::unordered_set<ElementId> more;
        for (const Element &element : m_project.elements()) {
            if (const auto *queue = std::get_if<Queue>(&element); queue && queue->arn.empty()) {
                more.insert(queue->redrivePolicy.deadLetterQueue);
                if (const auto *reader = m_project.get<Consumer>(queue->readBy);
                    reader && reader->kind == ElementKind::Function) {
                    more.insert(reader->id);
                }
            }
        }
        for (const Element &element : m_project.elements()) {
            if (const auto *function = std::get_if<Consumer>(&element);
                function && function->kind == ElementKind::Function &&
                (out.contains(function->id) || more.contains(function->id))) {
                more.insert(function->asyncInvocation.onFailure);
            }
        }
        for (const ElementId &id : more) {
            if (!id.empty() && m_project.contains(id)) {
                out.insert(id);
            }
        }
        return out;
    }

    static bool isTemplateBus(const Bus &bus) { return !bus.isDefault() && !isExternalBus(bus); }

    bool isTemplateResource(const Element &element) const {
        if (const auto *bus = std::get_if<Bus>(&element)) {
            return isTemplateBus(*bus);
        }
        if (const auto *queue = std::get_if<Queue>(&element)) {
            return queue->arn.empty();
        }
        return std::holds_alternative<Rule>(element) ||
               std::holds_alternative<Connection>(element) ||
               std::holds_alternative<ApiDestination>(element);
    }

    // Consumers (never deployed by the template) and queues that exist elsewhere, when a rule
    // uses them: the template asks for their ARNs.
    bool isArnParameter(const Element &element) const {
        if (!m_referenced.contains(elementId(element))) {
            return false;
        }
        if (const auto *queue = std::get_if<Queue>(&element)) {
            return !queue->arn.empty();
        }
        return std::holds_alternative<Consumer>(element);
    }

    std::string claim(std::string base, std::string_view fallback) {
        if (base.empty()) {
            base = std::string(fallback);
        }
        std::string candidate = base;
        for (int n = 2; m_used.contains(candidate); ++n) {
            candidate = base + std::to_string(n);
        }
        m_used.insert(candidate);
        return candidate;
    }

    const std::string &logicalId(const ElementId &id) const { return m_logical.at(id); }

    std::string templateDescription() const {
        std::string text = m_project.name().empty() ? "Stormglass model" : m_project.name();
        if (!m_project.description().empty()) {
            text.append(" - ").append(m_project.description());
        }
        return truncateUtf8(std::move(text), kMaxTemplateDescription);
    }

    Result<bool> addElement(const Element &element) {
        if (const auto *bus = std::get_if<Bus>(&element)) {
            return addBus(*bus);
        }
        if (const auto *queue = std::get_if<Queue>(&element)) {
            addQueue(*queue);
        } else if (const auto *consumer = std::get_if<Consumer>(&element)) {
            addConsumerParameter(*consumer);
        } else if (const auto *connection = std::get_if<Connection>(&element)) {
            return addConnection(*connection);
        } else if (const auto *api = std::get_if<ApiDestination>(&element)) {
            return addApiDestination(*api);
        } else if (const auto *rule = std::get_if<Rule>(&element)) {
            addRule(*rule);
        }
        return true;
    }

    // --- ARNs of what targets point at ---------------------------------------------------------

    Json busArnValue(const Bus &bus) const {
        if (isTemplateBus(bus)) {
            return getAtt(logicalId(bus.id), "Arn");
        }
        if (bus.isDefault() && !isExternalBus(bus)) {
            return defaultBusArnIntrinsic();
        }
        return busArn(bus, m_options);
    }

    Json queueArnValue(const Queue &queue) const {
        return queue.arn.empty() ? getAtt(logicalId(queue.id), "Arn") : ref(logicalId(queue.id));
    }

    Json destinationArnValue(const Element &destination) const {
        if (const auto *queue = std::get_if<Queue>(&destination)) {
            return queueArnValue(*queue);
        }
        if (const auto *bus = std::get_if<Bus>(&destination)) {
            return busArnValue(*bus);
        }
        if (std::holds_alternative<ApiDestination>(destination)) {
            return getAtt(logicalId(elementId(destination)), "Arn");
        }
        return ref(logicalId(elementId(destination))); // a consumer's ARN parameter
    }

    // --- Elements ------------------------------------------------------------------------------

    Result<bool> addBus(const Bus &bus) {
        if (isExternalBus(bus)) {
            return true; // another account's or region's bus and its archives are not ours to
                         // deploy
        }
        if (isTemplateBus(bus)) {
            Json properties = Json::object();
            properties["Name"] = bus.name;
            m_resources[logicalId(bus.id)] =
                resource("AWS::Events::EventBus", std::move(properties));
            Json output = Json::object();
            output["Description"] = "ARN of event bus " + bus.name;
            output["Value"] = getAtt(logicalId(bus.id), "Arn");
            m_outputs[claim(logicalId(bus.id) + "Arn", "BusArn")] = std::move(output);
        }
        for (std::size_t i = 0; i < bus.archives.size(); ++i) {
            const Archive &archive = bus.archives[i];
            const std::string field = "archives[" + std::to_string(i) + "]";
            Json properties = Json::object();
            if (!archive.name.empty()) {
                properties["ArchiveName"] = archive.name;
            }
            if (!archive.description.empty()) {
                properties["Description"] = archive.description;
            }
            properties["SourceArn"] = busArnValue(bus);
            if (!archive.pattern.empty()) {
                auto pattern = parsePattern(archive.pattern);
                if (!pattern) {
                    return elementError(ElementKind::Bus, bus.id,
                                        "archive \"" + archive.name +
                                            "\": " + pattern.error().message,
                                        field + ".pattern");
                }
                properties["EventPattern"] = std::move(*pattern);
            }
            properties["RetentionDays"] = archive.retentionDays;
            const std::string base = archive.name.empty() ? pascalCase(bus.id.value) + "Archive"
                                                          : pascalCase(archive.name);
            m_resources[claim(base, "Archive")] =
                resource("AWS::Events::Archive", std::move(properties));
        }
        return true;
    }

    static Result<Json> parsePattern(const std::string &text) {
        auto parsed = parseEventPattern(text);
        if (!parsed) {
            return parsed.error();
        }
        try {
            return Json::parse(text);
        } catch (const std::exception &e) {
            return Error{.message = std::string("pattern is not valid JSON: ") + e.what()};
        }
    }

    void addQueue(const Queue &queue) {
        if (!queue.arn.empty()) {
            if (m_arnParameters.contains(queue.id)) {
                addArnParameter(queue.id, queue.arn, "ARN of SQS queue " + queue.name);
            }
            return;
        }
        const std::string &id = logicalId(queue.id);
        Json properties = Json::object();
        properties["QueueName"] = sqsQueueName(queue);
        if (queue.fifo) {
            properties["FifoQueue"] = true;
            // EventBridge sends no deduplication id to FIFO targets; SQS must derive one.
            properties["ContentBasedDeduplication"] = true;
        }
        properties["MessageRetentionPeriod"] = queue.messageRetentionSeconds;
        if (queue.visibilityTimeoutSeconds != kDefaultVisibilityTimeoutSeconds) {
            properties["VisibilityTimeout"] = queue.visibilityTimeoutSeconds;
        }
        if (const auto *dlq = m_project.get<Queue>(queue.redrivePolicy.deadLetterQueue)) {
            Json redrive = Json::object();
            redrive["deadLetterTargetArn"] = queueArnValue(*dlq);
            redrive["maxReceiveCount"] = queue.redrivePolicy.maxReceiveCount;
            properties["RedrivePolicy"] = std::move(redrive);
        }
        m_resources[id] = resource("AWS::SQS::Queue", std::move(properties));
        addQueuePolicy(queue);
        Json output = Json::object();
        output["Description"] = "URL of SQS queue " + sqsQueueName(queue);
        output["Value"] = ref(id);
        m_outputs[claim(id + "Url", "QueueUrl")] = std::move(output);
    }

    // SQS refuses EventBridge's messages unless the queue policy lets the sending rules in.
    void addQueuePolicy(const Queue &queue) {
        Json sources = Json::array();
        for (const ResolvedRule &rule : m_rules) {
            const bool sends = std::any_of(rule.targets.begin(), rule.targets.end(),
                                           [&queue](const ResolvedTarget &target) {
                                               return elementId(*target.destination) == queue.id ||
                                                      (target.deadLetterQueue != nullptr &&
                                                       target.deadLetterQueue->id == queue.id);
                                           });
            if (sends) {
                sources.push_back(getAtt(logicalId(rule.rule->id), "Arn"));
            }
        }
        if (sources.empty()) {
            return;
        }
        const std::string &id = logicalId(queue.id);
        Json sourceArn = Json::object();
        sourceArn["aws:SourceArn"] = std::move(sources);
        Json condition = Json::object();
        condition["ArnEquals"] = std::move(sourceArn);
        Json statement = Json::object();
        statement["Sid"] = "AllowEventBridgeRules";
        statement["Effect"] = "Allow";
        statement["Principal"] = eventsPrincipal();
        statement["Action"] = "sqs:SendMessage";
        statement["Resource"] = getAtt(id, "Arn");
        statement["Condition"] = std::move(condition);
        Json properties = Json::object();
        properties["PolicyDocument"] = policyDocument(Json::array({std::move(statement)}));
        properties["Queues"] = Json::array({ref(id)});
        m_resources[claim(id + "Policy", "QueuePolicy")] =
            resource("AWS::SQS::QueuePolicy", std::move(properties));
    }

    void addConsumerParameter(const Consumer &consumer) {
        if (!m_arnParameters.contains(consumer.id)) {
            return;
        }
        const std::string what = consumer.kind == ElementKind::StateMachine
                                     ? "ARN of Step Functions state machine "
                                     : "ARN of Lambda function ";
        addArnParameter(consumer.id, consumerArn(consumer, m_options), what + consumer.name);
    }

    void addArnParameter(const ElementId &id, const std::string &defaultArn,
                         const std::string &description) {
        Json parameter = Json::object();
        parameter["Type"] = "String";
        parameter["Description"] = description;
        parameter["Default"] = defaultArn;
        m_parameters[logicalId(id)] = std::move(parameter);
    }

    // Secrets are never in the model: the template asks for them at deployment, hidden.
    Json secretParameter(const std::string &connectionId, std::string_view suffix,
                         const std::string &description) {
        Json parameter = Json::object();
        parameter["Type"] = "String";
        parameter["NoEcho"] = true;
        parameter["Description"] = description;
        const std::string name = claim(connectionId + std::string(suffix), "Secret");
        m_parameters[name] = std::move(parameter);
        return ref(name);
    }

    Result<bool> addConnection(const Connection &connection) {
        const std::string &id = logicalId(connection.id);
        const auto missing = [&connection](std::string_view field, std::string_view property) {
            std::string what(field);
            what.append(" is empty; CloudFormation requires ").append(property);
            return elementError(ElementKind::Connection, connection.id, std::move(what),
                                std::string(field));
        };
        Json auth = Json::object();
        switch (connection.authorization) {
        case AuthorizationType::ApiKey: {
            if (connection.apiKeyName.empty()) {
                return missing("apiKeyName", "ApiKeyName");
            }
            Json apiKey = Json::object();
            apiKey["ApiKeyName"] = connection.apiKeyName;
            apiKey["ApiKeyValue"] = secretParameter(
                id, "ApiKeyValue", "API key value for connection " + connection.name);
            auth["ApiKeyAuthParameters"] = std::move(apiKey);
            break;
        }
        case AuthorizationType::Basic: {
            if (connection.username.empty()) {
                return missing("username", "Username");
            }
            Json basic = Json::object();
            basic["Username"] = connection.username;
            basic["Password"] =
                secretParameter(id, "Password", "Password for connection " + connection.name);
            auth["BasicAuthParameters"] = std::move(basic);
            break;
        }
        case AuthorizationType::OAuthClientCredentials: {
            if (connection.oauthEndpoint.empty()) {
                return missing("oauthEndpoint", "AuthorizationEndpoint");
            }
            if (connection.oauthHttpMethod.empty()) {
                return missing("oauthHttpMethod", "HttpMethod");
            }
            if (connection.oauthClientId.empty()) {
                return missing("oauthClientId", "ClientID");
            }
            Json client = Json::object();
            client["ClientID"] = connection.oauthClientId;
            client["ClientSecret"] = secretParameter(
                id, "ClientSecret", "OAuth client secret for connection " + connection.name);
            Json oauth = Json::object();
            oauth["AuthorizationEndpoint"] = connection.oauthEndpoint;
            oauth["HttpMethod"] = connection.oauthHttpMethod;
            oauth["ClientParameters"] = std::move(client);
            auth["OAuthParameters"] = std::move(oauth);
            break;
        }
        }
        Json properties = Json::object();
        properties["Name"] = connection.name;
        if (!connection.description.empty()) {
            properties["Description"] = connection.description;
        }
        properties["AuthorizationType"] = authorizationTypeName(connection.authorization);
        properties["AuthParameters"] = std::move(auth);
        m_resources[id] = resource("AWS::Events::Connection", std::move(properties));
        return true;
    }

    Result<bool> addApiDestination(const ApiDestination &api) {
        const Connection *connection = m_project.get<Connection>(api.connection);
        if (connection == nullptr) {
            return elementError(ElementKind::ApiDestination, api.id,
                                "has no connection; CloudFormation requires ConnectionArn",
                                "connection");
        }
        if (api.endpoint.empty()) {
            return elementError(ElementKind::ApiDestination, api.id,
                                "endpoint is empty; CloudFormation requires InvocationEndpoint",
                                "endpoint");
        }
        if (api.httpMethod.empty()) {
            return elementError(ElementKind::ApiDestination, api.id,
                                "httpMethod is empty; CloudFormation requires HttpMethod",
                                "httpMethod");
        }
        Json properties = Json::object();
        properties["Name"] = api.name;
        if (!api.description.empty()) {
            properties["Description"] = api.description;
        }
        properties["ConnectionArn"] = getAtt(logicalId(connection->id), "Arn");
        properties["InvocationEndpoint"] = api.endpoint;
        properties["HttpMethod"] = api.httpMethod;
        properties["InvocationRateLimitPerSecond"] = api.invocationRateLimitPerSecond;
        m_resources[logicalId(api.id)] =
            resource("AWS::Events::ApiDestination", std::move(properties));
        return true;
    }

    const ResolvedRule &resolved(const Rule &rule) const {
        return *std::find_if(m_rules.begin(), m_rules.end(),
                             [&rule](const ResolvedRule &r) { return r.rule == &rule; });
    }

    void addRule(const Rule &ruleElement) {
        const ResolvedRule &rule = resolved(ruleElement);
        const std::string &id = logicalId(ruleElement.id);
        Json targets = Json::array();
        std::vector<const Consumer *> functions;
        for (const ResolvedTarget &target : rule.targets) {
            std::optional<Json> role;
            if (target.needsRole) {
                role = getAtt(m_roleId, "Arn");
                noteRoleAction(target);
            }
            std::optional<Json> deadLetterArn;
            if (target.deadLetterQueue != nullptr) {
                deadLetterArn = queueArnValue(*target.deadLetterQueue);
            }
            targets.push_back(targetJson(rule, target, destinationArnValue(*target.destination),
                                         std::move(role), std::move(deadLetterArn)));
            const auto *consumer = std::get_if<Consumer>(target.destination);
            if (consumer != nullptr && consumer->kind == ElementKind::Function &&
                std::find(functions.begin(), functions.end(), consumer) == functions.end()) {
                functions.push_back(consumer);
            }
        }

        Json properties = Json::object();
        properties["Name"] = ruleElement.name;
        if (!ruleElement.description.empty()) {
            properties["Description"] = ruleElement.description;
        }
        // A rule on the account's default bus names no bus.
        if (rule.bus != nullptr && isTemplateBus(*rule.bus)) {
            properties["EventBusName"] = ref(logicalId(rule.bus->id));
        } else if (rule.bus != nullptr && isExternalBus(*rule.bus)) {
            properties["EventBusName"] = busArn(*rule.bus, m_options);
        }
        properties["EventPattern"] = rule.pattern;
        properties["State"] = ruleElement.enabled ? "ENABLED" : "DISABLED";
        if (!targets.empty()) {
            properties["Targets"] = std::move(targets);
        }
        m_resources[id] = resource("AWS::Events::Rule", std::move(properties));

        // Lambda refuses EventBridge's invocations unless the function's policy lets the rule in.
        for (const Consumer *function : functions) {
            Json permission = Json::object();
            permission["Action"] = "lambda:InvokeFunction";
            permission["FunctionName"] = ref(logicalId(function->id));
            permission["Principal"] = kEventsPrincipal;
            permission["SourceArn"] = getAtt(id, "Arn");
            m_resources[claim(id + pascalCase(function->id.value) + "Permission", "Permission")] =
                resource("AWS::Lambda::Permission", std::move(permission));
        }
    }

    // --- Lambda: asynchronous invocation and queue readers ------------------------------------
    // The functions are not deployed by the template (it asks for their ARNs), so their own
    // properties (Timeout, DeadLetterConfig, the execution role) stay with them; what can live
    // beside them is written here: each targeted function's EventInvokeConfig when it differs
    // from Lambda's defaults, and an event source mapping for each of our queues a function reads.
    void addLambdaSettings() {
        for (const Element &element : m_project.elements()) {
            const auto *function = std::get_if<Consumer>(&element);
            if (function == nullptr || function->kind != ElementKind::Function ||
                !m_arnParameters.contains(function->id)) {
                continue;
            }
            const AsyncInvocation &async = function->asyncInvocation;
            const Element *destination = m_project.find(async.onFailure);
            if (destination == nullptr &&
                async.maximumRetryAttempts == kDefaultAsyncRetryAttempts &&
                async.maximumEventAgeSeconds == kDefaultAsyncEventAgeSeconds) {
                continue;
            }
            Json properties = Json::object();
            properties["FunctionName"] = ref(logicalId(function->id));
            properties["Qualifier"] = "$LATEST";
            properties["MaximumRetryAttempts"] = async.maximumRetryAttempts;
            properties["MaximumEventAgeInSeconds"] = async.maximumEventAgeSeconds;
            if (destination != nullptr) {
                Json onFailure = Json::object();
                onFailure["Destination"] = destinationArnValue(*destination);
                Json config = Json::object();
                config["OnFailure"] = std::move(onFailure);
                properties["DestinationConfig"] = std::move(config);
            }
            m_resources[claim(pascalCase(function->id.value) + "EventInvokeConfig",
                              "EventInvokeConfig")] =
                resource("AWS::Lambda::EventInvokeConfig", std::move(properties));
        }
        for (const Element &element : m_project.elements()) {
            const auto *queue = std::get_if<Queue>(&element);
            if (queue == nullptr || !queue->arn.empty()) {
                continue;
            }
            const auto *reader = m_project.get<Consumer>(queue->readBy);
            if (reader == nullptr || reader->kind != ElementKind::Function ||
                !m_arnParameters.contains(reader->id)) {
                continue;
            }
            Json properties = Json::object();
            properties["EventSourceArn"] = queueArnValue(*queue);
            properties["FunctionName"] = ref(logicalId(reader->id));
            properties["BatchSize"] = queue->readerBatchSize;
            if (queue->readerMaximumConcurrency != 0) {
                Json scaling = Json::object();
                scaling["MaximumConcurrency"] = queue->readerMaximumConcurrency;
                properties["ScalingConfig"] = std::move(scaling);
            }
            m_resources[claim(logicalId(queue->id) + "Mapping", "EventSourceMapping")] =
                resource("AWS::Lambda::EventSourceMapping", std::move(properties));
        }
    }

    // --- The role EventBridge assumes for targets that need one -------------------------------

    void noteRoleAction(const ResolvedTarget &target) {
        const Element &destination = *target.destination;
        std::string action;
        Json arn;
        if (std::holds_alternative<Consumer>(destination)) {
            action = "states:StartExecution";
        } else if (std::holds_alternative<ApiDestination>(destination)) {
            action = "events:InvokeApiDestination";
        } else {
            action = "events:PutEvents";
        }
        Json value = destinationArnValue(destination);
        auto it = std::find_if(m_roleActions.begin(), m_roleActions.end(),
                               [&action](const auto &entry) { return entry.first == action; });
        if (it == m_roleActions.end()) {
            m_roleActions.emplace_back(action, Json::array());
            it = std::prev(m_roleActions.end());
        }
        if (std::find(it->second.begin(), it->second.end(), value) == it->second.end()) {
            it->second.push_back(std::move(value));
        }
    }

    void addTargetRole() {
        if (m_roleActions.empty()) {
            return;
        }
        Json assume = Json::object();
        assume["Effect"] = "Allow";
        assume["Principal"] = eventsPrincipal();
        assume["Action"] = "sts:AssumeRole";
        Json statements = Json::array();
        for (auto &[action, resources] : m_roleActions) {
            statements.push_back(allowStatement(action, std::move(resources)));
        }
        Json policy = Json::object();
        policy["PolicyName"] = "invoke-eventbridge-targets";
        policy["PolicyDocument"] = policyDocument(std::move(statements));
        Json properties = Json::object();
        properties["Description"] = "Assumed by EventBridge to deliver to state machines, API "
                                    "destinations and event buses";
        properties["AssumeRolePolicyDocument"] = policyDocument(Json::array({std::move(assume)}));
        properties["Policies"] = Json::array({std::move(policy)});
        m_resources[m_roleId] = resource("AWS::IAM::Role", std::move(properties));
    }

    const Project &m_project;
    const std::vector<ResolvedRule> &m_rules;
    const ExportOptions &m_options;
    std::unordered_set<ElementId> m_referenced;
    std::unordered_set<ElementId> m_arnParameters;
    std::string m_roleId;
    std::unordered_map<ElementId, std::string> m_logical;
    std::unordered_set<std::string> m_used;
    std::vector<std::pair<std::string, Json>> m_roleActions;
    Json m_parameters = Json::object();
    Json m_resources = Json::object();
    Json m_outputs = Json::object();
};

} // namespace

Result<Json> buildCloudFormation(const Project &project, const std::vector<ResolvedRule> &rules,
                                 const ExportOptions &options) {
    try {
        return TemplateBuilder(project, rules, options).build();
    } catch (const std::exception &e) {
        return Error{.message = std::string("CloudFormation export failed: ") + e.what()};
    }
}

} // namespace sg::model
