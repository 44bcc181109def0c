#include "mlp.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include "epilogue.h"
#include "gemm.h"

namespace palestra {

namespace {

// tanh in float arithmetic that the compiler vectorises (std::tanh is a scalar libm call per
// element, which made tanh layers 6x slower than relu ones). Near zero an odd Taylor polynomial
// (truncation below 3e-8 relative for |x| < 0.55); elsewhere 1 - 2 / (e^{2|x|} + 1) with e^y from
// 2^k times a degree-7 polynomial in the remainder. Agrees with tanh to about 2e-7 relative.
// Written without float-to-int conversions or nested conditionals, which kept GCC from
// vectorising the loop: k is rounded by adding 1.5 * 2^23, whose low mantissa bits then hold k.
inline float fast_tanh(float x) {
  const float a = __builtin_fabsf(x);
  const float x2 = x * x;
  float small = -929569.0f / 638512875.0f;
  small = small * x2 + 21844.0f / 6081075.0f;
  small = small * x2 - 1382.0f / 155925.0f;
  small = small * x2 + 62.0f / 2835.0f;
  small = small * x2 - 17.0f / 315.0f;
  small = small * x2 + 2.0f / 15.0f;
  small = small * x2 - 1.0f / 3.0f;
  small = small * x2 * a + a;
  // e^y for y = 2|x| in [0, 18] (tanh(9) rounds to 1 in float).
  const float y = 2.0f * (a < 9.0f ? a : 9.0f);
  const float shifted = y * 1.44269504088896341f + 12582912.0f;
  const float k = shifted - 12582912.0f;
  const int32_t exponent = __builtin_bit_cast(int32_t, shifted) - 0x4B400000 + 127;
  const float r = (y - k * 0.693145751953125f) - k * 1.428606765330187045e-06f;
  float p = 1.0f / 5040.0f;
  p = p * r + 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  const float large = 1.0f - 2.0f / (p * __builtin_bit_cast(float, exponent << 23) + 1.0f);
  float magnitude = a < 0.55f ? small : large;
  magnitude = a >= 9.0f ? 1.0f : magnitude;
  // NaN stays NaN, as tfjs's tanh keeps it.
  magnitude = x != x ? x : magnitude;
  return __builtin_copysignf(magnitude, x);
}

// Products below this many flops stay on the calling thread: for an RL agent's small layers a
// handoff to the pool costs more than the second core saves, and it stalls whenever the other
// core is busy (a loaded 2-core machine made a PPO minibatch 10x slower with the pool).
constexpr double kParallelFlops = 6.4e7;

// Batches this small (an agent acting on one observation) skip the gemm: packing the kernel for
// one row cost more than the products (the MinAtar CNN's 1,600-128 layer: about 60 us per frame).
constexpr int64_t kRowByRowBatch = 2;

// y[out] = x[in] kernel[in, out], streaming the kernel once in its own layout; the same products
// summed in the same order as the gemm.
void row_times_kernel(const float* __restrict x, const float* __restrict kernel, int64_t in, int64_t out,
                      float* __restrict y) {
  for (int64_t j = 0; j < out; ++j) y[j] = 0.0f;
  for (int64_t i = 0; i < in; ++i) {
    const float xi = x[i];
    const float* row = kernel + i * out;
    for (int64_t j = 0; j < out; ++j) y[j] += xi * row[j];
  }
}

void layer_gemm(GemmShape shape, MatrixView a, MatrixView b, float* c, int64_t ldc) {
  if (2.0 * shape.m * shape.n * shape.k >= kParallelFlops) {
    gemm(shape, a, b, c, ldc, false);
  } else {
    gemm_serial(shape, a, b, c, ldc, false);
  }
}

void tanh_row(float* __restrict row, const float* __restrict bias, int64_t cols) {
  for (int64_t c = 0; c < cols; ++c) row[c] = fast_tanh(row[c] + bias[c]);
}

// The activation after the gemm, in place on a [rows, cols] matrix, with the bias added first.
void add_bias_activate(float* out, int64_t rows, int64_t cols, const float* bias, MlpActivation activation) {
  switch (activation) {
    case MlpActivation::kLinear: return bias_activation(out, rows, cols, bias, Activation::kLinear, 0.0f);
    case MlpActivation::kRelu: return bias_activation(out, rows, cols, bias, Activation::kRelu, 0.0f);
    case MlpActivation::kSigmoid: return bias_activation(out, rows, cols, bias, Activation::kSigmoid, 0.0f);
    case MlpActivation::kElu: return bias_activation(out, rows, cols, bias, Activation::kElu, 0.0f);
    case MlpActivation::kTanh:
      for (int64_t r = 0; r < rows; ++r) tanh_row(out + r * cols, bias, cols);
      return;
  }
}

// dz = dy * activation'(pre-activation), with the derivative written in terms of the output y.
void activation_gradient(float* dy, const float* y, int64_t size, MlpActivation activation) {
  switch (activation) {
    case MlpActivation::kLinear: return;
    case MlpActivation::kRelu:
      for (int64_t i = 0; i < size; ++i) dy[i] = y[i] > 0.0f ? dy[i] : 0.0f;
      return;
    case MlpActivation::kTanh:
      for (int64_t i = 0; i < size; ++i) dy[i] *= 1.0f - y[i] * y[i];
      return;
    case MlpActivation::kSigmoid:
      for (int64_t i = 0; i < size; ++i) dy[i] *= y[i] * (1.0f - y[i]);
      return;
    case MlpActivation::kElu:
      for (int64_t i = 0; i < size; ++i) dy[i] = y[i] > 0.0f ? dy[i] : dy[i] * (y[i] + 1.0f);
      return;
  }
}

// sums[c] = the sum of column c of a [rows, cols] matrix, rows added in order from zero. Narrow
// matrices (a convolution's 16 channels) sum in a local array: written through the output
// pointer, which may alias the matrix, every addition was a load and a store (with the ReLU
// gradient, 175 -> 69 us for the MinAtar convolution's 16,384 x 16 at batch 256). The same
// additions in the same order either way.
void column_sums(const float* __restrict matrix, int64_t rows, int64_t cols, float* sums) {
  constexpr int64_t kLocal = 64;
  if (cols <= kLocal) {
    float local[kLocal] = {};
    for (int64_t r = 0; r < rows; ++r) {
      const float* row = matrix + r * cols;
      for (int64_t c = 0; c < cols; ++c) local[c] += row[c];
    }
    for (int64_t c = 0; c < cols; ++c) sums[c] = local[c];
    return;
  }
  for (int64_t c = 0; c < cols; ++c) sums[c] = 0.0f;
  for (int64_t r = 0; r < rows; ++r) {
    const float* row = matrix + r * cols;
    for (int64_t c = 0; c < cols; ++c) sums[c] += row[c];
  }
}

// d input [batch, in] = dz [batch, out] W^T. With W^T as the gemm's B operand, packing reads the
// kernel across its rows; for an input much wider than the batch (1,600 inputs, batch 32) it is
// faster to compute (W dz^T) [in, batch], whose A operand is the kernel in its own layout, and
// transpose (51 -> 73 GFLOP/s on that shape). At 1,024 inputs and batch 256 (PPO's MinAtar
// minibatch) the transpose costs more than it saves (662 against 1,035 us). Each element sums the
// same products in the same order either way.
void input_gradient(const MlpLayer& layer, const float* dz, int64_t batch, float* d_input) {
  if (layer.in <= 4 * batch) {
    layer_gemm({batch, layer.in, layer.out}, MatrixView{dz, layer.out, 1}, MatrixView{layer.kernel, 1, layer.out},
               d_input, layer.in);
    return;
  }
  thread_local std::vector<float> transposed;
  transposed.resize(static_cast<size_t>(layer.in * batch));
  layer_gemm({layer.in, batch, layer.out}, MatrixView{layer.kernel, layer.out, 1}, MatrixView{dz, 1, layer.out},
             transposed.data(), batch);
  for (int64_t r = 0; r < batch; ++r)
    for (int64_t i = 0; i < layer.in; ++i) d_input[r * layer.in + i] = transposed[i * batch + r];
}

}  // namespace

void mlp_forward(const MlpLayer* layers, int count, const float* x, int64_t batch, float* const* outputs) {
  const float* input = x;
  for (int l = 0; l < count; ++l) {
    const MlpLayer& layer = layers[l];
    if (batch <= kRowByRowBatch) {
      for (int64_t r = 0; r < batch; ++r)
        row_times_kernel(input + r * layer.in, layer.kernel, layer.in, layer.out, outputs[l] + r * layer.out);
    } else {
      layer_gemm({batch, layer.out, layer.in}, MatrixView{input, layer.in, 1}, MatrixView{layer.kernel, layer.out, 1},
                 outputs[l], layer.out);
    }
    add_bias_activate(outputs[l], batch, layer.out, layer.bias, layer.activation);
    input = outputs[l];
  }
}

void mlp_backward(const MlpLayer* layers, int count, const float* x, int64_t batch, const float* const* outputs,
                  float* d_output, float* const* kernel_grads, float* const* bias_grads, float* d_input) {
  // Gradients with respect to the hidden layers' outputs, ping-ponged between two buffers.
  thread_local std::vector<float> scratch[2];
  float* dy = d_output;
  for (int l = count - 1; l >= 0; --l) {
    const MlpLayer& layer = layers[l];
    const float* input = l == 0 ? x : outputs[l - 1];
    activation_gradient(dy, outputs[l], batch * layer.out, layer.activation);
    // dW = input^T dz: A(i, k) = input[k, i].
    layer_gemm({layer.in, layer.out, batch}, MatrixView{input, 1, layer.in}, MatrixView{dy, layer.out, 1},
               kernel_grads[l], layer.out);
    column_sums(dy, batch, layer.out, bias_grads[l]);
    if (l == 0 && d_input == nullptr) break;
    // d input = dz W^T: B(k, j) = kernel[j, k].
    std::vector<float>& next = scratch[l % 2];
    float* destination = d_input;
    if (l > 0) {
      next.resize(static_cast<size_t>(batch * layer.in));
      destination = next.data();
    }
    input_gradient(layer, dy, batch, destination);
    dy = destination;
  }
}

void activation_backward(float* dy, const float* y, int64_t rows, int64_t cols, MlpActivation activation,
                         float* d_bias) {
  activation_gradient(dy, y, rows * cols, activation);
  column_sums(dy, rows, cols, d_bias);
}

double sum_of_squares(const float* values, int64_t size) {
  // Eight float partial sums vectorise; each is flushed to double every 1024 elements, so the
  // float rounding stays far below what a norm for gradient clipping needs.
  double total = 0.0;
  for (int64_t start = 0; start < size; start += 1024) {
    const int64_t end = start + 1024 < size ? start + 1024 : size;
    float partial[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t i = start;
    for (; i + 8 <= end; i += 8)
      for (int j = 0; j < 8; ++j) partial[j] += values[i + j] * values[i + j];
    for (; i < end; ++i) partial[0] += values[i] * values[i];
    for (int j = 0; j < 8; ++j) total += partial[j];
  }
  return total;
}

}  // namespace palestra
