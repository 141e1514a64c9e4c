#pragma once
// LatencyHistogram: a fixed-size log-linear histogram of durations, so that percentiles over any
// number of samples take constant memory (about 15 KB once the first value is recorded).

#include "simtime.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace sg::sim {

// Values below 32 µs are kept exactly; above, each power of two is split into 32 equal
// sub-buckets, so a reported percentile is within 1/32 (about 3 %) of the true value. The exact
// minimum and maximum are kept too: they answer for the lowest and highest occupied buckets and
// bound every other answer, so a constant latency (and p100) is reported exactly.
class LatencyHistogram {
public:
    static constexpr int kSubBucketBits = 5;
    static constexpr std::size_t kSubBuckets = std::size_t{1} << kSubBucketBits;
    static constexpr std::size_t kBucketCount = (64 - kSubBucketBits + 1) * kSubBuckets;

    // Records one duration (negative durations count as zero).
    void record(SimTime value);
    void merge(const LatencyHistogram &other);

    [[nodiscard]] std::uint64_t count() const { return m_count; }
    [[nodiscard]] std::optional<SimTime> min() const;
    [[nodiscard]] std::optional<SimTime> max() const;
    // The smallest recorded value v such that at least `percentile` % of the values are <= v,
    // to within the bucket resolution (the bucket's midpoint, bounded by min and max);
    // nullopt when empty or for a percentile outside (0, 100].
    [[nodiscard]] std::optional<SimTime> percentile(double percentile) const;

    // The bucket a value of `micros` falls in, and the smallest value in bucket `index`.
    [[nodiscard]] static std::size_t bucketIndex(std::uint64_t micros);
    [[nodiscard]] static std::uint64_t bucketLowerBound(std::size_t index);

private:
    std::vector<std::uint64_t> m_counts; // kBucketCount entries once anything is recorded
    std::uint64_t m_count = 0;
    std::uint64_t m_min = 0;
    std::uint64_t m_max = 0;
};

} // namespace sg::sim
