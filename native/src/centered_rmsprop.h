// One fused centered-RMSprop step over a whole variable (Graves 2013; the DQN and MinAtar optimiser).
#pragma once

#include <cstdint>

namespace palestra {

struct CenteredRmsPropHyper {
  float learning_rate;
  float decay;       // rho: how much of the running averages survives a step
  float one_minus_decay;  // 1 - rho, rounded to float32 as tfjs rounds the scalar
  float epsilon;     // added inside the square root ("min squared gradient")
};

// ms' = rho ms + (1 - rho) g^2;  mg' = rho mg + (1 - rho) g;
// value' = value - (g lr) / sqrt(ms' - mg'^2 + epsilon). Writes new arrays (inputs may be shared).
void centered_rmsprop_update(const CenteredRmsPropHyper& h, const float* value, const float* mean_square,
                             const float* mean_gradient, const float* gradient, float* new_value,
                             float* new_mean_square, float* new_mean_gradient, int64_t size);

// The same step with the running averages updated in place and the new value written to
// new_value (which may be value itself). Serial: it runs once per variable per minibatch.
void centered_rmsprop_update_in_place(const CenteredRmsPropHyper& h, const float* value, float* mean_square,
                                      float* mean_gradient, const float* gradient, float* new_value, int64_t size);

}  // namespace palestra
