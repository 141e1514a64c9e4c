#pragma once
// Metrics: the per-element counters a run keeps, and the read-only view that reports and scenario
// assertions query them through.

#include "simtime.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sg::sim {

// What happened at one element over a run. Which counters move depends on the kind: a bus counts
// put and matched; a rule matched; a target or consumer invoked, succeeded, failed, retried,
// throttled, sentToDlq and dropped; a queue received.
struct ElementCounters {
    std::uint64_t put = 0;       // events put on a bus (or by a producer)
    std::uint64_t matched = 0;   // bus: events that matched at least one rule; rule: its matches
    std::uint64_t invoked = 0;   // invocation attempts, first tries and retries
    std::uint64_t succeeded = 0; // attempts that succeeded
    std::uint64_t failed = 0;    // attempts that failed (retriable or not)
    std::uint64_t retried = 0;   // attempts that were retries
    std::uint64_t throttled = 0; // attempts delayed by a rate or concurrency limit
    std::uint64_t sentToDlq = 0; // deliveries that ended in the dead-letter queue
    std::uint64_t dropped = 0;   // deliveries that ended with no dead-letter queue to go to
    std::uint64_t received = 0;  // queue: messages received (a dead-letter queue: DLQ messages)

    friend bool operator==(const ElementCounters &, const ElementCounters &) = default;
};

// The names counters have in reports and scenario files, in the order of ElementCounters:
// "put", "matched", "invoked", "succeeded", "failed", "retried", "throttled", "sent_to_dlq",
// "dropped", "received". Returns nullopt for an unknown name.
[[nodiscard]] std::optional<std::uint64_t> counterByName(const ElementCounters &counters,
                                                         std::string_view name);
[[nodiscard]] bool isCounterName(std::string_view name);

// Read access to a finished (or paused) run's metrics, by element id. A target is named either by
// its destination element's id (all rules' deliveries to it together) or as "RULE_ID/TARGET_ID".
class MetricsLookup {
public:
    MetricsLookup() = default;
    MetricsLookup(const MetricsLookup &) = default;
    MetricsLookup &operator=(const MetricsLookup &) = default;
    virtual ~MetricsLookup() = default;

    // nullopt when no element or target has that name.
    [[nodiscard]] virtual std::optional<ElementCounters> counters(std::string_view name) const = 0;
    // End-to-end latency (from the event's put to the successful invocation) at `percentile`
    // (0 < p <= 100) over the run; nullopt when the name is unknown or nothing succeeded there.
    [[nodiscard]] virtual std::optional<SimTime> latencyPercentile(std::string_view name,
                                                                   double percentile) const = 0;
    // Totals over the whole run.
    [[nodiscard]] virtual std::uint64_t totalDropped() const = 0;
};

} // namespace sg::sim
