#include "io/exportsupport.h"

#include "pattern/patternparser.h"
#include "transform/inputtransformer.h"

#include <exception>

namespace sg::model {

namespace {

std::string describeRule(const Rule &rule) {
    std::string out = "rule \"";
    out.append(rule.id.value).append("\"");
    return out;
}

std::string describeTarget(const Rule &rule, const Target &target) {
    std::string out = describeRule(rule);
    out.append(" target \"").append(target.id).append("\"");
    return out;
}

Error fieldError(std::string message, std::string field) {
    Error error;
    error.message = std::move(message);
    error.field = std::move(field);
    return error;
}

std::string arnOf(std::string_view service, std::string_view region, std::string_view account,
                  std::string_view resource) {
    std::string out = "arn:aws:";
    out.append(service).append(":").append(region).append(":").append(account).append(":");
    out.append(resource);
    return out;
}

Result<ResolvedTarget> resolveTarget(const Project &project, const Rule &rule, const Bus *ruleBus,
                                     const Target &target, std::size_t index) {
    const std::string field = "targets[" + std::to_string(index) + "]";
    ResolvedTarget out;
    out.target = &target;
    if (target.destination.empty()) {
        return fieldError(describeTarget(rule, target) + " has no destination",
                          field + ".destination");
    }
    out.destination = project.find(target.destination);
    if (out.destination == nullptr) {
        return fieldError(describeTarget(rule, target) + " refers to \"" +
                              target.destination.value + "\", which does not exist",
                          field + ".destination");
    }
    switch (elementKind(*out.destination)) {
    case ElementKind::Function:
        break;
    case ElementKind::StateMachine:
    case ElementKind::ApiDestination:
        out.needsRole = true;
        break;
    case ElementKind::Queue:
        out.fifoQueue = std::get<Queue>(*out.destination).fifo;
        break;
    case ElementKind::Bus:
        // EventBridge needs a role to put events on any bus, in this account or another.
        out.needsRole = true;
        out.inputAllowed = !isCrossAccountHop(ruleBus, std::get<Bus>(*out.destination));
        break;
    default: {
        std::string message = describeTarget(rule, target);
        message.append(": \"")
            .append(target.destination.value)
            .append("\" is a ")
            .append(elementKindName(elementKind(*out.destination)))
            .append(", which cannot be a target");
        return fieldError(std::move(message), field + ".destination");
    }
    }
    if (!target.deadLetterQueue.empty()) {
        out.deadLetterQueue = project.get<Queue>(target.deadLetterQueue);
        if (out.deadLetterQueue == nullptr) {
            return fieldError(describeTarget(rule, target) + ": dead-letter queue \"" +
                                  target.deadLetterQueue.value + "\" is not a queue of the project",
                              field + ".deadLetterQueue");
        }
    }
    if (out.inputAllowed) {
        auto compiled = compileTargetInput(target.input, target.id);
        if (!compiled) {
            Error error = compiled.error();
            error.message = describeTarget(rule, target) + ": " + error.message;
            error.field = error.field.empty() ? field + ".input" : field + "." + error.field;
            return error;
        }
    }
    return out;
}

Json inputTransformerJson(const InputTransformer &transformer) {
    Json out = Json::object();
    Json paths = Json::object();
    for (const auto &[name, path] : transformer.inputPathsMap) {
        paths[name] = path;
    }
    // An empty InputPathsMap is legal (a template of constants only); leave it out rather than
    // send an empty map.
    if (!paths.empty()) {
        out["InputPathsMap"] = std::move(paths);
    }
    out["InputTemplate"] = transformer.inputTemplate;
    return out;
}

} // namespace

Json targetJson(const ResolvedRule &rule, const ResolvedTarget &resolved, Json arn,
                std::optional<Json> roleArn, std::optional<Json> deadLetterArn) {
    const Target &target = *resolved.target;
    Json out = Json::object();
    out["Id"] = target.id;
    out["Arn"] = std::move(arn);
    if (roleArn) {
        out["RoleArn"] = std::move(*roleArn);
    }
    Json retry = Json::object();
    retry["MaximumRetryAttempts"] = target.retryPolicy.maximumRetryAttempts;
    retry["MaximumEventAgeInSeconds"] = target.retryPolicy.maximumEventAgeSeconds;
    out["RetryPolicy"] = std::move(retry);
    if (deadLetterArn) {
        Json config = Json::object();
        config["Arn"] = std::move(*deadLetterArn);
        out["DeadLetterConfig"] = std::move(config);
    }
    if (resolved.inputAllowed) {
        const TargetInput &input = target.input;
        switch (input.kind()) {
        case TargetInputKind::WholeEvent:
            break;
        case TargetInputKind::Constant:
            out["Input"] = *input.input;
            break;
        case TargetInputKind::InputPath:
            out["InputPath"] = *input.inputPath;
            break;
        case TargetInputKind::InputTransformer:
            out["InputTransformer"] = inputTransformerJson(*input.inputTransformer);
            break;
        }
    }
    if (resolved.fifoQueue) {
        // SQS FIFO targets must name a message group; one group per rule keeps its order.
        Json sqs = Json::object();
        sqs["MessageGroupId"] = rule.rule->name;
        out["SqsParameters"] = std::move(sqs);
    }
    return out;
}

bool isExternalBus(const Bus &bus) {
    return !bus.account.empty() || !bus.region.empty();
}

bool isCrossAccountHop(const Bus *from, const Bus &to) {
    return to.account != (from != nullptr ? from->account : std::string());
}

std::string sqsQueueName(const Queue &queue) {
    constexpr std::string_view kFifoSuffix = ".fifo";
    if (queue.fifo && !queue.name.ends_with(kFifoSuffix)) {
        return queue.name + std::string(kFifoSuffix);
    }
    return queue.name;
}

std::string busArn(const Bus &bus, const ExportOptions &options) {
    return arnOf("events", bus.region.empty() ? options.region : bus.region,
                 bus.account.empty() ? options.account : bus.account, "event-bus/" + bus.name);
}

std::string defaultBusArn(const ExportOptions &options) {
    return arnOf("events", options.region, options.account, "event-bus/default");
}

std::string consumerArn(const Consumer &consumer, const ExportOptions &options) {
    if (!consumer.arn.empty()) {
        return consumer.arn;
    }
    if (consumer.kind == ElementKind::StateMachine) {
        return arnOf("states", options.region, options.account, "stateMachine:" + consumer.name);
    }
    return arnOf("lambda", options.region, options.account, "function:" + consumer.name);
}

std::string queueArn(const Queue &queue, const ExportOptions &options) {
    if (!queue.arn.empty()) {
        return queue.arn;
    }
    return arnOf("sqs", options.region, options.account, sqsQueueName(queue));
}

std::string apiDestinationArn(const ApiDestination &destination, const ExportOptions &options) {
    return arnOf("events", options.region, options.account, "api-destination/" + destination.name);
}

std::string targetRoleArn(const ExportOptions &options) {
    std::string out = "arn:aws:iam::";
    out.append(options.account).append(":role/").append(kTargetRoleName);
    return out;
}

std::string destinationArn(const Element &destination, const ExportOptions &options) {
    if (const auto *consumer = std::get_if<Consumer>(&destination)) {
        return consumerArn(*consumer, options);
    }
    if (const auto *queue = std::get_if<Queue>(&destination)) {
        return queueArn(*queue, options);
    }
    if (const auto *api = std::get_if<ApiDestination>(&destination)) {
        return apiDestinationArn(*api, options);
    }
    if (const auto *bus = std::get_if<Bus>(&destination)) {
        return busArn(*bus, options);
    }
    return {};
}

Result<std::vector<ResolvedRule>> resolveRules(const Project &project) {
    std::vector<ResolvedRule> out;
    for (const Rule *rule : project.all<Rule>()) {
        ResolvedRule resolved;
        resolved.rule = rule;
        if (!rule->bus.empty()) {
            resolved.bus = project.get<Bus>(rule->bus);
            if (resolved.bus == nullptr) {
                return fieldError(describeRule(*rule) + ": bus \"" + rule->bus.value +
                                      "\" is not a bus of the project",
                                  "bus");
            }
        }
        auto parsed = parseEventPattern(rule->pattern);
        if (!parsed) {
            Error error = parsed.error();
            error.message = describeRule(*rule) + ": " + error.message;
            error.field = error.field.empty() ? "pattern" : "pattern." + error.field;
            return error;
        }
        try {
            resolved.pattern = Json::parse(rule->pattern);
        } catch (const std::exception &e) {
            // The pattern parser accepted what nlohmann refuses; report rather than guess.
            return fieldError(describeRule(*rule) + ": pattern is not valid JSON: " + e.what(),
                              "pattern");
        }
        for (std::size_t i = 0; i < rule->targets.size(); ++i) {
            auto target = resolveTarget(project, *rule, resolved.bus, rule->targets[i], i);
            if (!target) {
                return target.error();
            }
            resolved.targets.push_back(*target);
        }
        out.push_back(std::move(resolved));
    }
    return out;
}

std::string dumpJson(const Json &value) {
    std::string out = value.dump(2, ' ', false, Json::error_handler_t::replace);
    out.push_back('\n');
    return out;
}

} // namespace sg::model
