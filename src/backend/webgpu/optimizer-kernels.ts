/**
 * The fused optimiser updates (PalestraAdam, PalestraCenteredRMSProp) as WebGPU compute shaders.
 * tfjs's unfused Adam spends about a dozen dispatches per variable; here a variable costs three
 * (new value, new first moment, new second moment: runWebGPUProgram writes one output per
 * dispatch), with the same arithmetic in the same order as the native kernels and tfjs.
 *
 * Adam's bias corrections (1 - beta^t) are read on the GPU from the optimizer's accBeta
 * variables, so a step needs no readback.
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { webgpu_util } from '@tensorflow/tfjs-backend-webgpu';
import { ADAM_KERNEL_NAME, type AdamKernelAttrs } from '../native/kernels/adam.js';
import { CENTERED_RMSPROP_KERNEL_NAME, type CenteredRmsPropKernelAttrs } from '../native/kernels/centered-rmsprop.js';

type Program = Parameters<WebGPUBackend['runWebGPUProgram']>[0];

/**
 * An elementwise program over flat float32 buffers: `body` assigns `result` from the inputs
 * (named by `variableNames`, indexed by `index`) and the uniforms.
 */
function elementwiseProgram(key: string, size: number, variableNames: string[], uniforms: string, body: string): Program {
  const outputShape = [size];
  const dispatchLayout = webgpu_util.flatDispatchLayout(outputShape);
  const workgroupSize: [number, number, number] = [64, 1, 1];
  return {
    outputShape,
    shaderKey: key,
    variableNames,
    uniforms,
    size: true,
    workgroupSize,
    dispatchLayout,
    dispatch: webgpu_util.computeDispatch(dispatchLayout, outputShape, workgroupSize),
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${body}
          setOutputAtIndex(index, result);
        }
      }`,
  } as unknown as Program;
}

/**
 * One output of a fused update: the inputs its shader reads and how it computes `result`. Each
 * shader binds only what it reads (tfjs builds the bind group layout from the shader's use).
 */
interface OutputShader {
  inputs: string[];
  body: string;
}

/** Adam, in AdamOptimizer's (and native/src/adam.cc's) operation order. */
const ADAM_OUTPUTS: Record<'value' | 'm' | 'v', OutputShader> = {
  value: {
    inputs: ['W', 'M', 'V', 'G', 'B1', 'B2'],
    body: `let m1 = M[index] * uniforms.beta1 + G[index] * (1.0 - uniforms.beta1);
          let v1 = V[index] * uniforms.beta2 + (G[index] * G[index]) * (1.0 - uniforms.beta2);
          let c1 = 1.0 - B1[0];
          let c2 = 1.0 - B2[0];
          let result = ((m1 / c1) / (sqrt(v1 / c2) + uniforms.epsilon)) * (-uniforms.lr) + W[index];`,
  },
  m: { inputs: ['M', 'G'], body: 'let result = M[index] * uniforms.beta1 + G[index] * (1.0 - uniforms.beta1);' },
  v: { inputs: ['V', 'G'], body: 'let result = V[index] * uniforms.beta2 + (G[index] * G[index]) * (1.0 - uniforms.beta2);' },
};

/** Centered RMSprop, in native/src/centered_rmsprop.cc's operation order. */
const CENTERED_RMSPROP_OUTPUTS: Record<'value' | 'meanSquare' | 'meanGradient', OutputShader> = {
  value: {
    inputs: ['W', 'S', 'A', 'G'],
    body: `let ms = S[index] * uniforms.decay + (G[index] * G[index]) * (1.0 - uniforms.decay);
          let mg = A[index] * uniforms.decay + G[index] * (1.0 - uniforms.decay);
          let result = W[index] - (G[index] * uniforms.lr) / sqrt((ms - mg * mg) + uniforms.epsilon);`,
  },
  meanSquare: { inputs: ['S', 'G'], body: 'let result = S[index] * uniforms.decay + (G[index] * G[index]) * (1.0 - uniforms.decay);' },
  meanGradient: { inputs: ['A', 'G'], body: 'let result = A[index] * uniforms.decay + G[index] * (1.0 - uniforms.decay);' },
};

/** Inputs of the webgpu Adam kernel: the native kernel's four plus the accBeta scalars. */
export interface WebGpuAdamInputs {
  value: tf.TensorInfo;
  m: tf.TensorInfo;
  v: tf.TensorInfo;
  gradient: tf.TensorInfo;
  accBeta1: tf.TensorInfo;
  accBeta2: tf.TensorInfo;
}

/** The flat output of a program with the variable's shape (same buffer: the output is ours). */
function reshapeLike(flat: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: flat.dataId, shape, dtype: flat.dtype };
}

const adamConfig: tf.KernelConfig = {
  kernelName: ADAM_KERNEL_NAME,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const gpu = backend as WebGPUBackend;
    const { value, m, v, gradient, accBeta1, accBeta2 } = inputs as unknown as WebGpuAdamInputs;
    if (!accBeta1 || !accBeta2) throw new Error(`${ADAM_KERNEL_NAME} on webgpu needs the accBeta1 and accBeta2 inputs`);
    const a = attrs as unknown as AdamKernelAttrs;
    const size = tf.util.sizeFromShape(value.shape);
    const uniforms = 'lr : f32, beta1 : f32, beta2 : f32, epsilon : f32,';
    const uniformData = [a.learningRate, a.beta1, a.beta2, a.epsilon].map((x) => ({ type: 'float32', data: [x] }));
    const byName: Record<string, tf.TensorInfo> = { W: value, M: m, V: v, G: gradient, B1: accBeta1, B2: accBeta2 };
    return (['value', 'm', 'v'] as const).map((which) => {
      const { inputs: names, body } = ADAM_OUTPUTS[which];
      const program = elementwiseProgram(`palestra_adam_${which}`, size, names, uniforms, body);
      return reshapeLike(gpu.runWebGPUProgram(program, names.map((n) => byName[n]!), 'float32', uniformData), value.shape);
    });
  },
};

const centeredRmsPropConfig: tf.KernelConfig = {
  kernelName: CENTERED_RMSPROP_KERNEL_NAME,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const gpu = backend as WebGPUBackend;
    const { value, meanSquare, meanGradient, gradient } = inputs as Record<'value' | 'meanSquare' | 'meanGradient' | 'gradient', tf.TensorInfo>;
    const a = attrs as unknown as CenteredRmsPropKernelAttrs;
    const size = tf.util.sizeFromShape(value.shape);
    const uniforms = 'lr : f32, decay : f32, epsilon : f32,';
    const uniformData = [a.learningRate, a.decay, a.epsilon].map((x) => ({ type: 'float32', data: [x] }));
    const byName: Record<string, tf.TensorInfo> = { W: value, S: meanSquare, A: meanGradient, G: gradient };
    return (['value', 'meanSquare', 'meanGradient'] as const).map((which) => {
      const { inputs: names, body } = CENTERED_RMSPROP_OUTPUTS[which];
      const program = elementwiseProgram(`palestra_crmsprop_${which}`, size, names, uniforms, body);
      return reshapeLike(gpu.runWebGPUProgram(program, names.map((n) => byName[n]!), 'float32', uniformData), value.shape);
    });
  },
};

/**
 * Registers the fused optimiser kernels for `webgpu` (once).
 *
 * @example registerWebGpuOptimizerKernels(); // then src/nn/adam.ts uses them on webgpu
 */
export function registerWebGpuOptimizerKernels(): void {
  for (const config of [adamConfig, centeredRmsPropConfig]) {
    if (!tf.getKernel(config.kernelName, 'webgpu')) tf.registerKernel(config);
  }
}

