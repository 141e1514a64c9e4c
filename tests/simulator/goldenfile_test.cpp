// The golden-file check itself: equal lines pass, a difference fails with a short report of where
// and what, a missing file fails and says how to create it, and update mode writes the file.

#include "goldenfile.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace sg::test {
namespace {

namespace fs = std::filesystem;

// Numbered lines "line 1\n" ... "line count\n".
std::string numberedLines(int count) {
    std::string text;
    for (int i = 1; i <= count; ++i) {
        text += "line " + std::to_string(i) + "\n";
    }
    return text;
}

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

// Each test gets a fresh folder of its own in the build tree.
class GoldenFile : public ::testing::Test {
protected:
    void SetUp() override {
        const auto *info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir = fs::path(SG_BINARY_DIR) / "goldenfile-test" / info->name();
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(m_dir, ignored);
    }
    [[nodiscard]] fs::path golden(std::string_view text) const {
        const fs::path path = m_dir / "model.trace.jsonl";
        EXPECT_TRUE(golden_detail::writeFile(path, text));
        return path;
    }
    [[nodiscard]] const fs::path &dir() const { return m_dir; }

private:
    fs::path m_dir;
};

TEST_F(GoldenFile, TheSameLinesPassWhateverTheLineEndingsOfTheCheckout) {
    EXPECT_TRUE(matchesGoldenFile(golden("a\nb\n"), "a\nb\n", GoldenMode::Compare));
    EXPECT_TRUE(matchesGoldenFile(golden("a\r\nb\r\n"), "a\nb\n", GoldenMode::Compare));
}

TEST_F(GoldenFile, AMissingFileFailsAndSaysHowToCreateIt) {
    const ::testing::AssertionResult result = matchesGoldenFile(
        dir() / "absent.trace.jsonl", "a\n", GoldenMode::Compare, dir() / "actual");
    ASSERT_FALSE(result);
    const std::string message = result.message();
    EXPECT_TRUE(contains(message, "absent.trace.jsonl is missing")) << message;
    EXPECT_TRUE(contains(message, "SG_UPDATE_GOLDEN=1")) << message;
    EXPECT_TRUE(contains(message, "GoldenFile.AMissingFileFailsAndSaysHowToCreateIt")) << message;
    EXPECT_TRUE(contains(message, "This run's whole output: ")) << message;
    EXPECT_FALSE(contains(message, "diff -u")) << message; // nothing to compare with
    EXPECT_EQ(golden_detail::readFile(dir() / "actual" / "absent.trace.jsonl"), "a\n");
    EXPECT_FALSE(fs::exists(dir() / "absent.trace.jsonl"));
}

TEST_F(GoldenFile, ADifferenceShowsTheLineCountsTheFirstDifferentLineAndAFewAroundIt) {
    std::string actual = numberedLines(100);
    actual.replace(actual.find("line 50\n"), 8, "line 50 changed\n");
    actual += "line 101\n";
    const ::testing::AssertionResult result = matchesGoldenFile(
        golden(numberedLines(100)), actual, GoldenMode::Compare, dir() / "actual");
    ASSERT_FALSE(result);
    const std::string message = result.message();
    EXPECT_TRUE(contains(message, "expected (golden file) 100 lines, actual (this run) 101 lines; "
                                  "first difference at line 50, column 8"))
        << message;
    EXPECT_TRUE(contains(message, "\n       47  line 47\n       48  line 48\n       49  line 49\n"
                                  "-      50  line 50\n-      51  line 51\n-      52  line 52\n"
                                  "+      50  line 50 changed\n+      51  line 51\n"
                                  "+      52  line 52\n"))
        << message;
    EXPECT_FALSE(contains(message, "line 46\n")) << message;
    EXPECT_FALSE(contains(message, "line 53\n")) << message;
    EXPECT_TRUE(contains(message, "diff -u")) << message;
    EXPECT_TRUE(contains(message, "SG_UPDATE_GOLDEN=1")) << message;
    EXPECT_EQ(golden_detail::readFile(dir() / "actual" / "model.trace.jsonl"), actual);
}

TEST_F(GoldenFile, AnOutputThatStopsEarlyShowsWhereTheFileEnds) {
    const ::testing::AssertionResult result =
        matchesGoldenFile(golden(numberedLines(5)), numberedLines(3), GoldenMode::Compare);
    ASSERT_FALSE(result);
    const std::string message = result.message();
    EXPECT_TRUE(contains(message, "5 lines, actual (this run) 3 lines; first difference at line 4"))
        << message;
    EXPECT_TRUE(contains(message, "-       4  line 4\n-       5  line 5\n")) << message;
    EXPECT_TRUE(contains(message, "+       4  (end of file)\n")) << message;
}

TEST_F(GoldenFile, LongLinesAreClippedAroundTheDifferenceNotDumped) {
    const std::string expected = std::string(100000, 'x') + "\n";
    std::string actual = expected;
    actual[70000] = 'Y';
    const ::testing::AssertionResult result =
        matchesGoldenFile(golden(expected), actual, GoldenMode::Compare);
    ASSERT_FALSE(result);
    const std::string message = result.message();
    EXPECT_TRUE(contains(message, "column 70001")) << message;
    EXPECT_TRUE(contains(message, "xxY")) << message;
    EXPECT_TRUE(contains(message, "(100000 characters)")) << message;
    EXPECT_LT(message.size(), 2000u);
}

TEST_F(GoldenFile, UpdateModeWritesTheFileAndPasses) {
    const fs::path path = dir() / "new" / "model.trace.jsonl";
    EXPECT_TRUE(matchesGoldenFile(path, "a\nb\n", GoldenMode::Update));
    EXPECT_EQ(golden_detail::readFile(path), "a\nb\n");
    EXPECT_TRUE(matchesGoldenFile(path, "a\nb\n", GoldenMode::Compare));
    EXPECT_TRUE(matchesGoldenFile(path, "a\nc\n", GoldenMode::Update));
    EXPECT_EQ(golden_detail::readFile(path), "a\nc\n");
}

} // namespace
} // namespace sg::test
