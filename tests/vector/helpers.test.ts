import { describe, expect, it } from 'vitest';
import { Rng, seedXoshiroWords, xoshiroNextUint32, xoshiroRandom } from '../../src/core/rng.js';
import { Box } from '../../src/core/spaces/box.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { MultiBinary } from '../../src/core/spaces/multi-binary.js';
import { MultiDiscrete } from '../../src/core/spaces/multi-discrete.js';
import { flatLayout } from '../../src/vector/flat-layout.js';
import { resetSeeds } from '../../src/vector/reset-args.js';
import { shardRanges } from '../../src/vector/worker-protocol.js';

describe('vector helpers', () => {
  it('shardRanges splits sub-envs into contiguous ranges whose sizes differ by at most one', () => {
    expect(shardRanges(10, 3)).toEqual([{ start: 0, count: 4 }, { start: 4, count: 3 }, { start: 7, count: 3 }]);
    expect(shardRanges(8192, 2)).toEqual([{ start: 0, count: 4096 }, { start: 4096, count: 4096 }]);
    expect(shardRanges(1, 1)).toEqual([{ start: 0, count: 1 }]);
  });

  it('resetSeeds gives sub-env i the seed s + i, as Gymnasium does', () => {
    expect(resetSeeds(7, 3, 'envs')).toEqual([7, 8, 9]);
    expect(resetSeeds(undefined, 3, 'envs')).toBeUndefined();
    expect(() => resetSeeds([1, 2.5], 2, 'envs')).toThrow('envs.reset(): seed for sub-env 1 must be an integer, got 2.5');
  });

  it('flatLayout reads size, element type and per-element bounds of the four flat spaces', () => {
    const box = flatLayout(new Box([-1, 0], [1, 0.1], undefined, { dtype: 'float32' }), 'x');
    expect([box.kind, box.size, box.arrayType, box.integral]).toEqual(['Box', 2, Float32Array, false]);
    // float32 bounds are compared as float32, as NumPy does: 0.1 becomes 0.10000000149011612.
    expect(Array.from(box.high)).toEqual([1, Math.fround(0.1)]);
    const discrete = flatLayout(new Discrete(3, 2), 'x');
    expect([discrete.size, discrete.arrayType, Array.from(discrete.low), Array.from(discrete.high)]).toEqual([1, Int32Array, [2], [4]]);
    const multiDiscrete = flatLayout(new MultiDiscrete([3, 5]), 'x');
    expect([multiDiscrete.size, Array.from(multiDiscrete.high)]).toEqual([2, [2, 4]]);
    const multiBinary = flatLayout(new MultiBinary([2, 3]), 'x');
    expect([multiBinary.size, multiBinary.arrayType, multiBinary.high[5]]).toEqual([6, Uint8Array, 1]);
  });

  it('the xoshiro word functions draw exactly what an Rng with the same seed draws', () => {
    const words = new Int32Array(12);
    const generators = [3, 4, 2 ** 40 + 5].map((seed, i) => {
      seedXoshiroWords(words, 4 * i, seed);
      return new Rng(seed);
    });
    for (let t = 0; t < 200; t++) {
      generators.forEach((rng, i) => {
        expect(xoshiroRandom(words, 4 * i)).toBe(rng.random());
        expect(xoshiroNextUint32(words, 4 * i)).toBe(rng.nextUint32());
      });
    }
    expect(Array.from(words.subarray(0, 4), (w) => w >>> 0)).toEqual(generators[0]!.getState().slice(0, 4));
  });
});
