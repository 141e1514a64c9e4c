// Delivery: the stages of one delivery of one event to one target.
//
//   startDelivery ── transformed input ──> beginAttempt (attempt n)
//        │
//        ├─ account invocation quota ──(wait: Stage::AfterQuota)──┐
//        v                                                        v
//   afterQuota ─┬─ invalid input ─────────────────────────> finishFailure (retries.cpp)
//               ├─ queue ─> deliverToQueue (SendMessage) ─> succeed ─> the queue's reader
//               ├─ bus ──> deliverToBus (PutEvents on it) ─> succeed ─> routing
//               └─ function, state machine, API destination
//                      │ rate limit (wait: Stage::AfterRate), concurrency (waiting list)
//                      v
//                   invoke ──(latency: Stage::Complete)──> complete ─┬─ succeed, follow-ups
//                                                                    └─ finishFailure
//
// Every wait counts against the retry policy's MaximumEventAgeInSeconds (throttling.cpp).

#include "engine.h"

#include <utility>

namespace sg::sim {

void Simulation::Impl::scheduleStage(SimTime at, std::uint32_t record, Stage stage) {
    kernel.schedule(at, [this, record, stage](Kernel &) { resume(record, stage); });
}

void Simulation::Impl::resume(std::uint32_t record, Stage stage) {
    switch (stage) {
    case Stage::Begin:
        beginAttempt(record);
        break;
    case Stage::AfterQuota:
        afterQuota(record);
        break;
    case Stage::AfterRate:
        toConcurrency(record);
        break;
    case Stage::Complete:
        complete(record);
        break;
    case Stage::LambdaRun:
        lambdaRun(record);
        break;
    case Stage::LambdaDone:
        lambdaDone(record);
        break;
    }
}

void Simulation::Impl::beginAttempt(std::uint32_t index) {
    Record &r = records[index];
    ++r.attempt;
    r.throttledThisAttempt = false;
    r.failedDependency = kNone;
    if (r.target != kNone && accountQuota.on) {
        if (agesOutWaiting(index, accountQuota.earliest(kernel.now()),
                           "account invocation quota")) {
            return;
        }
        const SimTime start = accountQuota.admit(kernel.now());
        if (start > kernel.now()) {
            noteThrottled(index, "account invocation quota");
            scheduleStage(start, index, Stage::AfterQuota);
            return;
        }
    }
    afterQuota(index);
}

void Simulation::Impl::afterQuota(std::uint32_t index) {
    Record &r = records[index];
    Node &n = nodes[r.node];
    if (r.invalidInput) {
        countInvocation(r, false);
        r.failed = true;
        r.error = ErrorKind::InvalidInput;
        finishFailure(index);
        return;
    }
    switch (n.type) {
    case NodeType::Queue:
        deliverToQueue(index);
        return;
    case NodeType::Bus:
        deliverToBus(index);
        return;
    case NodeType::ApiDestination:
        if (n.rateLimit.on) {
            if (agesOutWaiting(index, n.rateLimit.earliest(kernel.now()),
                               "InvocationRateLimitPerSecond")) {
                return;
            }
            const SimTime start = n.rateLimit.admit(kernel.now());
            if (start > kernel.now()) {
                noteThrottled(index, "InvocationRateLimitPerSecond");
                scheduleStage(start, index, Stage::AfterRate);
                return;
            }
        }
        break;
    case NodeType::Consumer:
        callConsumer(index);
        return;
    case NodeType::ExternalSystem:
        break;
    }
    toConcurrency(index);
}

void Simulation::Impl::toConcurrency(std::uint32_t index) {
    Node &n = nodes[records[index].node];
    if (n.concurrency > 0 && n.inFlight >= n.concurrency) {
        noteThrottled(index, "concurrency");
        Record &r = records[index];
        r.waitToken = nextWaitToken++;
        n.waiting.emplace_back(index, r.waitToken);
        if (r.target != kNone) {
            // Runs only if no slot came free before the event's age ran out.
            r.ageOut = kernel.schedule(r.putTime + maxEventAge(r), kAgeOutPriority,
                                       [this, index, token = r.waitToken](Kernel &) {
                                           if (records[index].waitToken == token) {
                                               ageOut(index);
                                           }
                                       });
        }
        return;
    }
    invoke(index);
}

// SendMessage: EventBridge's delivery ends here, and the message is the queue's (sqslayer.cpp).
void Simulation::Impl::deliverToQueue(std::uint32_t index) {
    Record &r = records[index];
    countInvocation(r);
    ++nodes[r.node].counters.received;
    succeed(index);
    sqsSend(index, records[index].node);
}

void Simulation::Impl::deliverToBus(std::uint32_t index) {
    Record &r = records[index];
    countInvocation(r);
    const Node &n = nodes[r.node];
    if (r.hops >= 1) {
        const BusRt &from = buses[rules[targets[r.target].rule].bus];
        const BusRt &to = buses[n.bus];
        r.failed = true;
        r.error = from.region != to.region ? ErrorKind::ThirdRegionHop : ErrorKind::ThirdAccountHop;
        finishFailure(index);
        return;
    }
    succeed(index);
    settle(records[index], &TargetOutcomes::processed);
    const Record copy = records[index];
    release(index);
    putOnBus(n.bus, copy.event, copy.eventSeq, copy.parentSeq, copy.depth, copy.hops + 1);
}

void Simulation::Impl::complete(std::uint32_t index) {
    const std::uint32_t nodeIdx = records[index].node;
    Node &n = nodes[nodeIdx];
    --n.inFlight;
    if (records[index].failed) {
        ++n.counters.failed;
        finishFailure(index);
    } else {
        ++n.counters.succeeded;
        if (records[index].layer == Layer::StepFunctions) {
            ++layers.stepFunctions.succeeded;
            n.runLatency.record(kernel.now() - records[index].putTime);
        }
        succeed(index);
        settle(records[index], &TargetOutcomes::processed);
        if (!n.followUps.empty()) {
            emitFollowUps(nodeIdx, records[index]);
        }
        release(index);
    }
    // A slot is free: the longest waiting record goes next, at this same time.
    Node &after = nodes[nodeIdx];
    while (!after.waiting.empty() &&
           (after.concurrency <= 0 || after.inFlight < after.concurrency)) {
        const auto [next, token] = after.waiting.front();
        after.waiting.pop_front();
        Record &waiter = records[next];
        if (waiter.waitToken != token) {
            continue; // aged out while it waited
        }
        waiter.waitToken = 0;
        if (waiter.ageOut.isValid()) {
            kernel.cancel(waiter.ageOut);
            waiter.ageOut = EventId();
        }
        invoke(next);
        break;
    }
}

void Simulation::Impl::succeed(std::uint32_t index) {
    const Record &r = records[index];
    if (r.target != kNone) {
        TargetRt &t = targets[r.target];
        ++t.counters.succeeded;
        ++layers.eventBridge.succeeded;
        t.latency.record(kernel.now() - r.putTime);
    }
    if (tracing) {
        addStep(r, StepKind::Succeeded, stepElement(r), r.attempt, {},
                formatDuration(kernel.now() - r.putTime));
    }
}

} // namespace sg::sim
