// Hostile inputs against the CLI's limits (issue 16): event volumes, long paths, durations and
// runs, YAML that expands without bound, outputs that are inputs or devices, archives on a
// damaged file, behaviour numbers that make no sense. Big inputs are made here, never committed;
// a memory bomb must be refused by a limit, so each such run also has a memory cap and a timeout
// as a guard (left out under AddressSanitizer, which reserves terabytes of address space).

#include "clirun.h"

#include <array>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace {

using namespace sg::test;

const std::string kExamples = SG_EXAMPLES_DIR;

std::string quoted(const std::string &path) {
    return "'" + path + "'";
}

std::string example(const std::string &name) {
    return kExamples + "/" + name + ".stormglass.json";
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

// Runs the CLI under a 1 GB memory cap and a 60 s timeout: a run that would grow without bound
// fails (exit other than 2) instead of taking the machine down.
CliRun guardedCli(const std::string &args) {
    const auto outPath = scratch() / "guarded-stdout.txt";
    const auto errPath = scratch() / "guarded-stderr.txt";
    const std::string guard = kSanitized ? "" : "ulimit -v 1000000; ";
    const std::string script = guard + "exec timeout 60 '" + std::string(SG_CLI_PATH) + "' " +
                               args + " </dev/null >'" + outPath.string() + "' 2>'" +
                               errPath.string() + "'";
    std::string escaped;
    for (const char c : script) {
        escaped += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    const int status = std::system(("sh -c '" + escaped + "'").c_str());
    CliRun run;
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = slurp(outPath);
    run.err = slurp(errPath);
    return run;
}

bool contains(const std::string &text, const std::string &part) {
    return text.find(part) != std::string::npos;
}

// A model with a bus, an event type, a function that a rule feeds, and the given producer and
// extra elements (JSON objects, comma-separated).
std::string model(const std::string &producerEmits, const std::string &extra = {},
                  const std::string &behavior = R"({"latency": {"kind": "fixed", "valueMs": 5}})") {
    return R"({
  "formatVersion": 1,
  "name": "Limits",
  "description": "",
  "elements": [
    {"kind": "bus", "id": "orders", "name": "orders"},
    {"kind": "eventType", "id": "placed", "name": "placed", "source": "shop",
     "detailType": "OrderPlaced"},
    {"kind": "function", "id": "billing", "name": "billing", "behavior": )" +
           behavior + R"(},
    {"kind": "rule", "id": "bill", "name": "bill", "bus": "orders",
     "pattern": "{\"source\":[\"shop\"]}",
     "targets": [{"id": "billing", "destination": "billing"}]},
    {"kind": "producer", "id": "shop", "name": "shop", "bus": "orders", "emits": )" +
           producerEmits + R"(})" + (extra.empty() ? "" : ",\n    " + extra) + R"(
  ]
}
)";
}

std::string emits(const std::string &rate, const std::string &variations = "[]") {
    return R"([{"eventType": "placed", "rate": )" + rate + R"(, "variations": )" + variations +
           "}]";
}

std::vector<nlohmann::json> findings(const CliRun &run) {
    return jsonLines(run.out);
}

bool hasFinding(const CliRun &run, const std::string &code, const std::string &element,
                const std::string &field) {
    for (const nlohmann::json &f : findings(run)) {
        if (f["severity"] == "error" && f["code"] == code && f["element"] == element &&
            contains(f["message"].get<std::string>(), field)) {
            return true;
        }
    }
    return false;
}

// --- 4: event volumes ---------------------------------------------------------------------------

TEST(CliLimits, VolumesBeyondTheLimitsAreLintErrorsNamingElementAndField) {
    struct Case {
        std::string name;
        std::string rate;
        std::string field;
    };
    const std::vector<Case> cases{
        {"a producer at 1e12 events/s", R"({"kind": "constant", "perSecond": 1e12})",
         "emits[0].rate.perSecond"},
        {"a poisson producer at 1e12 events/s", R"({"kind": "poisson", "perSecond": 1e12})",
         "emits[0].rate.perSecond"},
        {"a burst of 1e9", R"({"kind": "burst", "burstSize": 1000000000, "burstEverySeconds": 1})",
         "emits[0].rate.burstSize"},
        {"bursts too close together",
         R"({"kind": "burst", "burstSize": 100000, "burstEverySeconds": 0.001})",
         "emits[0].rate.burstEverySeconds"},
        {"a scripted put of 1e9",
         R"({"kind": "scripted", "script": [{"atSeconds": 1, "count": 1000000000}]})",
         "emits[0].rate.script[0].count"},
    };
    for (const Case &c : cases) {
        const std::string path = write("volume.stormglass.json", model(emits(c.rate)));
        const CliRun validate = cli("validate " + quoted(path));
        EXPECT_EQ(validate.exitCode, 1) << c.name << "\n" << validate.out << validate.err;
        EXPECT_TRUE(hasFinding(validate, "rate-out-of-range", "shop", c.field)) << c.name << "\n"
                                                                                << validate.out;
        // The simulator refuses the same model at once, naming the same element and field.
        const CliRun simulate = guardedCli("simulate " + quoted(path) + " --duration 1m");
        EXPECT_EQ(simulate.exitCode, 2) << c.name << "\n" << simulate.err;
        EXPECT_TRUE(contains(simulate.err, "'shop'") && contains(simulate.err, c.field))
            << c.name << "\n"
            << simulate.err;
    }
}

TEST(CliLimits, AScriptPuttingMoreThanTheLimitInAllIsRefused) {
    std::string script = "[";
    for (int i = 0; i < 200; ++i) {
        script += std::string(i == 0 ? "" : ",") + R"({"atSeconds": )" + std::to_string(i) +
                  R"(, "count": 100000})";
    }
    script += "]";
    const std::string path =
        write("script.stormglass.json",
              model(emits(R"({"kind": "scripted", "script": )" + script + "}")));
    const CliRun validate = cli("validate " + quoted(path));
    EXPECT_EQ(validate.exitCode, 1);
    EXPECT_TRUE(hasFinding(validate, "rate-out-of-range", "shop", "emits[0].rate.script"))
        << validate.out;
    const CliRun simulate = guardedCli("simulate " + quoted(path) + " --duration 10m");
    EXPECT_EQ(simulate.exitCode, 2) << simulate.err;
    EXPECT_TRUE(contains(simulate.err, "10000000")) << simulate.err;
}

TEST(CliLimits, ScenarioPutsBeyondTheLimitsAreRefusedWithTheFileAndField) {
    const std::string path =
        write("quiet.stormglass.json", model(emits(R"({"kind": "constant", "perSecond": 0})")));
    const auto scenarioWith = [](const std::string &puts) {
        return R"({"duration": "1m", "puts": )" + puts + "}";
    };
    const std::string event = R"("event": {"source": "shop", "detail-type": "OrderPlaced"})";
    // One put of ten million, and 20,000 puts of a thousand each.
    const std::string big =
        write("big.scenario.json",
              scenarioWith(R"([{"at": "1s", "bus": "orders", "count": 10000000, )" + event + "}]"));
    std::string many = "[";
    for (int i = 0; i < 20000; ++i) {
        many += std::string(i == 0 ? "" : ",") +
                R"({"at": "1s", "bus": "orders", "count": 1000, )" + event + "}";
    }
    many += "]";
    const std::string manyPath = write("many.scenario.json", scenarioWith(many));
    const std::vector<std::pair<std::string, std::string>> cases{{big, "puts[0].count"},
                                                                 {manyPath, "puts"}};
    for (const auto &[scenario, field] : cases) {
        const CliRun run =
            guardedCli("simulate " + quoted(path) + " --scenario " + quoted(scenario));
        EXPECT_EQ(run.exitCode, 2) << scenario << "\n" << run.err;
        EXPECT_TRUE(contains(run.err, ".scenario.json:")) << run.err;
        EXPECT_TRUE(contains(run.err, field)) << run.err;
    }
}

TEST(CliLimits, AFollowUpFanOutLoopStopsAtTheRunsEventBudget) {
    // Every invocation puts five more events that come back to the same function.
    const std::string behavior =
        R"({"latency": {"kind": "fixed", "valueMs": 5}, "followUps": [)"
        R"({"eventType": "placed", "bus": "orders"}, {"eventType": "placed", "bus": "orders"},)"
        R"({"eventType": "placed", "bus": "orders"}, {"eventType": "placed", "bus": "orders"},)"
        R"({"eventType": "placed", "bus": "orders"}]})";
    const std::string path =
        write("fanout.stormglass.json",
              model(emits(R"({"kind": "scripted", "script": [{"atSeconds": 1, "count": 1}]})"), {},
                    behavior));
    const CliRun run = guardedCli("simulate " + quoted(path) + " --duration 10m --max-events 2000");
    EXPECT_EQ(run.exitCode, 2) << run.err;
    EXPECT_TRUE(contains(run.err, "2000 events")) << run.err;
    EXPECT_TRUE(run.out.empty());

    const CliRun badBudget = cli("simulate " + quoted(path) + " --max-events 0");
    EXPECT_EQ(badBudget.exitCode, 2);
    EXPECT_TRUE(contains(badBudget.err, "--max-events")) << badBudget.err;
}

// --- 5: field-variation paths -------------------------------------------------------------------

TEST(CliLimits, AFieldVariationPathOfFiftyThousandSegmentsIsRefusedWhereTheModelIsRead) {
    std::string path = "detail";
    for (int i = 0; i < 50000; ++i) {
        path += ".a";
    }
    const std::string file =
        write("longpath.stormglass.json",
              model(emits(R"({"kind": "constant", "perSecond": 1})",
                          R"([{"path": ")" + path + R"(", "kind": "uuid"}])")));
    for (const std::string command : {"validate", "simulate"}) {
        const CliRun run = guardedCli(command + " " + quoted(file));
        EXPECT_EQ(run.exitCode, 2) << command << "\n" << run.err.substr(0, 500);
        EXPECT_TRUE(contains(run.err, "emits/0/variations/0/path")) << run.err.substr(0, 500);
        EXPECT_TRUE(contains(run.err, "segments")) << run.err.substr(0, 500);
    }
}

// --- 7: runs and duration -----------------------------------------------------------------------

TEST(CliLimits, RunsAndDurationAreCappedAndTheErrorsSayTheCaps) {
    struct Case {
        std::string args;
        std::string message;
    };
    const std::vector<Case> cases{
        {"--runs 100000 --duration 1s", "from 1 to 10000"},
        {"--duration 2500000000h", "366 days"},
        {"--duration 8785h", "366 days"},
        {"--runs 2000 --duration 168h", "1000 days"},
    };
    for (const Case &c : cases) {
        const CliRun run = guardedCli("simulate " + quoted(example("e-commerce")) + " " + c.args);
        EXPECT_EQ(run.exitCode, 2) << c.args << "\n" << run.err;
        EXPECT_TRUE(contains(run.err, c.message)) << c.args << "\n" << run.err;
    }
}

// --- 3: YAML that expands without bound ---------------------------------------------------------

TEST(CliLimits, AnImportedYamlTemplateIsLimitedInTheBytesItExpandsTo) {
    // An 11 KB template whose aliases expand one 10 KB string ten million times (100 GB).
    std::string yaml =
        "AWSTemplateFormatVersion: '2010-09-09'\nx0: &a0 \"" + std::string(10000, 'x') + "\"\n";
    for (int level = 1; level <= 7; ++level) {
        const std::string previous = "*a" + std::to_string(level - 1);
        yaml += "x" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
        for (int i = 0; i < 10; ++i) {
            yaml += (i == 0 ? "" : ", ") + previous;
        }
        yaml += "]\n";
    }
    yaml += "Resources: {}\n";
    ASSERT_LT(yaml.size(), 12000U);
    const std::string path = write("bomb.yaml", yaml);
    const std::string out = (scratch() / "bomb.stormglass.json").string();
    const CliRun run = guardedCli("import " + quoted(path) + " --out " + quoted(out));
    EXPECT_EQ(run.exitCode, 2) << run.err;
    EXPECT_TRUE(contains(run.err, "bytes")) << run.err;
    EXPECT_TRUE(contains(run.err, "bomb.yaml")) << run.err;
    EXPECT_TRUE(contains(run.err, "line ")) << run.err;
    EXPECT_FALSE(std::filesystem::exists(out));
}

// --- 9: an output that is an input --------------------------------------------------------------

TEST(CliLimits, NoCommandWritesItsOutputOverOneOfItsInputs) {
    const std::string original = slurp(example("login-alert"));
    const std::string modelPath = write("own.stormglass.json", original);
    const std::string scenarioText = slurp(kExamples + "/login-alert.scenario.json");
    const std::string scenarioPath = write("own.scenario.json", scenarioText);
    const std::string hardLink = (scratch() / "own-link.stormglass.json").string();
    std::filesystem::remove(hardLink);
    std::filesystem::create_hard_link(modelPath, hardLink);
    const std::string dotted = (scratch() / "." / "own.stormglass.json").string();
    const std::string model = quoted(modelPath);
    const std::vector<std::string> cases{
        "simulate " + model + " --duration 1m --report " + model,
        "simulate " + model + " --duration 1m --trace " + model,
        "simulate " + model + " --duration 1m --report " + quoted(hardLink),
        "simulate " + model + " --duration 1m --report " + quoted(dotted),
        "simulate " + model + " --scenario " + quoted(scenarioPath) + " --report " +
            quoted(scenarioPath),
        "simulate " + model + " --scenario " + quoted(scenarioPath) + " --trace " +
            quoted(scenarioPath),
        "export " + model + " --format mermaid --out " + quoted(hardLink),
        "convert " + model + " " + quoted(dotted),
        "import " + model + " --force --out " + quoted(dotted),
    };
    for (const std::string &args : cases) {
        const CliRun run = cli(args);
        EXPECT_EQ(run.exitCode, 2) << args << "\n" << run.err;
        EXPECT_TRUE(contains(run.err, "inputs")) << args << "\n" << run.err;
        EXPECT_EQ(slurp(modelPath), original) << args;
        EXPECT_EQ(slurp(scenarioPath), scenarioText) << args;
    }
}

TEST(CliLimits, AReportAndATraceNamingOneFileAreRefusedBeforeEitherIsWritten) {
    const std::string model = quoted(example("login-alert"));
    const std::string output = (scratch() / "both.json").string();
    const std::string spelledOtherwise = (scratch() / "." / "both.json").string();
    std::filesystem::remove(output);
    for (const std::string &second : {output, spelledOtherwise}) {
        const CliRun run = cli("simulate " + model + " --duration 1m --report " + quoted(output) +
                               " --trace " + quoted(second));
        EXPECT_EQ(run.exitCode, 2) << second << "\n" << run.err;
        EXPECT_TRUE(contains(run.err, "--report and --trace")) << run.err;
        EXPECT_FALSE(std::filesystem::exists(output)) << second;
    }
}

// --- 10: outputs that are devices ---------------------------------------------------------------

// A character device that behaves as /dev/null. As root, a node of our own (mknod), so that a
// regression replaces our node and never the machine's /dev/null; otherwise /dev/null itself,
// which a user cannot replace anyway.
std::string nullDevice() {
    const std::string own = (scratch() / "null-device").string();
    std::filesystem::remove(own);
    if (::mknod(own.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0) {
        return own;
    }
    return ::geteuid() == 0 ? std::string() : std::string("/dev/null");
}

TEST(CliLimits, ACharacterDeviceOutputIsWrittenInPlaceAndNeverReplaced) {
    const std::string device = nullDevice();
    if (device.empty()) {
        GTEST_SKIP() << "no character device that is safe to write to";
    }
    struct stat before {};
    ASSERT_EQ(::stat(device.c_str(), &before), 0);
    ASSERT_TRUE(S_ISCHR(before.st_mode));
    const std::vector<std::string> cases{
        "export " + quoted(example("e-commerce")) + " --format mermaid --out " + quoted(device),
        "simulate " + quoted(example("e-commerce")) + " --duration 1m --report " + quoted(device),
        "simulate " + quoted(example("e-commerce")) + " --duration 1m --trace " + quoted(device),
    };
    for (const std::string &args : cases) {
        const CliRun run = cli(args);
        EXPECT_EQ(run.exitCode, 0) << args << "\n" << run.err;
        struct stat after {};
        ASSERT_EQ(::stat(device.c_str(), &after), 0);
        EXPECT_TRUE(S_ISCHR(after.st_mode)) << args;
        EXPECT_EQ(after.st_rdev, before.st_rdev) << args;
        EXPECT_EQ(after.st_ino, before.st_ino) << args;
    }
    // No temporary file was left beside it either.
    const std::filesystem::path folder = std::filesystem::path(device).parent_path();
    for (const auto &entry : std::filesystem::directory_iterator(folder)) {
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos)
            << entry.path();
    }
}

TEST(CliLimits, AFifoOutputWithAReaderIsWrittenInPlace) {
    const std::string fifo = (scratch() / "report-fifo").string();
    std::filesystem::remove(fifo);
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    // This process is the reader, as the shell is for `simulate --report >(jq .)`. The report of
    // one minute fits in the pipe's buffer, so the run needs no one reading while it writes.
    const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    ASSERT_GE(reader, 0);
    const CliRun run = cli("simulate " + quoted(example("login-alert")) +
                           " --duration 1m --report " + quoted(fifo));
    EXPECT_EQ(run.exitCode, 0) << run.err;
    std::string received;
    std::array<char, 4096> buffer{};
    for (ssize_t n = 0; (n = ::read(reader, buffer.data(), buffer.size())) > 0;) {
        received.append(buffer.data(), static_cast<std::size_t>(n));
    }
    ::close(reader);
    EXPECT_TRUE(std::filesystem::is_fifo(fifo));
    ASSERT_FALSE(received.empty());
    EXPECT_TRUE(nlohmann::json::parse(received).contains("events_put"));
}

TEST(CliLimits, AnOutputThatIsADirectoryOrAPipeWithoutReaderIsRefused) {
    const auto directory = scratch() / "a-directory";
    std::filesystem::create_directories(directory);
    const std::string fifo = (scratch() / "a-fifo").string();
    std::filesystem::remove(fifo);
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    for (const std::string &out : {directory.string(), fifo}) {
        for (const std::string &args :
             {"export " + quoted(example("e-commerce")) + " --format mermaid --out " + quoted(out),
              "simulate " + quoted(example("e-commerce")) + " --duration 1m --report " +
                  quoted(out)}) {
            const CliRun run = guardedCli(args);
            EXPECT_EQ(run.exitCode, 2) << args << "\n" << run.err;
            EXPECT_TRUE(contains(run.err, out)) << args << "\n" << run.err;
        }
    }
    EXPECT_TRUE(std::filesystem::is_directory(directory));
    EXPECT_TRUE(std::filesystem::is_fifo(fifo));
}

// --- 8: archives on a damaged file --------------------------------------------------------------

TEST(CliLimits, AFailedArchivingRunLeavesTheProjectFileByteIdentical) {
    const std::string file = (scratch() / "damaged.stormglass").string();
    std::filesystem::remove(file);
    ASSERT_EQ(cli("convert " + quoted(example("login-alert")) + " " + quoted(file)).exitCode, 0);
    // Fill the archive so that its table and its time index span thousands of pages, then
    // damage the index's leaf pages (b-tree page type 0x0A) in the middle of the file: a second
    // run over the same times archives its first minutes into intact leaves and reaches a damaged
    // one only later, after earlier batches would have been committed.
    const CliRun filled = cli("simulate " + quoted(file) + " --duration 30m --archive");
    ASSERT_EQ(filled.exitCode, 0) << filled.err;
    std::string bytes = slurp(file);
    constexpr std::size_t kPage = 4096;
    const std::size_t pages = bytes.size() / kPage;
    ASSERT_GT(pages, 1000U);
    std::size_t damagedPages = 0;
    for (std::size_t page = pages * 2 / 5; page < pages * 3 / 5; ++page) {
        if (bytes[page * kPage] != '\x0A') {
            continue;
        }
        for (std::size_t i = 8; i < kPage; i += 2) {
            bytes[page * kPage + i] = '\xA5';
        }
        ++damagedPages;
    }
    ASSERT_GT(damagedPages, 0U);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
    const std::string damaged = slurp(file);

    const CliRun run = cli("simulate " + quoted(file) + " --duration 30m --archive");
    EXPECT_EQ(run.exitCode, 2) << run.err;
    EXPECT_TRUE(contains(run.err, "damaged.stormglass")) << run.err;
    EXPECT_TRUE(slurp(file) == damaged) << "the file changed";
    EXPECT_FALSE(std::filesystem::exists(file + "-journal"));
}

TEST(CliLimits, ARunOverItsBudgetWritesNothingToTheArchive) {
    const std::string file = (scratch() / "budget.stormglass").string();
    std::filesystem::remove(file);
    ASSERT_EQ(cli("convert " + quoted(example("login-alert")) + " " + quoted(file)).exitCode, 0);
    const std::string before = slurp(file);
    const CliRun run =
        cli("simulate " + quoted(file) + " --duration 1h --archive --max-events 500");
    EXPECT_EQ(run.exitCode, 2) << run.err;
    EXPECT_TRUE(contains(run.err, "500 events")) << run.err;
    EXPECT_TRUE(slurp(file) == before) << "the file changed";
}

// --- 11: behaviour numbers ----------------------------------------------------------------------

TEST(CliLimits, BehaviourNumbersThatMakeNoSenseAreLintErrors) {
    struct Case {
        std::string behavior;
        std::string code;
        std::string field;
    };
    const std::vector<Case> cases{
        {R"({"latency": {"kind": "fixed", "valueMs": -5}})", "latency-out-of-range",
         "behavior.latency.valueMs"},
        {R"({"latency": {"kind": "fixed", "valueMs": 1e308}})", "latency-out-of-range",
         "behavior.latency.valueMs"},
        {R"({"latency": {"kind": "uniform", "minMs": 50, "maxMs": 10}})", "latency-out-of-range",
         "behavior.latency.minMs"},
        {R"({"latency": {"kind": "percentiles", "table": []}})", "latency-out-of-range",
         "behavior.latency.table"},
        {R"({"latency": {"kind": "percentiles", "table": [{"percentile": 150, "ms": 3}]}})",
         "latency-out-of-range", "behavior.latency.table[0].percentile"},
        {R"({"latency": {"kind": "percentiles", "table": [{"percentile": 90, "ms": 3},)"
         R"( {"percentile": 50, "ms": 1}]}})",
         "latency-out-of-range", "behavior.latency.table[1].percentile"},
        {R"({"concurrency": -1})", "concurrency-negative", "behavior.concurrency"},
        {R"({"failures": [{"kind": "serverError", "rate": 1.5}]})", "probability-out-of-range",
         "behavior.failures[0].rate"},
        {R"({"followUps": [{"eventType": "placed", "bus": "orders", "probability": -0.5}]})",
         "probability-out-of-range", "behavior.followUps[0].probability"},
    };
    for (const Case &c : cases) {
        const std::string path =
            write("behavior.stormglass.json",
                  model(emits(R"({"kind": "constant", "perSecond": 1})"), {}, c.behavior));
        const CliRun run = cli("validate " + quoted(path));
        EXPECT_EQ(run.exitCode, 1) << c.behavior << "\n" << run.out << run.err;
        EXPECT_TRUE(hasFinding(run, c.code, "billing", c.field)) << c.behavior << "\n" << run.out;
    }
}

TEST(CliLimits, RatesCountsAndRetentionsThatMakeNoSenseAreLintErrors) {
    struct Case {
        std::string rate;
        std::string extra;
        std::string code;
        std::string element;
        std::string field;
    };
    const std::vector<Case> cases{
        {R"({"kind": "daily", "perSecond": 1, "hourly": [1, 1, 1]})",
         {},
         "rate-out-of-range",
         "shop",
         "emits[0].rate.hourly"},
        {R"({"kind": "constant", "perSecond": -3})",
         {},
         "rate-out-of-range",
         "shop",
         "emits[0].rate.perSecond"},
        {R"({"kind": "scripted", "script": [{"atSeconds": 1, "count": -4}]})",
         {},
         "rate-out-of-range",
         "shop",
         "emits[0].rate.script[0].count"},
        {R"({"kind": "constant", "perSecond": 1})",
         R"({"kind": "queue", "id": "q", "name": "q", "messageRetentionSeconds": -1})",
         "retention-negative", "q", "messageRetentionSeconds"},
        {R"({"kind": "constant", "perSecond": 1})",
         R"({"kind": "bus", "id": "audit", "name": "audit", "archives": [)"
         R"({"name": "a", "retentionDays": -2}]})",
         "retention-negative", "audit", "archives[0].retentionDays"},
    };
    for (const Case &c : cases) {
        const std::string path = write("rates.stormglass.json", model(emits(c.rate), c.extra));
        const CliRun run = cli("validate " + quoted(path));
        EXPECT_EQ(run.exitCode, 1) << c.rate << c.extra << "\n" << run.out << run.err;
        EXPECT_TRUE(hasFinding(run, c.code, c.element, c.field)) << c.rate << "\n" << run.out;
    }
}

// --- 12: duplicate archive names, assertions on unknown elements --------------------------------

TEST(CliLimits, DuplicateArchiveNamesAreALintError) {
    const std::string path =
        write("archives.stormglass.json",
              model(emits(R"({"kind": "constant", "perSecond": 1})"),
                    R"({"kind": "bus", "id": "audit", "name": "audit", "archives": [)"
                    R"({"name": "all"}, {"name": "all", "retentionDays": 3}]})"));
    const CliRun run = cli("validate " + quoted(path));
    EXPECT_EQ(run.exitCode, 1) << run.out << run.err;
    EXPECT_TRUE(hasFinding(run, "archive-name-duplicate", "audit", "archives[1].name")) << run.out;
}

TEST(CliLimits, AnAssertionOnAnUnknownElementIsBadInputNamingTheScenario) {
    const std::string path =
        write("assert.stormglass.json", model(emits(R"({"kind": "constant", "perSecond": 1})")));
    const std::string scenario = write(
        "unknown.scenario.json",
        R"({"duration": "1m", "assertions": [{"element": "billing", "counter": "invoked",)"
        R"( "atLeast": 1}, {"element": "no-such-thing", "counter": "invoked", "atLeast": 1}]})");
    for (const std::string runs : {"", " --runs 2"}) {
        const CliRun run =
            cli("simulate " + quoted(path) + " --scenario " + quoted(scenario) + runs);
        EXPECT_EQ(run.exitCode, 2) << runs << "\n" << run.err;
        EXPECT_TRUE(contains(run.err, "unknown.scenario.json")) << run.err;
        EXPECT_TRUE(contains(run.err, "assertions[1]")) << run.err;
        EXPECT_TRUE(contains(run.err, "no-such-thing")) << run.err;
        EXPECT_TRUE(run.out.empty());
    }
}

TEST(CliLimits, EveryBundledExampleStaysValidUnderTheLimits) {
    for (const std::string name : {"e-commerce", "login-alert", "cascading-failure"}) {
        const CliRun run = cli("validate " + quoted(example(name)));
        EXPECT_EQ(run.exitCode, 0) << name << "\n" << run.out << run.err;
    }
}

} // namespace
