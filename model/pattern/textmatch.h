#pragma once
// Small text primitives shared by the pattern engines: case folding, wildcards, IP addresses.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::model {

// Case folding used by every *-ignore-case operator (ASCII letters; other bytes compare exactly).
[[nodiscard]] std::string foldCase(std::string_view text);
void foldCaseInto(std::string_view text, std::string &out);

// A wildcard pattern split at its unescaped '*' characters into literal parts.
struct Wildcard {
    std::vector<std::string> parts; // literal text between stars, escapes resolved
    bool hasStar = false;           // false: the pattern is one literal (parts.size() == 1)

    [[nodiscard]] static Wildcard compile(std::string_view text);
    [[nodiscard]] bool matches(std::string_view value) const;
};

// An IP address as 16 bytes; IPv4 addresses live in bytes 12..15 with `v6` false.
struct IpAddress {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{};
};

// Parses a dotted-quad IPv4 or an RFC 4291 IPv6 address (no zone, no brackets).
[[nodiscard]] std::optional<IpAddress> parseIpAddress(std::string_view text);

} // namespace sg::model
