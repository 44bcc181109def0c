// What fused kernels do after the product: add a bias along the last axis, apply an activation.
#pragma once

#include <cstdint>

namespace palestra {

// Codes shared with src/backend/native/activation.ts.
enum class Activation : int { kLinear = 0, kRelu = 1, kRelu6 = 2, kElu = 3, kSigmoid = 4, kLeakyRelu = 5 };

// out[r, c] = activation(out[r, c] + bias[c]) for a rows x cols matrix; bias may be null.
void bias_activation(float* out, int64_t rows, int64_t cols, const float* bias, Activation activation, float alpha);

}  // namespace palestra
