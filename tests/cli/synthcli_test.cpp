// stormglass-cli synth as other tools see it: models that validate, byte-identical per seed (also
// over an existing file), an existing --out kept without --force, and bad input refused naming
// the option.

#include "clirun.h"

namespace {

using namespace sg::test;

std::string quoted(const std::string &path) {
    return "'" + path + "'";
}

std::string scratchPath(const std::string &name) {
    return (scratch() / name).string();
}

TEST(CliSynth, WritesModelsThatValidateWithoutErrors) {
    for (const std::string name : {"synth.stormglass.json", "synth.stormglass"}) {
        const std::string out = scratchPath(name);
        const CliRun made =
            cli("synth --elements 300 --stickies 120 --seed 4 --out " + quoted(out));
        ASSERT_EQ(made.exitCode, 0) << made.err;
        EXPECT_TRUE(made.out.empty()) << made.out;
        EXPECT_NE(made.err.find("synth: wrote 300 architecture elements, 120 stickies, 10 "
                                "bounded contexts to " +
                                out),
                  std::string::npos)
            << made.err;

        const CliRun checked = cli("validate " + quoted(out));
        EXPECT_EQ(checked.exitCode, 0) << checked.out << checked.err;
        for (const nlohmann::json &finding : jsonLines(checked.out)) {
            EXPECT_NE(finding["severity"], "error") << finding.dump();
            EXPECT_NE(finding["severity"], "warning") << finding.dump();
        }
    }
}

TEST(CliSynth, TheSmallestModelsValidateToo) {
    for (const std::string elements : {"1", "2", "5"}) {
        const std::string out = scratchPath("tiny-" + elements + ".stormglass.json");
        const CliRun made = cli("synth --elements " + elements + " --out " + quoted(out));
        ASSERT_EQ(made.exitCode, 0) << made.err;
        const CliRun checked = cli("validate " + quoted(out));
        EXPECT_EQ(checked.exitCode, 0) << checked.out << checked.err;
    }
}

TEST(CliSynth, TheSameSeedWritesTheSameBytes) {
    for (const std::string extension : {".stormglass.json", ".stormglass"}) {
        const std::string first = scratchPath("same-1" + extension);
        const std::string second = scratchPath("same-2" + extension);
        const std::string other = scratchPath("same-3" + extension);
        ASSERT_EQ(cli("synth --elements 500 --stickies 200 --out " + quoted(first)).exitCode, 0);
        ASSERT_EQ(
            cli("synth --stickies 200 --seed 1 --elements 500 --out " + quoted(second)).exitCode,
            0);
        ASSERT_EQ(
            cli("synth --elements 500 --stickies 200 --seed 2 --out " + quoted(other)).exitCode, 0);
        const std::string bytes = slurp(first);
        EXPECT_FALSE(bytes.empty());
        EXPECT_TRUE(bytes == slurp(second)) << extension;
        EXPECT_FALSE(bytes == slurp(other)) << extension;

        // --force writes a new file: nothing of the model it replaces shows in the bytes (an
        // existing .stormglass file would otherwise be updated in place).
        ASSERT_EQ(
            cli("synth --elements 500 --stickies 200 --force --out " + quoted(other)).exitCode, 0);
        EXPECT_TRUE(bytes == slurp(other)) << extension;
    }
}

TEST(CliSynth, RefusesToReplaceAnExistingFileWithoutForce) {
    const std::string existing = write("keep.stormglass.json", "not a model, but mine\n");
    const CliRun refused = cli("synth --elements 10 --out " + quoted(existing));
    EXPECT_EQ(refused.exitCode, 2);
    EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
    EXPECT_EQ(slurp(existing), "not a model, but mine\n");

    const CliRun forced = cli("synth --elements 10 --out " + quoted(existing) + " --force");
    EXPECT_EQ(forced.exitCode, 0) << forced.err;
    EXPECT_EQ(cli("validate " + quoted(existing)).exitCode, 0);

    // Not even --force replaces what is not a regular file.
    const std::filesystem::path folder = scratch() / "folder.stormglass";
    std::filesystem::create_directories(folder);
    const CliRun notAFile = cli("synth --elements 10 --force --out " + quoted(folder.string()));
    EXPECT_EQ(notAFile.exitCode, 2);
    EXPECT_NE(notAFile.err.find("not a regular file"), std::string::npos) << notAFile.err;
    EXPECT_TRUE(std::filesystem::is_directory(folder));
}

TEST(CliSynth, BadInputIsExitTwoNamingTheOption) {
    const std::string out = scratchPath("never.stormglass.json");
    struct Case {
        std::string args;
        std::string named; // what the message must mention
    };
    for (const Case &c :
         {Case{"--out " + quoted(out), "--elements is required"},
          Case{"--elements 0 --out " + quoted(out), "--elements"},
          Case{"--elements abc --out " + quoted(out), "--elements"},
          Case{"--elements -5 --out " + quoted(out), "--elements"},
          Case{"--elements 100001 --out " + quoted(out), "--elements"},
          Case{"--elements 10 --stickies 100001 --out " + quoted(out), "--stickies"},
          Case{"--elements 10 --stickies x --out " + quoted(out), "--stickies"},
          Case{"--elements 10 --seed 1.5 --out " + quoted(out), "--seed"},
          Case{"--elements 10 --seed 18446744073709551616 --out " + quoted(out), "--seed"},
          Case{"--elements 10", "--out is required"},
          Case{"--elements 10 --colour red --out " + quoted(out), "--colour"},
          Case{"--elements 10 --out " + quoted(scratchPath("model.txt")), "model.txt"}}) {
        const CliRun r = cli("synth " + c.args);
        EXPECT_EQ(r.exitCode, 2) << c.args;
        EXPECT_NE(r.err.find(c.named), std::string::npos) << c.args << ": " << r.err;
    }
    EXPECT_FALSE(std::filesystem::exists(out));
    EXPECT_FALSE(std::filesystem::exists(scratch() / "model.txt"));
}

TEST(CliSynth, IsListedWithItsUsage) {
    const CliRun help = cli("--help");
    EXPECT_NE(help.out.find("synth"), std::string::npos);
    const CliRun usage = cli("help synth");
    EXPECT_EQ(usage.exitCode, 0);
    EXPECT_NE(usage.out.find("--elements N"), std::string::npos) << usage.out;
}

} // namespace
