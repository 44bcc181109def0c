import { ConfigError } from '../../src/core/errors.js';

/**
 * Schedules map training progress to a hyperparameter value. Configs write them as a number
 * (constant) or as `"lin_<start>"` (RL Zoo style: linear from start to 0) or as
 * `{ "start": a, "end": b, "fraction": f }` (linear from a to b over the first f of training).
 */
export type ScheduleSpec = number | string | { start: number; end: number; fraction?: number };

/** A value as a function of progress in [0, 1] (0 at the start of training). */
export type Schedule = (progress: number) => number;

/**
 * Linear interpolation from `start` to `end` over the first `fraction` of training, then `end`.
 *
 * @example linearSchedule(1, 0.1, 0.5)(0.25) // 0.55
 */
export function linearSchedule(start: number, end: number, fraction = 1): Schedule {
  return (progress) => {
    if (fraction <= 0) return end;
    const t = Math.min(Math.max(progress / fraction, 0), 1);
    return start + (end - start) * t;
  };
}

/**
 * Reads a schedule from a config value; `owner` and `key` name it in errors.
 *
 * @example parseSchedule('lin_1e-3', 'ppo', 'learningRate')(0.5) // 0.0005
 */
export function parseSchedule(spec: ScheduleSpec, owner: string, key: string): Schedule {
  if (typeof spec === 'number' && Number.isFinite(spec)) return () => spec;
  if (typeof spec === 'string') {
    const match = /^lin_(.+)$/.exec(spec.trim());
    const start = match ? Number(match[1]) : Number.NaN;
    if (Number.isFinite(start)) return linearSchedule(start, 0);
    if (spec.trim() !== '' && Number.isFinite(Number(spec))) return () => Number(spec);
  }
  if (typeof spec === 'object' && spec !== null && typeof spec.start === 'number' && typeof spec.end === 'number') {
    const fraction = spec.fraction ?? 1;
    if (typeof fraction === 'number' && fraction >= 0) return linearSchedule(spec.start, spec.end, fraction);
  }
  throw new ConfigError(`${owner}: option '${key}' must be a number, "lin_<start>" or {start, end, fraction}, got ${JSON.stringify(spec)}`);
}
