#pragma once
// Matcher: all the rules of a bus compiled into one automaton over field paths and values, so the
// cost of matching an event does not grow with the number of rules. Matches raw JSON text (reading
// only the fields some rule mentions, without building a document) or an event already in memory.

#include "pattern/eventpattern.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sg::model {

using RuleId = std::uint32_t;

struct MatcherState;
struct MatchScratch;

class Matcher {
public:
    Matcher();
    ~Matcher();
    Matcher(Matcher &&) noexcept;
    Matcher &operator=(Matcher &&) noexcept;
    Matcher(const Matcher &) = delete;
    Matcher &operator=(const Matcher &) = delete;

    // Adds a rule, or replaces the rule with that id. Other rules are not rebuilt.
    void add(RuleId id, const EventPattern &pattern);
    // Removes a rule; returns false when there was none with that id.
    bool remove(RuleId id);
    [[nodiscard]] std::size_t ruleCount() const;
    [[nodiscard]] bool contains(RuleId id) const;

    // Ids of the rules matching an event, sorted ascending, without duplicates; `out` is cleared.
    // Raw text that is not a JSON object matches nothing. Only the fields that some rule mentions
    // are read, so malformed JSON inside other fields is not noticed: validate untrusted events at
    // the boundary when that matters.
    // The Matcher keeps per-call scratch memory, so one Matcher serves one thread at a time; use
    // one Matcher per thread (they are cheap to build) for parallel matching.
    void match(std::string_view json, std::vector<RuleId> &out) const;
    void match(const std::string &json, std::vector<RuleId> &out) const {
        match(std::string_view(json), out);
    }
    void match(const char *json, std::vector<RuleId> &out) const {
        match(std::string_view(json), out);
    }
    void match(const nlohmann::json &event, std::vector<RuleId> &out) const;
    void match(const nlohmann::ordered_json &event, std::vector<RuleId> &out) const;

    // Convenience for one pattern against one event.
    [[nodiscard]] bool matches(std::string_view json) const;

private:
    std::unique_ptr<MatcherState> m_state;
    std::unique_ptr<MatchScratch> m_scratch;
};

} // namespace sg::model
