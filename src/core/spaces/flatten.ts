import { describeValue, PalestraError } from '../errors.js';
import { Box } from './box.js';
import { Dict } from './dict.js';
import { Discrete } from './discrete.js';
import { MultiBinary } from './multi-binary.js';
import { MultiDiscrete } from './multi-discrete.js';
import type { Space } from './space.js';
import { Tuple } from './tuple.js';

/**
 * Flat float32 views of any space, for agents whose networks take one vector (Gymnasium's
 * `flatten`, `unflatten`, `flatdim`, `flatten_space`):
 * - Box: its elements, row-major; MultiBinary: its bits as 0/1.
 * - Discrete: a one-hot vector of length n; MultiDiscrete: one one-hot block per element.
 * - Dict (in key order) and Tuple: the flat forms of their subspaces, concatenated.
 */

/**
 * The length of `flatten(space, x)`.
 *
 * @example flatdim(new Dict({ a: new Discrete(3), b: new Box(0, 1, [2, 2]) })) // 7
 */
export function flatdim(space: Space<unknown>): number {
  if (space instanceof Box || space instanceof MultiBinary) return space.size;
  if (space instanceof Discrete) return space.n;
  if (space instanceof MultiDiscrete) return space.nvec.reduce((sum, n) => sum + n, 0);
  if (space instanceof Dict) return space.keys.reduce((sum, key) => sum + flatdim(space.spaces[key]!), 0);
  if (space instanceof Tuple) return space.spaces.reduce((sum, sub) => sum + flatdim(sub), 0);
  throw unsupported('flatdim', space);
}

/**
 * `x` as one float32 vector of length `flatdim(space)`, written into `out` when given.
 *
 * @example flatten(new Discrete(3), 1) // Float32Array[0, 1, 0]
 */
export function flatten<T>(space: Space<T>, x: T, out?: Float32Array): Float32Array {
  const problem = space.whyNotContained(x);
  if (problem !== undefined) throw new PalestraError(`flatten(${space.toString()}): the value is not in the space: ${problem}`);
  const dim = flatdim(space);
  const target = out ?? new Float32Array(dim);
  if (target.length !== dim) throw new PalestraError(`flatten(${space.toString()}): out must have ${dim} entries, got ${target.length}`);
  writeFlat(space, x, target, 0);
  return target;
}

/**
 * The element whose flat form is `flat`: `unflatten(space, flatten(space, x))` equals `x`
 * (float64 Box values come back rounded to float32). One-hot blocks are read as the index of
 * their first non-zero entry, as Gymnasium does.
 *
 * @example unflatten(new Discrete(3), new Float32Array([0, 0, 1])) // 2
 */
export function unflatten<T>(space: Space<T>, flat: ArrayLike<number>): T {
  const dim = flatdim(space);
  if (flat.length !== dim) throw new PalestraError(`unflatten(${space.toString()}): expected ${dim} values, got ${flat.length}: ${describeValue(flat)}`);
  return readFlat(space, flat, 0).value as T;
}

/**
 * The float32 Box that holds the flat forms of `space`'s elements (bounds [0, 1] for one-hot
 * and binary parts), seeded from `space` so that its samples are as reproducible.
 *
 * @example flattenSpace(new Tuple([new Discrete(2), new Box(-1, 1, [3])])) // Box([0, 0, -1, ...], [1, 1, 1, ...], [5], float32)
 */
export function flattenSpace(space: Space<unknown>): Box<Float32Array> {
  const low: number[] = [];
  const high: number[] = [];
  collectBounds(space, low, high);
  return new Box<Float32Array>(low, high, [low.length], { seed: space.derivedSeed() });
}

function writeFlat(space: Space<unknown>, x: unknown, out: Float32Array, offset: number): number {
  if (space instanceof Box || space instanceof MultiBinary) {
    const values = x as ArrayLike<number>;
    for (let i = 0; i < values.length; i++) out[offset + i] = values[i]!;
    return offset + values.length;
  }
  if (space instanceof Discrete) {
    out.fill(0, offset, offset + space.n);
    out[offset + (x as number) - space.start] = 1;
    return offset + space.n;
  }
  if (space instanceof MultiDiscrete) {
    const values = x as ArrayLike<number>;
    for (let i = 0; i < space.size; i++) {
      const n = space.nvec[i]!;
      out.fill(0, offset, offset + n);
      out[offset + values[i]! - space.start[i]!] = 1;
      offset += n;
    }
    return offset;
  }
  if (space instanceof Dict) {
    const record = x as Record<string, unknown>;
    for (const key of space.keys) offset = writeFlat(space.spaces[key]!, record[key], out, offset);
    return offset;
  }
  if (space instanceof Tuple) {
    const items = x as unknown[];
    space.spaces.forEach((sub, i) => (offset = writeFlat(sub, items[i], out, offset)));
    return offset;
  }
  throw unsupported('flatten', space);
}

function readFlat(space: Space<unknown>, flat: ArrayLike<number>, offset: number): { value: unknown; next: number } {
  if (space instanceof Box) {
    const value = space.zeros();
    for (let i = 0; i < space.size; i++) value[i] = flat[offset + i]!;
    return { value, next: offset + space.size };
  }
  if (space instanceof MultiBinary) {
    const value = new Uint8Array(space.size);
    for (let i = 0; i < space.size; i++) value[i] = flat[offset + i] !== 0 ? 1 : 0;
    return { value, next: offset + space.size };
  }
  if (space instanceof Discrete) {
    return { value: space.start + firstNonZero(flat, offset, space.n, space), next: offset + space.n };
  }
  if (space instanceof MultiDiscrete) {
    const value = new Int32Array(space.size);
    for (let i = 0; i < space.size; i++) {
      value[i] = space.start[i]! + firstNonZero(flat, offset, space.nvec[i]!, space);
      offset += space.nvec[i]!;
    }
    return { value, next: offset };
  }
  if (space instanceof Dict) {
    const value: Record<string, unknown> = {};
    for (const key of space.keys) ({ value: value[key], next: offset } = readFlat(space.spaces[key]!, flat, offset));
    return { value, next: offset };
  }
  if (space instanceof Tuple) {
    const value = space.spaces.map((sub) => {
      const read = readFlat(sub, flat, offset);
      offset = read.next;
      return read.value;
    });
    return { value, next: offset };
  }
  throw unsupported('unflatten', space);
}

function firstNonZero(flat: ArrayLike<number>, offset: number, n: number, space: Space<unknown>): number {
  for (let i = 0; i < n; i++) if (flat[offset + i] !== 0) return i;
  const block = Array.from({ length: n }, (_, i) => flat[offset + i]);
  throw new PalestraError(`unflatten(${space.toString()}): expected a one-hot block at offset ${offset}, got all zeros: ${describeValue(block)}`);
}

function collectBounds(space: Space<unknown>, low: number[], high: number[]): void {
  if (space instanceof Box) {
    low.push(...space.low);
    high.push(...space.high);
  } else if (space instanceof Discrete || space instanceof MultiDiscrete || space instanceof MultiBinary) {
    const dim = flatdim(space);
    for (let i = 0; i < dim; i++) {
      low.push(0);
      high.push(1);
    }
  } else if (space instanceof Dict) {
    for (const key of space.keys) collectBounds(space.spaces[key]!, low, high);
  } else if (space instanceof Tuple) {
    for (const sub of space.spaces) collectBounds(sub, low, high);
  } else {
    throw unsupported('flattenSpace', space);
  }
}

function unsupported(operation: string, space: Space<unknown>): PalestraError {
  return new PalestraError(`${operation}: expected a Box, Discrete, MultiDiscrete, MultiBinary, Dict or Tuple space, got ${String(space)} (${space.constructor.name})`);
}
