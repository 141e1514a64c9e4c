#include "arch/limits.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <set>
#include <utility>
#include <variant>

namespace sg::model {

namespace {

// A number as people write it: whole numbers without a fraction, others in the shortest form
// that reads back.
std::string number(double value) {
    if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 1e15) {
        return std::to_string(static_cast<std::int64_t>(value));
    }
    // The shortest of %.6g..%.17g that reads back as the same number.
    std::array<char, 32> text{};
    for (int precision = 6; precision <= 17; ++precision) {
        std::snprintf(text.data(), text.size(), "%.*g", precision, value);
        if (std::strtod(text.data(), nullptr) == value) {
            break;
        }
    }
    return text.data();
}

class Checker {
public:
    std::vector<LimitProblem> take() { return std::move(m_problems); }

    void add(std::string code, std::string field, std::string message, bool unsafe = false) {
        m_problems.push_back(
            LimitProblem{std::move(code), std::move(field), std::move(message), unsafe});
    }

    // `value` must be finite and within [low, high].
    bool range(const std::string &code, const std::string &field, double value, double low,
               double high, bool unsafeAbove = false) {
        if (std::isfinite(value) && value >= low && value <= high) {
            return true;
        }
        add(code, field,
            "is " + number(value) + "; it must be from " + number(low) + " to " + number(high),
            unsafeAbove && !(value < low));
        return false;
    }

    void latency(const LatencyDistribution &latency, const std::string &at) {
        const std::string code = "latency-out-of-range";
        const auto ms = [&](std::string_view name, double value) {
            return range(code, at + "." + std::string(name), value, 0, kMaxLatencyMs);
        };
        switch (latency.kind) {
        case LatencyKind::Fixed:
            ms("valueMs", latency.valueMs);
            break;
        case LatencyKind::Uniform:
            if (ms("minMs", latency.minMs) && ms("maxMs", latency.maxMs) &&
                latency.minMs > latency.maxMs) {
                add(code, at + ".minMs",
                    "is " + number(latency.minMs) + ", more than maxMs (" + number(latency.maxMs) +
                        "); a uniform latency needs minMs <= maxMs");
            }
            break;
        case LatencyKind::Normal:
            ms("meanMs", latency.meanMs);
            ms("stddevMs", latency.stddevMs);
            break;
        case LatencyKind::LogNormal:
            ms("medianMs", latency.medianMs);
            range(code, at + ".sigma", latency.sigma, 0, kMaxLatencySigma);
            break;
        case LatencyKind::Percentiles:
            percentiles(latency.table, at + ".table");
            break;
        }
    }

    void percentiles(const std::vector<LatencyPercentile> &table, const std::string &at) {
        const std::string code = "latency-out-of-range";
        if (table.empty()) {
            add(code, at, "is empty; a percentile table needs at least one row");
            return;
        }
        for (std::size_t i = 0; i < table.size(); ++i) {
            const std::string row = at + "[" + std::to_string(i) + "]";
            const bool percentOk = range(code, row + ".percentile", table[i].percentile, 0, 100);
            const bool msOk = range(code, row + ".ms", table[i].ms, 0, kMaxLatencyMs);
            if (i == 0 || !percentOk || !msOk) {
                continue;
            }
            if (table[i].percentile <= table[i - 1].percentile) {
                add(code, row + ".percentile",
                    "is " + number(table[i].percentile) + ", not above the row before (" +
                        number(table[i - 1].percentile) +
                        "); list the rows by increasing percentile");
            } else if (table[i].ms < table[i - 1].ms) {
                add(code, row + ".ms",
                    "is " + number(table[i].ms) + ", less than the row before (" +
                        number(table[i - 1].ms) + "); a higher percentile cannot be faster");
            }
        }
    }

    void behavior(const Behavior &behavior) {
        latency(behavior.latency, "behavior.latency");
        if (behavior.concurrency < 0) {
            add("concurrency-negative", "behavior.concurrency",
                "is " + std::to_string(behavior.concurrency) +
                    "; it must be 0 (unlimited) or more");
        }
        for (std::size_t i = 0; i < behavior.failures.size(); ++i) {
            range("probability-out-of-range", "behavior.failures[" + std::to_string(i) + "].rate",
                  behavior.failures[i].rate, 0, 1);
        }
        for (std::size_t i = 0; i < behavior.followUps.size(); ++i) {
            range("probability-out-of-range",
                  "behavior.followUps[" + std::to_string(i) + "].probability",
                  behavior.followUps[i].probability, 0, 1);
        }
    }

    void rate(const RateModel &rate, const std::string &at) {
        const std::string code = "rate-out-of-range";
        switch (rate.kind) {
        case RateKind::Constant:
        case RateKind::Poisson:
            range(code, at + ".perSecond", rate.perSecond, 0, kMaxEventsPerSecond, true);
            break;
        case RateKind::Daily: {
            if (rate.hourly.size() != kHourlyFactors) {
                add(code, at + ".hourly",
                    "has " + std::to_string(rate.hourly.size()) +
                        " factors; a daily profile has one per hour, 24");
            }
            double peak = 0;
            for (std::size_t i = 0; i < rate.hourly.size(); ++i) {
                if (range(code, at + ".hourly[" + std::to_string(i) + "]", rate.hourly[i], 0,
                          kMaxEventsPerSecond)) {
                    peak = std::max(peak, rate.hourly[i]);
                }
            }
            if (range(code, at + ".perSecond", rate.perSecond, 0, kMaxEventsPerSecond, true) &&
                rate.perSecond * peak > kMaxEventsPerSecond) {
                add(code, at + ".perSecond",
                    "is " + number(rate.perSecond) + ", which at the largest hourly factor (" +
                        number(peak) + ") puts " + number(rate.perSecond * peak) +
                        " events per second; the limit is " + number(kMaxEventsPerSecond),
                    true);
            }
            break;
        }
        case RateKind::Burst: {
            const bool size = range(code, at + ".burstSize", static_cast<double>(rate.burstSize), 0,
                                    static_cast<double>(kMaxEventsPerPut), true);
            const bool every = range(code, at + ".burstEverySeconds", rate.burstEverySeconds, 0,
                                     std::numeric_limits<double>::max());
            if (size && every && rate.burstSize > 0 &&
                static_cast<double>(rate.burstSize) >
                    kMaxEventsPerSecond * rate.burstEverySeconds) {
                add(code, at + ".burstEverySeconds",
                    "is " + number(rate.burstEverySeconds) + ", so bursts of " +
                        std::to_string(rate.burstSize) + " put more than " +
                        number(kMaxEventsPerSecond) +
                        " events per second; make the bursts smaller or further apart",
                    true);
            }
            break;
        }
        case RateKind::Scripted: {
            if (rate.script.size() > kMaxScriptEntries) {
                add(code, at + ".script",
                    "has " + std::to_string(rate.script.size()) + " entries; at most " +
                        std::to_string(kMaxScriptEntries) + " are allowed",
                    true);
                break;
            }
            std::int64_t total = 0;
            for (std::size_t i = 0; i < rate.script.size(); ++i) {
                const std::string entry = at + ".script[" + std::to_string(i) + "]";
                range(code, entry + ".atSeconds", rate.script[i].atSeconds, 0,
                      std::numeric_limits<double>::max());
                if (range(code, entry + ".count", static_cast<double>(rate.script[i].count), 0,
                          static_cast<double>(kMaxEventsPerPut), true)) {
                    total += rate.script[i].count;
                }
            }
            if (total > kMaxScriptedEvents) {
                add(code, at + ".script",
                    "puts " + std::to_string(total) + " events in all; a script may put at most " +
                        std::to_string(kMaxScriptedEvents),
                    true);
            }
            break;
        }
        }
    }

    void producer(const Producer &producer) {
        for (std::size_t i = 0; i < producer.emits.size(); ++i) {
            const Emission &emission = producer.emits[i];
            const std::string at = "emits[" + std::to_string(i) + "]";
            rate(emission.rate, at + ".rate");
            for (std::size_t v = 0; v < emission.variations.size(); ++v) {
                const std::string problem = variationPathProblem(emission.variations[v].path);
                if (!problem.empty()) {
                    add("variation-path-too-long",
                        at + ".variations[" + std::to_string(v) + "].path", problem, true);
                }
            }
        }
    }

    void bus(const Bus &bus) {
        std::set<std::string> names;
        for (std::size_t i = 0; i < bus.archives.size(); ++i) {
            const Archive &archive = bus.archives[i];
            const std::string at = "archives[" + std::to_string(i) + "]";
            if (!names.insert(archive.name).second) {
                add("archive-name-duplicate", at + ".name",
                    "is \"" + archive.name +
                        "\", the name of an earlier archive of this bus; archive names must be "
                        "unique");
            }
            if (archive.retentionDays < 0) {
                add("retention-negative", at + ".retentionDays",
                    "is " + std::to_string(archive.retentionDays) +
                        "; it must be 0 (keep forever) or more");
            }
        }
    }

    void queue(const Queue &queue) {
        if (queue.messageRetentionSeconds < 0) {
            add("retention-negative", "messageRetentionSeconds",
                "is " + std::to_string(queue.messageRetentionSeconds) + "; it must be 0 or more");
        }
        range("visibility-timeout-out-of-range", "visibilityTimeoutSeconds",
              queue.visibilityTimeoutSeconds, 0, kMaxVisibilityTimeoutSeconds);
        range("max-receive-count-out-of-range", "redrivePolicy.maxReceiveCount",
              queue.redrivePolicy.maxReceiveCount, 1, kMaxMaxReceiveCount);
        range("batch-size-out-of-range", "readerBatchSize", queue.readerBatchSize, 1,
              queue.fifo ? kMaxFifoReaderBatchSize : kMaxReaderBatchSize);
        if (queue.readerMaximumConcurrency != 0) {
            if (queue.readerMaximumConcurrency < kMinReaderMaximumConcurrency ||
                queue.readerMaximumConcurrency > kMaxReaderMaximumConcurrency) {
                add("maximum-concurrency-out-of-range", "readerMaximumConcurrency",
                    "is " + std::to_string(queue.readerMaximumConcurrency) + "; it must be from " +
                        std::to_string(kMinReaderMaximumConcurrency) + " to " +
                        std::to_string(kMaxReaderMaximumConcurrency) + ", or 0 for no maximum");
            }
        }
    }

    // A function's timeout and Lambda's asynchronous-invocation settings.
    void function(const Consumer &function) {
        range("timeout-out-of-range", "timeoutSeconds", function.timeoutSeconds, 1,
              kMaxFunctionTimeoutSeconds);
        range("retry-attempts-out-of-range", "asyncInvocation.maximumRetryAttempts",
              function.asyncInvocation.maximumRetryAttempts, 0, kMaxAsyncRetryAttempts);
        range("event-age-out-of-range", "asyncInvocation.maximumEventAgeSeconds",
              function.asyncInvocation.maximumEventAgeSeconds, kMinAsyncEventAgeSeconds,
              kMaxAsyncEventAgeSeconds);
    }

private:
    std::vector<LimitProblem> m_problems;
};

} // namespace

std::string variationPathProblem(std::string_view path) {
    const auto segments = static_cast<std::size_t>(std::count(path.begin(), path.end(), '.')) + 1;
    if (segments > kMaxVariationPathSegments) {
        return "has " + std::to_string(segments) + " segments; a path may have at most " +
               std::to_string(kMaxVariationPathSegments);
    }
    if (path.size() > kMaxVariationPathLength) {
        return "is " + std::to_string(path.size()) + " bytes long; a path may have at most " +
               std::to_string(kMaxVariationPathLength);
    }
    return {};
}

std::vector<LimitProblem> limitProblems(const Element &element) {
    Checker check;
    if (const auto *consumer = std::get_if<Consumer>(&element)) {
        check.behavior(consumer->behavior);
        if (consumer->kind == ElementKind::Function) {
            check.function(*consumer);
        }
    } else if (const auto *api = std::get_if<ApiDestination>(&element)) {
        check.behavior(api->behavior);
    } else if (const auto *external = std::get_if<ExternalSystem>(&element)) {
        check.behavior(external->behavior);
    } else if (const auto *producer = std::get_if<Producer>(&element)) {
        check.producer(*producer);
    } else if (const auto *bus = std::get_if<Bus>(&element)) {
        check.bus(*bus);
    } else if (const auto *queue = std::get_if<Queue>(&element)) {
        check.queue(*queue);
    }
    return check.take();
}

} // namespace sg::model
