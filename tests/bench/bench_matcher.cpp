// Matcher throughput on generated order events, as the number of rules on the bus grows: the
// cost per event must stay flat (compare the rows of one run; the machine is noisy).
//   build/release/tests/bench/sg_bench_matcher --benchmark_repetitions=5

#include "pattern/matcher.h"
#include "pattern/patternparser.h"

#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

using sg::model::Matcher;
using sg::model::RuleId;

std::vector<std::string> makeEvents(std::size_t count) {
    std::mt19937 rng(42);
    std::vector<std::string> events;
    for (std::size_t i = 0; i < count; ++i) {
        nlohmann::json items = nlohmann::json::array();
        for (int k = 0; k < 5; ++k) {
            items.push_back({{"sku", "SKU-" + std::to_string(rng() % 5000)},
                             {"qty", rng() % 4 + 1},
                             {"price", static_cast<double>(rng() % 100000) / 100.0}});
        }
        nlohmann::json e = {{"version", "0"},
                            {"id", std::to_string(i)},
                            {"detail-type", "OrderPlaced"},
                            {"source", "com.shop.orders"},
                            {"account", "123456789012"},
                            {"time", "2026-11-23T10:00:00Z"},
                            {"region", "eu-west-1"},
                            {"resources", nlohmann::json::array()},
                            {"detail",
                             {{"customer", "C-" + std::to_string(rng() % 100000)},
                              {"total", static_cast<double>(rng() % 100000) / 100.0},
                              {"country", rng() % 2 ? "DE" : "FR"},
                              {"items", items}}}};
        events.push_back(e.dump());
    }
    return events;
}

void addRules(Matcher &m, std::int64_t count) {
    for (std::int64_t i = 0; i < count; ++i) {
        const std::string text = R"({"source":["com.shop.orders"],"detail":{"customer":["C-)" +
                                 std::to_string(i) + R"("]}})";
        m.add(static_cast<RuleId>(i), *sg::model::parseEventPattern(text));
    }
}

void BM_MatchRawText(benchmark::State &state) {
    static const auto events = makeEvents(10000);
    Matcher m;
    addRules(m, state.range(0));
    std::vector<RuleId> out;
    std::size_t i = 0;
    std::size_t matches = 0;
    for (auto _ : state) {
        m.match(events[i++ % events.size()], out);
        matches += out.size();
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["matches/event"] =
        static_cast<double>(matches) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_MatchRawText)->Arg(1)->Arg(100)->Arg(10000)->Arg(100000);

void BM_MatchParsedEvent(benchmark::State &state) {
    static const auto texts = makeEvents(1000);
    static const auto events = [] {
        std::vector<nlohmann::json> parsed;
        for (const auto &t : texts) {
            parsed.push_back(nlohmann::json::parse(t));
        }
        return parsed;
    }();
    Matcher m;
    addRules(m, state.range(0));
    std::vector<RuleId> out;
    std::size_t i = 0;
    for (auto _ : state) {
        m.match(events[i++ % events.size()], out);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MatchParsedEvent)->Arg(1)->Arg(100000);

void BM_AddOneRuleToALargeBus(benchmark::State &state) {
    Matcher m;
    addRules(m, state.range(0));
    const auto pattern = *sg::model::parseEventPattern(
        R"({"source":["com.shop.orders"],"detail":{"customer":["new"],"total":[{"numeric":[">",10]}]}})");
    for (auto _ : state) {
        m.add(9999999, pattern);
        m.remove(9999999);
    }
}
BENCHMARK(BM_AddOneRuleToALargeBus)->Arg(10)->Arg(100000);

} // namespace

BENCHMARK_MAIN();
