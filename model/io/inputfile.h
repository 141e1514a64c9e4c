#pragma once
// Reading a whole document into memory, the one way every reader of Stormglass does it: only
// regular files (a FIFO would block forever, /dev/zero would never end), and never more than a
// size limit.

#include "core/result.h"

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

namespace sg::model {

// The largest document read whole into memory: model files, scenarios, patterns, events, batch
// files. Generous for any real model; it stops a runaway input long before memory runs out.
inline constexpr std::uint64_t kMaxDocumentBytes = std::uint64_t{256} << 20; // 256 MiB

// "256 MiB": a byte limit as people read it.
[[nodiscard]] std::string describeByteLimit(std::uint64_t bytes);

// Reads the whole of `path`. Refuses a folder, a FIFO, a device or a socket ("PATH: not a regular
// file (a FIFO); only regular files are read") without blocking on it, and a file larger than
// `maxBytes`. Every error starts with the path.
[[nodiscard]] Result<std::string> readDocumentFile(const std::string &path,
                                                   std::uint64_t maxBytes = kMaxDocumentBytes);

// Reads `in` to its end, refusing more than `maxBytes`; `name` (e.g. "standard input") starts
// the error.
[[nodiscard]] Result<std::string> readDocumentStream(std::istream &in, std::string_view name,
                                                     std::uint64_t maxBytes = kMaxDocumentBytes);

} // namespace sg::model
