#pragma once
// Golden files: a test's text output compared line by line with a file checked into tests/data,
// with a short diff on mismatch, and rewritten on purpose when SG_UPDATE_GOLDEN=1.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace sg::test {

enum class GoldenMode { Compare, Update };

// Update when the environment has SG_UPDATE_GOLDEN=1 (exactly "1": a stray value never rewrites).
[[nodiscard]] inline GoldenMode goldenModeFromEnvironment() {
    const char *value = std::getenv("SG_UPDATE_GOLDEN");
    return value != nullptr && std::string_view(value) == "1" ? GoldenMode::Update
                                                              : GoldenMode::Compare;
}

namespace golden_detail {

inline constexpr std::size_t kContextLines = 3; // shown before the first difference
inline constexpr std::size_t kDiffLines = 3;    // shown from the first difference, each side
inline constexpr std::size_t kLineWidth = 240;  // characters of a long line shown

[[nodiscard]] inline std::optional<std::string> readFile(const std::filesystem::path &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return std::move(text).str();
}

[[nodiscard]] inline bool writeFile(const std::filesystem::path &path, std::string_view text) {
    std::error_code ignored;
    std::filesystem::create_directories(path.parent_path(), ignored);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    return static_cast<bool>(out);
}

// The lines of `text`, without their '\n' (nor a '\r' a Windows checkout may have added).
[[nodiscard]] inline std::vector<std::string_view> splitLines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t end = std::min(text.find('\n'), text.size());
        std::string_view line = text.substr(0, end);
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        lines.push_back(line);
        text.remove_prefix(std::min(end + 1, text.size()));
    }
    return lines;
}

// At most kLineWidth characters of `line`, around column `focus`, so that one long event does
// not flood the log and the difference itself stays in view.
[[nodiscard]] inline std::string clip(std::string_view line, std::size_t focus = 0) {
    if (line.size() <= kLineWidth) {
        return std::string(line);
    }
    std::size_t start = focus > kLineWidth / 3 ? focus - kLineWidth / 3 : 0;
    start = std::min(start, line.size() - kLineWidth);
    std::string out = start > 0 ? "..." : "";
    out += line.substr(start, kLineWidth);
    if (start + kLineWidth < line.size()) {
        out += "... (" + std::to_string(line.size()) + " characters)";
    }
    return out;
}

// "run this test again with SG_UPDATE_GOLDEN=1", naming the running test when there is one.
inline std::string howToUpdate() {
    std::string filter = "<this test>";
    if (const auto *info = ::testing::UnitTest::GetInstance()->current_test_info()) {
        filter = std::string(info->test_suite_name()) + "." + info->name();
    }
    return "To write it from this run, run the test again with SG_UPDATE_GOLDEN=1 in the "
           "environment, e.g.\n    SG_UPDATE_GOLDEN=1 <build dir>/tests/sg_simulator_tests "
           "--gtest_filter='" +
           filter +
           "'\nthen review the change with git diff and explain it in the commit message "
           "(tests/data/golden/README.md).";
}

// Where the whole output of this run went (with a `diff -u` to see all of the difference when
// there is a golden file), or nothing when it was not kept.
inline std::string keptCopy(const std::filesystem::path &golden, std::string_view actual,
                            const std::filesystem::path &actualDir, bool goldenExists) {
    if (actualDir.empty()) {
        return {};
    }
    const std::filesystem::path copy = actualDir / golden.filename();
    if (!writeFile(copy, actual)) {
        return "(could not keep this run's output in " + copy.string() + ")\n";
    }
    std::string text = "This run's whole output: " + copy.string() + "\n";
    if (goldenExists) {
        text += "    diff -u '" + golden.string() + "' '" + copy.string() + "'\n";
    }
    return text;
}

// The report of the first difference: line counts, the position, a little common context, then
// a few expected and actual lines from there; or nothing when the lines are equal.
[[nodiscard]] inline std::optional<std::string> describeDifference(std::string_view expectedText,
                                                                   std::string_view actualText) {
    const std::vector<std::string_view> expected = splitLines(expectedText);
    const std::vector<std::string_view> actual = splitLines(actualText);
    const auto firstDifference =
        std::mismatch(expected.begin(), expected.end(), actual.begin(), actual.end());
    const auto at = static_cast<std::size_t>(firstDifference.first - expected.begin());
    if (at == expected.size() && at == actual.size()) {
        return std::nullopt;
    }
    std::size_t column = 0;
    if (at < expected.size() && at < actual.size()) {
        const std::string_view e = expected[at];
        const std::string_view a = actual[at];
        column = static_cast<std::size_t>(
            std::mismatch(e.begin(), e.end(), a.begin(), a.end()).first - e.begin());
    }
    std::ostringstream out;
    out << "expected (golden file) " << expected.size() << " lines, actual (this run) "
        << actual.size() << " lines; first difference at line " << at + 1;
    if (at < expected.size() && at < actual.size()) {
        out << ", column " << column + 1;
    }
    out << "\n";
    const auto number = [](std::size_t index) {
        std::string text = std::to_string(index + 1);
        return std::string(text.size() < 7 ? 7 - text.size() : 0, ' ') + text + "  ";
    };
    for (std::size_t i = at > kContextLines ? at - kContextLines : 0; i < at; ++i) {
        out << "  " << number(i) << clip(expected[i]) << "\n";
    }
    const auto side = [&](const std::vector<std::string_view> &lines, char sign) {
        for (std::size_t i = at; i < at + kDiffLines; ++i) {
            if (i >= lines.size()) {
                out << sign << " " << number(i) << "(end of file)\n";
                break;
            }
            out << sign << " " << number(i) << clip(lines[i], i == at ? column : 0) << "\n";
        }
    };
    side(expected, '-');
    side(actual, '+');
    return std::move(out).str();
}

} // namespace golden_detail

// Checks that `actual` (lines, each ending in '\n') has the lines of the golden file `golden`.
// On mismatch the failure shows the first difference and, when `actualDir` is given, keeps this
// run's whole output there under the golden file's name. A missing golden file is a failure that
// says how to create it. In Update mode the file is (re)written from `actual` and the check
// passes, saying on stdout what it did ("[ GOLDEN   ] rewrote ...").
[[nodiscard]] inline ::testing::AssertionResult
matchesGoldenFile(const std::filesystem::path &golden, std::string_view actual, GoldenMode mode,
                  const std::filesystem::path &actualDir = {}) {
    using namespace golden_detail;
    const std::optional<std::string> expected = readFile(golden);
    if (mode == GoldenMode::Update) {
        const std::size_t lines = splitLines(actual).size();
        if (expected == actual) {
            std::cout << "[ GOLDEN   ] " << golden.string() << " is unchanged (" << lines
                      << " lines)" << std::endl;
            return ::testing::AssertionSuccess();
        }
        if (!writeFile(golden, actual)) {
            return ::testing::AssertionFailure()
                   << "SG_UPDATE_GOLDEN=1: could not write the golden file " << golden.string();
        }
        std::cout << "[ GOLDEN   ] " << (expected ? "rewrote " : "created ") << golden.string()
                  << " (" << lines << " lines, " << actual.size() << " bytes"
                  << (expected
                          ? "; it had " + std::to_string(splitLines(*expected).size()) + " lines"
                          : std::string())
                  << ")" << std::endl;
        return ::testing::AssertionSuccess();
    }
    if (!expected) {
        return ::testing::AssertionFailure()
               << "The golden file " << golden.string() << " is missing (or unreadable).\n"
               << keptCopy(golden, actual, actualDir, false) << howToUpdate();
    }
    const std::optional<std::string> difference = describeDifference(*expected, actual);
    if (!difference) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure()
           << "This run's output differs from the golden file " << golden.string() << "\n"
           << *difference << keptCopy(golden, actual, actualDir, true) << howToUpdate();
}

} // namespace sg::test
