import { describeValue, EnvError } from '../core/errors.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../core/env.js';
import { Wrapper } from '../core/wrapper.js';

/** What RecordEpisodeStatistics puts in `info.episode` on the last step of an episode. */
export interface EpisodeStatistics {
  /** The episode's return: the sum of its rewards. */
  r: number;
  /** The episode's length in steps. */
  l: number;
  /** Seconds from reset to the last step (wall clock). */
  t: number;
}

export interface RecordEpisodeStatisticsOptions {
  /** How many recent episodes `returnQueue`, `lengthQueue` and `timeQueue` keep (default 100). */
  bufferLength?: number;
  /** The info key for the statistics (default 'episode'). */
  statsKey?: string;
  /** The clock in seconds (default `performance.now() / 1000`); tests give their own. */
  clock?: () => number;
}

/**
 * Adds `info.episode = { r, l, t }` (return, length, seconds) to the step that ends an
 * episode (terminated or truncated), and keeps the statistics of the last `bufferLength`
 * episodes, as Gymnasium's RecordEpisodeStatistics does. The info object is copied, not
 * mutated, since envs may return a shared one.
 *
 * @example const env = new RecordEpisodeStatistics(make('CartPole-v1')); // later: env.returnQueue
 */
export class RecordEpisodeStatistics<Obs, Act> extends Wrapper<Obs, Act> {
  /** Returns of the most recent episodes, oldest first. */
  readonly returnQueue: number[] = [];
  /** Lengths of the most recent episodes, oldest first. */
  readonly lengthQueue: number[] = [];
  /** Durations in seconds of the most recent episodes, oldest first. */
  readonly timeQueue: number[] = [];
  /** Episodes finished since the wrapper was made. */
  episodeCount = 0;
  /** The return and length of the episode in progress. */
  episodeReturn = 0;
  episodeLength = 0;

  private readonly bufferLength: number;
  private readonly statsKey: string;
  private readonly clock: () => number;
  private episodeStartTime = 0;

  constructor(env: Env<Obs, Act>, options: RecordEpisodeStatisticsOptions = {}) {
    super(env);
    this.bufferLength = options.bufferLength ?? 100;
    this.statsKey = options.statsKey ?? 'episode';
    this.clock = options.clock ?? (() => performance.now() / 1000);
    if (!Number.isInteger(this.bufferLength) || this.bufferLength < 1) {
      throw new EnvError(`RecordEpisodeStatistics: bufferLength must be a positive integer, got ${describeValue(this.bufferLength)}`);
    }
  }

  override reset(options?: ResetOptions): ResetResult<Obs> {
    const result = this.env.reset(options);
    this.episodeStartTime = this.clock();
    this.episodeReturn = 0;
    this.episodeLength = 0;
    return result;
  }

  override step(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    this.episodeReturn += result.reward;
    this.episodeLength += 1;
    if (!result.terminated && !result.truncated) return result;
    const statistics: EpisodeStatistics = {
      r: this.episodeReturn,
      l: this.episodeLength,
      t: Math.round((this.clock() - this.episodeStartTime) * 1e6) / 1e6,
    };
    this.remember(statistics);
    return { ...result, info: { ...result.info, [this.statsKey]: statistics } };
  }

  private remember({ r, l, t }: EpisodeStatistics): void {
    this.episodeCount++;
    this.returnQueue.push(r);
    this.lengthQueue.push(l);
    this.timeQueue.push(t);
    if (this.returnQueue.length > this.bufferLength) {
      this.returnQueue.shift();
      this.lengthQueue.shift();
      this.timeQueue.shift();
    }
  }
}
