import { describeValue, PalestraError } from '../core/errors.js';

/** A snapshot of running statistics, to save with an agent and restore later. */
export interface RunningMeanStdState {
  mean: number[];
  var: number[];
  count: number;
}

/**
 * Running mean and variance of a stream of vectors, per element, merged batch by batch with
 * the parallel-variance formula (Chan et al., 1979), as Gymnasium's RunningMeanStd does.
 * It starts at mean 0, variance 1 and a pseudo-count of `epsilon` (1e-4), so that the first
 * batch nearly replaces the prior without dividing by zero.
 *
 * @example const rms = new RunningMeanStd(2); rms.update([1, 2]); rms.update([3, 4]); rms.mean // ~[2, 3]
 */
export class RunningMeanStd {
  readonly mean: Float64Array;
  readonly var: Float64Array;
  count: number;

  constructor(
    /** Number of elements of each vector. */
    readonly size: number,
    epsilon = 1e-4,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new PalestraError(`RunningMeanStd needs a positive integer size, got ${describeValue(size)}`);
    this.mean = new Float64Array(size);
    this.var = new Float64Array(size).fill(1);
    this.count = epsilon;
  }

  /** Adds one vector of `size` values. */
  update(values: ArrayLike<number>): void {
    this.updateBatch(values, 1);
  }

  /** Adds `batchCount` vectors stored end to end in `rows` (row-major, `batchCount * size` values). */
  updateBatch(rows: ArrayLike<number>, batchCount: number): void {
    if (rows.length !== batchCount * this.size) {
      throw new PalestraError(`RunningMeanStd.update: expected ${batchCount} x ${this.size} = ${batchCount * this.size} values, got ${rows.length}`);
    }
    const batchMean = new Float64Array(this.size);
    const batchVar = new Float64Array(this.size);
    for (let row = 0; row < batchCount; row++) {
      for (let i = 0; i < this.size; i++) batchMean[i]! += rows[row * this.size + i]! / batchCount;
    }
    for (let row = 0; row < batchCount; row++) {
      for (let i = 0; i < this.size; i++) {
        const deviation = rows[row * this.size + i]! - batchMean[i]!;
        batchVar[i]! += (deviation * deviation) / batchCount;
      }
    }
    this.updateFromMoments(batchMean, batchVar, batchCount);
  }

  /** Merges a batch given by its per-element mean, (population) variance and size. */
  updateFromMoments(batchMean: ArrayLike<number>, batchVar: ArrayLike<number>, batchCount: number): void {
    const total = this.count + batchCount;
    for (let i = 0; i < this.size; i++) {
      const delta = batchMean[i]! - this.mean[i]!;
      const sumOfSquares = this.var[i]! * this.count + batchVar[i]! * batchCount + (delta * delta * this.count * batchCount) / total;
      this.mean[i] = this.mean[i]! + (delta * batchCount) / total;
      this.var[i] = sumOfSquares / total;
    }
    this.count = total;
  }

  getState(): RunningMeanStdState {
    return { mean: Array.from(this.mean), var: Array.from(this.var), count: this.count };
  }

  setState(state: RunningMeanStdState): void {
    if (state.mean?.length !== this.size || state.var?.length !== this.size || !(state.count > 0)) {
      throw new PalestraError(`RunningMeanStd.setState: expected {mean, var} of ${this.size} values and a positive count, got ${describeValue(state)}`);
    }
    this.mean.set(state.mean);
    this.var.set(state.var);
    this.count = state.count;
  }
}
