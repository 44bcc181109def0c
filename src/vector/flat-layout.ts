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
    default:
      throw new EnvError(`${owner}: vector envs need a flat space (Box, Discrete, MultiDiscrete or MultiBinary), got ${space.toString()}`);
  }
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
