// compactJsonSize measures a document's compact text without writing it: the simulator charges
// each generated event's detail against the PutEvents entry size limit with it, so it must give
// exactly the size the text would have, escapes and UTF-8 included.

#include "core/jsonsize.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using Json = nlohmann::ordered_json;

std::string written(const Json &value) {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string hex(const std::string &bytes) {
    std::string out;
    for (const char c : bytes) {
        constexpr const char *kDigits = "0123456789ABCDEF";
        const auto b = static_cast<unsigned char>(c);
        out += {kDigits[b >> 4], kDigits[b & 0xF], ' '};
    }
    return out;
}

TEST(CompactJsonSize, IsTheSizeOfTheCompactTextOfAnyDocument) {
    const std::vector<std::string> texts = {
        "null",
        "true",
        "false",
        "0",
        "7",
        "-7",
        "18446744073709551615",
        "-9223372036854775808",
        "12.5",
        "-0.001",
        "1e300",
        "100.0",
        R"("")",
        R"("plain")",
        R"("quote \" backslash \\ slash / tab \t newline \n return \r bs \b ff \f")",
        R"("\u0001\u001f\u007f control")",
        R"("caf\u00e9 \u20ac \ud83d\ude00")",
        "[]",
        "{}",
        R"([1,[2,[3,{}]],"x",null])",
        R"({"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-000000000001","detail":{"amount":12.5,)"
        R"("items":[{"sku":"A-1","qty":2}],"gift":false,"note":null,"k\u00e9y":"v"}})"};
    for (const std::string &text : texts) {
        const Json value = Json::parse(text);
        EXPECT_EQ(sg::compactJsonSize(value), written(value).size()) << text;
    }
}

TEST(CompactJsonSize, CountsEveryShortByteSequenceAsTheWriterDoes) {
    // Every string of one or two bytes, and three- and four-byte strings whose bytes sit at the
    // edges of UTF-8's ranges: valid sequences are kept, invalid ones replaced, controls escaped.
    std::vector<std::string> strings;
    for (int a = 0; a < 256; ++a) {
        strings.push_back(std::string(1, static_cast<char>(a)));
        for (int b = 0; b < 256; ++b) {
            strings.push_back({static_cast<char>(a), static_cast<char>(b)});
        }
    }
    const std::vector<int> edges = {0x00, 0x1F, 0x22, 0x41, 0x7F, 0x80, 0x8F, 0x90,
                                    0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xF4, 0xFF};
    for (int lead = 0xC0; lead < 0x100; ++lead) {
        for (const int b : edges) {
            for (const int c : edges) {
                strings.push_back(
                    {static_cast<char>(lead), static_cast<char>(b), static_cast<char>(c)});
                for (const int d : edges) {
                    strings.push_back({static_cast<char>(lead), static_cast<char>(b),
                                       static_cast<char>(c), static_cast<char>(d)});
                }
            }
        }
    }
    for (const std::string &s : strings) {
        const Json value(s);
        ASSERT_EQ(sg::compactJsonSize(value), written(value).size()) << hex(s);
        const Json object = {{s, s}}; // as a key too
        ASSERT_EQ(sg::compactJsonSize(object), written(object).size()) << hex(s);
    }
}

TEST(CompactJsonSize, CountsAnyByteAtAnyPlaceInLongerStrings) {
    // Long strings are measured eight bytes at a time: every byte value at every place of
    // strings that end on, before and after a word's edge, and UTF-8 sequences across edges.
    for (const std::size_t length : {8U, 15U, 16U, 17U, 24U}) {
        for (std::size_t at = 0; at < length; ++at) {
            for (int byte = 0; byte < 256; ++byte) {
                std::string s(length, 'a');
                s[at] = static_cast<char>(byte);
                const Json value(s);
                ASSERT_EQ(sg::compactJsonSize(value), written(value).size()) << hex(s);
            }
        }
    }
    for (const std::string &sequence : {std::string("\xC3\xA9"), std::string("\xE2\x82\xAC"),
                                        std::string("\xF0\x9F\x98\x80"), std::string("\xE2\x82")}) {
        for (std::size_t at = 0; at < 20; ++at) {
            std::string s(24, 'b');
            s.replace(at, sequence.size(), sequence);
            const Json value(s);
            ASSERT_EQ(sg::compactJsonSize(value), written(value).size()) << hex(s);
        }
    }
}

} // namespace
