// A packed, register-blocked SGEMM in the style of BLIS/GotoBLAS:
//   for each NC-wide column block of B, each KC-deep slice of K:
//     pack B(kc x nc) into NR-wide strips;
//     for each MC-tall row block of A: pack A(mc x kc) into MR-tall strips,
//       and run the MR x NR micro-kernel over every (strip of A, strip of B) pair.
// Packing makes the micro-kernel's loads contiguous whatever the strides (transposes);
// the micro-kernel keeps an MR x NR tile of C in vector registers for the whole K slice.
//
// The micro-kernel uses GCC vector extensions; built with -march=native they become AVX2+FMA
// (or AVX-512) instructions, and plain SSE or NEON elsewhere.
#include "gemm.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "thread_pool.h"
#include "vec.h"

namespace palestra {
namespace {

constexpr int kMR = kGemmStripRows;    // rows of the register tile
constexpr int kNR = 2 * kVectorWidth;  // columns of the register tile
constexpr int64_t kKC = kGemmDepthSlice;  // depth of a packed slice (A strip + B strip stay in L1)
constexpr int64_t kMC = 144;           // rows of a packed A block (stays in L2)
constexpr int64_t kNC = 2048;          // columns of a packed B block (stays in L3)

inline Vec load(const float* p) { return load_vec(p); }
inline void store(float* p, Vec v) { store_vec(p, v); }

// tile (MR x NR, row stride ldt) = or += packed_a (kc x MR) * packed_b (kc x NR, row stride ldb:
// kNR when packed, B's own row stride when read in place).
void micro_kernel(int64_t kc, const float* __restrict packed_a, const float* __restrict packed_b, float* tile,
                  int64_t ldt, bool accumulate, int64_t ldb = kNR) {
  Vec c00 = {}, c01 = {}, c10 = {}, c11 = {}, c20 = {}, c21 = {};
  Vec c30 = {}, c31 = {}, c40 = {}, c41 = {}, c50 = {}, c51 = {};
  for (int64_t p = 0; p < kc; ++p) {
    const Vec b0 = load(packed_b);
    const Vec b1 = load(packed_b + kVectorWidth);
    float a;
    a = packed_a[0]; c00 += a * b0; c01 += a * b1;
    a = packed_a[1]; c10 += a * b0; c11 += a * b1;
    a = packed_a[2]; c20 += a * b0; c21 += a * b1;
    a = packed_a[3]; c30 += a * b0; c31 += a * b1;
    a = packed_a[4]; c40 += a * b0; c41 += a * b1;
    a = packed_a[5]; c50 += a * b0; c51 += a * b1;
    packed_a += kMR;
    packed_b += ldb;
  }
  const Vec rows[kMR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  for (int i = 0; i < kMR; ++i) {
    float* row = tile + i * ldt;
    if (accumulate) {
      store(row, load(row) + rows[i][0]);
      store(row + kVectorWidth, load(row + kVectorWidth) + rows[i][1]);
    } else {
      store(row, rows[i][0]);
      store(row + kVectorWidth, rows[i][1]);
    }
  }
}

// The same for a strip whose last NR/2 columns fall outside C: one vector per row, stored directly
// (for 24, 40, 56... output channels, which would otherwise take the scalar edge path).
void half_micro_kernel(int64_t kc, const float* __restrict packed_a, const float* __restrict packed_b, float* tile,
                       int64_t ldt, bool accumulate) {
  Vec c0 = {}, c1 = {}, c2 = {}, c3 = {}, c4 = {}, c5 = {};
  for (int64_t p = 0; p < kc; ++p) {
    const Vec b0 = load(packed_b);
    c0 += packed_a[0] * b0;
    c1 += packed_a[1] * b0;
    c2 += packed_a[2] * b0;
    c3 += packed_a[3] * b0;
    c4 += packed_a[4] * b0;
    c5 += packed_a[5] * b0;
    packed_a += kMR;
    packed_b += kNR;
  }
  const Vec rows[kMR] = {c0, c1, c2, c3, c4, c5};
  for (int i = 0; i < kMR; ++i) store(tile + i * ldt, accumulate ? load(tile + i * ldt) + rows[i] : rows[i]);
}

// Packs rows [0, mc) x depth [0, kc) of A into MR-tall strips, zero-padding the last strip.
void pack_a(const float* a, int64_t row_stride, int64_t col_stride, int64_t mc, int64_t kc, float* packed) {
  for (int64_t strip = 0; strip < mc; strip += kMR) {
    const int64_t rows = std::min<int64_t>(kMR, mc - strip);
    const float* base = a + strip * row_stride;
    if (rows == kMR && col_stride == 1) {
      for (int64_t p = 0; p < kc; ++p)
        for (int i = 0; i < kMR; ++i) packed[p * kMR + i] = base[i * row_stride + p];
    } else {
      for (int64_t p = 0; p < kc; ++p)
        for (int i = 0; i < kMR; ++i)
          packed[p * kMR + i] = i < rows ? base[i * row_stride + p * col_stride] : 0.0f;
    }
    packed += kc * kMR;
  }
}

// Packs depth [0, kc) x columns [0, nc) of B into NR-wide strips, zero-padding the last strip.
void pack_b(const float* b, int64_t row_stride, int64_t col_stride, int64_t kc, int64_t nc, float* packed) {
  for (int64_t strip = 0; strip < nc; strip += kNR) {
    const int64_t columns = std::min<int64_t>(kNR, nc - strip);
    const float* base = b + strip * col_stride;
    if (columns == kNR && col_stride == 1) {
      for (int64_t p = 0; p < kc; ++p) std::memcpy(packed + p * kNR, base + p * row_stride, kNR * sizeof(float));
    } else {
      for (int64_t p = 0; p < kc; ++p)
        for (int j = 0; j < kNR; ++j)
          packed[p * kNR + j] = j < columns ? base[p * row_stride + j * col_stride] : 0.0f;
    }
    packed += kc * kNR;
  }
}

struct Scratch {
  std::vector<float> packed_a;
  std::vector<float> packed_b;
};

Scratch& scratch() {
  // One per thread: serial gemms run concurrently inside parallel_for tasks.
  thread_local Scratch instance;
  return instance;
}

// Rows of C small enough that packing A is not worth it and B is row-contiguous: C rows are
// updated by axpy over B's rows (the inference case, batch 1).
void gemm_few_rows(GemmShape s, MatrixView a, MatrixView b, float* c, int64_t ldc, bool accumulate) {
  for (int64_t i = 0; i < s.m; ++i) {
    float* c_row = c + i * ldc;
    if (!accumulate) std::fill(c_row, c_row + s.n, 0.0f);
    for (int64_t p = 0; p < s.k; ++p) {
      const float a_ip = a.data[i * a.row_stride + p * a.col_stride];
      const float* b_row = b.data + p * b.row_stride;
      for (int64_t j = 0; j < s.n; ++j) c_row[j] += a_ip * b_row[j];
    }
  }
}

// A packer for ordinary strided matrices.
class StridedPacker final : public APacker {
 public:
  explicit StridedPacker(MatrixView a) : a_(a) {}
  void pack(int64_t row, int64_t depth, int64_t rows, int64_t kc, float* packed) const override {
    pack_a(a_.data + row * a_.row_stride + depth * a_.col_stride, a_.row_stride, a_.col_stride, rows, kc, packed);
  }

 private:
  MatrixView a_;
};

// C(mc x nc block) += packed A block (mc x kc) * packed B slice (kc x nc).
// With b_in_place, packed_b is B's own rows (row stride ldb, nc a multiple of kNR) instead of packed strips.
void compute_block(int64_t kc, const float* packed_a, const float* packed_b, int64_t mc, int64_t nc, float* c,
                   int64_t ldc, bool add_to_c, bool b_in_place = false, int64_t ldb = kNR) {
  alignas(64) float edge_tile[kMR * kNR];
  for (int64_t jr = 0; jr < nc; jr += kNR) {
    const int64_t columns = std::min<int64_t>(kNR, nc - jr);
    const float* strip_b = b_in_place ? packed_b + jr : packed_b + jr * kc;
    const int64_t strip_ldb = b_in_place ? ldb : kNR;
    for (int64_t ir = 0; ir < mc; ir += kMR) {
      const int64_t rows = std::min<int64_t>(kMR, mc - ir);
      float* c_tile = c + ir * ldc + jr;
      if (rows == kMR && columns == kNR) {
        micro_kernel(kc, packed_a + ir * kc, strip_b, c_tile, ldc, add_to_c, strip_ldb);
      } else if (rows == kMR && columns == kVectorWidth && !b_in_place) {
        half_micro_kernel(kc, packed_a + ir * kc, strip_b, c_tile, ldc, add_to_c);
      } else {
        micro_kernel(kc, packed_a + ir * kc, strip_b, edge_tile, kNR, false, strip_ldb);
        for (int64_t i = 0; i < rows; ++i)
          for (int64_t j = 0; j < columns; ++j)
            c_tile[i * ldc + j] = (add_to_c ? c_tile[i * ldc + j] : 0.0f) + edge_tile[i * kNR + j];
      }
    }
  }
}

// At most this many rows of A (8 strips) read B in place (see gemm_blocked).
constexpr int64_t kInPlaceBRows = 8 * kMR;

// Columns of C per task when the block loop runs in parallel.
constexpr int64_t kColumnsPerTask = 8 * kNR;

void gemm_blocked(GemmShape s, const APacker& a, MatrixView b, float* c, int64_t ldc, bool accumulate, bool parallel) {
  if (s.m == 0 || s.n == 0) return;
  if (s.k == 0) {
    if (!accumulate)
      for (int64_t i = 0; i < s.m; ++i) std::fill(c + i * ldc, c + i * ldc + s.n, 0.0f);
    return;
  }
  // B is packed once per (jc, pc) and shared; every task packs its own A block. Tasks write
  // disjoint blocks of C, and each element sums its K slices in the same order whichever
  // thread runs it, so the result does not depend on the number of threads.
  // A B with contiguous rows whose width is whole strips, feeding few rows of A (a batch of 32
  // through a dense layer), is read in place: packing it would copy all of B to use each strip
  // only a few times. The products and their order are the same either way.
  const bool b_in_place = !parallel && b.col_stride == 1 && s.n % kNR == 0 && s.m <= kInPlaceBRows;
  std::vector<float>& packed_b = scratch().packed_b;
  if (!b_in_place) packed_b.resize(std::min(kNC, (s.n + kNR - 1) / kNR * kNR) * kKC);
  for (int64_t jc = 0; jc < s.n; jc += kNC) {
    const int64_t nc = std::min(kNC, s.n - jc);
    for (int64_t pc = 0; pc < s.k; pc += kKC) {
      const int64_t kc = std::min(kKC, s.k - pc);
      const bool add_to_c = accumulate || pc > 0;
      const float* b_slice = b.data + pc * b.row_stride + jc;
      if (!b_in_place) pack_b(b.data + pc * b.row_stride + jc * b.col_stride, b.row_stride, b.col_stride, kc, nc, packed_b.data());
      const int64_t row_blocks = (s.m + kMC - 1) / kMC;
      const int64_t column_groups = parallel ? (nc + kColumnsPerTask - 1) / kColumnsPerTask : 1;
      const int64_t group_width = parallel ? kColumnsPerTask : nc;
      auto task = [&](int64_t t) {
        const int64_t ic = (t / column_groups) * kMC;
        const int64_t jg = (t % column_groups) * group_width;
        const int64_t mc = std::min(kMC, s.m - ic);
        const int64_t width = std::min(group_width, nc - jg);
        std::vector<float>& packed_a = scratch().packed_a;
        packed_a.resize(kMC * kKC);
        a.pack(ic, pc, mc, kc, packed_a.data());
        if (b_in_place) {
          compute_block(kc, packed_a.data(), b_slice + jg, mc, width, c + ic * ldc + jc + jg, ldc, add_to_c, true, b.row_stride);
        } else {
          compute_block(kc, packed_a.data(), packed_b.data() + jg * kc, mc, width, c + ic * ldc + jc + jg, ldc, add_to_c);
        }
      };
      if (parallel) {
        parallel_for(row_blocks * column_groups, task);
      } else {
        for (int64_t t = 0; t < row_blocks; ++t) task(t);
      }
    }
  }
}

}  // namespace

void gemm_serial(GemmShape s, MatrixView a, MatrixView b, float* c, int64_t ldc, bool accumulate) {
  gemm_blocked(s, StridedPacker(a), b, c, ldc, accumulate, false);
}

void gemm_packed(GemmShape s, const APacker& a, MatrixView b, float* c, int64_t ldc, bool accumulate, bool parallel) {
  gemm_blocked(s, a, b, c, ldc, accumulate, parallel && thread_count() > 1);
}

void gemm(GemmShape s, MatrixView a, MatrixView b, float* c, int64_t ldc, bool accumulate) {
  if (s.m < 4 && b.col_stride == 1 && s.k > 0) return gemm_few_rows(s, a, b, c, ldc, accumulate);
  const double flops = 2.0 * s.m * s.n * s.k;
  gemm_blocked(s, StridedPacker(a), b, c, ldc, accumulate, thread_count() > 1 && flops >= 2e6);
}

double micro_kernel_gflops(double seconds) {
  constexpr int64_t kc = 256;
  std::vector<float> a(kMR * kc, 1e-6f), b(kNR * kc, 1e-6f), c(kMR * kNR, 0.0f);
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  int64_t calls = 0;
  double elapsed = 0.0;
  do {
    for (int r = 0; r < 200; ++r) micro_kernel(kc, a.data(), b.data(), c.data(), kNR, true);
    calls += 200;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < seconds);
  volatile float sink = c[0];  // keep the work observable
  (void)sink;
  return 2.0 * kMR * kNR * kc * calls / elapsed / 1e9;
}

}  // namespace palestra
