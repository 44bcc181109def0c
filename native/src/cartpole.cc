// No fused multiply-adds: every product and sum must round as V8 rounds them in
// envs/cartpole/physics.ts, or the carts drift from `make('CartPole-v1')` by an ulp at a time.
#pragma GCC optimize("fp-contract=off")

#include "cartpole.h"

#include <algorithm>
#include <cstring>

#ifdef __AVX2__
#include <immintrin.h>
#endif

#include "small_angle_trig.h"
#include "thread_pool.h"

namespace palestra {

namespace {

// Gymnasium's CartPole-v1 constants, spelled as envs/cartpole/physics.ts spells them.
constexpr double kGravity = 9.8, kMassCart = 1.0, kMassPole = 0.1, kHalfPoleLength = 0.5;
constexpr double kForceMagnitude = 10.0, kTau = 0.02, kXThreshold = 2.4;
constexpr double kPi = 3.141592653589793;
const double kThetaThreshold = (12 * 2 * kPi) / 360;
const double kTotalMass = kMassPole + kMassCart;
const double kPoleMassLength = kMassPole * kHalfPoleLength;

inline uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

// xoshiro128**'s next output, as src/core/rng.ts's xoshiroNextUint32.
inline uint32_t xoshiro_next(int32_t* words) {
  uint32_t s0 = static_cast<uint32_t>(words[0]), s1 = static_cast<uint32_t>(words[1]);
  uint32_t s2 = static_cast<uint32_t>(words[2]) ^ s0, s3 = static_cast<uint32_t>(words[3]) ^ s1;
  const uint32_t result = rotl(s1 * 5u, 7) * 9u;
  words[0] = static_cast<int32_t>(s0 ^ s3);
  words[1] = static_cast<int32_t>(s1 ^ s2);
  words[2] = static_cast<int32_t>(s2 ^ (s1 << 9));
  words[3] = static_cast<int32_t>(rotl(s3, 11));
  return result;
}

// A uniform double in [0, 1) from 53 random bits, as xoshiroRandom.
inline double xoshiro_random(int32_t* words) {
  const double high = static_cast<double>(xoshiro_next(words) >> 5);
  const double low = static_cast<double>(xoshiro_next(words) >> 6);
  return (high * 67108864.0 + low) / 9007199254740992.0;
}

// CartPoleVectorEnv.resetCart with the default bounds [-0.05, 0.05].
inline void reset_cart(const CartPoleBatch& b, int64_t i) {
  const double low = -0.05, high = 0.05;
  for (int k = 0; k < 4; ++k) {
    const double value = low + (high - low) * xoshiro_random(b.rng_words + 4 * i);
    b.state[4 * i + k] = value;
    b.observations[4 * i + k] = static_cast<float>(value);
  }
  b.elapsed_steps[i] = 0;
  b.terminated_before[i] = 0;
  b.needs_reset[i] = 0;
}

// One Euler step of cart i, physics.ts's cartPoleStep with the same operation order.
inline void move_cart(double* s, int32_t action) {
  const double x = s[0], x_dot = s[1], theta = s[2], theta_dot = s[3];
  const double force = action == 1 ? kForceMagnitude : -kForceMagnitude;
  const double cos_theta = small_angle_cos(theta);
  const double sin_theta = small_angle_sin(theta);
  const double temp = (force + kPoleMassLength * theta_dot * theta_dot * sin_theta) / kTotalMass;
  const double theta_acc = (kGravity * sin_theta - cos_theta * temp) /
                           (kHalfPoleLength * (4.0 / 3.0 - (kMassPole * cos_theta * cos_theta) / kTotalMass));
  const double x_acc = temp - (kPoleMassLength * theta_acc * cos_theta) / kTotalMass;
  s[0] = x + kTau * x_dot;
  s[1] = x_dot + kTau * x_acc;
  s[2] = theta + kTau * theta_dot;
  s[3] = theta_dot + kTau * theta_acc;
}

#ifdef __AVX2__
// Four carts' states, one register each ([x, xDot, theta, thetaDot]), turned into one register per
// quantity (the four x, the four xDot, ...). The same shuffle turns them back.
inline void transpose4(__m256d& a, __m256d& b, __m256d& c, __m256d& d) {
  const __m256d ab_low = _mm256_unpacklo_pd(a, b), ab_high = _mm256_unpackhi_pd(a, b);
  const __m256d cd_low = _mm256_unpacklo_pd(c, d), cd_high = _mm256_unpackhi_pd(c, d);
  a = _mm256_permute2f128_pd(ab_low, cd_low, 0x20);
  b = _mm256_permute2f128_pd(ab_high, cd_high, 0x20);
  c = _mm256_permute2f128_pd(ab_low, cd_low, 0x31);
  d = _mm256_permute2f128_pd(ab_high, cd_high, 0x31);
}

// small_angle_sin and small_angle_cos on four lanes: every branch computed, then selected, so
// each lane gets exactly the scalar function's operations and result.
inline void small_angle_sin_cos4(__m256d x, __m256d& sin_out, __m256d& cos_out) {
  const __m256i ix = _mm256_and_si256(_mm256_srli_epi64(_mm256_castpd_si256(x), 32), _mm256_set1_epi64x(0x7fffffff));
  const __m256d tiny = _mm256_castsi256_pd(_mm256_cmpgt_epi64(_mm256_set1_epi64x(0x3e400000), ix));
  const __m256d below_03 = _mm256_castsi256_pd(_mm256_cmpgt_epi64(_mm256_set1_epi64x(0x3fd33333), ix));
  const __m256d above_078125 = _mm256_castsi256_pd(_mm256_cmpgt_epi64(ix, _mm256_set1_epi64x(0x3fe90000)));
  const auto c = [](double v) { return _mm256_set1_pd(v); };
  const __m256d z = _mm256_mul_pd(x, x);

  const __m256d v = _mm256_mul_pd(z, x);
  __m256d r = _mm256_add_pd(c(kSin5), _mm256_mul_pd(z, c(kSin6)));
  r = _mm256_add_pd(c(kSin4), _mm256_mul_pd(z, r));
  r = _mm256_add_pd(c(kSin3), _mm256_mul_pd(z, r));
  r = _mm256_add_pd(c(kSin2), _mm256_mul_pd(z, r));
  const __m256d sin = _mm256_add_pd(x, _mm256_mul_pd(v, _mm256_add_pd(c(kSin1), _mm256_mul_pd(z, r))));
  sin_out = _mm256_blendv_pd(sin, x, tiny);

  __m256d q = _mm256_add_pd(c(kCos5), _mm256_mul_pd(z, c(kCos6)));
  q = _mm256_add_pd(c(kCos4), _mm256_mul_pd(z, q));
  q = _mm256_add_pd(c(kCos3), _mm256_mul_pd(z, q));
  q = _mm256_add_pd(c(kCos2), _mm256_mul_pd(z, q));
  q = _mm256_mul_pd(z, _mm256_add_pd(c(kCos1), _mm256_mul_pd(z, q)));
  const __m256d zq = _mm256_mul_pd(z, q);
  const __m256d half_z = _mm256_mul_pd(c(0.5), z);
  const __m256d cos_small = _mm256_sub_pd(c(1.0), _mm256_sub_pd(half_z, zq));
  const __m256d quarter = _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_sub_epi64(ix, _mm256_set1_epi64x(0x00200000)), 32));
  const __m256d qx = _mm256_blendv_pd(quarter, c(0.28125), above_078125);
  const __m256d cos_large = _mm256_sub_pd(_mm256_sub_pd(c(1.0), qx), _mm256_sub_pd(_mm256_sub_pd(half_z, qx), zq));
  cos_out = _mm256_blendv_pd(_mm256_blendv_pd(cos_large, cos_small, below_03), c(1.0), tiny);
}

// move_cart for carts [i, i + 4), leaving the carts that wait for a reset where they are.
inline void move_four_carts(const CartPoleBatch& b, int64_t i) {
  double* s = b.state + 4 * i;
  __m256d x = _mm256_loadu_pd(s), x_dot = _mm256_loadu_pd(s + 4), theta = _mm256_loadu_pd(s + 8), theta_dot = _mm256_loadu_pd(s + 12);
  transpose4(x, x_dot, theta, theta_dot);
  const auto c = [](double v) { return _mm256_set1_pd(v); };
  const __m256d push_right = _mm256_castsi256_pd(_mm256_cmpeq_epi64(
      _mm256_cvtepi32_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b.actions + i))), _mm256_set1_epi64x(1)));
  const __m256d force = _mm256_blendv_pd(c(-kForceMagnitude), c(kForceMagnitude), push_right);
  __m256d sin_theta, cos_theta;
  small_angle_sin_cos4(theta, sin_theta, cos_theta);
  // The scalar expressions of move_cart, one operation at a time in the same order.
  const __m256d spin = _mm256_mul_pd(_mm256_mul_pd(_mm256_mul_pd(c(kPoleMassLength), theta_dot), theta_dot), sin_theta);
  const __m256d temp = _mm256_div_pd(_mm256_add_pd(force, spin), c(kTotalMass));
  const __m256d numerator = _mm256_sub_pd(_mm256_mul_pd(c(kGravity), sin_theta), _mm256_mul_pd(cos_theta, temp));
  const __m256d lever = _mm256_div_pd(_mm256_mul_pd(_mm256_mul_pd(c(kMassPole), cos_theta), cos_theta), c(kTotalMass));
  const __m256d theta_acc = _mm256_div_pd(numerator, _mm256_mul_pd(c(kHalfPoleLength), _mm256_sub_pd(c(4.0 / 3.0), lever)));
  const __m256d x_acc = _mm256_sub_pd(temp, _mm256_div_pd(_mm256_mul_pd(_mm256_mul_pd(c(kPoleMassLength), theta_acc), cos_theta), c(kTotalMass)));
  // Lanes whose cart waits for its next-step reset keep their state.
  uint32_t flags;
  std::memcpy(&flags, b.needs_reset + i, sizeof flags);
  const __m256d moves = _mm256_castsi256_pd(_mm256_cmpeq_epi64(_mm256_cvtepu8_epi64(_mm_cvtsi32_si128(static_cast<int>(flags))), _mm256_setzero_si256()));
  __m256d nx = _mm256_blendv_pd(x, _mm256_add_pd(x, _mm256_mul_pd(c(kTau), x_dot)), moves);
  __m256d nx_dot = _mm256_blendv_pd(x_dot, _mm256_add_pd(x_dot, _mm256_mul_pd(c(kTau), x_acc)), moves);
  __m256d ntheta = _mm256_blendv_pd(theta, _mm256_add_pd(theta, _mm256_mul_pd(c(kTau), theta_dot)), moves);
  __m256d ntheta_dot = _mm256_blendv_pd(theta_dot, _mm256_add_pd(theta_dot, _mm256_mul_pd(c(kTau), theta_acc)), moves);
  transpose4(nx, nx_dot, ntheta, ntheta_dot);
  _mm256_storeu_pd(s, nx);
  _mm256_storeu_pd(s + 4, nx_dot);
  _mm256_storeu_pd(s + 8, ntheta);
  _mm256_storeu_pd(s + 12, ntheta_dot);
}
#endif

// Moves every cart in [begin, end) that does not wait for a reset.
void move_carts(const CartPoleBatch& b, int64_t begin, int64_t end) {
  int64_t i = begin;
#ifdef __AVX2__
  for (; i + 4 <= end; i += 4) move_four_carts(b, i);
#endif
  for (; i < end; ++i) {
    if (!b.needs_reset[i]) move_cart(b.state + 4 * i, b.actions[i]);
  }
}

void step_range(const CartPoleBatch& b, const CartPoleRules& rules, int64_t begin, int64_t end) {
  move_carts(b, begin, end);
  for (int64_t i = begin; i < end; ++i) {
    if (b.needs_reset[i]) {
      reset_cart(b, i);
      b.rewards[i] = 0;
      b.terminations[i] = 0;
      b.truncations[i] = 0;
      continue;
    }
    const double* s = b.state + 4 * i;
    const bool terminated = s[0] < -kXThreshold || s[0] > kXThreshold || s[2] < -kThetaThreshold || s[2] > kThetaThreshold;
    const bool truncated = ++b.elapsed_steps[i] >= rules.max_episode_steps;
    if (!terminated) {
      b.rewards[i] = rules.step_reward;
    } else if (!b.terminated_before[i]) {
      b.terminated_before[i] = 1;
      b.rewards[i] = rules.fail_reward;
    } else {
      b.rewards[i] = rules.after_fail_reward;
    }
    b.terminations[i] = terminated;
    b.truncations[i] = truncated;
    for (int k = 0; k < 4; ++k) b.observations[4 * i + k] = static_cast<float>(s[k]);
    if (rules.next_step_autoreset && (terminated || truncated)) b.needs_reset[i] = 1;
  }
}

}  // namespace

int64_t cartpole_step(const CartPoleBatch& b, const CartPoleRules& rules, int threads) {
  for (int64_t i = 0; i < b.count; ++i) {
    if (b.actions[i] != 0 && b.actions[i] != 1) return i;
  }
  for (int64_t i = 0; i < b.count; ++i) {
    if (!b.needs_reset[i] && !in_small_angle_range(b.state[4 * i + 2])) return kCartPoleNeedsScript;
  }
  const int64_t ranges = std::max<int64_t>(1, std::min<int64_t>(threads, b.count));
  if (ranges == 1) {
    step_range(b, rules, 0, b.count);
  } else {
    parallel_for(ranges, [&](int64_t r) { step_range(b, rules, b.count * r / ranges, b.count * (r + 1) / ranges); });
  }
  return kCartPoleStepped;
}

}  // namespace palestra
