#include "reduce.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "thread_pool.h"

namespace palestra {
namespace {

constexpr int64_t kGrain = 1 << 15;

// Reduces rows [begin, end) of the [reduced, inner] slab at x into acc (inner values),
// seeding acc from the first row when `seed` is true.
void combine_rows(ReduceOp op, const float* x, int64_t begin, int64_t end, int64_t inner, float* acc, bool seed) {
  int64_t r = begin;
  if (seed) {
    std::copy(x + r * inner, x + (r + 1) * inner, acc);
    ++r;
  }
  for (; r < end; ++r) {
    const float* row = x + r * inner;
    switch (op) {
      case ReduceOp::kSum:
      case ReduceOp::kMean:
        for (int64_t i = 0; i < inner; ++i) acc[i] += row[i];
        break;
      case ReduceOp::kMax:
        for (int64_t i = 0; i < inner; ++i) acc[i] = (std::isnan(row[i]) || row[i] > acc[i]) ? row[i] : acc[i];
        break;
      case ReduceOp::kMin:
        for (int64_t i = 0; i < inner; ++i) acc[i] = (std::isnan(row[i]) || row[i] < acc[i]) ? row[i] : acc[i];
        break;
    }
  }
}

// A contiguous run (inner == 1): several accumulators let the sum vectorise.
float reduce_contiguous(ReduceOp op, const float* x, int64_t n) {
  if (op == ReduceOp::kSum || op == ReduceOp::kMean) {
    float lanes[16] = {};
    int64_t i = 0;
    for (; i + 16 <= n; i += 16)
      for (int l = 0; l < 16; ++l) lanes[l] += x[i + l];
    float total = 0.0f;
    for (int l = 0; l < 16; ++l) total += lanes[l];
    for (; i < n; ++i) total += x[i];
    return total;
  }
  float best = x[0];
  for (int64_t i = 1; i < n; ++i) {
    const bool take = op == ReduceOp::kMax ? x[i] > best : x[i] < best;
    if (std::isnan(x[i]) || take) best = x[i];
  }
  return best;
}

}  // namespace

void reduce(ReduceOp op, const float* x, int64_t outer, int64_t reduced, int64_t inner, float* out) {
  if (outer * inner == 0) return;
  if (reduced == 0) {
    const float empty = op == ReduceOp::kMax ? -INFINITY : op == ReduceOp::kMin ? INFINITY : op == ReduceOp::kMean ? NAN : 0.0f;
    std::fill(out, out + outer * inner, empty);
    return;
  }
  const float scale = op == ReduceOp::kMean ? 1.0f / static_cast<float>(reduced) : 1.0f;
  if (inner == 1) {
    const int64_t rows_per_task = std::max<int64_t>(1, kGrain / reduced);
    parallel_for((outer + rows_per_task - 1) / rows_per_task, [&](int64_t t) {
      const int64_t end = std::min(outer, (t + 1) * rows_per_task);
      for (int64_t o = t * rows_per_task; o < end; ++o) out[o] = reduce_contiguous(op, x + o * reduced, reduced) * scale;
    });
    return;
  }
  if (outer > 1 || reduced * inner < 4 * kGrain) {
    parallel_for(outer, [&](int64_t o) {
      float* acc = out + o * inner;
      combine_rows(op, x + o * reduced * inner, 0, reduced, inner, acc, true);
      if (scale != 1.0f) for (int64_t i = 0; i < inner; ++i) acc[i] *= scale;
    });
    return;
  }
  // One big slab (a bias gradient over batch x height x width): split the reduced rows into a
  // fixed number of parts (a function of the size only, so results do not depend on threads)
  // and combine the partial results in order.
  const int64_t parts = std::min<int64_t>(16, (reduced * inner) / kGrain);
  std::vector<float> partials(parts * inner);
  parallel_for(parts, [&](int64_t p) {
    combine_rows(op, x, reduced * p / parts, reduced * (p + 1) / parts, inner, partials.data() + p * inner, true);
  });
  std::copy(partials.begin(), partials.begin() + inner, out);
  for (int64_t p = 1; p < parts; ++p) combine_rows(op, partials.data(), p, p + 1, inner, out, false);
  if (scale != 1.0f) for (int64_t i = 0; i < inner; ++i) out[i] *= scale;
}

}  // namespace palestra
