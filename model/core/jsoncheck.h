#pragma once
// Checks every JSON text Stormglass reads goes through before a parser sees it: the nesting limit
// shared by all readers (model files, scenario files, patterns, events, batch lines, archived
// events), and NUL bytes, which nlohmann's parser takes for the end of the text.

#include "core/result.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sg {

// Objects and arrays nested deeper than this are refused wherever JSON is read. Real models,
// patterns and events stay far below it; it keeps every recursive walk (matching, printing,
// transforming) well inside the stack.
inline constexpr std::size_t kMaxJsonNesting = 512;

// Where `text` first opens an object or array deeper than `maxDepth` (brackets inside strings do
// not count): an Error whose message is "nested deeper than N levels" and whose offset, line and
// column (1-based, in code points) point at the bracket. nullopt when the text stays within the
// limit. Does not check that the text is JSON; linear, no recursion.
[[nodiscard]] std::optional<Error> findExcessiveJsonNesting(std::string_view text,
                                                            std::size_t maxDepth = kMaxJsonNesting);

// Where `text` has its first NUL byte: an Error "a NUL byte (\0) ..." with offset, line and
// column; nullopt when there is none. nlohmann's parser would stop at it and, finding a complete
// value before, silently ignore everything after it.
[[nodiscard]] std::optional<Error> findNulByte(std::string_view text);

// findExcessiveJsonNesting(), then findNulByte().
[[nodiscard]] std::optional<Error> checkJsonText(std::string_view text,
                                                 std::size_t maxDepth = kMaxJsonNesting);

} // namespace sg
