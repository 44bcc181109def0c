/**
 * Sum, Mean, Max and Min over a contiguous block of axes (what bias gradients, losses and
 * Q-value maxima use). Other axis sets go to the cpu kernels, which transpose first.
 */
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from '../addon.js';
import { floatValues, sizeOf } from '../tensor-data.js';
import { cpuKernel } from './fallback.js';

/** Codes of native/src/reduce.h, and the attribute that names each kernel's axes. */
const REDUCTIONS: { kernelName: string; code: number; axisAttr: 'axis' | 'reductionIndices' }[] = [
  { kernelName: tf.Sum, code: 0, axisAttr: 'axis' },
  { kernelName: tf.Max, code: 1, axisAttr: 'reductionIndices' },
  { kernelName: tf.Min, code: 2, axisAttr: 'axis' },
  { kernelName: tf.Mean, code: 3, axisAttr: 'axis' },
];

export interface ReductionPlan {
  outer: number;
  reduced: number;
  inner: number;
  outShape: number[];
}

/**
 * Views `shape` as [outer, reduced, inner] for a reduction over `axes`, or undefined when the axes
 * are not one contiguous block.
 *
 * @example planReduction([32, 8, 8, 16], [0, 1, 2], false) // { outer: 1, reduced: 2048, inner: 16, outShape: [16] }
 */
export function planReduction(shape: readonly number[], axes: readonly number[], keepDims: boolean): ReductionPlan | undefined {
  const sorted = [...new Set(axes)].sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  if (last - first + 1 !== sorted.length) return undefined;
  const outShape = keepDims
    ? shape.map((dim, d) => (d >= first && d <= last ? 1 : dim))
    : shape.filter((_, d) => d < first || d > last);
  return {
    outer: sizeOf(shape.slice(0, first)),
    reduced: sizeOf(shape.slice(first, last + 1)),
    inner: sizeOf(shape.slice(last + 1)),
    outShape,
  };
}

/** Native configs for the reductions. */
export function reductionKernels(addon: NativeAddon): tf.KernelConfig[] {
  return REDUCTIONS.map(({ kernelName, code, axisAttr }) => {
    const fallback = cpuKernel(kernelName);
    return {
      kernelName,
      backendName: 'native',
      kernelFunc: (args) => {
        const backend = args.backend as MathBackendCPU;
        const { x } = args.inputs as { x: tf.TensorInfo };
        const attrs = args.attrs as Record<string, unknown>;
        const xValues = floatValues(backend, x);
        if (!xValues) return fallback(args);
        const axes = tf.util.parseAxisParam(attrs[axisAttr] as number | number[], x.shape);
        const plan = planReduction(x.shape, axes, Boolean(attrs.keepDims));
        if (!plan) return fallback(args);
        const out = new Float32Array(plan.outer * plan.inner);
        addon.reduce(code, xValues, plan.outer, plan.reduced, plan.inner, out);
        return backend.makeTensorInfo(plan.outShape, 'float32', out);
      },
    };
  });
}
