// bench-match: the matcher benchmark of shared/bench/README.md.

#include "cli.h"

#include "pattern/matcher.h"
#include "pattern/patternparser.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <regex>

#include <nlohmann/json.hpp>

namespace sg::cli {

namespace {

struct DataFile {
    std::string text;
    std::vector<std::string_view> lines;
};

const DataFile *loadData(const std::string &path, std::map<std::string, DataFile> &cache) {
    if (auto it = cache.find(path); it != cache.end()) {
        return &it->second;
    }
    auto text = readJsonInput(path);
    if (!text) {
        return nullptr;
    }
    DataFile &file = cache[path];
    file.text = std::move(*text);
    std::string_view all = file.text;
    std::size_t start = 0;
    while (start < all.size()) {
        std::size_t end = all.find('\n', start);
        if (end == std::string_view::npos) {
            end = all.size();
        }
        std::string_view line = all.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (!line.empty()) {
            file.lines.push_back(line);
        }
        start = end + 1;
    }
    return &file;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int runBenchMatch(const std::vector<std::string> &argv) {
    constexpr std::string_view kCommand = "bench-match";
    Args args(argv, {});
    if (!args.checkKnown(kCommand, {"suites", "data", "passes", "only"})) {
        return kExitBadInput;
    }
    auto suitesPath = args.value("suites");
    auto dataDir = args.value("data");
    if (!suitesPath || !dataDir) {
        fail(kCommand, "--suites FILE and --data DIR are required");
        return kExitBadInput;
    }
    int passes = 5;
    if (auto p = args.value("passes")) {
        constexpr std::uint64_t kMaxPasses = 1000;
        const std::optional<std::uint64_t> parsed = parseWholeNumber(*p);
        if (!parsed || *parsed < 1 || *parsed > kMaxPasses) {
            fail(kCommand, "--passes: expected a whole number from 1 to " +
                               std::to_string(kMaxPasses) + ", got '" + *p + "'");
            return kExitBadInput;
        }
        passes = static_cast<int>(*parsed);
    }
    std::optional<std::regex> only;
    if (auto o = args.value("only")) {
        try {
            only.emplace(*o);
        } catch (const std::regex_error &e) {
            fail(kCommand, "--only is not a valid regular expression: " + std::string(e.what()));
            return kExitBadInput;
        }
    }
    auto suitesText = readJsonInput(*suitesPath);
    if (!suitesText) {
        return kExitBadInput;
    }
    nlohmann::json suites;
    try {
        suites = nlohmann::json::parse(*suitesText).at("suites");
    } catch (const nlohmann::json::exception &e) {
        fail(kCommand, *suitesPath + ": not a suites file: " + e.what());
        return kExitBadInput;
    }

    std::map<std::string, DataFile> cache;
    int status = kExitOk;
    std::printf("engine\tsuite\tpatterns\tevents\tMB\tadd_ms\tbest_eps\tmedian_eps\tbest_MBps\t"
                "total_matches\tcounts\n");
    for (const auto &suite : suites) {
        const std::string name = suite.value("name", "");
        if (only && !std::regex_search(name, *only)) {
            continue;
        }
        const DataFile *data = loadData(*dataDir + "/" + suite.value("data", ""), cache);
        if (data == nullptr) {
            return kExitBadInput;
        }
        const auto &patterns = suite.at("patterns");

        model::Matcher matcher;
        std::vector<std::string> ids;
        const auto addStart = std::chrono::steady_clock::now();
        for (const auto &p : patterns) {
            const std::string text = p.at("pattern").is_string()
                                         ? p.at("pattern").get<std::string>()
                                         : p.at("pattern").dump();
            auto parsed = model::parseEventPattern(text, {.maxLength = 0});
            if (!parsed) {
                fail(kCommand, "suite " + name + ", pattern " + p.value("id", "?") + ": " +
                                   parsed.error().message);
                return kExitBadInput;
            }
            matcher.add(static_cast<model::RuleId>(ids.size()), *parsed);
            ids.push_back(p.value("id", std::to_string(ids.size())));
        }
        const double addMs = secondsSince(addStart) * 1000.0;

        std::vector<std::uint64_t> counts(ids.size(), 0);
        std::vector<model::RuleId> matched;
        std::vector<double> seconds;
        std::uint64_t total = 0;
        for (int pass = 0; pass <= passes; ++pass) {
            std::fill(counts.begin(), counts.end(), 0);
            total = 0;
            const auto start = std::chrono::steady_clock::now();
            for (std::string_view line : data->lines) {
                matcher.match(line, matched);
                total += matched.size();
                for (model::RuleId id : matched) {
                    ++counts[id];
                }
            }
            const double s = secondsSince(start);
            if (pass > 0) { // pass 0 warms up
                seconds.push_back(s);
            }
        }
        std::sort(seconds.begin(), seconds.end());
        const double best = seconds.front();
        const double median = seconds[seconds.size() / 2];
        const double events = static_cast<double>(data->lines.size());
        const double mb = static_cast<double>(data->text.size()) / 1e6;

        std::string countsText = "-";
        if (ids.size() <= 20) {
            countsText.clear();
            for (std::size_t i = 0; i < ids.size(); ++i) {
                countsText += (i ? "," : "") + ids[i] + "=" + std::to_string(counts[i]);
            }
        }
        std::printf("stormglass\t%s\t%zu\t%zu\t%.1f\t%.1f\t%.0f\t%.0f\t%.1f\t%llu\t%s\n",
                    name.c_str(), ids.size(), data->lines.size(), mb, addMs, events / best,
                    events / median, mb / best, static_cast<unsigned long long>(total),
                    countsText.c_str());
        std::fflush(stdout);
        if (suite.contains("expected_total_matches") &&
            suite["expected_total_matches"].get<std::uint64_t>() != total) {
            std::cerr << "bench-match: suite " << name << ": total_matches " << total
                      << " differs from expected_total_matches "
                      << suite["expected_total_matches"].get<std::uint64_t>() << "\n";
            status = kExitCheckFailed;
        }
    }
    return status;
}

} // namespace sg::cli
