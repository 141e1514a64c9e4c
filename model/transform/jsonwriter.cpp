#include "transform/jsonwriter.h"

#include <array>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

namespace sg::model {

namespace {

constexpr std::string_view kHexDigits = "0123456789abcdef";

template <typename Integer> void appendInteger(std::string &out, Integer value) {
    std::array<char, 24> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    out.append(buffer.data(), result.ptr);
}

// Strings are written through verbatim in the plain form, so both forms share the recursion and
// differ only in how strings and keys come out.
template <bool kPlain>
bool appendValue(std::string &out, const nlohmann::ordered_json &value, int depthLeft) {
    using Type = nlohmann::ordered_json::value_t;
    switch (value.type()) {
    case Type::object: {
        if (depthLeft <= 0) {
            return false;
        }
        out.push_back('{');
        bool first = true;
        // Walks the ordered_map itself: no items() proxy (with its index string) per member.
        for (const auto &[key, member] :
             *value.get_ptr<const nlohmann::ordered_json::object_t *>()) {
            if (!first) {
                out.push_back(',');
            }
            first = false;
            if constexpr (kPlain) {
                out.append(key);
            } else {
                appendJsonString(out, key);
            }
            out.push_back(':');
            if (!appendValue<kPlain>(out, member, depthLeft - 1)) {
                return false;
            }
        }
        out.push_back('}');
        return true;
    }
    case Type::array: {
        if (depthLeft <= 0) {
            return false;
        }
        out.push_back('[');
        bool first = true;
        for (const auto &element : *value.get_ptr<const nlohmann::ordered_json::array_t *>()) {
            if (!first) {
                out.push_back(',');
            }
            first = false;
            if (!appendValue<kPlain>(out, element, depthLeft - 1)) {
                return false;
            }
        }
        out.push_back(']');
        return true;
    }
    case Type::string: {
        const auto &text = value.get_ref<const std::string &>();
        if constexpr (kPlain) {
            out.append(text);
        } else {
            appendJsonString(out, text);
        }
        return true;
    }
    default:
        appendJsonScalar(out, value);
        return true;
    }
}

} // namespace

void appendJsonString(std::string &out, std::string_view text) {
    out.push_back('"');
    std::size_t runStart = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x20 && byte != '"' && byte != '\\') {
            continue;
        }
        out.append(text.substr(runStart, i - runStart));
        runStart = i + 1;
        switch (byte) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            out.append("\\u00");
            out.push_back(kHexDigits[byte >> 4U]);
            out.push_back(kHexDigits[byte & 0x0FU]);
            break;
        }
    }
    out.append(text.substr(runStart));
    out.push_back('"');
}

void appendJsonScalar(std::string &out, const nlohmann::ordered_json &value) {
    using Type = nlohmann::ordered_json::value_t;
    switch (value.type()) {
    case Type::null:
        out.append("null");
        break;
    case Type::boolean:
        out.append(value.get<bool>() ? "true" : "false");
        break;
    case Type::number_integer:
        appendInteger(out, value.get<std::int64_t>());
        break;
    case Type::number_unsigned:
        appendInteger(out, value.get<std::uint64_t>());
        break;
    case Type::number_float:
        // nlohmann's shortest round-trip form ("1.0", "0.1", "1e+20"; NaN and infinities as null)
        // keeps this output identical to dump() for every value dump() accepts. Written with
        // the routine dump() itself calls, without making a string per number.
        if (const double number = value.get<double>(); std::isfinite(number)) {
            std::array<char, 64> buffer{}; // the size of dump()'s own number buffer
            out.append(buffer.data(), nlohmann::detail::to_chars(
                                          buffer.data(), buffer.data() + buffer.size(), number));
        } else {
            out.append("null");
        }
        break;
    default:
        break;
    }
}

bool withinJsonDepth(const nlohmann::ordered_json &value, int maxDepth) {
    // The same recursion as appendValue(): a container needs a level left, and so on down.
    if (value.is_object()) {
        if (maxDepth <= 0) {
            return false;
        }
        for (const auto &member : *value.get_ptr<const nlohmann::ordered_json::object_t *>()) {
            if (member.second.is_structured() && !withinJsonDepth(member.second, maxDepth - 1)) {
                return false;
            }
        }
        return true;
    }
    if (value.is_array()) {
        if (maxDepth <= 0) {
            return false;
        }
        for (const auto &element : *value.get_ptr<const nlohmann::ordered_json::array_t *>()) {
            if (element.is_structured() && !withinJsonDepth(element, maxDepth - 1)) {
                return false;
            }
        }
    }
    return true;
}

bool appendJson(std::string &out, const nlohmann::ordered_json &value, int maxDepth) {
    return appendValue<false>(out, value, maxDepth);
}

bool appendPlain(std::string &out, const nlohmann::ordered_json &value, int maxDepth) {
    return appendValue<true>(out, value, maxDepth);
}

} // namespace sg::model
