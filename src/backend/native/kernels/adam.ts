/**
 * PalestraAdam: one kernel for Adam's whole update of a variable (tfjs's AdamOptimizer spends
 * about a dozen elementwise kernels per variable on it). Used by src/nn/adam.ts when the backend
 * has it; other backends run tfjs's own arithmetic.
 */
import type * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from '../addon.js';
import { floatValues } from '../tensor-data.js';

export const ADAM_KERNEL_NAME = 'PalestraAdam';

export interface AdamKernelAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 - beta1^t and 1 - beta2^t: the bias corrections at this step. */
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
}

export function adamKernel(addon: NativeAddon): tf.KernelConfig {
  return {
    kernelName: ADAM_KERNEL_NAME,
    backendName: 'native',
    kernelFunc: (args) => {
      const backend = args.backend as MathBackendCPU;
      const inputs = args.inputs as Record<'value' | 'm' | 'v' | 'gradient', tf.TensorInfo>;
      const a = args.attrs as unknown as AdamKernelAttrs;
      const [value, m, v, gradient] = (['value', 'm', 'v', 'gradient'] as const).map((name) => {
        const values = floatValues(backend, inputs[name]);
        if (!values) throw new Error(`${ADAM_KERNEL_NAME}: input '${name}' must be float32, got ${inputs[name].dtype}`);
        return values;
      }) as [Float32Array, Float32Array, Float32Array, Float32Array];
      const size = value.length;
      const outputs = [new Float32Array(size), new Float32Array(size), new Float32Array(size)] as const;
      const hyper = [a.learningRate, a.beta1, a.beta2, a.epsilon, a.oneMinusAccBeta1, a.oneMinusAccBeta2];
      addon.adam(value, m, v, gradient, outputs[0], outputs[1], outputs[2], hyper);
      const shape = inputs.value.shape;
      return outputs.map((values) => backend.makeTensorInfo(shape, 'float32', values));
    },
  };
}
