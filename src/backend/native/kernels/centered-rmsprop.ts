/**
 * PalestraCenteredRmsProp: one kernel for centered RMSprop's whole update of a variable (the
 * tensor path spends about a dozen elementwise kernels per variable on it, each allocating a
 * variable-sized array). Used by src/nn/centered-rmsprop.ts when the backend has it.
 */
import type * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from '../addon.js';
import { floatValues } from '../tensor-data.js';

export const CENTERED_RMSPROP_KERNEL_NAME = 'PalestraCenteredRmsProp';

export interface CenteredRmsPropKernelAttrs {
  learningRate: number;
  decay: number;
  epsilon: number;
}

export function centeredRmsPropKernel(addon: NativeAddon): tf.KernelConfig {
  return {
    kernelName: CENTERED_RMSPROP_KERNEL_NAME,
    backendName: 'native',
    kernelFunc: (args) => {
      const backend = args.backend as MathBackendCPU;
      const inputs = args.inputs as Record<'value' | 'meanSquare' | 'meanGradient' | 'gradient', tf.TensorInfo>;
      const a = args.attrs as unknown as CenteredRmsPropKernelAttrs;
      const [value, meanSquare, meanGradient, gradient] = (['value', 'meanSquare', 'meanGradient', 'gradient'] as const).map((name) => {
        const values = floatValues(backend, inputs[name]);
        if (!values) throw new Error(`${CENTERED_RMSPROP_KERNEL_NAME}: input '${name}' must be float32, got ${inputs[name].dtype}`);
        return values;
      }) as [Float32Array, Float32Array, Float32Array, Float32Array];
      const size = value.length;
      const outputs = [new Float32Array(size), new Float32Array(size), new Float32Array(size)] as const;
      // tfjs turns `1 - decay` into a float32 scalar; Math.fround rounds it the same way.
      const hyper = [a.learningRate, a.decay, Math.fround(1 - a.decay), a.epsilon];
      addon.centeredRmsProp(value, meanSquare, meanGradient, gradient, outputs[0], outputs[1], outputs[2], hyper);
      const shape = inputs.value.shape;
      return outputs.map((values) => backend.makeTensorInfo(shape, 'float32', values));
    },
  };
}
