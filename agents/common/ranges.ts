import { ACTIVATIONS } from '../../src/nn/index.js';

/**
 * Valid ranges of hyperparameters. Each agent declares one Range per config key, beside the
 * key's default (agents/<name>/config.ts); `resolveAgentConfig` checks every key against it
 * before training, and `palestra config <agent>` prints them.
 */

/** What values a hyperparameter accepts: a readable description and the test itself. */
export interface Range {
  /** Reads after "must be": "a number in (0, inf)", "true or false", ... */
  readonly text: string;
  accepts(value: unknown): boolean;
  /** Values this range refuses, of the right type but outside it (tests feed them). */
  readonly outside: readonly unknown[];
  /** A value of the wrong type (tests feed it). */
  readonly wrongType: unknown;
  /** For schedules: the range their start and end values must lie in. */
  readonly scheduleValue?: Range;
}

/** One Range for every key of a config `T`: a key without one is a compile error. */
export type ConfigRanges<T> = { readonly [K in keyof T]-?: Range };

interface Bounds {
  min?: number;
  max?: number;
  /** Whether min itself is refused: (min, ...] instead of [min, ...]. */
  minOpen?: boolean;
  maxOpen?: boolean;
}

function boundsText({ min, max, minOpen, maxOpen }: Bounds): string {
  if (min === undefined && max === undefined) return '';
  if (max === undefined) return ` ${minOpen ? '>' : '>='} ${min}`;
  if (min === undefined) return ` ${maxOpen ? '<' : '<='} ${max}`;
  return ` in ${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}`;
}

function inBounds(value: number, { min, max, minOpen, maxOpen }: Bounds): boolean {
  if (min !== undefined && (minOpen ? value <= min : value < min)) return false;
  if (max !== undefined && (maxOpen ? value >= max : value > max)) return false;
  return true;
}

function valuesOutside({ min, max }: Bounds, step: number): number[] {
  const outside: number[] = [];
  if (min !== undefined) outside.push(min - step);
  if (max !== undefined) outside.push(max + step);
  return outside;
}

/**
 * A finite number within bounds.
 *
 * @example numberIn({ min: 0, minOpen: true }).text // "a number > 0"
 */
export function numberIn(bounds: Bounds = {}): Range {
  return {
    text: `a number${boundsText(bounds)}`,
    accepts: (v) => typeof v === 'number' && Number.isFinite(v) && inBounds(v, bounds),
    outside: [...valuesOutside(bounds, 0.5), ...(bounds.minOpen ? [bounds.min] : []), ...(bounds.maxOpen ? [bounds.max] : []), Number.NaN, Number.POSITIVE_INFINITY],
    wrongType: 'abc',
  };
}

/**
 * An integer within bounds.
 *
 * @example integerIn({ min: 1 }).text // "an integer >= 1"
 */
export function integerIn(bounds: Bounds = {}): Range {
  return {
    text: `an integer${boundsText(bounds)}`,
    accepts: (v) => typeof v === 'number' && Number.isInteger(v) && inBounds(v, bounds),
    outside: [...valuesOutside(bounds, 1), 1.5],
    wrongType: '8',
  };
}

/** true or false. */
export const boolean: Range = { text: 'true or false', accepts: (v) => typeof v === 'boolean', outside: [], wrongType: 1 };

/**
 * One of a few strings.
 *
 * @example oneOf('tanh', 'clip').text // 'one of "tanh", "clip"'
 */
export function oneOf(...allowed: string[]): Range {
  return { text: `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, accepts: (v) => allowed.includes(v as string), outside: ['none'], wrongType: 3 };
}

/** A non-empty list of integers >= 1 (hidden layer sizes). */
export const layerSizes: Range = {
  text: 'an array of integers >= 1',
  accepts: (v) => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 1),
  outside: [[64, 0], [32.5]],
  wrongType: 64,
};

const isPositiveInteger = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 1;
const FEATURE_KEYS = ['cnnConvs', 'cnnOutputDim', 'vectorHiddenSizes'];

/**
 * The multi-input network's options for Dict observations (SB3's features_extractor_kwargs):
 * an object with any of `cnnConvs` (a list of {filters, kernelSize, strides}, integers >= 1),
 * `cnnOutputDim` (an integer >= 1) and `vectorHiddenSizes` (integers >= 1, [] passes through).
 */
export const featuresExtractorOptions: Range = {
  text: 'an object with cnnConvs ([{filters, kernelSize, strides}], integers >= 1), cnnOutputDim (an integer >= 1) and vectorHiddenSizes (integers >= 1), each optional',
  accepts: (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const o = v as Record<string, unknown>;
    if (Object.keys(o).some((key) => !FEATURE_KEYS.includes(key))) return false;
    const convsOk = o['cnnConvs'] === undefined || (Array.isArray(o['cnnConvs']) && o['cnnConvs'].length > 0 && o['cnnConvs'].every((c) => typeof c === 'object' && c !== null && ['filters', 'kernelSize', 'strides'].every((k) => isPositiveInteger((c as Record<string, unknown>)[k]))));
    const dimOk = o['cnnOutputDim'] === undefined || isPositiveInteger(o['cnnOutputDim']);
    const vectorOk = o['vectorHiddenSizes'] === undefined || (Array.isArray(o['vectorHiddenSizes']) && o['vectorHiddenSizes'].every(isPositiveInteger));
    return convsOk && dimOk && vectorOk;
  },
  outside: [{ cnnOutputDim: 0 }, { vectorHiddenSizes: [0] }, { cnnConvs: [{ filters: 8, kernelSize: 0, strides: 1 }] }, { cnnWidth: 3 }],
  wrongType: 256,
};

/**
 * A range that also accepts null (meaning "off").
 *
 * @example orNull(numberIn({ min: 0 })).text // "a number >= 0 or null"
 */
export function orNull(range: Range): Range {
  return { text: `${range.text} or null`, accepts: (v) => v === null || range.accepts(v), outside: range.outside, wrongType: range.wrongType };
}

/**
 * A schedule (a number, "lin_<start>" or {start, end, fraction}) whose values lie in `range`;
 * a linear schedule may end at 0 (RL Zoo's "lin_" schedules fall to 0 at the end of training).
 * `resolveAgentConfig` parses the schedule and checks its start and end with `scheduleValue`.
 *
 * @example schedule(numberIn({ min: 0, minOpen: true })).text // 'a number > 0, "lin_<start>" or {start, end, fraction} with such values'
 */
export function schedule(range: Range): Range {
  return {
    text: `${range.text}, "lin_<start>" or {start, end, fraction} with such values`,
    accepts: (v) => typeof v === 'number' ? range.accepts(v) : typeof v === 'string' || (typeof v === 'object' && v !== null && !Array.isArray(v)),
    outside: [...range.outside, 'lin_-1'],
    wrongType: true,
    scheduleValue: range,
  };
}

/** Shared ranges, named for what they mean. */
export const RANGES = {
  seed: integerIn(),
  positiveInteger: integerIn({ min: 1 }),
  nonNegativeInteger: integerIn({ min: 0 }),
  positive: numberIn({ min: 0, minOpen: true }),
  nonNegative: numberIn({ min: 0 }),
  fraction: numberIn({ min: 0, max: 1 }),
  /** A discount factor or GAE lambda: 1 is allowed, 0 too (myopic). */
  discount: numberIn({ min: 0, max: 1 }),
  anyNumber: numberIn(),
  learningRate: schedule(numberIn({ min: 0, minOpen: true })),
  /** Gradient clipping: 0 turns it off. */
  maxGradNorm: numberIn({ min: 0 }),
} as const;

/** Ranges of the policy network keys (PolicyNetworkConfig) that A2C, PPO and REINFORCE share. */
export const POLICY_NETWORK_RANGES = {
  netArch: layerSizes,
  activation: oneOf(...ACTIVATIONS),
  orthoInit: boolean,
  logStdInit: RANGES.anyNumber,
  squash: oneOf('tanh', 'clip'),
} as const;
