#pragma once
// TargetInputPlan: the sandbox's view of a target's input configuration (whole event, InputPath,
// or InputPathsMap + InputTemplate), checked once and applied to each matching event through
// the model's input transformer.

#include "sandboxevaluator.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sg::app {

struct TargetInputResult {
    bool delivered = false;
    std::string text;  // what the target receives, when delivered
    std::string error; // why nothing is delivered
};

class TargetInputPlan {
public:
    explicit TargetInputPlan(const TargetInputConfig &config);
    ~TargetInputPlan();
    TargetInputPlan(TargetInputPlan &&) noexcept;
    TargetInputPlan &operator=(TargetInputPlan &&) noexcept;
    TargetInputPlan(const TargetInputPlan &) = delete;
    TargetInputPlan &operator=(const TargetInputPlan &) = delete;

    // Why the configuration is unusable (positioned in the paths map text when it is the JSON
    // of InputPathsMap that is broken); nullopt when it can be applied.
    [[nodiscard]] std::optional<TextProblem> error() const;
    [[nodiscard]] TargetField errorField() const;
    [[nodiscard]] std::vector<std::string> warnings() const;

    [[nodiscard]] TargetInputResult apply(const nlohmann::ordered_json &event) const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

[[nodiscard]] inline TargetInputPlan planTargetInput(const TargetInputConfig &config) {
    return TargetInputPlan(config);
}

} // namespace sg::app
