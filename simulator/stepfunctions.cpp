// Step Functions, behind every state machine target. EventBridge's delivery ends when
// StartExecution is accepted (invocation.cpp); only a refused StartExecution (throttled, no
// permission, no such state machine) is EventBridge's to retry. The execution then runs on the
// state machine's terms: its latency and failures (the workflow's own Retry and Catch, which
// the model folds into them), and its concurrency, for which executions wait, never dropped.
// A failed execution is the workflow's outcome: EventBridge does not retry it.

#include "engine.h"

namespace sg::sim {

void Simulation::Impl::startExecution(std::uint32_t index) {
    Record &r = records[index];
    r.deliveredBy = r.target;
    r.layer = Layer::StepFunctions;
    r.target = kNone;
    r.attempt = 1;
    r.failed = false;
    r.throttledThisAttempt = false;
    ++layers.stepFunctions.started;
    toConcurrency(index);
}

} // namespace sg::sim
