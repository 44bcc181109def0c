// Elementwise kernels: binary ops with numpy/tfjs broadcasting and unary ops, on float32.
#pragma once

#include <cstdint>

namespace palestra {

// Codes shared with src/backend/native/kernels/elementwise.ts.
enum class BinaryOp : int { kAdd = 0, kSub, kMul, kDiv, kMaximum, kMinimum, kSquaredDifference };
enum class UnaryOp : int { kRelu = 0, kRelu6, kStep, kSqrt, kSquare, kNeg, kExp, kLog, kAbs, kSigmoid, kTanh, kRsqrt, kReciprocal, kElu };

constexpr int kMaxRank = 8;

// out (shape out_shape, rank dims, row-major) = op(a, b); a_strides / b_strides give each input's
// stride per output dimension (0 where the input is broadcast).
void binary(BinaryOp op, const float* a, const int64_t* a_strides, const float* b, const int64_t* b_strides, float* out,
            const int64_t* out_shape, int rank);

// out[i] = op(x[i]); alpha is Step's value for x <= 0.
void unary(UnaryOp op, const float* x, float* out, int64_t size, float alpha);

}  // namespace palestra
