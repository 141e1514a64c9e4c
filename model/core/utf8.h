#pragma once
// Small text helpers shared by the JSON readers: UTF-8 encoding and hexadecimal digits.

#include <cstddef>
#include <string>
#include <string_view>

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

// Decodes the UTF-8 sequence at `pos`. Returns the code point and sets `length` to its size, or
// returns -1 with `length` 1 when the bytes are not valid UTF-8 (overlong forms, surrogates and
// values above U+10FFFF included).
inline long decodeUtf8At(std::string_view text, std::size_t pos, std::size_t &length) {
    const auto byte = [&](std::size_t k) {
        return static_cast<unsigned char>(text[k]);
    };
    const unsigned char b0 = byte(pos);
    length = 1;
    if (b0 < 0x80) {
        return b0;
    }
    std::size_t need = 0;
    long cp = 0;
    long minimum = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 2;
        cp = b0 & 0x1F;
        minimum = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 3;
        cp = b0 & 0x0F;
        minimum = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 4;
        cp = b0 & 0x07;
        minimum = 0x10000;
    } else {
        return -1;
    }
    if (pos + need > text.size()) {
        return -1;
    }
    for (std::size_t k = 1; k < need; ++k) {
        const unsigned char b = byte(pos + k);
        if ((b & 0xC0) != 0x80) {
            return -1;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return -1;
    }
    length = need;
    return cp;
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
