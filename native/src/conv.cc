#include "conv.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <vector>

#include "conv_direct.h"
#include "gemm.h"
#include "thread_pool.h"

namespace palestra {
namespace {

int64_t patch_size(const ConvGeometry& g) { return g.filter_h * g.filter_w * g.in_c; }
int64_t output_rows(const ConvGeometry& g) { return g.batch * g.out_h * g.out_w; }

// Convolutions below this many flops (each of the three passes costs about the same) stay on the
// calling thread: a pool handoff cost more CPU than it saved for the MinAtar network's 2-6 Mflop
// convolutions (its fused DQN step took 1.08 ms CPU on two threads, 0.82 ms on one, on a loaded
// 2-core machine), as mlp.cc found for small dense layers.
constexpr double kParallelFlops = 1.6e7;

bool worth_parallel(const ConvGeometry& g) { return 2.0 * output_rows(g) * patch_size(g) * g.out_c >= kParallelFlops; }

// parallel_for, or a plain loop for a small convolution; the tasks are the same either way.
void run_tasks(const ConvGeometry& g, int64_t count, const std::function<void(int64_t)>& task) {
  if (worth_parallel(g)) return parallel_for(count, task);
  for (int64_t i = 0; i < count; ++i) task(i);
}

std::vector<float>& thread_buffer() {
  thread_local std::vector<float> buffer;
  return buffer;
}

// Output rows per chunk of the filter gradient: enough for the im2col buffer to stay near L2
// size. A function of the shape only, so the order of additions never depends on threads.
int64_t rows_per_chunk(const ConvGeometry& g) {
  const int64_t chunk = std::max<int64_t>(24, (128 * 1024) / std::max<int64_t>(1, patch_size(g)));
  return (chunk + 5) / 6 * 6;
}

// Writes the patches of output rows [row_begin, row_end) into cols (one row of patch_size each,
// ordered filter_h, filter_w, in_c to match the filter's layout); out-of-image taps are zero.
void im2col(const ConvGeometry& g, const float* x, int64_t row_begin, int64_t row_end, float* cols) {
  const int64_t plane = g.out_h * g.out_w;
  for (int64_t row = row_begin; row < row_end; ++row) {
    const int64_t b = row / plane;
    const int64_t oh = (row % plane) / g.out_w;
    const int64_t ow = row % g.out_w;
    float* dst = cols + (row - row_begin) * patch_size(g);
    for (int64_t kh = 0; kh < g.filter_h; ++kh) {
      const int64_t ih = oh * g.stride_h - g.pad_top + kh * g.dilation_h;
      for (int64_t kw = 0; kw < g.filter_w; ++kw, dst += g.in_c) {
        const int64_t iw = ow * g.stride_w - g.pad_left + kw * g.dilation_w;
        if (ih < 0 || ih >= g.in_h || iw < 0 || iw >= g.in_w) {
          std::fill(dst, dst + g.in_c, 0.0f);
        } else {
          std::memcpy(dst, x + ((b * g.in_h + ih) * g.in_w + iw) * g.in_c, g.in_c * sizeof(float));
        }
      }
    }
  }
}

// Adds the patch gradients of output rows [row_begin, row_end) back onto their input pixels.
void col2im_add(const ConvGeometry& g, const float* cols, int64_t row_begin, int64_t row_end, float* dx) {
  const int64_t plane = g.out_h * g.out_w;
  for (int64_t row = row_begin; row < row_end; ++row) {
    const int64_t b = row / plane;
    const int64_t oh = (row % plane) / g.out_w;
    const int64_t ow = row % g.out_w;
    const float* src = cols + (row - row_begin) * patch_size(g);
    for (int64_t kh = 0; kh < g.filter_h; ++kh) {
      const int64_t ih = oh * g.stride_h - g.pad_top + kh * g.dilation_h;
      for (int64_t kw = 0; kw < g.filter_w; ++kw, src += g.in_c) {
        const int64_t iw = ow * g.stride_w - g.pad_left + kw * g.dilation_w;
        if (ih < 0 || ih >= g.in_h || iw < 0 || iw >= g.in_w) continue;
        float* dst = dx + ((b * g.in_h + ih) * g.in_w + iw) * g.in_c;
        for (int64_t c = 0; c < g.in_c; ++c) dst[c] += src[c];
      }
    }
  }
}

constexpr int kStrip = kGemmStripRows;

// A zero-filled row at least `length` long: the source of out-of-image (padding) taps.
const float* zeros(int64_t length) {
  thread_local std::vector<float> buffer;
  if (static_cast<int64_t>(buffer.size()) < length) buffer.assign(length, 0.0f);
  return buffer.data();
}

// The im2col matrix A[output row, patch position] packed straight from the image: the forward
// convolution's left operand, never materialised.
class PatchRowsPacker final : public APacker {
 public:
  PatchRowsPacker(const ConvGeometry& g, const float* x) : g_(g), x_(x) {}

  void pack(int64_t row, int64_t depth, int64_t rows, int64_t kc, float* packed) const override {
    const int64_t plane = g_.out_h * g_.out_w;
    const float* zero = zeros(g_.in_c);
    for (int64_t strip = 0; strip < rows; strip += kStrip, packed += kc * kStrip) {
      int64_t image[kStrip], top[kStrip], left[kStrip];
      bool valid[kStrip];
      for (int i = 0; i < kStrip; ++i) {
        const int64_t r = row + strip + i;
        valid[i] = strip + i < rows;
        image[i] = r / plane;
        top[i] = ((r % plane) / g_.out_w) * g_.stride_h - g_.pad_top;
        left[i] = (r % g_.out_w) * g_.stride_w - g_.pad_left;
      }
      // Walk the depth range in runs of one filter tap (kh, kw): channels are contiguous there.
      float* dst = packed;
      for (int64_t p = depth; p < depth + kc;) {
        const int64_t tap = p / g_.in_c, c0 = p % g_.in_c;
        const int64_t run = std::min(g_.in_c - c0, depth + kc - p);
        const int64_t kh = tap / g_.filter_w, kw = tap % g_.filter_w;
        const float* src[kStrip];
        for (int i = 0; i < kStrip; ++i) {
          const int64_t ih = top[i] + kh * g_.dilation_h, iw = left[i] + kw * g_.dilation_w;
          const bool inside = valid[i] && ih >= 0 && ih < g_.in_h && iw >= 0 && iw < g_.in_w;
          src[i] = inside ? x_ + ((image[i] * g_.in_h + ih) * g_.in_w + iw) * g_.in_c + c0 : zero;
        }
        for (int64_t c = 0; c < run; ++c, dst += kStrip)
          for (int i = 0; i < kStrip; ++i) dst[i] = src[i][c];
        p += run;
      }
    }
  }

 private:
  const ConvGeometry& g_;
  const float* x_;
};

bool is_pointwise(const ConvGeometry& g) {
  return g.filter_h == 1 && g.filter_w == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_top == 0 &&
         g.pad_left == 0;
}

}  // namespace

void conv2d_forward(const ConvGeometry& g, const float* x, const float* filter, float* out) {
  const int64_t rows = output_rows(g);
  const int64_t k = patch_size(g);
  const MatrixView weights{filter, g.out_c, 1};
  if (direct_conv_forward_applies(g)) return direct_conv_forward(g, x, filter, out, worth_parallel(g));
  if (is_pointwise(g)) return gemm({rows, g.out_c, k}, {x, k, 1}, weights, out, g.out_c, false);
  gemm_packed({rows, g.out_c, k}, PatchRowsPacker(g, x), weights, out, g.out_c, false, worth_parallel(g));
}

void conv2d_backprop_input(const ConvGeometry& g, const float* dy, const float* filter, float* dx) {
  const int64_t k = patch_size(g);
  // filter as [out_c, patch] (transposed view): dcols = dy * filter^T.
  const MatrixView filter_t{filter, 1, g.out_c};
  if (is_pointwise(g)) {
    return gemm({output_rows(g), k, g.out_c}, {dy, g.out_c, 1}, filter_t, dx, k, false);
  }
  std::fill(dx, dx + g.batch * g.in_h * g.in_w * g.in_c, 0.0f);
  const int64_t plane = g.out_h * g.out_w;
  // One task per image: images write disjoint parts of dx, so tasks never race.
  run_tasks(g, g.batch, [&](int64_t b) {
    std::vector<float>& cols = thread_buffer();
    cols.resize(plane * k);
    const int64_t begin = b * plane;
    gemm_serial({plane, k, g.out_c}, {dy + begin * g.out_c, g.out_c, 1}, filter_t, cols.data(), k, false);
    col2im_add(g, cols.data(), begin, begin + plane, dx);
  });
}

void conv2d_backprop_filter(const ConvGeometry& g, const float* x, const float* dy, float* dfilter) {
  const int64_t rows = output_rows(g);
  const int64_t k = patch_size(g);
  const int64_t filter_size = k * g.out_c;
  if (is_pointwise(g)) {
    return gemm({k, g.out_c, rows}, {x, 1, k}, {dy, g.out_c, 1}, dfilter, g.out_c, false);
  }
  // Here the gemm's output is small (patch x out_c) and its depth (output rows) huge, and each
  // patch value feeds only out_c multiply-adds: packing straight from the image would cost more
  // than the arithmetic. So chunks of rows go through an L2-sized im2col buffer, whose
  // contiguous channel runs the gemm packs cheaply. The chunks form a fixed number of groups
  // (a function of the shape only); each group sums a partial gradient; partials add in order.
  const int64_t chunk = rows_per_chunk(g);
  const int64_t chunks = (rows + chunk - 1) / chunk;
  const int64_t groups = std::min<int64_t>(chunks, 8);
  std::vector<float> partials(groups * filter_size);
  const bool direct = direct_conv_filter_applies(g);
  run_tasks(g, groups, [&](int64_t group) {
    std::vector<float>& cols = thread_buffer();
    if (!direct) cols.resize(chunk * k);
    float* partial = partials.data() + group * filter_size;
    const int64_t first = chunks * group / groups;
    const int64_t last = chunks * (group + 1) / groups;
    for (int64_t index = first; index < last; ++index) {
      const int64_t begin = index * chunk;
      const int64_t end = std::min(rows, begin + chunk);
      if (direct) {
        // The same sums straight from the image (conv_direct.h): no im2col copy.
        direct_conv_filter_rows(g, x, dy, begin, end, kGemmDepthSlice, partial, index > first);
        continue;
      }
      im2col(g, x, begin, end, cols.data());
      gemm_serial({k, g.out_c, end - begin}, {cols.data(), 1, k}, {dy + begin * g.out_c, g.out_c, 1}, partial,
                  g.out_c, index > first);
    }
  });
  std::memcpy(dfilter, partials.data(), filter_size * sizeof(float));
  for (int64_t group = 1; group < groups; ++group) {
    const float* partial = partials.data() + group * filter_size;
    for (int64_t i = 0; i < filter_size; ++i) dfilter[i] += partial[i];
  }
}

}  // namespace palestra
