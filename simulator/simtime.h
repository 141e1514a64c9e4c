#pragma once
// SimTime: simulated time as a whole number of microseconds, used both for instants (time since the
// start of a run) and for durations; plus parsing and formatting of durations written like `90s`.

#include "core/result.h"

#include <compare>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace sg::sim {

// A point in or a span of simulated time, in integer microseconds. Integer time keeps runs
// byte-identical across machines and makes ties exact. Arithmetic is plain int64 arithmetic:
// overflow is a caller bug (the kernel saturates where it adds delays to `now`).
class SimTime {
public:
    using Rep = std::int64_t;

    static constexpr Rep kMicrosPerMilli = 1'000;
    static constexpr Rep kMicrosPerSecond = 1'000'000;
    static constexpr Rep kMicrosPerMinute = 60 * kMicrosPerSecond;
    static constexpr Rep kMicrosPerHour = 60 * kMicrosPerMinute;

    constexpr SimTime() = default;

    [[nodiscard]] static constexpr SimTime zero() { return SimTime(0); }
    // The latest representable time, used as "never" (about 292,471 years).
    [[nodiscard]] static constexpr SimTime max() {
        return SimTime(std::numeric_limits<Rep>::max());
    }
    [[nodiscard]] static constexpr SimTime microseconds(Rep n) { return SimTime(n); }
    [[nodiscard]] static constexpr SimTime milliseconds(Rep n) {
        return SimTime(n * kMicrosPerMilli);
    }
    [[nodiscard]] static constexpr SimTime seconds(Rep n) { return SimTime(n * kMicrosPerSecond); }
    [[nodiscard]] static constexpr SimTime minutes(Rep n) { return SimTime(n * kMicrosPerMinute); }
    [[nodiscard]] static constexpr SimTime hours(Rep n) { return SimTime(n * kMicrosPerHour); }

    // `s` seconds rounded to the nearest microsecond (halves away from zero), saturating at the
    // representable range; NaN gives zero. For turning drawn delays into time deterministically.
    [[nodiscard]] static SimTime fromSecondsRounded(double s);

    [[nodiscard]] constexpr Rep micros() const { return m_micros; }
    // Whole milliseconds / seconds, truncated toward zero.
    [[nodiscard]] constexpr Rep wholeMilliseconds() const { return m_micros / kMicrosPerMilli; }
    [[nodiscard]] constexpr Rep wholeSeconds() const { return m_micros / kMicrosPerSecond; }
    // Seconds as a double, for reports and charts (exact up to 2^53 microseconds, ~285 years).
    [[nodiscard]] constexpr double toSeconds() const {
        return static_cast<double>(m_micros) / static_cast<double>(kMicrosPerSecond);
    }

    [[nodiscard]] constexpr bool isZero() const { return m_micros == 0; }
    [[nodiscard]] constexpr bool isNegative() const { return m_micros < 0; }

    friend constexpr auto operator<=>(SimTime, SimTime) = default;

    friend constexpr SimTime operator+(SimTime a, SimTime b) {
        return SimTime(a.m_micros + b.m_micros);
    }
    friend constexpr SimTime operator-(SimTime a, SimTime b) {
        return SimTime(a.m_micros - b.m_micros);
    }
    friend constexpr SimTime operator-(SimTime a) { return SimTime(-a.m_micros); }
    friend constexpr SimTime operator*(SimTime a, Rep k) { return SimTime(a.m_micros * k); }
    friend constexpr SimTime operator*(Rep k, SimTime a) { return SimTime(a.m_micros * k); }
    // Truncates toward zero.
    friend constexpr SimTime operator/(SimTime a, Rep k) { return SimTime(a.m_micros / k); }
    constexpr SimTime &operator+=(SimTime b) {
        m_micros += b.m_micros;
        return *this;
    }
    constexpr SimTime &operator-=(SimTime b) {
        m_micros -= b.m_micros;
        return *this;
    }

private:
    constexpr explicit SimTime(Rep micros) : m_micros(micros) {}

    Rep m_micros = 0;
};

// Parses a non-negative duration: a decimal number followed directly by a unit, `us`, `ms`, `s`,
// `m` (minutes) or `h`, e.g. `90s`, `10m`, `24h`, `250ms`, `1.5s`. Surrounding whitespace is
// ignored. A fraction must come out as a whole number of microseconds. On failure the message
// quotes the input and says what is wrong; `offset` is the 0-based position of the problem.
[[nodiscard]] Result<SimTime> parseDuration(std::string_view text);

// Formats a duration in the largest unit (h, m, s, ms, us) that represents it exactly, e.g.
// `90m`, `24h`, `1500ms`, `0s`; negative values get a leading `-`. parseDuration() reads back
// every non-negative result to the same value.
[[nodiscard]] std::string formatDuration(SimTime duration);

// Literals for tests and examples: `250_ms`, `90_s`, `10_min`, `24_h`, `5_us`.
namespace literals {
constexpr SimTime operator""_us(unsigned long long n) {
    return SimTime::microseconds(static_cast<SimTime::Rep>(n));
}
constexpr SimTime operator""_ms(unsigned long long n) {
    return SimTime::milliseconds(static_cast<SimTime::Rep>(n));
}
constexpr SimTime operator""_s(unsigned long long n) {
    return SimTime::seconds(static_cast<SimTime::Rep>(n));
}
constexpr SimTime operator""_min(unsigned long long n) {
    return SimTime::minutes(static_cast<SimTime::Rep>(n));
}
constexpr SimTime operator""_h(unsigned long long n) {
    return SimTime::hours(static_cast<SimTime::Rep>(n));
}
} // namespace literals

} // namespace sg::sim
