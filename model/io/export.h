#pragma once
// Exports of a project: EventBridge rule JSON (put-rule / put-targets --cli-input-json), a
// CloudFormation template (JSON or YAML) that deploys the model as it is, a Mermaid flowchart.

#include "arch/project.h"
#include "core/result.h"

#include <optional>
#include <string>
#include <string_view>

namespace sg::model {

enum class ExportFormat : std::uint8_t {
    RulesJson,
    CloudFormationJson,
    CloudFormationYaml,
    Mermaid
};

// "rules-json", "cloudformation-json", "cloudformation-yaml", "mermaid".
[[nodiscard]] std::optional<ExportFormat> exportFormatFromName(std::string_view name);
[[nodiscard]] std::string_view exportFormatName(ExportFormat format);

// Where ARNs of resources outside a template point when the model does not say.
struct ExportOptions {
    std::string account = "123456789012";
    std::string region = "us-east-1";
};

// The exported text (ends with a newline). Fails, naming the element, when the model cannot be
// expressed (an invalid pattern, a target whose destination cannot be a target).
[[nodiscard]] Result<std::string> exportProject(const Project &project, ExportFormat format,
                                                const ExportOptions &options = {});

} // namespace sg::model
