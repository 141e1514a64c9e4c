#pragma once
// Running the real stormglass-cli from a test: arguments, stdin, stdout, stderr, exit code.

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>
#include <vector>

#include <nlohmann/json.hpp>

namespace sg::test {

struct CliRun {
    int exitCode = -1;
    std::string out;
    std::string err;
};

// A folder of this test process's own, removed when the process exits.
class ScratchDir {
public:
    ScratchDir()
        : m_path(std::filesystem::temp_directory_path() /
                 ("sg-cli-test-" + std::to_string(::getpid()))) {
        std::filesystem::create_directories(m_path);
    }
    ScratchDir(const ScratchDir &) = delete;
    ScratchDir &operator=(const ScratchDir &) = delete;
    ~ScratchDir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    [[nodiscard]] const std::filesystem::path &path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

inline std::filesystem::path scratch() {
    static const ScratchDir dir;
    return dir.path();
}

inline std::string write(const std::string &name, const std::string &content) {
    const auto path = scratch() / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
}

inline std::string slurp(const std::filesystem::path &path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Runs the CLI with arguments (shell-quoted by the caller), optionally feeding stdin.
inline CliRun cli(const std::string &args, const std::string &stdinText = "") {
    const auto outPath = scratch() / "stdout.txt";
    const auto errPath = scratch() / "stderr.txt";
    const auto inPath = scratch() / "stdin.txt";
    std::ofstream(inPath, std::ios::binary) << stdinText;
    const std::string command = std::string("'") + SG_CLI_PATH + "' " + args + " <'" +
                                inPath.string() + "' >'" + outPath.string() + "' 2>'" +
                                errPath.string() + "'";
    const int status = std::system(command.c_str());
    CliRun run;
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = slurp(outPath);
    run.err = slurp(errPath);
    return run;
}

inline std::vector<nlohmann::json> jsonLines(const std::string &text) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        lines.push_back(nlohmann::json::parse(line));
    }
    return lines;
}

} // namespace sg::test
