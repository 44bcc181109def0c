import { ConfigError, describeValue } from '../../src/core/errors.js';
import { resolveOptions } from '../../src/core/options.js';
import { parseSchedule, type ScheduleSpec } from './schedule.js';

/**
 * Resolves an agent config: unknown keys and wrong types are refused by `resolveOptions`
 * (with did-you-mean), schedule keys accept a number, "lin_<start>" or {start, end, fraction},
 * and `checks` names the range each number must be in.
 *
 * @example const config = resolveAgentConfig('ppo', PPO_DEFAULTS, { nSteps: 64 }, ['learningRate', 'clipRange'], PPO_CHECKS);
 */
export function resolveAgentConfig<T extends object>(
  agent: string,
  defaults: T,
  given: object | undefined,
  scheduleKeys: readonly (keyof T & string)[],
  checks: Partial<Record<keyof T & string, Check>> = {},
): T {
  // Schedules may be strings or objects: let resolveOptions accept any type for them, then parse.
  const permissive: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const key of scheduleKeys) permissive[key] = undefined;
  const merged = resolveOptions(agent, permissive, given) as Record<string, unknown>;
  for (const key of scheduleKeys) {
    if (merged[key] === undefined) merged[key] = (defaults as Record<string, unknown>)[key];
    parseSchedule(merged[key] as ScheduleSpec, agent, key);
  }
  for (const [key, check] of Object.entries(checks) as [string, Check][]) {
    const problem = check(merged[key]);
    if (problem) throw new ConfigError(`${agent}: option '${key}' ${problem}, got ${describeValue(merged[key])}`);
  }
  return merged as T;
}

/** Returns what is wrong with a value, or undefined when it is fine. */
export type Check = (value: unknown) => string | undefined;

export const positiveInteger: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? undefined : 'must be a positive integer');
export const nonNegativeInteger: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? undefined : 'must be an integer >= 0');
export const nonNegative: Check = (v) => (typeof v === 'number' && v >= 0 ? undefined : 'must be >= 0');
export const fraction: Check = (v) => (typeof v === 'number' && v >= 0 && v <= 1 ? undefined : 'must be in [0, 1]');
export const positiveIntegers: Check = (v) => (Array.isArray(v) && v.every((x) => positiveInteger(x) === undefined) ? undefined : 'must be an array of positive integers');
export const oneOf =
  (...allowed: unknown[]): Check =>
  (v) =>
    allowed.includes(v) ? undefined : `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`;
