#pragma once
// The limits on a model's behaviour and volume numbers: lint reports each broken one as an error,
// the simulator refuses to run a model that breaks one it could not run in bounded memory and
// time, and the readers refuse what would make reading itself misbehave. One list, so that what
// `validate` accepts the simulator runs.

#include "arch/elements.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sg::model {

// A latency (any of a distribution's millisecond fields) is at most one day.
inline constexpr double kMaxLatencyMs = 86'400'000;
// A log-normal latency's sigma; e^(4 sigma) is already 10^17 times the median at sigma 10.
inline constexpr double kMaxLatencySigma = 10;
// Events per second one emission may put: perSecond (a daily curve's peak times its largest
// factor) and a burst's size over its period.
inline constexpr double kMaxEventsPerSecond = 100'000;
// Events one put may carry: a burst, a scripted put, a scenario's extra put.
inline constexpr std::int64_t kMaxEventsPerPut = 100'000;
// Events a whole script may put (the sum of its counts), and the entries it may have.
inline constexpr std::int64_t kMaxScriptedEvents = 10'000'000;
inline constexpr std::size_t kMaxScriptEntries = 10'000;
// The account's invocation quota a model may set: 0 (none) up to this many per second.
inline constexpr int kMaxAccountInvocationQuotaPerSecond = 1'000'000;
// AWS's default for that quota, which depends on the Region (and can be raised): the lowest and
// the highest, per second.
inline constexpr int kAwsDefaultAccountInvocationQuotaLowest = 1'100;
inline constexpr int kAwsDefaultAccountInvocationQuotaHighest = 18'750;
// A field variation's dot path: segments and bytes.
inline constexpr std::size_t kMaxVariationPathSegments = 32;
inline constexpr std::size_t kMaxVariationPathLength = 1024;
// A daily profile lists exactly one factor per hour.
inline constexpr std::size_t kHourlyFactors = 24;

// One broken limit: `field` is a dot path inside the element ("behavior.latency.valueMs",
// "emits[0].rate.perSecond"), `message` says what is wrong and the limit ("is -5; it must be
// from 0 to 86400000"). `unsafe` marks what the simulator cannot run in bounded memory or time.
struct LimitProblem {
    std::string code; // a lint code, e.g. "latency-out-of-range"
    std::string field;
    std::string message;
    bool unsafe = false;
};

// Every broken limit of `element`, in field order.
[[nodiscard]] std::vector<LimitProblem> limitProblems(const Element &element);

// Why a field variation's path is too long to read, or empty when it is not (the readers use it).
[[nodiscard]] std::string variationPathProblem(std::string_view path);

} // namespace sg::model
