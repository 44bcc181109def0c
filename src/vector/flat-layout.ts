import { describeValue, EnvError } from '../core/errors.js';
import type { Space } from '../core/spaces/space.js';
import type { BatchArray } from './types.js';

/** A typed-array constructor for one of the batch element types. */
export type BatchArrayConstructor = { new (length: number): BatchArray; new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): BatchArray; readonly BYTES_PER_ELEMENT: number };

/**
 * How one element of a flat space (Box, Discrete, MultiDiscrete, MultiBinary) sits in a batch:
 * `size` numbers of type `arrayType`, each within [low[j], high[j]] (integers when `integral`).
 */
export interface FlatLayout {
  /** 'Discrete' elements are plain numbers; the others are arrays of `size` numbers. */
  readonly kind: 'Box' | 'Discrete' | 'MultiDiscrete' | 'MultiBinary';
  readonly size: number;
  readonly arrayType: BatchArrayConstructor;
  readonly low: Float64Array;
  readonly high: Float64Array;
  readonly integral: boolean;
  /**
   * Set for a Dict of Boxes: its entries, in key order, each `size` numbers at `offset` in the
   * flat element (the order of core `flatten`). The batch array is uint8 when every entry is, else
   * float32 (float64 when an entry is).
   */
  readonly entries?: readonly FlatEntry[];
}

/** One entry of a Dict observation inside its flat element. */
export interface FlatEntry {
  readonly key: string;
  readonly shape: readonly number[];
  readonly offset: number;
  readonly size: number;
  readonly dtype: 'uint8' | 'float32' | 'float64' | 'int32';
  readonly low: Float64Array;
  readonly high: Float64Array;
}

const BOX_ARRAYS: Record<string, BatchArrayConstructor> = {
  float32: Float32Array,
  float64: Float64Array,
  uint8: Uint8Array,
  int32: Int32Array,
};

/**
 * The batch layout of a flat space, read from its JSON form (so that any implementation of the
 * four flat spaces works). Throws an EnvError naming the space for Dict, Tuple and the like.
 *
 * @example flatLayout(new Discrete(2)) // { kind: 'Discrete', size: 1, arrayType: Int32Array, low: [0], high: [1], integral: true }
 */
export function flatLayout(space: Space<unknown>, owner: string): FlatLayout {
  const json = space.toJSON() as unknown as Record<string, unknown>;
  const size = (space.shape ?? []).reduce((a, b) => a * b, 1);
  switch (json['type']) {
    case 'Box': {
      const dtype = json['dtype'] as string;
      const roundBound = dtype === 'float32' ? Math.fround : (v: number) => v;
      return {
        kind: 'Box',
        size,
        arrayType: BOX_ARRAYS[dtype] ?? Float64Array,
        low: Float64Array.from(json['low'] as (number | string)[], (v) => roundBound(jsonBound(v))),
        high: Float64Array.from(json['high'] as (number | string)[], (v) => roundBound(jsonBound(v))),
        integral: dtype === 'uint8' || dtype === 'int32',
      };
    }
    case 'Discrete': {
      const start = json['start'] as number;
      return { kind: 'Discrete', size: 1, arrayType: Int32Array, low: Float64Array.of(start), high: Float64Array.of(start + (json['n'] as number) - 1), integral: true };
    }
    case 'MultiDiscrete': {
      const nvec = json['nvec'] as number[];
      const start = json['start'] as number[];
      return { kind: 'MultiDiscrete', size: nvec.length, arrayType: Int32Array, low: Float64Array.from(start), high: Float64Array.from(nvec, (n, j) => start[j]! + n - 1), integral: true };
    }
    case 'MultiBinary':
      return { kind: 'MultiBinary', size, arrayType: Uint8Array, low: new Float64Array(size), high: new Float64Array(size).fill(1), integral: true };
    case 'Dict':
      return dictLayout(space, owner);
    default:
      throw new EnvError(`${owner}: vector envs need a flat space (Box, Discrete, MultiDiscrete or MultiBinary) or a Dict of Boxes, got ${space.toString()}`);
  }
}

/** A Dict of Boxes as one flat element: its entries side by side, in key order. */
function dictLayout(space: Space<unknown>, owner: string): FlatLayout {
  const dict = space as unknown as { keys: readonly string[]; spaces: Record<string, Space<unknown>> };
  const entries: FlatEntry[] = [];
  let offset = 0;
  for (const key of dict.keys) {
    const sub = dict.spaces[key]!;
    const json = sub.toJSON() as unknown as Record<string, unknown>;
    if (json['type'] !== 'Box') {
      throw new EnvError(`${owner}: a Dict observation needs a Box at every key, got ${sub.toString()} at '${key}' of ${space.toString()}`);
    }
    const box = flatLayout(sub, owner);
    entries.push({ key, shape: [...(sub.shape ?? [box.size])], offset, size: box.size, dtype: json['dtype'] as FlatEntry['dtype'], low: box.low, high: box.high });
    offset += box.size;
  }
  if (entries.length === 0) throw new EnvError(`${owner}: a Dict observation needs at least one entry, got ${space.toString()}`);
  const concat = (pick: (e: FlatEntry) => Float64Array) => Float64Array.from(entries.flatMap((e) => Array.from(pick(e))));
  const arrayType = entries.every((e) => e.dtype === 'uint8') ? Uint8Array : entries.some((e) => e.dtype === 'float64') ? Float64Array : Float32Array;
  return { kind: 'Box', size: offset, arrayType, low: concat((e) => e.low), high: concat((e) => e.high), integral: arrayType === Uint8Array, entries };
}

/**
 * Writes one observation into `batch` at `offset`: an array of `layout.size` numbers, a number
 * (size 1), or for a Dict layout an object with an array at every key. Returns false when the
 * observation does not have that form (the caller names the problem).
 *
 * @example writeFlatObservation(layout, { depth, state }, batch, i * layout.size)
 */
export function writeFlatObservation(layout: FlatLayout, observation: unknown, batch: BatchArray, offset: number): boolean {
  const { size, entries } = layout;
  if (entries) {
    if (observation === null || typeof observation !== 'object' || ArrayBuffer.isView(observation)) return false;
    for (const entry of entries) {
      const values = (observation as Record<string, ArrayLike<number>>)[entry.key];
      if (values === null || typeof values !== 'object' || values.length !== entry.size) return false;
      batch.set(values, offset + entry.offset);
    }
    return true;
  }
  if (typeof observation === 'number' && size === 1) {
    batch[offset] = observation;
    return true;
  }
  const values = observation as ArrayLike<number>;
  if (values === null || typeof values !== 'object' || values.length !== size) return false;
  // For a few numbers a plain loop beats TypedArray.set, whose call costs more than the copy.
  if (size <= 16) for (let j = 0; j < size; j++) batch[offset + j] = values[j]!;
  else batch.set(values, offset);
  return true;
}

function jsonBound(v: number | string): number {
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return v as number;
}

/**
 * Checks a batch of actions before any sub-env moves, so that a bad action leaves every
 * sub-env untouched. The error names the sub-env, the value and the single action space.
 */
export function checkBatchActions(actions: ArrayLike<number>, numEnvs: number, layout: FlatLayout, space: Space<unknown>, owner: string): void {
  const expectedLength = numEnvs * layout.size;
  if (actions === null || typeof actions !== 'object' || typeof actions.length !== 'number') {
    throw new EnvError(`${owner}.step(): expected ${expectedLength} actions (${numEnvs} sub-envs x ${layout.size}), got ${describeValue(actions)}`);
  }
  if (actions.length !== expectedLength) {
    throw new EnvError(`${owner}.step(): expected ${expectedLength} actions (${numEnvs} sub-envs x ${layout.size} for ${space.toString()}), got ${actions.length}: ${describeValue(actions)}`);
  }
  const { size, low, high, integral } = layout;
  for (let i = 0, k = 0; i < numEnvs; i++) {
    for (let j = 0; j < size; j++, k++) {
      const value = actions[k]!;
      // `!(a >= b)` is also true for NaN and for non-numbers.
      if (!(value >= low[j]!) || !(value <= high[j]!) || (integral && !Number.isInteger(value))) {
        throw new EnvError(`${owner}.step(): invalid action for sub-env ${i}: ${describeSubAction(actions, i, layout, space)}`);
      }
    }
  }
}

function describeSubAction(actions: ArrayLike<number>, index: number, layout: FlatLayout, space: Space<unknown>): string {
  const start = index * layout.size;
  if (layout.kind === 'Discrete') return space.whyNotContained(actions[start]) ?? `got ${describeValue(actions[start])}`;
  const values = Array.from({ length: layout.size }, (_, j) => actions[start + j]!);
  return space.whyNotContained(values) ?? `got ${describeValue(values)}`;
}
