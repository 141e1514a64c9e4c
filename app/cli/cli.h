#pragma once
// Shared plumbing of stormglass-cli: argument parsing, input files, exit codes.

#include "core/result.h"

#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::cli {

// Exit codes of every command (ARCHITECTURE.md): success, a check failed, bad input.
inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;
inline constexpr int kExitBadInput = 2;

// Command-line options of one command: `--name value`, `--flag`, and positional arguments.
class Args {
public:
    // `flags` lists the options that take no value.
    Args(const std::vector<std::string> &argv, std::vector<std::string> flags);

    [[nodiscard]] bool has(std::string_view name) const;
    [[nodiscard]] std::optional<std::string> value(std::string_view name) const;
    [[nodiscard]] const std::vector<std::string> &positional() const { return m_positional; }
    // The first problem met while parsing (an option without its value, an unknown option).
    [[nodiscard]] const std::string &error() const { return m_error; }
    // Reports options not in `known`; returns false (and prints) if there is one.
    bool checkKnown(std::string_view command, const std::vector<std::string> &known) const;

private:
    std::map<std::string, std::string, std::less<>> m_values;
    std::vector<std::string> m_positional;
    std::string m_error;
};

// Reads a whole file, or standard input for "-". Returns nullopt and prints an error if it fails:
// only regular files, at most model::kMaxDocumentBytes.
std::optional<std::string> readInput(const std::string &path);

// readInput() for a JSON document, which is also refused (with file:line:column) when it nests
// deeper than kMaxJsonNesting or, with `refuseNul`, holds a NUL byte (nlohmann's parser would
// stop there; a reader of its own, like the pattern parser's, reports it in its own words).
std::optional<std::string> readJsonInput(const std::string &path, bool refuseNul = true);

// "PATH:LINE:COLUMN" for an error with a position, "PATH" without ("standard input" for "-").
[[nodiscard]] std::string where(const std::string &path, const Error &error);

// A whole number written in decimal digits only (no sign, no spaces), as --seed, --runs and
// --rate take it; nullopt when it is not one or does not fit in 64 bits.
[[nodiscard]] std::optional<std::uint64_t> parseWholeNumber(const std::string &text);

// Prints "stormglass-cli COMMAND: message" on stderr.
void fail(std::string_view command, std::string_view message);

using CommandFn = int (*)(const std::vector<std::string> &args);

struct Command {
    std::string_view name;
    std::string_view summary;
    std::string_view usage; // full help text
    CommandFn run;
};

int runTestPattern(const std::vector<std::string> &args);
int runTransform(const std::vector<std::string> &args);
int runMatch(const std::vector<std::string> &args);
int runBenchMatch(const std::vector<std::string> &args);
int runValidate(const std::vector<std::string> &args);
int runConvert(const std::vector<std::string> &args);
int runExport(const std::vector<std::string> &args);
int runImport(const std::vector<std::string> &args);
int runSimulate(const std::vector<std::string> &args);
int runReplay(const std::vector<std::string> &args);
int runSynth(const std::vector<std::string> &args);

} // namespace sg::cli

namespace sg::cli {

// False (and prints why) when `output` is the same file as one of `inputs`: the same device and
// inode, so hard links and "./x" against "x" count too. "-" (standard output) is never an input.
// `option` names the output in the message ("--report", "OUT").
[[nodiscard]] bool outputIsNotAnInput(std::string_view command, std::string_view option,
                                      const std::string &output,
                                      const std::vector<std::string> &inputs);

} // namespace sg::cli
