#include "simhistogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace sg::sim {

std::size_t LatencyHistogram::bucketIndex(std::uint64_t micros) {
    if (micros < kSubBuckets) {
        return static_cast<std::size_t>(micros);
    }
    const int magnitude = 63 - std::countl_zero(micros); // >= kSubBucketBits
    const std::uint64_t sub = (micros >> (magnitude - kSubBucketBits)) - kSubBuckets;
    return static_cast<std::size_t>(magnitude - kSubBucketBits + 1) * kSubBuckets +
           static_cast<std::size_t>(sub);
}

std::uint64_t LatencyHistogram::bucketLowerBound(std::size_t index) {
    if (index < kSubBuckets) {
        return index;
    }
    const std::size_t magnitude = index / kSubBuckets + kSubBucketBits - 1;
    const std::uint64_t sub = index % kSubBuckets;
    return (kSubBuckets + sub) << (magnitude - kSubBucketBits);
}

void LatencyHistogram::record(SimTime value) {
    const std::uint64_t micros =
        value.isNegative() ? 0 : static_cast<std::uint64_t>(value.micros());
    if (m_counts.empty()) {
        m_counts.assign(kBucketCount, 0);
        m_min = micros;
        m_max = micros;
    }
    ++m_counts[bucketIndex(micros)];
    ++m_count;
    m_min = std::min(m_min, micros);
    m_max = std::max(m_max, micros);
}

void LatencyHistogram::merge(const LatencyHistogram &other) {
    if (other.m_count == 0) {
        return;
    }
    if (m_counts.empty()) {
        *this = other;
        return;
    }
    for (std::size_t i = 0; i < kBucketCount; ++i) {
        m_counts[i] += other.m_counts[i];
    }
    m_count += other.m_count;
    m_min = std::min(m_min, other.m_min);
    m_max = std::max(m_max, other.m_max);
}

std::optional<SimTime> LatencyHistogram::min() const {
    if (m_count == 0) {
        return std::nullopt;
    }
    return SimTime::microseconds(static_cast<SimTime::Rep>(m_min));
}

std::optional<SimTime> LatencyHistogram::max() const {
    if (m_count == 0) {
        return std::nullopt;
    }
    return SimTime::microseconds(static_cast<SimTime::Rep>(m_max));
}

std::optional<SimTime> LatencyHistogram::percentile(double percentile) const {
    if (m_count == 0 || !(percentile > 0) || percentile > 100) {
        return std::nullopt;
    }
    // ceil() of a product of exact doubles: the same on every IEEE-754 machine.
    auto rank =
        static_cast<std::uint64_t>(std::ceil(percentile * static_cast<double>(m_count) / 100.0));
    rank = std::clamp<std::uint64_t>(rank, 1, m_count);
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < kBucketCount; ++i) {
        seen += m_counts[i];
        if (seen >= rank) {
            // The lowest and highest occupied buckets answer with the exact extremes, so a
            // constant latency, or one of two values, is reported exactly.
            if (rank == m_count || i == bucketIndex(m_max)) {
                return max();
            }
            if (i == bucketIndex(m_min)) {
                return min();
            }
            const std::uint64_t lower = bucketLowerBound(i);
            const std::uint64_t width =
                i + 1 < kBucketCount ? bucketLowerBound(i + 1) - lower : lower;
            const std::uint64_t mid = lower + (width - 1) / 2;
            return SimTime::microseconds(static_cast<SimTime::Rep>(std::clamp(mid, m_min, m_max)));
        }
    }
    return max();
}

} // namespace sg::sim
