import type { Rng } from '../../src/core/rng.js';
import { ReplayBuffer, type ReplayBatch , type StorageSegment } from './replay-buffer.js';
import { SumTree } from './sum-tree.js';

/**
 * Proportional prioritized replay (Schaul et al. 2016): transition i is drawn with probability
 * p_i^alpha / sum p^alpha, p_i = |TD error| + eps, and weighted by (N P(i))^-beta. New
 * transitions get the highest priority seen so far, so each is replayed at least once soon.
 *
 * @example
 * const buffer = new PrioritizedReplayBuffer(100_000, 4, 'float32', 0.6, 1e-6);
 * const batch = buffer.sample(32, rng, 0.4); buffer.updatePriorities(batch.indices, tdErrors);
 */
export class PrioritizedReplayBuffer extends ReplayBuffer {
  private readonly tree: SumTree;
  private maxPriority = 1;

  constructor(
    capacity: number,
    observationSize: number,
    storage: 'uint8' | 'float32',
    readonly alpha: number,
    readonly epsilon: number,
    segments?: readonly StorageSegment[],
  ) {
    super(capacity, observationSize, storage, segments);
    this.tree = new SumTree(capacity);
  }

  override add(observation: ArrayLike<number>, action: number, reward: number, nextObservation: ArrayLike<number>, terminated: boolean, discount: number): number {
    const slot = super.add(observation, action, reward, nextObservation, terminated, discount);
    this.tree.set(slot, this.maxPriority ** this.alpha);
    return slot;
  }

  /**
   * Stratified sampling: one draw from each of `batchSize` equal slices of the priority mass.
   * Weights are divided by the largest in the batch, which keeps them at most 1.
   */
  override sample(batchSize: number, rng: Rng, beta = 0.4): ReplayBatch {
    const indices = new Int32Array(batchSize);
    const weights = new Float32Array(batchSize);
    const total = this.tree.total;
    const segment = total / batchSize;
    let maxWeight = 0;
    for (let k = 0; k < batchSize; k++) {
      const slot = Math.min(this.tree.find((k + rng.random()) * segment), this.size - 1);
      indices[k] = slot;
      const probability = this.tree.get(slot) / total;
      const weight = (this.size * probability) ** -beta;
      weights[k] = weight;
      maxWeight = Math.max(maxWeight, weight);
    }
    for (let k = 0; k < batchSize; k++) weights[k] = weights[k]! / maxWeight;
    return this.gather(indices, weights);
  }

  /** Sets the priorities of sampled slots from their new absolute TD errors. */
  updatePriorities(indices: ArrayLike<number>, tdErrors: ArrayLike<number>): void {
    for (let k = 0; k < indices.length; k++) {
      const priority = Math.abs(tdErrors[k]!) + this.epsilon;
      this.maxPriority = Math.max(this.maxPriority, priority);
      this.tree.set(indices[k]!, priority ** this.alpha);
    }
  }
}
