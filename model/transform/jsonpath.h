#pragma once
// JsonPath: the JSONPath subset EventBridge accepts in InputPath and InputPathsMap ($, dot-notation
// names, array indices, '*' wildcards), parsed once and evaluated against many events.

#include "core/result.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sg::model {

// A parsed JSONPath. A definite path (no wildcard) selects at most one value; an indefinite one
// selects a list, which EventBridge passes on as a JSON array.
class JsonPath {
public:
    static constexpr std::size_t kMaxLength = 256; // API limit for InputPath and map values

    // Parses `text`. On failure the error message is the bare reason ("… at position N") and
    // `offset` the 0-based position in `text`; callers add which field and target it belongs to.
    [[nodiscard]] static Result<JsonPath> parse(std::string_view text);

    [[nodiscard]] const std::string &text() const { return m_text; }
    [[nodiscard]] bool isDefinite() const { return m_definite; }
    [[nodiscard]] bool isRoot() const { return m_steps.empty(); }

    // The value a definite path selects, or nullptr when the event has no such value. Indefinite
    // paths return nullptr; use findAll().
    [[nodiscard]] const nlohmann::ordered_json *find(const nlohmann::ordered_json &root) const;

    // Appends every value the path selects, in document order.
    void findAll(const nlohmann::ordered_json &root,
                 std::vector<const nlohmann::ordered_json *> &out) const;

private:
    struct Step {
        enum class Kind : std::uint8_t { Name, Index, Wildcard };
        Kind kind = Kind::Name;
        std::string name;       // Kind::Name
        std::int64_t index = 0; // Kind::Index; negative counts from the end
    };

    [[nodiscard]] static const nlohmann::ordered_json *step(const nlohmann::ordered_json &value,
                                                            const Step &step);

    std::string m_text;
    std::vector<Step> m_steps;
    bool m_definite = true;
};

} // namespace sg::model
