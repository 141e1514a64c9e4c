#pragma once
// What the export formats share (internal to model/io): ARNs of elements, and each rule checked
// once and resolved to its bus, parsed pattern and target destinations.

#include "arch/project.h"
#include "core/result.h"
#include "io/export.h"

#include <optional>
#include <string>
#include <vector>

namespace sg::model {

// The IAM role the rules-json export names for targets that need one (CloudFormation creates its
// own role instead); a deployment creates it once, assumable by events.amazonaws.com.
inline constexpr std::string_view kTargetRoleName = "stormglass-eventbridge-targets";

// A bus the project does not own: one with an account or region of its own.
[[nodiscard]] bool isExternalBus(const Bus &bus);
// Whether a rule on `from` (null: the project's default bus) sending to `to` crosses into another
// account, where EventBridge offers no input options (the same test as lint's).
[[nodiscard]] bool isCrossAccountHop(const Bus *from, const Bus &to);

// SQS requires the ".fifo" suffix on FIFO queue names; the model may leave it out.
[[nodiscard]] std::string sqsQueueName(const Queue &queue);

// ARNs built from the element's own `arn` when it has one, else from the options (a bus uses its
// own account and region when it has them).
[[nodiscard]] std::string busArn(const Bus &bus, const ExportOptions &options);
[[nodiscard]] std::string defaultBusArn(const ExportOptions &options);
[[nodiscard]] std::string consumerArn(const Consumer &consumer, const ExportOptions &options);
[[nodiscard]] std::string queueArn(const Queue &queue, const ExportOptions &options);
[[nodiscard]] std::string apiDestinationArn(const ApiDestination &destination,
                                            const ExportOptions &options);
[[nodiscard]] std::string targetRoleArn(const ExportOptions &options);
// Any element a rule can target (a Consumer, Queue, ApiDestination or Bus); empty for others.
[[nodiscard]] std::string destinationArn(const Element &destination, const ExportOptions &options);

// One target of a rule with what it points at.
struct ResolvedTarget {
    const Target *target = nullptr;
    const Element *destination = nullptr; // a Consumer, Queue, ApiDestination or Bus
    const Queue *deadLetterQueue = nullptr;
    bool needsRole = false;   // state machines, API destinations and buses need a RoleArn
    bool inputAllowed = true; // false for a bus in another account than the rule's
    bool fifoQueue = false;   // the destination is a FIFO queue: SqsParameters are required
};

// A rule checked for export: its pattern is valid and parsed, every target resolves.
struct ResolvedRule {
    const Rule *rule = nullptr;
    const Bus *bus = nullptr; // null: the project account's default bus (the rule names none)
    Json pattern;             // the parsed pattern, keys in the user's order
    std::vector<ResolvedTarget> targets;
};

// Every rule in model order. Fails on the first rule whose pattern, target input, destination or
// dead-letter queue cannot be exported; the message names the rule (and target) and gives AWS's
// own text where AWS would refuse it.
[[nodiscard]] Result<std::vector<ResolvedRule>> resolveRules(const Project &project);

// One target as put-targets and CloudFormation both spell it (Id, Arn, RoleArn, RetryPolicy,
// DeadLetterConfig, the input option, SqsParameters), with the ARNs given as plain strings or
// CloudFormation intrinsics.
[[nodiscard]] Json targetJson(const ResolvedRule &rule, const ResolvedTarget &target, Json arn,
                              std::optional<Json> roleArn, std::optional<Json> deadLetterArn);

// The formats other than rules-json (each in its own file).
[[nodiscard]] Result<Json> buildCloudFormation(const Project &project,
                                               const std::vector<ResolvedRule> &rules,
                                               const ExportOptions &options);
[[nodiscard]] std::string writeMermaid(const Project &project);

// JSON text as every export prints it: 2-space indentation, a final newline, never throws
// (invalid UTF-8 is replaced).
[[nodiscard]] std::string dumpJson(const Json &value);

} // namespace sg::model
