import * as tf from '@tensorflow/tfjs';
import type { ObservationLayout } from './space-layout.js';

/**
 * A float32 tensor [count, ...shape] of stacked observations, scaled as the layout says
 * (a Dict layout: [count, size], each entry's columns scaled by its own factor).
 */
export function observationTensor(observations: ArrayLike<number>, count: number, layout: ObservationLayout): tf.Tensor {
  return tf.tidy(() => {
    const values = observations instanceof Float32Array ? observations : Float32Array.from(observations);
    const batch = tf.tensor(values, [count, ...layout.shape], 'float32');
    if (layout.entries) {
      if (layout.entries.every((e) => e.scale === 1)) return batch;
      return batch.mul(tf.tensor1d(columnScales(layout)));
    }
    return layout.scale === 1 ? batch : batch.mul(layout.scale);
  });
}

const scaleCache = new WeakMap<ObservationLayout, Float32Array>();

/** Per-column scale factors of a Dict layout (computed once per layout). */
function columnScales(layout: ObservationLayout): Float32Array {
  let scales = scaleCache.get(layout);
  if (!scales) {
    scales = new Float32Array(layout.size);
    for (const entry of layout.entries!) scales.fill(entry.scale, entry.offset, entry.offset + entry.size);
    scaleCache.set(layout, scales);
  }
  return scales;
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
