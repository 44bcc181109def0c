import { PalestraError } from '../errors.js';
import { Box } from './box.js';
import { Dict } from './dict.js';
import { Discrete } from './discrete.js';
import { MultiBinary } from './multi-binary.js';
import { MultiDiscrete } from './multi-discrete.js';
import type { Space } from './space.js';
import { Tuple } from './tuple.js';

/**
 * The space of `n` stacked elements of `space`, as a vector env's observation or action space
 * (Gymnasium's `batch_space`): a Box gains a leading dimension n, Discrete becomes a
 * MultiDiscrete of n elements, MultiDiscrete and MultiBinary gain a leading dimension, and Dict
 * and Tuple batch each subspace. The batched space is seeded from `space`'s generator.
 *
 * @example batchSpace(new Discrete(2), 4).toString() // MultiDiscrete([2, 2, 2, 2])
 */
export function batchSpace(space: Space<unknown>, n: number): Space<unknown> {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`batchSpace needs a positive integer n, got ${n}`);
  const seed = space.derivedSeed();
  if (space instanceof Box) {
    return new Box(repeat(space.low, n), repeat(space.high, n), [n, ...space.shape], { dtype: space.dtype, seed });
  }
  if (space instanceof Discrete) {
    return new MultiDiscrete(new Array<number>(n).fill(space.n), { start: space.start, seed });
  }
  if (space instanceof MultiDiscrete) {
    return new MultiDiscrete(repeat(space.nvec, n), { start: repeat(space.start, n), shape: [n, ...space.shape], seed });
  }
  if (space instanceof MultiBinary) return new MultiBinary([n, ...space.shape], seed);
  if (space instanceof Dict) {
    const batched: Record<string, Space<unknown>> = {};
    for (const key of space.keys) batched[key] = batchSpace(space.spaces[key]!, n);
    return new Dict(batched);
  }
  if (space instanceof Tuple) return new Tuple(space.spaces.map((sub) => batchSpace(sub, n)));
  throw new PalestraError(`batchSpace: expected a Box, Discrete, MultiDiscrete, MultiBinary, Dict or Tuple space, got ${String(space)} (${space.constructor.name})`);
}

/** `values` repeated `times` times, end to end. */
function repeat(values: ArrayLike<number>, times: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < times; t++) for (let i = 0; i < values.length; i++) out.push(values[i]!);
  return out;
}
