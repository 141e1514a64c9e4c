#include "buslog.h"

#include "replay.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace sg::sim {

using model::Json;

namespace {

// The level at which AWS would first include a record. The schema names the levels but not the
// level of each type; the log level description (errors; errors and major steps; every step)
// is read here as: failures ERROR, receipt, matches and each invocation's start and end INFO,
// each attempt's start and success TRACE.
std::string_view logLevel(std::string_view type) {
    if (type == "INVOCATION_ATTEMPT_START" || type == "INVOCATION_ATTEMPT_SUCCESS") {
        return "TRACE";
    }
    if (type == "EVENT_RECEIPT" || type == "NO_STANDARD_RULES_MATCHED" || type == "RULE_MATCH" ||
        type == "INVOCATION_START" || type == "INVOCATION_THROTTLE_START" ||
        type == "INVOCATION_SUCCESS") {
        return "INFO";
    }
    return "ERROR";
}

std::uint64_t fnv1a(std::uint64_t hash, std::string_view bytes) {
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001B3ULL;
    }
    return hash;
}

std::uint64_t mix(std::uint64_t x) { // splitmix64's finaliser
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBULL;
    x ^= x >> 31;
    return x;
}

// The service named in an ARN ("arn:aws:lambda:..." -> "lambda"), for error.aws_service.
std::string serviceOf(std::string_view arn) {
    const std::size_t first = arn.find(':');
    const std::size_t second = first == std::string_view::npos ? first : arn.find(':', first + 1);
    const std::size_t third = second == std::string_view::npos ? second : arn.find(':', second + 1);
    if (third == std::string_view::npos) {
        return "events";
    }
    return std::string(arn.substr(second + 1, third - second - 1));
}

std::int64_t millis(SimTime duration) {
    return duration.micros() / 1000;
}

} // namespace

BusLogWriter::BusLogWriter(std::ostream &out, AwsNames names)
    : m_out(out), m_names(std::move(names)) {
}

void BusLogWriter::onLineage(std::span<const LineageStep> steps) {
    for (const LineageStep &step : steps) {
        convert(step);
    }
}

void BusLogWriter::finish() {
    resolvePending(nullptr);
    m_out.flush();
}

std::string BusLogWriter::uuid(std::string_view kind, std::uint64_t event,
                               std::string_view key) const {
    std::uint64_t hash = fnv1a(0xCBF29CE484222325ULL, kind);
    hash = fnv1a(hash, std::to_string(m_names.seed));
    hash = fnv1a(hash, ":" + std::to_string(event) + ":");
    hash = fnv1a(hash, key);
    const std::uint64_t hi = mix(hash);
    const std::uint64_t lo = mix(hash ^ 0x9E3779B97F4A7C15ULL);
    // Shaped as a version 4 UUID: 8-4-4-4-12 hex digits, version and variant bits set.
    std::array<char, 37> text{};
    std::snprintf(text.data(), text.size(), "%08x-%04x-4%03x-%04x-%012llx",
                  static_cast<unsigned>(hi >> 32), static_cast<unsigned>((hi >> 16) & 0xFFFF),
                  static_cast<unsigned>(hi & 0xFFF),
                  static_cast<unsigned>(0x8000 | ((lo >> 48) & 0x3FFF)),
                  static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
    return std::string(text.data());
}

std::int64_t BusLogWriter::epochMs(SimTime at) const {
    return m_names.startUnixSeconds * 1000 + millis(at);
}

Json BusLogWriter::header(const std::string &busArn, std::uint64_t event,
                          std::string_view invocationKey, SimTime at, std::string_view type) const {
    Json record = Json::object();
    record["resource_arn"] = busArn;
    record["request_id"] = uuid("request", event);
    const auto it = m_events.find(event);
    record["event_id"] = it != m_events.end() ? it->second.eventId : uuid("event", event);
    if (!invocationKey.empty()) {
        record["invocation_id"] = uuid("invocation", event, invocationKey);
    }
    record["message_timestamp_ms"] = epochMs(at);
    record["message_type"] = type;
    record["log_level"] = logLevel(type);
    return record;
}

Json BusLogWriter::invocationDetails(const AwsNames::Target &target) const {
    Json details = Json::object();
    details["rule_arn"] = target.ruleArn;
    details["target_arn"] = target.targetArn;
    return details;
}

void BusLogWriter::write(const Json &record) {
    m_out << record.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
    ++m_written;
}

void BusLogWriter::purgeClosed(SimTime now) {
    if (m_closing.empty() || now <= m_closingAt) {
        return;
    }
    for (const std::uint64_t event : m_closing) {
        if (const auto it = m_events.find(event);
            it != m_events.end() && it->second.openDeliveries <= 0) {
            m_events.erase(it);
        }
    }
    m_closing.clear();
}

void BusLogWriter::closeDelivery(std::uint64_t event, const std::string &key) {
    if (const auto it = m_deliveries.find({event, key}); it != m_deliveries.end()) {
        m_deliveries.erase(it);
    }
    if (const auto it = m_events.find(event); it != m_events.end()) {
        if (--it->second.openDeliveries <= 0) {
            m_closing.push_back(event);
        }
    }
}

// A dead-lettered step names the queue, not the target: the target is the one whose failure
// came just before (handled by the caller) or, for an event that aged out while it waited, the
// event's open delivery to a target with that dead-letter queue.
std::string BusLogWriter::findOpenTarget(std::uint64_t event, std::string_view dlq) const {
    for (auto it = m_deliveries.lower_bound({event, std::string()});
         it != m_deliveries.end() && it->first.first == event; ++it) {
        const auto target = m_names.targets.find(it->first.second);
        if (target != m_names.targets.end() && target->second.deadLetterQueue == dlq) {
            return it->first.second;
        }
    }
    return {};
}

void BusLogWriter::writeFailure(const LineageStep &failed, std::string_view type) {
    const auto target = m_names.targets.find(failed.element);
    DeliveryState &d = m_deliveries[{failed.event, failed.element}];
    Json record = header(m_names.busArns[target->second.busId], failed.event, failed.element,
                         failed.at, type);
    Json details = invocationDetails(target->second);
    details["attempt_type"] = d.throttled ? "THROTTLE" : (failed.attempt > 1 ? "RETRY" : "FIRST");
    details["attempt_count"] = failed.attempt;
    // invocation_status: AWS names the field, not its values; these are ours.
    details["invocation_status"] = type == "INVOCATION_ATTEMPT_THROTTLE" ? "THROTTLED"
                                   : type == "INVOCATION_ATTEMPT_PERMANENT_FAILURE"
                                       ? "PERMANENT_FAILURE"
                                       : "RETRYABLE_FAILURE";
    details["target_duration_ms"] = millis(failed.at - d.attemptStart);
    record["details"] = std::move(details);
    record["error"] = {{"error_message", failed.outcome + ": " + failed.detail},
                       {"aws_service", serviceOf(target->second.targetArn)}};
    write(record);
    d.throttled = false;
}

void BusLogWriter::writeFinal(const LineageStep &step, const std::string &key,
                              std::string_view type, std::string_view status,
                              const std::string &errorCode, const std::string &errorMessage) {
    const auto target = m_names.targets.find(key);
    if (target == m_names.targets.end()) {
        return;
    }
    const DeliveryState d = m_deliveries[{step.event, key}];
    Json record = header(m_names.busArns[target->second.busId], step.event, key, step.at, type);
    Json details = invocationDetails(target->second);
    details["total_attempts"] = std::max(step.attempt, d.attempt);
    // final_invocation_status: named by AWS, values ours (SUCCESS, DLQ, FAILURE).
    details["final_invocation_status"] = status;
    if (type == "INVOCATION_SUCCESS") {
        details["ingestion_to_success_latency_ms"] = millis(step.at - d.ingested);
        details["target_duration_ms"] = millis(step.at - d.attemptStart);
    }
    record["details"] = std::move(details);
    if (!errorCode.empty()) {
        record["error"] = {
            {"error_message", errorMessage.empty() ? errorCode : errorCode + ": " + errorMessage},
            {"aws_service", serviceOf(target->second.targetArn)}};
    }
    write(record);
    m_closingAt = step.at;
    closeDelivery(step.event, key);
}

void BusLogWriter::resolvePending(const LineageStep *next) {
    if (!m_pending) {
        return;
    }
    const LineageStep pending = std::move(*m_pending);
    m_pending.reset();
    const bool sameEvent = next != nullptr && next->event == pending.event;
    if (pending.kind == StepKind::Put) {
        if (sameEvent && next->kind == StepKind::Matched) {
            return;
        }
        Json record = header(m_names.busArns[pending.element], pending.event, {}, pending.at,
                             "NO_STANDARD_RULES_MATCHED");
        record["details"] = Json::object();
        write(record);
        if (const auto it = m_events.find(pending.event);
            it != m_events.end() && it->second.openDeliveries <= 0) {
            m_closing.push_back(pending.event);
            m_closingAt = pending.at;
        }
        return;
    }
    // A failed attempt: what followed it says whether it was retriable.
    std::string_view type = "INVOCATION_ATTEMPT_PERMANENT_FAILURE";
    if (pending.outcome == "THROTTLING") {
        type = "INVOCATION_ATTEMPT_THROTTLE";
    } else if (sameEvent && next->kind == StepKind::RetryScheduled) {
        type = "INVOCATION_ATTEMPT_RETRYABLE_FAILURE";
    } else if (sameEvent &&
               (next->kind == StepKind::DeadLettered || next->kind == StepKind::Dropped) &&
               !next->detail.empty()) {
        type = "INVOCATION_ATTEMPT_RETRYABLE_FAILURE"; // retriable, but the policy gave up
    }
    writeFailure(pending, type);
    m_lastFailure = {pending.event, pending.element};
    m_lastFailureMessage = pending.detail;
}

void BusLogWriter::convert(const LineageStep &step) {
    if (step.layer != Layer::EventBridge) {
        return; // the layers behind the targets are not the bus's to log
    }
    m_lastFailure = {};
    resolvePending(&step);
    purgeClosed(step.at);
    const auto target = m_names.targets.find(step.element);
    const bool isTarget = target != m_names.targets.end();
    switch (step.kind) {
    case StepKind::Put: {
        EventState &e = m_events[step.event];
        e.eventJson = step.detail;
        const Json event = Json::parse(step.detail, nullptr, false);
        const bool object = event.is_object();
        auto text = [&](const char *key) {
            const auto it = object ? event.find(key) : event.end();
            return it != event.end() && it->is_string() ? it->get<std::string>() : std::string();
        };
        e.eventId = text("id");
        if (e.eventId.empty()) {
            e.eventId = uuid("event", step.event);
        }
        std::int64_t sourceTime = epochMs(step.at);
        GeneratorSettings clock;
        clock.startUnixSeconds = m_names.startUnixSeconds;
        if (const auto parsed = parseIsoTime(text("time"), clock)) {
            sourceTime = epochMs(*parsed);
        }
        const std::string account = text("account");
        Json record =
            header(m_names.busArns[step.element], step.event, {}, step.at, "EVENT_RECEIPT");
        Json details = Json::object();
        details["caller_account_id"] = account.empty() ? m_names.account : account;
        details["source_time_ms"] = sourceTime;
        details["source"] = text("source");
        details["detail_type"] = text("detail-type");
        const auto resources = object ? event.find("resources") : event.end();
        details["resources"] =
            resources != event.end() && resources->is_array() ? *resources : Json::array();
        const auto detail = object ? event.find("detail") : event.end();
        details["event_detail"] = detail != event.end()
                                      ? detail->dump(-1, ' ', false, Json::error_handler_t::replace)
                                      : std::string("{}");
        record["details"] = std::move(details);
        write(record);
        m_pending = step;
        return;
    }
    case StepKind::PutRejected: {
        const auto bus = m_names.producerBuses.find(step.element);
        const std::string &busId = bus != m_names.producerBuses.end() ? bus->second : step.element;
        Json record =
            header(m_names.busArns[busId], step.event, {}, step.at, "EVENT_INGEST_FAILURE");
        record["details"] = {{"caller_account_id", m_names.account}};
        record["error"] = {{"error_message", step.outcome + ": " + step.detail},
                           {"aws_service", "events"}};
        write(record);
        return;
    }
    case StepKind::Matched: {
        if (!isTarget) {
            return;
        }
        const AwsNames::Target &t = target->second;
        const std::string &busArn = m_names.busArns[t.busId];
        const std::vector<std::string> &siblings = m_names.ruleTargets[t.ruleId];
        if (!siblings.empty() && siblings.front() == step.element) {
            Json record = header(busArn, step.event, {}, step.at, "RULE_MATCH");
            Json arns = Json::array();
            Json ids = Json::array();
            for (const std::string &key : siblings) {
                arns.push_back(m_names.targets[key].targetArn);
                ids.push_back(uuid("invocation", step.event, key));
            }
            record["details"] = {
                {"rule_arn", t.ruleArn}, {"target_arns", arns}, {"invocation_ids", ids}};
            write(record);
        }
        EventState &e = m_events[step.event];
        ++e.openDeliveries;
        DeliveryState &d = m_deliveries[{step.event, step.element}];
        d = DeliveryState{};
        d.ingested = step.at;
        Json record = header(busArn, step.event, step.element, step.at, "INVOCATION_START");
        Json details = invocationDetails(t);
        details["attempt_count"] = 0;
        details["target_input"] = step.detail.empty() ? e.eventJson : step.detail;
        record["details"] = std::move(details);
        write(record);
        return;
    }
    case StepKind::Attempt:
    case StepKind::Throttled: {
        if (!isTarget) {
            return; // a queue's reader, not EventBridge
        }
        DeliveryState &d = m_deliveries[{step.event, step.element}];
        d.attempt = step.attempt;
        const bool attempt = step.kind == StepKind::Attempt;
        if (attempt) {
            d.attemptStart = step.at;
        } else {
            d.throttled = true;
        }
        Json record =
            header(m_names.busArns[target->second.busId], step.event, step.element, step.at,
                   attempt ? "INVOCATION_ATTEMPT_START" : "INVOCATION_THROTTLE_START");
        Json details = invocationDetails(target->second);
        details["attempt_count"] = step.attempt;
        record["details"] = std::move(details);
        write(record);
        return;
    }
    case StepKind::Succeeded: {
        if (!isTarget) {
            return;
        }
        DeliveryState &d = m_deliveries[{step.event, step.element}];
        Json record = header(m_names.busArns[target->second.busId], step.event, step.element,
                             step.at, "INVOCATION_ATTEMPT_SUCCESS");
        Json details = invocationDetails(target->second);
        details["attempt_type"] = d.throttled ? "THROTTLE" : (step.attempt > 1 ? "RETRY" : "FIRST");
        details["attempt_count"] = step.attempt;
        details["invocation_status"] = "SUCCESS";
        details["target_duration_ms"] = millis(step.at - d.attemptStart);
        record["details"] = std::move(details);
        write(record);
        writeFinal(step, step.element, "INVOCATION_SUCCESS", "SUCCESS", {}, {});
        return;
    }
    case StepKind::Failed:
        if (isTarget) {
            m_pending = step; // its record depends on what follows
        }
        return;
    case StepKind::DeadLettered:
    case StepKind::Dropped: {
        std::string key;
        std::string message;
        if (m_lastFailure.first == step.event && !m_lastFailure.second.empty()) {
            key = m_lastFailure.second;
            message = m_lastFailureMessage;
        } else if (step.kind == StepKind::Dropped) {
            key = step.element;
        } else {
            key = findOpenTarget(step.event, step.element);
        }
        if (!step.detail.empty()) {
            message += (message.empty() ? "" : "; ");
            message += "EXHAUSTED_RETRY_CONDITION " + step.detail;
        }
        const bool dlq = step.kind == StepKind::DeadLettered;
        writeFinal(step, key, dlq ? "INVOCATION_DLQ" : "INVOCATION_FAILURE",
                   dlq ? "DLQ" : "FAILURE", step.outcome, message);
        return;
    }
    case StepKind::RetryScheduled:
    case StepKind::FollowUp:
    case StepKind::LoopStopped:
    case StepKind::Enqueued:
    case StepKind::Received:
    case StepKind::Redriven:
    case StepKind::Expired:
    case StepKind::OnFailure:
    case StepKind::Discarded:
        return; // not a step EventBridge logs
    }
}

} // namespace sg::sim
