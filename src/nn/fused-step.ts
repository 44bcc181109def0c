/**
 * Hands gradients computed outside tfjs (fused-td.ts, fused-ppo.ts) to a tfjs optimizer, after
 * global-norm clipping as torch's clip_grad_norm_ does. The optimizer keeps its state as tf
 * variables, so checkpoints, learning-rate schedules and optimizer-state files are unchanged;
 * on the native backend Adam and centered RMSprop update each variable with one native call and
 * no tfjs kernels (their applyGradientArrays), and other optimizers get the gradients as tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeAddonStatus } from '../backend/native/addon.js';

let fusedSteps = 0;

/** How many fused optimisation steps ran in this process (the training profiler counts minibatches with it). */
export function fusedStepCount(): number {
  return fusedSteps;
}

/**
 * Scales `gradients` in place so their global L2 norm is at most `maxNorm` (no clipping when
 * maxNorm is 0 or not finite, as clipByGlobalNorm in agents/common/tensors.ts); returns the norm
 * before clipping.
 */
export function clipGlobalNormInPlace(gradients: readonly Float32Array[], maxNorm: number): number {
  const status = nativeAddonStatus();
  let squares = 0;
  if (status.available && typeof status.addon.sumOfSquares === 'function') {
    squares = status.addon.sumOfSquares(gradients as Float32Array[]);
  } else {
    for (const gradient of gradients) for (let i = 0; i < gradient.length; i++) squares += gradient[i]! * gradient[i]!;
  }
  const norm = Math.sqrt(squares);
  if (Number.isFinite(maxNorm) && maxNorm > 0) {
    const scale = Math.fround(Math.min(1, maxNorm / (norm + 1e-6)));
    if (scale < 1) for (const gradient of gradients) for (let i = 0; i < gradient.length; i++) gradient[i]! *= scale;
  }
  return norm;
}

/** An optimizer that takes gradients as plain arrays (Palestra's Adam and centered RMSprop). */
interface ArrayOptimizer {
  applyGradientArrays(variables: readonly tf.Variable[], gradients: readonly Float32Array[]): boolean;
}

/**
 * Whether `optimizer` takes gradient arrays. Not `instanceof`: tfjs's Optimizer answers
 * instanceof for any object with minimize/computeGradients/applyGradients, so every optimizer would pass.
 */
function takesGradientArrays(optimizer: tf.Optimizer): optimizer is tf.Optimizer & ArrayOptimizer {
  return typeof (optimizer as Partial<ArrayOptimizer>).applyGradientArrays === 'function';
}

/**
 * Clips and applies `gradients` (one array per variable, same order) with `optimizer`; returns
 * the gradient norm before clipping.
 *
 * @example const norm = applyFusedGradients(optimizer, fused.variables, gradients, 0.5);
 */
export function applyFusedGradients(optimizer: tf.Optimizer, variables: readonly tf.Variable[], gradients: readonly Float32Array[], maxGradNorm: number): number {
  if (gradients.length !== variables.length) {
    throw new Error(`applyFusedGradients: ${gradients.length} gradients for ${variables.length} variables`);
  }
  const norm = clipGlobalNormInPlace(gradients, maxGradNorm);
  fusedSteps++;
  if (takesGradientArrays(optimizer) && optimizer.applyGradientArrays(variables, gradients)) return norm;
  const named: tf.NamedTensorMap = {};
  variables.forEach((variable, i) => {
    named[variable.name] = tf.tensor(gradients[i]!, variable.shape, 'float32');
  });
  optimizer.applyGradients(named);
  tf.dispose(Object.values(named));
  return norm;
}
