// Retries: EventBridge's retry policy. A retriable failure is tried again after an exponential
// backoff with jitter while MaximumRetryAttempts and MaximumEventAgeInSeconds allow; then, or
// for an error that is not retried, the event goes to the target's dead-letter queue with the
// attributes EventBridge sets, or is dropped when there is none.

#include "engine.h"

#include <algorithm>

namespace sg::sim {

std::string Simulation::Impl::errorMessage(const Record &r) const {
    std::string message(errorInfo(r.error).message);
    if (r.failedDependency != kNone) {
        message.append(" (dependency '").append(nodes[r.failedDependency].id).append("' failed)");
    }
    return message;
}

// A failed attempt: retried when the error is retriable and the policy allows, otherwise to
// the dead-letter queue (or dropped). Releases the record unless it is retried.
void Simulation::Impl::finishFailure(std::uint32_t index) {
    Record &r = records[index];
    const ErrorInfo info = errorInfo(r.error);
    if (r.target == kNone) {
        // A state machine execution failed: the workflow's own outcome (its Retry and Catch),
        // which EventBridge, done at StartExecution, does not retry.
        ++layers.stepFunctions.failed;
        if (tracing) {
            addStep(r, StepKind::Failed, stepElement(r), r.attempt, std::string(info.code),
                    errorMessage(r));
        }
        settle(r, &TargetOutcomes::executionFailed);
        release(index);
        return;
    }
    TargetRt &t = targets[r.target];
    ++t.counters.failed;
    ++layers.eventBridge.failed;
    if (tracing) {
        addStep(r, StepKind::Failed, t.key, r.attempt, std::string(info.code), errorMessage(r));
    }
    const int retriesDone = r.attempt - 1;
    std::string_view exhausted;
    if (info.retriable) {
        if (retriesDone >= t.retry.maximumRetryAttempts) {
            exhausted = "MaximumRetryAttempts";
        } else {
            const SimTime retryAt = kernel.now() + backoff(t, retriesDone + 1);
            if (retryAt - r.putTime > SimTime::seconds(t.retry.maximumEventAgeSeconds)) {
                exhausted = "MaximumEventAgeInSeconds";
            } else {
                if (tracing) {
                    addStep(r, StepKind::RetryScheduled, t.key, r.attempt, {},
                            formatDuration(retryAt));
                }
                scheduleStage(retryAt, index, Stage::Begin);
                return;
            }
        }
    }
    deadLetter(index, info, exhausted, retriesDone);
}

SimTime Simulation::Impl::backoff(TargetRt &t, int retry) {
    const BackoffSettings &b = options.backoff;
    SimTime delay = b.cap;
    if (retry - 1 < 62) {
        const SimTime::Rep factor = SimTime::Rep{1} << (retry - 1);
        if (b.base.micros() <= b.cap.micros() / factor) {
            delay = b.base * factor;
        }
    }
    const double jitter = std::clamp(b.jitter, 0.0, 1.0);
    if (jitter <= 0) {
        return delay;
    }
    const double micros = static_cast<double>(delay.micros());
    const double drawn = micros * (1.0 - jitter) + t.stream.uniform(0.0, micros * jitter);
    return SimTime::microseconds(static_cast<SimTime::Rep>(drawn));
}

void Simulation::Impl::deadLetter(std::uint32_t index, const ErrorInfo &info,
                                  std::string_view exhausted, int retriesDone) {
    Record &r = records[index];
    TargetRt &t = targets[r.target];
    Node &n = nodes[r.node];
    if (t.dlq == kNone) {
        ++t.counters.dropped;
        ++n.counters.dropped;
        ++totalDropped;
        ++layers.eventBridge.dropped;
        settle(r, &TargetOutcomes::dropped);
        if (tracing) {
            addStep(r, StepKind::Dropped, t.key, r.attempt, std::string(info.code),
                    std::string(exhausted));
        }
        release(index);
        return;
    }
    ++t.counters.sentToDlq;
    ++n.counters.sentToDlq;
    ++layers.eventBridge.sentToDlq;
    settle(r, &TargetOutcomes::eventBridgeDlq);
    const std::uint32_t dlq = t.dlq;
    ++nodes[dlq].counters.received;
    keepDeadLetter(dlq, DlqMessage{kernel.now(), DeadLetterSource::EventBridge, rules[t.rule].arn,
                                   n.arn, std::string(info.code), errorMessage(r),
                                   std::string(exhausted), retriesDone, r.event});
    if (tracing) {
        addStep(r, StepKind::DeadLettered, nodes[dlq].id, r.attempt, std::string(info.code),
                std::string(exhausted));
    }
    sqsSend(index, dlq);
}

// Counts a message that reached a dead-letter queue (or on-failure destination queue), and keeps
// the first few.
void Simulation::Impl::keepDeadLetter(std::uint32_t queue, DlqMessage message) {
    DlqSummary &summary = nodes[queue].dlq;
    ++summary.total;
    if (!message.errorCode.empty()) {
        ++summary.byErrorCode[message.errorCode];
    }
    ++summary.bySource[std::string(deadLetterSourceName(message.source))];
    if (summary.kept.size() < options.dlqMessagesKept) {
        summary.kept.push_back(std::move(message));
    }
}

} // namespace sg::sim
