#pragma once
// What the importers share (internal to model/io): field paths and messages, ARNs, why a resource
// or service is not modelled, and TemplateValues, which resolves CloudFormation's intrinsic
// functions as far as they are known before deployment.

#include "arch/elements.h"
#include "core/result.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sg::model::importing {

// Stops an import at its first error. The checks run many calls deep inside a template walk;
// the public import functions catch this and return its Error, so it never leaves model/io.
struct ImportFailure {
    Error error;
};

// Throws an ImportFailure whose message starts with `field` ("Resources.R.Properties.Targets").
[[noreturn]] void failAt(const std::string &field, std::string_view what);

[[nodiscard]] std::string inQuotes(std::string_view text);
[[nodiscard]] std::string indexed(const std::string &field, std::size_t index);   // "a[2]"
[[nodiscard]] std::string member(const std::string &field, std::string_view key); // "a.b"

// "OrderPlacedRule" -> "order-placed-rule", "SQSQueue2" -> "sqs-queue2", "orders_bus" ->
// "orders-bus": element ids are lower-kebab-case.
[[nodiscard]] std::string kebabCase(std::string_view text);

// {"Ref": ...} or {"Fn::...": ...}.
[[nodiscard]] bool isIntrinsic(const Json &value);
[[nodiscard]] bool containsIntrinsic(const Json &value);
// Compact JSON text; never throws (invalid UTF-8 is replaced).
[[nodiscard]] std::string compactJson(const Json &value);

// Why a resource type / the targets of a service are not imported ("SNS topics are not
// modelled").
[[nodiscard]] std::string resourceTypeReason(std::string_view type);
[[nodiscard]] std::string serviceReason(std::string_view service);

struct Arn {
    std::string service;
    std::string region;
    std::string account;
    std::string resource;
};

// AWS::Partition, AWS::Region, AWS::AccountId, AWS::URLSuffix: the pseudo parameters an ARN may
// carry from Fn::Sub (kept in the stored text as ${AWS::Region}).
[[nodiscard]] bool isArnPseudoParameter(std::string_view name);
// arn:partition:service:region:account:resource; pseudo parameters in the text stand for the
// project's own account and region (empty) and the aws partition.
[[nodiscard]] std::optional<Arn> parseArn(std::string_view text);

// A CloudFormation value resolved before deployment.
struct Resolved {
    enum class Kind : std::uint8_t { Text, Resource, Unresolvable };
    Kind kind = Kind::Text;
    std::string text;      // Text: the value; Unresolvable: why
    std::string logicalId; // Resource: the resource referred to
};

[[nodiscard]] Resolved text(std::string value);
[[nodiscard]] Resolved unresolvable(std::string why);
[[nodiscard]] Resolved resourceRef(std::string logicalId);
// Why a value that should have been a list or text is not one.
[[nodiscard]] std::string whyNotText(const Resolved &resolved);

struct ResolvedList {
    std::optional<std::vector<std::string>> items;
    std::string why; // when there are no items
};

// The resources and parameters of one template, and the resolution of values that refer to them.
// Errors in the template's own structure (a Ref to nothing, a malformed Fn::Sub) throw
// ImportFailure; what only deployment knows comes back Unresolvable with the reason.
class TemplateValues {
public:
    void addResource(const std::string &logicalId, const std::string &type);
    void addParameter(const std::string &name, std::optional<Json> defaultValue);
    [[nodiscard]] bool hasResource(const std::string &logicalId) const;
    // The Type of a resource added before (throws std::out_of_range otherwise).
    [[nodiscard]] const std::string &resourceType(const std::string &logicalId) const;

    // A value as text: literals, and Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select and
    // Fn::Split as far as they are known before deployment (parameters by their Default). A Ref
    // or GetAtt to a resource (or Fn::Sub of just one) gives the Resource. With `keepPseudo`, the
    // ARN pseudo parameters stay in the text as ${AWS::Region} and the like.
    [[nodiscard]] Resolved resolve(const Json &value, const std::string &field, bool keepPseudo,
                                   int depth = 0);
    // A literal list or Fn::Split.
    [[nodiscard]] ResolvedList resolveList(const Json &value, const std::string &field,
                                           bool keepPseudo, int depth);
    // A JSON value (an event pattern) with every intrinsic inside resolved to text, or nothing
    // with `why`.
    [[nodiscard]] std::optional<Json> evaluate(const Json &value, const std::string &field,
                                               std::string &why);

private:
    [[nodiscard]] Resolved resolveName(const std::string &name, const std::string &field,
                                       bool keepPseudo, int depth);
    [[nodiscard]] Resolved resolveGetAtt(const Json &argument, const std::string &field);
    [[nodiscard]] Resolved resolveSub(const Json &argument, const std::string &field,
                                      bool keepPseudo, int depth);

    std::unordered_map<std::string, std::string> m_resourceTypes;      // logical id -> Type
    std::unordered_map<std::string, std::optional<Json>> m_parameters; // name -> Default
};

} // namespace sg::model::importing
