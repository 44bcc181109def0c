import { ConfigError, describeValue } from '../../src/core/errors.js';
import { resolveOptions } from '../../src/core/options.js';
import type { ConfigRanges, Range } from './ranges.js';
import { parseSchedule, type ScheduleSpec } from './schedule.js';

/**
 * Resolves an agent config: unknown keys are refused by `resolveOptions` (with did-you-mean),
 * then every key is checked against its declared Range (type and bounds together), and schedule
 * keys are parsed and their start and end values checked too. The message names the key, the
 * range and the value.
 *
 * @example const config = resolveAgentConfig('ppo', PPO_DEFAULTS, PPO_RANGES, { nSteps: 64 });
 */
export function resolveAgentConfig<T extends object>(agent: string, defaults: T, ranges: ConfigRanges<T>, given: object | undefined): T {
  // Any type passes resolveOptions (it only refuses unknown keys): the ranges check types.
  const permissive = Object.fromEntries(Object.keys(defaults).map((key) => [key, undefined]));
  const chosen = resolveOptions(agent, permissive, given) as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(chosen)) if (value !== undefined) merged[key] = value;
  for (const [key, range] of Object.entries(ranges) as [string, Range][]) checkValue(agent, key, range, merged[key]);
  return merged as T;
}

function checkValue(agent: string, key: string, range: Range, value: unknown): void {
  const refuse = () => new ConfigError(`${agent}: option '${key}' must be ${range.text}, got ${describeValue(value)}`);
  if (!range.accepts(value)) throw refuse();
  if (!range.scheduleValue) return;
  try {
    parseSchedule(value as ScheduleSpec, agent, key);
  } catch {
    throw refuse();
  }
  for (const [point, allowZero] of scheduleEnds(value as ScheduleSpec)) {
    if (!range.scheduleValue.accepts(point) && !(allowZero && point === 0)) throw refuse();
  }
}

/** A schedule's start and end values, each with whether 0 is fine there (the end of a linear decay). */
function scheduleEnds(spec: ScheduleSpec): [number, boolean][] {
  if (typeof spec === 'number') return [[spec, false]];
  if (typeof spec === 'string') {
    const match = /^lin_(.+)$/.exec(spec.trim());
    return match ? [[Number(match[1]), false]] : [[Number(spec), false]];
  }
  return [
    [spec.start, false],
    [spec.end, true],
  ];
}

/**
 * Each key with its default and range, for listings (`palestra config <agent>`).
 *
 * @example describeHyperparameters(PPO_DEFAULTS, PPO_RANGES)[0] // { key: 'seed', default: 0, range: 'an integer' }
 */
export function describeHyperparameters<T extends object>(defaults: T, ranges: ConfigRanges<T>): { key: string; default: unknown; range: string }[] {
  return Object.keys(defaults).map((key) => ({ key, default: (defaults as Record<string, unknown>)[key], range: (ranges as Record<string, Range>)[key]!.text }));
}
