// Records: the pool of deliveries in flight, and the run's budget (events put, deliveries held at
// once). Past either the run stops for good with limitError(), rather than growing until the
// machine runs out of memory.

#include "engine.h"

namespace sg::sim {

// Stops the run for good: a limit was exceeded, and going on would only grow.
void Simulation::Impl::failLimit(std::string message) {
    if (!limitError) {
        limitError = Error{.message = std::move(message)};
    }
    kernel.stop();
}

// Counts one more event against the run's budget; false (and the run stops) past it.
bool Simulation::Impl::chargeEvent() {
    if (limitError) {
        return false;
    }
    if (eventsPut >= options.maxEvents) {
        failLimit("the run stopped at " + formatDuration(kernel.now()) + " after " +
                  std::to_string(options.maxEvents) +
                  " events, the most one run may put (follow-ups included); shorten the "
                  "run or lower the rates");
        return false;
    }
    ++eventsPut;
    return true;
}

std::uint32_t Simulation::Impl::allocRecord() {
    if (++liveRecords > options.maxInFlight) {
        failLimit("the run stopped at " + formatDuration(kernel.now()) + " with more than " +
                  std::to_string(options.maxInFlight) +
                  " deliveries in flight at once, the most one run may hold; lower the rates "
                  "or the latencies");
    }
    if (freeList != kNone) {
        const std::uint32_t index = freeList;
        freeList = records[index].nextFree;
        const std::uint32_t generation = records[index].generation + 1;
        records[index] = Record{};
        records[index].generation = generation;
        records[index].live = true;
        return index;
    }
    records.emplace_back();
    records.back().live = true;
    return static_cast<std::uint32_t>(records.size() - 1);
}

void Simulation::Impl::release(std::uint32_t index) {
    --liveRecords;
    Record &r = records[index];
    r.event.reset();
    r.live = false;
    r.nextFree = freeList;
    freeList = index;
}

// Counts where `r` ended for the target that delivered it, once.
void Simulation::Impl::settle(Record &r, std::uint64_t TargetOutcomes::*outcome) {
    if (r.origin != kNone) {
        ++(targets[r.origin].outcomes.*outcome);
        r.origin = kNone;
    }
}

// A target's outcomes, with what is still on its way counted from the live records.
TargetOutcomes Simulation::Impl::outcomesOf(std::uint32_t target) const {
    TargetOutcomes out = targets[target].outcomes;
    for (const Record &r : records) {
        if (r.live && r.origin == target) {
            ++out.inFlight;
        }
    }
    return out;
}

TargetOutcomes &TargetOutcomes::operator+=(const TargetOutcomes &other) {
    delivered += other.delivered;
    processed += other.processed;
    inFlight += other.inFlight;
    eventBridgeDlq += other.eventBridgeDlq;
    dropped += other.dropped;
    lambdaOnFailure += other.lambdaOnFailure;
    lambdaDlq += other.lambdaDlq;
    lambdaDiscarded += other.lambdaDiscarded;
    sqsRedriveDlq += other.sqsRedriveDlq;
    sqsExpired += other.sqsExpired;
    unread += other.unread;
    executionFailed += other.executionFailed;
    return *this;
}

// Every target's outcomes, in one pass over the records.
std::vector<TargetOutcomes> Simulation::Impl::allOutcomes() const {
    std::vector<TargetOutcomes> out;
    out.reserve(targets.size());
    for (const TargetRt &t : targets) {
        out.push_back(t.outcomes);
    }
    for (const Record &r : records) {
        if (r.live && r.origin != kNone) {
            ++out[r.origin].inFlight;
        }
    }
    return out;
}

} // namespace sg::sim
