#pragma once
// Wildcard: a wildcard pattern compiled for fast matching (the compiled Matcher's form of
// aws::wildcardMatches).

#include <string>
#include <string_view>
#include <vector>

namespace sg::model {

// A wildcard pattern split at its unescaped '*' characters into literal parts.
struct Wildcard {
    std::vector<std::string> parts; // literal text between stars, escapes resolved
    bool hasStar = false;           // false: the pattern is one literal (parts.size() == 1)

    [[nodiscard]] static Wildcard compile(std::string_view text);
    [[nodiscard]] bool matches(std::string_view value) const;
};

} // namespace sg::model
