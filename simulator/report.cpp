// The report: a run as JSON (counters per element and target, latency percentiles, dead-letter
// summaries, archives and replays), and the AWS names of the compiled model.

#include "engine.h"

namespace sg::sim {

namespace {

Json countersJson(const ElementCounters &c) {
    Json out = Json::object();
    out["put"] = c.put;
    out["matched"] = c.matched;
    out["invoked"] = c.invoked;
    out["succeeded"] = c.succeeded;
    out["failed"] = c.failed;
    out["retried"] = c.retried;
    out["throttled"] = c.throttled;
    out["sent_to_dlq"] = c.sentToDlq;
    out["dropped"] = c.dropped;
    out["received"] = c.received;
    return out;
}

double toMs(SimTime t) {
    return static_cast<double>(t.micros()) / 1000.0;
}

// The attributes each source sets on the message: EventBridge's (user guide, "Using dead-letter
// queues"), Lambda's dead-letter queue's (RequestID, ErrorCode, ErrorMessage), SQS's
// DeadLetterQueueSourceArn; an on-failure record carries everything in its body.
Json dlqAttributes(const DlqMessage &m) {
    Json attributes = Json::object();
    switch (m.source) {
    case DeadLetterSource::EventBridge:
        attributes["RULE_ARN"] = m.ruleArn;
        attributes["TARGET_ARN"] = m.targetArn;
        attributes["ERROR_CODE"] = m.errorCode;
        attributes["ERROR_MESSAGE"] = m.errorMessage;
        if (!m.exhaustedRetryCondition.empty()) {
            attributes["EXHAUSTED_RETRY_CONDITION"] = m.exhaustedRetryCondition;
        }
        attributes["RETRY_ATTEMPTS"] = m.retryAttempts;
        break;
    case DeadLetterSource::LambdaDlq:
        attributes["ErrorCode"] = m.errorCode;
        attributes["ErrorMessage"] = m.errorMessage;
        break;
    case DeadLetterSource::LambdaOnFailure:
        break;
    case DeadLetterSource::SqsRedrive:
        attributes["DeadLetterQueueSourceArn"] = m.targetArn;
        break;
    }
    return attributes;
}

Json outcomesJson(const TargetOutcomes &o) {
    Json out = Json::object();
    out["delivered"] = o.delivered;
    out["processed"] = o.processed;
    out["in_flight"] = o.inFlight;
    out["eventbridge_dlq"] = o.eventBridgeDlq;
    out["dropped"] = o.dropped;
    out["lambda_on_failure"] = o.lambdaOnFailure;
    out["lambda_dlq"] = o.lambdaDlq;
    out["lambda_discarded"] = o.lambdaDiscarded;
    out["sqs_redrive_dlq"] = o.sqsRedriveDlq;
    out["sqs_expired"] = o.sqsExpired;
    out["unread"] = o.unread;
    out["execution_failed"] = o.executionFailed;
    return out;
}

Json layersJson(const LayerCounters &l) {
    Json out = Json::object();
    out["eventbridge"] =
        Json{{"attempts", l.eventBridge.attempts},   {"succeeded", l.eventBridge.succeeded},
             {"failed", l.eventBridge.failed},       {"retried", l.eventBridge.retried},
             {"throttled", l.eventBridge.throttled}, {"sent_to_dlq", l.eventBridge.sentToDlq},
             {"dropped", l.eventBridge.dropped}};
    out["lambda"] =
        Json{{"accepted", l.lambda.accepted},    {"runs", l.lambda.runs},
             {"succeeded", l.lambda.succeeded},  {"function_errors", l.lambda.functionErrors},
             {"throttled", l.lambda.throttled},  {"retried", l.lambda.retried},
             {"on_failure", l.lambda.onFailure}, {"dead_lettered", l.lambda.deadLettered},
             {"discarded", l.lambda.discarded}};
    out["sqs"] = Json{{"sent", l.sqs.sent},
                      {"received", l.sqs.received},
                      {"deleted", l.sqs.deleted},
                      {"redriven", l.sqs.redriven},
                      {"expired", l.sqs.expired}};
    out["states"] = Json{{"started", l.stepFunctions.started},
                         {"succeeded", l.stepFunctions.succeeded},
                         {"failed", l.stepFunctions.failed}};
    return out;
}

} // namespace

AwsNames Simulation::awsNames() const {
    const Impl &impl = *m_impl;
    AwsNames names;
    names.account = impl.options.generator.account;
    names.seed = impl.options.seed;
    names.startUnixSeconds = impl.options.generator.startUnixSeconds;
    for (const BusRt &bus : impl.buses) {
        names.busArns.emplace(bus.id, impl.nodes[bus.node].arn);
    }
    for (const TargetRt &t : impl.targets) {
        const RuleRt &rule = impl.rules[t.rule];
        names.targets.emplace(
            t.key,
            AwsNames::Target{rule.id, rule.arn, impl.buses[rule.bus].id, impl.nodes[t.node].arn,
                             t.dlq == kNone ? std::string() : impl.nodes[t.dlq].id});
        names.ruleTargets[rule.id].push_back(t.key);
    }
    for (const EmissionRt &e : impl.emissions) {
        if (e.producer != kNone) {
            names.producerBuses.emplace(impl.producerIds[e.producer], impl.buses[e.bus].id);
        }
    }
    return names;
}

model::Json Simulation::report() const {
    const Impl &impl = *m_impl;
    Json out = Json::object();
    out["seed"] = impl.options.seed;
    out["simulated_seconds"] = impl.kernel.now().toSeconds();
    out["events_put"] = impl.eventsPut;
    out["deliveries"] = impl.deliveries;
    out["dropped"] = impl.totalDropped;
    out["loops_stopped"] = impl.loopsStopped;
    out["put_entries_failed"] = impl.putEntriesFailed;
    out["layers"] = layersJson(impl.layers);
    const std::vector<TargetOutcomes> outcomes = impl.allOutcomes();
    TargetOutcomes total;
    for (const TargetOutcomes &o : outcomes) {
        total += o;
    }
    out["outcomes"] = outcomesJson(total);

    Json elements = Json::object();
    for (std::size_t i = 0; i < impl.metricNames.size(); ++i) {
        if (impl.targetIndex.contains(impl.metricNames[i])) {
            continue;
        }
        elements[impl.metricNames[i]] = countersJson(*impl.metricCounters[i]);
    }
    out["elements"] = std::move(elements);

    Json targetsJson = Json::object();
    for (const TargetRt &t : impl.targets) {
        Json entry = countersJson(t.counters);
        entry["destination"] = impl.nodes[t.node].id;
        Json latency = Json::object();
        for (const auto &[label, p] : {std::pair<const char *, double>{"p50", 50.0},
                                       {"p90", 90.0},
                                       {"p99", 99.0},
                                       {"max", 100.0}}) {
            const std::optional<SimTime> value = t.latency.percentile(p);
            latency[label] = value ? Json(toMs(*value)) : Json(nullptr);
        }
        entry["latency_ms"] = std::move(latency);
        entry["outcomes"] =
            outcomesJson(outcomes[static_cast<std::size_t>(&t - impl.targets.data())]);
        targetsJson[t.key] = std::move(entry);
    }
    out["targets"] = std::move(targetsJson);

    Json dlqs = Json::object();
    for (const Node &n : impl.nodes) {
        if (n.type != NodeType::Queue || n.dlq.total == 0) {
            continue;
        }
        Json entry = Json::object();
        entry["messages"] = n.dlq.total;
        Json byCode = Json::object();
        for (const auto &[code, count] : n.dlq.byErrorCode) {
            byCode[code] = count;
        }
        entry["by_error_code"] = std::move(byCode);
        Json bySource = Json::object();
        for (const auto &[source, count] : n.dlq.bySource) {
            bySource[source] = count;
        }
        entry["by_source"] = std::move(bySource);
        Json samples = Json::array();
        for (const DlqMessage &m : n.dlq.kept) {
            Json message = Json::object();
            message["time_seconds"] = m.at.toSeconds();
            message["source"] = deadLetterSourceName(m.source);
            message["attributes"] = dlqAttributes(m);
            message["body"] = m.body ? *m.body : Json(nullptr);
            samples.push_back(std::move(message));
        }
        entry["samples"] = std::move(samples);
        dlqs[n.id] = std::move(entry);
    }
    out["dead_letter_queues"] = std::move(dlqs);

    Json loops = Json::object();
    for (const Node &n : impl.nodes) {
        if (n.loopsStopped > 0) {
            loops[n.id] = n.loopsStopped;
        }
    }
    out["loops_stopped_at"] = std::move(loops);

    if (impl.archiveSink != nullptr || impl.archiveError) {
        Json archived = Json::object();
        for (const ArchiveRt &a : impl.archives) {
            archived[a.ref.bus + "/" + a.ref.name] = Json{{"received", a.received}};
        }
        out["archives"] = std::move(archived);
    }
    if (!impl.replays.empty()) {
        Json list = Json::array();
        for (const auto &r : impl.replays) {
            Json entry = Json::object();
            entry["name"] = r->status.name;
            entry["state"] = replayStateName(r->status.state);
            entry["replayed"] = r->status.replayed;
            entry["total"] = r->status.total;
            if (!r->status.error.empty()) {
                entry["error"] = r->status.error;
            }
            list.push_back(std::move(entry));
        }
        out["replays"] = std::move(list);
    }
    return out;
}

} // namespace sg::sim
