#include "centered_rmsprop.h"

#include <algorithm>
#include <cmath>

#include "thread_pool.h"

namespace palestra {

namespace {

// One contiguous range; restrict pointers and hyperparameters in locals let the compiler vectorise.
void centered_rmsprop_range(CenteredRmsPropHyper h, const float* __restrict value,
                            const float* __restrict mean_square, const float* __restrict mean_gradient,
                            const float* __restrict gradient, float* __restrict new_value,
                            float* __restrict new_mean_square, float* __restrict new_mean_gradient, int64_t size) {
  const float decay = h.decay, rest = h.one_minus_decay, epsilon = h.epsilon, lr = h.learning_rate;
  for (int64_t i = 0; i < size; ++i) {
    const float g = gradient[i];
    // The operation order of agents/common/centered-rmsprop.ts's tensor path, so both agree to rounding.
    const float ms = mean_square[i] * decay + (g * g) * rest;
    const float mg = mean_gradient[i] * decay + g * rest;
    const float scale = std::sqrt((ms - mg * mg) + epsilon);
    new_mean_square[i] = ms;
    new_mean_gradient[i] = mg;
    new_value[i] = value[i] - (g * lr) / scale;
  }
}

// value and new_value may be one array: each element is read before it is written.
void centered_rmsprop_range_in_place(CenteredRmsPropHyper h, const float* value, float* __restrict mean_square,
                                     float* __restrict mean_gradient, const float* __restrict gradient,
                                     float* new_value, int64_t size) {
  const float decay = h.decay, rest = h.one_minus_decay, epsilon = h.epsilon, lr = h.learning_rate;
  for (int64_t i = 0; i < size; ++i) {
    const float g = gradient[i];
    const float ms = mean_square[i] * decay + (g * g) * rest;
    const float mg = mean_gradient[i] * decay + g * rest;
    const float scale = std::sqrt((ms - mg * mg) + epsilon);
    mean_square[i] = ms;
    mean_gradient[i] = mg;
    new_value[i] = value[i] - (g * lr) / scale;
  }
}

}  // namespace

void centered_rmsprop_update_in_place(const CenteredRmsPropHyper& h, const float* value, float* mean_square,
                                      float* mean_gradient, const float* gradient, float* new_value, int64_t size) {
  centered_rmsprop_range_in_place(h, value, mean_square, mean_gradient, gradient, new_value, size);
}

void centered_rmsprop_update(const CenteredRmsPropHyper& h, const float* value, const float* mean_square,
                             const float* mean_gradient, const float* gradient, float* new_value,
                             float* new_mean_square, float* new_mean_gradient, int64_t size) {
  constexpr int64_t kGrain = 1 << 14;
  parallel_for((size + kGrain - 1) / kGrain, [&](int64_t t) {
    const int64_t begin = t * kGrain, count = std::min(size, begin + kGrain) - begin;
    centered_rmsprop_range(h, value + begin, mean_square + begin, mean_gradient + begin, gradient + begin,
                           new_value + begin, new_mean_square + begin, new_mean_gradient + begin, count);
  });
}

}  // namespace palestra
