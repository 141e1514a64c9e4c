// Lineage: every step of every event (put, matched, attempts, throttles, retries, dead letters,
// follow-ups), batched to observers, a trace stream and the trace hash.

#include "engine.h"

#include <utility>

namespace sg::sim {

namespace {

void fnvAppend(std::uint64_t &hash, std::string_view text) {
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001B3;
    }
}

} // namespace

std::string_view layerName(Layer layer) {
    switch (layer) {
    case Layer::EventBridge:
        return "eventbridge";
    case Layer::Lambda:
        return "lambda";
    case Layer::Sqs:
        return "sqs";
    case Layer::StepFunctions:
        return "states";
    }
    return "eventbridge";
}

std::string_view deadLetterSourceName(DeadLetterSource source) {
    switch (source) {
    case DeadLetterSource::EventBridge:
        return "eventbridge";
    case DeadLetterSource::LambdaOnFailure:
        return "lambda-on-failure";
    case DeadLetterSource::LambdaDlq:
        return "lambda-dlq";
    case DeadLetterSource::SqsRedrive:
        return "sqs-redrive";
    }
    return "eventbridge";
}

std::string_view stepKindName(StepKind kind) {
    switch (kind) {
    case StepKind::Put:
        return "put";
    case StepKind::PutRejected:
        return "put_rejected";
    case StepKind::Matched:
        return "matched";
    case StepKind::Attempt:
        return "attempt";
    case StepKind::Throttled:
        return "throttled";
    case StepKind::Succeeded:
        return "succeeded";
    case StepKind::Failed:
        return "failed";
    case StepKind::RetryScheduled:
        return "retry_scheduled";
    case StepKind::DeadLettered:
        return "dead_lettered";
    case StepKind::Dropped:
        return "dropped";
    case StepKind::FollowUp:
        return "follow_up";
    case StepKind::LoopStopped:
        return "loop_stopped";
    case StepKind::Enqueued:
        return "enqueued";
    case StepKind::Received:
        return "received";
    case StepKind::Redriven:
        return "redriven";
    case StepKind::Expired:
        return "expired";
    case StepKind::OnFailure:
        return "on_failure";
    case StepKind::Discarded:
        return "discarded";
    }
    return "unknown";
}

std::string traceLine(const LineageStep &step) {
    Json line = Json::object();
    line["t_us"] = step.at.micros();
    line["event"] = step.event;
    if (step.parent != 0) {
        line["parent"] = step.parent;
    }
    line["depth"] = step.depth;
    line["step"] = stepKindName(step.kind);
    line["layer"] = layerName(step.layer);
    line["element"] = step.element;
    if (step.attempt != 0) {
        line["attempt"] = step.attempt;
    }
    if (!step.outcome.empty()) {
        line["outcome"] = step.outcome;
    }
    if (!step.detail.empty()) {
        line["detail"] = step.detail;
    }
    return line.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void Simulation::Impl::addStep(const Record &r, StepKind kind, std::string element, int attempt,
                               std::string outcome, std::string detail) {
    steps.push_back(LineageStep{kernel.now(), r.eventSeq, r.parentSeq, r.depth, kind, r.layer,
                                std::move(element), attempt, std::move(outcome),
                                std::move(detail)});
    if (steps.size() >= kLineageFlushSize) {
        flushSteps();
    }
}

void Simulation::Impl::addStep(std::uint64_t event, std::uint64_t parent, int depth, StepKind kind,
                               std::string element, int attempt, std::string outcome,
                               std::string detail) {
    steps.push_back(LineageStep{kernel.now(), event, parent, depth, kind, Layer::EventBridge,
                                std::move(element), attempt, std::move(outcome),
                                std::move(detail)});
    if (steps.size() >= kLineageFlushSize) {
        flushSteps();
    }
}

void Simulation::Impl::flushSteps() {
    if (steps.empty()) {
        return;
    }
    for (const LineageStep &step : steps) {
        const std::string line = traceLine(step);
        fnvAppend(traceHash, line);
        fnvAppend(traceHash, "\n");
        if (traceOut != nullptr) {
            *traceOut << line << '\n';
        }
    }
    for (SimulationObserver *observer : observers) {
        observer->onLineage(steps);
    }
    steps.clear();
}

const std::string &Simulation::Impl::stepElement(const Record &r) const {
    return r.target != kNone ? targets[r.target].key : nodes[r.node].id;
}

} // namespace sg::sim
