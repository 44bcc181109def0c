import * as tf from '@tensorflow/tfjs';
import type { AgentSpaces } from '../common/agent.js';
import { makeOptimizer } from '../common/optimizer.js';
import { normalizeInPlace } from '../common/advantages.js';
import { minibatchTensors, OnPolicyAgent } from '../common/on-policy-agent.js';
import type { RolloutBuffer } from '../common/rollout-buffer.js';
import { optimizeStep, setLearningRate } from '../common/tensors.js';
import { resolveA2cConfig, type A2cConfig } from './config.js';

/**
 * Advantage Actor-Critic (Mnih et al. 2016, synchronous): one gradient step per short rollout
 * of all sub-envs, loss `-mean(A log pi) + vfCoef * MSE(V, returns) - entCoef * entropy`.
 *
 * @example
 * const agent = new A2cAgent(env, { nSteps: 5 });
 * await agent.learn(makeVec('CartPole-v1', 8), { totalSteps: 100_000 });
 */
export class A2cAgent extends OnPolicyAgent<A2cConfig> {
  readonly name = 'a2c';
  protected readonly optimizer: tf.Optimizer;

  constructor(spaces: AgentSpaces, config?: Partial<A2cConfig>) {
    const resolved = resolveA2cConfig(config);
    super(spaces, resolved, 'a2c');
    const learningRate = this.learningRate(0);
    this.optimizer = makeOptimizer(resolved, learningRate);
  }

  protected update(buffer: RolloutBuffer, progress: number): Record<string, number> {
    const learningRate = this.learningRate(progress);
    setLearningRate(this.optimizer, learningRate);
    const rows = buffer.validRows();
    const advantages = Float32Array.from(rows, (r) => buffer.advantages[r]!);
    if (this.config.normalizeAdvantage && advantages.length > 1) normalizeInPlace(advantages);
    const batch = minibatchTensors(buffer, rows, this.observation, advantages);
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

  override dispose(): void {
    super.dispose();
    this.optimizer.dispose();
  }
}
