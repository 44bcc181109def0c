// Fused forward and backward passes of a dense network (the MLPs src/nn builds): one native call
// runs every layer, so a training step costs two calls instead of dozens of tfjs kernels.
#pragma once

#include <cstdint>

namespace palestra {

// Codes shared with src/nn/fused-mlp.ts. Every derivative is computed from the layer's output.
enum class MlpActivation : int { kLinear = 0, kRelu = 1, kTanh = 2, kSigmoid = 3, kElu = 4 };

// One dense layer y = activation(x W + b): kernel [in, out] row-major, bias [out].
struct MlpLayer {
  const float* kernel;
  const float* bias;
  int64_t in;
  int64_t out;
  MlpActivation activation;
};

// outputs[l] receives layer l's activations, [batch, layers[l].out], for every layer.
void mlp_forward(const MlpLayer* layers, int count, const float* x, int64_t batch, float* const* outputs);

// Gradients of a loss with respect to every kernel and bias, given the forward pass's `outputs`
// and `d_output`, the gradient with respect to the last layer's outputs (overwritten).
// kernel_grads[l] is [in, out], bias_grads[l] is [out]; both are overwritten. When d_input is not
// null it receives the gradient with respect to x, [batch, layers[0].in] (for a network in front,
// such as the convolutions of a CNN).
void mlp_backward(const MlpLayer* layers, int count, const float* x, int64_t batch, const float* const* outputs,
                  float* d_output, float* const* kernel_grads, float* const* bias_grads, float* d_input = nullptr);

// The backward pass of y = activation(z + bias) on a [rows, cols] matrix: dy becomes dz in place
// (the derivative written in terms of y) and d_bias[cols] receives the column sums of dz.
void activation_backward(float* dy, const float* y, int64_t rows, int64_t cols, MlpActivation activation,
                         float* d_bias);

// Sum of squares of `size` floats, accumulated in double (a gradient's contribution to its norm).
double sum_of_squares(const float* values, int64_t size);

}  // namespace palestra
