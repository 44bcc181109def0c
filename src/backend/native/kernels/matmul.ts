/**
 * BatchMatMul and _FusedMatMul on the native gemm. Shapes and broadcasting follow the cpu
 * kernel exactly: inputs are viewed as [batch, rows, cols] and the smaller batch repeats.
 */
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from '../addon.js';
import { floatValues, sizeOf } from '../tensor-data.js';
import { activationCode } from './activation.js';
import { cpuKernel } from './fallback.js';

interface MatMulPlan {
  outShape: number[];
  batchA: number;
  batchB: number;
  m: number;
  n: number;
  k: number;
}

/** Output shape and gemm sizes of a (batched) matmul; throws tfjs's own message on mismatched inner sizes. */
export function planMatMul(aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean): MatMulPlan {
  const innerA = transposeA ? aShape[aShape.length - 2]! : aShape[aShape.length - 1]!;
  const innerB = transposeB ? bShape[bShape.length - 1]! : bShape[bShape.length - 2]!;
  const m = transposeA ? aShape[aShape.length - 1]! : aShape[aShape.length - 2]!;
  const n = transposeB ? bShape[bShape.length - 2]! : bShape[bShape.length - 1]!;
  if (innerA !== innerB) {
    throw new Error(
      `Error in matMul: inner shapes (${innerA}) and (${innerB}) of Tensors with shapes ` +
        `${aShape} and ${bShape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
  }
  const outer = tf.backend_util.assertAndGetBroadcastShape(aShape.slice(0, -2), bShape.slice(0, -2));
  return { outShape: [...outer, m, n], batchA: sizeOf(aShape.slice(0, -2)), batchB: sizeOf(bShape.slice(0, -2)), m, n, k: innerA };
}

function runMatMul(addon: NativeAddon, a: Float32Array, b: Float32Array, plan: MatMulPlan, transposeA: boolean, transposeB: boolean): Float32Array {
  const out = new Float32Array(sizeOf(plan.outShape));
  addon.matmul(a, b, out, plan.batchA, plan.batchB, plan.m, plan.n, plan.k, transposeA, transposeB);
  return out;
}

export function batchMatMulKernel(addon: NativeAddon): tf.KernelConfig {
  const fallback = cpuKernel(tf.BatchMatMul);
  return {
    kernelName: tf.BatchMatMul,
    backendName: 'native',
    kernelFunc: (args) => {
      const backend = args.backend as MathBackendCPU;
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
      const aValues = floatValues(backend, a);
      const bValues = floatValues(backend, b);
      if (!aValues || !bValues) return fallback(args);
      const plan = planMatMul(a.shape, b.shape, transposeA, transposeB);
      return backend.makeTensorInfo(plan.outShape, 'float32', runMatMul(addon, aValues, bValues, plan, transposeA, transposeB));
    },
  };
}

export function fusedMatMulKernel(addon: NativeAddon): tf.KernelConfig {
  const fallback = cpuKernel(tf._FusedMatMul);
  return {
    kernelName: tf._FusedMatMul,
    backendName: 'native',
    kernelFunc: (args) => {
      const backend = args.backend as MathBackendCPU;
      const { a, b, bias } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo; bias?: tf.TensorInfo };
      const { transposeA, transposeB, activation, leakyreluAlpha } = args.attrs as unknown as tf._FusedMatMulAttrs;
      const aValues = floatValues(backend, a);
      const bValues = floatValues(backend, b);
      const code = activationCode(activation);
      const biasValues = bias ? floatValues(backend, bias) : null;
      if (!aValues || !bValues || code === undefined || biasValues === undefined) return fallback(args);
      const plan = planMatMul(a.shape, b.shape, transposeA, transposeB);
      // The epilogue adds a bias along the last axis; other broadcasts go to the cpu kernel.
      if (bias && (sizeOf(bias.shape) !== plan.n || bias.shape[bias.shape.length - 1] !== plan.n)) return fallback(args);
      const out = runMatMul(addon, aValues, bValues, plan, transposeA, transposeB);
      if (out.length > 0) addon.biasActivation(out, out.length / plan.n, plan.n, biasValues, code, leakyreluAlpha ?? 0.2);
      return backend.makeTensorInfo(plan.outShape, 'float32', out);
    },
  };
}
