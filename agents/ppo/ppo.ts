/**
 * Proximal Policy Optimization, in the order one iteration runs it:
 * 1. the rollout (`collectRollout`): nSteps vector steps with the current policy;
 * 2. the advantages (`computeAdvantages`, GAE);
 * 3. the update (`PpoAgent.update`): epochs of shuffled minibatches, each one gradient step
 *    (`updateMinibatch`) on the clipped loss (`ppoLosses`).
 * `PpoAgent.learn` is the loop around the three.
 *
 * A2C collects its rollouts and advantages with steps 1 and 2 of this file.
 */
import * as tf from '@tensorflow/tfjs';
import type { Env } from '../../src/core/env.js';
import type { Rng } from '../../src/core/rng.js';
import { actOnHost, ensureBackend } from '../../src/backend/index.js';
import { adam, fusedPpoStep } from '../../src/nn/index.js';
import type { ActOptions, AgentSpaces, LearnOptions } from '../../src/train/agent.js';
import { CallbackRunner } from '../../src/train/callback-runner.js';
import type { BatchArray, VectorEnv } from '../../src/vector/types.js';
import { ActorCritic, type PolicyEvaluation } from '../common/actor-critic.js';
import { BaseAgent } from '../common/base-agent.js';
import { normalizeInPlace } from '../common/normalize.js';
import { RolloutBuffer, type RolloutMinibatch } from '../common/rollout-buffer.js';
import { parseSchedule, type Schedule } from '../common/schedule.js';
import { optimizeStep, setLearningRate } from '../common/tensors.js';
import { VectorStepper } from '../common/vector-stepper.js';
import { resolvePpoConfig, type PpoConfig } from './config.js';

/**
 * The rollout: `buffer.nSteps` vector steps with the current policy, each row's observation,
 * raw action, log-probability, value, reward and end flags recorded. A step whose episode was
 * truncated (a time limit, not a terminal state) gets V(final observation) as its next value, so
 * the advantages bootstrap from it; a terminated one keeps 0. Returns V of the observations the
 * rollout stopped at, which the advantages of its last steps bootstrap from.
 */
export function collectRollout(policy: ActorCritic, stepper: VectorStepper, buffer: RolloutBuffer, runner: CallbackRunner, rng: Rng): Float32Array {
  const n = stepper.numEnvs;
  const obsSize = buffer.observationSize;
  const actionSize = buffer.actionSize;
  const truncatedFinals: { row: number; observation: BatchArray }[] = [];
  for (let t = 0; t < buffer.nSteps; t++) {
    const base = t * n;
    buffer.observations.set(stepper.observations, base * obsSize);
    const step = policy.step(stepper.observations, n, rng);
    buffer.actions.set(step.rawActions, base * actionSize);
    buffer.logProbs.set(step.logProbs, base);
    buffer.values.set(step.values, base);
    const outcome = stepper.step(step.envActions);
    for (let i = 0; i < n; i++) {
      const row = base + i;
      buffer.rewards[row] = outcome.rewards[i]!;
      buffer.terminated[row] = outcome.terminated[i]!;
      buffer.episodeEnded[row] = outcome.terminated[i]! | outcome.truncated[i]!;
      buffer.valid[row] = outcome.valid[i]!;
      buffer.nextValues[row] = 0;
      const final = outcome.finalObservations[i];
      if (final && !outcome.terminated[i]) truncatedFinals.push({ row, observation: final });
    }
    runner.episodes(outcome.episodes);
    runner.step(stepper.stepCount);
  }
  if (truncatedFinals.length > 0) {
    const stacked = new Float32Array(truncatedFinals.length * obsSize);
    truncatedFinals.forEach((f, k) => stacked.set(f.observation, k * obsSize));
    const finalValues = policy.values(stacked, truncatedFinals.length);
    truncatedFinals.forEach((f, k) => (buffer.nextValues[f.row] = finalValues[k]!));
  }
  return policy.values(stepper.observations, n);
}

/**
 * The advantages: first V(s_{t+1}) of every step that did not end its episode (the next row's
 * value, or `lastValues` after the last step), then GAE per sub-env, and the value targets
 * `returns = advantages + values`.
 */
export function computeAdvantages(buffer: RolloutBuffer, lastValues: ArrayLike<number>, gamma: number, lambda: number): void {
  const n = buffer.numEnvs;
  const T = buffer.nSteps;
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < n; i++) {
      const row = t * n + i;
      // Steps that ended an episode keep what the rollout set (V(final observation), or 0).
      if (buffer.episodeEnded[row]) continue;
      buffer.nextValues[row] = t + 1 < T ? buffer.values[row + n]! : lastValues[i]!;
    }
  }
  const column = (source: ArrayLike<number>, i: number) => Float64Array.from({ length: T }, (_, t) => source[t * n + i]!);
  for (let i = 0; i < n; i++) {
    const advantages = computeGae(
      {
        rewards: column(buffer.rewards, i),
        values: column(buffer.values, i),
        nextValues: column(buffer.nextValues, i),
        terminated: column(buffer.terminated, i),
        episodeEnded: column(buffer.episodeEnded, i),
      },
      gamma,
      lambda,
    );
    for (let t = 0; t < T; t++) {
      const row = t * n + i;
      buffer.advantages[row] = advantages[t]!;
      buffer.returns[row] = advantages[t]! + buffer.values[row]!;
    }
  }
}

/** One sub-env's rollout, time along the arrays. */
export interface TrajectorySlice {
  rewards: ArrayLike<number>;
  /** V(s_t) for each step. */
  values: ArrayLike<number>;
  /** V(s_{t+1}): the value of the observation the step produced (its final one when it ended). */
  nextValues: ArrayLike<number>;
  /** 1 where the step reached a terminal state (no bootstrapping). */
  terminated: ArrayLike<number>;
  /** 1 where the episode ended in this step, terminated or truncated (the advantage chain stops). */
  episodeEnded: ArrayLike<number>;
}

/**
 * Generalized Advantage Estimation (Schulman et al. 2016), backwards along one sub-env:
 * `delta_t = r_t + gamma (1 - terminated_t) V(s_{t+1}) - V(s_t)`,
 * `A_t = delta_t + gamma lambda (1 - ended_t) A_{t+1}`.
 * A truncated step bootstraps from its final observation's value; a terminated one does not.
 *
 * @example computeGae({ rewards: [1], values: [0.5], nextValues: [2], terminated: [0], episodeEnded: [1] }, 0.9, 0.95) // [2.3]
 */
export function computeGae(slice: TrajectorySlice, gamma: number, lambda: number): Float64Array {
  const length = slice.rewards.length;
  const advantages = new Float64Array(length);
  let nextAdvantage = 0;
  for (let t = length - 1; t >= 0; t--) {
    const bootstrap = slice.terminated[t] ? 0 : gamma * slice.nextValues[t]!;
    const delta = slice.rewards[t]! + bootstrap - slice.values[t]!;
    const carry = slice.episodeEnded[t] ? 0 : gamma * lambda * nextAdvantage;
    nextAdvantage = delta + carry;
    advantages[t] = nextAdvantage;
  }
  return advantages;
}

/**
 * Proximal Policy Optimization (Schulman et al. 2017), clipped-surrogate variant, as in
 * Stable-Baselines3: GAE, minibatch epochs, optional value clipping, entropy bonus, advantage
 * normalisation, linear schedules for the learning rate and clip range, gradient-norm clipping.
 *
 * @example
 * const agent = new PpoAgent(env, { nSteps: 32, batchSize: 256, learningRate: 'lin_1e-3' });
 * await agent.learn(makeVec('CartPole-v1', 8), { totalSteps: 100_000 });
 */
export class PpoAgent extends BaseAgent<PpoConfig> {
  /** The policy and value networks (Gaussian head with a learned log std for Box actions). */
  readonly policy: ActorCritic;
  protected readonly optimizer: tf.AdamOptimizer;
  private readonly learningRate: Schedule;
  private readonly clipRange: Schedule;

  constructor(spaces: AgentSpaces, config?: Partial<PpoConfig>) {
    const resolved = resolvePpoConfig(config);
    super(spaces, resolved, { name: 'ppo', boxActions: true });
    this.policy = new ActorCritic(this.observation, this.action, resolved, resolved.seed);
    this.learningRate = parseSchedule(resolved.learningRate, this.name, 'learningRate');
    // SB3's Adam epsilon.
    this.optimizer = adam(this.learningRate(0), 0.9, 0.999, 1e-5);
    this.clipRange = parseSchedule(resolved.clipRange, this.name, 'clipRange');
  }

  actBatch(observations: BatchArray, count: number, options: ActOptions = {}): Int32Array | Float32Array {
    return this.policy.step(observations, count, this.rng, { deterministic: options.deterministic ?? false, withValues: false }).envActions;
  }

  /** Rollout, advantages, update; again until `totalSteps` env steps. */
  async learn(env: Env | VectorEnv, options: LearnOptions): Promise<void> {
    const vector = this.prepareEnv(env);
    const stepper = new VectorStepper(vector, this.name, { envName: options.envId, checkObservations: options.checkObservations });
    // PPO reads its update statistics back asynchronously, so it also runs on webgpu.
    await ensureBackend({ convolutional: this.observation.image, batchSize: this.config.batchSize, imagePixels: this.observation.shape[0]! * (this.observation.shape[1] ?? 1) });
    const buffer = new RolloutBuffer({
      nSteps: this.config.nSteps,
      numEnvs: stepper.numEnvs,
      observationSize: this.observation.size,
      actionSize: this.action.kind === 'box' ? this.action.size : 1,
      discrete: this.action.kind === 'discrete',
    });
    const runner = CallbackRunner.create(this.name, this, vector, this.numTimesteps, options.totalSteps, options);
    stepper.reset(this.resetSeed(options));
    stepper.stepCount = this.numTimesteps;
    await runner.start();
    while (this.numTimesteps < options.totalSteps && !runner.stopRequested) {
      // On a GPU backend the rollout runs on the host (one weight readback, not one per step).
      const lastValues = await actOnHost(this.policy.variables(), () => collectRollout(this.policy, stepper, buffer, runner, this.rng));
      this.numTimesteps = stepper.stepCount;
      computeAdvantages(buffer, lastValues, this.config.gamma, this.config.gaeLambda);
      const metrics = await this.update(buffer, Math.min(this.numTimesteps / options.totalSteps, 1));
      await runner.metrics({ ...metrics, explainedVariance: buffer.explainedVariance() });
    }
    await runner.end();
  }

  /**
   * `nEpochs` passes over the rollout in shuffled minibatches of `batchSize` rows, stopping early
   * once an epoch's approximate KL passes 1.5 x `targetKl`; returns the mean statistics.
   */
  private async update(buffer: RolloutBuffer, progress: number): Promise<Record<string, number>> {
    const { nEpochs, batchSize, normalizeAdvantage, targetKl } = this.config;
    const learningRate = this.learningRate(progress);
    const clipRange = this.clipRange(progress);
    setLearningRate(this.optimizer, learningRate);
    const rows = buffer.validRows();
    const sums = { policyLoss: 0, valueLoss: 0, entropy: 0, approxKl: 0, clipFraction: 0, gradNorm: 0 };
    let updates = 0;
    let epochsDone = 0;
    for (let epoch = 0; epoch < nEpochs; epoch++) {
      shuffleInPlace(rows, this.rng);
      const epochStats: tf.Tensor[][] = [];
      for (let start = 0; start < rows.length; start += batchSize) {
        const minibatchRows = rows.subarray(start, Math.min(start + batchSize, rows.length));
        // SB3 normalises per minibatch; a minibatch of one row has no spread to normalise.
        const advantages = Float32Array.from(minibatchRows, (r) => buffer.advantages[r]!);
        if (normalizeAdvantage && advantages.length > 1) normalizeInPlace(advantages);
        const batch = buffer.minibatch(minibatchRows, this.observation, advantages);
        epochStats.push(this.updateMinibatch(batch, clipRange));
        tf.dispose(Object.values(batch));
        updates++;
      }
      // One asynchronous read per epoch keeps the backend from stalling on every minibatch (a
      // GPU queues the whole epoch).
      const read = tf.tidy(() => tf.stack(epochStats.map((stats) => tf.stack(stats.map((t) => t.reshape([]))))));
      const statValues = (await read.data()) as Float32Array;
      read.dispose();
      let epochKl = 0;
      for (const [i, stats] of epochStats.entries()) {
        const [policyLoss, valueLoss, entropy, approxKl, clipFraction, gradNorm] = Array.from(statValues.subarray(i * 6, i * 6 + 6));
        sums.policyLoss += policyLoss!;
        sums.valueLoss += valueLoss!;
        sums.entropy += entropy!;
        sums.approxKl += approxKl!;
        sums.clipFraction += clipFraction!;
        sums.gradNorm += gradNorm!;
        epochKl += approxKl! / epochStats.length;
        tf.dispose(stats);
      }
      epochsDone++;
      if (targetKl !== null && epochKl > 1.5 * targetKl) break;
    }
    const mean = (x: number) => x / Math.max(updates, 1);
    return {
      policyLoss: mean(sums.policyLoss),
      valueLoss: mean(sums.valueLoss),
      entropy: mean(sums.entropy),
      approxKl: mean(sums.approxKl),
      clipFraction: mean(sums.clipFraction),
      gradNorm: mean(sums.gradNorm),
      learningRate,
      clipRange,
      epochs: epochsDone,
      ...(this.policy.logStd ? { std: await meanStd(this.policy.logStd) } : {}),
    };
  }

  /**
   * The gradient step: one Adam step on PPO's loss for one minibatch, gradients clipped to
   * `maxGradNorm`. Returns six scalars the caller reads and disposes: policy loss, value loss,
   * entropy, approximate KL, clip fraction and the gradient norm before clipping.
   */
  private updateMinibatch(batch: RolloutMinibatch, clipRange: number): tf.Tensor[] {
    const { clipRangeVf, entCoef, vfCoef, maxGradNorm } = this.config;
    // On the native backend MLPs and image CNNs take one fused native step (src/nn/fused-ppo.ts), the same maths.
    const fused = fusedPpoStep(this.policy.actor, this.policy.critic, this.policy.logStd);
    const { keep, gradNorm } = fused
      ? fused.step(this.optimizer, batch, { clipRange, clipRangeVf, entCoef, vfCoef }, maxGradNorm)
      : optimizeStep(this.optimizer, this.policy.variables(), maxGradNorm, () => {
          const losses = ppoLosses(this.policy.evaluate(batch.observations, batch.actions), batch, clipRange, clipRangeVf, entCoef, vfCoef);
          return { loss: losses.total, keep: [losses.policyLoss, losses.valueLoss, losses.entropy, losses.approxKl, losses.clipFraction] };
        });
    return [...keep, gradNorm];
  }

  protected async saveNetworks(dir: string): Promise<Record<string, unknown>> {
    return this.policy.save(dir);
  }

  protected async loadNetworks(dir: string, state: Record<string, unknown>): Promise<void> {
    await this.policy.load(dir, state as { logStd?: number[] });
  }

  dispose(): void {
    this.policy.dispose();
    this.optimizer.dispose();
  }
}

/** What the rollout recorded for the minibatch's rows. */
export interface RolloutTargets {
  oldLogProbs: tf.Tensor1D;
  oldValues: tf.Tensor1D;
  advantages: tf.Tensor1D;
  returns: tf.Tensor1D;
}

/** PPO's loss and the statistics logged with it (scalars). */
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

/** Fisher-Yates shuffle with the agent's Rng (minibatch order is part of a seeded run). */
function shuffleInPlace(values: Int32Array, rng: Rng): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.integer(0, i + 1);
    const swap = values[i]!;
    values[i] = values[j]!;
    values[j] = swap;
  }
}

/** The mean standard deviation of a Gaussian policy, for the logs. */
async function meanStd(logStd: tf.Variable): Promise<number> {
  const values = Array.from((await logStd.data()) as Float32Array);
  return values.reduce((sum, v) => sum + Math.exp(v), 0) / values.length;
}
