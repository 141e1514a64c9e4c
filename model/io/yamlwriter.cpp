#include "io/yamlwriter.h"

#include "core/utf8.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace sg::model {

namespace {

using Json = nlohmann::ordered_json;

constexpr int kIndentStep = 2;
constexpr long kReplacementCharacter = 0xFFFD;

void appendHexEscape(std::string &out, long cp) {
    constexpr std::string_view kHex = "0123456789ABCDEF";
    out.append("\\u");
    for (int shift = 12; shift >= 0; shift -= 4) {
        out.push_back(kHex[static_cast<std::size_t>((cp >> shift) & 0xF)]);
    }
}

// Code points YAML will not take raw (outside its printable set, or line breaks in YAML 1.1)
// are escaped; everything else is written as UTF-8.
bool needsEscape(long cp) {
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF;
}

void appendQuoted(std::string &out, std::string_view text) {
    out.push_back('"');
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t length = 1;
        long cp = decodeUtf8At(text, pos, length);
        if (cp < 0) {
            cp = kReplacementCharacter;
        }
        pos += length;
        switch (cp) {
        case '"':
            out.append("\\\"");
            continue;
        case '\\':
            out.append("\\\\");
            continue;
        case '\n':
            out.append("\\n");
            continue;
        case '\t':
            out.append("\\t");
            continue;
        case '\r':
            out.append("\\r");
            continue;
        default:
            break;
        }
        if (needsEscape(cp)) {
            appendHexEscape(out, cp);
        } else {
            appendUtf8(out, cp);
        }
    }
    out.push_back('"');
}

// Words YAML 1.1 reads as booleans or null when plain.
bool isSpecialWord(std::string_view key) {
    static constexpr std::array<std::string_view, 10> kWords{"y",   "n",    "yes",   "no",   "on",
                                                             "off", "true", "false", "null", "~"};
    std::string lower(key);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::find(kWords.begin(), kWords.end(), lower) != kWords.end();
}

// CloudFormation's own keys ("Type", "Fn::GetAtt", "aws:SourceArn", "detail-type") stay plain;
// anything that could be misread is quoted.
bool isPlainKey(std::string_view key) {
    if (key.empty() || key.back() == ':' || isSpecialWord(key)) {
        return false;
    }
    const auto first = static_cast<unsigned char>(key.front());
    if (!std::isalpha(first) && first != '_') {
        return false;
    }
    return std::all_of(key.begin(), key.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x80 &&
               (std::isalnum(u) || c == '_' || c == '-' || c == '.' || c == ':' || c == '/');
    });
}

void appendKey(std::string &out, std::string_view key) {
    if (isPlainKey(key)) {
        out.append(key);
    } else {
        appendQuoted(out, key);
    }
}

void appendNumber(std::string &out, const Json &value) {
    std::string text = value.dump();
    // YAML 1.1 floats need a '.': 1e+100 would otherwise read back as a string.
    if (value.is_number_float() && text.find('.') == std::string::npos) {
        const std::size_t exponent = text.find_first_of("eE");
        text.insert(exponent == std::string::npos ? text.size() : exponent, ".0");
    }
    out.append(text);
}

bool isInline(const Json &value) {
    return !value.is_structured() || value.empty();
}

void appendInline(std::string &out, const Json &value) {
    switch (value.type()) {
    case Json::value_t::object:
        out.append("{}");
        break;
    case Json::value_t::array:
        out.append("[]");
        break;
    case Json::value_t::string:
        appendQuoted(out, value.get_ref<const std::string &>());
        break;
    case Json::value_t::boolean:
        out.append(value.get<bool>() ? "true" : "false");
        break;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
        appendNumber(out, value);
        break;
    default:
        out.append("null");
        break;
    }
}

void appendMapping(std::string &out, const Json &object, int indent, bool firstInline);
void appendSequence(std::string &out, const Json &array, int indent);

// Writes what follows "key:" or "-" on the current line.
void appendValueAfterMarker(std::string &out, const Json &value, int indent) {
    if (isInline(value)) {
        out.push_back(' ');
        appendInline(out, value);
        out.push_back('\n');
    } else if (value.is_object()) {
        out.push_back('\n');
        appendMapping(out, value, indent + kIndentStep, false);
    } else {
        out.push_back('\n');
        appendSequence(out, value, indent + kIndentStep);
    }
}

void appendMapping(std::string &out, const Json &object, int indent, bool firstInline) {
    bool first = true;
    for (const auto &[key, value] : object.items()) {
        if (!(first && firstInline)) {
            out.append(static_cast<std::size_t>(indent), ' ');
        }
        first = false;
        appendKey(out, key);
        out.push_back(':');
        appendValueAfterMarker(out, value, indent);
    }
}

void appendSequence(std::string &out, const Json &array, int indent) {
    for (const Json &item : array) {
        out.append(static_cast<std::size_t>(indent), ' ');
        out.push_back('-');
        if (item.is_object() && !item.empty()) {
            // "- Key: value" with the item's other keys aligned under the first.
            out.push_back(' ');
            appendMapping(out, item, indent + kIndentStep, true);
        } else {
            appendValueAfterMarker(out, item, indent);
        }
    }
}

} // namespace

std::string writeYaml(const Json &value) {
    std::string out;
    if (isInline(value)) {
        appendInline(out, value);
        out.push_back('\n');
    } else if (value.is_object()) {
        appendMapping(out, value, 0, false);
    } else {
        appendSequence(out, value, 0);
    }
    return out;
}

} // namespace sg::model
