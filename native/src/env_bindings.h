// Registers the batched environment kernels (env_bindings.cc) on the addon's exports.
#pragma once

#include <napi.h>

void register_env_kernels(Napi::Env env, Napi::Object exports);
