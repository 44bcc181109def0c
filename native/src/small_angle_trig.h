// sin and cos for |x| <= pi/4 that return exactly what V8's Math.sin and Math.cos return there.
//
// V8 computes Math.sin/Math.cos with its port of fdlibm (Sun's freely distributable libm): below
// pi/4 no argument reduction happens and the result is a fixed polynomial evaluated in a fixed
// order. The same polynomial in the same order, without fused multiply-adds (they round once
// where V8 rounds twice: hence the pragma), gives bit-identical results. That is what lets the
// batched CartPole step in C++ and still match `make('CartPole-v1')` step for step; glibc's sin
// differs from fdlibm's by one ulp on about 2% of arguments, so std::sin would not.
#pragma once

#include <cstdint>
#include <cstring>

#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")

namespace palestra {

inline uint32_t high_word(double x) {
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return static_cast<uint32_t>(bits >> 32);
}

// Whether fdlibm takes its no-reduction path for x (|x| up to about pi/4, judged on the high word).
inline bool in_small_angle_range(double x) { return (high_word(x) & 0x7fffffffu) <= 0x3fe921fbu; }

// Taylor-like minimax coefficients of fdlibm's sine and cosine kernels on [-pi/4, pi/4].
constexpr double kSin1 = -1.66666666666666324348e-01, kSin2 = 8.33333333332248946124e-03,
                 kSin3 = -1.98412698298579493134e-04, kSin4 = 2.75573137070700676789e-06,
                 kSin5 = -2.50507602534068634195e-08, kSin6 = 1.58969099521155010221e-10;
constexpr double kCos1 = 4.16666666666666019037e-02, kCos2 = -1.38888888888741095749e-03,
                 kCos3 = 2.48015872894767294178e-05, kCos4 = -2.75573143513906633035e-07,
                 kCos5 = 2.08757232129817482790e-09, kCos6 = -1.13596475577881948265e-11;

// sin(x) for in_small_angle_range(x).
inline double small_angle_sin(double x) {
  if ((high_word(x) & 0x7fffffffu) < 0x3e400000u) return x;  // |x| < 2^-27: sin x == x in double
  const double z = x * x;
  const double v = z * x;
  const double r = kSin2 + z * (kSin3 + z * (kSin4 + z * (kSin5 + z * kSin6)));
  return x + v * (kSin1 + z * r);
}

// cos(x) for in_small_angle_range(x).
inline double small_angle_cos(double x) {
  const uint32_t ix = high_word(x) & 0x7fffffffu;
  if (ix < 0x3e400000u) return 1.0;  // |x| < 2^-27
  const double z = x * x;
  const double r = z * (kCos1 + z * (kCos2 + z * (kCos3 + z * (kCos4 + z * (kCos5 + z * kCos6)))));
  if (ix < 0x3fd33333u) return 1.0 - (0.5 * z - z * r);  // |x| < 0.3
  // Larger |x|: split off qx (|x|/4 with the low 32 bits cleared, or 0.28125) so that 1 - qx is
  // exact and the rounding error stays in the small remainder.
  double qx;
  if (ix > 0x3fe90000u) {
    qx = 0.28125;
  } else {
    const uint64_t bits = static_cast<uint64_t>(ix - 0x00200000u) << 32;  // |x| / 4, low word zero
    std::memcpy(&qx, &bits, sizeof qx);
  }
  const double hz = 0.5 * z - qx;
  const double a = 1.0 - qx;
  return a - (hz - z * r);
}

}  // namespace palestra

#pragma GCC pop_options
