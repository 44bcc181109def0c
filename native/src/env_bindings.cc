// The N-API surface of the batched environment kernels (today CartPole). Like addon.cc, every
// function writes into typed arrays that JavaScript allocated; envs/cartpole/native-step.ts
// owns the argument checking and the fallback to the TypeScript loop.
#include "env_bindings.h"

#include <climits>
#include <cmath>
#include <string>

#include "cartpole.h"
#include "small_angle_trig.h"

namespace {

template <typename T>
T* typed(const Napi::Value& value, napi_typedarray_type type, const char* type_name, int64_t needed, const char* what) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != type) {
    throw Napi::TypeError::New(value.Env(), std::string(what) + " must be a " + type_name);
  }
  auto array = value.As<Napi::TypedArrayOf<T>>();
  if (static_cast<int64_t>(array.ElementLength()) < needed) {
    throw Napi::RangeError::New(value.Env(), std::string(what) + " has " + std::to_string(array.ElementLength()) +
                                                 " elements, needs " + std::to_string(needed));
  }
  return array.Data();
}

double* doubles(const Napi::Value& v, int64_t n, const char* what) { return typed<double>(v, napi_float64_array, "Float64Array", n, what); }
float* floats(const Napi::Value& v, int64_t n, const char* what) { return typed<float>(v, napi_float32_array, "Float32Array", n, what); }
int32_t* ints(const Napi::Value& v, int64_t n, const char* what) { return typed<int32_t>(v, napi_int32_array, "Int32Array", n, what); }
uint8_t* bytes(const Napi::Value& v, int64_t n, const char* what) { return typed<uint8_t>(v, napi_uint8_array, "Uint8Array", n, what); }

// cartPoleStep(state, actions, observations, rewards, terminations, truncations, elapsedSteps,
//              terminatedBefore, needsReset, rngWords,
//              [maxEpisodeSteps (0: none), stepReward, failReward, afterFailReward, nextStepAutoreset],
//              threads) -> -1 stepped, -2 JavaScript must step this batch, i >= 0 action i is invalid
Napi::Value CartPoleStep(const Napi::CallbackInfo& info) {
  const int64_t n = info[1].As<Napi::TypedArray>().ElementLength();
  palestra::CartPoleBatch batch{n,
                                doubles(info[0], 4 * n, "state"),
                                ints(info[1], n, "actions"),
                                floats(info[2], 4 * n, "observations"),
                                doubles(info[3], n, "rewards"),
                                bytes(info[4], n, "terminations"),
                                bytes(info[5], n, "truncations"),
                                ints(info[6], n, "elapsedSteps"),
                                bytes(info[7], n, "terminatedBefore"),
                                bytes(info[8], n, "needsReset"),
                                ints(info[9], 4 * n, "rngWords")};
  auto rules_array = info[10].As<Napi::Array>();
  auto at = [&](uint32_t i) { return rules_array.Get(i).As<Napi::Number>().DoubleValue(); };
  const double limit = at(0);
  const palestra::CartPoleRules rules{limit > 0 && limit < INT32_MAX ? static_cast<int32_t>(limit) : INT32_MAX, at(1), at(2),
                                      at(3), at(4) != 0};
  const int threads = info[11].As<Napi::Number>().Int32Value();
  return Napi::Number::New(info.Env(), static_cast<double>(palestra::cartpole_step(batch, rules, threads)));
}

// smallAngleSinCos(x, sinOut, cosOut): the C++ sin and cos for |x| <= pi/4 (NaN outside), so the
// tests can hold them against Math.sin and Math.cos bit for bit.
Napi::Value SmallAngleSinCos(const Napi::CallbackInfo& info) {
  const int64_t n = info[0].As<Napi::TypedArray>().ElementLength();
  const double* x = doubles(info[0], n, "x");
  double* sin_out = doubles(info[1], n, "sinOut");
  double* cos_out = doubles(info[2], n, "cosOut");
  for (int64_t i = 0; i < n; ++i) {
    const bool ok = palestra::in_small_angle_range(x[i]);
    sin_out[i] = ok ? palestra::small_angle_sin(x[i]) : NAN;
    cos_out[i] = ok ? palestra::small_angle_cos(x[i]) : NAN;
  }
  return info.Env().Undefined();
}

}  // namespace

void register_env_kernels(Napi::Env env, Napi::Object exports) {
  exports.Set("cartPoleStep", Napi::Function::New(env, CartPoleStep));
  exports.Set("smallAngleSinCos", Napi::Function::New(env, SmallAngleSinCos));
}
