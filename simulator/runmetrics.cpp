// Metrics: per-element counters by name, latency percentiles, and the time series of counters
// closed at each bucket's end as simulated time passes.

#include "engine.h"

namespace sg::sim {

void Simulation::Impl::onTimeAdvanced(SimTime from, SimTime to) {
    static_cast<void>(from);
    if (options.timeSeriesBucket <= SimTime::zero()) {
        return;
    }
    while (nextBucketEnd <= to && series.size() < options.maxBuckets) {
        MetricsBucket bucket;
        bucket.end = nextBucketEnd;
        bucket.counters.reserve(metricCounters.size());
        for (const ElementCounters *c : metricCounters) {
            bucket.counters.push_back(*c);
        }
        series.push_back(std::move(bucket));
        for (SimulationObserver *observer : observers) {
            observer->onBucket(series.back());
        }
        nextBucketEnd += options.timeSeriesBucket;
    }
}

const ElementCounters *Simulation::Impl::findCounters(std::string_view name) const {
    if (auto it = targetIndex.find(name); it != targetIndex.end()) {
        return &targets[it->second].counters;
    }
    if (auto it = busIndex.find(name); it != busIndex.end()) {
        return &buses[it->second].counters;
    }
    if (auto it = ruleIndex.find(name); it != ruleIndex.end()) {
        return &rules[it->second].counters;
    }
    if (auto it = producerIndex.find(name); it != producerIndex.end()) {
        return &producerCounters[it->second];
    }
    if (auto it = nodeIndex.find(name); it != nodeIndex.end()) {
        return &nodes[it->second].counters;
    }
    return nullptr;
}

std::optional<LatencyHistogram> Simulation::Impl::histogramFor(std::string_view name) const {
    if (auto it = targetIndex.find(name); it != targetIndex.end()) {
        return targets[it->second].latency;
    }
    // A function or state machine: from the put to the successful run, through every layer.
    if (auto it = nodeIndex.find(name);
        it != nodeIndex.end() && nodes[it->second].type == NodeType::Consumer) {
        return nodes[it->second].runLatency;
    }
    if (auto it = targetsByDestination.find(name); it != targetsByDestination.end()) {
        LatencyHistogram merged;
        for (const std::uint32_t t : it->second) {
            merged.merge(targets[t].latency);
        }
        return merged;
    }
    return std::nullopt;
}

std::optional<ElementCounters> Simulation::counters(std::string_view name) const {
    if (const ElementCounters *c = m_impl->findCounters(name)) {
        return *c;
    }
    return std::nullopt;
}

std::optional<SimTime> Simulation::latencyPercentile(std::string_view name,
                                                     double percentile) const {
    const std::optional<LatencyHistogram> histogram = m_impl->histogramFor(name);
    if (!histogram) {
        return std::nullopt;
    }
    return histogram->percentile(percentile);
}

std::uint64_t Simulation::totalDropped() const {
    return m_impl->totalDropped;
}

std::uint64_t Simulation::eventsPut() const {
    return m_impl->eventsPut;
}

std::uint64_t Simulation::deliveries() const {
    return m_impl->deliveries;
}

std::uint64_t Simulation::loopsStopped() const {
    return m_impl->loopsStopped;
}

std::uint64_t Simulation::putEntriesFailed() const {
    return m_impl->putEntriesFailed;
}

const std::vector<std::string> &Simulation::metricNames() const {
    return m_impl->metricNames;
}

const std::vector<MetricsBucket> &Simulation::timeSeries() const {
    return m_impl->series;
}

std::optional<DlqSummary> Simulation::deadLetters(std::string_view queueId) const {
    auto it = m_impl->nodeIndex.find(queueId);
    if (it == m_impl->nodeIndex.end() || m_impl->nodes[it->second].type != NodeType::Queue) {
        return std::nullopt;
    }
    return m_impl->nodes[it->second].dlq;
}

std::optional<TargetOutcomes> Simulation::outcomes(std::string_view target) const {
    const auto it = m_impl->targetIndex.find(target);
    if (it == m_impl->targetIndex.end()) {
        return std::nullopt;
    }
    return m_impl->outcomesOf(it->second);
}

TargetOutcomes Simulation::totalOutcomes() const {
    TargetOutcomes total;
    for (const TargetOutcomes &o : m_impl->allOutcomes()) {
        total += o;
    }
    return total;
}

const LayerCounters &Simulation::layerCounters() const {
    return m_impl->layers;
}

} // namespace sg::sim
