#pragma once
// Small text helpers shared by the JSON readers: UTF-8 encoding and hexadecimal digits.

#include <string>

namespace sg {

// Appends code point `cp` (at most 0x10FFFF) to `out` as UTF-8.
inline void appendUtf8(std::string &out, long cp) {
    const auto put = [&out](long v) {
        out.push_back(static_cast<char>(static_cast<unsigned char>(v)));
    };
    if (cp < 0x80) {
        put(cp);
    } else if (cp < 0x800) {
        put(0xC0 | (cp >> 6));
        put(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        put(0xE0 | (cp >> 12));
        put(0x80 | ((cp >> 6) & 0x3F));
        put(0x80 | (cp & 0x3F));
    } else {
        put(0xF0 | (cp >> 18));
        put(0x80 | ((cp >> 12) & 0x3F));
        put(0x80 | ((cp >> 6) & 0x3F));
        put(0x80 | (cp & 0x3F));
    }
}

// The value of a hexadecimal digit, or -1.
[[nodiscard]] inline int hexDigitValue(char c) {
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

} // namespace sg
