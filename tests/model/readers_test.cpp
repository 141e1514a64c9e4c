// The readers' shared defences (issue 16): the nesting limit and NUL check every JSON text goes
// through, the one way whole documents are read (regular files only, a size limit), and the
// readers that used to stop at a NUL, take an unclosed quote or leave files behind.

#include "core/jsoncheck.h"
#include "io/import.h"
#include "io/importtext.h"
#include "io/inputfile.h"
#include "io/projectfile.h"
#include "io/projectjson.h"
#include "io/sqlite.h"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using namespace sg;
using namespace sg::model;

fs::path scratchDir(const std::string &name) {
    const fs::path dir =
        fs::temp_directory_path() / ("sg-readers-test-" + std::to_string(::getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void writeText(const fs::path &path, const std::string &text) {
    std::ofstream(path, std::ios::binary) << text;
}

bool contains(const std::string &text, const std::string &part) {
    return text.find(part) != std::string::npos;
}

// --- The shared checks of JSON text ------------------------------------------------------------

TEST(JsonCheck, NestingUpToTheLimitPassesAndDeeperIsFoundAtItsBracket) {
    const std::string atLimit =
        std::string(kMaxJsonNesting, '[') + std::string(kMaxJsonNesting, ']');
    EXPECT_FALSE(findExcessiveJsonNesting(atLimit));
    const std::string deeper = "{\"a\":\n  " + std::string(kMaxJsonNesting, '[');
    const std::optional<Error> found = findExcessiveJsonNesting(deeper);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->message, "nested deeper than 512 levels");
    EXPECT_EQ(found->offset, deeper.size() - 1);
    EXPECT_EQ(found->line, 2);
    EXPECT_EQ(found->column, 3 + static_cast<int>(kMaxJsonNesting) - 1);
}

TEST(JsonCheck, BracketsInsideStringsDoNotCount) {
    const std::string text = "[\"" + std::string(2000, '[') + "\\\"{{{\"]";
    EXPECT_FALSE(findExcessiveJsonNesting(text));
    EXPECT_FALSE(checkJsonText(text));
}

TEST(JsonCheck, ANulByteIsFoundWithItsLineAndColumn) {
    const std::string text = std::string("{\"a\": 1}\n  ") + '\0' + "{}";
    const std::optional<Error> nul = checkJsonText(text);
    ASSERT_TRUE(nul);
    EXPECT_EQ(nul->offset, 11u);
    EXPECT_EQ(nul->line, 2);
    EXPECT_EQ(nul->column, 3);
    EXPECT_TRUE(contains(nul->message, "NUL byte")) << nul->message;
}

// --- Reading whole documents -------------------------------------------------------------------

TEST(ReadDocumentFile, ReadsARegularFileWhole) {
    const fs::path dir = scratchDir("regular");
    writeText(dir / "a.json", "{\"a\": 1}\n");
    const Result<std::string> text = readDocumentFile((dir / "a.json").string());
    ASSERT_TRUE(text) << text.error().message;
    EXPECT_EQ(*text, "{\"a\": 1}\n");
}

TEST(ReadDocumentFile, RefusesAFifoWithoutBlocking) {
    const fs::path dir = scratchDir("fifo");
    const std::string fifo = (dir / "pipe.json").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const Result<std::string> text = readDocumentFile(fifo); // would block forever if opened
    ASSERT_FALSE(text);
    EXPECT_EQ(text.error().message,
              fifo + ": not a regular file (a FIFO); only regular files are read");
}

TEST(ReadDocumentFile, RefusesDevicesFoldersAndMissingFiles) {
    Result<std::string> text = readDocumentFile("/dev/zero");
    ASSERT_FALSE(text);
    EXPECT_TRUE(
        contains(text.error().message, "/dev/zero: not a regular file (a character device)"))
        << text.error().message;
    const fs::path dir = scratchDir("folder");
    text = readDocumentFile(dir.string());
    ASSERT_FALSE(text);
    EXPECT_TRUE(contains(text.error().message, "is a folder")) << text.error().message;
    text = readDocumentFile((dir / "missing.json").string());
    ASSERT_FALSE(text);
    EXPECT_TRUE(contains(text.error().message, "cannot open: No such file or directory"))
        << text.error().message;
    text = readDocumentFile("");
    ASSERT_FALSE(text);
    EXPECT_TRUE(contains(text.error().message, "empty path")) << text.error().message;
}

TEST(ReadDocumentFile, RefusesAFileOverTheLimitAndSaysTheLimit) {
    const fs::path dir = scratchDir("size");
    writeText(dir / "big.json", std::string(2048, ' '));
    const Result<std::string> text = readDocumentFile((dir / "big.json").string(), 2047);
    ASSERT_FALSE(text);
    EXPECT_TRUE(contains(text.error().message,
                         "big.json: larger than 2047 bytes, the limit for a document read into "
                         "memory"))
        << text.error().message;
    EXPECT_TRUE(readDocumentFile((dir / "big.json").string(), 2048));
    EXPECT_EQ(describeByteLimit(kMaxDocumentBytes), "256 MiB");
}

TEST(ReadDocumentStream, RefusesAStreamOverTheLimit) {
    std::istringstream in(std::string(5000, 'x'));
    const Result<std::string> text = readDocumentStream(in, "standard input", 4096);
    ASSERT_FALSE(text);
    EXPECT_TRUE(contains(text.error().message, "standard input: larger than 4096 bytes"));
    std::istringstream small("{}");
    EXPECT_EQ(*readDocumentStream(small, "standard input", 4096), "{}");
}

TEST(LoadProject, RefusesAFifoInsteadOfBlocking) {
    const fs::path dir = scratchDir("fifo-model");
    const std::string fifo = (dir / "model.stormglass.json").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const Result<Project> project = loadProject(fifo);
    ASSERT_FALSE(project);
    EXPECT_TRUE(contains(project.error().message, "not a regular file (a FIFO)"))
        << project.error().message;
}

TEST(LoadProject, AnEmptyPathIsNamedAsSuch) {
    const Result<Project> project = loadProject("");
    ASSERT_FALSE(project);
    EXPECT_TRUE(project.error().message.starts_with("no file name given (the path is empty)"))
        << project.error().message;
}

// --- Text cut short at a NUL -------------------------------------------------------------------

TEST(ReadProjectJson, ANulByteIsAnErrorWithItsPositionNotTheEndOfTheFile) {
    const std::string good = writeProjectJson(Project());
    ASSERT_TRUE(readProjectJson(good));
    const std::string text = good + std::string(1, '\0') + "{\"ignored\": true}";
    const Result<Project> project = readProjectJson(text);
    ASSERT_FALSE(project);
    const long lines = std::count(good.begin(), good.end(), '\n');
    EXPECT_EQ(project.error().line, lines + 1);
    EXPECT_EQ(project.error().column, 1);
    EXPECT_TRUE(project.error().message.starts_with("line " + std::to_string(lines + 1) +
                                                    ", column 1: a NUL byte"))
        << project.error().message;
}

// --- Import text ---------------------------------------------------------------------------------

TEST(ImportText, AQuotedYamlScalarWithoutItsClosingQuoteIsRefused) {
    for (const char *text : {"a: \"abc\nb: 1\n", "a: 'abc\n", "a: 'it''s\n"}) {
        const Result<Json> parsed = parseYamlText(text);
        ASSERT_FALSE(parsed) << text;
        EXPECT_TRUE(contains(parsed.error().message, "has no closing")) << parsed.error().message;
        EXPECT_EQ(parsed.error().line, 1) << text;
        EXPECT_EQ(parsed.error().column, 4) << text;
    }
    // Closed ones, escapes and doubled quotes included, still read.
    const Result<Json> fine = parseYamlText("a: \"x\\\"y\"\nb: 'it''s'\nc: \"multi\n  line\"\n");
    ASSERT_TRUE(fine) << fine.error().message;
    EXPECT_EQ((*fine)["a"], "x\"y");
    EXPECT_EQ((*fine)["b"], "it's");
}

TEST(ImportText, ANulByteIsRefusedInYamlAndJson) {
    const std::string yaml = std::string("a: \"x") + '\0' + "y\"\nb: 2\n";
    const Result<Json> fromYaml = parseYamlText(yaml);
    ASSERT_FALSE(fromYaml);
    EXPECT_TRUE(contains(fromYaml.error().message, "NUL byte")) << fromYaml.error().message;
    EXPECT_EQ(fromYaml.error().column, 6);
    const std::string json = std::string("{\"a\": 1}") + '\0' + "{\"b\": 2}";
    const Result<Json> fromJson = parseJsonText(json);
    ASSERT_FALSE(fromJson);
    EXPECT_TRUE(contains(fromJson.error().message, "NUL byte")) << fromJson.error().message;
    EXPECT_EQ(fromJson.error().column, 9);
}

TEST(ImportText, JsonWithATrailingCommaIsNotTakenAsYaml) {
    const Result<ImportResult> imported =
        importCloudFormation("{\"Resources\": {\"Bus\": {\"Type\": \"AWS::Events::EventBus\",}}}");
    ASSERT_FALSE(imported);
    EXPECT_TRUE(contains(imported.error().message, "Not valid JSON")) << imported.error().message;
    EXPECT_EQ(imported.error().line, 1);
    // YAML flow style, which also starts with '{', is still read as YAML.
    const Result<ImportResult> flow =
        importCloudFormation("{Resources: {Bus: {Type: AWS::Events::EventBus}}}");
    EXPECT_TRUE(flow || !contains(flow.error().message, "Not valid")) << flow.error().message;
}

// --- Reading leaves the folder as it was ---------------------------------------------------------

std::set<std::string> listing(const fs::path &dir) {
    std::set<std::string> names;
    for (const auto &entry : fs::directory_iterator(dir)) {
        names.insert(entry.path().filename().string());
    }
    return names;
}

TEST(OpenProjectFile, AWalModeFileIsReadWithoutLeavingWalOrShmFiles) {
    const fs::path dir = scratchDir("wal");
    const std::string path = (dir / "p.stormglass").string();
    Project project;
    project.setInfo("wal", "a WAL-mode project");
    ASSERT_TRUE(saveProjectFile(project, path));
    {
        sqlite3 *db = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(db);
    }
    const std::set<std::string> before = listing(dir);
    ASSERT_EQ(before, (std::set<std::string>{"p.stormglass"}));
    const Result<Project> opened = openProjectFile(path);
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_EQ(opened->name(), "wal");
    EXPECT_EQ(listing(dir), before);
}

} // namespace
