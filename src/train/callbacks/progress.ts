import type { Callback, TrainingContext } from '../callback.js';
import type { EpisodeWindow } from './episode-window.js';

export interface ProgressOptions {
  write: (text: string) => void;
  /** A redrawn bar on a terminal; plain lines (about every `lineEvery` percent) otherwise. */
  isTTY: boolean;
  /** Terminal redraw interval in ms (default 200). */
  redrawMs?: number;
  /** Percent of training between plain lines (default 10). */
  lineEvery?: number;
  width?: number;
}

/**
 * A training progress display: steps, steps/s, recent mean return, ETA. On a terminal it redraws
 * one line; in a pipe or a log file it prints a plain line every 10% instead.
 *
 * @example new ProgressDisplay(episodes, { write: (t) => process.stdout.write(t), isTTY: process.stdout.isTTY })
 */
export class ProgressDisplay implements Callback {
  private startTime = 0;
  private startStep = 0;
  private lastDraw = 0;
  private nextLinePercent = 0;

  constructor(
    private readonly episodes: EpisodeWindow,
    private readonly options: ProgressOptions,
  ) {}

  onTrainingStart(context: TrainingContext): void {
    this.startTime = performance.now();
    this.startStep = context.step;
    const every = this.options.lineEvery ?? 10;
    this.nextLinePercent = (Math.floor((100 * context.step) / context.totalSteps / every) + 1) * every;
  }

  onStep(context: TrainingContext): void {
    const now = performance.now();
    if (this.options.isTTY) {
      if (now - this.lastDraw < (this.options.redrawMs ?? 200)) return;
      this.lastDraw = now;
      this.options.write(`\r${this.line(context)}\x1b[K`);
      return;
    }
    const percent = (100 * context.step) / context.totalSteps;
    // The last rollout may overshoot the budget: onTrainingEnd prints the final line.
    if (percent < this.nextLinePercent || percent >= 100) return;
    const every = this.options.lineEvery ?? 10;
    this.nextLinePercent = (Math.floor(percent / every) + 1) * every;
    this.options.write(this.line(context) + '\n');
  }

  onTrainingEnd(context: TrainingContext): void {
    this.options.write(this.options.isTTY ? `\r${this.line(context)}\x1b[K\n` : this.line(context) + '\n');
  }

  /** One status line, e.g. `[#####.....] 50,000/100,000 steps  2,310 steps/s  return 212.4  ETA 0:22`. */
  line(context: TrainingContext): string {
    const seconds = (performance.now() - this.startTime) / 1000;
    const done = Math.min(context.step / context.totalSteps, 1);
    // A rate over the first half second says more about start-up than about training.
    const rate = seconds < 0.5 ? Number.NaN : (context.step - this.startStep) / seconds;
    const eta = rate > 0 ? Math.max(context.totalSteps - context.step, 0) / rate : Infinity;
    const width = this.options.width ?? 24;
    const filled = Math.round(done * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    const mean = this.episodes.meanReturn;
    const parts = [
      this.options.isTTY ? bar : `${(done * 100).toFixed(0).padStart(3)}%`,
      // Rollout-based agents finish their last rollout: past the budget, say so instead of "31,527/20,000".
      context.step > context.totalSteps
        ? `${formatCount(context.step)} steps (${formatCount(context.totalSteps)} asked, rounded up to whole rollouts)`
        : `${formatCount(context.step)}/${formatCount(context.totalSteps)} steps`,
      `${Number.isNaN(rate) ? '-' : formatCount(Math.round(rate))} steps/s`,
      `return ${mean === undefined ? '-' : mean.toFixed(1)}`,
      `ETA ${formatDuration(eta)}`,
    ];
    return parts.join('  ');
  }
}

/** 1234567 -> "1,234,567". */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Seconds as h:mm:ss or m:ss; "-" when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '-';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
