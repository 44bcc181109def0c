// Single-precision matrix multiply, C = A * B (+ C), on strided operands so that transposes are
// free: element (i, k) of A is a[i * row_stride + k * col_stride].
#pragma once

#include <cstdint>

namespace palestra {

struct MatrixView {
  const float* data;
  int64_t row_stride;
  int64_t col_stride;
};

struct GemmShape {
  int64_t m;
  int64_t n;
  int64_t k;
};

// Rows of A are packed in strips of this many rows: packed[strip][depth][kGemmStripRows].
constexpr int kGemmStripRows = 6;

// The gemm sums its depth (K) in slices of this many: each slice's products are summed from zero
// and then added to C. Kernels that promise the gemm's results bit for bit follow the same order.
constexpr int64_t kGemmDepthSlice = 256;

// Writes rows [row, row + rows) x depth [depth, depth + kc) of some matrix A in the packed layout
// (zero rows past the end of the last strip). Lets callers such as convolutions feed the gemm
// straight from their own data, without materialising A.
class APacker {
 public:
  virtual ~APacker() = default;
  virtual void pack(int64_t row, int64_t depth, int64_t rows, int64_t kc, float* packed) const = 0;
};

// c[i * ldc + j] (+)= sum_k A(i, k) * B(k, j). With accumulate false, C is overwritten.
// Uses the thread pool when the product is big enough; results do not depend on the thread count.
void gemm(GemmShape shape, MatrixView a, MatrixView b, float* c, int64_t ldc, bool accumulate);

// The same on one thread (for callers that already split their work across the pool).
void gemm_serial(GemmShape shape, MatrixView a, MatrixView b, float* c, int64_t ldc, bool accumulate);

// The gemm with A supplied by a packer; `parallel` lets it use the thread pool.
void gemm_packed(GemmShape shape, const APacker& a, MatrixView b, float* c, int64_t ldc, bool accumulate, bool parallel);

// Single-thread GFLOP/s of the gemm micro-kernel on cache-resident data for about `seconds`:
// the practical compute peak of one core, for the benchmark's "fraction of peak".
double micro_kernel_gflops(double seconds);

}  // namespace palestra
