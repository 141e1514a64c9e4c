// Lint works on a snapshot of the project: it never assumes that references resolve (a project
// built with appendUnchecked may not have been checked), so every lookup tolerates a missing or
// wrongly-kinded element and simply skips what depends on it.
//
// Event flow (rule-matches-no-sample, event-loop) is judged with the compiled Matcher, one per
// bus, over the sample events of the event types concerned; an event type without samples is
// represented by a minimal envelope carrying its source and detail-type.
//
// Models run to 100,000 elements (stormglass-cli synth makes them), so no pass may compare every
// rule, bus or event type with every other: lint must stay about linear in the model's size.

#include "arch/lint.h"
#include "arch/entrysize.h"
#include "arch/limits.h"

#include "pattern/matcher.h"
#include "pattern/patternparser.h"
#include "transform/inputtransformer.h"

#include <algorithm>
#include <cctype>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <nlohmann/json.hpp>

namespace sg::model {

std::string_view severityName(Severity severity) {
    switch (severity) {
    case Severity::Error:
        return "error";
    case Severity::Warning:
        return "warning";
    case Severity::Info:
        return "info";
    }
    return "error";
}

namespace {

constexpr int kMinRetryAttempts = 0;
constexpr int kMaxRetryAttempts = 185;
constexpr int kMinEventAgeSeconds = 60;
constexpr int kMaxEventAgeSeconds = 86400;
// CreateApiDestination accepts any rate from 1; 300 is the per-destination invocation quota.
constexpr int kMinInvocationRate = 1;
constexpr int kMaxInvocationRate = 300;
constexpr double kMaxFaultLatencyMs = 86'400'000; // a day

// How a kind is called in a sentence.
std::string_view kindWords(ElementKind kind) {
    switch (kind) {
    case ElementKind::BoundedContext:
        return "bounded context";
    case ElementKind::EventType:
        return "event type";
    case ElementKind::Producer:
        return "producer";
    case ElementKind::Bus:
        return "bus";
    case ElementKind::Rule:
        return "rule";
    case ElementKind::Function:
        return "function";
    case ElementKind::StateMachine:
        return "state machine";
    case ElementKind::Queue:
        return "queue";
    case ElementKind::Connection:
        return "connection";
    case ElementKind::ApiDestination:
        return "API destination";
    case ElementKind::ExternalSystem:
        return "external system";
    case ElementKind::Sticky:
        return "sticky";
    }
    return "element";
}

// `rule "Order placed" (order-placed)`, or `rule order-placed` when the name adds nothing.
std::string describe(const Element &element) {
    std::string text(kindWords(elementKind(element)));
    const std::string &name = elementName(element);
    const std::string &id = elementId(element).value;
    if (name.empty() || name == id) {
        text.append(" ").append(id);
    } else {
        text.append(" \"").append(name).append("\" (").append(id).append(")");
    }
    return text;
}

std::string capitalized(std::string text) {
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') {
        text[0] = static_cast<char>(text[0] - 'a' + 'A');
    }
    return text;
}

// Pattern length as AWS counts it: UTF-16 code units.
std::size_t utf16Length(std::string_view text) {
    std::size_t length = 0;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte & 0xC0U) != 0x80U) {
            length += byte >= 0xF0U ? 2U : 1U;
        }
    }
    return length;
}

bool isBlank(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

bool differentPlace(const Bus &a, const Bus &b) {
    return a.account != b.account || a.region != b.region;
}

// Consumers other than queues, which lintQueue() judges (a dead-letter queue receives failures).
bool invokedConsumerKind(ElementKind kind) {
    return kind == ElementKind::Function || kind == ElementKind::StateMachine ||
           kind == ElementKind::ApiDestination;
}

const Behavior *behaviorOf(const Element &element) {
    if (const auto *consumer = std::get_if<Consumer>(&element)) {
        return &consumer->behavior;
    }
    if (const auto *api = std::get_if<ApiDestination>(&element)) {
        return &api->behavior;
    }
    if (const auto *external = std::get_if<ExternalSystem>(&element)) {
        return &external->behavior;
    }
    return nullptr;
}

class Linter {
public:
    Linter(const Project &project, const LintOptions &options)
        : m_project(project), m_options(options) {}

    std::vector<Finding> run() {
        prepareRules();
        prepareEventTypes();
        prepareReceivers();
        for (const Element &element : m_project.elements()) {
            lintElement(element);
            lintFaultWindows(element);
        }
        lintUnmatchedRules();
        lintBusHops();
        lintLoops();
        lintAccountQuota();

        std::vector<std::pair<std::size_t, Finding>> keyed;
        keyed.reserve(m_findings.size());
        for (Finding &finding : m_findings) {
            keyed.emplace_back(m_project.indexOf(finding.element), std::move(finding));
        }
        std::stable_sort(keyed.begin(), keyed.end(), [](const auto &a, const auto &b) {
            if (a.first != b.first) {
                return a.first < b.first;
            }
            return a.second.code < b.second.code;
        });
        std::vector<Finding> out;
        out.reserve(keyed.size());
        for (auto &entry : keyed) {
            out.push_back(std::move(entry.second));
        }
        return out;
    }

private:
    struct RuleInfo {
        const Rule *rule = nullptr;
        std::optional<EventPattern> pattern; // set when the pattern is valid and not blank
        std::optional<Error> error;          // set when the pattern is invalid
        bool blank = false;
    };

    struct TypeInfo {
        const EventType *type = nullptr;
        std::vector<const Json *> judged; // its samples, or `envelope` when it has none
        std::unique_ptr<Json> envelope;   // on the heap: `judged` points into it
    };

    // A rule handling events of one event type: a node of the event-flow graph.
    struct Flow {
        std::size_t rule = 0;
        std::size_t type = 0;
        auto operator<=>(const Flow &) const = default;
    };

    struct FlowEdge {
        Flow to;
        std::string via; // how the event gets there, for the loop message
    };

    void add(Severity severity, std::string code, std::string message, const ElementId &element) {
        m_findings.push_back(Finding{severity, std::move(code), std::move(message), element});
    }

    // A fault window that cannot happen as written: the simulator would refuse the model.
    void lintFaultWindows(const Element &element) {
        const Behavior *behavior = behaviorOf(element);
        if (!behavior) {
            return;
        }
        const ElementId &id = elementId(element);
        for (std::size_t i = 0; i < behavior->faults.size(); ++i) {
            const FaultWindow &fault = behavior->faults[i];
            const std::string where = describe(element) + ", fault window " +
                                      std::to_string(i + 1) + " (behavior.faults[" +
                                      std::to_string(i) + "])";
            if (fault.fromSeconds < 0 || fault.toSeconds <= fault.fromSeconds) {
                add(Severity::Error, "fault-window-time",
                    where + ": it must start at 0 s or later and end after it starts (from " +
                        formatNumber(fault.fromSeconds) + " s to " + formatNumber(fault.toSeconds) +
                        " s).",
                    id);
            }
            if (fault.mode == FaultMode::Failing && !(fault.rate > 0 && fault.rate <= 1)) {
                add(Severity::Error, "fault-window-rate",
                    where + ": the failure rate is " + formatNumber(fault.rate) +
                        "; it must be above 0 and at most 1.",
                    id);
            }
            if (fault.mode == FaultMode::Slow &&
                !(fault.extraLatencyMs > 0 && fault.extraLatencyMs <= kMaxFaultLatencyMs)) {
                add(Severity::Error, "fault-window-latency",
                    where + ": the extra latency is " + formatNumber(fault.extraLatencyMs) +
                        " ms; it must be above 0 and at most one day.",
                    id);
            }
        }
    }

    std::string describeId(const ElementId &id) const {
        const Element *element = m_project.find(id);
        return element ? describe(*element) : id.value;
    }

    void prepareRules() {
        for (const Rule *rule : m_project.all<Rule>()) {
            RuleInfo info;
            info.rule = rule;
            if (isBlank(rule->pattern)) {
                info.blank = true;
            } else {
                PatternLimits unlimited;
                unlimited.maxLength = 0; // length is its own finding
                Result<EventPattern> parsed = parseEventPattern(rule->pattern, unlimited);
                if (parsed) {
                    info.pattern = std::move(parsed).value();
                } else {
                    info.error = parsed.error();
                }
            }
            m_ruleIndex.emplace(rule->id, m_rules.size());
            ++m_rulesPerBus[rule->bus];
            m_rules.push_back(std::move(info));
        }
    }

    void prepareEventTypes() {
        for (const EventType *type : m_project.all<EventType>()) {
            TypeInfo info;
            info.type = type;
            for (const Json &sample : type->samples) {
                info.judged.push_back(&sample);
            }
            if (info.judged.empty()) {
                info.envelope =
                    std::make_unique<Json>(Json{{"version", "0"},
                                                {"id", "00000000-0000-4000-8000-000000000000"},
                                                {"detail-type", type->detailType},
                                                {"source", type->source},
                                                {"account", "123456789012"},
                                                {"time", "2025-01-01T00:00:00Z"},
                                                {"region", "us-east-1"},
                                                {"resources", Json::array()},
                                                {"detail", Json::object()}});
                info.judged.push_back(info.envelope.get());
            }
            m_typeIndex.emplace(type->id, m_types.size());
            m_types.push_back(std::move(info));
        }
    }

    // Who gets events or calls, so that each consumer is judged in constant time.
    void prepareReceivers() {
        for (const RuleInfo &info : m_rules) {
            for (const Target &target : info.rule->targets) {
                m_targeted.insert(target.destination);
                if (!target.deadLetterQueue.empty()) {
                    m_deadLetterQueues.insert(target.deadLetterQueue);
                }
            }
        }
        for (const Element &element : m_project.elements()) {
            if (const auto *queue = std::get_if<Queue>(&element)) {
                if (!queue->readBy.empty()) {
                    m_queueReaders.insert(queue->readBy);
                }
                if (!queue->redrivePolicy.deadLetterQueue.empty()) {
                    m_deadLetterQueues.insert(queue->redrivePolicy.deadLetterQueue);
                }
            } else if (const Behavior *behavior = behaviorOf(element)) {
                m_called.insert(behavior->dependsOn.begin(), behavior->dependsOn.end());
            }
            if (const auto *function = std::get_if<Consumer>(&element);
                function && function->kind == ElementKind::Function) {
                const AsyncInvocation &async = function->asyncInvocation;
                if (!async.deadLetterQueue.empty()) {
                    m_deadLetterQueues.insert(async.deadLetterQueue);
                }
                if (m_project.get<Queue>(async.onFailure) != nullptr) {
                    m_deadLetterQueues.insert(async.onFailure);
                } else if (!async.onFailure.empty()) {
                    m_onFailureDestinations.insert(async.onFailure);
                }
            }
        }
    }

    // --- The retry layers behind a target ---------------------------------------------------
    // EventBridge's retry policy ends at Lambda's Invoke call and SQS's SendMessage; what
    // happens to a failing function or message is Lambda's and SQS's (Lambda developer guide,
    // "How Lambda handles errors and retries with asynchronous invocation"; SQS developer guide,
    // "Using dead-letter queues").

    void lintFunction(const Consumer &function, const Element &element) {
        const AsyncInvocation &async = function.asyncInvocation;
        const std::string who = capitalized(describe(element));
        const int tries = async.maximumRetryAttempts + 1;
        if (m_targeted.contains(function.id) && async.onFailure.empty() &&
            async.deadLetterQueue.empty()) {
            add(Severity::Warning, "function-failures-discarded",
                who +
                    " is invoked asynchronously by EventBridge, and Lambda, not EventBridge, "
                    "retries its errors: an event that fails " +
                    std::to_string(tries) + (tries == 1 ? " time" : " times") +
                    " is discarded, as it has no on-failure destination and no dead-letter "
                    "queue.",
                function.id);
        }
        if (const Queue *dlq = m_project.get<Queue>(async.deadLetterQueue); dlq && dlq->fifo) {
            add(Severity::Error, "function-dlq-fifo",
                who + ": dead-letter " + describeId(dlq->id) +
                    " is a FIFO queue; Lambda's dead-letter queue must be a standard queue.",
                function.id);
        }
        if (const Queue *destination = m_project.get<Queue>(async.onFailure);
            destination && destination->fifo) {
            add(Severity::Error, "on-failure-fifo",
                who + ": on-failure destination " + describeId(destination->id) +
                    " is a FIFO queue; Lambda sends failure records to standard queues only.",
                function.id);
        }
        if (async.onFailure == function.id) {
            add(Severity::Warning, "on-failure-self",
                who + " is its own on-failure destination: each failure record would invoke it "
                      "again with the record as its event.",
                function.id);
        }
    }

    void lintLayers(const Rule &rule, const Target &target, const std::string &where) {
        const auto *function = m_project.get<Consumer>(target.destination);
        if (function == nullptr || function->kind != ElementKind::Function) {
            return;
        }
        const RetryPolicy &retry = target.retryPolicy;
        if (retry.maximumRetryAttempts != kDefaultMaximumRetryAttempts ||
            retry.maximumEventAgeSeconds != kDefaultMaximumEventAgeSeconds) {
            const AsyncInvocation &async = function->asyncInvocation;
            add(Severity::Info, "retry-policy-on-function",
                where + ": this retry policy (" + std::to_string(retry.maximumRetryAttempts) +
                    " retries, " + formatNumber(retry.maximumEventAgeSeconds) +
                    " s) only governs EventBridge's Invoke call to " + describeId(function->id) +
                    " (throttling and Lambda service errors). Errors of the function itself are "
                    "retried by Lambda's asynchronous queue, set on the function (now " +
                    std::to_string(async.maximumRetryAttempts) + " retries, events up to " +
                    formatNumber(async.maximumEventAgeSeconds) + " s old).",
                rule.id);
        }
    }

    void lintQueueLayers(const Queue &queue, const Element &element) {
        const std::string who = capitalized(describe(element));
        const auto *reader = m_project.get<Consumer>(queue.readBy);
        if (reader && reader->kind == ElementKind::Function) {
            const int visibility = queue.visibilityTimeoutSeconds;
            const int timeout = reader->timeoutSeconds;
            // "<who> has a visibility timeout of V s, less than [six times] the T s timeout of
            // <reader> that reads it", then why it matters.
            const auto belowTimeout = [&](std::string_view times, std::string_view why) {
                return who + " has a visibility timeout of " + formatNumber(visibility) +
                       " s, less than " + std::string(times) + "the " + formatNumber(timeout) +
                       " s timeout of " + describeId(reader->id) + " that reads it" +
                       std::string(why);
            };
            if (visibility < timeout) {
                add(Severity::Error, "visibility-timeout-below-timeout",
                    belowTimeout("", ": Lambda refuses to create such an event source mapping. "
                                     "The simulator runs it, hiding each received message for "
                                     "at least 1 s."),
                    queue.id);
            } else if (visibility < 6 * timeout) {
                add(Severity::Warning, "visibility-timeout-short",
                    belowTimeout("six times ",
                                 " (AWS advises at least six times): messages in a slow or "
                                 "throttled batch become visible again and are processed twice."),
                    queue.id);
            }
        }
        const ElementId &dlqId = queue.redrivePolicy.deadLetterQueue;
        // A dead-letter queue's reader is the last stop (an operator looking at failures):
        // asking it for a dead-letter queue of its own would never end.
        if (!queue.readBy.empty() && dlqId.empty() && !m_deadLetterQueues.contains(queue.id)) {
            add(Severity::Warning, "queue-without-redrive",
                who + " is read by " + describeId(queue.readBy) +
                    " but has no redrive policy: a message that keeps failing is received "
                    "again after every visibility timeout until its retention period ends, then "
                    "deleted unseen.",
                queue.id);
        }
        const Queue *dlq = m_project.get<Queue>(dlqId);
        if (dlqId == queue.id) {
            add(Severity::Error, "redrive-to-self",
                who + " names itself as its redrive dead-letter queue.", queue.id);
        } else if (dlq && dlq->fifo != queue.fifo) {
            add(Severity::Error, "redrive-queue-type",
                who + " is a " + (queue.fifo ? "FIFO" : "standard") +
                    " queue, and its redrive "
                    "dead-letter queue " +
                    describeId(dlq->id) +
                    " is not; SQS needs both of one "
                    "type.",
                queue.id);
        } else if (dlq && dlq->messageRetentionSeconds <= queue.messageRetentionSeconds) {
            add(Severity::Warning, "redrive-retention-short",
                who + " keeps messages " + formatNumber(queue.messageRetentionSeconds) +
                    " s, and its dead-letter queue " + describeId(dlq->id) + " " +
                    formatNumber(dlq->messageRetentionSeconds) +
                    " s; SQS counts a redriven message's age from its first enqueue, so the "
                    "dead-letter queue should keep messages longer.",
                queue.id);
        }
    }

    // The account's invocation quota is the model's, not an element's: the finding names none.
    void lintAccountQuota() {
        const int quota = m_project.accountInvocationQuotaPerSecond();
        if (quota < 0 || quota > kMaxAccountInvocationQuotaPerSecond) {
            add(Severity::Error, "account-quota-out-of-range",
                "The account's invocation quota is " + std::to_string(quota) +
                    " per second; it must be from 0 (none) to " +
                    std::to_string(kMaxAccountInvocationQuotaPerSecond) + ".",
                ElementId{});
        }
    }

    // A file from before these settings existed: say what they were set to.
    void lintUpgrade(const Element &element) {
        if (m_project.upgradedFrom().empty()) {
            return;
        }
        const std::string who = capitalized(describe(element));
        const std::string from = " (read from a file in " + m_project.upgradedFrom() +
                                 ", which predates these settings; saving keeps them)";
        if (const auto *function = std::get_if<Consumer>(&element);
            function && function->kind == ElementKind::Function) {
            add(Severity::Info, "upgraded-defaults",
                who + " now has Lambda's defaults: a " +
                    formatNumber(kDefaultFunctionTimeoutSeconds) +
                    " s timeout, and its asynchronous invocations retried " +
                    std::to_string(kDefaultAsyncRetryAttempts) + " times by Lambda for up to " +
                    formatNumber(kDefaultAsyncEventAgeSeconds) +
                    " s, with no on-failure destination" + from + ".",
                function->id);
        } else if (const auto *queue = std::get_if<Queue>(&element)) {
            add(Severity::Info, "upgraded-defaults",
                who + " now has SQS's defaults: a " +
                    formatNumber(kDefaultVisibilityTimeoutSeconds) +
                    " s visibility timeout and no redrive policy, read in batches of " +
                    std::to_string(kDefaultReaderBatchSize) + from + ".",
                queue->id);
        }
    }

    void lintElement(const Element &element) {
        for (const LimitProblem &problem : limitProblems(element)) {
            add(Severity::Error, problem.code,
                capitalized(describe(element)) + ": " + problem.field + " " + problem.message + ".",
                elementId(element));
        }
        if (const auto *type = std::get_if<EventType>(&element)) {
            lintEventType(*type, element);
        } else if (const auto *producer = std::get_if<Producer>(&element)) {
            if (producer->bus.empty() || !m_project.get<Bus>(producer->bus)) {
                add(Severity::Error, "producer-no-bus",
                    capitalized(describe(element)) +
                        " puts its events on no bus; give it the bus it sends to.",
                    producer->id);
            }
        } else if (const auto *bus = std::get_if<Bus>(&element)) {
            lintBus(*bus, element);
        } else if (const auto *rule = std::get_if<Rule>(&element)) {
            lintRule(*rule, element);
        } else if (const auto *queue = std::get_if<Queue>(&element)) {
            lintQueue(*queue, element);
            lintQueueLayers(*queue, element);
        } else if (const auto *api = std::get_if<ApiDestination>(&element)) {
            lintApiDestination(*api, element);
        } else if (const auto *consumer = std::get_if<Consumer>(&element);
                   consumer && consumer->kind == ElementKind::Function) {
            lintFunction(*consumer, element);
        }
        lintUpgrade(element);
        if (invokedConsumerKind(elementKind(element)) && !receives(elementId(element))) {
            add(Severity::Warning, "consumer-receives-nothing",
                capitalized(describe(element)) +
                    " receives nothing: no rule targets it, it reads no queue and nothing calls "
                    "it.",
                elementId(element));
        }
    }

    void lintEventType(const EventType &type, const Element &element) {
        const std::string who = describe(element);
        if (type.source.empty() || type.detailType.empty()) {
            const std::string missing = type.source.empty() && type.detailType.empty()
                                            ? "no source and no detail-type"
                                        : type.source.empty() ? "no source"
                                                              : "no detail-type";
            add(Severity::Warning, "event-type-incomplete",
                capitalized(who) + " has " + missing +
                    "; rules cannot select its events without them.",
                type.id);
        }
        for (std::size_t i = 0; i < type.samples.size(); ++i) {
            const Json &sample = type.samples[i];
            const std::string which = "sample event " + std::to_string(i + 1) + " of " + who;
            if (!sample.is_object()) {
                add(Severity::Warning, "sample-invalid",
                    capitalized(which) + " is not a JSON object, so it is not an event.", type.id);
                continue;
            }
            const auto source = sample.find("source");
            const auto detailType = sample.find("detail-type");
            const bool sourceAgrees = source != sample.end() && source->is_string() &&
                                      source->get_ref<const std::string &>() == type.source;
            const bool detailTypeAgrees =
                detailType != sample.end() && detailType->is_string() &&
                detailType->get_ref<const std::string &>() == type.detailType;
            if (!sourceAgrees || !detailTypeAgrees) {
                std::string field = !sourceAgrees ? "source" : "detail-type";
                if (!sourceAgrees && !detailTypeAgrees) {
                    field = "source and detail-type";
                }
                add(Severity::Warning, "sample-mismatch",
                    capitalized(which) + " has a " + field + " that differs from its event type's.",
                    type.id);
            }
            const std::size_t size = putEventsEntrySize(sample);
            if (size > m_options.maxEntrySizeBytes) {
                add(Severity::Error, "entry-too-large",
                    capitalized(which) + " makes a PutEvents entry of " + std::to_string(size) +
                        " bytes; EventBridge accepts at most " +
                        std::to_string(m_options.maxEntrySizeBytes) + " bytes per entry.",
                    type.id);
            }
        }
    }

    void lintBus(const Bus &bus, const Element &element) {
        const auto counted = m_rulesPerBus.find(bus.id);
        const std::size_t count = counted == m_rulesPerBus.end() ? 0 : counted->second;
        if (count > kMaxRulesPerBus) {
            add(Severity::Error, "too-many-rules",
                capitalized(describe(element)) + " has " + std::to_string(count) +
                    " rules; EventBridge allows at most " + std::to_string(kMaxRulesPerBus) +
                    " rules per bus.",
                bus.id);
        }
    }

    void lintRule(const Rule &rule, const Element &element) {
        const std::string who = capitalized(describe(element));
        const RuleInfo &info = m_rules[m_ruleIndex.at(rule.id)];

        if (info.blank) {
            add(Severity::Warning, "pattern-empty",
                who + " has no event pattern, so it selects no events.", rule.id);
        } else if (info.error) {
            add(Severity::Error, "pattern-invalid", who + ": " + info.error->message, rule.id);
        } else if (info.pattern &&
                   std::all_of(info.pattern->alternatives.begin(), info.pattern->alternatives.end(),
                               [](const Conjunction &c) { return c.fields.empty(); })) {
            add(Severity::Warning, "pattern-empty",
                who + " has a pattern with no fields; say which events it is for.", rule.id);
        }
        const std::size_t maxLength = PatternLimits{}.maxLength;
        if (const std::size_t length = utf16Length(rule.pattern); length > maxLength) {
            add(Severity::Error, "pattern-too-long",
                who + " has a pattern of " + std::to_string(length) +
                    " characters; EventBridge allows at most " + std::to_string(maxLength) + ".",
                rule.id);
        }

        if (rule.targets.size() > kMaxTargetsPerRule) {
            add(Severity::Error, "too-many-targets",
                who + " has " + std::to_string(rule.targets.size()) +
                    " targets; EventBridge allows at most " + std::to_string(kMaxTargetsPerRule) +
                    " per rule.",
                rule.id);
        }

        const Bus *ruleBus = m_project.get<Bus>(rule.bus);
        for (const Target &target : rule.targets) {
            const std::string where = who + ", target " + target.id;
            const RetryPolicy &retry = target.retryPolicy;
            if (retry.maximumRetryAttempts < kMinRetryAttempts ||
                retry.maximumRetryAttempts > kMaxRetryAttempts) {
                add(Severity::Error, "retry-attempts-out-of-range",
                    where + ": MaximumRetryAttempts is " +
                        std::to_string(retry.maximumRetryAttempts) + "; it must be between " +
                        std::to_string(kMinRetryAttempts) + " and " +
                        std::to_string(kMaxRetryAttempts) + ".",
                    rule.id);
            }
            if (retry.maximumEventAgeSeconds < kMinEventAgeSeconds ||
                retry.maximumEventAgeSeconds > kMaxEventAgeSeconds) {
                add(Severity::Error, "event-age-out-of-range",
                    where + ": MaximumEventAgeInSeconds is " +
                        std::to_string(retry.maximumEventAgeSeconds) + "; it must be between " +
                        std::to_string(kMinEventAgeSeconds) + " and " +
                        std::to_string(kMaxEventAgeSeconds) + ".",
                    rule.id);
            }
            if (const Queue *dlq = m_project.get<Queue>(target.deadLetterQueue); dlq && dlq->fifo) {
                add(Severity::Error, "dlq-fifo",
                    where + ": dead-letter " + describeId(dlq->id) +
                        " is a FIFO queue; EventBridge needs a standard queue.",
                    rule.id);
            }
            lintLayers(rule, target, where);
            if (Result<CompiledInput> compiled = compileTargetInput(target.input, target.id);
                !compiled) {
                add(Severity::Error, "target-input-invalid",
                    where + ": " + compiled.error().message, rule.id);
            }
            const Bus *targetBus = m_project.get<Bus>(target.destination);
            const std::string ownAccount = ruleBus ? ruleBus->account : std::string();
            if (targetBus && targetBus->account != ownAccount &&
                target.input.kind() != TargetInputKind::WholeEvent) {
                add(Severity::Error, "cross-account-input",
                    where + ": " + describeId(targetBus->id) +
                        " is in another account, where EventBridge allows no input options; "
                        "send the whole event.",
                    rule.id);
            }
        }

        if (!rule.enabled) {
            add(Severity::Info, "rule-disabled", who + " is disabled and routes no events.",
                rule.id);
        }
    }

    void lintQueue(const Queue &queue, const Element &element) {
        const bool deadLetter = m_deadLetterQueues.contains(queue.id);
        if (deadLetter && queue.readBy.empty()) {
            add(Severity::Warning, "dlq-unread",
                capitalized(describe(element)) +
                    " is a dead-letter queue that nobody reads; failed events would pile up "
                    "unnoticed.",
                queue.id);
        }
        if (!deadLetter && !m_targeted.contains(queue.id) && !m_called.contains(queue.id)) {
            add(Severity::Warning, "consumer-receives-nothing",
                capitalized(describe(element)) +
                    " receives nothing: no rule targets it and it is no dead-letter queue.",
                queue.id);
        }
    }

    void lintApiDestination(const ApiDestination &api, const Element &element) {
        const int rate = api.invocationRateLimitPerSecond;
        if (rate < kMinInvocationRate || rate > kMaxInvocationRate) {
            add(Severity::Error, "rate-limit-out-of-range",
                capitalized(describe(element)) + " has an invocation rate limit of " +
                    std::to_string(rate) + " per second; it must be between " +
                    std::to_string(kMinInvocationRate) + " and " +
                    std::to_string(kMaxInvocationRate) + ".",
                api.id);
        }
    }

    bool receives(const ElementId &id) const {
        return m_targeted.contains(id) || m_queueReaders.contains(id) || m_called.contains(id) ||
               m_onFailureDestinations.contains(id);
    }

    // --- Event flow -------------------------------------------------------------------------

    // The event types that reach each bus: put there by producers and follow-ups, or forwarded
    // from another bus by a rule (all of that bus's types, a superset that errs towards
    // "something matches").
    std::map<ElementId, std::set<std::size_t>> typesOnBuses() const {
        std::map<ElementId, std::set<std::size_t>> types;
        const auto put = [&](const ElementId &bus, const ElementId &type) {
            if (const auto it = m_typeIndex.find(type); it != m_typeIndex.end() && !bus.empty()) {
                types[bus].insert(it->second);
            }
        };
        for (const Element &element : m_project.elements()) {
            if (const auto *producer = std::get_if<Producer>(&element)) {
                for (const Emission &emission : producer->emits) {
                    put(producer->bus, emission.eventType);
                }
            } else if (const Behavior *behavior = behaviorOf(element)) {
                for (const FollowUp &followUp : behavior->followUps) {
                    put(followUp.bus, followUp.eventType);
                }
            }
        }
        for (bool grew = true; grew;) {
            grew = false;
            for (const RuleInfo &info : m_rules) {
                const auto from = types.find(info.rule->bus);
                if (from == types.end()) {
                    continue;
                }
                for (const Target &target : info.rule->targets) {
                    if (!m_project.get<Bus>(target.destination) ||
                        target.destination == info.rule->bus) {
                        continue;
                    }
                    // Distinct keys: inserting into one std::map entry leaves `from` valid.
                    std::set<std::size_t> &into = types[target.destination];
                    const std::size_t before = into.size();
                    into.insert(from->second.begin(), from->second.end());
                    grew = grew || into.size() != before;
                }
            }
        }
        return types;
    }

    void lintUnmatchedRules() {
        const auto types = typesOnBuses();
        std::map<ElementId, std::vector<std::size_t>> rulesByBus;
        for (std::size_t i = 0; i < m_rules.size(); ++i) {
            if (m_rules[i].pattern) {
                rulesByBus[m_rules[i].rule->bus].push_back(i);
            }
        }
        for (const auto &[bus, rules] : rulesByBus) {
            // Event types without samples take part through their source and detail-type, so
            // that a rule meant for them is not reported; with no sample at all there is no
            // evidence either way. A bus that nothing is known to reach is judged by every event
            // type.
            std::vector<const Json *> samples;
            bool anySample = false;
            const auto judge = [&](std::size_t t) {
                anySample = anySample || !m_types[t].type->samples.empty();
                samples.insert(samples.end(), m_types[t].judged.begin(), m_types[t].judged.end());
            };
            if (const auto onBus = types.find(bus);
                onBus != types.end() && !onBus->second.empty()) {
                std::for_each(onBus->second.begin(), onBus->second.end(), judge);
            } else {
                for (std::size_t t = 0; t < m_types.size(); ++t) {
                    judge(t);
                }
            }
            if (!anySample) {
                continue;
            }
            Matcher matcher;
            for (const std::size_t i : rules) {
                matcher.add(static_cast<RuleId>(i), *m_rules[i].pattern);
            }
            std::set<RuleId> matched;
            std::vector<RuleId> out;
            for (const Json *sample : samples) {
                matcher.match(*sample, out);
                matched.insert(out.begin(), out.end());
            }
            for (const std::size_t i : rules) {
                if (!matched.contains(static_cast<RuleId>(i))) {
                    const Rule &rule = *m_rules[i].rule;
                    add(Severity::Warning, "rule-matches-no-sample",
                        capitalized(describeId(rule.id)) +
                            " matches none of the sample events that reach " +
                            describeId(rule.bus) + "; check its pattern against the events.",
                        rule.id);
                }
            }
        }
    }

    void lintBusHops() {
        // Per bus, the first rule (in model order) that brings events to it across an account or
        // region boundary; found in one pass, since models have thousands of rules.
        std::unordered_map<ElementId, const Rule *> firstHopInto;
        for (const RuleInfo &first : m_rules) {
            const Bus *origin = m_project.get<Bus>(first.rule->bus);
            if (!origin) {
                continue;
            }
            for (const Target &target : first.rule->targets) {
                const Bus *into = m_project.get<Bus>(target.destination);
                if (into && differentPlace(*origin, *into)) {
                    firstHopInto.emplace(into->id, first.rule); // keeps the first
                }
            }
        }
        for (const RuleInfo &second : m_rules) {
            const Bus *middle = m_project.get<Bus>(second.rule->bus);
            const auto hop = middle ? firstHopInto.find(middle->id) : firstHopInto.end();
            if (hop == firstHopInto.end()) {
                continue;
            }
            const Rule *firstHop = hop->second;
            for (const Target &target : second.rule->targets) {
                const Bus *next = m_project.get<Bus>(target.destination);
                if (next && differentPlace(*middle, *next)) {
                    add(Severity::Error, "bus-hop-limit",
                        capitalized(describeId(second.rule->id)) + ", target " + target.id +
                            ": events that " + describeId(firstHop->id) + " brings from " +
                            describeId(firstHop->bus) + " to " + describeId(middle->id) +
                            " cannot go on to " + describeId(next->id) +
                            "; EventBridge allows an event only one hop between accounts or "
                            "regions.",
                        second.rule->id);
                }
            }
        }
    }

    // Rules (by index) on `bus` that match at least one judged event of type `type`.
    const std::vector<std::size_t> &matching(const ElementId &bus, std::size_t type) {
        const auto key = std::make_pair(bus, type);
        if (const auto it = m_matchCache.find(key); it != m_matchCache.end()) {
            return it->second;
        }
        auto matcherIt = m_busMatchers.find(bus);
        if (matcherIt == m_busMatchers.end()) {
            Matcher matcher;
            for (std::size_t i = 0; i < m_rules.size(); ++i) {
                if (m_rules[i].pattern && m_rules[i].rule->enabled && m_rules[i].rule->bus == bus) {
                    matcher.add(static_cast<RuleId>(i), *m_rules[i].pattern);
                }
            }
            matcherIt = m_busMatchers.emplace(bus, std::move(matcher)).first;
        }
        std::set<RuleId> matched;
        std::vector<RuleId> out;
        for (const Json *event : m_types[type].judged) {
            matcherIt->second.match(*event, out);
            matched.insert(out.begin(), out.end());
        }
        std::vector<std::size_t> rules(matched.begin(), matched.end());
        return m_matchCache.emplace(key, std::move(rules)).first->second;
    }

    std::vector<FlowEdge> edgesFrom(const Flow &flow) {
        std::vector<FlowEdge> edges;
        const Rule &rule = *m_rules[flow.rule].rule;
        const auto viaBehavior = [&](const Element &consumer, std::string prefix) {
            const Behavior *behavior = behaviorOf(consumer);
            if (!behavior) {
                return;
            }
            for (const FollowUp &followUp : behavior->followUps) {
                const auto type = m_typeIndex.find(followUp.eventType);
                if (followUp.probability <= 0 || type == m_typeIndex.end()) {
                    continue;
                }
                const std::string via = prefix + elementId(consumer).value + " puts " +
                                        followUp.eventType.value + " on " + followUp.bus.value;
                for (const std::size_t next : matching(followUp.bus, type->second)) {
                    edges.push_back(FlowEdge{Flow{next, type->second}, via});
                }
            }
        };
        for (const Target &target : rule.targets) {
            const Element *destination = m_project.find(target.destination);
            if (!destination) {
                continue;
            }
            if (std::holds_alternative<Bus>(*destination)) {
                for (const std::size_t next : matching(target.destination, flow.type)) {
                    edges.push_back(FlowEdge{Flow{next, flow.type}, target.destination.value});
                }
            } else if (const auto *queue = std::get_if<Queue>(destination)) {
                if (const Element *reader = m_project.find(queue->readBy)) {
                    viaBehavior(*reader, queue->id.value + " → ");
                }
            } else {
                viaBehavior(*destination, {});
            }
        }
        return edges;
    }

    void lintLoops() {
        // The nodes: every enabled rule with a valid pattern, with each event type it matches.
        // One matcher of all those rules finds them, whatever their bus: asking each bus's
        // matcher about each event type would cost buses x event types.
        Matcher everyRule;
        for (std::size_t i = 0; i < m_rules.size(); ++i) {
            if (m_rules[i].pattern && m_rules[i].rule->enabled) {
                everyRule.add(static_cast<RuleId>(i), *m_rules[i].pattern);
            }
        }
        std::vector<Flow> nodes;
        std::vector<RuleId> out;
        for (std::size_t t = 0; t < m_types.size(); ++t) {
            std::set<RuleId> matched;
            for (const Json *event : m_types[t].judged) {
                everyRule.match(*event, out);
                matched.insert(out.begin(), out.end());
            }
            for (const RuleId rule : matched) {
                nodes.push_back(Flow{static_cast<std::size_t>(rule), t});
            }
        }
        std::sort(nodes.begin(), nodes.end());
        std::map<Flow, std::vector<FlowEdge>> graph;
        for (const Flow &node : nodes) {
            graph.emplace(node, edgesFrom(node));
        }

        std::set<Flow> inReportedLoop;
        for (const Flow &start : nodes) {
            if (inReportedLoop.contains(start)) {
                continue;
            }
            // Shortest way from `start` back to itself, breadth first.
            std::map<Flow, std::pair<Flow, const FlowEdge *>> parent;
            std::deque<Flow> queue{start};
            const FlowEdge *closing = nullptr;
            Flow last = start;
            while (!queue.empty() && !closing) {
                const Flow node = queue.front();
                queue.pop_front();
                for (const FlowEdge &edge : graph[node]) {
                    if (edge.to == start) {
                        closing = &edge;
                        last = node;
                        break;
                    }
                    if (!parent.contains(edge.to)) {
                        parent.emplace(edge.to, std::make_pair(node, &edge));
                        queue.push_back(edge.to);
                    }
                }
            }
            if (!closing) {
                continue;
            }
            std::vector<std::pair<Flow, const FlowEdge *>> steps; // node, edge leaving it
            steps.emplace_back(last, closing);
            for (Flow node = last; node != start;) {
                const auto &[previous, edge] = parent.at(node);
                steps.emplace_back(previous, edge);
                node = previous;
            }
            std::reverse(steps.begin(), steps.end());
            std::string cycle;
            for (const auto &[node, edge] : steps) {
                inReportedLoop.insert(node);
                cycle.append(m_rules[node.rule].rule->id.value).append(" → ");
                cycle.append(edge->via).append(" → ");
            }
            cycle.append(m_rules[start.rule].rule->id.value);
            const Rule &rule = *m_rules[start.rule].rule;
            add(Severity::Warning, "event-loop",
                capitalized(describeId(rule.id)) + " is part of an event loop: " + cycle +
                    " (an event of type " + m_types[start.type].type->id.value +
                    " comes back to it).",
                rule.id);
        }
    }

    const Project &m_project;
    const LintOptions &m_options;
    std::vector<Finding> m_findings;
    std::vector<RuleInfo> m_rules; // model order
    std::unordered_map<ElementId, std::size_t> m_ruleIndex;
    std::unordered_map<ElementId, std::size_t> m_rulesPerBus;
    std::vector<TypeInfo> m_types; // model order
    std::unordered_map<ElementId, std::size_t> m_typeIndex;
    std::unordered_set<ElementId> m_targeted;              // destinations of targets
    std::unordered_set<ElementId> m_deadLetterQueues;      // of targets, functions and queues
    std::unordered_set<ElementId> m_queueReaders;          // consumers that poll a queue
    std::unordered_set<ElementId> m_called;                // synchronous dependencies
    std::unordered_set<ElementId> m_onFailureDestinations; // functions and buses given failures
    std::map<ElementId, Matcher> m_busMatchers;
    std::map<std::pair<ElementId, std::size_t>, std::vector<std::size_t>> m_matchCache;
};

} // namespace

std::vector<Finding> lintProject(const Project &project, const LintOptions &options) {
    try {
        return Linter(project, options).run();
    } catch (const std::exception &error) {
        // Lint must never take the caller down; a failure is itself reported.
        std::string message = "Lint stopped early: ";
        message.append(error.what());
        return {Finding{Severity::Error, "lint-failed", std::move(message), ElementId{}}};
    }
}

} // namespace sg::model
