// The SIMD vector type of the hand-written kernels (gemm.cc, conv_direct.cc): GCC vector
// extensions, which -march=native turns into AVX-512 or AVX2+FMA instructions (SSE or NEON
// elsewhere). Arithmetic on it compiles to fused multiply-adds where the target has them.
#pragma once

#include <cstring>

namespace palestra {

#if defined(__AVX512F__)
constexpr int kVectorWidth = 16;
#else
constexpr int kVectorWidth = 8;
#endif
typedef float Vec __attribute__((vector_size(kVectorWidth * sizeof(float))));

inline Vec load_vec(const float* p) {
  Vec v;
  std::memcpy(&v, p, sizeof(Vec));
  return v;
}
inline void store_vec(float* p, Vec v) { std::memcpy(p, &v, sizeof(Vec)); }

}  // namespace palestra
