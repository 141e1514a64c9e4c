// Compiling a model: every element becomes a runtime node, bus, rule, target or emission, with
// its patterns compiled, inputs parsed and references resolved. Errors name the element and
// field at fault.

#include "engine.h"

#include "arch/limits.h"
#include "pattern/patternparser.h"

namespace sg::sim {

namespace {

// The shortest time a read queue hides a received message (see the queue's compile step).
constexpr int kMinReadVisibilitySeconds = 1;

std::string makeArn(std::string_view service, std::string_view region, std::string_view account,
                    std::string_view resource) {
    std::string arn("arn:aws:");
    arn.append(service).append(":").append(region).append(":").append(account).append(":");
    arn.append(resource);
    return arn;
}

Error elementError(std::string_view kind, std::string_view id, std::string_view what,
                   std::string field = {}) {
    Error error;
    error.message = std::string(kind) + " '" + std::string(id) + "': " + std::string(what);
    error.field = std::move(field);
    return error;
}

} // namespace

Result<bool> Simulation::Impl::buildBehavior(Node &node, const model::Behavior &behavior,
                                             const model::Project &project) {
    node.latency = compileLatency(behavior.latency);
    node.failures = behavior.failures;
    node.concurrency = std::max(0, behavior.concurrency);
    for (std::size_t i = 0; i < behavior.followUps.size(); ++i) {
        const model::FollowUp &f = behavior.followUps[i];
        const std::string field = "behavior.followUps[" + std::to_string(i) + "]";
        const auto *type = project.get<model::EventType>(f.eventType);
        if (type == nullptr) {
            return elementError("element", node.id,
                                "follow-up event type '" + f.eventType.value + "' does not exist",
                                field + ".eventType");
        }
        auto bus = busIndex.find(f.bus.value);
        if (bus == busIndex.end()) {
            return elementError("element", node.id,
                                "follow-up bus '" + f.bus.value + "' does not exist",
                                field + ".bus");
        }
        Result<EventGenerator> generator = EventGenerator::create(*type, {}, options.generator);
        if (!generator.ok()) {
            return elementError("element", node.id, generator.error().message, field);
        }
        FollowUpSpec spec{std::move(generator).value(), bus->second, f.probability,
                          kernel.randomStream("followup:" + node.id + "#" + std::to_string(i))};
        node.followUps.push_back(std::move(spec));
    }
    return true;
}

Result<bool> Simulation::Impl::build(const model::Project &project) {
    const std::string &account = options.generator.account;
    const std::string &region = options.generator.region;

    if (const int quota = project.accountInvocationQuotaPerSecond();
        quota < 0 || quota > model::kMaxAccountInvocationQuotaPerSecond) {
        return Error{.message = "accountInvocationQuotaPerSecond is " + std::to_string(quota) +
                                "; it must be from 0 (none) to " +
                                std::to_string(model::kMaxAccountInvocationQuotaPerSecond),
                     .field = "accountInvocationQuotaPerSecond"};
    }

    // What validate reports as beyond the limits and the simulator could not run in bounded
    // memory and time (lint's error names the same element and field).
    for (const model::Element &element : project.elements()) {
        for (const model::LimitProblem &problem : model::limitProblems(element)) {
            if (problem.unsafe) {
                return elementError(model::elementKindName(model::elementKind(element)),
                                    model::elementId(element).value,
                                    problem.field + " " + problem.message, problem.field);
            }
        }
    }

    // Pass 1: nodes (everything a target, a DLQ or a dependency can name) and buses.
    for (const model::Element &element : project.elements()) {
        const std::string &id = model::elementId(element).value;
        if (const auto *bus = std::get_if<model::Bus>(&element)) {
            BusRt b;
            b.id = id;
            b.name = bus->name.empty() ? id : bus->name;
            b.region = bus->region.empty() ? region : bus->region;
            for (const model::Archive &archive : bus->archives) {
                const auto index = static_cast<std::uint32_t>(archives.size());
                if (!b.archiveByName.emplace(archive.name, index).second) {
                    return elementError("bus", id, "two archives are named '" + archive.name + "'",
                                        "archives");
                }
                if (archive.pattern.empty()) {
                    b.archivesOfAll.push_back(index);
                } else {
                    Result<model::EventPattern> pattern = model::parseEventPattern(archive.pattern);
                    if (!pattern.ok()) {
                        return elementError(
                            "bus", id, "archive '" + archive.name + "': " + pattern.error().message,
                            "archives");
                    }
                    b.archiveMatcher.add(static_cast<model::RuleId>(b.archivesWithPattern.size()),
                                         pattern.value());
                    b.archivesWithPattern.push_back(index);
                }
                archives.push_back(ArchiveRt{ArchiveRef{id, archive.name}, {}, 0});
            }
            const std::uint32_t busIdx = static_cast<std::uint32_t>(buses.size());
            Node node(kernel.randomStream("node:" + id));
            node.id = id;
            node.type = NodeType::Bus;
            node.bus = busIdx;
            node.arn = makeArn("events", b.region, bus->account.empty() ? account : bus->account,
                               "event-bus/" + b.name);
            b.node = static_cast<std::uint32_t>(nodes.size());
            nodeIndex.emplace(id, b.node);
            nodes.push_back(std::move(node));
            busIndex.emplace(id, busIdx);
            buses.push_back(std::move(b));
        } else if (const auto *consumer = std::get_if<model::Consumer>(&element)) {
            Node node(kernel.randomStream("node:" + id));
            node.id = id;
            node.type = NodeType::Consumer;
            const std::string name = consumer->name.empty() ? id : consumer->name;
            node.arn = !consumer->arn.empty()
                           ? consumer->arn
                           : (consumer->kind == model::ElementKind::StateMachine
                                  ? makeArn("states", region, account, "stateMachine:" + name)
                                  : makeArn("lambda", region, account, "function:" + name));
            node.consumerKind = consumer->kind == model::ElementKind::StateMachine
                                    ? ConsumerKind::StateMachine
                                    : ConsumerKind::Function;
            node.callStream.emplace(kernel.randomStream("call:" + id));
            if (node.consumerKind == ConsumerKind::Function) {
                node.timeout = SimTime::seconds(consumer->timeoutSeconds);
                node.asyncPolicy = LambdaAsyncPolicy::of(consumer->asyncInvocation);
            }
            nodeIndex.emplace(id, static_cast<std::uint32_t>(nodes.size()));
            nodes.push_back(std::move(node));
        } else if (const auto *queue = std::get_if<model::Queue>(&element)) {
            Node node(kernel.randomStream("node:" + id));
            node.id = id;
            node.type = NodeType::Queue;
            node.arn = !queue->arn.empty() ? queue->arn
                                           : makeArn("sqs", region, account,
                                                     queue->name.empty() ? id : queue->name);
            nodeIndex.emplace(id, static_cast<std::uint32_t>(nodes.size()));
            nodes.push_back(std::move(node));
        } else if (const auto *api = std::get_if<model::ApiDestination>(&element)) {
            Node node(kernel.randomStream("node:" + id));
            node.id = id;
            node.type = NodeType::ApiDestination;
            node.arn = makeArn("events", region, account,
                               "api-destination/" + (api->name.empty() ? id : api->name));
            node.rateLimit.configure(api->invocationRateLimitPerSecond);
            nodeIndex.emplace(id, static_cast<std::uint32_t>(nodes.size()));
            nodes.push_back(std::move(node));
        } else if (std::holds_alternative<model::ExternalSystem>(element)) {
            Node node(kernel.randomStream("node:" + id));
            node.id = id;
            node.type = NodeType::ExternalSystem;
            nodeIndex.emplace(id, static_cast<std::uint32_t>(nodes.size()));
            nodes.push_back(std::move(node));
        }
    }

    auto resolveNode = [&](const ElementId &ref) -> std::uint32_t {
        auto it = nodeIndex.find(ref.value);
        return it == nodeIndex.end() ? kNone : it->second;
    };

    // A function's on-failure destination (a queue, function or bus) and dead-letter queue.
    auto resolveAsync = [&](Node &node, const model::Consumer &consumer) -> Result<bool> {
        const model::AsyncInvocation &async = consumer.asyncInvocation;
        if (!async.onFailure.empty()) {
            const std::uint32_t to = resolveNode(async.onFailure);
            const bool valid = to != kNone && (nodes[to].type == NodeType::Queue ||
                                               nodes[to].type == NodeType::Bus ||
                                               (nodes[to].type == NodeType::Consumer &&
                                                nodes[to].consumerKind == ConsumerKind::Function));
            if (!valid) {
                return elementError("function", node.id,
                                    "the on-failure destination '" + async.onFailure.value +
                                        "' is not a queue, function or bus",
                                    "asyncInvocation.onFailure");
            }
            node.onFailure = to;
        }
        if (!async.deadLetterQueue.empty()) {
            const std::uint32_t dlq = resolveNode(async.deadLetterQueue);
            if (dlq == kNone || nodes[dlq].type != NodeType::Queue) {
                return elementError("function", node.id,
                                    "the dead-letter queue '" + async.deadLetterQueue.value +
                                        "' is not a queue",
                                    "asyncInvocation.deadLetterQueue");
            }
            node.lambdaDlq = dlq;
        }
        return true;
    };

    // Pass 2: behaviours, queue readers, rules and targets, producers.
    std::vector<FaultWindow> faults;
    for (const model::Element &element : project.elements()) {
        const std::string &id = model::elementId(element).value;
        const model::Behavior *behavior = nullptr;
        if (const auto *consumer = std::get_if<model::Consumer>(&element)) {
            behavior = &consumer->behavior;
        } else if (const auto *api = std::get_if<model::ApiDestination>(&element)) {
            behavior = &api->behavior;
        } else if (const auto *external = std::get_if<model::ExternalSystem>(&element)) {
            behavior = &external->behavior;
        }
        if (behavior != nullptr) {
            Node &node = nodes[nodeIndex.find(id)->second];
            Result<bool> built = buildBehavior(node, *behavior, project);
            if (!built.ok()) {
                return built.error();
            }
            for (const model::FaultWindow &planned : behavior->faults) {
                if (planned.fromSeconds < 0 || planned.toSeconds <= planned.fromSeconds) {
                    return elementError("element", id,
                                        "a fault window must start at 0 s or later and end "
                                        "after it starts",
                                        "behavior.faults");
                }
                FaultWindow fault;
                fault.element = model::elementId(element);
                fault.from = SimTime::fromSecondsRounded(planned.fromSeconds);
                fault.to = SimTime::fromSecondsRounded(planned.toSeconds);
                fault.mode = planned.mode;
                fault.failure = planned.failure;
                fault.rate = planned.rate;
                fault.extraLatency = SimTime::fromSecondsRounded(planned.extraLatencyMs / 1000.0);
                faults.push_back(fault);
            }
            if (node.type == NodeType::Consumer) {
                // The failure modes of EventBridge's call are drawn at the call (invocation.cpp).
                std::vector<model::FailureMode> run;
                for (const model::FailureMode &mode : node.failures) {
                    (failsTheCall(node.consumerKind, mode.kind) ? node.callFailures : run)
                        .push_back(mode);
                }
                node.failures = std::move(run);
            }
            if (const auto *consumer = std::get_if<model::Consumer>(&element);
                consumer != nullptr && consumer->kind != model::ElementKind::StateMachine) {
                Result<bool> resolved = resolveAsync(node, *consumer);
                if (!resolved.ok()) {
                    return resolved.error();
                }
            }
            for (std::size_t i = 0; i < behavior->dependsOn.size(); ++i) {
                const std::uint32_t dep = resolveNode(behavior->dependsOn[i]);
                if (dep == kNone || nodes[dep].type == NodeType::Queue ||
                    nodes[dep].type == NodeType::Bus) {
                    return elementError("element", id,
                                        "dependency '" + behavior->dependsOn[i].value +
                                            "' is not a consumer, API destination or external "
                                            "system",
                                        "behavior.dependsOn[" + std::to_string(i) + "]");
                }
                nodes[nodeIndex.find(id)->second].dependsOn.push_back(dep);
            }
            continue;
        }
        if (const auto *queue = std::get_if<model::Queue>(&element)) {
            if (!queue->readBy.empty()) {
                const std::uint32_t reader = resolveNode(queue->readBy);
                if (reader == kNone || nodes[reader].type != NodeType::Consumer) {
                    return elementError("queue", id,
                                        "readBy '" + queue->readBy.value + "' is not a consumer",
                                        "readBy");
                }
                const std::uint32_t queueIdx = nodeIndex.find(id)->second;
                Node &q = nodes[queueIdx];
                q.readBy = reader;
                nodes[reader].readsQueues.push_back(queueIdx);
                SqsSettings settings;
                // SQS allows 0 s, but Lambda refuses an event source mapping whose queue hides
                // messages for less than the function's timeout (at least 1 s). At 0 s a batch
                // that fails at once would come back at the same instant forever, so a read
                // queue hides its messages for at least a second.
                settings.visibilityTimeout = SimTime::seconds(
                    std::max(kMinReadVisibilitySeconds, queue->visibilityTimeoutSeconds));
                settings.retention = SimTime::seconds(queue->messageRetentionSeconds);
                settings.fifo = queue->fifo;
                q.batchSize = queue->readerBatchSize;
                q.maxBatches = queue->readerMaximumConcurrency;
                if (!queue->redrivePolicy.deadLetterQueue.empty()) {
                    const std::uint32_t dlq = resolveNode(queue->redrivePolicy.deadLetterQueue);
                    if (dlq == kNone || nodes[dlq].type != NodeType::Queue) {
                        return elementError("queue", id,
                                            "the redrive policy's dead-letter queue '" +
                                                queue->redrivePolicy.deadLetterQueue.value +
                                                "' is not a queue",
                                            "redrivePolicy.deadLetterQueue");
                    }
                    q.redriveTo = dlq;
                    settings.maxReceiveCount = queue->redrivePolicy.maxReceiveCount;
                }
                q.sqs = std::make_unique<SqsQueue>(settings);
            }
            continue;
        }
        if (const auto *rule = std::get_if<model::Rule>(&element)) {
            auto bus = busIndex.find(rule->bus.value);
            if (bus == busIndex.end()) {
                return elementError("rule", id, "bus '" + rule->bus.value + "' does not exist",
                                    "bus");
            }
            RuleRt r;
            r.id = id;
            r.name = rule->name.empty() ? id : rule->name;
            r.bus = bus->second;
            const BusRt &b = buses[bus->second];
            const std::string busAccount =
                std::get<model::Bus>(*project.find(rule->bus)).account.empty()
                    ? account
                    : std::get<model::Bus>(*project.find(rule->bus)).account;
            r.arn = makeArn("events", b.region, busAccount,
                            b.name == model::kDefaultBusName ? "rule/" + r.name
                                                             : "rule/" + b.name + "/" + r.name);
            const std::uint32_t ruleIdx = static_cast<std::uint32_t>(rules.size());
            ruleIndex.emplace(id, ruleIdx);
            if (rule->enabled) {
                Result<model::EventPattern> pattern = model::parseEventPattern(rule->pattern);
                if (!pattern.ok()) {
                    return elementError("rule", id, pattern.error().message, "pattern");
                }
                BusRt &mb = buses[bus->second];
                mb.matcher.add(static_cast<model::RuleId>(mb.rules.size()), pattern.value());
                mb.rules.push_back(ruleIdx);
                for (std::size_t i = 0; i < rule->targets.size(); ++i) {
                    const model::Target &target = rule->targets[i];
                    const std::string field = "targets[" + std::to_string(i) + "]";
                    TargetRt t(kernel.randomStream("target:" + id + "/" + target.id));
                    t.key = id + "/" + target.id;
                    t.rule = ruleIdx;
                    t.node = resolveNode(target.destination);
                    if (t.node == kNone || nodes[t.node].type == NodeType::ExternalSystem) {
                        return elementError("rule", id,
                                            "target '" + target.id + "' has no valid destination",
                                            field + ".destination");
                    }
                    if (!target.deadLetterQueue.empty()) {
                        t.dlq = resolveNode(target.deadLetterQueue);
                        if (t.dlq == kNone || nodes[t.dlq].type != NodeType::Queue) {
                            return elementError("rule", id,
                                                "target '" + target.id +
                                                    "' has a dead-letter queue that is not a queue",
                                                field + ".deadLetterQueue");
                        }
                    }
                    t.retry = target.retryPolicy;
                    Result<model::CompiledInput> input =
                        model::compileTargetInput(target.input, target.id);
                    if (!input.ok()) {
                        return elementError("rule", id,
                                            "target '" + target.id + "': " + input.error().message,
                                            field + ".input");
                    }
                    t.wholeEvent = input.value().kind() == model::TargetInputKind::WholeEvent;
                    t.input.emplace(std::move(input).value());
                    const std::uint32_t targetIdx = static_cast<std::uint32_t>(targets.size());
                    r.targets.push_back(targetIdx);
                    targetIndex.emplace(t.key, targetIdx);
                    targetsByDestination[target.destination.value].push_back(targetIdx);
                    targets.push_back(std::move(t));
                }
            }
            rules.push_back(std::move(r));
            continue;
        }
        if (const auto *producer = std::get_if<model::Producer>(&element)) {
            auto bus = busIndex.find(producer->bus.value);
            if (bus == busIndex.end()) {
                return elementError("producer", id,
                                    "bus '" + producer->bus.value + "' does not exist", "bus");
            }
            const std::uint32_t producerIdx = static_cast<std::uint32_t>(producerIds.size());
            producerIndex.emplace(id, producerIdx);
            producerIds.push_back(id);
            producerCounters.emplace_back();
            for (std::size_t i = 0; i < producer->emits.size(); ++i) {
                const model::Emission &emission = producer->emits[i];
                const std::string field = "emits[" + std::to_string(i) + "]";
                const auto *type = project.get<model::EventType>(emission.eventType);
                if (type == nullptr) {
                    return elementError("producer", id,
                                        "event type '" + emission.eventType.value +
                                            "' does not exist",
                                        field + ".eventType");
                }
                Result<EventGenerator> generator =
                    EventGenerator::create(*type, emission.variations, options.generator);
                if (!generator.ok()) {
                    Error error = generator.error();
                    return elementError(
                        "producer", id, error.message,
                        error.field.empty() ? field : field + std::string(".") + error.field);
                }
                const std::string stream = "producer:" + id + "#" + std::to_string(i);
                EmissionRt e(
                    ArrivalProcess(emission.rate, kernel.randomStream(stream + ":arrivals")),
                    std::move(generator).value(), kernel.randomStream(stream + ":events"));
                e.producer = producerIdx;
                e.bus = bus->second;
                emissions.push_back(std::move(e));
            }
        }
    }

    // The model's own fault windows happen in every run; a scenario's come on top.
    faults.insert(faults.end(), options.faults.begin(), options.faults.end());
    for (const FaultWindow &fault : faults) {
        const std::uint32_t node = resolveNode(fault.element);
        if (node == kNone) {
            return elementError("fault", fault.element.value, "the model has no such element",
                                "element");
        }
        if (nodes[node].type == NodeType::Queue || nodes[node].type == NodeType::Bus) {
            return elementError("fault", fault.element.value,
                                "faults apply to consumers, API destinations and external systems",
                                "element");
        }
        nodes[node].faults.push_back(fault);
    }

    // Metric names: elements in model order, then targets in rule order.
    for (const model::Element &element : project.elements()) {
        const std::string &id = model::elementId(element).value;
        if (const ElementCounters *c = findCounters(id)) {
            metricNames.push_back(id);
            metricCounters.push_back(c);
        }
    }
    for (const TargetRt &t : targets) {
        metricNames.push_back(t.key);
        metricCounters.push_back(&t.counters);
    }

    // A quota given in the options (a what-if run) stands in for the model's.
    accountQuota.configure(options.accountInvocationQuotaPerSecond > 0
                               ? options.accountInvocationQuotaPerSecond
                               : static_cast<double>(project.accountInvocationQuotaPerSecond()));
    tracing = options.trace;
    nextBucketEnd = options.timeSeriesBucket;
    kernel.addObserver(this);
    if (options.runProducers) {
        for (std::uint32_t i = 0; i < emissions.size(); ++i) {
            scheduleNextArrival(i);
        }
    }
    return true;
}

} // namespace sg::sim
