// 2-D convolution (NHWC input, [filterH, filterW, inC, outC] filter) and its two gradients,
// lowered to the packed gemm. The forward pass packs the im2col matrix straight from the image into
// the gemm's panels (it is never materialised); the filter gradient runs im2col on L2-sized chunks
// of rows; the input gradient computes patch gradients per image and adds them back (col2im).
#pragma once

#include <cstdint>

namespace palestra {

struct ConvGeometry {
  int64_t batch, in_h, in_w, in_c;
  int64_t out_h, out_w, out_c;
  int64_t filter_h, filter_w;
  int64_t stride_h, stride_w;
  int64_t pad_top, pad_left;
  int64_t dilation_h, dilation_w;
};

// out[batch, out_h, out_w, out_c] = conv(x, filter).
void conv2d_forward(const ConvGeometry& g, const float* x, const float* filter, float* out);

// dx[batch, in_h, in_w, in_c] = gradient of the convolution with respect to its input.
void conv2d_backprop_input(const ConvGeometry& g, const float* dy, const float* filter, float* dx);

// dfilter[filter_h, filter_w, in_c, out_c] = gradient with respect to the filter.
void conv2d_backprop_filter(const ConvGeometry& g, const float* x, const float* dy, float* dfilter);

}  // namespace palestra
