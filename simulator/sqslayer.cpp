// SQS, behind every queue target and dead-letter queue. EventBridge's delivery ends with
// SendMessage (delivery.cpp); the message is then the queue's (sqsqueue.h has the rules and
// the developer guide's sentences):
//
//   SendMessage ──> visible ──> received by the reader (a batch) ─┬─ succeeded: deleted, processed
//                     ^                                           └─ failed: stays hidden
//                     └──────────── visibility timeout ends ─────────────────┘
//   received maxReceiveCount times ──> the redrive policy's dead-letter queue
//   older than the retention period ──> deleted
//
// The reader is Lambda's SQS event source: it polls as soon as messages are visible, takes up
// to readerBatchSize of them and runs the reading function once on the whole batch (a failure
// fails every message of it, as without partial batch responses), with at most
// readerMaximumConcurrency batches at once and within the function's reserved concurrency.
// A queue that nothing in the model reads keeps its messages: they count as unread.
// A FIFO queue's messages are all of one message group (the model has no MessageGroupId), so a
// failing message holds up the queue.

#include "engine.h"

#include <utility>

namespace sg::sim {

namespace {

std::uint64_t messageId(std::uint32_t index, std::uint32_t generation) {
    return (static_cast<std::uint64_t>(generation) << 32) | index;
}

} // namespace

// The live record a message id names, or kNone when that record has been released since.
std::uint32_t Simulation::Impl::messageRecord(std::uint64_t id) const {
    const auto index = static_cast<std::uint32_t>(id & 0xFFFF'FFFFu);
    const auto generation = static_cast<std::uint32_t>(id >> 32);
    if (index >= records.size() || !records[index].live ||
        records[index].generation != generation) {
        return kNone;
    }
    return index;
}

// SendMessage: the record becomes a message of `queue`. A redriven message keeps the time it
// was first sent, which retention counts from.
void Simulation::Impl::sqsSend(std::uint32_t index, std::uint32_t queue) {
    Record &r = records[index];
    if (r.layer != Layer::Sqs) {
        r.sentAt = kernel.now();
    }
    r.layer = Layer::Sqs;
    r.target = kNone;
    r.node = queue;
    r.attempt = 0;
    r.failed = false;
    ++layers.sqs.sent;
    Node &q = nodes[queue];
    if (!q.sqs) {
        settle(r, &TargetOutcomes::unread);
        release(index);
        return;
    }
    if (tracing) {
        addStep(r, StepKind::Enqueued, q.id);
    }
    q.sqs->send(messageId(index, r.generation), kernel.now(), r.sentAt);
    sqsSchedulePump(queue, kernel.now());
}

// Polls `queue` at `at`, unless a poll is due by then already. A poll at the current time runs
// after everything else due now, so messages sent at one instant share a batch.
void Simulation::Impl::sqsSchedulePump(std::uint32_t queue, SimTime at) {
    Node &q = nodes[queue];
    if (q.pumpEvent.isValid()) {
        if (q.pumpAt <= at) {
            return;
        }
        kernel.cancel(q.pumpEvent); // a later poll, superseded by this one
    }
    q.pumpAt = at;
    q.pumpEvent = kernel.schedule(at, [this, queue](Kernel &) {
        nodes[queue].pumpEvent = EventId();
        sqsPump(queue);
    });
}

// The reader polls: batch after batch while it has concurrency to spare and messages are
// visible; then it polls again when the next hidden message shows.
void Simulation::Impl::sqsPump(std::uint32_t queue) {
    for (;;) {
        Node &q = nodes[queue];
        const Node &reader = nodes[q.readBy];
        if ((q.maxBatches > 0 && q.activeBatches >= q.maxBatches) ||
            (reader.concurrency > 0 && reader.inFlight >= reader.concurrency)) {
            return; // polled again when a batch or a run of the reader ends
        }
        if (q.sqs->size() <= q.inBatches) {
            break; // every message is in a running batch
        }
        SqsReceive &got = sqsScratch;
        q.sqs->receiveInto(kernel.now(), static_cast<std::size_t>(std::max(1, q.batchSize)), got);
        for (const std::uint64_t id : got.expired) {
            const std::uint32_t index = messageRecord(id);
            if (index == kNone) {
                continue;
            }
            ++layers.sqs.expired;
            Record &r = records[index];
            if (tracing) {
                addStep(r, StepKind::Expired, nodes[queue].id);
            }
            settle(r, &TargetOutcomes::sqsExpired);
            release(index);
        }
        for (const std::uint64_t id : got.redriven) {
            if (const std::uint32_t index = messageRecord(id); index != kNone) {
                sqsRedrive(index, queue);
            }
        }
        if (got.received.empty()) {
            break;
        }
        std::uint32_t batch = freeBatch;
        if (batch != kNone) {
            freeBatch = batches[batch].nextFree;
        } else {
            batch = static_cast<std::uint32_t>(batches.size());
            batches.emplace_back();
        }
        SqsBatch &b = batches[batch];
        b.queue = queue;
        b.messages.swap(got.received); // the batch keeps the ids, the scratch its old storage
        b.nextFree = kNone;
        Node &polled = nodes[queue];
        const std::uint32_t readerIdx = polled.readBy;
        ++polled.activeBatches;
        polled.inBatches += b.messages.size();
        Node &runner = nodes[readerIdx];
        ++runner.inFlight;
        ++runner.counters.invoked;
        bool again = false;
        for (const std::uint64_t id : b.messages) {
            const std::uint32_t index = messageRecord(id);
            if (index == kNone) {
                continue;
            }
            ++layers.sqs.received;
            Record &r = records[index];
            r.attempt = polled.sqs->receiveCount(id);
            again = again || r.attempt > 1;
            if (tracing) {
                addStep(r, StepKind::Received, polled.id, r.attempt);
            }
        }
        if (again) {
            ++runner.counters.retried;
        }
        // The event source invokes the reader synchronously: the call and the run are one.
        CallResult result = call(readerIdx, kernel.now(), 0);
        if (const std::optional<ErrorKind> refused = callFailure(readerIdx, kernel.now())) {
            result.failed = true;
            result.error = *refused;
            result.failedDependency = kNone;
            result.latency = SimTime::zero();
        }
        kernel.schedule(kernel.now() + result.latency, [this, batch, result](Kernel &) {
            sqsBatchDone(batch, result.failed, result.error, result.failedDependency);
        });
    }
    // Messages beyond those in running batches wait: for a free reader (polled again when a
    // batch ends) or for their visibility timeout to end.
    Node &q = nodes[queue];
    if (q.sqs->size() > q.inBatches) {
        if (const std::optional<SimTime> next = q.sqs->nextVisibleAfter(kernel.now())) {
            sqsSchedulePump(queue, *next);
        }
    }
}

// The reader's run on a batch ended: on success it deletes every message; on failure they stay
// hidden until their visibility timeout ends.
void Simulation::Impl::sqsBatchDone(std::uint32_t batch, bool failed, ErrorKind error,
                                    std::uint32_t failedDependency) {
    // Nothing below polls synchronously, so the batch's slot stays as it is until the end.
    const std::uint32_t queue = batches[batch].queue;
    const std::vector<std::uint64_t> &messages = batches[batch].messages;
    const std::uint32_t readerIdx = nodes[queue].readBy;
    --nodes[queue].activeBatches;
    nodes[queue].inBatches -= messages.size();
    --nodes[readerIdx].inFlight;
    if (failed) {
        ++nodes[readerIdx].counters.failed;
    } else {
        ++nodes[readerIdx].counters.succeeded;
    }
    for (const std::uint64_t id : messages) {
        const std::uint32_t index = messageRecord(id);
        if (index == kNone || records[index].node != queue) {
            continue; // deleted by another batch, or redriven meanwhile
        }
        if (failed) {
            Record &r = records[index];
            r.error = error;
            r.failedDependency = failedDependency;
            if (tracing) {
                addStep(r, StepKind::Failed, nodes[readerIdx].id, r.attempt,
                        std::string(errorInfo(error).code), errorMessage(r));
            }
            continue;
        }
        if (!nodes[queue].sqs->remove(id)) {
            continue;
        }
        ++layers.sqs.deleted;
        Record &r = records[index];
        nodes[readerIdx].runLatency.record(kernel.now() - r.putTime);
        if (tracing) {
            addStep(r, StepKind::Succeeded, nodes[readerIdx].id, r.attempt, {},
                    formatDuration(kernel.now() - r.sentAt));
        }
        settle(r, &TargetOutcomes::processed);
        if (!nodes[readerIdx].followUps.empty()) {
            emitFollowUps(readerIdx, records[index]);
        }
        release(index);
    }
    batches[batch].messages.clear(); // keeps its storage for the next batch
    batches[batch].nextFree = freeBatch;
    freeBatch = batch;
    sqsPump(queue);
    wakeReaders(readerIdx);
}

// The redrive policy moves a message received maxReceiveCount times to the dead-letter queue.
void Simulation::Impl::sqsRedrive(std::uint32_t index, std::uint32_t from) {
    const std::uint32_t dlq = nodes[from].redriveTo;
    Record &r = records[index];
    ++layers.sqs.redriven;
    settle(r, &TargetOutcomes::sqsRedriveDlq);
    ++nodes[dlq].counters.received;
    keepDeadLetter(dlq, DlqMessage{kernel.now(),
                                   DeadLetterSource::SqsRedrive,
                                   {},
                                   nodes[from].arn,
                                   {},
                                   {},
                                   "maxReceiveCount",
                                   r.attempt,
                                   r.event});
    if (tracing) {
        addStep(r, StepKind::Redriven, nodes[dlq].id, r.attempt, {}, nodes[from].id);
    }
    sqsSend(index, dlq);
}

// A run of `consumer` ended: queues it reads that waited for its concurrency poll again.
void Simulation::Impl::wakeReaders(std::uint32_t consumer) {
    const Node &n = nodes[consumer];
    if (n.concurrency <= 0) {
        return; // its polls never wait for it
    }
    for (const std::uint32_t queue : n.readsQueues) {
        if (nodes[queue].sqs && nodes[queue].sqs->size() > 0) {
            sqsSchedulePump(queue, kernel.now());
        }
    }
}

} // namespace sg::sim
