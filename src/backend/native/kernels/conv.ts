/**
 * Conv2D, FusedConv2D and the two convolution gradients on the native im2col + gemm kernels.
 * NHWC only (what tfjs-layers uses); NCHW and non-float inputs go to the cpu kernels.
 */
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { ConvGeometryArray, NativeAddon } from '../addon.js';
import { floatValues, sizeOf } from '../tensor-data.js';
import { activationCode } from './activation.js';
import { cpuKernel } from './fallback.js';

type ConvInfo = tf.backend_util.Conv2DInfo;

/** ConvGeometry (native/src/conv.h) of a tfjs Conv2DInfo. */
export function geometryOf(info: ConvInfo): ConvGeometryArray {
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth,
    info.strideHeight, info.strideWidth,
    info.padInfo.top, info.padInfo.left,
    info.dilationHeight, info.dilationWidth,
  ];
}

function convInfo(
  xShape: number[], filterShape: number[], attrs: { strides: number | [number, number]; pad: unknown; dimRoundingMode?: string },
  dilations: number | [number, number], dataFormat: 'NHWC' | 'NCHW',
): ConvInfo | undefined {
  if (dataFormat !== 'NHWC') return undefined;
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    dilations,
    attrs.pad as 'same',
    attrs.dimRoundingMode as 'floor' | undefined,
    false,
    'channelsLast',
  );
}

function outShapeOf(info: ConvInfo): number[] {
  return [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
}

export function conv2dKernel(addon: NativeAddon): tf.KernelConfig {
  const fallback = cpuKernel(tf.Conv2D);
  return {
    kernelName: tf.Conv2D,
    backendName: 'native',
    kernelFunc: (args) => {
      const backend = args.backend as MathBackendCPU;
      const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
      const attrs = args.attrs as unknown as tf.Conv2DAttrs;
      const xValues = floatValues(backend, x);
      const filterValues = floatValues(backend, filter);
      const info = convInfo(x.shape, filter.shape, attrs, attrs.dilations, attrs.dataFormat);
      if (!xValues || !filterValues || !info) return fallback(args);
      const out = new Float32Array(sizeOf(outShapeOf(info)));
      addon.conv2d(geometryOf(info), xValues, filterValues, out);
      return backend.makeTensorInfo(outShapeOf(info), 'float32', out);
    },
  };
}

export function fusedConv2dKernel(addon: NativeAddon): tf.KernelConfig {
  const fallback = cpuKernel(tf.FusedConv2D);
  return {
    kernelName: tf.FusedConv2D,
    backendName: 'native',
    kernelFunc: (args) => {
      const backend = args.backend as MathBackendCPU;
      const { x, filter, bias } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo };
      const attrs = args.attrs as unknown as tf.FusedConv2DAttrs;
      const xValues = floatValues(backend, x);
      const filterValues = floatValues(backend, filter);
      const biasValues = bias ? floatValues(backend, bias) : null;
      const code = activationCode(attrs.activation);
      const info = convInfo(x.shape, filter.shape, attrs, attrs.dilations, attrs.dataFormat);
      if (!xValues || !filterValues || biasValues === undefined || code === undefined || !info) return fallback(args);
      const channels = info.outChannels;
      if (bias && (sizeOf(bias.shape) !== channels || bias.shape[bias.shape.length - 1] !== channels)) return fallback(args);
      const out = new Float32Array(sizeOf(outShapeOf(info)));
      addon.conv2d(geometryOf(info), xValues, filterValues, out);
      if (out.length > 0) addon.biasActivation(out, out.length / channels, channels, biasValues, code, attrs.leakyreluAlpha ?? 0.2);
      return backend.makeTensorInfo(outShapeOf(info), 'float32', out);
    },
  };
}

export function conv2dBackpropInputKernel(addon: NativeAddon): tf.KernelConfig {
  const fallback = cpuKernel(tf.Conv2DBackpropInput);
  return {
    kernelName: tf.Conv2DBackpropInput,
    backendName: 'native',
    kernelFunc: (args) => {
      const backend = args.backend as MathBackendCPU;
      const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
      const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
      const dyValues = floatValues(backend, dy);
      const filterValues = floatValues(backend, filter);
      const info = convInfo(attrs.inputShape, filter.shape, attrs, 1, attrs.dataFormat);
      if (!dyValues || !filterValues || !info) return fallback(args);
      const dx = new Float32Array(sizeOf(attrs.inputShape));
      addon.conv2dBackpropInput(geometryOf(info), dyValues, filterValues, dx);
      return backend.makeTensorInfo(attrs.inputShape, 'float32', dx);
    },
  };
}

export function conv2dBackpropFilterKernel(addon: NativeAddon): tf.KernelConfig {
  const fallback = cpuKernel(tf.Conv2DBackpropFilter);
  return {
    kernelName: tf.Conv2DBackpropFilter,
    backendName: 'native',
    kernelFunc: (args) => {
      const backend = args.backend as MathBackendCPU;
      const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
      const xValues = floatValues(backend, x);
      const dyValues = floatValues(backend, dy);
      const info = convInfo(x.shape, attrs.filterShape, attrs, 1, attrs.dataFormat);
      if (!xValues || !dyValues || !info) return fallback(args);
      const dfilter = new Float32Array(sizeOf(attrs.filterShape));
      addon.conv2dBackpropFilter(geometryOf(info), xValues, dyValues, dfilter);
      return backend.makeTensorInfo(attrs.filterShape, 'float32', dfilter);
    },
  };
}
