// simulate --archive and replay as other tools see them: a converted example archives its
// events into the project file, a replay of a window puts exactly those events back, and bad
// input exits 2.

#include "clirun.h"

#include <filesystem>
#include <string>

namespace {

using namespace sg::test;

const std::string kExamples = SG_EXAMPLES_DIR;

std::string quoted(const std::string &path) {
    return "'" + path + "'";
}

// The e-commerce example converted to a fresh .stormglass file in the scratch folder.
std::string convertedExample(const std::string &fileName) {
    const std::string out = (scratch() / fileName).string();
    std::filesystem::remove(out);
    const CliRun r =
        cli("convert " + quoted(kExamples + "/e-commerce.stormglass.json") + " " + quoted(out));
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return out;
}

// Events put on orders-bus whose source starts with com.example.shop. (the archive's pattern)
// and whose time is before `before` (ISO 8601 strings of one format compare as times).
std::uint64_t archivableInTrace(const std::string &tracePath, const std::string &before) {
    std::uint64_t n = 0;
    for (const nlohmann::json &step : jsonLines(slurp(tracePath))) {
        if (step.at("step") != "put" || step.at("element") != "orders-bus") {
            continue;
        }
        const nlohmann::json event = nlohmann::json::parse(step.at("detail").get<std::string>());
        const std::string source = event.value("source", "");
        if (source.starts_with("com.example.shop.") && !event.contains("replay-name") &&
            event.at("time").get<std::string>() < before) {
            ++n;
        }
    }
    return n;
}

TEST(CliReplay, ReplayPutsBackExactlyTheArchivedEventsOfTheWindow) {
    const std::string model = convertedExample("roundtrip.stormglass");
    const std::string trace = (scratch() / "roundtrip-trace.jsonl").string();
    const CliRun simulated =
        cli("simulate " + quoted(model) + " --archive --duration 10m --trace " + quoted(trace));
    ASSERT_EQ(simulated.exitCode, 0) << simulated.err;
    const nlohmann::json archived =
        nlohmann::json::parse(simulated.out).at("archives").at("orders-bus/shop-orders-archive");
    const std::uint64_t all = archivableInTrace(trace, "2026-01-01T00:10:01Z");
    ASSERT_GT(all, 0U);
    EXPECT_EQ(archived.at("received").get<std::uint64_t>(), all);
    EXPECT_EQ(archived.at("stored").get<std::uint64_t>(), all);
    EXPECT_EQ(archived.at("purged").get<std::uint64_t>(), 0U); // 90 days' retention

    const std::uint64_t firstFive = archivableInTrace(trace, "2026-01-01T00:05:00Z");
    ASSERT_GT(firstFive, 0U);
    ASSERT_LT(firstFive, all);
    const CliRun replayed =
        cli("replay " + quoted(model) + " --archive shop-orders-archive --from 0s --to 5m");
    ASSERT_EQ(replayed.exitCode, 0) << replayed.err;
    const nlohmann::json report = nlohmann::json::parse(replayed.out);
    const nlohmann::json &replay = report.at("replay");
    EXPECT_EQ(replay.at("state"), "COMPLETED");
    EXPECT_EQ(replay.at("archive"), "orders-bus/shop-orders-archive");
    EXPECT_EQ(replay.at("total").get<std::uint64_t>(), firstFive);
    EXPECT_EQ(replay.at("replayed").get<std::uint64_t>(), firstFive);
    // Producers are off: everything on orders-bus came from the replay (follow-ups may add
    // more, but never fewer).
    EXPECT_GE(report.at("elements").at("orders-bus").at("put").get<std::uint64_t>(), firstFive);

    // The same window named as BUS_ID/ARCHIVE with ISO times, in original order.
    const CliRun iso = cli("replay " + quoted(model) +
                           " --archive orders-bus/shop-orders-archive --from "
                           "2026-01-01T00:00:00Z --to 2026-01-01T00:05:00Z --order original");
    ASSERT_EQ(iso.exitCode, 0) << iso.err;
    EXPECT_EQ(nlohmann::json::parse(iso.out).at("replay").at("replayed").get<std::uint64_t>(),
              firstFive);

    // At 2 events a second, the first 10 simulated seconds put back events 0..20 (at 0 s, 0.5 s,
    // ..., 10 s), and the replay is still running.
    ASSERT_GT(firstFive, 21U);
    const CliRun paced = cli("replay " + quoted(model) +
                             " --archive shop-orders-archive --from 0s --to 5m --rate 2 "
                             "--duration 10s");
    ASSERT_EQ(paced.exitCode, 0) << paced.err;
    const nlohmann::json pacedReplay = nlohmann::json::parse(paced.out).at("replay");
    EXPECT_EQ(pacedReplay.at("rate"), 2.0);
    EXPECT_EQ(pacedReplay.at("state"), "RUNNING");
    EXPECT_EQ(pacedReplay.at("replayed").get<std::uint64_t>(), 21U);
}

TEST(CliReplay, BadInputExitsTwoWithAReason) {
    const std::string model = convertedExample("bad-input.stormglass");
    const std::string json = quoted(kExamples + "/e-commerce.stormglass.json");

    CliRun r = cli("replay " + json + " --archive shop-orders-archive --from 0s --to 5m");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("is not one"), std::string::npos) << r.err;

    r = cli("replay " + quoted(model) + " --archive nope --from 0s --to 5m");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("the model has no archive 'nope'; its archives: "
                         "orders-bus/shop-orders-archive"),
              std::string::npos)
        << r.err;

    r = cli("replay " + quoted(model) + " --archive shop-orders-archive --from 5m --to 5m");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--from must come before --to"), std::string::npos) << r.err;

    r = cli("replay " + quoted(model) + " --archive shop-orders-archive --from soon --to 5m");
    EXPECT_EQ(r.exitCode, 2);

    r = cli("replay " + quoted(model) +
            " --archive shop-orders-archive --from 0s --to 5m --order random");
    EXPECT_EQ(r.exitCode, 2);

    r = cli("replay " + quoted(model) +
            " --archive shop-orders-archive --from 0s --to 5m --rate -1");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--rate: expected events per second"), std::string::npos) << r.err;

    // Never simulated with --archive: the file has no such archive yet.
    r = cli("replay " + quoted(model) + " --archive shop-orders-archive --from 0s --to 5m");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("shop-orders-archive"), std::string::npos) << r.err;

    r = cli("simulate " + json + " --archive --duration 1m");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--archive"), std::string::npos) << r.err;

    r = cli("simulate " + quoted(model) + " --archive --runs 2 --duration 1m");
    EXPECT_EQ(r.exitCode, 2);
}

// StartReplay's Destination names the bus and, in FilterArns, may name rules of that bus: only
// those rules get the replayed events (EventBridge API reference, ReplayDestination).
TEST(CliReplay, RulesSendTheReplayToTheNamedRulesOnly) {
    const std::string model = convertedExample("rules.stormglass");
    const CliRun simulated = cli("simulate " + quoted(model) + " --archive --duration 5m");
    ASSERT_EQ(simulated.exitCode, 0) << simulated.err;

    const std::string window = " --archive shop-orders-archive --from 0s --to 5m";
    const CliRun all = cli("replay " + quoted(model) + window);
    ASSERT_EQ(all.exitCode, 0) << all.err;
    const nlohmann::json everyRule = nlohmann::json::parse(all.out);
    const CliRun one = cli("replay " + quoted(model) + window + " --rules charge-order");
    ASSERT_EQ(one.exitCode, 0) << one.err;
    const nlohmann::json onlyCharge = nlohmann::json::parse(one.out);

    auto matched = [](const nlohmann::json &report, const std::string &rule) {
        return report.at("elements").at(rule).at("matched").get<std::uint64_t>();
    };
    EXPECT_EQ(onlyCharge.at("replay").at("rules"), nlohmann::json::array({"charge-order"}));
    EXPECT_EQ(everyRule.at("replay").at("rules"), nlohmann::json::array());
    EXPECT_EQ(onlyCharge.at("replay").at("replayed"), everyRule.at("replay").at("replayed"));
    ASSERT_GT(matched(everyRule, "charge-order"), 0U);
    ASSERT_GT(matched(everyRule, "reserve-stock"), 0U);
    EXPECT_EQ(matched(onlyCharge, "charge-order"), matched(everyRule, "charge-order"));
    EXPECT_EQ(matched(onlyCharge, "reserve-stock"), 0U);

    CliRun r = cli("replay " + quoted(model) + window + " --rules charge-order,nope");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--rules: the model has no rule 'nope'"), std::string::npos) << r.err;
    r = cli("replay " + quoted(model) + window + " --rules charge-order,,reserve-stock");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--rules: expected rule ids separated by commas"), std::string::npos)
        << r.err;
    r = cli("replay " + quoted(model) + window + " --rules charge-order,charge-order");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("rule 'charge-order' is named twice"), std::string::npos) << r.err;
    r = cli("replay " + quoted(model) + window + " --rules orders-bus");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--rules: the model has no rule 'orders-bus'"), std::string::npos)
        << r.err;
}

} // namespace
