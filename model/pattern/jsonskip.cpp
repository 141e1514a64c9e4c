#include "pattern/jsonskip.h"

#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SG_JSONSKIP_X86 1
#endif

namespace sg::model::jsonskip {

namespace {

constexpr int kBlock = 64;

struct Masks {
    std::uint64_t quote = 0;
    std::uint64_t backslash = 0;
    std::uint64_t open = 0;  // '{' or '['
    std::uint64_t close = 0; // '}' or ']'
};

#if defined(SG_JSONSKIP_X86)
// The same classification with 32-byte registers, for CPUs that have AVX2.
__attribute__((target("avx2"))) inline Masks classifyAvx2(const char *block) {
    Masks m;
    const __m256i quote = _mm256_set1_epi8('"');
    const __m256i backslash = _mm256_set1_epi8('\\');
    const __m256i open = _mm256_set1_epi8('{');
    const __m256i close = _mm256_set1_epi8('}');
    const __m256i bit5 = _mm256_set1_epi8(0x20);
    for (int k = 0; k < 2; ++k) {
        const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(block + 32 * k));
        const __m256i folded = _mm256_or_si256(b, bit5);
        const int shift = 32 * k;
#define SG_BITS(v)                                                                                 \
    (static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(v))) << shift)
        m.quote |= SG_BITS(_mm256_cmpeq_epi8(b, quote));
        m.backslash |= SG_BITS(_mm256_cmpeq_epi8(b, backslash));
        m.open |= SG_BITS(_mm256_cmpeq_epi8(folded, open));
        m.close |= SG_BITS(_mm256_cmpeq_epi8(folded, close));
#undef SG_BITS
    }
    return m;
}
#endif

inline Masks classify(const char *block) {
    Masks m;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i open = _mm_set1_epi8('{');
    const __m128i close = _mm_set1_epi8('}');
    const __m128i bit5 = _mm_set1_epi8(0x20);
    for (int k = 0; k < 4; ++k) {
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(block + 16 * k));
        // '[' 0x5B and '{' 0x7B differ only in bit 0x20, as do ']' 0x5D and '}' 0x7D.
        const __m128i folded = _mm_or_si128(b, bit5);
        const int shift = 16 * k;
        auto bits = [shift](__m128i v) {
            return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(v)))
                   << shift;
        };
        m.quote |= bits(_mm_cmpeq_epi8(b, quote));
        m.backslash |= bits(_mm_cmpeq_epi8(b, backslash));
        m.open |= bits(_mm_cmpeq_epi8(folded, open));
        m.close |= bits(_mm_cmpeq_epi8(folded, close));
    }
#else
    for (int i = 0; i < kBlock; ++i) {
        const char c = block[i];
        const std::uint64_t bit = std::uint64_t{1} << i;
        if (c == '"') {
            m.quote |= bit;
        } else if (c == '\\') {
            m.backslash |= bit;
        } else if (c == '{' || c == '[') {
            m.open |= bit;
        } else if (c == '}' || c == ']') {
            m.close |= bit;
        }
    }
#endif
    return m;
}

// Bit i of the result is the XOR of bits 0..i: 1 from an opening quote up to (not including)
// its closing quote.
std::uint64_t prefixXor(std::uint64_t x) {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
}

} // namespace

namespace {

template <bool kAvx2>
[[gnu::always_inline]] inline const char *skipCompositeImpl(const char *p, const char *end) {
    if (p >= end) {
        return nullptr;
    }
    if (*p == '"') {
        ++p;
        while (true) {
            p = findQuoteOrBackslash(p, end);
            if (p >= end) {
                return nullptr;
            }
            if (*p == '"') {
                return p + 1;
            }
            p += 2; // an escape and the byte it escapes
        }
    }
    long depth = 0;
    bool inString = false;
    bool escaped = false; // the previous byte was an escaping backslash inside a string
    char tail[kBlock];
    while (p < end) {
        const char *block = p;
        const long available = end - p;
        const long n = available < kBlock ? available : kBlock;
        if (available < kBlock) {
            std::memset(tail, ' ', sizeof tail);
            std::memcpy(tail, p, static_cast<std::size_t>(available));
            block = tail;
        }
#if defined(SG_JSONSKIP_X86)
        const Masks m = kAvx2 ? classifyAvx2(block) : classify(block);
#else
        const Masks m = classify(block);
#endif
        if (m.backslash != 0 || escaped) {
            // Escapes are rare: walk this block byte by byte.
            for (long i = 0; i < n; ++i) {
                const char c = block[i];
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (c == '\\') {
                        escaped = true;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    ++depth;
                } else if ((c == '}' || c == ']') && --depth <= 0) {
                    return p + i + 1;
                }
            }
            p += n;
            continue;
        }
        const std::uint64_t strings = prefixXor(m.quote) ^ (inString ? ~std::uint64_t{0} : 0);
        const std::uint64_t open = m.open & ~strings;
        const std::uint64_t close = m.close & ~strings;
        inString = (strings >> 63) != 0;
        const int closes = std::popcount(close);
        if (depth > closes) {
            depth += std::popcount(open) - closes; // cannot reach zero inside this block
        } else {
            std::uint64_t events = open | close;
            while (events != 0) {
                const int i = std::countr_zero(events);
                if ((open >> i) & 1) {
                    ++depth;
                } else if (--depth <= 0) {
                    return p + i + 1;
                }
                events &= events - 1;
            }
        }
        p += n;
    }
    return nullptr;
}

#if defined(SG_JSONSKIP_X86)
__attribute__((target("avx2,popcnt,bmi"))) const char *skipCompositeAvx2(const char *p,
                                                                         const char *end) {
    return skipCompositeImpl<true>(p, end);
}
#endif

const char *skipCompositeBaseline(const char *p, const char *end) {
    return skipCompositeImpl<false>(p, end);
}

using SkipFn = const char *(*)(const char *, const char *);

SkipFn chooseSkip() {
#if defined(SG_JSONSKIP_X86)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") &&
        __builtin_cpu_supports("bmi")) {
        return &skipCompositeAvx2;
    }
#endif
    return &skipCompositeBaseline;
}

const SkipFn kSkip = chooseSkip();

} // namespace

const char *skipComposite(const char *p, const char *end) {
    return kSkip(p, end);
}

} // namespace sg::model::jsonskip
