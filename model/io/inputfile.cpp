#include "io/inputfile.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <istream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sg::model {

namespace {

Error atPath(std::string_view path, std::string_view what) {
    Error error;
    error.message.append(path).append(": ").append(what);
    return error;
}

std::string_view kindOf(mode_t mode) {
    if (S_ISFIFO(mode)) {
        return "a FIFO";
    }
    if (S_ISCHR(mode)) {
        return "a character device";
    }
    if (S_ISBLK(mode)) {
        return "a block device";
    }
    if (S_ISSOCK(mode)) {
        return "a socket";
    }
    return "not a file";
}

Error tooLarge(std::string_view path, std::uint64_t maxBytes) {
    return atPath(path, "larger than " + describeByteLimit(maxBytes) +
                            ", the limit for a document read into memory");
}

// Closes the descriptor on every way out.
class Descriptor {
public:
    explicit Descriptor(int fd) : m_fd(fd) {}
    Descriptor(const Descriptor &) = delete;
    Descriptor &operator=(const Descriptor &) = delete;
    ~Descriptor() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    [[nodiscard]] int get() const { return m_fd; }

private:
    int m_fd;
};

} // namespace

std::string describeByteLimit(std::uint64_t bytes) {
    constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;
    if (bytes >= kMiB && bytes % kMiB == 0) {
        return std::to_string(bytes / kMiB) + " MiB";
    }
    return std::to_string(bytes) + " bytes";
}

Result<std::string> readDocumentFile(const std::string &path, std::uint64_t maxBytes) {
    if (path.empty()) {
        return Error{.message = "no file name given (an empty path)"};
    }
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
    const Descriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0) {
        return atPath(path, std::string("cannot open: ") + std::strerror(errno));
    }
    struct stat status {};
    if (::fstat(fd.get(), &status) != 0) {
        return atPath(path, std::string("cannot open: ") + std::strerror(errno));
    }
    if (S_ISDIR(status.st_mode)) {
        return atPath(path, "is a folder, not a file");
    }
    if (!S_ISREG(status.st_mode)) {
        return atPath(path, "not a regular file (" + std::string(kindOf(status.st_mode)) +
                                "); only regular files are read");
    }
    if (status.st_size < 0 || static_cast<std::uint64_t>(status.st_size) > maxBytes) {
        return tooLarge(path, maxBytes);
    }
    std::string text;
    text.reserve(static_cast<std::size_t>(status.st_size));
    std::array<char, 65536> buffer{};
    while (true) {
        const ssize_t count = ::read(fd.get(), buffer.data(), buffer.size());
        if (count < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                continue;
            }
            return atPath(path, std::string("cannot read: ") + std::strerror(errno));
        }
        if (count == 0) {
            break;
        }
        if (text.size() + static_cast<std::size_t>(count) > maxBytes) {
            return tooLarge(path, maxBytes); // it grew while being read
        }
        text.append(buffer.data(), static_cast<std::size_t>(count));
    }
    return text;
}

Result<std::string> readDocumentStream(std::istream &in, std::string_view name,
                                       std::uint64_t maxBytes) {
    std::string text;
    std::array<char, 65536> buffer{};
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto count = static_cast<std::size_t>(in.gcount());
        if (text.size() + count > maxBytes) {
            return tooLarge(name, maxBytes);
        }
        text.append(buffer.data(), count);
    }
    if (in.bad()) {
        return atPath(name, "cannot read");
    }
    return text;
}

} // namespace sg::model
