#pragma once
// Imports into a new project: CloudFormation and SAM templates (JSON or YAML, short-form tags
// included) and the JSON printed by `aws events list-rules` / `list-targets-by-rule`. What cannot
// be imported is reported, never silently dropped; imported elements get an automatic layout.

#include "arch/project.h"
#include "core/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace sg::model {

struct ImportResult {
    Project project;
    // One line per thing not imported: where it is and why, e.g.
    // "Resources.AlertsTopic (AWS::SNS::Topic): SNS topics are not modelled".
    std::vector<std::string> skipped;
};

// A CloudFormation or SAM template, JSON or YAML (detected from the text).
[[nodiscard]] Result<ImportResult> importCloudFormation(std::string_view text);
// `aws events list-rules` output, optionally followed by `list-targets-by-rule` outputs (see
// stormglass-cli help import).
[[nodiscard]] Result<ImportResult> importAwsCliListing(std::string_view text);
// Either of the above, detected from the content; errors name `path`.
[[nodiscard]] Result<ImportResult> importFile(const std::string &path);

} // namespace sg::model
