// Every reader of stormglass-cli against input tried from outside (issue 16): batch lines that
// are not objects, nesting that would overflow the stack, FIFOs and devices in place of files,
// documents over the size limit, NUL bytes, and messages that must say where. Big inputs are
// generated here, never committed.

#include "clirun.h"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

using namespace sg::test;
namespace fs = std::filesystem;

const std::string kExamples = SG_EXAMPLES_DIR;

std::string quoted(const std::string &path) {
    return "'" + path + "'";
}

// A run under `timeout 10`, so that a reader that blocks again fails the test (exit 124)
// instead of hanging it.
CliRun cliWithTimeout(const std::string &args) {
    const auto outPath = scratch() / "timed-stdout.txt";
    const auto errPath = scratch() / "timed-stderr.txt";
    const std::string command = std::string("timeout 10 '") + SG_CLI_PATH + "' " + args +
                                " </dev/null >'" + outPath.string() + "' 2>'" + errPath.string() +
                                "'";
    const int status = std::system(command.c_str());
    CliRun run;
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = slurp(outPath);
    run.err = slurp(errPath);
    return run;
}

bool contains(const std::string &text, const std::string &part) {
    return text.find(part) != std::string::npos;
}

// An event that passes TestEventPattern's envelope check.
const std::string kEvent =
    R"({"id":"1","account":"123456789012","source":"shop","time":"2026-01-01T00:00:00Z",)"
    R"("region":"eu-west-1","resources":[],"detail-type":"OrderPlaced","detail":{"total":250}})";

std::string nestedArrays(std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

std::string nestedObjects(std::size_t depth) {
    std::string out;
    out.reserve(depth * 6 + 1);
    for (std::size_t i = 0; i < depth; ++i) {
        out += "{\"a\":";
    }
    out += "1";
    out.append(depth, '}');
    return out;
}

// --- 1. Batch lines that are JSON but not objects ----------------------------------------------

TEST(CliReaders, BatchLinesThatAreNotObjectsAreAnsweredNotFatal) {
    const std::string batch = "3\n[]\n\"x\"\nnull\ntrue\n";
    for (const char *command : {"test-pattern", "transform"}) {
        const CliRun r = cli(std::string(command) + " --batch " +
                             quoted(write(std::string(command) + "-scalars.jsonl", batch)));
        ASSERT_EQ(r.exitCode, 0) << command << ": " << r.err;
        const auto lines = jsonLines(r.out);
        ASSERT_EQ(lines.size(), 5u) << command << ": " << r.out;
        const std::vector<std::string> found = {"a number", "an array", "a string", "null",
                                                "a boolean"};
        for (std::size_t i = 0; i < lines.size(); ++i) {
            EXPECT_TRUE(lines[i]["id"].is_null());
            EXPECT_EQ(lines[i]["line"], i + 1);
            EXPECT_EQ(lines[i]["error"], "line is not a JSON object (found " + found[i] +
                                             "); each line must be one object")
                << command;
        }
    }
}

TEST(CliReaders, TestPatternBatchRefusesAPatternIsRawTextThatIsNotABoolean) {
    std::string batch;
    for (const char *flag : {R"("yes")", "1", "null", "[]"}) {
        batch += R"({"id":"f","pattern":"{}","pattern_is_raw_text":)" + std::string(flag) +
                 R"(,"event":)" + kEvent + "}\n";
    }
    batch += R"({"id":"ok","pattern":{"source":["shop"]},"event":)" + kEvent + "}\n";
    const CliRun r = cli("test-pattern --batch " + quoted(write("raw-flag.jsonl", batch)));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto lines = jsonLines(r.out);
    ASSERT_EQ(lines.size(), 5u) << r.out;
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(lines[i]["id"], "f");
        EXPECT_TRUE(
            contains(lines[i].value("error", ""), "\"pattern_is_raw_text\" must be true or false"))
            << lines[i];
    }
    EXPECT_EQ(lines[4], (nlohmann::json{{"id", "ok"}, {"match", true}}));
}

// --- 2. Nesting deep enough to overflow the stack ----------------------------------------------

TEST(CliReaders, BatchLinesNestedTooDeepAreRefusedWithTheirLine) {
    const std::string deep = nestedObjects(80000);
    const std::string pattern = R"({"id":"p","pattern":)" + deep + R"(,"event":)" + kEvent + "}\n";
    const std::string event = R"({"id":"e","event":)" + deep + R"(,"input_path":"$"})" + "\n";
    const std::string fine = R"({"id":"ok","pattern":{"source":["shop"]},"event":)" + kEvent +
                             R"(,"input_path":"$.detail"})" + "\n";
    for (const auto &[command, line] :
         {std::pair<std::string, std::string>{"test-pattern", pattern}, {"transform", event}}) {
        const CliRun r =
            cli(command + " --batch " + quoted(write(command + "-deep.jsonl", "\n" + line + fine)));
        ASSERT_EQ(r.exitCode, 0) << command << ": " << r.err;
        const auto lines = jsonLines(r.out);
        ASSERT_EQ(lines.size(), 2u) << command;
        EXPECT_EQ(lines[0]["line"], 2);
        EXPECT_TRUE(contains(lines[0].value("error", ""), "nested deeper than 512 levels"))
            << lines[0];
        EXPECT_FALSE(lines[1].contains("error")) << lines[1];
    }
}

TEST(CliReaders, AnEventGivenAsTextInABatchLineMeetsTheSameLimit) {
    const std::string event =
        kEvent.substr(0, kEvent.size() - 1) + R"(,"deep":)" + nestedArrays(80000) + "}";
    const std::string line =
        nlohmann::json{{"id", "raw"}, {"pattern", {{"source", {"shop"}}}}, {"event_raw", event}}
            .dump() +
        "\n";
    const CliRun r = cli("test-pattern --batch " + quoted(write("raw-deep.jsonl", line)));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto lines = jsonLines(r.out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["id"], "raw");
    EXPECT_TRUE(contains(lines[0].value("error", ""), "the event is nested deeper than 512 levels"))
        << lines[0];
}

TEST(CliReaders, EveryJsonFileNestedTooDeepIsRefusedWithFileLineAndColumn) {
    const std::string deep = write("deep.json", "\n  " + nestedArrays(80000));
    const std::string event = write("event.json", kEvent);
    const std::string pattern = write("pattern.json", R"({"source":["shop"]})");
    const std::string rules = write("rules.json", R"([{"name":"r","pattern":{"source":["a"]}}])");
    const std::string events = write("events.jsonl", kEvent + "\n");
    const std::vector<std::string> runs = {
        "test-pattern --pattern " + quoted(deep) + " --event " + quoted(event),
        "test-pattern --pattern " + quoted(pattern) + " --event " + quoted(deep),
        "match --rules " + quoted(deep) + " --events " + quoted(events),
        "simulate --scenario " + quoted(deep),
    };
    for (const std::string &args : runs) {
        const CliRun r = cli(args);
        EXPECT_EQ(r.exitCode, 2) << args << ": " << r.err;
        EXPECT_TRUE(contains(r.err, deep + ":2:515: nested deeper than 512 levels"))
            << args << ": " << r.err;
    }
    // A line of an events file: the file and the line.
    const std::string deepEvents = write("deep-events.jsonl", kEvent + "\n" + nestedArrays(80000));
    const CliRun r = cli("match --rules " + quoted(rules) + " --events " + quoted(deepEvents));
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_TRUE(contains(r.err, deepEvents + ":2: event is not valid JSON: column 513: nested "
                                             "deeper than 512 levels"))
        << r.err;
    // The model file keeps its own reader and the same limit.
    const std::string model = write("deep.stormglass.json", nestedArrays(80000));
    const CliRun v = cli("validate " + quoted(model));
    EXPECT_EQ(v.exitCode, 2) << v.err;
    EXPECT_TRUE(contains(v.err, "nests deeper than 512 levels")) << v.err;
}

// --- 6. Special files and the size limit -------------------------------------------------------

TEST(CliReaders, AFifoIsRefusedPromptlyByEveryReader) {
    const fs::path dir = scratch() / "fifos";
    fs::create_directories(dir);
    auto fifo = [&](const std::string &name) {
        const std::string path = (dir / name).string();
        ::unlink(path.c_str());
        EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0) << path;
        return path;
    };
    const std::string json = fifo("model.stormglass.json");
    const std::string sqlite = fifo("model.stormglass");
    const std::string any = fifo("input.json");
    const std::string event = write("fifo-event.json", kEvent);
    const std::string rules =
        write("fifo-rules.json", R"([{"name":"r","pattern":{"source":["a"]}}])");
    const std::vector<std::string> runs = {
        "validate " + quoted(json),
        "validate " + quoted(sqlite),
        "convert " + quoted(json) + " " + quoted((dir / "out.stormglass").string()),
        "match --rules " + quoted(any) + " --events " + quoted(event),
        "match --rules " + quoted(rules) + " --events " + quoted(any),
        "test-pattern --pattern " + quoted(any) + " --event " + quoted(event),
        "test-pattern --batch " + quoted(any),
        "transform --batch " + quoted(any),
        "simulate --scenario " + quoted(any),
        "import " + quoted(any) + " --out " + quoted((dir / "i.stormglass.json").string()),
    };
    for (const std::string &args : runs) {
        const CliRun r = cliWithTimeout(args);
        EXPECT_EQ(r.exitCode, 2) << args << " (124 is the timeout): " << r.err;
        EXPECT_TRUE(contains(r.err, "not a regular file")) << args << ": " << r.err;
    }
}

TEST(CliReaders, DevZeroIsRefusedInsteadOfReadUntilMemoryRunsOut) {
    const fs::path link = scratch() / "zero.stormglass.json";
    fs::remove(link);
    fs::create_symlink("/dev/zero", link);
    const std::string event = write("zero-event.json", kEvent);
    const std::vector<std::string> runs = {
        "validate " + quoted(link.string()),
        "match --rules /dev/zero --events " + quoted(event),
        "match --rules " + quoted(write("zero-rules.json", "[]")) + " --events /dev/zero",
        "test-pattern --pattern " + quoted(event) + " --event /dev/zero",
        "transform --batch /dev/zero",
    };
    for (const std::string &args : runs) {
        const CliRun r = cliWithTimeout(args);
        EXPECT_EQ(r.exitCode, 2) << args << ": " << r.err;
        EXPECT_TRUE(contains(r.err, "not a regular file (a character device)"))
            << args << ": " << r.err;
    }
}

TEST(CliReaders, ADocumentOverTheSizeLimitIsRefusedBeforeItIsRead) {
    // Sparse: 257 MiB that take no disk space.
    const std::string big = (scratch() / "big.stormglass.json").string();
    {
        const int fd = ::open(big.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ASSERT_GE(fd, 0);
        ASSERT_EQ(::ftruncate(fd, (off_t{257} << 20)), 0);
        ::close(fd);
    }
    for (const std::string &args : {"validate " + quoted(big), "transform --batch " + quoted(big),
                                    "match --rules " + quoted(big) + " --events " + quoted(big)}) {
        const CliRun r = cliWithTimeout(args);
        EXPECT_EQ(r.exitCode, 2) << args << ": " << r.err;
        EXPECT_TRUE(contains(r.err, big + ": larger than 256 MiB")) << args << ": " << r.err;
    }
    fs::remove(big);
}

TEST(CliReaders, StandardInputIsStillRead) {
    const CliRun r =
        cli("test-pattern --pattern - --event " + quoted(write("stdin-event.json", kEvent)),
            R"({"source":["shop"]})");
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out, "true\n");
}

// --- 12. Input silently cut short, and numbers that wrap ----------------------------------------

TEST(CliReaders, ANulByteInAModelFileIsAnErrorWithItsPosition) {
    const std::string text = slurp(kExamples + "/login-alert.stormglass.json");
    const std::string model =
        write("nul.stormglass.json", text + std::string("\0{\"not\": \"read\"}\n", 18));
    const CliRun r = cli("validate " + quoted(model));
    EXPECT_EQ(r.exitCode, 2) << r.err;
    const long lines = std::count(text.begin(), text.end(), '\n');
    EXPECT_TRUE(contains(r.err, "line " + std::to_string(lines + 1) + ", column 1: a NUL byte"))
        << r.err;
}

TEST(CliReaders, ImportRefusesCutOffAndBrokenTemplatesWithTheirPosition) {
    const std::string out = (scratch() / "imported.stormglass.json").string();
    struct Case {
        std::string name;
        std::string text;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {"unterminated.yaml",
         "Resources:\n  Bus:\n    Type: \"AWS::Events::EventBus\n    Properties:\n"
         "      Name: shop\n",
         "no closing double quote (it runs to the end of the text) (line 3, column 11)"},
        {"unterminated-single.yaml", "Resources:\n  Bus:\n    Type: 'AWS::Events::EventBus\n",
         "no closing single quote"},
        {"nul.yaml",
         std::string("Resources:\n  Bus:\n    Type: \"AWS::Events::") + '\0' + "EventBus\"\n",
         "a NUL byte (\\0), which YAML text cannot contain (line 3, column 25)"},
        {"trailing-comma.json",
         "{\n  \"Resources\": {\n    \"Bus\": {\"Type\": \"AWS::Events::EventBus\",}\n  }\n}\n",
         "Not valid JSON"},
    };
    for (const Case &c : cases) {
        fs::remove(out);
        const CliRun r = cli("import " + quoted(write(c.name, c.text)) + " --out " + quoted(out));
        EXPECT_EQ(r.exitCode, 2) << c.name << ": " << r.err;
        EXPECT_TRUE(contains(r.err, c.expected)) << c.name << ": " << r.err;
        EXPECT_TRUE(contains(r.err, "line ")) << c.name << ": " << r.err;
        EXPECT_FALSE(fs::exists(out)) << c.name;
    }
}

TEST(CliReaders, NumbersPastTheirRangeAreRefusedNotWrapped) {
    const std::string model = quoted(kExamples + "/login-alert.stormglass.json");
    for (const char *seed : {"18446744073709551616", "99999999999999999999999", "-1", "1e3"}) {
        const CliRun r = cli("simulate " + model + " --duration 1s --seed " + seed);
        EXPECT_EQ(r.exitCode, 2) << seed;
        EXPECT_TRUE(contains(r.err, "--seed: expected a whole number")) << r.err;
    }
    const CliRun scenario = cli("simulate " + model + " --scenario " +
                                quoted(write("big-seed.scenario.json",
                                             R"({"duration":"1s","seed":18446744073709551616})")));
    EXPECT_EQ(scenario.exitCode, 2) << scenario.err;
    EXPECT_TRUE(contains(scenario.err, "seed")) << scenario.err;
    for (const char *passes : {"5x", "99999999999999999999", "0"}) {
        const CliRun r = cli(std::string("bench-match --suites x --data y --passes ") + passes);
        EXPECT_EQ(r.exitCode, 2) << passes;
        EXPECT_TRUE(contains(r.err, "--passes: expected a whole number from 1 to 1000"))
            << passes << ": " << r.err;
    }
}

// --- 13. Messages that say where ---------------------------------------------------------------

TEST(CliReaders, AnInvalidTestEventKeepsAwsTextAndSaysWhere) {
    const std::string pattern = write("where-pattern.json", R"({"source":["shop"]})");
    const std::string broken = write("where-broken.json", "{\n  \"id\": \"1\",\n  oops\n}\n");
    CliRun r = cli("test-pattern --pattern " + quoted(pattern) + " --event " + quoted(broken));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(contains(r.err, "Parameter Event is not valid.\n")) << r.err;
    EXPECT_TRUE(contains(r.err, "  at " + broken + ":3:3: the event is not valid JSON")) << r.err;
    const std::string missing = write("where-missing.json", R"({"id":"1","source":"shop"})");
    r = cli("test-pattern --pattern " + quoted(pattern) + " --event " + quoted(missing));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(contains(r.err, "Parameter Event is not valid.\n")) << r.err;
    EXPECT_TRUE(contains(r.err, "  at " + missing + ":1:1: the event has no \"account\"")) << r.err;
}

TEST(CliReaders, ScenarioProblemsFoundAgainstTheModelPointIntoTheScenario) {
    const std::string model = kExamples + "/e-commerce.stormglass.json";
    const std::string fault = write("missing-fault.scenario.json",
                                    "{\"duration\": \"1m\",\n \"faults\": [\n  {\"element\": "
                                    "\"nowhere\", \"from\": \"0s\", \"to\": \"1m\", \"mode\": "
                                    "\"down\"}]}\n");
    CliRun r = cli("simulate " + quoted(model) + " --scenario " + quoted(fault));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(contains(r.err, fault + ":3:15: faults[0].element: the model " + model +
                                    " has no element 'nowhere'"))
        << r.err;
    EXPECT_FALSE(contains(r.err, "faults apply to")) << r.err;

    const std::string put = write("missing-bus.scenario.json",
                                  "{\"duration\": \"1m\", \"puts\": [\n  {\"at\": \"1s\", \"bus\": "
                                  "\"no-bus\", \"event\": {\"source\": \"a\", \"detail-type\": "
                                  "\"b\"}}]}\n");
    for (const char *runs : {"", " --runs 2"}) {
        r = cli("simulate " + quoted(model) + " --scenario " + quoted(put) + runs);
        EXPECT_EQ(r.exitCode, 2) << runs;
        EXPECT_TRUE(contains(r.err, put + ":2:23: puts[0].bus: the model " + model +
                                        " has no bus 'no-bus'"))
            << runs << ": " << r.err;
    }

    const std::string empty =
        write("empty-model.scenario.json", R"({"model": "", "duration": "1m"})");
    r = cli("simulate --scenario " + quoted(empty));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(contains(r.err, empty + ":1:11: model: the model file name is empty")) << r.err;
}

TEST(CliReaders, AnEmptyModelPathIsNamedAsSuch) {
    const CliRun r = cli("validate ''");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(contains(r.err, "no file name given (the path is empty)")) << r.err;
    EXPECT_FALSE(contains(r.err, ": : not a Stormglass")) << r.err;
}

// Runs SQL on a database file (the test's own writes, not the CLI's).
void execSql(const std::string &path, const std::string &sql) {
    sqlite3 *db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char *message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    const std::string error = message != nullptr ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << error;
}

TEST(CliReaders, AnArchivedEventThatIsNotAnObjectIsReportedWithTheFile) {
    const std::string model = (scratch() / "bad-archive.stormglass").string();
    fs::remove(model);
    CliRun r =
        cli("convert " + quoted(kExamples + "/e-commerce.stormglass.json") + " " + quoted(model));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    r = cli("simulate " + quoted(model) + " --archive --duration 10m");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    execSql(model, "UPDATE archive_events SET event = '[1]'");
    r = cli("replay " + quoted(model) + " --archive shop-orders-archive --from 0s --to 10m");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(contains(r.err, model + ": the archive orders-bus/shop-orders-archive could not "
                                        "be read: archived event '"))
        << r.err;
    EXPECT_TRUE(contains(r.err, "is not a JSON object")) << r.err;
}

// --- 14. A read leaves the folder as it found it -----------------------------------------------

std::set<std::string> listing(const fs::path &dir) {
    std::set<std::string> names;
    for (const auto &entry : fs::directory_iterator(dir)) {
        names.insert(entry.path().filename().string());
    }
    return names;
}

TEST(CliReaders, ValidatingAWalModeProjectLeavesNoFilesBehind) {
    const fs::path dir = scratch() / "wal";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string model = (dir / "shop.stormglass").string();
    CliRun r =
        cli("convert " + quoted(kExamples + "/e-commerce.stormglass.json") + " " + quoted(model));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    execSql(model, "PRAGMA journal_mode=WAL");
    const std::set<std::string> before = listing(dir);
    ASSERT_EQ(before, (std::set<std::string>{"shop.stormglass"}));
    for (const char *command : {"validate", "export --format mermaid"}) {
        r = cli(std::string(command) + " " + quoted(model));
        EXPECT_LE(r.exitCode, 1) << command << ": " << r.err;
        EXPECT_EQ(listing(dir), before) << command;
    }
}

TEST(CliReaders, ReplayingFromAWalModeProjectLeavesItAndItsFolderAsTheyWere) {
    const fs::path dir = scratch() / "wal-replay";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string model = (dir / "shop.stormglass").string();
    CliRun r =
        cli("convert " + quoted(kExamples + "/e-commerce.stormglass.json") + " " + quoted(model));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    r = cli("simulate " + quoted(model) + " --archive --duration 10m");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    execSql(model, "PRAGMA journal_mode=WAL");
    const std::set<std::string> before = listing(dir);
    ASSERT_EQ(before, (std::set<std::string>{"shop.stormglass"}));
    const std::string content = slurp(model);
    r = cli("replay " + quoted(model) + " --archive shop-orders-archive --from 0s --to 10m");
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "\"deliveries\"")) << r.out;
    EXPECT_EQ(listing(dir), before);
    EXPECT_EQ(slurp(model), content);
}

} // namespace
