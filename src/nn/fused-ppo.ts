/**
 * PPO's loss and its gradient on fused networks (an actor and a critic, each an MLP or a CNN with
 * its own convolutions, as agents/common/actor-critic.ts builds them): the two forward passes, the
 * clipped surrogate, the value loss (optionally clipped around the old values), the entropy
 * bonus and the backward passes, in four native calls. Categorical heads (Discrete actions) and
 * diagonal Gaussians with a state-independent log std (Box actions). The arithmetic is the tfjs
 * path's (agents/ppo/ppo.ts's ppoLosses and agents/common/distributions.ts); tests/nn/fused-ppo.test.ts
 * checks losses and gradients against it for every option.
 */
import * as tf from '@tensorflow/tfjs';
import { FusedConvNet } from './fused-cnn.js';
import { FusedMlp, fusedTrainingActive } from './fused-mlp.js';
import type { FusedNetwork } from './fused-network.js';
import { applyFusedGradients } from './fused-step.js';

const LOG_TWO_PI = Math.log(2 * Math.PI);

/** A PPO minibatch as flat arrays; observations already scaled as the networks see them. */
export interface PpoMinibatch {
  count: number;
  /** [count, inputSize] row-major. */
  observations: Float32Array;
  /** Action indices (categorical) or [count, actionSize] raw Gaussian draws. */
  actions: Int32Array | Float32Array;
  oldLogProbs: ArrayLike<number>;
  oldValues: ArrayLike<number>;
  /** Already normalised when the agent normalises them. */
  advantages: ArrayLike<number>;
  returns: ArrayLike<number>;
}

export interface PpoLossOptions {
  clipRange: number;
  /** Clip the value prediction to oldValue +- this; null: no value clipping. */
  clipRangeVf: number | null;
  entCoef: number;
  vfCoef: number;
  /** Gaussian policies: the current log standard deviations (one per action dimension). */
  logStd?: Float32Array;
}

export interface PpoLossStats {
  total: number;
  policyLoss: number;
  valueLoss: number;
  entropy: number;
  approxKl: number;
  clipFraction: number;
}

export interface PpoGradients {
  /** Actor's variables, then the critic's, then (Gaussian) the log std: as ActorCritic.variables(). */
  gradients: Float32Array[];
  stats: PpoLossStats;
}

/** Per-row log-probabilities, entropies and d(log pi)/d(head), d(entropy)/d(head) of a categorical head. */
function categorical(head: Float32Array, actions: Int32Array | Float32Array, count: number, n: number, dLogProb: Float32Array, dEntropy: Float32Array): { logProb: Float64Array; entropy: Float64Array } {
  const logProb = new Float64Array(count);
  const entropy = new Float64Array(count);
  const logP = new Float64Array(n);
  for (let i = 0; i < count; i++) {
    const row = i * n;
    let max = -Infinity;
    for (let j = 0; j < n; j++) max = Math.max(max, head[row + j]!);
    let total = 0;
    for (let j = 0; j < n; j++) total += Math.exp(head[row + j]! - max);
    const logNormalizer = max + Math.log(total);
    let h = 0;
    for (let j = 0; j < n; j++) {
      logP[j] = head[row + j]! - logNormalizer;
      h -= Math.exp(logP[j]!) * logP[j]!;
    }
    const action = actions[i]!;
    logProb[i] = logP[action]!;
    entropy[i] = h;
    for (let j = 0; j < n; j++) {
      const p = Math.exp(logP[j]!);
      dLogProb[row + j] = (j === action ? 1 : 0) - p;
      // dH/dlogit_j = -p_j (log p_j + H)
      dEntropy[row + j] = -p * (logP[j]! + h);
    }
  }
  return { logProb, entropy };
}

/**
 * The PPO loss of `actor` and `critic` on `batch`, and its gradient.
 *
 * @example const { gradients, stats } = fusedPpoGradients(actor, critic, batch, { clipRange: 0.2, clipRangeVf: null, entCoef: 0, vfCoef: 0.5 });
 */
export function fusedPpoGradients(actor: FusedNetwork, critic: FusedNetwork, batch: PpoMinibatch, options: PpoLossOptions): PpoGradients {
  const { count } = batch;
  const width = actor.outputSize;
  const head = actor.forward(batch.observations, count);
  const values = critic.forward(batch.observations, count);
  const gaussian = options.logStd !== undefined;
  // d(log pi)/d(head) per row, and d(mean entropy)/d(head) (zero for a Gaussian: its entropy has no head term).
  const dLogProb = new Float32Array(count * width);
  const dEntropy = new Float32Array(count * width);
  let logProb: Float64Array;
  let entropyMean: number;
  let dLogProbDLogStd: Float64Array | undefined;
  if (!gaussian) {
    const result = categorical(head, batch.actions, count, width, dLogProb, dEntropy);
    logProb = result.logProb;
    entropyMean = result.entropy.reduce((a, b) => a + b, 0) / count;
  } else {
    const logStd = options.logStd!;
    logProb = new Float64Array(count);
    dLogProbDLogStd = new Float64Array(count * width);
    entropyMean = 0;
    for (let j = 0; j < width; j++) entropyMean += logStd[j]! + 0.5 * (1 + LOG_TWO_PI);
    for (let i = 0; i < count; i++) {
      let sum = 0;
      for (let j = 0; j < width; j++) {
        const std = Math.exp(logStd[j]!);
        const z = (batch.actions[i * width + j]! - head[i * width + j]!) / std;
        sum += -0.5 * z * z - (logStd[j]! + 0.5 * LOG_TWO_PI);
        dLogProb[i * width + j] = z / std;
        dLogProbDLogStd[i * width + j] = z * z - 1;
      }
      logProb[i] = sum;
    }
  }

  const { clipRange, clipRangeVf, entCoef, vfCoef } = options;
  const dHead = new Float32Array(count * width);
  const dValues = new Float32Array(count);
  const dLogStd = gaussian ? new Float64Array(width) : undefined;
  let surrogate = 0;
  let valueError = 0;
  let approxKl = 0;
  let clipped = 0;
  for (let i = 0; i < count; i++) {
    const logRatio = logProb[i]! - batch.oldLogProbs[i]!;
    const ratio = Math.exp(logRatio);
    const advantage = batch.advantages[i]!;
    const unclippedTerm = advantage * ratio;
    const clippedRatio = Math.min(Math.max(ratio, 1 - clipRange), 1 + clipRange);
    const clippedTerm = advantage * clippedRatio;
    surrogate += Math.min(unclippedTerm, clippedTerm);
    approxKl += ratio - 1 - logRatio;
    if (Math.abs(ratio - 1) > clipRange) clipped++;
    // tf.minimum sends the gradient to its first argument on ties; the clipped branch only
    // carries a gradient where the ratio is inside the clip range.
    let dRatio = 0;
    if (unclippedTerm <= clippedTerm) dRatio = advantage;
    else if (ratio >= 1 - clipRange && ratio <= 1 + clipRange) dRatio = advantage;
    const dLogP = (-dRatio * ratio) / count;
    for (let j = 0; j < width; j++) {
      dHead[i * width + j] = dLogP * dLogProb[i * width + j]! - (gaussian ? 0 : (entCoef * dEntropy[i * width + j]!) / count);
    }
    if (dLogStd) for (let j = 0; j < width; j++) dLogStd[j]! += dLogP * dLogProbDLogStd![i * width + j]!;

    const value = values[i]!;
    const oldValue = batch.oldValues[i]!;
    let prediction = value;
    let passes = true;
    if (clipRangeVf !== null) {
      const difference = value - oldValue;
      passes = difference >= -clipRangeVf && difference <= clipRangeVf;
      prediction = oldValue + Math.min(Math.max(difference, -clipRangeVf), clipRangeVf);
    }
    const residual = batch.returns[i]! - prediction;
    valueError += residual * residual;
    dValues[i] = passes ? (vfCoef * -2 * residual) / count : 0;
  }
  const policyLoss = -surrogate / count;
  const valueLoss = valueError / count;
  const gradients = [...actor.backward(dHead, count), ...critic.backward(dValues, count)];
  if (dLogStd) gradients.push(Float32Array.from(dLogStd, (d) => d - entCoef));
  return {
    gradients,
    stats: {
      total: policyLoss + vfCoef * valueLoss - entCoef * entropyMean,
      policyLoss,
      valueLoss,
      entropy: entropyMean,
      approxKl: approxKl / count,
      clipFraction: clipped / count,
    },
  };
}

/** The minibatch tensors PPO builds from its rollout (agents/common/rollout-buffer.ts `minibatch()`). */
export interface PpoMinibatchTensors {
  observations: tf.Tensor;
  actions: tf.Tensor;
  oldLogProbs: tf.Tensor1D;
  oldValues: tf.Tensor1D;
  advantages: tf.Tensor1D;
  returns: tf.Tensor1D;
}

/**
 * PPO's whole minibatch step on fused networks: loss, gradient, clipping and the optimizer's update
 * of the actor's, the critic's and the log std's variables. It returns what agents/common's
 * optimizeStep returns for PPO's loss (the loss terms and the gradient norm as scalars), so
 * PPO's statistics code is the same for both paths.
 *
 * @example const fused = fusedPpoStep(policy.actor, policy.critic, policy.logStd); const { keep, gradNorm } = fused.step(optimizer, batch, options, 0.5);
 */
export class FusedPpoStep {
  private readonly variables: tf.Variable[];

  constructor(
    readonly actor: FusedNetwork,
    readonly critic: FusedNetwork,
    readonly logStd: tf.Variable | undefined,
  ) {
    this.variables = [...actor.variables, ...critic.variables, ...(logStd ? [logStd] : [])];
  }

  /**
   * One step on a minibatch given as the tensors PPO builds (read without copying on native).
   * `keep` holds policyLoss, valueLoss, entropy, approxKl, clipFraction.
   */
  step(optimizer: tf.Optimizer, batch: PpoMinibatchTensors, options: Omit<PpoLossOptions, 'logStd'>, maxGradNorm: number): { keep: tf.Scalar[]; gradNorm: tf.Scalar } {
    const count = batch.oldLogProbs.shape[0];
    const minibatch: PpoMinibatch = {
      count,
      observations: batch.observations.dataSync() as Float32Array,
      actions: batch.actions.dataSync() as Int32Array | Float32Array,
      oldLogProbs: batch.oldLogProbs.dataSync(),
      oldValues: batch.oldValues.dataSync(),
      advantages: batch.advantages.dataSync(),
      returns: batch.returns.dataSync(),
    };
    const logStd = this.logStd ? (this.logStd.dataSync() as Float32Array) : undefined;
    const { gradients, stats } = fusedPpoGradients(this.actor, this.critic, minibatch, { ...options, ...(logStd ? { logStd } : {}) });
    const norm = applyFusedGradients(optimizer, this.variables, gradients, maxGradNorm);
    const keep = [stats.policyLoss, stats.valueLoss, stats.entropy, stats.approxKl, stats.clipFraction].map((x) => tf.scalar(x));
    return { keep, gradNorm: tf.scalar(norm) };
  }
}

const ppoSteps = new WeakMap<tf.LayersModel, { critic: tf.LayersModel; logStd: tf.Variable | undefined; step: FusedPpoStep | undefined }>();

/**
 * The fused PPO step for an actor and a critic (and a Gaussian's log std), or undefined when it
 * does not apply now (not the native backend, fused steps turned off, or networks that are neither
 * plain MLPs nor the conv stacks FusedConvNet takes, such as Dict observations' multi-input
 * networks): the caller then takes its tfjs path.
 */
export function fusedPpoStep(actor: tf.LayersModel, critic: tf.LayersModel, logStd?: tf.Variable): FusedPpoStep | undefined {
  if (!fusedTrainingActive()) return undefined;
  let cached = ppoSteps.get(actor);
  if (!cached || cached.critic !== critic || cached.logStd !== logStd) {
    const fusedActor = FusedMlp.of(actor) ?? FusedConvNet.of(actor);
    const fusedCritic = FusedMlp.of(critic) ?? FusedConvNet.of(critic);
    const usable = fusedActor && fusedCritic && fusedCritic.outputSize === 1 && fusedActor.inputSize === fusedCritic.inputSize;
    cached = { critic, logStd, step: usable ? new FusedPpoStep(fusedActor, fusedCritic, logStd) : undefined };
    ppoSteps.set(actor, cached);
  }
  return cached.step;
}
