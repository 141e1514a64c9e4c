// JsonParser gives what ordered_json::parse gives, faster: the same members in the same order,
// the same number types, and a refusal for anything that is not one JSON value.

#include "core/jsoncheck.h"
#include "core/jsonparse.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace {

using Json = nlohmann::ordered_json;

Json parsed(const std::string &text) {
    sg::JsonParser parser;
    std::optional<Json> out = parser.parse(text);
    EXPECT_TRUE(out.has_value()) << text;
    return out.value_or(Json());
}

TEST(JsonParser, AnEventReadsAsTheSameDocumentInTheSameOrder) {
    const std::string text =
        R"({"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-000000000001","detail-type":"OrderPlaced",)"
        R"("source":"com.example.shop.orders","time":"2026-01-01T00:00:00Z","resources":[],)"
        R"("detail":{"total":{"amount":12.5,"currency":"EUR"},"items":[{"sku":"A","n":2}],)"
        R"("gift":false,"note":null,"z":"\u00e9\ud83d\ude00"}})";
    const Json fast = parsed(text);
    EXPECT_EQ(fast, Json::parse(text));
    EXPECT_EQ(fast.dump(), Json::parse(text).dump()); // member order too
    EXPECT_EQ(fast.begin().key(), "version");
    EXPECT_EQ(fast["detail"]["z"], "\u00e9\U0001F600");
}

TEST(JsonParser, NumbersKeepTheTypesOrderedJsonGivesThem) {
    EXPECT_TRUE(parsed("7").is_number_unsigned());
    EXPECT_TRUE(parsed("-7").is_number_integer());
    EXPECT_FALSE(parsed("-7").is_number_unsigned());
    EXPECT_TRUE(parsed("7.0").is_number_float());
    EXPECT_EQ(parsed("18446744073709551615").get<std::uint64_t>(), 18446744073709551615ULL);
    EXPECT_EQ(parsed("-9223372036854775808").get<std::int64_t>(), INT64_MIN);
    // Beyond 64 bits: a double, as ordered_json::parse reads it.
    EXPECT_TRUE(parsed("18446744073709551616").is_number_float());
    EXPECT_EQ(parsed("18446744073709551616").dump(), Json::parse("18446744073709551616").dump());
    EXPECT_EQ(parsed("1e2").dump(), "100.0");
    EXPECT_EQ(parsed("1.5e-400").dump(), Json::parse("1.5e-400").dump());
    EXPECT_EQ(parsed("-0"), 0); // documented: unsigned here, signed in ordered_json::parse
}

TEST(JsonParser, ARepeatedKeyKeepsItsFirstPlaceAndItsLastValue) {
    EXPECT_EQ(parsed(R"({"a":1,"b":2,"a":3})").dump(), R"({"a":3,"b":2})");
    std::string big = "{";
    for (int i = 0; i < 40; ++i) {
        big += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    }
    big += R"("k3":"again"})";
    const Json fast = parsed(big);
    EXPECT_EQ(fast.dump(), Json::parse(big).dump());
    EXPECT_EQ(fast.size(), 40U);
    EXPECT_EQ(fast["k3"], "again");
}

TEST(JsonParser, TextThatIsNotOneJsonValueIsRefused) {
    sg::JsonParser parser;
    for (const std::string bad : {"", "{", R"({"a":})", "[1,]", "nul", R"({"a":1} x)", "\"\\x\"",
                                  "1e400", "\"\xff\"", R"("\ud800")", "01"}) {
        EXPECT_FALSE(parser.parse(bad).has_value()) << bad;
        EXPECT_TRUE(Json::parse(bad, nullptr, false).is_discarded()) << bad;
    }
}

TEST(JsonParser, ANulByteMakesTheTextInvalid) {
    sg::JsonParser parser;
    for (const std::string_view bad :
         {std::string_view("1\0", 2),
          std::string_view("18446744709\0"
                           "51",
                           14),
          std::string_view("{\"a\":1}\0", 8), std::string_view("\"a\0b\"", 5)}) {
        EXPECT_FALSE(parser.parse(bad).has_value());
    }
}

TEST(JsonParser, NestingUpToTheSharedLimitIsReadAndDeeperIsRefused) {
    auto nested = [](std::size_t depth) {
        return std::string(depth - 1, '[') + "{\"a\":1}" + std::string(depth - 1, ']');
    };
    sg::JsonParser parser;
    const std::optional<Json> atLimit = parser.parse(nested(sg::kMaxJsonNesting));
    ASSERT_TRUE(atLimit.has_value());
    EXPECT_EQ(atLimit->dump(), Json::parse(nested(sg::kMaxJsonNesting)).dump());
    EXPECT_FALSE(parser.parse(nested(sg::kMaxJsonNesting + 1)).has_value());
    const std::string arrays(sg::kMaxJsonNesting, '[');
    EXPECT_TRUE(parser.parse(arrays + std::string(sg::kMaxJsonNesting, ']')).has_value());
    EXPECT_FALSE(
        parser.parse("[" + arrays + std::string(sg::kMaxJsonNesting + 1, ']')).has_value());
    EXPECT_FALSE(parser.parse(nested(80000)).has_value()) << "no stack overflow, no fallback";
    // A number only ordered_json::parse reads does not open a way around the limit.
    EXPECT_FALSE(parser.parse("[1e999," + nested(sg::kMaxJsonNesting + 1) + "]").has_value());
    Json into = Json::object();
    EXPECT_FALSE(parser.parseInto(nested(1100), into));
}

TEST(JsonParser, OneParserReadsManyDocuments) {
    sg::JsonParser parser;
    for (int i = 0; i < 1000; ++i) {
        const std::string text = R"({"n":)" + std::to_string(i) + R"(,"s":")" +
                                 std::string(static_cast<std::size_t>(i % 300), 'x') + "\"}";
        const std::optional<Json> out = parser.parse(text);
        ASSERT_TRUE(out.has_value());
        EXPECT_EQ(out->at("n"), i);
        EXPECT_EQ(out->at("s").get<std::string>().size(), static_cast<std::size_t>(i % 300));
    }
}

TEST(JsonParser, ParsingIntoADocumentGivesWhatParseGivesWhateverItHeld) {
    // Each text is read into the document the previous one left: members added, dropped,
    // reordered and repeated, values changing type, arrays growing and shrinking.
    const std::vector<std::string> texts = {
        R"({"id":"a-first-event-id-000001","detail":{"n":1,"tags":["x","y"]},"z":null})",
        R"({"id":"a-second-event-id-00002","detail":{"n":2,"tags":["x"]},"z":null})",
        R"({"id":"third","detail":{"tags":["p","q","r"],"n":-3,"extra":{"deep":[1,2,3]}}})",
        R"({"detail":"now a string","id":7,"new":[{"a":1},{"b":2}]})",
        R"({"a":1,"b":2,"a":{"again":true}})",
        R"([{"a":1},"x",2.5,false])",
        R"("just text")",
        R"({"id":"a-first-event-id-000001","detail":{"n":1,"tags":["x","y"]},"z":null})",
        R"({"big":18446744073709551616,"id":"x"})", // a number parse() hands on
        "[]",
        "{}",
    };
    sg::JsonParser parser;
    Json doc;
    for (const std::string &text : texts) {
        ASSERT_TRUE(parser.parseInto(text, doc)) << text;
        EXPECT_EQ(doc.dump(), Json::parse(text).dump()) << text; // value and member order
        EXPECT_EQ(doc, *parser.parse(text)) << text;
    }
}

TEST(JsonParser, ParsingIntoADocumentKeepsTheStorageOfValuesOfTheSameShape) {
    sg::JsonParser parser;
    Json doc;
    ASSERT_TRUE(
        parser.parseInto(R"({"id":"6a7e8feb-b491-4cf7-a9f1-000000000001","items":["a"]})", doc));
    const char *id = doc["id"].get_ref<const std::string &>().data();
    const Json *items = &doc["items"];
    ASSERT_TRUE(
        parser.parseInto(R"({"id":"6a7e8feb-b491-4cf7-a9f1-000000000002","items":["b"]})", doc));
    EXPECT_EQ(doc["id"], "6a7e8feb-b491-4cf7-a9f1-000000000002");
    EXPECT_EQ(doc["id"].get_ref<const std::string &>().data(), id); // the same buffer, rewritten
    EXPECT_EQ(&doc["items"], items);
    EXPECT_EQ(doc["items"][0], "b");
}

TEST(JsonParser, ParsingBadTextIntoADocumentLeavesItAsItWas) {
    sg::JsonParser parser;
    Json doc;
    ASSERT_TRUE(parser.parseInto(R"({"keep":"me"})", doc));
    for (const std::string_view bad : {std::string_view(R"({"keep":)"), std::string_view("[1,]"),
                                       std::string_view("1e400"), std::string_view("\"a\0\"", 4)}) {
        EXPECT_FALSE(parser.parseInto(bad, doc)) << bad;
        EXPECT_EQ(doc.dump(), R"({"keep":"me"})");
    }
}

} // namespace
