import { EnvError } from '../core/errors.js';
import type { Env } from '../core/env.js';
import { Box, type BoxArray } from '../core/spaces/box.js';
import { ObservationWrapper } from './observation-wrapper.js';
import { RunningMeanStd, type RunningMeanStdState } from './running-mean-std.js';

export interface NormalizeObservationOptions {
  /** Added to the variance before the square root (default 1e-8). */
  epsilon?: number;
}

/**
 * Normalizes each observation element to roughly zero mean and unit variance with running
 * statistics: `(obs - mean) / sqrt(var + epsilon)`, as Gymnasium's NormalizeObservation.
 * Every observation, the reset ones included, first updates the statistics (unless
 * `updateRunningMean` is false, e.g. for evaluation), then is normalized with them. The
 * observation space becomes an unbounded float32 Box of the same shape.
 *
 * @example const env = new NormalizeObservation(make('CartPole-v1')); const saved = env.statistics;
 */
export class NormalizeObservation<Act> extends ObservationWrapper<Float32Array, Act, BoxArray> {
  /** When false, observations are normalized with frozen statistics. */
  updateRunningMean = true;
  readonly runningStatistics: RunningMeanStd;
  private readonly epsilon: number;
  private readonly space: Box<Float32Array>;

  constructor(env: Env<BoxArray, Act>, options: NormalizeObservationOptions = {}) {
    super(env);
    const inner = env.observationSpace;
    if (!(inner instanceof Box)) throw new EnvError(`NormalizeObservation needs a Box observation space, got ${String(inner)}`);
    this.epsilon = options.epsilon ?? 1e-8;
    this.runningStatistics = new RunningMeanStd(inner.size);
    this.space = new Box<Float32Array>(-Infinity, Infinity, inner.shape, { seed: inner.derivedSeed() });
  }

  override get observationSpace(): Box<Float32Array> {
    return this.space;
  }

  /** The running mean, variance and count, to save with an agent; assign to restore them. */
  get statistics(): RunningMeanStdState {
    return this.runningStatistics.getState();
  }

  set statistics(state: RunningMeanStdState) {
    this.runningStatistics.setState(state);
  }

  observation(observation: BoxArray): Float32Array {
    const stats = this.runningStatistics;
    if (this.updateRunningMean) stats.update(observation);
    const normalized = new Float32Array(observation.length);
    for (let i = 0; i < normalized.length; i++) {
      normalized[i] = (observation[i]! - stats.mean[i]!) / Math.sqrt(stats.var[i]! + this.epsilon);
    }
    return normalized;
  }
}
