import * as tf from '@tensorflow/tfjs';

/** What the policy says about a minibatch now (differentiable). */
export interface PolicyEvaluation {
  logProb: tf.Tensor1D;
  /** Per-row entropy, or a scalar for state-independent Gaussians. */
  entropy: tf.Tensor;
  values: tf.Tensor1D;
}

/** What the rollout recorded for the same rows. */
export interface RolloutTargets {
  oldLogProbs: tf.Tensor1D;
  oldValues: tf.Tensor1D;
  advantages: tf.Tensor1D;
  returns: tf.Tensor1D;
}

export interface PpoLossTerms {
  total: tf.Scalar;
  policyLoss: tf.Scalar;
  valueLoss: tf.Scalar;
  entropy: tf.Scalar;
  /** SB3's estimator mean((r - 1) - log r), always >= 0. */
  approxKl: tf.Scalar;
  /** Share of rows whose ratio left [1 - clip, 1 + clip]. */
  clipFraction: tf.Scalar;
}

/**
 * PPO's loss: clipped surrogate `-mean(min(r A, clip(r, 1 - e, 1 + e) A))`, plus `vfCoef` times the
 * value error (clipped around the old values when `clipRangeVf` is set), minus `entCoef` times the entropy.
 *
 * @example const terms = ppoLosses(policy.evaluate(obs, actions), batch, 0.2, null, 0, 0.5);
 */
export function ppoLosses(now: PolicyEvaluation, recorded: RolloutTargets, clipRange: number, clipRangeVf: number | null, entCoef: number, vfCoef: number): PpoLossTerms {
  const logRatio = tf.sub(now.logProb, recorded.oldLogProbs);
  const ratio = tf.exp(logRatio);
  const unclipped = tf.mul(recorded.advantages, ratio);
  const clipped = tf.mul(recorded.advantages, tf.clipByValue(ratio, 1 - clipRange, 1 + clipRange));
  const policyLoss = tf.neg(tf.mean(tf.minimum(unclipped, clipped))) as tf.Scalar;

  const valuePrediction =
    clipRangeVf === null ? now.values : tf.add(recorded.oldValues, tf.clipByValue(tf.sub(now.values, recorded.oldValues), -clipRangeVf, clipRangeVf));
  const valueLoss = tf.mean(tf.square(tf.sub(recorded.returns, valuePrediction))) as tf.Scalar;

  const entropy = tf.mean(now.entropy) as tf.Scalar;
  const total = tf.addN([policyLoss, tf.mul(vfCoef, valueLoss), tf.mul(-entCoef, entropy)]) as tf.Scalar;
  const approxKl = tf.mean(tf.sub(tf.sub(ratio, 1), logRatio)) as tf.Scalar;
  const clipFraction = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), clipRange), 'float32')) as tf.Scalar;
  return { total, policyLoss, valueLoss, entropy, approxKl, clipFraction };
}
