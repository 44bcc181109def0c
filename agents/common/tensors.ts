import * as tf from '@tensorflow/tfjs';
import type { ObservationLayout } from './space-layout.js';

/**
 * A float32 tensor of stacked observations, scaled as the layout says: [count, ...shape], or for
 * a Dict layout a 1-D tensor holding the entries one after the other (every observation's first
 * entry, then every observation's second...), which `networkForward` cuts into the network's
 * inputs with contiguous slices (slicing columns out of a [count, size] matrix cost the native
 * backend 250 ms for 16 depth images).
 */
export function observationTensor(observations: ArrayLike<number>, count: number, layout: ObservationLayout): tf.Tensor {
  if (layout.entries) return tf.tensor1d(entryMajor(observations, count, layout), 'float32');
  return tf.tidy(() => {
    const values = observations instanceof Float32Array ? observations : Float32Array.from(observations);
    const batch = tf.tensor(values, [count, ...layout.shape], 'float32');
    return layout.scale === 1 ? batch : batch.mul(layout.scale);
  });
}

/** Rearranges `count` flat Dict observations entry by entry, each entry scaled by its factor. */
function entryMajor(observations: ArrayLike<number>, count: number, layout: ObservationLayout): Float32Array {
  const out = new Float32Array(count * layout.size);
  const source = observations as Float32Array;
  let at = 0;
  for (const entry of layout.entries!) {
    for (let i = 0; i < count; i++) {
      const from = i * layout.size + entry.offset;
      if (entry.scale === 1 && typeof source.subarray === 'function') {
        out.set(source.subarray(from, from + entry.size), at);
      } else {
        for (let j = 0; j < entry.size; j++) out[at + j] = observations[from + j]! * entry.scale;
      }
      at += entry.size;
    }
  }
  return out;
}

/** The trainable variables of some models, for `tf.variableGrads`. */
export function trainableVariables(models: readonly tf.LayersModel[]): tf.Variable[] {
  return models.flatMap((model) => model.trainableWeights.map((weight) => weight.read() as tf.Variable));
}

/**
 * Scales gradients so their global L2 norm is at most `maxNorm` (as torch's clip_grad_norm_);
 * returns the clipped gradients and the norm before clipping.
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): { grads: tf.NamedTensorMap; norm: tf.Scalar } {
  return tf.tidy(() => {
    const names = Object.keys(grads);
    const squares = names.map((name) => tf.sum(tf.square(grads[name]!)));
    const norm = tf.sqrt(tf.addN(squares)) as tf.Scalar;
    if (!Number.isFinite(maxNorm) || maxNorm <= 0) return { grads: { ...grads }, norm };
    const scale = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6)));
    const clipped: tf.NamedTensorMap = {};
    for (const name of names) clipped[name] = tf.mul(grads[name]!, scale);
    return { grads: clipped, norm };
  });
}

/**
 * One optimisation step on `loss` over `variables`, with global-norm clipping. Returns the
 * tensors `loss` kept (its auxiliary outputs) plus the gradient norm; the caller disposes them.
 * With `measureNorm: false` and no clipping the norm is not computed (two kernels per variable
 * saved, which DQN's one-update-per-frame loop feels) and `gradNorm` is null.
 */
export function optimizeStep(
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  maxGradNorm: number,
  loss: () => { loss: tf.Scalar; keep: tf.Tensor[] },
): { keep: tf.Tensor[]; gradNorm: tf.Scalar };
export function optimizeStep(
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  maxGradNorm: number,
  loss: () => { loss: tf.Scalar; keep: tf.Tensor[] },
  options: { measureNorm: boolean },
): { keep: tf.Tensor[]; gradNorm: tf.Scalar | null };
export function optimizeStep(
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  maxGradNorm: number,
  loss: () => { loss: tf.Scalar; keep: tf.Tensor[] },
  { measureNorm = true }: { measureNorm?: boolean } = {},
): { keep: tf.Tensor[]; gradNorm: tf.Scalar | null } {
  let keep: tf.Tensor[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const out = loss();
    keep = out.keep.map((t) => tf.keep(t));
    return out.loss;
  }, variables);
  if (!measureNorm && !(maxGradNorm > 0)) {
    optimizer.applyGradients(grads);
    tf.dispose(grads);
    if (!keep.includes(value)) value.dispose();
    return { keep, gradNorm: null };
  }
  const { grads: clipped, norm } = clipByGlobalNorm(grads, maxGradNorm);
  optimizer.applyGradients(clipped);
  tf.dispose([grads, clipped]);
  if (!keep.includes(value)) value.dispose();
  return { keep, gradNorm: norm };
}

/** Changes an optimizer's learning rate between steps (tfjs reads the field on every apply). */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
}
