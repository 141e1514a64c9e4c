// Target input transformation against results observed on real AWS
// (shared/conformance/open_input_transformer.jsonl). Every case must agree: 'raw' outputs byte for
// byte, 'json' outputs by JSON value (minus `unverified_paths`), errors by exact text, and
// `delivered: false` cases must not be delivered. Skips when the shared folder is absent.

#include "transform/inputtransformer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <fstream>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#ifndef SG_SHARED_DIR
#define SG_SHARED_DIR ""
#endif

namespace sg::model {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kExpectedCaseCount = 35;
constexpr const char *kTargetId = "conformance-target";

std::string casesPath() {
    return std::string(SG_SHARED_DIR) + "/conformance/open_input_transformer.jsonl";
}

struct ConformanceCase {
    std::string name; // gtest-safe form of the case id
    std::string id;
    Json data;
    std::string loadError; // non-empty: the line could not be read
};

std::string gtestName(const std::string &id, std::set<std::string> &used) {
    std::string name;
    for (const char c : id) {
        const bool alnum = std::isalnum(static_cast<unsigned char>(c)) != 0;
        if (alnum) {
            name.push_back(c);
        } else if (!name.empty() && name.back() != '_') {
            name.push_back('_');
        }
    }
    while (!name.empty() && name.back() == '_') {
        name.pop_back();
    }
    if (name.empty()) {
        name = "case";
    }
    std::string unique = name;
    for (int n = 2; used.count(unique) != 0; ++n) {
        unique = name + "_" + std::to_string(n);
    }
    used.insert(unique);
    return unique;
}

// One entry per line; a single "DataAbsent" entry when the file is not there, so the suite
// reports a skip rather than nothing.
std::vector<ConformanceCase> loadCases() {
    std::vector<ConformanceCase> cases;
    std::ifstream file(casesPath());
    if (!file) {
        cases.push_back({"DataAbsent", "", Json(), ""});
        return cases;
    }
    std::set<std::string> used;
    std::string line;
    int lineNumber = 0;
    while (std::getline(file, line)) {
        ++lineNumber;
        if (line.find_first_not_of(" \t\r") == std::string::npos) {
            continue;
        }
        ConformanceCase c;
        try {
            c.data = Json::parse(line);
            c.id = c.data.value("id", "line " + std::to_string(lineNumber));
        } catch (const std::exception &error) {
            c.id = "line " + std::to_string(lineNumber);
            c.loadError = error.what();
        }
        c.name = gtestName(c.id, used);
        cases.push_back(std::move(c));
    }
    return cases;
}

const std::vector<ConformanceCase> &allCases() {
    static const std::vector<ConformanceCase> cases = loadCases();
    return cases;
}

// Removes a dotted path ("originalEvent.time") from `value`; returns whether it was there.
bool erasePath(nlohmann::json &value, const std::string &dotted) {
    nlohmann::json *current = &value;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = dotted.find('.', start);
        const std::string key = dotted.substr(start, dot == std::string::npos ? dot : dot - start);
        if (!current->is_object() || !current->contains(key)) {
            return false;
        }
        if (dot == std::string::npos) {
            current->erase(key);
            return true;
        }
        current = &(*current)[key];
        start = dot + 1;
    }
}

std::string replaceAll(std::string text, const std::string &from, const std::string &to) {
    for (std::size_t pos = text.find(from); pos != std::string::npos;
         pos = text.find(from, pos + to.size())) {
        text.replace(pos, from.size(), to);
    }
    return text;
}

// Shows the case id instead of a byte dump when a case fails.
void PrintTo(const ConformanceCase &row, std::ostream *os) {
    *os << row.id;
}

class TransformConformance : public testing::TestWithParam<ConformanceCase> {};

TEST_P(TransformConformance, AgreesWithAws) {
    const ConformanceCase &c = GetParam();
    if (c.name == "DataAbsent") {
        GTEST_SKIP() << "conformance data not found at " << casesPath();
    }
    ASSERT_TRUE(c.loadError.empty()) << c.id << ": " << c.loadError;
    const Json &data = c.data;
    SCOPED_TRACE(c.id);

    const auto input = targetInputFromJson(data);
    ASSERT_TRUE(input.ok()) << input.error().message;

    std::string ruleArn;
    std::string ruleName;
    std::string ingestionTime;
    if (const auto it = data.find("predefined_variables"); it != data.end() && it->is_object()) {
        ruleArn = it->value("aws.events.rule-arn", "");
        ruleName = it->value("aws.events.rule-name", "");
        ingestionTime = it->value("aws.events.event.ingestion-time", "");
    }
    const TransformContext context{ruleArn, ruleName, ingestionTime};

    const auto compiled = compileTargetInput(*input, kTargetId);
    if (data.contains("error")) {
        ASSERT_FALSE(compiled.ok())
            << "AWS rejected this configuration at " << data.value("error_stage", "PutTargets");
        const std::string expected =
            replaceAll(data.at("error").get<std::string>(), "<target-id>", kTargetId);
        EXPECT_EQ(compiled.error().message, expected);
        return;
    }
    ASSERT_TRUE(compiled.ok()) << compiled.error().message;

    const Delivery delivery = compiled->apply(data.at("event"), context);
    std::string scratch;
    EXPECT_EQ(compiled->delivers(data.at("event"), context, scratch), delivery.delivered)
        << "the simulator's delivered check disagrees with applying the input";
    if (data.contains("delivered") && !data.at("delivered").get<bool>()) {
        EXPECT_FALSE(delivery.delivered)
            << "AWS delivered nothing, we delivered: " << delivery.text;
        EXPECT_FALSE(delivery.reason.empty());
        return;
    }
    ASSERT_TRUE(delivery.delivered) << delivery.reason;

    const std::string format = data.value("expected_output_format", "");
    if (format == "raw") {
        EXPECT_EQ(delivery.text, data.at("expected_output").get<std::string>());
        return;
    }
    ASSERT_EQ(format, "json") << "unknown expected_output_format";
    nlohmann::json actual;
    try {
        actual = nlohmann::json::parse(delivery.text);
    } catch (const std::exception &error) {
        FAIL() << "delivered text is not JSON (" << error.what() << "): " << delivery.text;
    }
    nlohmann::json expected = nlohmann::json::parse(data.at("expected_output").dump());
    if (const auto it = data.find("unverified_paths"); it != data.end()) {
        for (const auto &path : *it) {
            const auto dotted = path.get<std::string>();
            EXPECT_TRUE(erasePath(actual, dotted)) << "output lacks " << dotted;
            erasePath(expected, dotted);
        }
    }
    EXPECT_EQ(actual, expected) << "delivered: " << delivery.text;
}

INSTANTIATE_TEST_SUITE_P(OpenInputTransformer, TransformConformance, testing::ValuesIn(allCases()),
                         [](const auto &row) { return row.param.name; });

TEST(TransformConformanceData, HasEveryCase) {
    const auto &cases = allCases();
    if (cases.size() == 1 && cases[0].name == "DataAbsent") {
        GTEST_SKIP() << "conformance data not found at " << casesPath();
    }
    EXPECT_EQ(cases.size(), kExpectedCaseCount);
}

} // namespace
} // namespace sg::model
