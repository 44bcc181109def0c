/**
 * Adam with a fused update on backends that provide one (`native`, `webgpu`): the same maths, state,
 * serialisation and checkpoints as tf.train.adam, but one kernel per variable instead of about a
 * dozen. On every other backend it is exactly tfjs's AdamOptimizer.
 */
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddonStatus } from '../backend/native/addon.js';
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

  /**
   * The same update from gradients held in plain arrays (the fused training steps' output), one
   * native call per variable with no tfjs kernels. Moments and weights are updated in place when
   * no other tensor shares their buffers; a weight buffer shared with a target network (which
   * setWeights does) gets a fresh array instead, so the target keeps its values. `variables` must come in the same order
   * on every call, as the tfjs path's gradients do (the moments are kept by position). Returns
   * false, doing nothing, off the native backend: the caller then applies tensors.
   */
  applyGradientArrays(variables: readonly tf.Variable[], gradients: readonly Float32Array[]): boolean {
    const status = nativeAddonStatus();
    if (tf.getBackend() !== 'native' || !status.available || typeof status.addon.adamInPlace !== 'function') return false;
    const addon = status.addon;
    const state = this as unknown as AdamState;
    const accBeta1 = state.accBeta1.dataSync()[0]!;
    const accBeta2 = state.accBeta2.dataSync()[0]!;
    // tfjs computes 1 - beta^t in float32; Math.fround gives the same correctly rounded value.
    const hyper = [this.learningRate, this.beta1, this.beta2, this.epsilon, Math.fround(1 - accBeta1), Math.fround(1 - accBeta2)];
    tf.tidy(() => {
      variables.forEach((variable, i) => {
        state.accumulatedFirstMoment[i] ??= { originalName: `${variable.name}/m`, variable: tf.tidy(() => tf.zerosLike(variable).variable(false)) };
        state.accumulatedSecondMoment[i] ??= { originalName: `${variable.name}/v`, variable: tf.tidy(() => tf.zerosLike(variable).variable(false)) };
        const m = ownedArray(state.accumulatedFirstMoment[i]!.variable);
        const v = ownedArray(state.accumulatedSecondMoment[i]!.variable);
        const value = variable.dataSync() as Float32Array;
        if (unshared(variable)) {
          addon.adamInPlace(value, m, v, gradients[i]!, value, hyper);
        } else {
          const newValue = new Float32Array(m.length);
          addon.adamInPlace(value, m, v, gradients[i]!, newValue, hyper);
          variable.assign(tf.tensor(newValue, variable.shape, 'float32'));
        }
      });
      // float32 products, as tf.mul computes them; written in place, as the moments are (a new
      // scalar tensor per step and accumulator cost more than the update of a small network).
      ownedArray(state.accBeta1)[0] = Math.fround(accBeta1 * Math.fround(this.beta1));
      ownedArray(state.accBeta2)[0] = Math.fround(accBeta2 * Math.fround(this.beta2));
    });
    this.incrementIterations();
    return true;
  }
}

/** Whether no other tensor shares the variable's buffer (a target network set from it would). */
export function unshared(variable: tf.Variable): boolean {
  return (tf.backend() as MathBackendCPU).data.get(variable.dataId).refCount === 1;
}

/** The host array of a variable that no other tensor shares (copied into a fresh buffer when shared). */
export function ownedArray(variable: tf.Variable): Float32Array {
  if (!unshared(variable)) variable.assign(tf.tensor(Float32Array.from(variable.dataSync() as Float32Array), variable.shape, 'float32'));
  return variable.dataSync() as Float32Array;
}

/**
 * Drop-in for tf.train.adam that uses the native backend's fused update when it is active.
 *
 * @example const optimizer = adam(3e-4); optimizer.minimize(() => loss());
 */
export function adam(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon?: number): FusedAdamOptimizer {
  return new FusedAdamOptimizer(learningRate, beta1, beta2, epsilon);
}
