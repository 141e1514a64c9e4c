#pragma once
// BusLogWriter: the run's lineage written as EventBridge's own event bus log records, so that a
// simulated run can be set beside the logs of a deployed bus.
//
// Field names, message_type values and the `details` of each type follow the EventBridge User
// Guide, "Amazon EventBridge event bus log schema" (eb-event-logs-schema), with full detail (the
// log configuration's IncludeDetail FULL): one JSON object per line with resource_arn,
// request_id, event_id, invocation_id, message_timestamp_ms, message_type, log_level, details
// and, for failures, error. A lineage step becomes the records AWS writes for it:
//
//   put              EVENT_RECEIPT; NO_STANDARD_RULES_MATCHED when no rule matched
//   put_rejected     EVENT_INGEST_FAILURE
//   matched          RULE_MATCH (at a rule's first target), INVOCATION_START
//   attempt          INVOCATION_ATTEMPT_START
//   throttled        INVOCATION_THROTTLE_START
//   succeeded        INVOCATION_ATTEMPT_SUCCESS, INVOCATION_SUCCESS
//   failed           INVOCATION_ATTEMPT_THROTTLE (THROTTLING), INVOCATION_ATTEMPT_RETRYABLE_FAILURE
//                    (retried, or given up on by the retry policy) or
//                    INVOCATION_ATTEMPT_PERMANENT_FAILURE (not retriable)
//   dead_lettered    INVOCATION_DLQ
//   dropped          INVOCATION_FAILURE
//
// Steps that are not EventBridge's (a queue's reader, follow-ups, loop stops, retry scheduling)
// write nothing. Ids are UUID-shaped hashes of the run's seed, the event's number and the target,
// so the same seed gives the same file; event_id is the event's own `id` when it has one.
// Timestamps are milliseconds since the Unix epoch, simulated time 0 being
// GeneratorSettings::startUnixSeconds. What AWS leaves open is ours and said so where it is set
// (log levels per type, invocation_status values).

#include "simulation.h"

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sg::sim {

class BusLogWriter final : public SimulationObserver {
public:
    // Writes to `out` (not owned); `names` from Simulation::awsNames() of the run it follows.
    BusLogWriter(std::ostream &out, AwsNames names);

    void onLineage(std::span<const LineageStep> steps) override;
    // Writes what still waits on a later step (a put's "no rule matched"). Call after the run.
    void finish();

    [[nodiscard]] std::uint64_t recordsWritten() const { return m_written; }

private:
    struct EventState {
        std::string eventId;
        std::string eventJson; // the event as put, for target_input
        int openDeliveries = 0;
    };
    struct DeliveryState {
        SimTime ingested;       // the put on the rule's bus
        SimTime attemptStart;   // of the attempt in progress
        bool throttled = false; // the attempt in progress was held back
        int attempt = 0;
    };
    using DeliveryKey = std::pair<std::uint64_t, std::string>; // event, RULE_ID/TARGET_ID

    void convert(const LineageStep &step);
    void resolvePending(const LineageStep *next);
    void purgeClosed(SimTime now);
    void writeFailure(const LineageStep &failed, std::string_view type);
    void writeFinal(const LineageStep &step, const std::string &key, std::string_view type,
                    std::string_view status, const std::string &errorCode,
                    const std::string &errorMessage);
    void closeDelivery(std::uint64_t event, const std::string &key);
    [[nodiscard]] std::string findOpenTarget(std::uint64_t event, std::string_view dlq) const;

    [[nodiscard]] std::string uuid(std::string_view kind, std::uint64_t event,
                                   std::string_view key = {}) const;
    [[nodiscard]] std::int64_t epochMs(SimTime at) const;
    [[nodiscard]] model::Json header(const std::string &busArn, std::uint64_t event,
                                     std::string_view invocationKey, SimTime at,
                                     std::string_view type) const;
    [[nodiscard]] model::Json invocationDetails(const AwsNames::Target &target) const;
    void write(const model::Json &record);

    std::ostream &m_out;
    AwsNames m_names;
    std::map<std::uint64_t, EventState> m_events;
    std::map<DeliveryKey, DeliveryState> m_deliveries;
    // Events whose deliveries all ended at m_closingAt: forgotten once time moves on (more steps
    // of the same routing, at the same time, may still name them).
    std::vector<std::uint64_t> m_closing;
    SimTime m_closingAt;
    // A step whose records depend on the step after it: a put (did a rule match?) or a failure
    // (was it retried, given up on, or never retriable?).
    std::optional<LineageStep> m_pending;
    // The failure resolved just before the current step (a dead-lettered step names its queue,
    // and this names its target), with its message.
    DeliveryKey m_lastFailure;
    std::string m_lastFailureMessage;
    std::uint64_t m_written = 0;
};

} // namespace sg::sim
