/**
 * Advantage Actor-Critic, in the order one iteration runs it: the rollout and the advantages
 * (steps 1 and 2 of PPO, `collectRollout` and `computeAdvantages` in ../ppo/ppo.ts), then one
 * gradient step on the whole rollout (`update`). `A2cAgent.learn` is the loop around them.
 */
import * as tf from '@tensorflow/tfjs';
import type { Env } from '../../src/core/env.js';
import { actOnHost, ensureBackend } from '../../src/backend/index.js';
import type { ActOptions, AgentSpaces, LearnOptions } from '../../src/train/agent.js';
import { CallbackRunner } from '../../src/train/callback-runner.js';
import type { BatchArray, VectorEnv } from '../../src/vector/types.js';
import { ActorCritic } from '../common/actor-critic.js';
import { BaseAgent } from '../common/base-agent.js';
import { normalizeInPlace } from '../common/normalize.js';
import { makeOptimizer } from '../common/optimizer.js';
import { RolloutBuffer } from '../common/rollout-buffer.js';
import { parseSchedule, type Schedule } from '../common/schedule.js';
import { optimizeStep, setLearningRate } from '../common/tensors.js';
import { VectorStepper } from '../common/vector-stepper.js';
import { collectRollout, computeAdvantages } from '../ppo/ppo.js';
import { resolveA2cConfig, type A2cConfig } from './config.js';

/**
 * Advantage Actor-Critic (Mnih et al. 2016, synchronous): one gradient step per short rollout
 * of all sub-envs, loss `-mean(A log pi) + vfCoef * MSE(V, returns) - entCoef * entropy`.
 *
 * @example
 * const agent = new A2cAgent(env, { nSteps: 5 });
 * await agent.learn(makeVec('CartPole-v1', 8), { totalSteps: 100_000 });
 */
export class A2cAgent extends BaseAgent<A2cConfig> {
  /** The policy and value networks (Gaussian head with a learned log std for Box actions). */
  readonly policy: ActorCritic;
  protected readonly optimizer: tf.Optimizer;
  private readonly learningRate: Schedule;

  constructor(spaces: AgentSpaces, config?: Partial<A2cConfig>) {
    const resolved = resolveA2cConfig(config);
    super(spaces, resolved, { name: 'a2c', boxActions: true });
    this.policy = new ActorCritic(this.observation, this.action, resolved, resolved.seed);
    this.learningRate = parseSchedule(resolved.learningRate, this.name, 'learningRate');
    this.optimizer = makeOptimizer(resolved, this.learningRate(0));
  }

  actBatch(observations: BatchArray, count: number, options: ActOptions = {}): Int32Array | Float32Array {
    return this.policy.step(observations, count, this.rng, { deterministic: options.deterministic ?? false, withValues: false }).envActions;
  }

  /** Rollout, advantages, one gradient step; again until `totalSteps` env steps. */
  async learn(env: Env | VectorEnv, options: LearnOptions): Promise<void> {
    const vector = this.prepareEnv(env);
    const stepper = new VectorStepper(vector, this.name, { envName: options.envId, checkObservations: options.checkObservations });
    await ensureBackend({
      convolutional: this.observation.image,
      batchSize: this.config.nSteps * stepper.numEnvs,
      imagePixels: this.observation.shape[0]! * (this.observation.shape[1] ?? 1),
      notOnWebGpu: 'a2c reads its losses back synchronously, which webgpu in Node cannot',
    });
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
      const lastValues = await actOnHost(this.policy.variables(), () => collectRollout(this.policy, stepper, buffer, runner, this.rng));
      this.numTimesteps = stepper.stepCount;
      computeAdvantages(buffer, lastValues, this.config.gamma, this.config.gaeLambda);
      const metrics = this.update(buffer, Math.min(this.numTimesteps / options.totalSteps, 1));
      await runner.metrics({ ...metrics, explainedVariance: buffer.explainedVariance() });
    }
    await runner.end();
  }

  /** The gradient step: one step on the loss over every valid row of the rollout; returns the scalars to log. */
  private update(buffer: RolloutBuffer, progress: number): Record<string, number> {
    const learningRate = this.learningRate(progress);
    setLearningRate(this.optimizer, learningRate);
    const rows = buffer.validRows();
    const advantages = Float32Array.from(rows, (r) => buffer.advantages[r]!);
    if (this.config.normalizeAdvantage && advantages.length > 1) normalizeInPlace(advantages);
    const batch = buffer.minibatch(rows, this.observation, advantages);
    const { entCoef, vfCoef } = this.config;
    const { keep, gradNorm } = optimizeStep(this.optimizer, this.policy.variables(), this.config.maxGradNorm, () => {
      const now = this.policy.evaluate(batch.observations, batch.actions);
      const policyLoss = tf.neg(tf.mean(tf.mul(batch.advantages, now.logProb))) as tf.Scalar;
      const valueLoss = tf.mean(tf.square(tf.sub(batch.returns, now.values))) as tf.Scalar;
      const entropy = tf.mean(now.entropy) as tf.Scalar;
      const loss = tf.addN([policyLoss, tf.mul(vfCoef, valueLoss), tf.mul(-entCoef, entropy)]) as tf.Scalar;
      return { loss, keep: [policyLoss, valueLoss, entropy] };
    });
    const [policyLoss, valueLoss, entropy, norm] = [...keep, gradNorm].map((t) => t.dataSync()[0]!);
    tf.dispose([...keep, gradNorm, ...Object.values(batch)]);
    return { policyLoss: policyLoss!, valueLoss: valueLoss!, entropy: entropy!, gradNorm: norm!, learningRate };
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
