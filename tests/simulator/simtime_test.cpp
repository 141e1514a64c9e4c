// SimTime: construction, conversions, arithmetic, rounding from seconds, and the exact result or
// message of parseDuration()/formatDuration() for valid and invalid durations.

#include "random.h"
#include "simtime.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace sg::sim {
namespace {

using namespace sg::sim::literals;

template <typename Row> std::string rowName(const testing::TestParamInfo<Row> &row) {
    return row.param.name;
}

TEST(SimTime, FactoriesCountMicroseconds) {
    EXPECT_EQ(SimTime().micros(), 0);
    EXPECT_EQ(SimTime::zero().micros(), 0);
    EXPECT_EQ(SimTime::microseconds(7).micros(), 7);
    EXPECT_EQ(SimTime::milliseconds(250).micros(), 250'000);
    EXPECT_EQ(SimTime::seconds(90).micros(), 90'000'000);
    EXPECT_EQ(SimTime::minutes(10).micros(), 600'000'000);
    EXPECT_EQ(SimTime::hours(24).micros(), 86'400'000'000);
    EXPECT_EQ(SimTime::max().micros(), std::numeric_limits<std::int64_t>::max());
}

TEST(SimTime, LiteralsMatchFactories) {
    EXPECT_EQ(5_us, SimTime::microseconds(5));
    EXPECT_EQ(250_ms, SimTime::milliseconds(250));
    EXPECT_EQ(90_s, SimTime::seconds(90));
    EXPECT_EQ(10_min, SimTime::minutes(10));
    EXPECT_EQ(24_h, SimTime::hours(24));
    static_assert(1_h == 60_min && 1_min == 60_s && 1_s == 1000_ms && 1_ms == 1000_us);
}

TEST(SimTime, ConversionsTruncateTowardZero) {
    EXPECT_EQ((1999_ms).wholeSeconds(), 1);
    EXPECT_EQ((-1999_ms).wholeSeconds(), -1);
    EXPECT_EQ((1999_us).wholeMilliseconds(), 1);
    EXPECT_DOUBLE_EQ((1500_ms).toSeconds(), 1.5);
    EXPECT_DOUBLE_EQ((1_us).toSeconds(), 1e-6);
}

TEST(SimTime, ArithmeticAndComparison) {
    SimTime t = 90_s;
    t += 500_ms;
    EXPECT_EQ(t, 90'500_ms);
    t -= 1_s;
    EXPECT_EQ(t, 89'500_ms);
    EXPECT_EQ(1_s + 1_ms, 1001_ms);
    EXPECT_EQ(1_s - 2_s, -1_s);
    EXPECT_EQ(-(3_s), SimTime::seconds(-3));
    EXPECT_EQ(3_s * 4, 12_s);
    EXPECT_EQ(4 * 3_s, 12_s);
    EXPECT_EQ(10_s / 4, 2500_ms);
    EXPECT_EQ(SimTime::microseconds(-7) / 2, SimTime::microseconds(-3));
    EXPECT_LT(999_ms, 1_s);
    EXPECT_GT(1_h, 59_min);
    EXPECT_TRUE(SimTime::zero().isZero());
    EXPECT_TRUE((-1_us).isNegative());
    EXPECT_FALSE(SimTime::zero().isNegative());
}

TEST(SimTime, FromSecondsRoundsToNearestMicrosecond) {
    EXPECT_EQ(SimTime::fromSecondsRounded(0.1), 100_ms);
    EXPECT_EQ(SimTime::fromSecondsRounded(1.5), 1500_ms);
    EXPECT_EQ(SimTime::fromSecondsRounded(2.4e-6), 2_us);
    EXPECT_EQ(SimTime::fromSecondsRounded(2.6e-6), 3_us);
    EXPECT_EQ(SimTime::fromSecondsRounded(-2.6e-6), SimTime::microseconds(-3));
    // Halves go away from zero (s * 1e6 rounds to exactly 0.5 and 2.5 here).
    EXPECT_EQ(SimTime::fromSecondsRounded(0.5e-6), 1_us);
    EXPECT_EQ(SimTime::fromSecondsRounded(-0.5e-6), SimTime::microseconds(-1));
    EXPECT_EQ(SimTime::fromSecondsRounded(2.5e-6), 3_us);
    EXPECT_EQ(SimTime::fromSecondsRounded(0x1.0p-21), SimTime::zero()); // 0.4768... us
    EXPECT_EQ(SimTime::fromSecondsRounded(0.0), SimTime::zero());
}

TEST(SimTime, FromSecondsSaturatesAndMapsNanToZero) {
    EXPECT_EQ(SimTime::fromSecondsRounded(1e300), SimTime::max());
    EXPECT_EQ(SimTime::fromSecondsRounded(std::numeric_limits<double>::infinity()), SimTime::max());
    EXPECT_EQ(SimTime::fromSecondsRounded(-1e300).micros(),
              std::numeric_limits<std::int64_t>::min());
    EXPECT_EQ(SimTime::fromSecondsRounded(std::nan("")), SimTime::zero());
    EXPECT_EQ(SimTime::fromSecondsRounded(9.3e12), SimTime::max()); // past 2^63 us
    EXPECT_EQ(SimTime::fromSecondsRounded(9.2e12).micros(), 9'200'000'000'000'000'000);
}

// ---------------------------------------------------------------- parseDuration, valid

struct ValidDuration {
    std::string name;
    std::string text;
    SimTime expected;
};

class ParseValidDuration : public testing::TestWithParam<ValidDuration> {};

TEST_P(ParseValidDuration, GivesTheExactValue) {
    const auto &row = GetParam();
    const Result<SimTime> parsed = parseDuration(row.text);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->micros(), row.expected.micros());
}

INSTANTIATE_TEST_SUITE_P(
    Durations, ParseValidDuration,
    testing::Values(ValidDuration{"NinetySeconds", "90s", 90_s},
                    ValidDuration{"TenMinutes", "10m", 10_min}, ValidDuration{"OneHour", "1h", 1_h},
                    ValidDuration{"OneDayInHours", "24h", 24_h},
                    ValidDuration{"QuarterSecondInMilliseconds", "250ms", 250_ms},
                    ValidDuration{"Microseconds", "5us", 5_us},
                    ValidDuration{"Zero", "0s", SimTime::zero()},
                    ValidDuration{"ZeroMicroseconds", "0us", SimTime::zero()},
                    ValidDuration{"LeadingZeros", "007s", 7_s},
                    ValidDuration{"FractionOfASecond", "1.5s", 1500_ms},
                    ValidDuration{"FractionOfAnHour", "0.25h", 15_min},
                    ValidDuration{"FractionOfAMillisecond", "0.001ms", 1_us},
                    ValidDuration{"TenDigitFractionOfAnHour", "0.0000000025h", 9_us},
                    ValidDuration{"TrailingZerosInFraction", "1.50000000000000000000s", 1500_ms},
                    ValidDuration{"ZeroFractionOfMicrosecond", "3.000us", 3_us},
                    ValidDuration{"SurroundingWhitespace", " \t90s\n ", 90_s},
                    ValidDuration{"LongestWholeHours", "2562047788h", SimTime::hours(2562047788)},
                    ValidDuration{"LongestMicroseconds", "9223372036854775807us", SimTime::max()},
                    ValidDuration{"MaximumEventAge", "86400s", 24_h}),
    rowName<ValidDuration>);

// ---------------------------------------------------------------- parseDuration, invalid

struct InvalidDuration {
    std::string name;
    std::string text;
    std::string message;
    std::size_t offset;
};

class ParseInvalidDuration : public testing::TestWithParam<InvalidDuration> {};

TEST_P(ParseInvalidDuration, SaysWhatIsWrong) {
    const auto &row = GetParam();
    const Result<SimTime> parsed = parseDuration(row.text);
    ASSERT_FALSE(parsed.ok()) << "parsed as " << parsed->micros() << "us";
    EXPECT_EQ(parsed.error().message, row.message);
    EXPECT_EQ(parsed.error().offset, row.offset);
}

INSTANTIATE_TEST_SUITE_P(
    Durations, ParseInvalidDuration,
    testing::Values(
        InvalidDuration{"Empty", "",
                        "duration is empty; write a number and a unit, e.g. 90s, 250ms or 24h", 0},
        InvalidDuration{"OnlyWhitespace", "   ",
                        "duration is empty; write a number and a unit, e.g. 90s, 250ms or 24h", 3},
        InvalidDuration{"NoUnit", "90", "duration '90' has no unit; use us, ms, s, m or h", 2},
        InvalidDuration{"UnknownUnit", "5x",
                        "duration '5x' has an unknown unit 'x'; use us, ms, s, m or h", 1},
        InvalidDuration{"DaysAreNotAUnit", "2d",
                        "duration '2d' has an unknown unit 'd'; use us, ms, s, m or h", 1},
        InvalidDuration{"UnitsAreCaseSensitive", "10S",
                        "duration '10S' has an unknown unit 'S'; use us, ms, s, m or h", 2},
        InvalidDuration{"SpelledOutUnit", "10sec",
                        "duration '10sec' has an unknown unit 'sec'; use us, ms, s, m or h", 2},
        InvalidDuration{"UnitOnly", "ms",
                        "duration 'ms' must start with a number, e.g. 90s, 250ms or 24h", 0},
        InvalidDuration{"Negative", "-5s", "duration '-5s' is negative", 0},
        InvalidDuration{"ExplicitPlus", "+5s",
                        "duration '+5s' must start with a number, e.g. 90s, 250ms or 24h", 0},
        InvalidDuration{"LeadingPoint", ".5s",
                        "duration '.5s' must start with a number, e.g. 90s, 250ms or 24h", 0},
        InvalidDuration{"NoDigitsAfterPoint", "1.s",
                        "duration '1.s' needs digits after the decimal point", 2},
        InvalidDuration{"SpaceBeforeUnit", "90 s", "duration '90 s' must not contain spaces", 2},
        InvalidDuration{"SpaceAfterUnitInside", " 1h 30m",
                        "duration '1h 30m' must not contain spaces", 3},
        InvalidDuration{"CompoundDuration", "1h30m",
                        "duration '1h30m' combines several units; write one number and one unit, "
                        "e.g. 90m",
                        2},
        InvalidDuration{"DecimalComma", "1,5s",
                        "duration '1,5s' has an unexpected character ',' where the unit should be; "
                        "use us, ms, s, m or h",
                        1},
        InvalidDuration{"TwoPoints", "1.2.3s",
                        "duration '1.2.3s' has an unexpected character '.' where the unit should "
                        "be; use us, ms, s, m or h",
                        3},
        InvalidDuration{"TrailingPunctuation", "5s!",
                        "duration '5s!' has an unexpected character '!'", 2},
        InvalidDuration{"FinerThanAMicrosecond", "1.5us",
                        "duration '1.5us' is finer than a microsecond", 0},
        InvalidDuration{"TenMillionthOfASecond", "0.0000001s",
                        "duration '0.0000001s' is finer than a microsecond", 0},
        InvalidDuration{"ElevenDigitFractionOfAnHour", "0.00000000001h",
                        "duration '0.00000000001h' is finer than a microsecond", 0},
        InvalidDuration{"OneHourTooMany", "2562047789h",
                        "duration '2562047789h' is too large; the limit is 2562047788h (about "
                        "292,000 years)",
                        0},
        InvalidDuration{"OneMicrosecondTooMany", "9223372036854775808us",
                        "duration '9223372036854775808us' is too large; the limit is 2562047788h "
                        "(about 292,000 years)",
                        0},
        InvalidDuration{"HugeNumber", "99999999999999999999999s",
                        "duration '99999999999999999999999s' is too large; the limit is "
                        "2562047788h (about 292,000 years)",
                        0}),
    rowName<InvalidDuration>);

// ---------------------------------------------------------------- formatDuration

struct FormattedDuration {
    std::string name;
    SimTime value;
    std::string text;
};

class FormatDuration : public testing::TestWithParam<FormattedDuration> {};

TEST_P(FormatDuration, UsesTheLargestExactUnit) {
    EXPECT_EQ(formatDuration(GetParam().value), GetParam().text);
}

INSTANTIATE_TEST_SUITE_P(
    Durations, FormatDuration,
    testing::Values(FormattedDuration{"Zero", SimTime::zero(), "0s"},
                    FormattedDuration{"WholeHours", 24_h, "24h"},
                    FormattedDuration{"NinetyMinutes", 90_min, "90m"},
                    FormattedDuration{"NinetySeconds", 90_s, "90s"},
                    FormattedDuration{"SixtySecondsIsAMinute", 60_s, "1m"},
                    FormattedDuration{"MillisecondsNotFractions", 1500_ms, "1500ms"},
                    FormattedDuration{"Microseconds", 1001_us, "1001us"},
                    FormattedDuration{"Negative", -(250_ms), "-250ms"},
                    FormattedDuration{"Maximum", SimTime::max(), "9223372036854775807us"},
                    FormattedDuration{
                        "Minimum", SimTime::microseconds(std::numeric_limits<std::int64_t>::min()),
                        "-9223372036854775808us"}),
    rowName<FormattedDuration>);

TEST(FormatDuration, ParsesBackToTheSameValue) {
    RandomStream rng(1, "simtime round trip");
    const SimTime units[] = {1_us, 1_ms, 1_s, 1_min, 1_h};
    for (int i = 0; i < 10'000; ++i) {
        const SimTime unit = units[rng.uniformInt(0, 4)];
        const SimTime value = unit * rng.uniformInt(0, 1'000'000);
        const std::string text = formatDuration(value);
        const Result<SimTime> parsed = parseDuration(text);
        ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.error().message;
        ASSERT_EQ(parsed->micros(), value.micros()) << text;
    }
}

} // namespace
} // namespace sg::sim
