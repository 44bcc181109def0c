import * as tf from '@tensorflow/tfjs';
import type { Env } from '../../src/core/env.js';
import { adam } from '../../src/nn/index.js';
import { CallbackRunner } from '../../src/train/callback-runner.js';
import type { BatchArray, VectorEnv } from '../../src/vector/types.js';
import { ActorCritic } from '../common/actor-critic.js';
import { normalizeInPlace } from '../common/advantages.js';
import type { ActOptions, AgentSpaces, LearnOptions } from '../common/agent.js';
import { BaseAgent } from '../common/base-agent.js';
import { parseSchedule, type Schedule } from '../common/schedule.js';
import { observationTensor, optimizeStep, setLearningRate } from '../common/tensors.js';
import { VectorStepper } from '../common/vector-stepper.js';
import { resolveReinforceConfig, type ReinforceConfig } from './config.js';
import { EpisodeBatch } from './episode-batch.js';

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
  readonly name = 'reinforce';
  readonly policy: ActorCritic;
  protected readonly optimizer: tf.AdamOptimizer;
  private readonly learningRate: Schedule;

  constructor(spaces: AgentSpaces, config?: Partial<ReinforceConfig>) {
    const resolved = resolveReinforceConfig(config);
    super(spaces, resolved, 'reinforce', true);
    this.policy = new ActorCritic(this.observation, this.action, resolved, resolved.seed);
    this.learningRate = parseSchedule(resolved.learningRate, 'reinforce', 'learningRate');
    this.optimizer = adam(this.learningRate(0));
  }

  actBatch(observations: BatchArray, count: number, options: ActOptions = {}): Int32Array | Float32Array {
    return this.policy.step(observations, count, this.rng, options.deterministic ?? false, false).envActions;
  }

  async learn(env: Env | VectorEnv, options: LearnOptions): Promise<void> {
    const vector = this.prepareEnv(env);
    const stepper = new VectorStepper(vector, this.name, { envName: options.envId, checkObservations: options.checkObservations });
    const n = stepper.numEnvs;
    const obsSize = this.observation.size;
    const actionSize = this.action.kind === 'box' ? this.action.size : 1;
    const batch = new EpisodeBatch(n, actionSize);
    const runner = CallbackRunner.create(this.name, this, vector, this.numTimesteps, options.totalSteps, options);
    stepper.reset(this.resetSeed(options));
    stepper.stepCount = this.numTimesteps;
    await runner.start();
    while (this.numTimesteps < options.totalSteps && !runner.stopRequested) {
      const observations = Float32Array.from(stepper.observations);
      const step = this.policy.step(observations, n, this.rng, false, false);
      const outcome = stepper.step(step.envActions);
      for (let i = 0; i < n; i++) {
        if (!outcome.valid[i]) continue;
        batch.add(i, observations.slice(i * obsSize, (i + 1) * obsSize), step.rawActions.subarray(i * actionSize, (i + 1) * actionSize), outcome.rewards[i]!);
        const final = outcome.finalObservations[i];
        if (!final) continue;
        const bootstrap = outcome.terminated[i] ? 0 : this.policy.values(final, 1)[0]!;
        batch.finish(i, outcome.terminated[i] === 1, bootstrap, this.config.gamma);
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
