#include "adam.h"

#include <algorithm>
#include <cmath>

#include "thread_pool.h"

namespace palestra {

namespace {

// One contiguous range; restrict pointers and hyperparameters in locals let the compiler vectorise.
void adam_range(AdamHyper h, const float* __restrict value, const float* __restrict m, const float* __restrict v,
                const float* __restrict gradient, float* __restrict new_value, float* __restrict new_m,
                float* __restrict new_v, int64_t size) {
  const float beta1 = h.beta1, beta2 = h.beta2, rest1 = 1.0f - h.beta1, rest2 = 1.0f - h.beta2;
  const float c1 = h.one_minus_acc_beta1, c2 = h.one_minus_acc_beta2, epsilon = h.epsilon, step = -h.learning_rate;
  for (int64_t i = 0; i < size; ++i) {
    const float g = gradient[i];
    // Same operation order as tfjs's AdamOptimizer, so results match it to rounding.
    const float m1 = m[i] * beta1 + g * rest1;
    const float v1 = v[i] * beta2 + (g * g) * rest2;
    new_m[i] = m1;
    new_v[i] = v1;
    new_value[i] = ((m1 / c1) / (std::sqrt(v1 / c2) + epsilon)) * step + value[i];
  }
}

// value and new_value may be the same array (an unshared weight updated in place).
void adam_range_in_place(AdamHyper h, const float* value, float* __restrict m, float* __restrict v,
                         const float* __restrict gradient, float* new_value, int64_t size) {
  const float beta1 = h.beta1, beta2 = h.beta2, rest1 = 1.0f - h.beta1, rest2 = 1.0f - h.beta2;
  const float c1 = h.one_minus_acc_beta1, c2 = h.one_minus_acc_beta2, epsilon = h.epsilon, step = -h.learning_rate;
  for (int64_t i = 0; i < size; ++i) {
    const float g = gradient[i];
    const float m1 = m[i] * beta1 + g * rest1;
    const float v1 = v[i] * beta2 + (g * g) * rest2;
    m[i] = m1;
    v[i] = v1;
    new_value[i] = ((m1 / c1) / (std::sqrt(v1 / c2) + epsilon)) * step + value[i];
  }
}

}  // namespace

void adam_update_in_place(const AdamHyper& h, const float* value, float* m, float* v, const float* gradient,
                          float* new_value, int64_t size) {
  // Serial: it runs once per variable per minibatch of small networks, where a pool handoff costs more.
  adam_range_in_place(h, value, m, v, gradient, new_value, size);
}

void adam_update(const AdamHyper& h, const float* value, const float* m, const float* v, const float* gradient,
                 float* new_value, float* new_m, float* new_v, int64_t size) {
  constexpr int64_t kGrain = 1 << 14;
  parallel_for((size + kGrain - 1) / kGrain, [&](int64_t t) {
    const int64_t begin = t * kGrain, count = std::min(size, begin + kGrain) - begin;
    adam_range(h, value + begin, m + begin, v + begin, gradient + begin, new_value + begin, new_m + begin,
               new_v + begin, count);
  });
}

}  // namespace palestra
