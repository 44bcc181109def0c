/**
 * REINFORCE with a learned baseline, in the order it runs: the loop (`ReinforceAgent.learn`)
 * files each step into its sub-env's open episode (`EpisodeBatch.add`); an episode that ends
 * joins the batch with its Monte Carlo returns (`EpisodeBatch.finish`, `discountedReturns`); a
 * batch of `episodesPerUpdate` episodes makes one gradient step (`update`).
 */
import * as tf from '@tensorflow/tfjs';
import type { Env } from '../../src/core/env.js';
import { adam } from '../../src/nn/index.js';
import type { ActOptions, AgentSpaces, LearnOptions } from '../../src/train/agent.js';
import { CallbackRunner } from '../../src/train/callback-runner.js';
import type { BatchArray, VectorEnv } from '../../src/vector/types.js';
import { ActorCritic } from '../common/actor-critic.js';
import { BaseAgent } from '../common/base-agent.js';
import { normalizeInPlace } from '../common/normalize.js';
import { parseSchedule, type Schedule } from '../common/schedule.js';
import { observationTensor, optimizeStep, setLearningRate } from '../common/tensors.js';
import { VectorStepper } from '../common/vector-stepper.js';
import { resolveReinforceConfig, type ReinforceConfig } from './config.js';

/**
 * REINFORCE with a learned baseline (Williams 1992; Sutton and Barto, section 13.4): after each
 * batch of whole episodes, ascend `mean((G_t - b(s_t)) log pi(a_t|s_t))` and fit b to the
 * Monte Carlo returns G_t.
 *
 * With a vector env, episodes still running at an update continue under the new policy; with a
 * single env every episode is sampled from one policy, as in the textbook.
 *
 * @example
 * const agent = new ReinforceAgent(env, { episodesPerUpdate: 4 });
 * await agent.learn(env, { totalSteps: 50_000 });
 */
export class ReinforceAgent extends BaseAgent<ReinforceConfig> {
  readonly policy: ActorCritic;
  protected readonly optimizer: tf.AdamOptimizer;
  private readonly learningRate: Schedule;

  constructor(spaces: AgentSpaces, config?: Partial<ReinforceConfig>) {
    const resolved = resolveReinforceConfig(config);
    super(spaces, resolved, { name: 'reinforce', boxActions: true });
    this.policy = new ActorCritic(this.observation, this.action, resolved, resolved.seed);
    this.learningRate = parseSchedule(resolved.learningRate, this.name, 'learningRate');
    this.optimizer = adam(this.learningRate(0));
  }

  actBatch(observations: BatchArray, count: number, options: ActOptions = {}): Int32Array | Float32Array {
    return this.policy.step(observations, count, this.rng, { deterministic: options.deterministic ?? false, withValues: false }).envActions;
  }

  async learn(env: Env | VectorEnv, options: LearnOptions): Promise<void> {
    const vector = this.prepareEnv(env);
    const stepper = new VectorStepper(vector, this.name, { envName: options.envId, checkObservations: options.checkObservations });
    const n = stepper.numEnvs;
    const obsSize = this.observation.size;
    const actionSize = this.action.kind === 'box' ? this.action.size : 1;
    const batch = new EpisodeBatch({ numEnvs: n, actionSize });
    const runner = CallbackRunner.create(this.name, this, vector, this.numTimesteps, options.totalSteps, options);
    stepper.reset(this.resetSeed(options));
    stepper.stepCount = this.numTimesteps;
    await runner.start();
    while (this.numTimesteps < options.totalSteps && !runner.stopRequested) {
      const observations = Float32Array.from(stepper.observations);
      const step = this.policy.step(observations, n, this.rng, { withValues: false });
      const outcome = stepper.step(step.envActions);
      for (let i = 0; i < n; i++) {
        if (!outcome.valid[i]) continue;
        batch.add(i, observations.slice(i * obsSize, (i + 1) * obsSize), step.rawActions.subarray(i * actionSize, (i + 1) * actionSize), outcome.rewards[i]!);
        const final = outcome.finalObservations[i];
        if (!final) continue;
        // A time limit is not a terminal state: a truncated episode bootstraps from V(final observation).
        const terminated = outcome.terminated[i] === 1;
        batch.finish(i, { terminated, bootstrapValue: terminated ? 0 : this.policy.values(final, 1)[0]!, gamma: this.config.gamma });
      }
      this.numTimesteps = stepper.stepCount;
      runner.episodes(outcome.episodes);
      runner.step(this.numTimesteps);
      if (batch.episodes >= this.config.episodesPerUpdate) {
        const metrics = this.update(batch, Math.min(this.numTimesteps / options.totalSteps, 1));
        batch.clear();
        await runner.metrics(metrics);
      }
    }
    await runner.end();
  }

  /** The gradient step on a batch of whole episodes: policy gradient with the baseline, and the baseline fitted to the returns. */
  private update(batch: EpisodeBatch, progress: number): Record<string, number> {
    const learningRate = this.learningRate(progress);
    setLearningRate(this.optimizer, learningRate);
    const count = batch.returns.length;
    const stacked = new Float32Array(count * this.observation.size);
    batch.observations.forEach((o, k) => stacked.set(o, k * this.observation.size));
    const baseline = this.policy.values(stacked, count);
    const advantages = Float32Array.from(batch.returns, (g, k) => g - baseline[k]!);
    if (this.config.normalizeAdvantage && count > 1) normalizeInPlace(advantages);
    const { vfCoef, entCoef } = this.config;
    const tensors = tf.tidy(() => ({
      observations: observationTensor(stacked, count, this.observation),
      actions: this.action.kind === 'discrete' ? tf.tensor1d(batch.actions, 'int32') : tf.tensor2d(batch.actions, [count, this.action.size]),
      advantages: tf.tensor1d(advantages),
      returns: tf.tensor1d(batch.returns),
    }));
    const { keep, gradNorm } = optimizeStep(this.optimizer, this.policy.variables(), this.config.maxGradNorm, () => {
      const now = this.policy.evaluate(tensors.observations, tensors.actions);
      const policyLoss = tf.neg(tf.mean(tf.mul(tensors.advantages, now.logProb))) as tf.Scalar;
      const valueLoss = tf.mean(tf.square(tf.sub(tensors.returns, now.values))) as tf.Scalar;
      const entropy = tf.mean(now.entropy) as tf.Scalar;
      return { loss: tf.addN([policyLoss, tf.mul(vfCoef, valueLoss), tf.mul(-entCoef, entropy)]) as tf.Scalar, keep: [policyLoss, valueLoss, entropy] };
    });
    const [policyLoss, valueLoss, entropy, norm] = [...keep, gradNorm].map((t) => t.dataSync()[0]!);
    tf.dispose([...keep, gradNorm, ...Object.values(tensors)]);
    return { policyLoss: policyLoss!, valueLoss: valueLoss!, entropy: entropy!, gradNorm: norm!, learningRate, episodes: batch.episodes };
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

/** One sub-env's episode in progress: what REINFORCE needs to replay it through the policy. */
class Trajectory {
  observations: Float32Array[] = [];
  actions: number[] = [];
  rewards: number[] = [];
}

/**
 * Whole episodes for REINFORCE: steps are appended per sub-env, and an episode joins the batch
 * with its Monte Carlo returns when it ends (a truncated one bootstraps from V(final observation)).
 *
 * @example
 * const batch = new EpisodeBatch({ numEnvs: 1, actionSize: 1 });
 * batch.add(0, obs, [1], 1.0);
 * batch.finish(0, { terminated: true, bootstrapValue: 0, gamma: 0.99 });
 */
export class EpisodeBatch {
  observations: Float32Array[] = [];
  actions: number[] = [];
  returns: number[] = [];
  episodes = 0;
  private readonly open: Trajectory[];
  private readonly actionSize: number;

  /** `actionSize` numbers per raw action: 1 (an index) for Discrete spaces. */
  constructor({ numEnvs, actionSize }: { numEnvs: number; actionSize: number }) {
    this.open = Array.from({ length: numEnvs }, () => new Trajectory());
    this.actionSize = actionSize;
  }

  /** Records sub-env `env`'s step: its observation, raw action (index or `actionSize` numbers) and reward. */
  add(env: number, observation: Float32Array, action: ArrayLike<number>, reward: number): void {
    const trajectory = this.open[env]!;
    trajectory.observations.push(observation);
    for (let j = 0; j < this.actionSize; j++) trajectory.actions.push(action[j]!);
    trajectory.rewards.push(reward);
  }

  /** Closes sub-env `env`'s episode; `bootstrapValue` is V(final observation) when truncated, 0 when terminated. */
  finish(env: number, { terminated, bootstrapValue, gamma }: { terminated: boolean; bootstrapValue: number; gamma: number }): void {
    const trajectory = this.open[env]!;
    const length = trajectory.rewards.length;
    const ended = new Uint8Array(length);
    if (length > 0) ended[length - 1] = 1;
    const terminatedFlags = new Uint8Array(length);
    if (length > 0 && terminated) terminatedFlags[length - 1] = 1;
    const nextValues = new Float64Array(length);
    if (length > 0) nextValues[length - 1] = bootstrapValue;
    const returns = discountedReturns(trajectory.rewards, terminatedFlags, ended, nextValues, gamma);
    this.observations.push(...trajectory.observations);
    this.actions.push(...trajectory.actions);
    this.returns.push(...returns);
    this.episodes++;
    this.open[env] = new Trajectory();
  }

  /** Empties the finished part (episodes still running stay). */
  clear(): void {
    this.observations = [];
    this.actions = [];
    this.returns = [];
    this.episodes = 0;
  }
}

/**
 * Discounted returns-to-go `G_t = r_t + gamma G_{t+1}`, restarting at each episode end; a step
 * that was truncated (ended, not terminated) starts from its bootstrap value `nextValues[t]`, and
 * so does the last step of the slice when its episode goes on past the slice.
 *
 * @example discountedReturns([1, 1, 1], [0, 0, 1], [0, 0, 1], [0, 0, 0], 0.5) // [1.75, 1.5, 1]
 */
export function discountedReturns(
  rewards: ArrayLike<number>,
  terminated: ArrayLike<number>,
  episodeEnded: ArrayLike<number>,
  nextValues: ArrayLike<number>,
  gamma: number,
): Float64Array {
  const length = rewards.length;
  const returns = new Float64Array(length);
  let future = 0;
  for (let t = length - 1; t >= 0; t--) {
    const cut = episodeEnded[t] || t === length - 1;
    if (cut) future = terminated[t] ? 0 : nextValues[t]!;
    future = rewards[t]! + gamma * future;
    returns[t] = future;
  }
  return returns;
}
