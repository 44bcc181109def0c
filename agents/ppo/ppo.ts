import * as tf from '@tensorflow/tfjs';
import { adam } from '../../src/nn/index.js';
import type { AgentSpaces } from '../common/agent.js';
import { normalizeInPlace } from '../common/advantages.js';
import { minibatchTensors, OnPolicyAgent } from '../common/on-policy-agent.js';
import type { RolloutBuffer } from '../common/rollout-buffer.js';
import { parseSchedule, type Schedule } from '../common/schedule.js';
import { shuffleInPlace } from '../common/shuffle.js';
import { optimizeStep, setLearningRate } from '../common/tensors.js';
import { resolvePpoConfig, type PpoConfig } from './config.js';
import { ppoLosses } from './losses.js';

/**
 * Proximal Policy Optimization (Schulman et al. 2017), clipped-surrogate variant, as in
 * Stable-Baselines3: GAE, minibatch epochs, optional value clipping, entropy bonus, advantage
 * normalisation, linear schedules for the learning rate and clip range, gradient-norm clipping.
 *
 * @example
 * const agent = new PpoAgent(env, { nSteps: 32, batchSize: 256, learningRate: 'lin_1e-3' });
 * await agent.learn(makeVec('CartPole-v1', 8), { totalSteps: 100_000 });
 */
export class PpoAgent extends OnPolicyAgent<PpoConfig> {
  readonly name = 'ppo';
  protected readonly optimizer: tf.AdamOptimizer;
  private readonly clipRange: Schedule;

  constructor(spaces: AgentSpaces, config?: Partial<PpoConfig>) {
    const resolved = resolvePpoConfig(config);
    super(spaces, resolved, 'ppo');
    // SB3's Adam epsilon.
    this.optimizer = adam(this.learningRate(0), 0.9, 0.999, 1e-5);
    this.clipRange = parseSchedule(resolved.clipRange, 'ppo', 'clipRange');
  }

  protected async update(buffer: RolloutBuffer, progress: number): Promise<Record<string, number>> {
    const { nEpochs, batchSize, normalizeAdvantage, targetKl } = this.config;
    const learningRate = this.learningRate(progress);
    const clipRange = this.clipRange(progress);
    setLearningRate(this.optimizer, learningRate);
    const rows = buffer.validRows();
    const variables = this.policy.variables();
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
        const batch = minibatchTensors(buffer, minibatchRows, this.observation, advantages);
        const { keep, gradNorm } = optimizeStep(this.optimizer, variables, this.config.maxGradNorm, () => {
          const evaluated = this.policy.evaluate(batch.observations, batch.actions);
          const losses = ppoLosses(evaluated, batch, clipRange, this.config.clipRangeVf, this.config.entCoef, this.config.vfCoef);
          return { loss: losses.total, keep: [losses.policyLoss, losses.valueLoss, losses.entropy, losses.approxKl, losses.clipFraction] };
        });
        epochStats.push([...keep, gradNorm]);
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

  override dispose(): void {
    super.dispose();
    this.optimizer.dispose();
  }
}

/** The mean standard deviation of a Gaussian policy, for the logs. */
async function meanStd(logStd: tf.Variable): Promise<number> {
  const values = Array.from((await logStd.data()) as Float32Array);
  return values.reduce((sum, v) => sum + Math.exp(v), 0) / values.length;
}
