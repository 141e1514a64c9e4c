#include "pattern/textmatch.h"

#include <algorithm>
#include <charconv>

namespace sg::model {

void foldCaseInto(std::string_view text, std::string &out) {
    out.resize(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        out[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
    }
}

std::string foldCase(std::string_view text) {
    std::string out;
    foldCaseInto(text, out);
    return out;
}

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

namespace {

std::optional<IpAddress> parseIpv4(std::string_view text) {
    IpAddress ip;
    int index = 12;
    std::size_t pos = 0;
    for (int octet = 0; octet < 4; ++octet) {
        if (octet > 0) {
            if (pos >= text.size() || text[pos] != '.') {
                return std::nullopt;
            }
            ++pos;
        }
        std::size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < 4) {
            ++pos;
        }
        const std::size_t len = pos - start;
        if (len == 0 || len > 3) {
            return std::nullopt;
        }
        unsigned value = 0;
        std::from_chars(text.data() + start, text.data() + pos, value);
        if (value > 255) {
            return std::nullopt;
        }
        ip.bytes[static_cast<std::size_t>(index++)] = static_cast<std::uint8_t>(value);
    }
    if (pos != text.size()) {
        return std::nullopt;
    }
    return ip;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::optional<IpAddress> parseIpv6(std::string_view text) {
    // Groups before and after a "::", each at most 4 hex digits; an IPv4 tail is allowed last.
    std::array<std::uint16_t, 8> head{};
    std::array<std::uint16_t, 8> tail{};
    int headCount = 0;
    int tailCount = 0;
    bool compressed = false;
    std::size_t pos = 0;
    if (text.size() >= 2 && text[0] == ':' && text[1] == ':') {
        compressed = true;
        pos = 2;
    } else if (!text.empty() && text[0] == ':') {
        return std::nullopt;
    }
    while (pos < text.size()) {
        std::size_t start = pos;
        int value = 0;
        while (pos < text.size() && hexValue(text[pos]) >= 0 && pos - start < 5) {
            value = value * 16 + hexValue(text[pos]);
            ++pos;
        }
        const std::size_t len = pos - start;
        if (pos < text.size() && text[pos] == '.') {
            // Embedded IPv4 as the last 32 bits.
            auto v4 = parseIpv4(text.substr(start));
            if (!v4) {
                return std::nullopt;
            }
            auto &groups = compressed ? tail : head;
            int &count = compressed ? tailCount : headCount;
            if (count > 6) {
                return std::nullopt;
            }
            groups[static_cast<std::size_t>(count++)] =
                static_cast<std::uint16_t>((v4->bytes[12] << 8) | v4->bytes[13]);
            groups[static_cast<std::size_t>(count++)] =
                static_cast<std::uint16_t>((v4->bytes[14] << 8) | v4->bytes[15]);
            pos = text.size();
            break;
        }
        if (len == 0 || len > 4) {
            return std::nullopt;
        }
        auto &groups = compressed ? tail : head;
        int &count = compressed ? tailCount : headCount;
        if (count >= 8) {
            return std::nullopt;
        }
        groups[static_cast<std::size_t>(count++)] = static_cast<std::uint16_t>(value);
        if (pos == text.size()) {
            break;
        }
        if (text[pos] != ':') {
            return std::nullopt;
        }
        ++pos;
        if (pos < text.size() && text[pos] == ':') {
            if (compressed) {
                return std::nullopt;
            }
            compressed = true;
            ++pos;
        } else if (pos == text.size()) {
            return std::nullopt; // a trailing single ':'
        }
    }
    const int total = headCount + tailCount;
    if ((compressed && total > 7) || (!compressed && total != 8)) {
        return std::nullopt;
    }
    IpAddress ip;
    ip.v6 = true;
    std::array<std::uint16_t, 8> groups{};
    for (int i = 0; i < headCount; ++i) {
        groups[static_cast<std::size_t>(i)] = head[static_cast<std::size_t>(i)];
    }
    for (int i = 0; i < tailCount; ++i) {
        groups[static_cast<std::size_t>(8 - tailCount + i)] = tail[static_cast<std::size_t>(i)];
    }
    for (std::size_t i = 0; i < 8; ++i) {
        ip.bytes[2 * i] = static_cast<std::uint8_t>(groups[i] >> 8);
        ip.bytes[2 * i + 1] = static_cast<std::uint8_t>(groups[i] & 0xff);
    }
    return ip;
}

} // namespace

std::optional<IpAddress> parseIpAddress(std::string_view text) {
    if (text.find(':') != std::string_view::npos) {
        return parseIpv6(text);
    }
    return parseIpv4(text);
}

} // namespace sg::model
