// stormglass-cli as other tools see it: exact outputs and exit codes of each command.

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "clirun.h"

namespace {

using namespace sg::test;

const std::string kEvent = R"({"version":"0","id":"1","detail-type":"OrderPlaced","source":"shop",)"
                           R"("account":"123456789012","time":"2026-11-23T10:00:00Z",)"
                           R"("region":"eu-west-1","resources":[],"detail":{"total":250}})";

} // namespace

TEST(Cli, VersionPrintsTheProductAndVersion) {
    const CliRun r = cli("--version");
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_EQ(r.out, std::string("stormglass ") + SG_VERSION + "\n");
}

TEST(Cli, HelpListsEveryCommandAndHelpCommandDescribesOne) {
    const CliRun r = cli("--help");
    EXPECT_EQ(r.exitCode, 0);
    for (const char *command : {"test-pattern", "transform", "match", "bench-match"}) {
        EXPECT_NE(r.out.find(command), std::string::npos) << command;
        const CliRun h = cli(std::string("help ") + command);
        EXPECT_EQ(h.exitCode, 0) << command;
        EXPECT_NE(h.out.find(std::string("usage: stormglass-cli ") + command), std::string::npos);
    }
    EXPECT_EQ(cli("help no-such-command").exitCode, 2);
    EXPECT_EQ(cli("no-such-command").exitCode, 2);
}

TEST(Cli, TestPatternPrintsTrueOrFalse) {
    const std::string event = write("event.json", kEvent);
    const CliRun yes = cli("test-pattern --pattern '" +
                           write("p1.json", R"({"detail":{"total":[{"numeric":[">",100]}]}})") +
                           "' --event '" + event + "'");
    EXPECT_EQ(yes.exitCode, 0);
    EXPECT_EQ(yes.out, "true\n");
    const CliRun no = cli("test-pattern --pattern '" + write("p2.json", R"({"source":["bank"]})") +
                          "' --event '" + event + "'");
    EXPECT_EQ(no.exitCode, 0);
    EXPECT_EQ(no.out, "false\n");
}

TEST(Cli, TestPatternReadsStandardInput) {
    const CliRun r = cli("test-pattern --pattern - --event '" + write("event.json", kEvent) + "'",
                         R"({"source":["shop"]})");
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_EQ(r.out, "true\n");
}

TEST(Cli, TestPatternRejectsAnInvalidPatternWithAwsMessageAndExit2) {
    const CliRun r = cli("test-pattern --pattern '" + write("bad.json", R"({"source":"shop"})") +
                         "' --event '" + write("event.json", kEvent) + "'");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err.substr(0, r.err.find('\n')),
              R"(Event pattern is not valid. Reason: "source" must be an object or an array)");
}

TEST(Cli, TestPatternRejectsAnEventWithoutEnvelope) {
    const CliRun r = cli("test-pattern --pattern '" + write("p.json", R"({"a":["b"]})") +
                         "' --event '" + write("e.json", R"({"a":"b"})") + "'");
    EXPECT_EQ(r.exitCode, 2);
    // AWS's own text on the first line; then where and why, which AWS does not say.
    EXPECT_EQ(r.err.substr(0, r.err.find('\n') + 1), "Parameter Event is not valid.\n");
    EXPECT_NE(r.err.find("e.json:1:1: the event has no \"id\""), std::string::npos) << r.err;
}

TEST(Cli, TestPatternMissingFileIsBadInput) {
    const CliRun r = cli("test-pattern --pattern /nonexistent/p.json --event /nonexistent/e.json");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("/nonexistent/p.json"), std::string::npos);
}

TEST(Cli, TestPatternBatchAnswersEveryLineInOrder) {
    nlohmann::json event = nlohmann::json::parse(kEvent);
    std::string batch;
    batch +=
        nlohmann::json{{"id", "m"}, {"pattern", {{"source", {"shop"}}}}, {"event", event}}.dump() +
        "\n";
    batch +=
        nlohmann::json{{"id", 2}, {"pattern", {{"source", {"x"}}}}, {"event", event}}.dump() + "\n";
    batch += nlohmann::json{{"id", "raw"},
                            {"pattern", "{\"source\": 1}"},
                            {"pattern_is_raw_text", true},
                            {"event", event}}
                 .dump() +
             "\n";
    batch += "this is not json\n";
    batch +=
        nlohmann::json{{"id", "ev"}, {"pattern", {{"a", {"b"}}}}, {"event_raw", "[1]"}}.dump() +
        "\n";
    const CliRun r = cli("test-pattern --batch '" + write("batch.jsonl", batch) + "'");
    EXPECT_EQ(r.exitCode, 0);
    const auto lines = jsonLines(r.out);
    ASSERT_EQ(lines.size(), 5u);
    EXPECT_EQ(lines[0], (nlohmann::json{{"id", "m"}, {"match", true}}));
    EXPECT_EQ(lines[1], (nlohmann::json{{"id", 2}, {"match", false}}));
    EXPECT_EQ(lines[2]["id"], "raw");
    EXPECT_EQ(lines[2]["error"],
              R"(Event pattern is not valid. Reason: "source" must be an object or an array)");
    EXPECT_TRUE(lines[3]["id"].is_null());
    EXPECT_EQ(lines[3]["line"], 4);
    EXPECT_TRUE(lines[3].contains("error"));
    EXPECT_EQ(lines[4], (nlohmann::json{{"id", "ev"}, {"error", "Parameter Event is not valid."}}));
}

TEST(Cli, TestPatternBatchAgreesWithEveryAwsCase) {
    const std::filesystem::path shared = std::filesystem::path(SG_SHARED_DIR) / "conformance";
    for (const char *file : {"open_localstack.jsonl", "open_localstack_invalid_events.jsonl"}) {
        if (!std::filesystem::exists(shared / file)) {
            GTEST_SKIP() << "no conformance data in " << shared;
        }
        const CliRun r = cli("test-pattern --batch '" + (shared / file).string() + "'");
        ASSERT_EQ(r.exitCode, 0) << r.err;
        const auto got = jsonLines(r.out);
        std::ifstream in(shared / file);
        std::string line;
        std::size_t i = 0;
        while (std::getline(in, line)) {
            const auto expected = nlohmann::json::parse(line);
            ASSERT_LT(i, got.size());
            const auto &g = got[i++];
            EXPECT_EQ(g["id"], expected["id"]);
            if (expected.contains("error")) {
                EXPECT_EQ(g.value("error", "<none>"), expected["error"]) << expected["id"];
            } else {
                EXPECT_EQ(g.value("match", !expected["match"].get<bool>()), expected["match"])
                    << expected["id"];
            }
        }
        EXPECT_EQ(i, got.size());
    }
}

TEST(Cli, TransformBatchWritesTheExactDeliveredText) {
    nlohmann::json event = nlohmann::json::parse(kEvent);
    std::string batch;
    batch += nlohmann::json{{"id", 1}, {"event", event}, {"input_path", "$.detail"}}.dump() + "\n";
    batch += nlohmann::json{{"id", 2},
                            {"event", event},
                            {"input_paths_map", {{"t", "$.detail.total"}, {"s", "$.source"}}},
                            {"input_template", "\"<s> total <t> by <aws.events.rule-name>\""},
                            {"rule_name", "orders"}}
                 .dump() +
             "\n";
    batch += nlohmann::json{{"id", 3},
                            {"event", event},
                            {"input_paths_map", {{"t", "$.detail.total"}}},
                            {"input_template", "<nope>"}}
                 .dump() +
             "\n";
    const CliRun r = cli("transform --batch '" + write("t.jsonl", batch) + "'");
    EXPECT_EQ(r.exitCode, 0) << r.err;
    const auto lines = jsonLines(r.out);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], (nlohmann::json{{"id", 1}, {"output", R"({"total":250})"}}));
    EXPECT_EQ(lines[1], (nlohmann::json{{"id", 2}, {"output", "\"shop total 250 by orders\""}}));
    EXPECT_EQ(lines[2]["id"], 3);
    EXPECT_NE(lines[2].value("error", "").find("invalid placeholder nope"), std::string::npos);
}

TEST(Cli, MatchPrintsMatchingRuleNamesPerEventAndCounts) {
    const std::string rules = write("rules.json", R"([
        {"name":"big-orders","pattern":{"detail":{"total":[{"numeric":[">",100]}]}}},
        {"name":"shop","pattern":"{\"source\":[\"shop\"]}"},
        {"name":"bank","pattern":{"source":["bank"]}}])");
    const std::string events =
        write("events.jsonl", std::string(R"({"source":"shop","detail":{"total":250}})") + "\n" +
                                  R"({"source":"bank"})" + "\n" +
                                  R"({"source":"shop","detail":{"total":5}})" + "\n");
    const CliRun r = cli("match --rules '" + rules + "' --events '" + events + "'");
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out, "[\"big-orders\",\"shop\"]\n[\"bank\"]\n[\"shop\"]\n");
    const CliRun c = cli("match --count --rules '" + rules + "' --events '" + events + "'");
    EXPECT_EQ(c.exitCode, 0);
    EXPECT_EQ(c.out, "big-orders\t1\nshop\t2\nbank\t1\n");
}

TEST(Cli, MatchNamesTheRuleWhosePatternIsInvalid) {
    const CliRun r =
        cli("match --rules '" +
            write("bad-rules.json",
                  R"([{"name":"ok","pattern":{"a":["b"]}},{"name":"broken","pattern":{"a":[]}}])") +
            "' --events '" + write("e.jsonl", "{}\n") + "'");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("rule 2 (\"broken\"): Event pattern is not valid. Reason: Empty arrays "
                         "are not allowed"),
              std::string::npos)
        << r.err;
}

TEST(Cli, BenchMatchPrintsTheTsvAndChecksTheExpectedTotals) {
    const std::string data = std::string(R"({"properties":{"STREET":"MAIN","N":1}})") + "\n" +
                             R"({"properties":{"STREET":"OAK","N":2}})" + "\n" +
                             R"({"properties":{"STREET":"MAIN","N":3}})" + "\n";
    write("tiny.jlines", data);
    const std::string suites = write("suites.json", R"({"suites":[
        {"name":"tiny-exact","data":"tiny.jlines","expected_total_matches":3,
         "patterns":[{"id":"main","pattern":"{\"properties\":{\"STREET\":[\"MAIN\"]}}"},
                     {"id":"big","pattern":"{\"properties\":{\"N\":[{\"numeric\":[\">\",2]}]}}"}]},
        {"name":"tiny-wrong","data":"tiny.jlines","expected_total_matches":99,
         "patterns":[{"id":"oak","pattern":"{\"properties\":{\"STREET\":[\"OAK\"]}}"}]}]})");
    const CliRun r =
        cli("bench-match --passes 2 --suites '" + suites + "' --data '" + scratch().string() + "'");
    EXPECT_EQ(r.exitCode, 1) << "tiny-wrong's expected total is wrong on purpose";
    std::istringstream lines(r.out);
    std::string header, first, second;
    std::getline(lines, header);
    std::getline(lines, first);
    std::getline(lines, second);
    EXPECT_EQ(header,
              "engine\tsuite\tpatterns\tevents\tMB\tadd_ms\tbest_eps\tmedian_eps\tbest_MBps\t"
              "total_matches\tcounts");
    std::vector<std::string> cols;
    std::istringstream fields(first);
    for (std::string f; std::getline(fields, f, '\t');) {
        cols.push_back(f);
    }
    ASSERT_EQ(cols.size(), 11u) << first;
    EXPECT_EQ(cols[0], "stormglass");
    EXPECT_EQ(cols[1], "tiny-exact");
    EXPECT_EQ(cols[2], "2");
    EXPECT_EQ(cols[3], "3");
    EXPECT_EQ(cols[9], "3");
    EXPECT_EQ(cols[10], "main=2,big=1");
    EXPECT_NE(second.find("tiny-wrong"), std::string::npos);
    EXPECT_NE(r.err.find("tiny-wrong"), std::string::npos);
    const CliRun only = cli("bench-match --passes 1 --only exact --suites '" + suites +
                            "' --data '" + scratch().string() + "'");
    EXPECT_EQ(only.exitCode, 0);
    EXPECT_EQ(std::count(only.out.begin(), only.out.end(), '\n'), 2);
}
