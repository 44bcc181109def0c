import * as tf from '@tensorflow/tfjs';
import type { Env } from '../../src/core/env.js';
import { actOnHost, ensureBackend } from '../../src/backend/index.js';
import { CallbackRunner } from '../../src/train/callback-runner.js';
import type { BatchArray, VectorEnv } from '../../src/vector/types.js';
import { ActorCritic, type PolicyNetworkConfig } from './actor-critic.js';
import type { ActOptions, AgentSpaces, LearnOptions } from './agent.js';
import { BaseAgent, type CommonConfig } from './base-agent.js';
import { RolloutBuffer } from './rollout-buffer.js';
import type { ObservationLayout } from './space-layout.js';
import { observationTensor } from './tensors.js';
import { parseSchedule, type Schedule, type ScheduleSpec } from './schedule.js';
import { VectorStepper } from './vector-stepper.js';

/** Settings of every rollout-based policy-gradient agent (A2C, PPO). */
export interface OnPolicyConfig extends CommonConfig, PolicyNetworkConfig {
  /** Vector steps per rollout (the batch has nSteps * numEnvs transitions). */
  nSteps: number;
  gamma: number;
  /** GAE lambda: 1 gives Monte Carlo advantages, 0 one-step TD. */
  gaeLambda: number;
  learningRate: ScheduleSpec;
  entCoef: number;
  vfCoef: number;
  /** Clip the gradients' global norm to this (0: no clipping). */
  maxGradNorm: number;
  normalizeAdvantage: boolean;
}

/**
 * Collects rollouts from a vector env with an ActorCritic and hands them to `update()`.
 * Truncated episodes bootstrap from the value of their final observation; terminated ones do not.
 *
 * @example class PpoAgent extends OnPolicyAgent<PpoConfig> { protected update(buffer, progress) { ... } }
 */
export abstract class OnPolicyAgent<C extends OnPolicyConfig> extends BaseAgent<C> {
  readonly policy: ActorCritic;
  protected readonly learningRate: Schedule;

  constructor(spaces: AgentSpaces, config: C, agentName: string) {
    super(spaces, config, agentName, true);
    this.policy = new ActorCritic(this.observation, this.action, config, config.seed);
    this.learningRate = parseSchedule(config.learningRate, agentName, 'learningRate');
  }

  /** One optimisation phase on a filled rollout; returns the scalars to log. */
  protected abstract update(buffer: RolloutBuffer, progress: number): Record<string, number> | Promise<Record<string, number>>;

  actBatch(observations: BatchArray, count: number, options: ActOptions = {}): Int32Array | Float32Array {
    return this.policy.step(observations, count, this.rng, options.deterministic ?? false, false).envActions;
  }

  async learn(env: Env | VectorEnv, options: LearnOptions): Promise<void> {
    const vector = this.prepareEnv(env);
    const stepper = new VectorStepper(vector, this.name, { envName: options.envId, checkObservations: options.checkObservations });
    const minibatch = (this.config as { batchSize?: number }).batchSize ?? this.config.nSteps * stepper.numEnvs;
    await ensureBackend({
      convolutional: this.observation.image,
      batchSize: minibatch,
      imagePixels: this.observation.shape[0]! * (this.observation.shape[1] ?? 1),
      // PPO reads its update statistics back asynchronously; A2C still reads synchronously.
      ...(this.name === 'ppo' ? {} : { notOnWebGpu: `${this.name} reads its losses back synchronously, which webgpu in Node cannot` }),
    });
    const buffer = new RolloutBuffer(this.config.nSteps, stepper.numEnvs, this.observation.size, this.action.kind === 'box' ? this.action.size : 1, this.action.kind === 'discrete');
    const runner = CallbackRunner.create(this.name, this, vector, this.numTimesteps, options.totalSteps, options);
    stepper.reset(this.resetSeed(options));
    stepper.stepCount = this.numTimesteps;
    await runner.start();
    while (this.numTimesteps < options.totalSteps && !runner.stopRequested) {
      // On a GPU backend the rollout runs on the host (one weight readback, not one per step).
      await actOnHost(this.policy.variables(), () => this.collectRollout(stepper, buffer, runner));
      this.numTimesteps = stepper.stepCount;
      const progress = Math.min(this.numTimesteps / options.totalSteps, 1);
      const metrics = await this.update(buffer, progress);
      await runner.metrics({ ...metrics, ...rolloutMetrics(buffer) });
    }
    await runner.end();
  }

  private collectRollout(stepper: VectorStepper, buffer: RolloutBuffer, runner: CallbackRunner): void {
    const n = stepper.numEnvs;
    const obsSize = this.observation.size;
    const actionSize = buffer.actionSize;
    const truncatedFinals: { row: number; observation: BatchArray }[] = [];
    for (let t = 0; t < buffer.nSteps; t++) {
      const base = t * n;
      buffer.observations.set(stepper.observations, base * obsSize);
      const step = this.policy.step(stepper.observations, n, this.rng, false);
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
      // A time limit is not a terminal state: bootstrap from V(final observation).
      const stacked = new Float32Array(truncatedFinals.length * obsSize);
      truncatedFinals.forEach((f, k) => stacked.set(f.observation, k * obsSize));
      const finalValues = this.policy.values(stacked, truncatedFinals.length);
      truncatedFinals.forEach((f, k) => (buffer.nextValues[f.row] = finalValues[k]!));
    }
    buffer.linkNextValues(this.policy.values(stepper.observations, n));
    buffer.computeAdvantages(this.config.gamma, this.config.gaeLambda);
  }

  protected async saveNetworks(dir: string): Promise<Record<string, unknown>> {
    return this.policy.save(dir);
  }

  protected async loadNetworks(dir: string, state: Record<string, unknown>): Promise<void> {
    await this.policy.load(dir, state as { logStd?: number[] });
  }

  dispose(): void {
    this.policy.dispose();
  }
}

/** Explained variance of the value predictions, a standard PPO/A2C diagnostic. */
function rolloutMetrics(buffer: RolloutBuffer): Record<string, number> {
  const rows = buffer.validRows();
  let meanReturn = 0;
  for (const r of rows) meanReturn += buffer.returns[r]!;
  meanReturn /= Math.max(rows.length, 1);
  let varReturn = 0;
  let varResidual = 0;
  for (const r of rows) {
    varReturn += (buffer.returns[r]! - meanReturn) ** 2;
    varResidual += (buffer.returns[r]! - buffer.values[r]!) ** 2;
  }
  return { explainedVariance: varReturn === 0 ? 0 : 1 - varResidual / varReturn };
}

/** Builds the float32 tensors of a minibatch from buffer rows; `advantages` holds one value per row given. */
export function minibatchTensors(buffer: RolloutBuffer, rows: ArrayLike<number>, layout: ObservationLayout, advantages: Float32Array): {
  observations: tf.Tensor;
  actions: tf.Tensor;
  oldLogProbs: tf.Tensor1D;
  oldValues: tf.Tensor1D;
  advantages: tf.Tensor1D;
  returns: tf.Tensor1D;
} {
  const count = rows.length;
  const obsSize = buffer.observationSize;
  const actionSize = buffer.actionSize;
  const observations = new Float32Array(count * obsSize);
  const discrete = buffer.actions instanceof Int32Array;
  const actions = discrete ? new Int32Array(count) : new Float32Array(count * actionSize);
  const pick = (source: Float32Array) => Float32Array.from({ length: count }, (_, k) => source[rows[k]!]!);
  for (let k = 0; k < count; k++) {
    const row = rows[k]!;
    observations.set(buffer.observations.subarray(row * obsSize, (row + 1) * obsSize), k * obsSize);
    actions.set(buffer.actions.subarray(row * actionSize, (row + 1) * actionSize), k * actionSize);
  }
  return {
    observations: observationTensor(observations, count, layout),
    actions: discrete ? tf.tensor1d(actions as Int32Array, 'int32') : tf.tensor2d(actions as Float32Array, [count, actionSize]),
    oldLogProbs: tf.tensor1d(pick(buffer.logProbs)),
    oldValues: tf.tensor1d(pick(buffer.values)),
    advantages: tf.tensor1d(advantages),
    returns: tf.tensor1d(pick(buffer.returns)),
  };
}
