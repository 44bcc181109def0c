#include "epilogue.h"

#include <algorithm>
#include <cmath>

#include "thread_pool.h"

namespace palestra {
namespace {

template <Activation kind>
inline float activate(float v, float alpha) {
  switch (kind) {
    case Activation::kLinear: return v;
    case Activation::kRelu: return v > 0.0f ? v : 0.0f;
    case Activation::kRelu6: return std::min(std::max(v, 0.0f), 6.0f);
    case Activation::kElu: return v >= 0.0f ? v : std::expm1(v);
    case Activation::kSigmoid: return 1.0f / (1.0f + std::exp(-v));
    case Activation::kLeakyRelu: return v >= 0.0f ? v : alpha * v;
  }
  return v;
}

// NaN must survive relu as it does in tfjs-cpu (max(NaN, 0) there is NaN): v > 0 is false for
// NaN, so handle it explicitly.
template <>
inline float activate<Activation::kRelu>(float v, float) {
  return (v > 0.0f || std::isnan(v)) ? v : 0.0f;
}

template <Activation kind>
void apply_rows(float* out, int64_t begin, int64_t end, int64_t cols, const float* bias, float alpha) {
  for (int64_t r = begin; r < end; ++r) {
    float* row = out + r * cols;
    if (bias != nullptr) {
      for (int64_t c = 0; c < cols; ++c) row[c] = activate<kind>(row[c] + bias[c], alpha);
    } else if (kind != Activation::kLinear) {
      for (int64_t c = 0; c < cols; ++c) row[c] = activate<kind>(row[c], alpha);
    }
  }
}

template <Activation kind>
void apply(float* out, int64_t rows, int64_t cols, const float* bias, float alpha) {
  const int64_t rows_per_task = std::max<int64_t>(1, (1 << 16) / std::max<int64_t>(1, cols));
  const int64_t tasks = (rows + rows_per_task - 1) / rows_per_task;
  parallel_for(tasks, [&](int64_t t) {
    apply_rows<kind>(out, t * rows_per_task, std::min(rows, (t + 1) * rows_per_task), cols, bias, alpha);
  });
}

}  // namespace

void bias_activation(float* out, int64_t rows, int64_t cols, const float* bias, Activation activation, float alpha) {
  switch (activation) {
    case Activation::kLinear: return apply<Activation::kLinear>(out, rows, cols, bias, alpha);
    case Activation::kRelu: return apply<Activation::kRelu>(out, rows, cols, bias, alpha);
    case Activation::kRelu6: return apply<Activation::kRelu6>(out, rows, cols, bias, alpha);
    case Activation::kElu: return apply<Activation::kElu>(out, rows, cols, bias, alpha);
    case Activation::kSigmoid: return apply<Activation::kSigmoid>(out, rows, cols, bias, alpha);
    case Activation::kLeakyRelu: return apply<Activation::kLeakyRelu>(out, rows, cols, bias, alpha);
  }
}

}  // namespace palestra
