#pragma once
// Writing a whole file atomically: readers see the old content or the new, never a torn file.
// Every output of the CLI goes through OutputFile, so that none replaces what is not a file.

#include "core/result.h"

#include <fstream>
#include <ostream>
#include <string>
#include <string_view>

namespace sg::model {

// A file being written whole. Usually a temporary beside `path` that commit() flushes to disk
// and renames over `path`; when `path` is an existing character device or FIFO (/dev/null,
// /dev/stdout, a pipe) that file itself, written in place, so the node is never replaced. Other
// existing paths that are not regular files (directories, block devices, sockets) are refused.
// Destroyed uncommitted, the temporary is removed and `path` is left as it was.
class OutputFile {
public:
    [[nodiscard]] static Result<OutputFile> open(const std::string &path);

    OutputFile(OutputFile &&other) noexcept;
    OutputFile &operator=(OutputFile &&) = delete;
    OutputFile(const OutputFile &) = delete;
    OutputFile &operator=(const OutputFile &) = delete;
    ~OutputFile();

    [[nodiscard]] std::ostream &stream() { return m_out; }
    [[nodiscard]] const std::string &path() const { return m_path; }
    // Flushes and puts the content in place; the error names the path.
    [[nodiscard]] Result<bool> commit();

private:
    OutputFile(std::string path, std::string temp)
        : m_path(std::move(path)), m_temp(std::move(temp)) {}

    std::string m_path;
    std::string m_temp; // empty when writing in place
    std::ofstream m_out;
    bool m_done = false;
};

// Writes `content` through an OutputFile. On failure `path` is untouched and the error names it.
[[nodiscard]] Result<bool> writeFileAtomically(const std::string &path, std::string_view content);

// Reads a whole file; the error names the path.
[[nodiscard]] Result<std::string> readWholeFile(const std::string &path);

// Whether `a` and `b` are the same existing file: the same device and inode, so hard links,
// symbolic links and "./x" against "x" all count. False when either does not exist.
[[nodiscard]] bool sameFile(const std::string &a, const std::string &b);

} // namespace sg::model
