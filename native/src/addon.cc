// The N-API surface of the native kernels. Every function takes Float32Arrays that JavaScript
// allocated (inputs and the output) plus integer sizes, and writes the output in place: no copies,
// no allocation on this side beyond scratch buffers. Argument checking is done in TypeScript;
// here we only check what would otherwise crash (sizes against array lengths).
#include <napi.h>

#include <string>
#include <vector>

#include "adam.h"
#include "centered_rmsprop.h"
#include "conv.h"
#include "elementwise.h"
#include "env_bindings.h"
#include "epilogue.h"
#include "gemm.h"
#include "mlp.h"
#include "reduce.h"
#include "thread_pool.h"

namespace {

using palestra::ConvGeometry;

float* floats(const Napi::Value& value, int64_t needed, const char* what) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    throw Napi::TypeError::New(value.Env(), std::string(what) + " must be a Float32Array");
  }
  auto array = value.As<Napi::Float32Array>();
  if (static_cast<int64_t>(array.ElementLength()) < needed) {
    throw Napi::RangeError::New(value.Env(), std::string(what) + " has " + std::to_string(array.ElementLength()) +
                                                 " elements, needs " + std::to_string(needed));
  }
  return array.Data();
}

int64_t integer(const Napi::CallbackInfo& info, size_t index) { return info[index].As<Napi::Number>().Int64Value(); }

// matmul(a, b, out, batchA, batchB, m, n, k, transposeA, transposeB)
// a: batchA matrices [m, k] (or [k, m] when transposeA), b: batchB of [k, n] (or [n, k]);
// out: max(batchA, batchB) matrices [m, n]; the smaller batch repeats (tfjs broadcasting).
Napi::Value MatMul(const Napi::CallbackInfo& info) {
  const int64_t batch_a = integer(info, 3), batch_b = integer(info, 4);
  const int64_t m = integer(info, 5), n = integer(info, 6), k = integer(info, 7);
  const bool transpose_a = info[8].ToBoolean(), transpose_b = info[9].ToBoolean();
  const int64_t batch = std::max(batch_a, batch_b);
  const float* a = floats(info[0], batch_a * m * k, "a");
  const float* b = floats(info[1], batch_b * k * n, "b");
  float* out = floats(info[2], batch * m * n, "out");
  for (int64_t i = 0; i < batch; ++i) {
    const float* a_i = a + (i % batch_a) * m * k;
    const float* b_i = b + (i % batch_b) * k * n;
    palestra::MatrixView a_view = transpose_a ? palestra::MatrixView{a_i, 1, m} : palestra::MatrixView{a_i, k, 1};
    palestra::MatrixView b_view = transpose_b ? palestra::MatrixView{b_i, 1, k} : palestra::MatrixView{b_i, n, 1};
    palestra::gemm({m, n, k}, a_view, b_view, out + i * m * n, n, false);
  }
  return info.Env().Undefined();
}

// biasActivation(out, rows, cols, bias | null, activationCode, alpha)
Napi::Value BiasActivation(const Napi::CallbackInfo& info) {
  const int64_t rows = integer(info, 1), cols = integer(info, 2);
  float* out = floats(info[0], rows * cols, "out");
  const float* bias = info[3].IsNull() || info[3].IsUndefined() ? nullptr : floats(info[3], cols, "bias");
  const int code = info[4].As<Napi::Number>().Int32Value();
  if (code < 0 || code > 5) throw Napi::RangeError::New(info.Env(), "unknown activation code " + std::to_string(code));
  palestra::bias_activation(out, rows, cols, bias, static_cast<palestra::Activation>(code),
                            info[5].As<Napi::Number>().FloatValue());
  return info.Env().Undefined();
}

// Geometry as a plain array of 15 integers, in ConvGeometry's field order.
ConvGeometry geometry(const Napi::Value& value) {
  auto array = value.As<Napi::Array>();
  if (array.Length() != 15) throw Napi::RangeError::New(value.Env(), "conv geometry needs 15 integers");
  int64_t fields[15];
  for (uint32_t i = 0; i < 15; ++i) fields[i] = array.Get(i).As<Napi::Number>().Int64Value();
  return ConvGeometry{fields[0], fields[1], fields[2],  fields[3],  fields[4],  fields[5],  fields[6], fields[7],
                      fields[8], fields[9], fields[10], fields[11], fields[12], fields[13], fields[14]};
}

int64_t input_size(const ConvGeometry& g) { return g.batch * g.in_h * g.in_w * g.in_c; }
int64_t output_size(const ConvGeometry& g) { return g.batch * g.out_h * g.out_w * g.out_c; }
int64_t filter_size(const ConvGeometry& g) { return g.filter_h * g.filter_w * g.in_c * g.out_c; }

// conv2d(geometry, x, filter, out)
Napi::Value Conv2D(const Napi::CallbackInfo& info) {
  const ConvGeometry g = geometry(info[0]);
  palestra::conv2d_forward(g, floats(info[1], input_size(g), "x"), floats(info[2], filter_size(g), "filter"),
                           floats(info[3], output_size(g), "out"));
  return info.Env().Undefined();
}

// conv2dBackpropInput(geometry, dy, filter, dx)
Napi::Value Conv2DBackpropInput(const Napi::CallbackInfo& info) {
  const ConvGeometry g = geometry(info[0]);
  palestra::conv2d_backprop_input(g, floats(info[1], output_size(g), "dy"), floats(info[2], filter_size(g), "filter"),
                                  floats(info[3], input_size(g), "dx"));
  return info.Env().Undefined();
}

// conv2dBackpropFilter(geometry, x, dy, dfilter)
Napi::Value Conv2DBackpropFilter(const Napi::CallbackInfo& info) {
  const ConvGeometry g = geometry(info[0]);
  palestra::conv2d_backprop_filter(g, floats(info[1], input_size(g), "x"), floats(info[2], output_size(g), "dy"),
                                   floats(info[3], filter_size(g), "dfilter"));
  return info.Env().Undefined();
}

// Reads an array of at most kMaxRank integers.
int read_dims(const Napi::Value& value, int64_t* dims, const char* what) {
  auto array = value.As<Napi::Array>();
  if (array.Length() > palestra::kMaxRank) {
    throw Napi::RangeError::New(value.Env(), std::string(what) + " has rank above " + std::to_string(palestra::kMaxRank));
  }
  for (uint32_t i = 0; i < array.Length(); ++i) dims[i] = array.Get(i).As<Napi::Number>().Int64Value();
  return static_cast<int>(array.Length());
}

// binary(opCode, a, aStrides, b, bStrides, out, outShape)
Napi::Value Binary(const Napi::CallbackInfo& info) {
  int64_t a_strides[palestra::kMaxRank], b_strides[palestra::kMaxRank], shape[palestra::kMaxRank];
  const int rank = read_dims(info[6], shape, "outShape");
  if (read_dims(info[2], a_strides, "aStrides") != rank || read_dims(info[4], b_strides, "bStrides") != rank) {
    throw Napi::RangeError::New(info.Env(), "strides must have the output's rank");
  }
  int64_t size = 1, a_extent = 1, b_extent = 1;
  for (int d = 0; d < rank; ++d) {
    size *= shape[d];
    if (shape[d] > 0) {
      a_extent += (shape[d] - 1) * a_strides[d];
      b_extent += (shape[d] - 1) * b_strides[d];
    }
  }
  const int code = info[0].As<Napi::Number>().Int32Value();
  if (code < 0 || code > 6) throw Napi::RangeError::New(info.Env(), "unknown binary op " + std::to_string(code));
  palestra::binary(static_cast<palestra::BinaryOp>(code), floats(info[1], size ? a_extent : 0, "a"), a_strides,
                   floats(info[3], size ? b_extent : 0, "b"), b_strides, floats(info[5], size, "out"), shape, rank);
  return info.Env().Undefined();
}

// unary(opCode, x, out, alpha)
Napi::Value Unary(const Napi::CallbackInfo& info) {
  const int code = info[0].As<Napi::Number>().Int32Value();
  if (code < 0 || code > 13) throw Napi::RangeError::New(info.Env(), "unknown unary op " + std::to_string(code));
  const int64_t size = info[1].As<Napi::Float32Array>().ElementLength();
  palestra::unary(static_cast<palestra::UnaryOp>(code), floats(info[1], size, "x"), floats(info[2], size, "out"), size,
                  info[3].As<Napi::Number>().FloatValue());
  return info.Env().Undefined();
}

// reduce(opCode, x, outer, reduced, inner, out)
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  const int code = info[0].As<Napi::Number>().Int32Value();
  if (code < 0 || code > 3) throw Napi::RangeError::New(info.Env(), "unknown reduction " + std::to_string(code));
  const int64_t outer = integer(info, 2), reduced = integer(info, 3), inner = integer(info, 4);
  palestra::reduce(static_cast<palestra::ReduceOp>(code), floats(info[1], outer * reduced * inner, "x"), outer, reduced,
                   inner, floats(info[5], outer * inner, "out"));
  return info.Env().Undefined();
}

// adam(value, m, v, gradient, newValue, newM, newV, [lr, beta1, beta2, epsilon, 1 - beta1^t, 1 - beta2^t])
Napi::Value Adam(const Napi::CallbackInfo& info) {
  const int64_t size = info[0].As<Napi::Float32Array>().ElementLength();
  auto hyper = info[7].As<Napi::Array>();
  auto at = [&](uint32_t i) { return hyper.Get(i).As<Napi::Number>().FloatValue(); };
  const palestra::AdamHyper h{at(0), at(1), at(2), at(3), at(4), at(5)};
  palestra::adam_update(h, floats(info[0], size, "value"), floats(info[1], size, "m"), floats(info[2], size, "v"),
                        floats(info[3], size, "gradient"), floats(info[4], size, "newValue"), floats(info[5], size, "newM"),
                        floats(info[6], size, "newV"), size);
  return info.Env().Undefined();
}

// adamInPlace(value, m, v, gradient, newValue, [lr, beta1, beta2, epsilon, 1 - beta1^t, 1 - beta2^t]): m and v updated in place
Napi::Value AdamInPlace(const Napi::CallbackInfo& info) {
  const int64_t size = info[0].As<Napi::Float32Array>().ElementLength();
  auto hyper = info[5].As<Napi::Array>();
  auto at = [&](uint32_t i) { return hyper.Get(i).As<Napi::Number>().FloatValue(); };
  const palestra::AdamHyper h{at(0), at(1), at(2), at(3), at(4), at(5)};
  palestra::adam_update_in_place(h, floats(info[0], size, "value"), floats(info[1], size, "m"), floats(info[2], size, "v"),
                                 floats(info[3], size, "gradient"), floats(info[4], size, "newValue"), size);
  return info.Env().Undefined();
}

// centeredRmsProp(value, meanSquare, meanGradient, gradient, newValue, newMeanSquare, newMeanGradient,
//                 [lr, decay, 1 - decay, epsilon])
Napi::Value CenteredRmsProp(const Napi::CallbackInfo& info) {
  const int64_t size = info[0].As<Napi::Float32Array>().ElementLength();
  auto hyper = info[7].As<Napi::Array>();
  auto at = [&](uint32_t i) { return hyper.Get(i).As<Napi::Number>().FloatValue(); };
  const palestra::CenteredRmsPropHyper h{at(0), at(1), at(2), at(3)};
  palestra::centered_rmsprop_update(h, floats(info[0], size, "value"), floats(info[1], size, "meanSquare"),
                                    floats(info[2], size, "meanGradient"), floats(info[3], size, "gradient"),
                                    floats(info[4], size, "newValue"), floats(info[5], size, "newMeanSquare"),
                                    floats(info[6], size, "newMeanGradient"), size);
  return info.Env().Undefined();
}

// centeredRmsPropInPlace(value, meanSquare, meanGradient, gradient, newValue, [lr, decay, 1 - decay, epsilon]):
// the running averages updated in place
Napi::Value CenteredRmsPropInPlace(const Napi::CallbackInfo& info) {
  const int64_t size = info[0].As<Napi::Float32Array>().ElementLength();
  auto hyper = info[5].As<Napi::Array>();
  auto at = [&](uint32_t i) { return hyper.Get(i).As<Napi::Number>().FloatValue(); };
  const palestra::CenteredRmsPropHyper h{at(0), at(1), at(2), at(3)};
  palestra::centered_rmsprop_update_in_place(h, floats(info[0], size, "value"), floats(info[1], size, "meanSquare"),
                                             floats(info[2], size, "meanGradient"), floats(info[3], size, "gradient"),
                                             floats(info[4], size, "newValue"), size);
  return info.Env().Undefined();
}

// The layers of a dense network from (kernels[], biases[], sizes[], activations[]): sizes holds
// count + 1 widths, input first. Biases may be null (the backward pass does not read them).
std::vector<palestra::MlpLayer> mlp_layers(const Napi::Value& kernels_value, const Napi::Value& biases_value,
                                           const Napi::Value& sizes_value, const Napi::Value& activations_value) {
  auto kernels = kernels_value.As<Napi::Array>();
  auto sizes = sizes_value.As<Napi::Array>();
  auto activations = activations_value.As<Napi::Array>();
  const uint32_t count = kernels.Length();
  if (count == 0 || sizes.Length() != count + 1 || activations.Length() != count) {
    throw Napi::RangeError::New(kernels_value.Env(), "mlp: needs one kernel and activation per layer and layers + 1 sizes");
  }
  const bool with_biases = biases_value.IsArray();
  std::vector<palestra::MlpLayer> layers(count);
  for (uint32_t l = 0; l < count; ++l) {
    const int64_t in = sizes.Get(l).As<Napi::Number>().Int64Value(), out = sizes.Get(l + 1).As<Napi::Number>().Int64Value();
    const int code = activations.Get(l).As<Napi::Number>().Int32Value();
    if (code < 0 || code > 4) throw Napi::RangeError::New(kernels_value.Env(), "mlp: unknown activation " + std::to_string(code));
    layers[l] = {floats(kernels.Get(l), in * out, "kernel"),
                 with_biases ? floats(biases_value.As<Napi::Array>().Get(l), out, "bias") : nullptr, in, out,
                 static_cast<palestra::MlpActivation>(code)};
  }
  return layers;
}

// Float32Arrays of an array, each with at least rows * widths[l] elements.
std::vector<float*> float_list(const Napi::Value& value, const std::vector<palestra::MlpLayer>& layers, int64_t rows,
                               bool kernel_shaped, const char* what) {
  auto array = value.As<Napi::Array>();
  if (array.Length() != layers.size()) throw Napi::RangeError::New(value.Env(), std::string(what) + ": one per layer");
  std::vector<float*> out(layers.size());
  for (uint32_t l = 0; l < array.Length(); ++l) {
    const int64_t needed = kernel_shaped ? layers[l].in * layers[l].out : rows * layers[l].out;
    out[l] = floats(array.Get(l), needed, what);
  }
  return out;
}

// mlpForward(x, batch, kernels, biases, sizes, activations, outputs)
Napi::Value MlpForward(const Napi::CallbackInfo& info) {
  const int64_t batch = integer(info, 1);
  const auto layers = mlp_layers(info[2], info[3], info[4], info[5]);
  const float* x = floats(info[0], batch * layers[0].in, "x");
  const auto outputs = float_list(info[6], layers, batch, false, "outputs");
  palestra::mlp_forward(layers.data(), static_cast<int>(layers.size()), x, batch, outputs.data());
  return info.Env().Undefined();
}

// mlpBackward(x, batch, kernels, sizes, activations, outputs, dOutput, kernelGrads, biasGrads, dInput?)
Napi::Value MlpBackward(const Napi::CallbackInfo& info) {
  const int64_t batch = integer(info, 1);
  const auto layers = mlp_layers(info[2], info.Env().Null(), info[3], info[4]);
  const float* x = floats(info[0], batch * layers[0].in, "x");
  const auto outputs = float_list(info[5], layers, batch, false, "outputs");
  float* d_output = floats(info[6], batch * layers.back().out, "dOutput");
  const auto kernel_grads = float_list(info[7], layers, batch, true, "kernelGrads");
  std::vector<float*> bias_grads = float_list(info[8], layers, 1, false, "biasGrads");
  float* d_input = info.Length() > 9 && !info[9].IsUndefined() && !info[9].IsNull()
                       ? floats(info[9], batch * layers[0].in, "dInput")
                       : nullptr;
  std::vector<const float*> const_outputs(outputs.begin(), outputs.end());
  palestra::mlp_backward(layers.data(), static_cast<int>(layers.size()), x, batch, const_outputs.data(), d_output,
                         kernel_grads.data(), bias_grads.data(), d_input);
  return info.Env().Undefined();
}

// activationBackward(dy, y, rows, cols, activationCode, dBias): dy becomes the pre-activation gradient
Napi::Value ActivationBackward(const Napi::CallbackInfo& info) {
  const int64_t rows = integer(info, 2), cols = integer(info, 3);
  const int code = info[4].As<Napi::Number>().Int32Value();
  if (code < 0 || code > 4) throw Napi::RangeError::New(info.Env(), "activationBackward: unknown activation " + std::to_string(code));
  palestra::activation_backward(floats(info[0], rows * cols, "dy"), floats(info[1], rows * cols, "y"), rows, cols,
                                static_cast<palestra::MlpActivation>(code), floats(info[5], cols, "dBias"));
  return info.Env().Undefined();
}

// sumOfSquares(arrays: Float32Array[]): the squared L2 norm of all of them together
Napi::Value SumOfSquares(const Napi::CallbackInfo& info) {
  auto arrays = info[0].As<Napi::Array>();
  double total = 0.0;
  for (uint32_t i = 0; i < arrays.Length(); ++i) {
    auto array = arrays.Get(i);
    const int64_t size = array.As<Napi::Float32Array>().ElementLength();
    total += palestra::sum_of_squares(floats(array, size, "array"), size);
  }
  return Napi::Number::New(info.Env(), total);
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  const int threads = info[0].As<Napi::Number>().Int32Value();
  if (threads < 1) throw Napi::RangeError::New(info.Env(), "threads must be at least 1");
  palestra::set_thread_count(threads);
  return info.Env().Undefined();
}

Napi::Value PeakGflops(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), palestra::micro_kernel_gflops(info[0].As<Napi::Number>().DoubleValue()));
}

Napi::Value Threads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), palestra::thread_count()); }

// What the compiler targeted, for `palestra backends` and the benchmark.
Napi::Value BuildInfo(const Napi::CallbackInfo& info) {
  Napi::Object result = Napi::Object::New(info.Env());
#if defined(__AVX512F__)
  const char* simd = "avx512";
#elif defined(__AVX2__) && defined(__FMA__)
  const char* simd = "avx2+fma";
#elif defined(__AVX__)
  const char* simd = "avx";
#elif defined(__SSE2__)
  const char* simd = "sse2";
#elif defined(__ARM_NEON)
  const char* simd = "neon";
#else
  const char* simd = "scalar";
#endif
  result.Set("simd", simd);
  result.Set("compiler", __VERSION__);
  return result;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("matmul", Napi::Function::New(env, MatMul));
  exports.Set("biasActivation", Napi::Function::New(env, BiasActivation));
  exports.Set("conv2d", Napi::Function::New(env, Conv2D));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2DBackpropInput));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2DBackpropFilter));
  exports.Set("binary", Napi::Function::New(env, Binary));
  exports.Set("unary", Napi::Function::New(env, Unary));
  exports.Set("reduce", Napi::Function::New(env, Reduce));
  exports.Set("adam", Napi::Function::New(env, Adam));
  exports.Set("centeredRmsProp", Napi::Function::New(env, CenteredRmsProp));
  exports.Set("centeredRmsPropInPlace", Napi::Function::New(env, CenteredRmsPropInPlace));
  exports.Set("adamInPlace", Napi::Function::New(env, AdamInPlace));
  exports.Set("mlpForward", Napi::Function::New(env, MlpForward));
  exports.Set("mlpBackward", Napi::Function::New(env, MlpBackward));
  exports.Set("activationBackward", Napi::Function::New(env, ActivationBackward));
  exports.Set("sumOfSquares", Napi::Function::New(env, SumOfSquares));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  exports.Set("peakGflops", Napi::Function::New(env, PeakGflops));
  exports.Set("threads", Napi::Function::New(env, Threads));
  exports.Set("buildInfo", Napi::Function::New(env, BuildInfo));
  register_env_kernels(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(palestra_native, Init)
