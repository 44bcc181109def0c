/**
 * Elementwise kernels on float32: binary ops with tfjs broadcasting, and unary ops. These are
 * what Adam's update, loss functions and activation gradients are made of; tfjs-cpu runs them
 * as JavaScript loops, and its broadcasting path computes an index per element.
 */
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from '../addon.js';
import { floatValues, sizeOf } from '../tensor-data.js';
import { cpuKernel } from './fallback.js';

/** Op codes of native/src/elementwise.h. */
const BINARY_OPS: Record<string, number> = {
  [tf.Add]: 0,
  [tf.Sub]: 1,
  [tf.Multiply]: 2,
  [tf.RealDiv]: 3,
  [tf.Maximum]: 4,
  [tf.Minimum]: 5,
  [tf.SquaredDifference]: 6,
};

const UNARY_OPS: Record<string, number> = {
  [tf.Relu]: 0,
  [tf.Relu6]: 1,
  [tf.Step]: 2,
  [tf.Sqrt]: 3,
  [tf.Square]: 4,
  [tf.Neg]: 5,
  [tf.Exp]: 6,
  [tf.Log]: 7,
  [tf.Abs]: 8,
  [tf.Sigmoid]: 9,
  [tf.Tanh]: 10,
  [tf.Rsqrt]: 11,
  [tf.Reciprocal]: 12,
  [tf.Elu]: 13,
};

/**
 * Each input's stride along every output dimension, 0 where it is broadcast.
 *
 * @example broadcastStrides([3, 1], [2, 3, 4]) // [0, 1, 0]
 */
export function broadcastStrides(inputShape: readonly number[], outShape: readonly number[]): number[] {
  const offset = outShape.length - inputShape.length;
  const strides = new Array<number>(outShape.length).fill(0);
  let stride = 1;
  for (let d = inputShape.length - 1; d >= 0; d--) {
    if (inputShape[d] !== 1) strides[d + offset] = stride;
    stride *= inputShape[d]!;
  }
  return strides;
}

function binaryKernel(addon: NativeAddon, kernelName: string, code: number): tf.KernelConfig {
  const fallback = cpuKernel(kernelName);
  return {
    kernelName,
    backendName: 'native',
    kernelFunc: (args) => {
      const backend = args.backend as MathBackendCPU;
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const aValues = floatValues(backend, a);
      const bValues = floatValues(backend, b);
      if (!aValues || !bValues) return fallback(args);
      const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
      if (outShape.length > 8) return fallback(args);
      const out = new Float32Array(sizeOf(outShape));
      // Rank 0 is handled as rank 1 of length 1.
      const shape = outShape.length === 0 ? [1] : outShape;
      addon.binary(code, aValues, broadcastStrides(a.shape, shape), bValues, broadcastStrides(b.shape, shape), out, shape);
      return backend.makeTensorInfo(outShape, 'float32', out);
    },
  };
}

function unaryKernel(addon: NativeAddon, kernelName: string, code: number): tf.KernelConfig {
  const fallback = cpuKernel(kernelName);
  return {
    kernelName,
    backendName: 'native',
    kernelFunc: (args) => {
      const backend = args.backend as MathBackendCPU;
      const { x } = args.inputs as { x: tf.TensorInfo };
      const xValues = floatValues(backend, x);
      if (!xValues) return fallback(args);
      const out = new Float32Array(sizeOf(x.shape));
      const alpha = (args.attrs as { alpha?: number } | undefined)?.alpha ?? 0;
      addon.unary(code, xValues, out, alpha);
      return backend.makeTensorInfo(x.shape, 'float32', out);
    },
  };
}

/** Native configs for every elementwise kernel above. */
export function elementwiseKernels(addon: NativeAddon): tf.KernelConfig[] {
  return [
    ...Object.entries(BINARY_OPS).map(([name, code]) => binaryKernel(addon, name, code)),
    ...Object.entries(UNARY_OPS).map(([name, code]) => unaryKernel(addon, name, code)),
  ];
}
