// Ports of fdlibm 5.3's e_log.c and e_exp.c. They use only IEEE-754 basic operations (+ - * /)
// in a fixed order and bit manipulation, so every conforming machine computes the same bits,
// provided the compiler does not contract a*b+c into a fused multiply-add (build the simulator
// with -ffp-contract=off on targets that have FMA). Constants are written as their bit patterns.
//
// The original notice, which its licence asks us to keep:
// ====================================================
// Copyright (C) 1993, 2004 by Sun Microsystems, Inc. All rights reserved.
//
// Developed at SunSoft, a Sun Microsystems, Inc. business.
// Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice
// is preserved.
// ====================================================

#include "detmath.h"

// Byte-identical draws need every a*b+c rounded twice, never fused into one FMA (compilers fuse
// by default where the target has FMA: arm64, x86-64-v3). The build should pass
// -ffp-contract=off too; these pragmas keep this file right even where it does not.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include <bit>
#include <cstdint>
#include <limits>

namespace sg::sim::detmath {

namespace {

constexpr double fromBits(std::uint64_t bits) {
    return std::bit_cast<double>(bits);
}
std::uint32_t highWord(double x) {
    return static_cast<std::uint32_t>(std::bit_cast<std::uint64_t>(x) >> 32);
}
std::uint32_t lowWord(double x) {
    return static_cast<std::uint32_t>(std::bit_cast<std::uint64_t>(x));
}
double withHighWord(double x, std::uint32_t high) {
    const std::uint64_t low = std::bit_cast<std::uint64_t>(x) & 0xffffffffU;
    return std::bit_cast<double>((std::uint64_t{high} << 32) | low);
}

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// ln 2 split so that k * kLn2Hi is exact for |k| < 2000.
constexpr double kLn2Hi = fromBits(0x3FE62E42FEE00000); // 6.93147180369123816490e-01
constexpr double kLn2Lo = fromBits(0x3DEA39EF35793C76); // 1.90821492927058770002e-10

// log
constexpr double kTwo54 = fromBits(0x4350000000000000); // 2^54
constexpr double kThird = fromBits(0x3FD5555555555555); // 0.33333333333333333
constexpr double kLg1 = fromBits(0x3FE5555555555593);   // 6.666666666666735130e-01
constexpr double kLg2 = fromBits(0x3FD999999997FA04);   // 3.999999999940941908e-01
constexpr double kLg3 = fromBits(0x3FD2492494229359);   // 2.857142874366239149e-01
constexpr double kLg4 = fromBits(0x3FCC71C51D8E78AF);   // 2.222219843214978396e-01
constexpr double kLg5 = fromBits(0x3FC7466496CB03DE);   // 1.818357216161805012e-01
constexpr double kLg6 = fromBits(0x3FC39A09D078C69F);   // 1.531383769920937332e-01
constexpr double kLg7 = fromBits(0x3FC2F112DF3E5244);   // 1.479819860511658591e-01

// exp
constexpr double kOverflowThreshold = fromBits(0x40862E42FEFA39EF);  // 7.09782712893383973096e+02
constexpr double kUnderflowThreshold = fromBits(0xC0874910D52D3051); // -7.45133219101941108420e+02
constexpr double kInvLn2 = fromBits(0x3FF71547652B82FE);             // 1.44269504088896338700e+00
constexpr double kTwoM1000 = fromBits(0x0170000000000000);           // 2^-1000
constexpr double kP1 = fromBits(0x3FC555555555553E);                 // 1.66666666666666019037e-01
constexpr double kP2 = fromBits(0xBF66C16C16BEBD93);                 // -2.77777777770155933842e-03
constexpr double kP3 = fromBits(0x3F11566AAF25DE2C);                 // 6.61375632143793436117e-05
constexpr double kP4 = fromBits(0xBEBBBD41C5D26BF1);                 // -1.65339022054652515390e-06
constexpr double kP5 = fromBits(0x3E66376972BEA4D0);                 // 4.13813679705723846039e-08

} // namespace

double log(double x) {
    // x = 2^k * (1 + f) with sqrt(2)/2 < 1 + f < sqrt(2); log(1 + f) from a polynomial in
    // s = f / (2 + f); log(x) = k * ln2 + log(1 + f).
    auto hx = static_cast<std::int32_t>(highWord(x));
    const std::uint32_t lx = lowWord(x);
    std::int32_t k = 0;
    if (hx < 0x00100000) { // x < 2^-1022: zero, subnormal or negative
        if ((static_cast<std::uint32_t>(hx & 0x7fffffff) | lx) == 0) {
            return -kInfinity;
        }
        if (hx < 0) {
            return std::numeric_limits<double>::quiet_NaN();
        }
        k -= 54;
        x *= kTwo54; // scale a subnormal up
        hx = static_cast<std::int32_t>(highWord(x));
    }
    if (hx >= 0x7ff00000) {
        return x + x; // +inf or NaN
    }
    k += (hx >> 20) - 1023;
    hx &= 0x000fffff;
    std::int32_t i = (hx + 0x95f64) & 0x100000;
    x = withHighWord(x, static_cast<std::uint32_t>(hx | (i ^ 0x3ff00000))); // normalise x or x/2
    k += i >> 20;
    const double f = x - 1.0;
    const auto dk = static_cast<double>(k);
    if ((0x000fffff & (2 + hx)) < 3) { // |f| < 2^-20
        if (f == 0.0) {
            return k == 0 ? 0.0 : dk * kLn2Hi + dk * kLn2Lo;
        }
        const double r = f * f * (0.5 - kThird * f);
        return k == 0 ? f - r : dk * kLn2Hi - ((r - dk * kLn2Lo) - f);
    }
    const double s = f / (2.0 + f);
    const double z = s * s;
    i = hx - 0x6147a;
    const double w = z * z;
    const std::int32_t j = 0x6b851 - hx;
    const double t1 = w * (kLg2 + w * (kLg4 + w * kLg6));
    const double t2 = z * (kLg1 + w * (kLg3 + w * (kLg5 + w * kLg7)));
    i |= j;
    const double r = t2 + t1;
    if (i > 0) {
        const double hfsq = 0.5 * f * f;
        if (k == 0) {
            return f - (hfsq - s * (hfsq + r));
        }
        return dk * kLn2Hi - ((hfsq - (s * (hfsq + r) + dk * kLn2Lo)) - f);
    }
    if (k == 0) {
        return f - s * (f - r);
    }
    return dk * kLn2Hi - ((s * (f - r) - dk * kLn2Lo) - f);
}

double exp(double x) {
    // x = k * ln2 + r with |r| <= 0.5 ln2; exp(r) from a rational approximation;
    // exp(x) = 2^k * exp(r).
    std::uint32_t hx = highWord(x);
    const std::uint32_t sign = hx >> 31;
    hx &= 0x7fffffff; // high word of |x|

    if (hx >= 0x40862E42) { // |x| >= 709.78...
        if (hx >= 0x7ff00000) {
            if (((hx & 0xfffff) | lowWord(x)) != 0) {
                return x + x; // NaN
            }
            return sign == 0 ? x : 0.0; // exp(+-inf) = {inf, 0}
        }
        if (x > kOverflowThreshold) {
            return kInfinity;
        }
        if (x < kUnderflowThreshold) {
            return 0.0;
        }
    }

    double hi = 0.0;
    double lo = 0.0;
    std::int32_t k = 0;
    if (hx > 0x3fd62e42) {     // |x| > 0.5 ln2
        if (hx < 0x3FF0A2B2) { // and |x| < 1.5 ln2
            hi = sign == 0 ? x - kLn2Hi : x + kLn2Hi;
            lo = sign == 0 ? kLn2Lo : -kLn2Lo;
            k = sign == 0 ? 1 : -1;
        } else {
            k = static_cast<std::int32_t>(kInvLn2 * x + (sign == 0 ? 0.5 : -0.5));
            const auto t = static_cast<double>(k);
            hi = x - t * kLn2Hi; // exact
            lo = t * kLn2Lo;
        }
        x = hi - lo;
    } else if (hx < 0x3e300000) { // |x| < 2^-28
        return 1.0 + x;
    }

    const double t = x * x;
    const double c = x - t * (kP1 + t * (kP2 + t * (kP3 + t * (kP4 + t * kP5))));
    if (k == 0) {
        return 1.0 - ((x * c) / (c - 2.0) - x);
    }
    const double y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
    // Add k to y's exponent; unsigned arithmetic wraps exactly like fdlibm's signed adds.
    if (k >= -1021) {
        return withHighWord(y, highWord(y) + (static_cast<std::uint32_t>(k) << 20));
    }
    return withHighWord(y, highWord(y) + (static_cast<std::uint32_t>(k + 1000) << 20)) * kTwoM1000;
}

} // namespace sg::sim::detmath
