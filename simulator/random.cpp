#include "random.h"

// Byte-identical draws need every a*b+c rounded twice, never fused into one FMA (compilers fuse
// by default where the target has FMA: arm64, x86-64-v3). The build should pass
// -ffp-contract=off too; these pragmas keep this file right even where it does not.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include "detmath.h"

#include <cassert>
#include <cmath>
#include <limits>

namespace sg::sim {

namespace {

// Domain separation between named and numbered streams.
constexpr std::uint64_t kNameDomain = 0x6E616D6500000001; // "name"
constexpr std::uint64_t kIdDomain = 0x6964000000000002;   // "id"

// The high and low 64 bits of a * b, in portable code (no __int128).
struct Product128 {
    std::uint64_t high;
    std::uint64_t low;
};
Product128 multiply(std::uint64_t a, std::uint64_t b) {
    const std::uint64_t aLow = a & 0xFFFFFFFFU;
    const std::uint64_t aHigh = a >> 32;
    const std::uint64_t bLow = b & 0xFFFFFFFFU;
    const std::uint64_t bHigh = b >> 32;
    const std::uint64_t lowLow = aLow * bLow;
    const std::uint64_t lowHigh = aLow * bHigh;
    const std::uint64_t highLow = aHigh * bLow;
    const std::uint64_t highHigh = aHigh * bHigh;
    const std::uint64_t middle = (lowLow >> 32) + (lowHigh & 0xFFFFFFFFU) + (highLow & 0xFFFFFFFFU);
    return {highHigh + (lowHigh >> 32) + (highLow >> 32) + (middle >> 32),
            (middle << 32) | (lowLow & 0xFFFFFFFFU)};
}

} // namespace

RandomStream::RandomStream(std::uint64_t runSeed, std::string_view streamName)
    : RandomStream(deriveState(runSeed, SplitMix64::mix(fnv1a64(streamName) + kNameDomain))) {
}

RandomStream::RandomStream(std::uint64_t runSeed, std::uint64_t streamId)
    : RandomStream(deriveState(runSeed, SplitMix64::mix(streamId + kIdDomain))) {
}

Xoshiro256StarStar::State RandomStream::deriveState(std::uint64_t runSeed, std::uint64_t key) {
    // SplitMix64's outputs for four consecutive counters are distinct (its mixer is a
    // bijection), so at most one word is zero and the state is never all zero.
    SplitMix64 seeder(SplitMix64::mix(runSeed + SplitMix64::kGamma) ^ key);
    return {seeder.next(), seeder.next(), seeder.next(), seeder.next()};
}

double RandomStream::uniform(double lo, double hi) {
    if (!(hi > lo)) {
        static_cast<void>(nextU64()); // keep the one-output-per-draw promise
        return lo;
    }
    const double value = lo + (hi - lo) * uniform01();
    // Rounding can land on hi when the interval is wide relative to lo.
    return value < hi ? value : std::nextafter(hi, lo);
}

std::int64_t RandomStream::uniformInt(std::int64_t lo, std::int64_t hi) {
    assert(lo <= hi);
    const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
    if (span == std::numeric_limits<std::uint64_t>::max()) {
        return static_cast<std::int64_t>(nextU64());
    }
    // Lemire, "Fast random integer generation in an interval" (2019): the high word of
    // x * range is uniform once the low words that would bias it are rejected.
    const std::uint64_t range = span + 1;
    Product128 product = multiply(nextU64(), range);
    if (product.low < range) {
        const std::uint64_t threshold = (0 - range) % range;
        while (product.low < threshold) {
            product = multiply(nextU64(), range);
        }
    }
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + product.high);
}

bool RandomStream::bernoulli(double p) {
    return uniform01() < p;
}

double RandomStream::exponential(double rate) {
    assert(rate > 0.0);
    // u in (0, 1], so the logarithm is finite.
    const double u = static_cast<double>((nextU64() >> 11) + 1) * 0x1.0p-53;
    return -detmath::log(u) / rate;
}

double RandomStream::normal(double mean, double stddev) {
    if (m_hasSpareNormal) {
        m_hasSpareNormal = false;
        return mean + stddev * m_spareNormal;
    }
    // Marsaglia's polar method: no sine or cosine, only log and the correctly rounded sqrt.
    double u = 0.0;
    double v = 0.0;
    double s = 0.0;
    do {
        u = 2.0 * uniform01() - 1.0;
        v = 2.0 * uniform01() - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double factor = std::sqrt(-2.0 * detmath::log(s) / s);
    m_spareNormal = v * factor;
    m_hasSpareNormal = true;
    return mean + stddev * (u * factor);
}

double RandomStream::logNormal(double mu, double sigma) {
    return detmath::exp(normal(mu, sigma));
}

} // namespace sg::sim
