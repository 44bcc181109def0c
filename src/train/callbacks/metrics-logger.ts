import type { Callback, TrainingContext } from '../callback.js';
import type { RunDirectory } from '../run-directory.js';
import type { EpisodeWindow } from './episode-window.js';

/**
 * Appends one line to metrics.jsonl per log point: the step, wall time, steps/s, the recent
 * episode statistics and the agent's scalars (losses, learning rate...). Evaluation results
 * join the same stream as `eval/...` keys. Rewrites metrics.csv at the end.
 *
 * @example const logger = new MetricsLogger(run, episodes); await agent.learn(env, { totalSteps, callbacks: [episodes, logger] });
 */
export class MetricsLogger implements Callback {
  private startTime = 0;
  private startStep = 0;
  /** The latest record, for the progress bar and tests. */
  latest: Record<string, number> = {};

  constructor(
    private readonly run: RunDirectory | undefined,
    private readonly episodes: EpisodeWindow,
    /** Seconds trained before a resume, so `time` keeps counting across runs. */
    private readonly elapsedBefore = 0,
  ) {}

  onTrainingStart(context: TrainingContext): void {
    this.startTime = performance.now();
    this.startStep = context.step;
  }

  async onMetrics(context: TrainingContext, metrics: Record<string, number>): Promise<void> {
    const seconds = (performance.now() - this.startTime) / 1000;
    const record: Record<string, number> = {
      step: context.step,
      time: round(this.elapsedBefore + seconds),
      fps: round((context.step - this.startStep) / Math.max(seconds, 1e-9)),
      episodes: this.episodes.count,
    };
    if (this.episodes.meanReturn !== undefined) record['episodeReturnMean'] = round(this.episodes.meanReturn);
    if (this.episodes.meanLength !== undefined) record['episodeLengthMean'] = round(this.episodes.meanLength);
    for (const [key, value] of Object.entries(metrics)) if (Number.isFinite(value)) record[key] = round(value);
    this.latest = record;
    await this.run?.appendMetrics(record);
  }

  async onTrainingEnd(): Promise<void> {
    await this.run?.writeCsv();
  }
}

function round(value: number): number {
  return Number.isInteger(value) ? value : Number(value.toPrecision(6));
}
