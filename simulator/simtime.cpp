#include "simtime.h"

#include <array>
#include <cmath>
#include <numeric>

namespace sg::sim {

namespace {

constexpr std::string_view kUnitList = "use us, ms, s, m or h";

struct Unit {
    std::string_view suffix;
    SimTime::Rep micros;
};

// Largest first: formatDuration() takes the first that divides exactly.
constexpr std::array<Unit, 5> kUnits{{
    {"h", SimTime::kMicrosPerHour},
    {"m", SimTime::kMicrosPerMinute},
    {"s", SimTime::kMicrosPerSecond},
    {"ms", SimTime::kMicrosPerMilli},
    {"us", 1},
}};

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

Error durationError(std::string_view quoted, std::string_view problem, std::size_t offset) {
    Error error;
    error.message = "duration '";
    error.message += quoted;
    error.message += "' ";
    error.message += problem;
    error.offset = offset;
    return error;
}

} // namespace

SimTime SimTime::fromSecondsRounded(double s) {
    if (std::isnan(s)) {
        return zero();
    }
    const double micros = s * static_cast<double>(kMicrosPerSecond);
    // 2^63 is exactly representable; every double below it converts without overflow.
    constexpr double kLimit = 9223372036854775808.0;
    if (micros >= kLimit) {
        return max();
    }
    if (micros <= -kLimit) {
        return SimTime(std::numeric_limits<Rep>::min());
    }
    return SimTime(static_cast<Rep>(std::llround(micros)));
}

Result<SimTime> parseDuration(std::string_view text) {
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && isSpace(text[begin])) {
        ++begin;
    }
    while (end > begin && isSpace(text[end - 1])) {
        --end;
    }
    const std::string_view s = text.substr(begin, end - begin);
    auto fail = [&](std::string_view problem, std::size_t at) {
        return durationError(s, problem, begin + at);
    };

    if (s.empty()) {
        Error error;
        error.message = "duration is empty; write a number and a unit, e.g. 90s, 250ms or 24h";
        error.offset = begin;
        return error;
    }
    if (s[0] == '-' && s.size() > 1 && isDigit(s[1])) {
        return fail("is negative", 0);
    }
    if (!isDigit(s[0])) {
        return fail("must start with a number, e.g. 90s, 250ms or 24h", 0);
    }

    constexpr auto kMax = std::numeric_limits<SimTime::Rep>::max();
    std::size_t i = 0;
    std::uint64_t whole = 0;
    bool wholeTooLarge = false;
    for (; i < s.size() && isDigit(s[i]); ++i) {
        const auto digit = static_cast<std::uint64_t>(s[i] - '0');
        if (whole > (static_cast<std::uint64_t>(kMax) - digit) / 10) {
            wholeTooLarge = true;
        } else {
            whole = whole * 10 + digit;
        }
    }

    // Fraction digits without trailing zeros: "1.500s" is exactly "1.5s".
    std::string_view fraction;
    if (i < s.size() && s[i] == '.') {
        const std::size_t first = ++i;
        while (i < s.size() && isDigit(s[i])) {
            ++i;
        }
        if (i == first) {
            return fail("needs digits after the decimal point", i);
        }
        fraction = s.substr(first, i - first);
        while (!fraction.empty() && fraction.back() == '0') {
            fraction.remove_suffix(1);
        }
    }

    const std::size_t unitStart = i;
    while (i < s.size() && isLetter(s[i])) {
        ++i;
    }
    const std::string_view unitText = s.substr(unitStart, i - unitStart);
    if (unitText.empty()) {
        if (unitStart == s.size()) {
            return fail(std::string("has no unit; ").append(kUnitList), unitStart);
        }
        if (isSpace(s[unitStart])) {
            return fail("must not contain spaces", unitStart);
        }
        return fail(std::string("has an unexpected character '")
                        .append(1, s[unitStart])
                        .append("' where the unit should be; ")
                        .append(kUnitList),
                    unitStart);
    }
    const Unit *unit = nullptr;
    for (const Unit &candidate : kUnits) {
        if (candidate.suffix == unitText) {
            unit = &candidate;
        }
    }
    if (unit == nullptr) {
        return fail(
            std::string("has an unknown unit '").append(unitText).append("'; ").append(kUnitList),
            unitStart);
    }
    if (i < s.size()) {
        if (isDigit(s[i])) {
            return fail("combines several units; write one number and one unit, e.g. 90m", i);
        }
        if (isSpace(s[i])) {
            return fail("must not contain spaces", i);
        }
        return fail(std::string("has an unexpected character '").append(1, s[i]).append("'"), i);
    }

    // value = whole * unit + fraction * unit / 10^digits, which must be a whole number of
    // microseconds. With the fraction's last digit non-zero, 10^n divides unit * F only when
    // n <= 10 (the hour, 2^10 * 3^2 * 5^8 microseconds, has the most factors of ten).
    std::uint64_t fractionMicros = 0;
    if (!fraction.empty()) {
        bool exact = fraction.size() <= 10;
        if (exact) {
            std::uint64_t digits = 0;
            std::uint64_t scale = 1;
            for (char c : fraction) {
                digits = digits * 10 + static_cast<std::uint64_t>(c - '0');
                scale *= 10;
            }
            const auto unitMicros = static_cast<std::uint64_t>(unit->micros);
            const std::uint64_t common = std::gcd(unitMicros, scale);
            const std::uint64_t divisor = scale / common;
            exact = digits % divisor == 0;
            fractionMicros = (unitMicros / common) * (digits / divisor);
        }
        if (!exact) {
            return fail("is finer than a microsecond", 0);
        }
    }
    const auto unitMicros = static_cast<std::uint64_t>(unit->micros);
    if (wholeTooLarge || whole > (static_cast<std::uint64_t>(kMax) - fractionMicros) / unitMicros) {
        return fail("is too large; the limit is 2562047788h (about 292,000 years)", 0);
    }
    return SimTime::microseconds(static_cast<SimTime::Rep>(whole * unitMicros + fractionMicros));
}

std::string formatDuration(SimTime duration) {
    const SimTime::Rep micros = duration.micros();
    if (micros == 0) {
        return "0s";
    }
    // The magnitude as unsigned so that the most negative value has one too.
    const std::uint64_t magnitude =
        micros < 0 ? 0 - static_cast<std::uint64_t>(micros) : static_cast<std::uint64_t>(micros);
    std::string out = micros < 0 ? "-" : "";
    for (const Unit &unit : kUnits) {
        const auto unitMicros = static_cast<std::uint64_t>(unit.micros);
        if (magnitude % unitMicros == 0) {
            out += std::to_string(magnitude / unitMicros);
            out += unit.suffix;
            break;
        }
    }
    return out;
}

} // namespace sg::sim
