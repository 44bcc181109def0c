#include "elementwise.h"

#include <algorithm>
#include <cmath>

#include "thread_pool.h"

namespace palestra {
namespace {

// Elements per task: big enough that waking a thread pays off.
constexpr int64_t kGrain = 1 << 15;

template <BinaryOp op>
inline float apply(float a, float b) {
  switch (op) {
    case BinaryOp::kAdd: return a + b;
    case BinaryOp::kSub: return a - b;
    case BinaryOp::kMul: return a * b;
    case BinaryOp::kDiv: return a / b;
    // tfjs propagates NaN through maximum/minimum.
    case BinaryOp::kMaximum: return (std::isnan(a) || std::isnan(b)) ? NAN : (a > b ? a : b);
    case BinaryOp::kMinimum: return (std::isnan(a) || std::isnan(b)) ? NAN : (a < b ? a : b);
    case BinaryOp::kSquaredDifference: return (a - b) * (a - b);
  }
  return 0.0f;
}

// One output row of length n; the stride pairs are specialised so that the loops vectorise.
template <BinaryOp op>
void binary_row(const float* a, int64_t as, const float* b, int64_t bs, float* out, int64_t n) {
  if (as == 1 && bs == 1) {
    for (int64_t i = 0; i < n; ++i) out[i] = apply<op>(a[i], b[i]);
  } else if (as == 1 && bs == 0) {
    const float bv = *b;
    for (int64_t i = 0; i < n; ++i) out[i] = apply<op>(a[i], bv);
  } else if (as == 0 && bs == 1) {
    const float av = *a;
    for (int64_t i = 0; i < n; ++i) out[i] = apply<op>(av, b[i]);
  } else {
    for (int64_t i = 0; i < n; ++i) out[i] = apply<op>(a[i * as], b[i * bs]);
  }
}

template <BinaryOp op>
void binary_typed(const float* a, const int64_t* a_strides, const float* b, const int64_t* b_strides, float* out,
                  const int64_t* shape, int rank) {
  int64_t size = 1;
  for (int d = 0; d < rank; ++d) size *= shape[d];
  if (size == 0) return;
  // Whole tensors that are contiguous (or scalar) on both sides: one flat row, split in chunks.
  bool a_flat = true, b_flat = true, a_scalar = true, b_scalar = true;
  int64_t expected = 1;
  for (int d = rank - 1; d >= 0; --d) {
    if (shape[d] == 1) continue;
    a_flat = a_flat && a_strides[d] == expected;
    b_flat = b_flat && b_strides[d] == expected;
    a_scalar = a_scalar && a_strides[d] == 0;
    b_scalar = b_scalar && b_strides[d] == 0;
    expected *= shape[d];
  }
  if ((a_flat || a_scalar) && (b_flat || b_scalar)) {
    const int64_t as = a_flat ? 1 : 0, bs = b_flat ? 1 : 0;
    parallel_for((size + kGrain - 1) / kGrain, [&](int64_t t) {
      const int64_t begin = t * kGrain, end = std::min(size, begin + kGrain);
      binary_row<op>(a + begin * as, as, b + begin * bs, bs, out + begin, end - begin);
    });
    return;
  }
  // General broadcast: rows along the last dimension; each row finds its input offsets from its index.
  const int64_t row_length = rank > 0 ? shape[rank - 1] : 1;
  const int64_t rows = size / row_length;
  const int64_t rows_per_task = std::max<int64_t>(1, kGrain / row_length);
  parallel_for((rows + rows_per_task - 1) / rows_per_task, [&](int64_t t) {
    const int64_t end = std::min(rows, (t + 1) * rows_per_task);
    for (int64_t row = t * rows_per_task; row < end; ++row) {
      int64_t rest = row, a_offset = 0, b_offset = 0;
      for (int d = rank - 2; d >= 0; --d) {
        const int64_t index = rest % shape[d];
        rest /= shape[d];
        a_offset += index * a_strides[d];
        b_offset += index * b_strides[d];
      }
      binary_row<op>(a + a_offset, a_strides[rank - 1], b + b_offset, b_strides[rank - 1], out + row * row_length,
                     row_length);
    }
  });
}

template <UnaryOp op>
inline float apply_unary(float x, float alpha) {
  switch (op) {
    case UnaryOp::kRelu: return x < 0.0f ? 0.0f : x;
    case UnaryOp::kRelu6: return x < 0.0f ? 0.0f : (x > 6.0f ? 6.0f : x);
    case UnaryOp::kStep: return std::isnan(x) ? NAN : (x > 0.0f ? 1.0f : alpha);
    case UnaryOp::kSqrt: return std::sqrt(x);
    case UnaryOp::kSquare: return x * x;
    case UnaryOp::kNeg: return -x;
    case UnaryOp::kExp: return std::exp(x);
    case UnaryOp::kLog: return std::log(x);
    case UnaryOp::kAbs: return std::fabs(x);
    case UnaryOp::kSigmoid: return 1.0f / (1.0f + std::exp(-x));
    case UnaryOp::kTanh: return std::tanh(x);
    case UnaryOp::kRsqrt: return 1.0f / std::sqrt(x);
    case UnaryOp::kReciprocal: return 1.0f / x;
    case UnaryOp::kElu: return x >= 0.0f ? x : std::expm1(x);
  }
  return x;
}

template <UnaryOp op>
void unary_typed(const float* x, float* out, int64_t size, float alpha) {
  parallel_for((size + kGrain - 1) / kGrain, [&](int64_t t) {
    const int64_t end = std::min(size, (t + 1) * kGrain);
    for (int64_t i = t * kGrain; i < end; ++i) out[i] = apply_unary<op>(x[i], alpha);
  });
}

}  // namespace

void binary(BinaryOp op, const float* a, const int64_t* as, const float* b, const int64_t* bs, float* out,
            const int64_t* shape, int rank) {
  switch (op) {
    case BinaryOp::kAdd: return binary_typed<BinaryOp::kAdd>(a, as, b, bs, out, shape, rank);
    case BinaryOp::kSub: return binary_typed<BinaryOp::kSub>(a, as, b, bs, out, shape, rank);
    case BinaryOp::kMul: return binary_typed<BinaryOp::kMul>(a, as, b, bs, out, shape, rank);
    case BinaryOp::kDiv: return binary_typed<BinaryOp::kDiv>(a, as, b, bs, out, shape, rank);
    case BinaryOp::kMaximum: return binary_typed<BinaryOp::kMaximum>(a, as, b, bs, out, shape, rank);
    case BinaryOp::kMinimum: return binary_typed<BinaryOp::kMinimum>(a, as, b, bs, out, shape, rank);
    case BinaryOp::kSquaredDifference: return binary_typed<BinaryOp::kSquaredDifference>(a, as, b, bs, out, shape, rank);
  }
}

#define PALESTRA_UNARY_CASE(name) \
  case UnaryOp::name: return unary_typed<UnaryOp::name>(x, out, size, alpha);

void unary(UnaryOp op, const float* x, float* out, int64_t size, float alpha) {
  switch (op) {
    PALESTRA_UNARY_CASE(kRelu)
    PALESTRA_UNARY_CASE(kRelu6)
    PALESTRA_UNARY_CASE(kStep)
    PALESTRA_UNARY_CASE(kSqrt)
    PALESTRA_UNARY_CASE(kSquare)
    PALESTRA_UNARY_CASE(kNeg)
    PALESTRA_UNARY_CASE(kExp)
    PALESTRA_UNARY_CASE(kLog)
    PALESTRA_UNARY_CASE(kAbs)
    PALESTRA_UNARY_CASE(kSigmoid)
    PALESTRA_UNARY_CASE(kTanh)
    PALESTRA_UNARY_CASE(kRsqrt)
    PALESTRA_UNARY_CASE(kReciprocal)
    PALESTRA_UNARY_CASE(kElu)
  }
}

}  // namespace palestra
