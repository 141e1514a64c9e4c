#pragma once
// Scenario: a workshop outcome as a repeatable check. A JSON file names the model, how long to
// run and with which seed, the faults to inject, extra events to put, and assertions on the
// run's metrics.
//
// The file format (`*.scenario.json`; every key optional unless marked, unknown keys are errors):
//
//   {
//     "name": "Payment provider outage",
//     "description": "The provider is down for 15 minutes; nothing may be lost.",
//     "model": "cascading-failure.stormglass.json",   // relative to the scenario file
//     "duration": "1h",                               // default 1h
//     "seed": 42,                                     // default: the CLI's --seed
//     "duplicateRate": 0.001,                         // 0..1, default 0
//     "faults": [
//       {"element": "payment-provider", "from": "10m", "to": "25m", "mode": "down"},
//       {"element": "warehouse-api", "from": "30m", "to": "35m", "mode": "slow",
//        "extraLatency": "2s"},
//       {"element": "billing-charge", "from": "40m", "to": "45m", "mode": "failing",
//        "rate": 0.2, "failure": "throttled"}
//     ],
//     "puts": [
//       {"at": "5m", "bus": "commerce-bus", "count": 100,
//        "event": {"source": "com.example.checkout", "detail-type": "Order Placed",
//                  "detail": {"orderId": "o-1"}}},
//       {"at": "6m", "bus": "commerce-bus",
//        "entries": [{"source": "com.example.checkout", "detail-type": "Order Placed"},
//                    {"source": "com.example.checkout", "detail-type": "Order Cancelled"}]}
//     ],
//     "assertions": [
//       {"element": "billing-dlq", "counter": "received", "equals": 0},
//       {"element": "charge-on-order-placed/billing", "counter": "succeeded", "atLeast": 1000},
//       {"target": "billing-charge", "percentile": 99, "below": "2s"},
//       {"nothingDropped": true}
//     ]
//   }
//
// Faults: `element`, `from`, `to` (durations, to > from) and `mode` are required. `down` fails
// every invocation with `failure` (default connectionFailure); `slow` needs `extraLatency`;
// `failing` needs `rate` (0..1) and fails with `failure` (default serverError). A key that does
// not apply to the mode is an error. Failure names: throttled, serverError, timeout,
// connectionFailure, permissionDenied, targetDeleted, clientError.
// Puts: `at`, `bus` and `event` (an object with string `source` and `detail-type`; the simulator
// completes the envelope) are required; `count` 1..10^5, default 1. A put with `entries` instead
// of `event` (and no `count`) is one PutEvents call of those events: like PutEvents, a call of
// no entries or of more than 10 is refused whole, with AWS's ValidationException message.
// Assertions, one comparison each (`below` <, `atMost` <=, `equals` ==, `atLeast` >=,
// `above` >): a counter of an element or RULE_ID/TARGET_ID (the names counterByName() knows)
// against a whole number; an end-to-end latency percentile (0 < p <= 100) of a target against a
// duration; or `"nothingDropped": true`. Durations are written as parseDuration() reads them.

#include "arch/elements.h"
#include "core/result.h"
#include "faults.h"
#include "metrics.h"
#include "simtime.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::sim {

// `count` copies of `event` put on `bus` at `at` (a scripted producer outside the model).
struct ExtraPut {
    SimTime at;
    model::ElementId bus;
    model::Json event;
    int count = 1;
    // Non-empty: one PutEvents call of these 1 to 10 events instead (`event`, `count` unused).
    std::vector<model::Json> entries;
    friend bool operator==(const ExtraPut &, const ExtraPut &) = default;
};

enum class Comparison : std::uint8_t { Less, LessEqual, Equal, GreaterEqual, Greater };

// One check on the metrics of a finished run. `text` is how the scenario file wrote it, for
// reports.
struct Assertion {
    enum class Kind : std::uint8_t {
        Counter, // counters(element).<counter> <comparison> value
        Latency, // latencyPercentile(element, percentile) <comparison> latency
        NothingDropped,
    };
    Kind kind = Kind::Counter;
    std::string text;
    std::string element; // an element id, or RULE_ID/TARGET_ID for a target
    std::string counter; // Counter: one of the names counterByName() knows
    double percentile = 0;
    Comparison comparison = Comparison::LessEqual;
    std::uint64_t value = 0; // Counter
    SimTime latency;         // Latency
    friend bool operator==(const Assertion &, const Assertion &) = default;
};

struct AssertionResult {
    bool passed = false;
    std::string text;   // the assertion as written
    std::string actual; // what the run gave ("3", "1.84s", "unknown element"), for the report
};

struct Scenario {
    std::string name;
    std::string description;
    std::string model; // path of the model, relative to the scenario file's folder
    SimTime duration = SimTime::hours(1);
    std::optional<std::uint64_t> seed; // nullopt: the CLI's --seed or its default
    double duplicateRate = 0;          // at-least-once: probability a delivery happens twice
    std::vector<FaultWindow> faults;
    std::vector<ExtraPut> puts;
    std::vector<Assertion> assertions;
};

// Reads a scenario file's text. Errors name `fileName`, the line and column, and the JSON path of
// the offending field ("faults[1].from"). Durations and times are written as parseDuration()
// reads them ("90s", "10m", "1h").
[[nodiscard]] Result<Scenario> parseScenario(std::string_view text, std::string_view fileName);

// An error about a scenario found after reading it (a put on a bus the model lacks, a fault on a
// missing element), whose `field` is a path such as "puts[0].bus": the same error with the
// message parseScenario's own errors have, "FILE:LINE:COLUMN: puts[0].bus: ...". `text` is the
// scenario file's text, which parseScenario accepted.
[[nodiscard]] Error scenarioErrorAt(std::string_view text, std::string_view fileName, Error error);

// The first assertion naming an element (or RULE_ID/TARGET_ID) the run does not know; its field
// is "assertions[N].element". A scenario with such an assertion is bad input, not a failed check.
[[nodiscard]] std::optional<Error> checkAssertionElements(const std::vector<Assertion> &assertions,
                                                          const MetricsLookup &metrics);

// Evaluates every assertion against a run's metrics, in order.
[[nodiscard]] std::vector<AssertionResult> evaluate(const std::vector<Assertion> &assertions,
                                                    const MetricsLookup &metrics);

} // namespace sg::sim
