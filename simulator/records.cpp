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
        records[index] = Record{};
        return index;
    }
    records.emplace_back();
    return static_cast<std::uint32_t>(records.size() - 1);
}

void Simulation::Impl::release(std::uint32_t index) {
    --liveRecords;
    Record &r = records[index];
    r.event.reset();
    r.nextFree = freeList;
    freeList = index;
}

} // namespace sg::sim
