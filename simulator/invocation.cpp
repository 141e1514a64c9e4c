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
        if (r.attempt > 1) {
            ++t.counters.retried;
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
    result.latency = drawLatency(n.latency, n.stream);
    if (!n.failures.empty()) {
        const double u = n.stream.uniform01();
        double cumulative = 0;
        for (const model::FailureMode &mode : n.failures) {
            cumulative += mode.rate;
            if (u < cumulative) {
                result.failed = true;
                result.error = toErrorKind(mode.kind);
                break;
            }
        }
    }
    for (const FaultWindow &fault : n.faults) {
        if (!fault.covers(now)) {
            continue;
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
    const CallResult result = call(r.node, kernel.now(), 0);
    Record &rr = records[index];
    rr.failed = result.failed;
    rr.error = result.error;
    rr.failedDependency = result.failedDependency;
    scheduleStage(kernel.now() + result.latency, index, Stage::Complete);
}

} // namespace sg::sim
