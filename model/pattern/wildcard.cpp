#include "pattern/wildcard.h"

#include <algorithm>

namespace sg::model {

Wildcard Wildcard::compile(std::string_view text) {
    Wildcard w;
    std::string current;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\' && i + 1 < text.size()) {
            current.push_back(text[++i]);
        } else if (c == '*') {
            w.parts.push_back(std::move(current));
            current.clear();
            w.hasStar = true;
        } else {
            current.push_back(c);
        }
    }
    w.parts.push_back(std::move(current));
    return w;
}

bool Wildcard::matches(std::string_view value) const {
    if (!hasStar) {
        return value == parts.front();
    }
    const std::string &first = parts.front();
    const std::string &last = parts.back();
    if (value.size() < first.size() + last.size()) {
        return false;
    }
    if (value.substr(0, first.size()) != first ||
        value.substr(value.size() - last.size()) != last) {
        return false;
    }
    // Middle parts, leftmost-first, inside the window between the prefix and the suffix: with only
    // '*' as a metacharacter the leftmost placement of each part is always the best one.
    std::size_t pos = first.size();
    const std::size_t limit = value.size() - last.size();
    for (std::size_t i = 1; i + 1 < parts.size(); ++i) {
        const std::string &part = parts[i];
        if (part.empty()) {
            continue;
        }
        const std::size_t found = value.substr(0, limit).find(part, pos);
        if (found == std::string_view::npos) {
            return false;
        }
        pos = found + part.size();
    }
    return true;
}

} // namespace sg::model
