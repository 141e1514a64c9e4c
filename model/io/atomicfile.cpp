#include "io/atomicfile.h"

#include "io/inputfile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sg::model {

namespace {

Error failure(const std::string &path, const std::string &what) {
    Error error;
    error.message = path + ": " + what;
    return error;
}

std::string systemError() {
    return std::strerror(errno);
}

// What an existing path is, in words, when it is neither a regular file nor something written in
// place.
std::string refusedKind(mode_t mode) {
    if (S_ISDIR(mode)) {
        return "is a directory, not a file";
    }
    if (S_ISBLK(mode)) {
        return "is a block device; refusing to write to it";
    }
    if (S_ISSOCK(mode)) {
        return "is a socket, not a file";
    }
    return "is not a regular file";
}

} // namespace

Result<OutputFile> OutputFile::open(const std::string &path) {
    namespace fs = std::filesystem;
    if (path.empty()) {
        return failure(path, "an empty path is not a file name");
    }
    struct stat existing {};
    if (::stat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode)) {
        if (S_ISCHR(existing.st_mode) || S_ISFIFO(existing.st_mode)) {
            // In place. A FIFO without a reader would block forever: find out first.
            const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
            if (fd < 0) {
                return failure(path, errno == ENXIO ? std::string("is a pipe nobody reads")
                                                    : "cannot write: " + systemError());
            }
            ::close(fd);
            OutputFile file(path, std::string());
            file.m_out.open(path, std::ios::binary | std::ios::out);
            if (!file.m_out) {
                return failure(path, "cannot write: " + systemError());
            }
            return file;
        }
        return failure(path, refusedKind(existing.st_mode));
    }
    const fs::path target(path);
    const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string temp = (directory / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) {
        return failure(path, "cannot write here: " + systemError());
    }
    ::close(fd);
    OutputFile file(path, temp);
    file.m_out.open(temp, std::ios::binary | std::ios::out | std::ios::trunc);
    if (!file.m_out) {
        return failure(path, "cannot write here: " + systemError());
    }
    return file;
}

OutputFile::OutputFile(OutputFile &&other) noexcept
    : m_path(std::move(other.m_path)), m_temp(std::exchange(other.m_temp, std::string())),
      m_out(std::move(other.m_out)), m_done(std::exchange(other.m_done, true)) {
}

OutputFile::~OutputFile() {
    if (!m_done && !m_temp.empty()) {
        m_out.close();
        ::unlink(m_temp.c_str());
    }
}

Result<bool> OutputFile::commit() {
    if (m_done) {
        return failure(m_path, "already written");
    }
    m_done = true;
    m_out.flush();
    const bool streamOk = static_cast<bool>(m_out);
    const std::string streamError = streamOk ? std::string() : systemError();
    m_out.close();
    if (m_temp.empty()) {
        if (!streamOk || !m_out) {
            return failure(m_path, "cannot write: " + streamError);
        }
        return true;
    }
    // From here on an error removes the temporary; `path` stays as it was.
    const auto discard = [this](const std::string &what) {
        ::unlink(m_temp.c_str());
        return failure(m_path, what);
    };
    if (!streamOk || !m_out) {
        return discard("cannot write: " + streamError);
    }
    const int fd = ::open(m_temp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        const std::string error = systemError();
        if (fd >= 0) {
            ::close(fd);
        }
        return discard("cannot write: " + error);
    }
    ::close(fd);
    // Keep the permissions of the file being replaced; a new file gets the usual 0666 & ~umask.
    struct stat existing {};
    if (::stat(m_path.c_str(), &existing) == 0) {
        ::chmod(m_temp.c_str(), existing.st_mode & 07777);
    } else {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        ::chmod(m_temp.c_str(), 0666 & ~mask);
    }
    // A device or pipe may have appeared at `path` since open(): never rename over it.
    if (::lstat(m_path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode) &&
        !S_ISLNK(existing.st_mode)) {
        return discard(refusedKind(existing.st_mode));
    }
    if (::rename(m_temp.c_str(), m_path.c_str()) != 0) {
        return discard("cannot replace the file: " + systemError());
    }
    const std::filesystem::path target(m_path);
    const std::filesystem::path directory =
        target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    const int dirFd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd); // make the rename itself durable
        ::close(dirFd);
    }
    return true;
}

Result<bool> writeFileAtomically(const std::string &path, std::string_view content) {
    Result<OutputFile> file = OutputFile::open(path);
    if (!file) {
        return file.error();
    }
    file->stream().write(content.data(), static_cast<std::streamsize>(content.size()));
    return file->commit();
}

bool sameFile(const std::string &a, const std::string &b) {
    struct stat first {};
    struct stat second {};
    return ::stat(a.c_str(), &first) == 0 && ::stat(b.c_str(), &second) == 0 &&
           first.st_dev == second.st_dev && first.st_ino == second.st_ino;
}

Result<std::string> readWholeFile(const std::string &path) {
    return readDocumentFile(path);
}

} // namespace sg::model
