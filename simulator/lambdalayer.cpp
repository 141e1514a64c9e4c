// Lambda's asynchronous queue, behind every function target. EventBridge's delivery ends when
// Lambda accepts the event (invocation.cpp); from then on the event is Lambda's, on Lambda's
// clock (lambdaasync.h has the numbers and the developer guide's sentences):
//
//   accepted ──> run ─┬─ succeeded ──────────────────────────────> processed, follow-ups
//     (enqueued)  ^   ├─ function error (incl. timeout) ─> retry after 1 min, then 2 min
//                 │   └─ throttled (no concurrency, 429) ─> back to the queue, 1 s .. 5 min
//                 └──────────── while retries and MaximumEventAgeInSeconds allow ──┘
//   given up ─┬─ on-failure destination: the invocation record (queue, function or bus)
//             ├─ dead-letter queue: the event, with RequestID, ErrorCode, ErrorMessage
//             └─ discarded
//
// The time an event spends here is Lambda's: EventBridge's counters and latencies ended at the
// Invoke call. A function's reserved concurrency (behavior.concurrency) throttles runs here.

#include "engine.h"

#include <utility>

namespace sg::sim {

namespace {

constexpr std::string_view kFailureDetailType = "Lambda Function Invocation Result - Failure";

} // namespace

// Lambda takes the event into the function's asynchronous queue (the record is now Lambda's)
// and runs it at once.
void Simulation::Impl::lambdaAccept(std::uint32_t index, std::uint32_t function) {
    Record &r = records[index];
    r.deliveredBy = r.target;
    r.layer = Layer::Lambda;
    r.target = kNone;
    r.node = function;
    r.attempt = 0;
    r.failed = false;
    r.lambda = LambdaQueuedEvent{kernel.now()};
    ++layers.lambda.accepted;
    if (tracing) {
        addStep(r, StepKind::Enqueued, nodes[function].id);
    }
    lambdaRun(index);
}

// One run of a queued event, unless it is too old or the function has no concurrency left (a
// throttle: back to the queue).
void Simulation::Impl::lambdaRun(std::uint32_t index) {
    Record &r = records[index];
    Node &n = nodes[r.node];
    if (agedOut(r.lambda, kernel.now(), n.asyncPolicy)) {
        lambdaGiveUp(index, LambdaCondition::EventAgeExceeded);
        return;
    }
    if (n.concurrency > 0 && n.inFlight >= n.concurrency) {
        ++n.counters.throttled;
        ++layers.lambda.throttled;
        if (tracing) {
            addStep(r, StepKind::Throttled, n.id, r.lambda.runs + 1, {}, "reserved concurrency");
        }
        const LambdaNextStep next =
            afterFailedRun(r.lambda, LambdaRunOutcome::Requeued, kernel.now(), n.asyncPolicy);
        if (next.giveUp) {
            lambdaGiveUp(index, next.condition);
            return;
        }
        scheduleStage(next.retryAt, index, Stage::LambdaRun);
        return;
    }
    ++r.lambda.runs;
    r.attempt = r.lambda.runs;
    ++n.inFlight;
    ++n.counters.invoked;
    ++layers.lambda.runs;
    if (r.lambda.runs > 1) {
        ++n.counters.retried;
        ++layers.lambda.retried;
    }
    if (tracing) {
        addStep(r, StepKind::Attempt, n.id, r.attempt);
    }
    runCall(index, Stage::LambdaDone);
}

// A run ended: processed, or retried on Lambda's terms, or given up.
void Simulation::Impl::lambdaDone(std::uint32_t index) {
    const std::uint32_t function = records[index].node;
    Node &n = nodes[function];
    --n.inFlight;
    Record &r = records[index];
    if (!r.failed) {
        ++n.counters.succeeded;
        ++layers.lambda.succeeded;
        n.runLatency.record(kernel.now() - r.putTime);
        if (tracing) {
            addStep(r, StepKind::Succeeded, n.id, r.attempt, {},
                    formatDuration(kernel.now() - r.lambda.enqueuedAt));
        }
        settle(r, &TargetOutcomes::processed);
        if (!n.followUps.empty()) {
            emitFollowUps(function, r);
        }
        release(index);
    } else {
        ++n.counters.failed;
        const bool throttled = r.error == ErrorKind::Throttled;
        if (throttled) {
            ++layers.lambda.throttled;
        } else {
            ++layers.lambda.functionErrors;
        }
        if (tracing) {
            addStep(r, StepKind::Failed, n.id, r.attempt, std::string(errorInfo(r.error).code),
                    errorMessage(r));
        }
        const LambdaNextStep next = afterFailedRun(
            r.lambda, throttled ? LambdaRunOutcome::Requeued : LambdaRunOutcome::FunctionError,
            kernel.now(), n.asyncPolicy);
        if (next.giveUp) {
            lambdaGiveUp(index, next.condition);
        } else {
            if (tracing) {
                addStep(r, StepKind::RetryScheduled, n.id, r.attempt, {},
                        formatDuration(next.retryAt));
            }
            scheduleStage(next.retryAt, index, Stage::LambdaRun);
        }
    }
    wakeReaders(function);
}

// Lambda gives the event up: to the on-failure destination (the invocation record), else the
// dead-letter queue (the event), else it is discarded.
void Simulation::Impl::lambdaGiveUp(std::uint32_t index, LambdaCondition condition) {
    Record &r = records[index];
    const std::uint32_t function = r.node;
    Node &n = nodes[function];
    const std::string conditionName(lambdaConditionName(condition));
    const bool throttled = r.lambda.runs == 0 || r.error == ErrorKind::Throttled;
    const std::string status = throttled ? "429" : "200";
    // SendMessage of `payload` to `queue`, which counts it as a dead letter from `source`.
    const auto sendToQueue = [&](std::uint32_t queue, DeadLetterSource source,
                                 std::shared_ptr<const Json> payload) {
        ++nodes[queue].counters.received;
        keepDeadLetter(queue, DlqMessage{kernel.now(),
                                         source,
                                         {},
                                         n.arn,
                                         status,
                                         errorMessage(r),
                                         conditionName,
                                         r.lambda.runs,
                                         payload});
        records[index].event = std::move(payload);
        sqsSend(index, queue);
    };
    if (n.onFailure != kNone) {
        ++n.counters.sentToDlq;
        ++layers.lambda.onFailure;
        settle(r, &TargetOutcomes::lambdaOnFailure);
        const std::uint32_t destination = n.onFailure;
        if (tracing) {
            addStep(r, StepKind::OnFailure, nodes[destination].id, r.attempt, conditionName);
        }
        auto record = std::make_shared<const Json>(invocationRecord(r, condition));
        switch (nodes[destination].type) {
        case NodeType::Queue:
            sendToQueue(destination, DeadLetterSource::LambdaOnFailure, std::move(record));
            return;
        case NodeType::Consumer:
        case NodeType::Bus: {
            // A new event: Lambda invokes the destination function with the record, or puts it
            // on the bus as an event of source "lambda".
            const int depth = r.depth + 1;
            if (depth > options.maxLineageDepth) {
                ++loopsStopped;
                ++n.loopsStopped;
                if (tracing) {
                    addStep(r, StepKind::LoopStopped, n.id, 0, {}, nodes[destination].id);
                }
                release(index);
                return;
            }
            if (!chargeEvent()) {
                release(index);
                return;
            }
            const std::uint64_t seq = nextEventSeq++;
            const std::uint64_t parent = r.eventSeq;
            if (tracing) {
                addStep(r, StepKind::FollowUp, n.id, 0, {}, std::to_string(seq));
            }
            if (nodes[destination].type == NodeType::Consumer) {
                Record &next = records[index];
                next.event = std::move(record);
                next.eventSeq = seq;
                next.parentSeq = parent;
                next.depth = depth;
                next.putTime = kernel.now();
                lambdaAccept(index, destination);
                return;
            }
            Json event = Json::object();
            event["version"] = "0";
            event["id"] = randomUuid(*n.callStream);
            event["detail-type"] = kFailureDetailType;
            event["source"] = "lambda";
            event["account"] = options.generator.account;
            event["time"] = isoTime(kernel.now(), options.generator);
            event["region"] = options.generator.region;
            event["resources"] = Json::array({n.arn + ":$LATEST"});
            event["detail"] = *record;
            release(index);
            putOnBus(nodes[destination].bus, std::make_shared<const Json>(std::move(event)), seq,
                     parent, depth, 0);
            return;
        }
        case NodeType::ApiDestination:
        case NodeType::ExternalSystem:
            break; // compile() refuses these
        }
        release(index);
        return;
    }
    if (n.lambdaDlq != kNone) {
        ++n.counters.sentToDlq;
        ++layers.lambda.deadLettered;
        settle(r, &TargetOutcomes::lambdaDlq);
        const std::uint32_t dlq = n.lambdaDlq;
        if (tracing) {
            addStep(r, StepKind::DeadLettered, nodes[dlq].id, r.attempt, status, conditionName);
        }
        sendToQueue(dlq, DeadLetterSource::LambdaDlq, r.event);
        return;
    }
    ++n.counters.dropped;
    ++layers.lambda.discarded;
    settle(r, &TargetOutcomes::lambdaDiscarded);
    if (tracing) {
        addStep(r, StepKind::Discarded, n.id, r.attempt, conditionName);
    }
    release(index);
}

// The record Lambda sends to an on-failure destination (Lambda developer guide, "Capturing
// records of Lambda asynchronous invocations"): the request, the response of the last run and
// the condition. `requestPayload` is what the function received: the target's input.
Json Simulation::Impl::invocationRecord(const Record &r, LambdaCondition condition) {
    Node &n = nodes[r.node];
    Json payload = *r.event;
    if (r.deliveredBy != kNone && !targets[r.deliveredBy].wholeEvent) {
        const TargetRt &t = targets[r.deliveredBy];
        const RuleRt &rule = rules[t.rule];
        const model::TransformContext context{rule.arn, rule.name, {}};
        std::string input;
        if (t.input->applyTo(*r.event, context, input, nullptr)) {
            Json parsed;
            payload = jsonParser.parseInto(input, parsed) ? std::move(parsed) : Json(input);
        }
    }
    Json record = Json::object();
    record["version"] = "1.0";
    record["timestamp"] = isoTime(kernel.now(), options.generator);
    Json context = Json::object();
    context["requestId"] = randomUuid(*n.callStream);
    context["functionArn"] = n.arn + ":$LATEST";
    context["condition"] = lambdaConditionName(condition);
    context["approximateInvokeCount"] = r.lambda.runs;
    record["requestContext"] = std::move(context);
    record["requestPayload"] = std::move(payload);
    if (r.lambda.runs > 0) {
        Json response = Json::object();
        const bool throttled = r.error == ErrorKind::Throttled;
        response["statusCode"] = throttled ? 429 : 200;
        response["executedVersion"] = "$LATEST";
        if (!throttled) {
            response["functionError"] = "Unhandled";
        }
        record["responseContext"] = std::move(response);
        Json error = Json::object();
        if (r.error == ErrorKind::Timeout) {
            error["errorMessage"] = "Task timed out after " +
                                    std::to_string(n.timeout.micros() / 1'000'000) + ".00 seconds";
        } else {
            error["errorType"] = throttled ? "TooManyRequestsException" : "Error";
            error["errorMessage"] = errorMessage(r);
        }
        record["responsePayload"] = std::move(error);
    }
    return record;
}

} // namespace sg::sim
