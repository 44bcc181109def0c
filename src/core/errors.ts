/**
 * Errors that Palestra throws. Every message names what was expected and what came,
 * so that a user can fix the call without reading our source.
 */

/** Base class: every error Palestra raises on purpose is a PalestraError. */
export class PalestraError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A call an environment cannot serve: a bad action, step() before reset(), an unknown kwarg. */
export class EnvError extends PalestraError {}

/**
 * The one wording of "called before reset()", for every env, wrapper and vector env.
 *
 * @example if (!this.hasReset) throw calledBeforeReset(this.name); // "CartPole-v1: step() called before reset(); call reset() first"
 */
export function calledBeforeReset(owner: string, method = 'step'): EnvError {
  return new EnvError(`${owner}: ${method}() called before reset(); call reset() first`);
}

/**
 * The one wording of "stepped after the episode ended": `how` is 'terminated', 'truncated' or
 * the env's own reason (the drone's 'crash-ground', ...).
 *
 * @example throw calledAfterEnd('CartPole-v1', 'terminated'); // "CartPole-v1: step() called after the episode ended (terminated); call reset() first"
 */
export function calledAfterEnd(owner: string, how: string): EnvError {
  return new EnvError(`${owner}: step() called after the episode ended (${how}); call reset() first`);
}

/** An id that is not registered, or a registration that is malformed. */
export class RegistryError extends PalestraError {}

/** A configuration or kwargs object with an unknown key or a value of the wrong type. */
export class ConfigError extends PalestraError {}

/**
 * A short, readable rendering of any value for an error message:
 * `describeValue(NaN)` is `NaN`, `describeValue(new Float32Array([1, 2]))` is `Float32Array[1, 2]`.
 */
export function describeValue(value: unknown, maxItems = 8): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const items = Array.from(value as unknown as ArrayLike<number>);
    return `${value.constructor.name}[${listItems(items, maxItems)}]`;
  }
  if (Array.isArray(value)) return `[${listItems(value, maxItems)}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value as object);
    const shown = keys.slice(0, maxItems).map((k) => `${k}: ${describeValue((value as Record<string, unknown>)[k], 3)}`);
    if (keys.length > maxItems) shown.push(`... ${keys.length - maxItems} more`);
    return `{${shown.join(', ')}}`;
  }
  return String(value);
}

function listItems(items: readonly unknown[], maxItems: number): string {
  const shown = items.slice(0, maxItems).map((item) => describeValue(item, 3));
  if (items.length > maxItems) shown.push(`... ${items.length - maxItems} more`);
  return shown.join(', ');
}
