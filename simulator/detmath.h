#pragma once
// detmath: logarithm and exponential that give the same bits on every IEEE-754 machine, for the
// random draws; std::log and std::exp may differ in the last bit between C libraries.

namespace sg::sim::detmath {

// Natural logarithm (fdlibm's algorithm, error below 1 ulp). log(0) = -inf, log(x < 0) = NaN,
// log(+inf) = +inf, log(NaN) = NaN.
[[nodiscard]] double log(double x);

// e^x (fdlibm's algorithm, error below 1 ulp). Overflows to +inf above 709.78, underflows to 0
// below -745.13; exp(-inf) = 0, exp(NaN) = NaN.
[[nodiscard]] double exp(double x);

} // namespace sg::sim::detmath
