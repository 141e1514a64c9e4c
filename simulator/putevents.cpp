// PutEvents: producers' arrivals become calls of 1 to 10 entries, each entry checked as AWS
// checks it (size, required fields); accepted entries go on their bus, refused ones are counted
// and traced with AWS's error code.

#include "engine.h"

#include <algorithm>
#include <utility>

namespace sg::sim {

void Simulation::Impl::scheduleNextArrival(std::uint32_t emission) {
    EmissionRt &e = emissions[emission];
    const std::optional<Arrival> next = e.arrivals.next();
    if (!next) {
        return;
    }
    e.pendingCount = next->count;
    kernel.schedule(next->at, [this, emission](Kernel &) { onArrival(emission); });
}

void Simulation::Impl::onArrival(std::uint32_t emission) {
    EmissionRt &e = emissions[emission];
    std::vector<GeneratedEvent> &batch = arrivalBatch; // reused: no allocation per arrival
    std::size_t remaining = static_cast<std::size_t>(std::max(0, e.pendingCount));
    while (remaining > 0 && !limitError) {
        const std::size_t size = std::min(remaining, kMaxPutEventsEntries);
        remaining -= size;
        batch.clear();
        for (std::size_t i = 0; i < size; ++i) {
            batch.push_back(e.generator.next(kernel.now(), e.stream));
        }
        // A call of 1 to 10 entries, which PutEvents never refuses as a whole.
        for (std::size_t i = 0; i < batch.size() && !limitError; ++i) {
            GeneratedEvent &generated = batch[i];
            const PutEntryResult result =
                checkPutEntry(*generated.event, options.putEvents, generated.entrySize);
            if (result.ok) {
                acceptEntry(std::move(generated.event), e.bus, e.producer);
            } else {
                rejectEntry(e.producer, putterOf(e.producer, e.bus), result.errorCode,
                            result.errorMessage);
            }
        }
        batch.clear(); // lets the generator have the documents of refused entries back
    }
    scheduleNextArrival(emission);
}

// One PutEvents call; `producer` (kNone for put()) is charged with its results.
void Simulation::Impl::putBatch(std::vector<Json> &batch, std::uint32_t bus,
                                std::uint32_t producer) {
    const Result<std::vector<PutEntryResult>> results =
        checkPutEvents(std::span<const Json>(batch), options.putEvents);
    const std::string &who = putterOf(producer, bus);
    for (std::size_t i = 0; i < batch.size() && !limitError; ++i) {
        if (!results.ok()) {
            rejectEntry(producer, who, "ValidationError", results.error().message);
        } else if (const PutEntryResult &result = results.value()[i]; !result.ok) {
            rejectEntry(producer, who, result.errorCode, result.errorMessage);
        } else {
            acceptEntry(std::make_shared<const Json>(std::move(batch[i])), bus, producer);
        }
    }
}

// Who a refused entry's lineage step names: its producer, or the bus for put().
const std::string &Simulation::Impl::putterOf(std::uint32_t producer, std::uint32_t bus) const {
    return producer != kNone ? producerIds[producer] : buses[bus].id;
}

void Simulation::Impl::rejectEntry(std::uint32_t producer, const std::string &who,
                                   const std::string &code, const std::string &message) {
    ++putEntriesFailed;
    if (producer != kNone) {
        ++producerCounters[producer].failed;
    }
    if (tracing) {
        addStep(nextEventSeq++, 0, 0, StepKind::PutRejected, who, 0, code, message);
    }
}

void Simulation::Impl::acceptEntry(std::shared_ptr<const Json> event, std::uint32_t bus,
                                   std::uint32_t producer) {
    if (producer != kNone) {
        ++producerCounters[producer].put;
    }
    putOnBus(bus, std::move(event), 0, 0, 0, 0);
}

Result<bool> Simulation::put(std::string_view busId, model::Json event, SimTime at) {
    auto it = m_impl->busIndex.find(busId);
    if (it == m_impl->busIndex.end()) {
        Error error;
        error.message = "bus '" + std::string(busId) + "' does not exist";
        return error;
    }
    auto shared = std::make_shared<Json>(std::move(event));
    Impl *impl = m_impl.get();
    const std::uint32_t bus = it->second;
    impl->kernel.schedule(at, [impl, bus, shared](Kernel &) {
        std::vector<Json> batch;
        batch.push_back(std::move(*shared));
        impl->putBatch(batch, bus, kNone);
    });
    return true;
}

Result<bool> Simulation::putEvents(std::string_view busId, std::vector<model::Json> entries,
                                   SimTime at) {
    auto it = m_impl->busIndex.find(busId);
    if (it == m_impl->busIndex.end()) {
        Error error;
        error.message = "bus '" + std::string(busId) + "' does not exist";
        return error;
    }
    if (entries.empty() || entries.size() > kMaxPutEventsEntries) {
        const Result<std::vector<PutEntryResult>> checked =
            checkPutEvents(std::span<const Json>(entries), m_impl->options.putEvents);
        if (!checked.ok()) {
            return checked.error();
        }
    }
    auto shared = std::make_shared<std::vector<Json>>(std::move(entries));
    Impl *impl = m_impl.get();
    const std::uint32_t bus = it->second;
    impl->kernel.schedule(at,
                          [impl, bus, shared](Kernel &) { impl->putBatch(*shared, bus, kNone); });
    return true;
}

} // namespace sg::sim
