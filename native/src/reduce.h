// Reductions over a contiguous block of axes: x viewed as [outer, reduced, inner] gives
// out[outer, inner]. Covers bias gradients (leading axes), row sums (trailing axes) and mean/max.
#pragma once

#include <cstdint>

namespace palestra {

// Codes shared with src/backend/native/kernels/reduce.ts.
enum class ReduceOp : int { kSum = 0, kMax = 1, kMin = 2, kMean = 3 };

void reduce(ReduceOp op, const float* x, int64_t outer, int64_t reduced, int64_t inner, float* out);

}  // namespace palestra
