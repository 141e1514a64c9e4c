// The TestEventPattern event check: which events AWS refuses, and the order of the checks.

#include "pattern/testevent.h"

#include <gtest/gtest.h>

#include <string>

namespace sg::model {
namespace {

const std::string kEvent = R"({"id":"1","account":"123456789012","source":"s","time":"t",)"
                           R"("region":"us-east-1","detail-type":"d","detail":{"n":5}})";

struct EventCase {
    const char *name;
    std::string text;
    bool valid;
};

std::ostream &operator<<(std::ostream &out, const EventCase &c) {
    return out << c.name;
}

class TestEventCheck : public testing::TestWithParam<EventCase> {};

TEST_P(TestEventCheck, AcceptsOnlyObjectsWithTheEnvelope) {
    const EventCase &c = GetParam();
    const Result<nlohmann::json> parsed = parseTestEvent(c.text);
    EXPECT_EQ(parsed.ok(), c.valid);
    if (!parsed.ok()) {
        EXPECT_EQ(parsed.error().message, "Parameter Event is not valid.");
    }
}

std::string without(const std::string &key) {
    nlohmann::json event = nlohmann::json::parse(kEvent);
    event.erase(key);
    return event.dump();
}

INSTANTIATE_TEST_SUITE_P(
    Events, TestEventCheck,
    testing::Values(EventCase{"complete_envelope", kEvent, true},
                    EventCase{"plain_string", "plain string", false},
                    EventCase{"json_string", "\"x\"", false},
                    EventCase{"json_array", "[\"plain string\"]", false},
                    EventCase{"object_without_envelope", R"({"testEvent": "value"})", false},
                    EventCase{"broken_json", R"({"id":"1",)", false},
                    EventCase{"empty_text", "", false},
                    EventCase{"missing_id", without("id"), false},
                    EventCase{"missing_account", without("account"), false},
                    EventCase{"missing_source", without("source"), false},
                    EventCase{"missing_time", without("time"), false},
                    EventCase{"missing_region", without("region"), false},
                    EventCase{"missing_detail_type", without("detail-type"), false},
                    EventCase{"detail_is_optional", without("detail"), true},
                    EventCase{"values_are_not_checked",
                              R"({"id":1,"account":null,"source":[],"time":{},"region":true,)"
                              R"("detail-type":""})",
                              true}),
    [](const testing::TestParamInfo<EventCase> &row) { return std::string(row.param.name); });

TEST(TestEventPattern, MatchesWithTheReferenceEvaluator) {
    const Result<bool> hit = testEventPattern(R"({"detail":{"n":[{"numeric":[">",1]}]}})", kEvent);
    ASSERT_TRUE(hit.ok());
    EXPECT_TRUE(*hit);
    const Result<bool> miss = testEventPattern(R"({"source":["other"]})", kEvent);
    ASSERT_TRUE(miss.ok());
    EXPECT_FALSE(*miss);
}

TEST(TestEventPattern, ChecksTheEventBeforeThePattern) {
    const Result<bool> both = testEventPattern("not a pattern", "not an event");
    ASSERT_FALSE(both.ok());
    EXPECT_EQ(both.error().message, "Parameter Event is not valid.");
    const Result<bool> pattern = testEventPattern("{}", kEvent);
    ASSERT_FALSE(pattern.ok());
    EXPECT_EQ(pattern.error().message,
              "Event pattern is not valid. Reason: Empty objects are not allowed");
}

TEST(TestEventPattern, HonoursPatternLimits) {
    const Result<bool> limited = testEventPattern(R"({"source":["s"]})", kEvent, {.maxLength = 5});
    ASSERT_FALSE(limited.ok());
    EXPECT_NE(limited.error().message.find("exceeds the maximum of 5 characters"),
              std::string::npos);
}

} // namespace
} // namespace sg::model
