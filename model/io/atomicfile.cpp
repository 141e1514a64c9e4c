#include "io/atomicfile.h"

#include "io/inputfile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

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

bool writeAll(int fd, std::string_view content) {
    const char *data = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, data, left);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    return true;
}

} // namespace

Result<bool> writeFileAtomically(const std::string &path, std::string_view content) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string temp = (directory / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) {
        return failure(path, "cannot write here: " + systemError());
    }
    const bool written = writeAll(fd, content) && ::fsync(fd) == 0;
    const std::string writeError = written ? std::string() : systemError();
    ::close(fd);
    if (!written) {
        ::unlink(temp.c_str());
        return failure(path, "cannot write: " + writeError);
    }
    // Keep the permissions of the file being replaced; a new file gets the usual 0666 & ~umask.
    struct stat existing {};
    if (::stat(path.c_str(), &existing) == 0) {
        ::chmod(temp.c_str(), existing.st_mode & 07777);
    } else {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        ::chmod(temp.c_str(), 0666 & ~mask);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const std::string error = systemError();
        ::unlink(temp.c_str());
        return failure(path, "cannot replace the file: " + error);
    }
    const int dirFd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY);
    if (dirFd >= 0) {
        ::fsync(dirFd); // make the rename itself durable
        ::close(dirFd);
    }
    return true;
}

Result<std::string> readWholeFile(const std::string &path) {
    return readDocumentFile(path);
}

} // namespace sg::model
