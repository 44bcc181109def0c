// Batched CartPole-v1: envs/cartpole/vector.ts's step loop in C++, bit for bit.
#pragma once

#include <cstdint>

namespace palestra {

// The arrays of a CartPoleVectorEnv, cart i's entries at [4i, 4i + 4) or [i].
struct CartPoleBatch {
  int64_t count;
  double* state;              // x, xDot, theta, thetaDot (float64, as Gymnasium)
  const int32_t* actions;     // 0 (push left) or 1 (push right)
  float* observations;        // float32 copy of the state
  double* rewards;
  uint8_t* terminations;
  uint8_t* truncations;
  int32_t* elapsed_steps;
  uint8_t* terminated_before;  // the episode terminated and the cart is stepped on regardless
  uint8_t* needs_reset;        // next-step autoreset: this step resets the cart instead of moving it
  int32_t* rng_words;          // one xoshiro128** state (four words) per cart
};

struct CartPoleRules {
  int32_t max_episode_steps;   // truncation; INT32_MAX for none
  double step_reward, fail_reward, after_fail_reward;
  bool next_step_autoreset;
};

// What cartpole_step did.
enum CartPoleStepStatus : int64_t {
  kCartPoleStepped = -1,
  // Nothing moved: some cart's angle lies outside the range where the C++ sin/cos equal V8's
  // (|theta| > pi/4, a pole lying flat), so the caller steps this batch in JavaScript.
  kCartPoleNeedsScript = -2,
  // A value >= 0: nothing moved; the index of the first action that is neither 0 nor 1.
};

// Checks every action and angle first (a bad batch changes nothing), then steps every cart,
// split into `threads` contiguous ranges on the kernel thread pool.
int64_t cartpole_step(const CartPoleBatch& batch, const CartPoleRules& rules, int threads);

}  // namespace palestra
