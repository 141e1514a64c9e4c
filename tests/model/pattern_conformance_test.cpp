// Every AWS-observed case in ../shared/conformance must be reproduced exactly: the parser's
// verdicts and messages, the reference evaluator's matches and the TestEventPattern event check.

#include "conformancecases.h"

#include "pattern/referencematcher.h"
#include "pattern/testevent.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace sg::test {
namespace {

std::string joined(const std::vector<std::string> &lines) {
    std::string out;
    for (const std::string &line : lines) {
        out += "  " + line + "\n";
    }
    return out;
}

TEST(PatternConformance, FileHoldsTheDocumentedCases) {
    const auto cases = loadPatternCases();
    if (!cases) {
        GTEST_SKIP() << "no conformance data in " << conformanceDir();
    }
    const auto valid = std::count_if(cases->begin(), cases->end(), [](auto &c) { return c.valid; });
    const auto matching =
        std::count_if(cases->begin(), cases->end(), [](auto &c) { return c.valid && c.match; });
    EXPECT_EQ(cases->size(), 183u);
    EXPECT_EQ(valid, 141);
    EXPECT_EQ(matching, 81);
}

TEST(PatternConformance, ParserAndReferenceEvaluatorAgreeWithAws) {
    const auto cases = loadPatternCases();
    if (!cases) {
        GTEST_SKIP() << "no conformance data in " << conformanceDir();
    }
    const std::vector<std::string> failures = patternConformanceFailures(
        *cases, [](const model::EventPattern &pattern, const nlohmann::json &event) {
            return model::referenceMatches(pattern, event);
        });
    EXPECT_TRUE(failures.empty()) << failures.size() << " of " << cases->size()
                                  << " cases disagree with AWS:\n"
                                  << joined(failures);
}

TEST(PatternConformance, InvalidPatternErrorsCarryAPosition) {
    const auto cases = loadPatternCases();
    if (!cases) {
        GTEST_SKIP() << "no conformance data in " << conformanceDir();
    }
    for (const PatternCase &c : *cases) {
        if (c.valid) {
            continue;
        }
        const Result<model::EventPattern> parsed = model::parseEventPattern(c.patternText);
        ASSERT_FALSE(parsed.ok()) << c.id;
        EXPECT_TRUE(parsed.error().hasPosition()) << c.id;
        EXPECT_LE(parsed.error().offset, c.patternText.size()) << c.id;
    }
}

TEST(PatternConformance, TestEventPatternRejectsTheInvalidEvents) {
    const auto cases = loadInvalidEventCases();
    if (!cases) {
        GTEST_SKIP() << "no conformance data in " << conformanceDir();
    }
    EXPECT_EQ(cases->size(), 3u);
    for (const InvalidEventCase &c : *cases) {
        const Result<bool> result = model::testEventPattern(c.patternText, c.eventText);
        ASSERT_FALSE(result.ok()) << c.id;
        EXPECT_EQ(result.error().message, c.error) << c.id;
    }
}

TEST(PatternConformance, TestEventPatternAcceptsEveryValidCaseEvent) {
    const auto cases = loadPatternCases();
    if (!cases) {
        GTEST_SKIP() << "no conformance data in " << conformanceDir();
    }
    for (const PatternCase &c : *cases) {
        if (!c.valid) {
            continue;
        }
        const Result<bool> result = model::testEventPattern(c.patternText, c.event.dump());
        ASSERT_TRUE(result.ok()) << c.id << ": " << result.error().message;
        EXPECT_EQ(*result, c.match) << c.id;
    }
}

} // namespace
} // namespace sg::test
