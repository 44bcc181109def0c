#include "conv_direct.h"

#include <algorithm>
#include <vector>

#include "gemm.h"
#include "thread_pool.h"
#include "vec.h"

namespace palestra {
namespace {

// Accumulators per register tile: 12 vectors leave room for the operands in AVX2's 16 registers
// (AVX-512 has 32).
constexpr int kTile = 12;
constexpr int kMaxVectors = 4;

int64_t patch_size(const ConvGeometry& g) { return g.filter_h * g.filter_w * g.in_c; }

bool taps_inside(const ConvGeometry& g) {
  return g.pad_top == 0 && g.pad_left == 0 && (g.out_h - 1) * g.stride_h + (g.filter_h - 1) * g.dilation_h < g.in_h &&
         (g.out_w - 1) * g.stride_w + (g.filter_w - 1) * g.dilation_w < g.in_w;
}

bool channels_fit(const ConvGeometry& g) {
  return g.out_c % kVectorWidth == 0 && g.out_c / kVectorWidth <= kMaxVectors;
}

// Offset of each patch position (kh, kw, c), in the filter's order, from the patch's first pixel.
std::vector<int64_t> tap_offsets(const ConvGeometry& g) {
  std::vector<int64_t> offsets;
  offsets.reserve(patch_size(g));
  for (int64_t kh = 0; kh < g.filter_h; ++kh)
    for (int64_t kw = 0; kw < g.filter_w; ++kw)
      for (int64_t c = 0; c < g.in_c; ++c) offsets.push_back((kh * g.dilation_h * g.in_w + kw * g.dilation_w) * g.in_c + c);
  return offsets;
}

// Index in x of the first pixel of output row `row`'s patch.
int64_t patch_origin(const ConvGeometry& g, int64_t row) {
  const int64_t plane = g.out_h * g.out_w;
  const int64_t b = row / plane, oh = (row % plane) / g.out_w, ow = row % g.out_w;
  return ((b * g.in_h + oh * g.stride_h) * g.in_w + ow * g.stride_w) * g.in_c;
}

// Output rows [row, row + count) (count <= kTile / VB), all out_c channels: sum over the patch of
// x * filter, each product added in patch order to a sum that starts at zero (the gemm's order).
template <int VB>
void forward_tile(const ConvGeometry& g, const float* x, const float* filter, const int64_t* taps, int64_t patch,
                  int64_t row, int count, float* out) {
  constexpr int kRows = kTile / VB;
  int64_t origin[kRows];
  for (int t = 0; t < kRows; ++t) origin[t] = patch_origin(g, row + std::min(t, count - 1));
  Vec acc[kRows][VB] = {};
  for (int64_t p = 0; p < patch; ++p) {
    Vec w[VB];
    for (int v = 0; v < VB; ++v) w[v] = load_vec(filter + p * g.out_c + v * kVectorWidth);
    const int64_t offset = taps[p];
#pragma GCC unroll 12
    for (int t = 0; t < kRows; ++t) {
      const float a = x[origin[t] + offset];
      for (int v = 0; v < VB; ++v) acc[t][v] += a * w[v];
    }
  }
  for (int t = 0; t < count; ++t)
    for (int v = 0; v < VB; ++v) store_vec(out + (row + t) * g.out_c + v * kVectorWidth, acc[t][v]);
}

template <int VB>
void forward_all(const ConvGeometry& g, const float* x, const float* filter, float* out, bool parallel) {
  constexpr int kRows = kTile / VB;
  const std::vector<int64_t> taps = tap_offsets(g);
  const int64_t rows = g.batch * g.out_h * g.out_w;
  const int64_t tiles = (rows + kRows - 1) / kRows;
  constexpr int64_t kTilesPerTask = 64;
  auto task = [&](int64_t t) {
    const int64_t end = std::min(tiles, (t + 1) * kTilesPerTask);
    for (int64_t tile = t * kTilesPerTask; tile < end; ++tile) {
      const int64_t row = tile * kRows;
      forward_tile<VB>(g, x, filter, taps.data(), patch_size(g), row, static_cast<int>(std::min<int64_t>(kRows, rows - row)), out);
    }
  };
  const int64_t tasks = (tiles + kTilesPerTask - 1) / kTilesPerTask;
  if (parallel) return parallel_for(tasks, task);
  for (int64_t t = 0; t < tasks; ++t) task(t);
}

// dfilter rows [p0, p0 + count) (count <= kTile / VB patch positions), all out_c channels, summed
// over output rows [begin, end) from zero, then stored or added.
template <int VB>
void filter_block(const ConvGeometry& g, const float* x, const float* dy, const int64_t* taps, int64_t p0, int count,
                  int64_t begin, int64_t end, float* dfilter, bool add) {
  constexpr int kPositions = kTile / VB;
  int64_t offset[kPositions];
  for (int q = 0; q < kPositions; ++q) offset[q] = taps[p0 + std::min(q, count - 1)];
  Vec acc[kPositions][VB] = {};
  for (int64_t row = begin; row < end; ++row) {
    Vec d[VB];
    for (int v = 0; v < VB; ++v) d[v] = load_vec(dy + row * g.out_c + v * kVectorWidth);
    const float* patch = x + patch_origin(g, row);
#pragma GCC unroll 12
    for (int q = 0; q < kPositions; ++q) {
      const float a = patch[offset[q]];
      for (int v = 0; v < VB; ++v) acc[q][v] += a * d[v];
    }
  }
  for (int q = 0; q < count; ++q)
    for (int v = 0; v < VB; ++v) {
      float* target = dfilter + (p0 + q) * g.out_c + v * kVectorWidth;
      store_vec(target, add ? load_vec(target) + acc[q][v] : acc[q][v]);
    }
}

template <int VB>
void filter_rows(const ConvGeometry& g, const float* x, const float* dy, int64_t row_begin, int64_t row_end,
                 int64_t slice, float* dfilter, bool accumulate) {
  constexpr int kPositions = kTile / VB;
  const std::vector<int64_t> taps = tap_offsets(g);
  const int64_t patch = patch_size(g);
  for (int64_t begin = row_begin; begin < row_end; begin += slice) {
    const int64_t end = std::min(row_end, begin + slice);
    const bool add = accumulate || begin > row_begin;
    for (int64_t p0 = 0; p0 < patch; p0 += kPositions)
      filter_block<VB>(g, x, dy, taps.data(), p0, static_cast<int>(std::min<int64_t>(kPositions, patch - p0)), begin, end, dfilter, add);
  }
}

}  // namespace

bool direct_conv_forward_applies(const ConvGeometry& g) {
  return taps_inside(g) && channels_fit(g) && patch_size(g) <= kGemmDepthSlice;
}

// With three or four vectors of channels the gemm's packed path wins for the filter gradient
// (64 channels: 62 against 49 GFLOP/s), because each patch value then feeds enough products.
bool direct_conv_filter_applies(const ConvGeometry& g) {
  return taps_inside(g) && channels_fit(g) && g.out_c / kVectorWidth <= 2;
}

void direct_conv_forward(const ConvGeometry& g, const float* x, const float* filter, float* out, bool parallel) {
  switch (g.out_c / kVectorWidth) {
    case 1: return forward_all<1>(g, x, filter, out, parallel);
    case 2: return forward_all<2>(g, x, filter, out, parallel);
    case 3: return forward_all<3>(g, x, filter, out, parallel);
    default: return forward_all<4>(g, x, filter, out, parallel);
  }
}

void direct_conv_filter_rows(const ConvGeometry& g, const float* x, const float* dy, int64_t row_begin,
                             int64_t row_end, int64_t slice, float* dfilter, bool accumulate) {
  switch (g.out_c / kVectorWidth) {
    case 1: return filter_rows<1>(g, x, dy, row_begin, row_end, slice, dfilter, accumulate);
    case 2: return filter_rows<2>(g, x, dy, row_begin, row_end, slice, dfilter, accumulate);
    case 3: return filter_rows<3>(g, x, dy, row_begin, row_end, slice, dfilter, accumulate);
    default: return filter_rows<4>(g, x, dy, row_begin, row_end, slice, dfilter, accumulate);
  }
}

}  // namespace palestra
