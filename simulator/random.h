#pragma once
// Seeded random numbers: one seed per run, from which every simulated element derives its own
// independent, deterministic RandomStream; generators and distributions are implemented here so
// that every machine and standard library draws the same numbers.

#include <array>
#include <cstdint>
#include <string_view>

namespace sg::sim {

// SplitMix64 (Steele, Lea & Flood 2014): a 64-bit generator whose output function is a strong
// bit mixer. Used to turn (seed, stream id) into well-spread generator states.
class SplitMix64 {
public:
    static constexpr std::uint64_t kGamma = 0x9E3779B97F4A7C15; // 2^64 / golden ratio

    explicit constexpr SplitMix64(std::uint64_t state) : m_state(state) {}

    constexpr std::uint64_t next() {
        m_state += kGamma;
        return mix(m_state);
    }

    // The output function alone: a bijection of 64-bit values with good avalanche.
    [[nodiscard]] static constexpr std::uint64_t mix(std::uint64_t z) {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

private:
    std::uint64_t m_state;
};

// xoshiro256** 1.0 (Blackman & Vigna 2018): a small, fast generator with 256 bits of state and
// period 2^256 - 1; the engine of every RandomStream.
class Xoshiro256StarStar {
public:
    using State = std::array<std::uint64_t, 4>;

    // `state` must not be all zero.
    explicit constexpr Xoshiro256StarStar(const State &state) : m_s(state) {}

    constexpr std::uint64_t next() {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }

    [[nodiscard]] constexpr const State &state() const { return m_s; }

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) {
        return (x << k) | (x >> (64 - k));
    }

    State m_s;
};

// FNV-1a, 64-bit: a stable hash of stream names (the same on every machine and in every release).
[[nodiscard]] constexpr std::uint64_t fnv1a64(std::string_view text) {
    std::uint64_t hash = 0xCBF29CE484222325;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001B3;
    }
    return hash;
}

// One element's deterministic sequence of random draws, independent of every other stream.
// Every draw consumes a fixed number of generator outputs, except normal() and logNormal(),
// which use Marsaglia's polar method: a rejection loop that makes two values at a time and
// keeps the second for the next call. Copying a stream copies its position.
class RandomStream {
public:
    // The stream for element `streamName` (or numeric `streamId`) in the run seeded `runSeed`.
    // Names and numbers are hashed in separate domains, so "7" and 7 are different streams.
    RandomStream(std::uint64_t runSeed, std::string_view streamName);
    RandomStream(std::uint64_t runSeed, std::uint64_t streamId);

    // 64 uniformly random bits.
    std::uint64_t nextU64() { return m_engine.next(); }

    // Uniform in [0, 1): a multiple of 2^-53, from the top 53 bits of one output.
    double uniform01() { return static_cast<double>(nextU64() >> 11) * 0x1.0p-53; }

    // Uniform in [lo, hi); lo when hi <= lo.
    double uniform(double lo, double hi);

    // Uniform over the integers lo..hi, both included, without bias (Lemire's multiply-and-reject
    // method). Requires lo <= hi.
    std::int64_t uniformInt(std::int64_t lo, std::int64_t hi);

    // True with probability p (clamped to [0, 1]). Always consumes exactly one output.
    bool bernoulli(double p);

    // Exponential with rate `rate` > 0, i.e. mean 1 / rate. Always consumes exactly one output.
    double exponential(double rate);

    // Normal with the given mean and standard deviation.
    double normal(double mean, double stddev);

    // e^X where X is normal(mu, sigma): mu and sigma are the log's mean and standard deviation.
    double logNormal(double mu, double sigma);

    [[nodiscard]] const Xoshiro256StarStar::State &engineState() const { return m_engine.state(); }

private:
    explicit RandomStream(const Xoshiro256StarStar::State &state) : m_engine(state) {}
    static Xoshiro256StarStar::State deriveState(std::uint64_t runSeed, std::uint64_t key);

    Xoshiro256StarStar m_engine;
    double m_spareNormal = 0.0; // the polar method's second value, when m_hasSpareNormal
    bool m_hasSpareNormal = false;
};

// A run's seed, and the factory of its elements' streams. Each element asks for its stream by a
// stable identifier (an element id, "rule:orders/target:2"...), never by creation order, so adding
// an element to a model leaves every other element's draws unchanged.
class RandomSource {
public:
    explicit constexpr RandomSource(std::uint64_t seed) : m_seed(seed) {}

    [[nodiscard]] constexpr std::uint64_t seed() const { return m_seed; }
    [[nodiscard]] RandomStream stream(std::string_view name) const {
        return RandomStream(m_seed, name);
    }
    [[nodiscard]] RandomStream stream(std::uint64_t id) const { return RandomStream(m_seed, id); }

private:
    std::uint64_t m_seed;
};

} // namespace sg::sim
