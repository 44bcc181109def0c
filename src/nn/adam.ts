/**
 * Adam with a fused update on backends that provide one (`native`, `webgpu`): the same maths, state,
 * serialisation and checkpoints as tf.train.adam, but one kernel per variable instead of about a
 * dozen. On every other backend it is exactly tfjs's AdamOptimizer.
 */
import * as tf from '@tensorflow/tfjs';
import { ADAM_KERNEL_NAME, type AdamKernelAttrs } from '../backend/native/kernels/adam.js';

/** AdamOptimizer's private state, which tfjs does not expose to subclasses. */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
}

type VariableGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: VariableGradients): void {
    if (!tf.getKernel(ADAM_KERNEL_NAME, tf.getBackend())) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    // On a GPU the kernel reads the bias corrections from the accBeta variables itself: reading
    // them here would wait for the GPU every step.
    const onGpu = tf.getBackend() === 'webgpu';
    tf.tidy(() => {
      // tfjs computes 1 - beta^t in float32; Math.fround gives the same correctly rounded value.
      const attrs: AdamKernelAttrs = {
        learningRate: this.learningRate,
        beta1: this.beta1,
        beta2: this.beta2,
        epsilon: this.epsilon,
        oneMinusAccBeta1: onGpu ? Number.NaN : Math.fround(1 - state.accBeta1.dataSync()[0]!),
        oneMinusAccBeta2: onGpu ? Number.NaN : Math.fround(1 - state.accBeta2.dataSync()[0]!),
      };
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
        if (gradient == null) return;
        const m = state.accumulatedFirstMoment[i]!.variable;
        const v = state.accumulatedSecondMoment[i]!.variable;
        const [newValue, newM, newV] = tf
          .engine()
          .runKernel(ADAM_KERNEL_NAME, onGpu ? { value, m, v, gradient, accBeta1: state.accBeta1, accBeta2: state.accBeta2 } : { value, m, v, gradient }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        // New tensors, not in-place writes: a variable's buffer may be shared (a target network
        // that was set from this one's weights).
        m.assign(newM!);
        v.assign(newV!);
        value.assign(newValue!);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}

/**
 * Drop-in for tf.train.adam that uses the native backend's fused update when it is active.
 *
 * @example const optimizer = adam(3e-4); optimizer.minimize(() => loss());
 */
export function adam(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon?: number): FusedAdamOptimizer {
  return new FusedAdamOptimizer(learningRate, beta1, beta2, epsilon);
}
