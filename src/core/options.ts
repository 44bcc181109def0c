import { ConfigError, describeValue } from './errors.js';
import { didYouMean } from './suggest.js';

/**
 * Merges user-given options over documented defaults, refusing unknown keys and values whose
 * type differs from the default's. Used for env kwargs and agent configs alike.
 *
 * A default of `undefined` or `null` accepts any value; arrays accept arrays; numbers accept
 * finite numbers (NaN is refused), and so on.
 *
 * @example const { gravity } = resolveOptions('CartPole-v1', { gravity: 9.8 }, { gravity: 3.7 });
 */
export function resolveOptions<T extends object>(owner: string, defaults: T, given: object | undefined): T {
  if (given === undefined || given === null) return { ...defaults };
  const defaultsRecord = defaults as Record<string, unknown>;
  if (typeof given !== 'object' || Array.isArray(given)) {
    throw new ConfigError(`${owner}: options must be an object of key/value pairs, got ${describeValue(given)}`);
  }
  const known = Object.keys(defaults);
  const merged: Record<string, unknown> = { ...defaultsRecord };
  for (const [key, value] of Object.entries(given)) {
    if (!Object.prototype.hasOwnProperty.call(defaults, key)) {
      throw new ConfigError(`${owner}: unknown option '${key}'.${didYouMean(key, known)} Known options: ${known.join(', ')}`);
    }
    if (value === undefined) continue;
    const expected = defaultsRecord[key];
    const problem = typeMismatch(expected, value);
    if (problem) throw new ConfigError(`${owner}: option '${key}' ${problem}, got ${describeValue(value)}`);
    merged[key] = value;
  }
  return merged as T;
}

function typeMismatch(expected: unknown, value: unknown): string | undefined {
  if (expected === undefined || expected === null) return undefined;
  if (typeof expected === 'number') {
    if (typeof value !== 'number') return `must be a number`;
    if (Number.isNaN(value)) return `must be a number, not NaN`;
    return undefined;
  }
  if (typeof expected === 'string') return typeof value === 'string' ? undefined : 'must be a string';
  if (typeof expected === 'boolean') return typeof value === 'boolean' ? undefined : 'must be true or false';
  if (Array.isArray(expected)) return Array.isArray(value) ? undefined : 'must be an array';
  if (typeof expected === 'object') return typeof value === 'object' && !Array.isArray(value) ? undefined : 'must be an object';
  return undefined;
}
