#pragma once
// Fast skipping over JSON text that no rule needs: finds the end of a string, object or array by
// classifying 64 bytes at a time (SSE2 where available) instead of walking byte by byte.

#include <bit>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sg::model::jsonskip {

// `p` points at the opening '"', '{' or '['. Returns the position just past the matching close,
// or nullptr when the text ends first. Inner text is not validated beyond what the scan needs.
[[nodiscard]] const char *skipComposite(const char *p, const char *end);

// `p` points just past an opening '"'. Returns the first '"' or '\\' at or after p, or `end`.
// Inline: it runs for every key and string value the matcher reads.
[[nodiscard]] inline const char *findQuoteOrBackslash(const char *p, const char *end) {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    while (end - p >= 16) {
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const int mask =
            _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(b, quote), _mm_cmpeq_epi8(b, backslash)));
        if (mask != 0) {
            return p + std::countr_zero(static_cast<unsigned>(mask));
        }
        p += 16;
    }
#endif
    while (p < end && *p != '"' && *p != '\\') {
        ++p;
    }
    return p;
}

} // namespace sg::model::jsonskip
