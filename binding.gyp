# Builds the native TensorFlow.js kernels (build/Release/palestra_native.node).
# Run by `npm install` through scripts/build-native.mjs, which never fails the install.
# native_arch: the -march value; 'native' tunes for (and only runs on) the building machine,
# which is where an npm install runs. Override: PALESTRA_NATIVE_ARCH=x86-64-v3 npm install.
{
  "variables": {
    "native_arch%": "native"
  },
  "targets": [
    {
      "target_name": "palestra_native",
      "sources": [
        "native/src/adam.cc",
        "native/src/addon.cc",
        "native/src/cartpole.cc",
        "native/src/centered_rmsprop.cc",
        "native/src/conv.cc",
        "native/src/conv_direct.cc",
        "native/src/elementwise.cc",
        "native/src/env_bindings.cc",
        "native/src/epilogue.cc",
        "native/src/gemm.cc",
        "native/src/mlp.cc",
        "native/src/reduce.cc",
        "native/src/thread_pool.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions", "-O2"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-O2"],
      "cflags_cc": ["-std=c++17", "-O3", "-march=<(native_arch)", "-fexceptions", "-fno-math-errno"],
      "ldflags": ["-pthread"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "OTHER_CPLUSPLUSFLAGS": ["-std=c++17", "-O3", "-march=<(native_arch)"]
      },
      "msvs_settings": {
        "VCCLCompilerTool": { "ExceptionHandling": 1, "AdditionalOptions": ["/O2", "/arch:AVX2"] }
      }
    }
  ]
}
