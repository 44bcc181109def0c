/**
 * The two action distributions of the policy-gradient agents, twice: tensor versions for the
 * losses (log-probability and entropy, differentiable) and plain-number versions for acting
 * (sampling with the agent's seeded Rng, so the same seed gives the same actions on any backend).
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../src/core/rng.js';

const LOG_TWO_PI = Math.log(2 * Math.PI);

/** log pi(a|s) of categorical policies: `logits` [batch, n], `actions` int32 [batch] (0-based). */
export function categoricalLogProb(logits: tf.Tensor2D, actions: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.mul(tf.oneHot(actions, logits.shape[1]), tf.logSoftmax(logits)), -1) as tf.Tensor1D);
}

/** Entropy of each row of categorical logits [batch, n]. */
export function categoricalEntropy(logits: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const logProbs = tf.logSoftmax(logits);
    return tf.neg(tf.sum(tf.mul(tf.exp(logProbs), logProbs), -1)) as tf.Tensor1D;
  });
}

/** log N(u; mean, exp(logStd)) summed over action dimensions: `mean`, `u` [batch, d], `logStd` [d]. */
export function gaussianLogProb(mean: tf.Tensor2D, logStd: tf.Tensor1D, u: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const z = tf.div(tf.sub(u, mean), tf.exp(logStd));
    const perDim = tf.sub(tf.mul(-0.5, tf.square(z)), tf.add(logStd, 0.5 * LOG_TWO_PI));
    return tf.sum(perDim, -1) as tf.Tensor1D;
  });
}

/** Entropy of a diagonal Gaussian (the same for every state, as its log std is state-independent). */
export function gaussianEntropy(logStd: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.add(logStd, 0.5 * (1 + LOG_TWO_PI))) as tf.Scalar);
}

/** How a policy head turns its outputs into an action. */
export interface SampleOptions {
  /** Take the most likely action (argmax, or the Gaussian's mean) instead of sampling; no random draw is used. */
  deterministic: boolean;
}

/**
 * Samples an index from `logits[offset .. offset + n)` (or takes the argmax when deterministic);
 * returns it with its log-probability.
 *
 * @example sampleCategorical(Float32Array.of(0, Math.log(3)), 0, 2, rng, { deterministic: true }) // { action: 1, logProb: log(0.75) }
 */
export function sampleCategorical(logits: ArrayLike<number>, offset: number, n: number, rng: Rng, { deterministic }: SampleOptions): { action: number; logProb: number } {
  let max = -Infinity;
  let argmax = 0;
  for (let j = 0; j < n; j++) {
    if (logits[offset + j]! > max) {
      max = logits[offset + j]!;
      argmax = j;
    }
  }
  let total = 0;
  for (let j = 0; j < n; j++) total += Math.exp(logits[offset + j]! - max);
  const logNormalizer = max + Math.log(total);
  let action = argmax;
  if (!deterministic) {
    let u = rng.random() * total;
    action = n - 1;
    for (let j = 0; j < n; j++) {
      u -= Math.exp(logits[offset + j]! - max);
      if (u < 0) {
        action = j;
        break;
      }
    }
  }
  return { action, logProb: logits[offset + action]! - logNormalizer };
}

/**
 * Draws u ~ N(mean, std) for one action (or u = mean when deterministic) into `out[offset..]`;
 * returns log N(u).
 */
export function sampleGaussian(
  mean: ArrayLike<number>,
  logStd: ArrayLike<number>,
  offset: number,
  size: number,
  rng: Rng,
  { deterministic }: SampleOptions,
  out: Float32Array,
): number {
  let logProb = 0;
  for (let j = 0; j < size; j++) {
    const noise = deterministic ? 0 : rng.normal();
    out[offset + j] = mean[offset + j]! + Math.exp(logStd[j]!) * noise;
    logProb += -0.5 * noise * noise - logStd[j]! - 0.5 * LOG_TWO_PI;
  }
  return logProb;
}

/**
 * Maps an unbounded Gaussian draw u to the action bounds: 'tanh' squashes smoothly,
 * 'clip' cuts at the bounds. The learner keeps u, so the squash never enters the policy ratio.
 *
 * @example squashAction(0, -2, 2, 'tanh') // 0
 */
export function squashAction(u: number, low: number, high: number, mode: 'tanh' | 'clip'): number {
  if (mode === 'clip') return Math.min(Math.max(u, low), high);
  return low + ((Math.tanh(u) + 1) / 2) * (high - low);
}
