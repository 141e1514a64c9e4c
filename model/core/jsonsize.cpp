#include "jsonsize.h"

#include "utf8.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace sg {

namespace {

using Json = nlohmann::ordered_json;

std::size_t digits(std::uint64_t n) {
    std::size_t count = 1;
    while (n >= 10) {
        n /= 10;
        ++count;
    }
    return count;
}

// The size of `text` written as a JSON string, quotes included; 0 when it is not valid UTF-8
// (the serializer then replaces the bad bytes, which the caller measures by writing).
std::size_t quotedSize(std::string_view text) {
    // Eight plain bytes at a time (none below 0x20, none 0x80 or above, no quote, no backslash),
    // which is most of what events hold; the first word with anything else goes byte by byte.
    constexpr std::uint64_t kOnes = 0x0101'0101'0101'0101u;
    constexpr std::uint64_t kHighs = 0x8080'8080'8080'8080u;
    const auto hasZeroByte = [](std::uint64_t w) {
        return ((w - kOnes) & ~w & kHighs) != 0;
    };
    std::size_t i = 0;
    while (i + 8 <= text.size()) {
        std::uint64_t word = 0;
        std::memcpy(&word, text.data() + i, 8);
        const bool special =
            (word & kHighs) != 0 || ((word - kOnes * 0x20) & ~word & kHighs) != 0 ||
            hasZeroByte(word ^ (kOnes * '"')) || hasZeroByte(word ^ (kOnes * '\\'));
        if (special) {
            break;
        }
        i += 8;
    }
    std::size_t size = 2 + i;
    for (; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            std::size_t length = 1;
            if (decodeUtf8At(text, i, length) < 0) {
                return 0;
            }
            size += length;
            i += length;
            continue;
        }
        switch (c) {
        case '"':
        case '\\':
        case '\b':
        case '\f':
        case '\n':
        case '\r':
        case '\t':
            size += 2;
            break;
        default:
            size += c < 0x20 ? 6 : 1; // other control characters as \u00XX
        }
        ++i;
    }
    return size;
}

std::size_t stringSize(const Json &value) {
    const std::size_t size = quotedSize(value.get_ref<const std::string &>());
    return size != 0 ? size : value.dump(-1, ' ', false, Json::error_handler_t::replace).size();
}

} // namespace

std::size_t compactJsonSize(const Json &value) {
    switch (value.type()) {
    case Json::value_t::object: {
        std::size_t size = 2 + (value.empty() ? 0 : value.size() - 1); // braces and commas
        for (const auto &[key, member] : value.get_ref<const Json::object_t &>()) {
            std::size_t keySize = quotedSize(key);
            if (keySize == 0) {
                keySize = Json(key).dump(-1, ' ', false, Json::error_handler_t::replace).size();
            }
            size += keySize + 1 + compactJsonSize(member); // the colon
        }
        return size;
    }
    case Json::value_t::array: {
        std::size_t size = 2 + (value.empty() ? 0 : value.size() - 1);
        for (const Json &item : value) {
            size += compactJsonSize(item);
        }
        return size;
    }
    case Json::value_t::string:
        return stringSize(value);
    case Json::value_t::boolean:
        return value.get<bool>() ? 4 : 5;
    case Json::value_t::number_integer: {
        const auto n = value.get<std::int64_t>();
        return n < 0 ? 1 + digits(0 - static_cast<std::uint64_t>(n))
                     : digits(static_cast<std::uint64_t>(n));
    }
    case Json::value_t::number_unsigned:
        return digits(value.get<std::uint64_t>());
    case Json::value_t::null:
        return 4;
    case Json::value_t::number_float: {
        // Its shortest round-trip form, found by printing it as dump() does (NaN and
        // infinities print as null).
        const double number = value.get<double>();
        if (!std::isfinite(number)) {
            return 4;
        }
        std::array<char, 64> buffer{}; // the size of dump()'s own number buffer
        return static_cast<std::size_t>(
            nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), number) -
            buffer.data());
    }
    default: // binary, discarded
        return value.dump(-1, ' ', false, Json::error_handler_t::replace).size();
    }
}

} // namespace sg
