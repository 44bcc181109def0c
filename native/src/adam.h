// One fused Adam step over a whole variable (Kingma and Ba, 2015, as tfjs's AdamOptimizer computes it).
#pragma once

#include <cstdint>

namespace palestra {

struct AdamHyper {
  float learning_rate, beta1, beta2, epsilon;
  float one_minus_acc_beta1;  // 1 - beta1^t, the bias correction of the first moment
  float one_minus_acc_beta2;  // 1 - beta2^t
};

// m' = beta1 m + (1 - beta1) g;  v' = beta2 v + (1 - beta2) g^2;
// value' = value - lr * (m' / c1) / (sqrt(v' / c2) + epsilon). Writes new arrays (inputs may be shared).
void adam_update(const AdamHyper& h, const float* value, const float* m, const float* v, const float* gradient,
                 float* new_value, float* new_m, float* new_v, int64_t size);

// The same step with the moments updated in place (m, v are read and overwritten); new_value may
// be `value` itself (a weight no other tensor shares) or a fresh array (one shared with a target
// network, which must keep its values).
void adam_update_in_place(const AdamHyper& h, const float* value, float* m, float* v, const float* gradient,
                          float* new_value, int64_t size);

}  // namespace palestra
