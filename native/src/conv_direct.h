// Convolutions with few output channels (the MinAtar network's 16, the Nature CNN's 32 and 64)
// computed straight from the image, without packing it: each patch value is broadcast from the
// NHWC input where it lies and multiplied into a vector of output channels.
//
// Why: the packed gemm copies every patch value into its panel once and then uses it for only
// out_c / vector-width multiply-adds; at 16 output channels that is one, so the copy cost as much
// as the arithmetic (conv.cc's forward ran at 38 GFLOP/s, the dense layers at 110).
//
// Same results, bit for bit: each output sums the same products in the same order as the gemm
// path in conv.cc (one product per patch position, ascending; for the filter gradient, the same
// chunks, 256-row slices and groups), so a model trains identically either way.
#pragma once

#include "conv.h"

namespace palestra {

// Whether the direct kernels take this convolution: every tap inside the image (no padding
// needed), output channels a whole number of vectors (at most 4 for the forward pass, 2 for the
// filter gradient, beyond which the gemm is faster), and for the forward pass a patch no longer
// than one depth slice of the gemm, so that the order of additions is the gemm's.
bool direct_conv_forward_applies(const ConvGeometry& g);
bool direct_conv_filter_applies(const ConvGeometry& g);

// out[batch, out_h, out_w, out_c] = conv(x, filter): conv2d_forward's result.
void direct_conv_forward(const ConvGeometry& g, const float* x, const float* filter, float* out, bool parallel);

// The filter gradient of the output rows [row_begin, row_end), in `slice`-row slices:
// dfilter (+)= sum over those rows of patch(row)^T dy(row). The first slice overwrites dfilter
// unless `accumulate`; every later slice adds its own sum, as the gemm adds its depth slices.
void direct_conv_filter_rows(const ConvGeometry& g, const float* x, const float* dy, int64_t row_begin,
                             int64_t row_end, int64_t slice, float* dfilter, bool accumulate);

}  // namespace palestra
