#pragma once
// Lint: EventBridge limits a deployment would hit and design smells a workshop should discuss,
// each as a finding on one element.

#include "arch/project.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sg::model {

enum class Severity : std::uint8_t { Error, Warning, Info };
[[nodiscard]] std::string_view severityName(Severity severity); // "error", "warning", "info"

struct Finding {
    Severity severity = Severity::Error;
    std::string code;    // stable kebab-case code, e.g. "too-many-targets"
    std::string message; // one sentence naming the element and the limit or smell
    ElementId element;
};

struct LintOptions {
    std::size_t maxEntrySizeBytes = 1024 * 1024; // PutEvents entry limit (256 KB before 2026-01)
};

// Findings in model order of their elements, then by code.
[[nodiscard]] std::vector<Finding> lintProject(const Project &project,
                                               const LintOptions &options = {});

} // namespace sg::model
