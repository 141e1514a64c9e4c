#include "transform/jsonpath.h"

#include <charconv>
#include <limits>

#include <nlohmann/json.hpp>

namespace sg::model {

namespace {

using Json = nlohmann::ordered_json;

Error pathError(std::string reason, std::size_t offset) {
    Error error;
    error.message = std::move(reason);
    error.offset = offset;
    return error;
}

std::string describeChar(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x21 && byte < 0x7F) {
        return std::string("'") + c + "'";
    }
    constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string text = "byte 0x";
    text.push_back(kHex[byte >> 4U]);
    text.push_back(kHex[byte & 0x0FU]);
    return text;
}

// Characters that end a dot-notation name or cannot appear in one. Names otherwise take any
// byte, so keys such as "detail-type", "x-amz-id" or "aws:region" stay reachable.
bool isNameByte(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) {
        return false;
    }
    switch (c) {
    case '.':
    case '[':
    case ']':
    case '\'':
    case '"':
    case '\\':
        return false;
    default:
        return true;
    }
}

} // namespace

Result<JsonPath> JsonPath::parse(std::string_view text) {
    if (text.empty()) {
        return pathError("a JSON path must start with '$'", 0);
    }
    if (text.size() > kMaxLength) {
        return pathError("a JSON path must be at most " + std::to_string(kMaxLength) +
                             " characters long",
                         kMaxLength);
    }
    if (text[0] != '$') {
        return pathError("a JSON path must start with '$'", 0);
    }

    JsonPath path;
    path.m_text = std::string(text);
    std::size_t pos = 1;
    while (pos < text.size()) {
        const char c = text[pos];
        if (c == '.') {
            const std::size_t nameStart = pos + 1;
            if (nameStart < text.size() && text[nameStart] == '.') {
                return pathError("deep scan ('..') at position " + std::to_string(pos) +
                                     " is not supported",
                                 pos);
            }
            std::size_t end = nameStart;
            while (end < text.size() && isNameByte(text[end])) {
                ++end;
            }
            if (end == nameStart) {
                if (end < text.size() && text[end] != '[') {
                    return pathError("unexpected character " + describeChar(text[end]) +
                                         " at position " + std::to_string(end),
                                     end);
                }
                return pathError("a name must follow '.' at position " + std::to_string(pos), pos);
            }
            const std::string_view name = text.substr(nameStart, end - nameStart);
            Step step;
            if (name == "*") {
                step.kind = Step::Kind::Wildcard;
                path.m_definite = false;
            } else if (const auto star = name.find('*'); star != std::string_view::npos) {
                return pathError("'*' at position " + std::to_string(nameStart + star) +
                                     " must be a whole path segment",
                                 nameStart + star);
            } else {
                step.name = std::string(name);
            }
            path.m_steps.push_back(std::move(step));
            pos = end;
        } else if (c == '[') {
            const std::size_t close = text.find(']', pos + 1);
            if (close == std::string_view::npos) {
                return pathError("'[' at position " + std::to_string(pos) + " is not closed", pos);
            }
            const std::string_view inside = text.substr(pos + 1, close - pos - 1);
            Step step;
            if (inside == "*") {
                step.kind = Step::Kind::Wildcard;
                path.m_definite = false;
            } else if (!inside.empty() && (inside[0] == '\'' || inside[0] == '"')) {
                return pathError("bracket notation for names at position " + std::to_string(pos) +
                                     " is not supported; use dot notation ($.a.b)",
                                 pos);
            } else {
                const bool negative = !inside.empty() && inside[0] == '-';
                const std::string_view digits = negative ? inside.substr(1) : inside;
                std::uint64_t magnitude = 0;
                const auto *first = digits.data();
                const auto *last = digits.data() + digits.size();
                const auto parsed = std::from_chars(first, last, magnitude);
                if (digits.empty() || parsed.ptr != last || digits[0] == '+') {
                    return pathError("an array index at position " + std::to_string(pos) +
                                         " must be a whole number or '*'",
                                     pos);
                }
                if (parsed.ec != std::errc() ||
                    magnitude > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
                    return pathError("the array index at position " + std::to_string(pos) +
                                         " is too large",
                                     pos);
                }
                step.kind = Step::Kind::Index;
                step.index = negative ? -static_cast<std::int64_t>(magnitude)
                                      : static_cast<std::int64_t>(magnitude);
            }
            path.m_steps.push_back(std::move(step));
            pos = close + 1;
        } else {
            return pathError("unexpected character " + describeChar(c) + " at position " +
                                 std::to_string(pos),
                             pos);
        }
    }
    return path;
}

const Json *JsonPath::step(const Json &value, const Step &step) {
    switch (step.kind) {
    case Step::Kind::Name: {
        if (!value.is_object()) {
            return nullptr;
        }
        const auto it = value.find(step.name);
        return it == value.end() ? nullptr : &*it;
    }
    case Step::Kind::Index: {
        if (!value.is_array()) {
            return nullptr;
        }
        const auto size = static_cast<std::int64_t>(value.size());
        const std::int64_t index = step.index < 0 ? size + step.index : step.index;
        if (index < 0 || index >= size) {
            return nullptr;
        }
        return &value[static_cast<std::size_t>(index)];
    }
    case Step::Kind::Wildcard:
        break;
    }
    return nullptr;
}

const Json *JsonPath::find(const Json &root) const {
    if (!m_definite) {
        return nullptr;
    }
    const Json *current = &root;
    for (const Step &s : m_steps) {
        current = step(*current, s);
        if (current == nullptr) {
            return nullptr;
        }
    }
    return current;
}

void JsonPath::findAll(const Json &root, std::vector<const Json *> &out) const {
    if (m_definite) {
        if (const Json *value = find(root)) {
            out.push_back(value);
        }
        return;
    }
    std::vector<const Json *> current{&root};
    std::vector<const Json *> next;
    for (const Step &s : m_steps) {
        next.clear();
        for (const Json *value : current) {
            if (s.kind == Step::Kind::Wildcard) {
                if (value->is_object() || value->is_array()) {
                    for (const Json &child : *value) {
                        next.push_back(&child);
                    }
                }
            } else if (const Json *child = step(*value, s)) {
                next.push_back(child);
            }
        }
        current.swap(next);
        if (current.empty()) {
            return;
        }
    }
    out.insert(out.end(), current.begin(), current.end());
}

} // namespace sg::model
