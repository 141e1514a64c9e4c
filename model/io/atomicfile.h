#pragma once
// Writing a whole file atomically: readers see the old content or the new, never a torn file.

#include "core/result.h"

#include <string>
#include <string_view>

namespace sg::model {

// Writes `content` to a temporary file beside `path`, flushes it to disk and renames it over
// `path`. On failure `path` is untouched and the error names it.
[[nodiscard]] Result<bool> writeFileAtomically(const std::string &path, std::string_view content);

// Reads a whole file; the error names the path.
[[nodiscard]] Result<std::string> readWholeFile(const std::string &path);

} // namespace sg::model
