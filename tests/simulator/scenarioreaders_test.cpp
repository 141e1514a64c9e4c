// The scenario reader against input tried from outside (issue 16): nesting past the shared limit,
// an empty model name, and errors found later that must point into the scenario file.

#include "core/jsoncheck.h"
#include "scenario.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace sg;
using namespace sg::sim;

constexpr std::string_view kFile = "x.scenario.json";

TEST(ScenarioReaders, NestingPastTheSharedLimitIsRefusedWithItsPosition) {
    const std::string deep =
        "{\"faults\": " + std::string(80000, '[') + std::string(80000, ']') + "}";
    const Result<Scenario> scenario = parseScenario(deep, kFile);
    ASSERT_FALSE(scenario);
    EXPECT_EQ(scenario.error().line, 1);
    EXPECT_EQ(scenario.error().column, 12 + static_cast<int>(kMaxJsonNesting) - 1);
    EXPECT_TRUE(scenario.error().message.starts_with("x.scenario.json:1:"))
        << scenario.error().message;
}

TEST(ScenarioReaders, AnEmptyModelNameIsRefusedWhereItIsWritten) {
    const Result<Scenario> scenario = parseScenario("{\n  \"model\": \"\"\n}", kFile);
    ASSERT_FALSE(scenario);
    EXPECT_EQ(scenario.error().message,
              "x.scenario.json:2:12: model: the model file name is empty; name the model file "
              "(relative to the scenario file) or leave the key out and give MODEL");
}

TEST(ScenarioReaders, AnErrorFoundLaterPointsIntoTheFile) {
    const std::string text = "{\"duration\": \"1m\",\n \"puts\": [{\"at\": \"1s\", \"bus\": \"b\", "
                             "\"event\": {\"source\": \"s\", \"detail-type\": \"d\"}}]}";
    ASSERT_TRUE(parseScenario(text, kFile));
    Error error;
    error.field = "puts[0].bus";
    error.message = "puts[0].bus: the model has no bus 'b'";
    const Error located = scenarioErrorAt(text, kFile, error);
    EXPECT_EQ(located.message, "x.scenario.json:2:31: puts[0].bus: the model has no bus 'b'");
    EXPECT_EQ(located.line, 2);
    EXPECT_EQ(located.column, 31);
}

} // namespace
