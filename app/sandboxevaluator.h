#pragma once
// evaluateSandbox: one pass of the Pattern sandbox (validate the pattern, check and match each
// event, compute what the target receives). A pure function of its input, so it can run on a
// worker thread and be tested without any UI.

#include "jsontext.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sg::app {

// What a rule's target receives: the whole event, a sub-tree (InputPath), or a template filled
// from variables (InputPathsMap + InputTemplate).
enum class TargetInputMode : std::uint8_t { WholeEvent, InputPath, InputTransformer };

struct TargetInputConfig {
    TargetInputMode mode = TargetInputMode::WholeEvent;
    std::string inputPath;     // InputPath, e.g. "$.detail"
    std::string inputPathsMap; // InputTransformer: JSON object of variable -> path
    std::string inputTemplate; // InputTransformer: the template text
};

// Which target input field a configuration problem is in.
enum class TargetField : std::uint8_t { None, InputPath, InputPathsMap, InputTemplate };

struct SandboxRequest {
    std::string pattern;
    std::vector<std::string> events;
    TargetInputConfig target;
};

enum class EventStatus : std::uint8_t {
    Pending, // cannot tell yet: the pattern is empty or invalid, or the event is empty
    Match,
    NoMatch,
    Invalid, // the event is not a JSON object
};

struct EventVerdict {
    EventStatus status = EventStatus::Pending;
    std::optional<TextProblem> error; // why the event is invalid, positioned in its text
    std::string summary;              // "source · detail-type", when present
    std::string warning;              // something AWS would object to that does not stop matching
    bool delivered = false;           // matched, and the target input could be computed
    std::string targetInput;          // the text the target receives
    std::string targetError;          // why nothing would be delivered although the event matched
};

struct SandboxVerdict {
    bool patternEmpty = true;
    bool patternValid = false;
    std::optional<TextProblem> patternError;
    std::optional<TextProblem> targetConfigError;      // the target input configuration is unusable
    TargetField targetConfigField = TargetField::None; // ... and the field it is positioned in
    std::vector<std::string> targetWarnings;           // accepted, but probably not as meant
    std::vector<EventVerdict> events;                  // one per request event, in order
};

[[nodiscard]] SandboxVerdict evaluateSandbox(const SandboxRequest &request);

} // namespace sg::app
