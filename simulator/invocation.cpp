// Invocation: calling a node. One call draws the node's latency and failure, applies the fault
// windows open at that time and calls the node's dependencies in order; the first dependency to
// fail fails the caller.

#include "engine.h"

namespace sg::sim {

// `reachedNode` false: the attempt failed before the destination saw it.
void Simulation::Impl::countInvocation(const Record &r, bool reachedNode) {
    Node &n = nodes[r.node];
    if (r.target != kNone) {
        TargetRt &t = targets[r.target];
        ++t.counters.invoked;
        ++layers.eventBridge.attempts;
        if (r.attempt > 1) {
            ++t.counters.retried;
            ++layers.eventBridge.retried;
        }
    }
    if (reachedNode && n.type != NodeType::Queue && n.type != NodeType::Bus) {
        ++n.counters.invoked;
        if (r.attempt > 1) {
            ++n.counters.retried;
        }
    }
    if (tracing) {
        addStep(r, StepKind::Attempt, stepElement(r), r.attempt);
    }
}

// The node's own latency and failure draws at `now`, fault windows and dependencies
// included. Always draws the latency, then one uniform for the failure modes (when it has
// any), so that the number of draws does not depend on the outcome.
Simulation::Impl::CallResult Simulation::Impl::call(std::uint32_t nodeIdx, SimTime now,
                                                    int depthGuard) {
    Node &n = nodes[nodeIdx];
    CallResult result;
    if (depthGuard > 0 && n.type == NodeType::Consumer) {
        // Called as a dependency: the call and the run are one synchronous invocation.
        if (const std::optional<ErrorKind> refused = callFailure(nodeIdx, now)) {
            result.failed = true;
            result.error = *refused;
        }
    }
    result.latency = drawLatency(n.latency, n.stream);
    if (!n.failures.empty()) {
        const double u = n.stream.uniform01();
        double cumulative = 0;
        for (const model::FailureMode &mode : n.failures) {
            cumulative += mode.rate;
            if (u < cumulative) {
                if (!result.failed) {
                    result.failed = true;
                    result.error = toErrorKind(mode.kind);
                }
                break;
            }
        }
    }
    for (const FaultWindow &fault : n.faults) {
        if (!fault.covers(now)) {
            continue;
        }
        if (n.type == NodeType::Consumer && fault.mode != FaultMode::Slow &&
            failsTheCall(n.consumerKind, fault.failure)) {
            continue; // callFailure() applies it, to the call
        }
        switch (fault.mode) {
        case FaultMode::Down:
            if (!result.failed) {
                result.failed = true;
                result.error = toErrorKind(fault.failure);
            }
            break;
        case FaultMode::Slow:
            result.latency += fault.extraLatency;
            break;
        case FaultMode::Failing:
            if (n.stream.bernoulli(fault.rate) && !result.failed) {
                result.failed = true;
                result.error = toErrorKind(fault.failure);
            }
            break;
        }
    }
    if (!result.failed && depthGuard < kMaxDependencyDepth) {
        for (const std::uint32_t dep : n.dependsOn) {
            Node &d = nodes[dep];
            ++d.counters.invoked;
            const CallResult inner = call(dep, now, depthGuard + 1);
            result.latency += inner.latency;
            if (inner.failed) {
                ++d.counters.failed;
                result.failed = true;
                // A dependency that timed out makes the caller time out; anything else the
                // caller reports as its own server error.
                result.error =
                    inner.error == ErrorKind::Timeout ? ErrorKind::Timeout : ErrorKind::ServerError;
                result.failedDependency = dep;
                break;
            }
            ++d.counters.succeeded;
        }
    }
    if (n.type == NodeType::ApiDestination && result.latency > options.apiDestinationTimeout) {
        result.failed = true;
        result.error = ErrorKind::Timeout;
        result.latency = options.apiDestinationTimeout;
    } else if (n.timeout > SimTime::zero() && result.latency > n.timeout) {
        // A function that runs past its timeout is stopped there: a function error.
        result.failed = true;
        result.error = ErrorKind::Timeout;
        result.failedDependency = kNone;
        result.latency = n.timeout;
    } else if (result.failed && result.failedDependency == kNone &&
               errorInfo(result.error).immediate) {
        result.latency = SimTime::zero();
    }
    return result;
}

void Simulation::Impl::invoke(std::uint32_t index) {
    Record &r = records[index];
    countInvocation(r);
    Node &n = nodes[r.node];
    ++n.inFlight;
    runCall(index, Stage::Complete);
}

void Simulation::Impl::runCall(std::uint32_t index, Stage done) {
    const CallResult result = call(records[index].node, kernel.now(), 0);
    Record &r = records[index]; // call() may have grown the record pool
    r.failed = result.failed;
    r.error = result.error;
    r.failedDependency = result.failedDependency;
    scheduleStage(kernel.now() + result.latency, index, done);
}

bool engine::failsTheCall(ConsumerKind kind, model::FailureKind failure) {
    switch (failure) {
    case model::FailureKind::TargetDeleted:
    case model::FailureKind::PermissionDenied:
    case model::FailureKind::ConnectionFailure:
        return true;
    case model::FailureKind::Throttled:
        // StartExecution throttled is EventBridge's to retry; a throttled function run is
        // Lambda's (lambdaasync.h).
        return kind == ConsumerKind::StateMachine;
    case model::FailureKind::ServerError:
    case model::FailureKind::Timeout:
    case model::FailureKind::ClientError:
        return false;
    }
    return false;
}

// Whether EventBridge's call to a consumer (Lambda's Invoke, StartExecution) fails at `now`, and
// why: the consumer's call failure modes (one draw from its own stream, when it has any), then
// the fault windows of those kinds. The call fails at once, without the run's latency.
std::optional<ErrorKind> Simulation::Impl::callFailure(std::uint32_t nodeIdx, SimTime now) {
    Node &n = nodes[nodeIdx];
    std::optional<ErrorKind> failure;
    if (!n.callFailures.empty()) {
        const double u = n.callStream->uniform01();
        double cumulative = 0;
        for (const model::FailureMode &mode : n.callFailures) {
            cumulative += mode.rate;
            if (u < cumulative) {
                failure = toErrorKind(mode.kind);
                break;
            }
        }
    }
    for (const FaultWindow &fault : n.faults) {
        if (fault.mode == FaultMode::Slow || !fault.covers(now) ||
            !failsTheCall(n.consumerKind, fault.failure)) {
            continue;
        }
        const bool fails = fault.mode == FaultMode::Down || n.callStream->bernoulli(fault.rate);
        if (fails && !failure) {
            failure = toErrorKind(fault.failure);
        }
    }
    return failure;
}

// EventBridge's call to a function (Lambda's Invoke, asynchronous) or a state machine
// (StartExecution) is all EventBridge waits for: accepted, its delivery has succeeded and the
// layer behind takes the event over; refused, EventBridge's retry policy applies.
void Simulation::Impl::callConsumer(std::uint32_t index) {
    Record &r = records[index];
    countInvocation(r, false);
    const std::uint32_t nodeIdx = r.node;
    if (const std::optional<ErrorKind> refused = callFailure(nodeIdx, kernel.now())) {
        r.failed = true;
        r.error = *refused;
        finishFailure(index);
        return;
    }
    succeed(index);
    if (nodes[nodeIdx].consumerKind == ConsumerKind::Function) {
        lambdaAccept(index, nodeIdx);
    } else {
        startExecution(index);
    }
}

} // namespace sg::sim
