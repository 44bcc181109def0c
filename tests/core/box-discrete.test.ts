import { describe, expect, it } from 'vitest';
import { Box } from '../../src/core/spaces/box.js';
import { Discrete } from '../../src/core/spaces/discrete.js';

describe('Box', () => {
  it('compares float32 values against bounds rounded to float32', () => {
    const space = new Box(0, 0.1, [1]);
    // 0.1 is not a float32; the float32 nearest to it is a little above 0.1 and must be accepted.
    expect(Math.fround(0.1)).toBeGreaterThan(0.1);
    expect(space.contains(new Float32Array([0.1]))).toBe(true);
    expect(new Box(0, 0.1, [1], { dtype: 'float64' }).contains([Math.fround(0.1)])).toBe(false);
  });

  it('explains values of the wrong length, NaN and out-of-range values', () => {
    const space = new Box(-1, 1, [2]);
    expect(space.whyNotContained([0])).toBe('expected 2 values (Box(-1, 1, [2], float32)), got 1: [0]');
    expect(space.whyNotContained([0, NaN])).toBe('expected Box(-1, 1, [2], float32), got NaN at index 1: [0, NaN]');
    expect(space.whyNotContained([0, 1.5])).toBe('expected Box(-1, 1, [2], float32), got 1.5 at index 1, outside [-1, 1]');
    expect(space.whyNotContained('ab')).toBe('expected a float32 array of length 2 (Box(-1, 1, [2], float32)), got "ab"');
  });

  it('refuses non-integers in integer boxes', () => {
    const space = new Box(0, 255, [2], { dtype: 'uint8' });
    expect(space.whyNotContained([1, 2.5])).toBe('expected integers (Box(0, 255, [2], uint8)), got 2.5 at index 1');
    expect(space.sample()).toBeInstanceOf(Uint8Array);
  });

  it('samples half-bounded dimensions on the bounded side and unbounded ones around 0', () => {
    const space = new Box([2, -Infinity, -Infinity], [Infinity, -3, Infinity], undefined, { dtype: 'float64', seed: 0 });
    let mean = 0;
    let lowestFirst = Infinity;
    let highestSecond = -Infinity;
    const draws = 4000;
    for (let i = 0; i < draws; i++) {
      const [a, b, c] = space.sample();
      lowestFirst = Math.min(lowestFirst, a!);
      highestSecond = Math.max(highestSecond, b!);
      mean += c! / draws;
    }
    expect(lowestFirst).toBeGreaterThanOrEqual(2);
    expect(highestSecond).toBeLessThanOrEqual(-3);
    // Standard normal: the mean of 4000 draws has standard error 1/sqrt(4000) ~ 0.016.
    expect(Math.abs(mean)).toBeLessThan(0.07);
  });

  it('refuses inverted bounds and mismatched lengths', () => {
    expect(() => new Box([0, 1], [1, 0])).toThrow('Box bounds must satisfy low <= high, got low[1]=1, high[1]=0');
    expect(() => new Box([0, 0], [1, 1, 1])).toThrow('Box high has 3 values but the shape has 2 elements');
  });
});

describe('Discrete', () => {
  it('holds the integers start .. start + n - 1', () => {
    const space = new Discrete(3, -1);
    expect([-2, -1, 0, 1, 2].map((v) => space.contains(v))).toEqual([false, true, true, true, false]);
    expect(space.whyNotContained(0.5)).toBe('expected an integer in [-1, 1], got 0.5');
    expect(space.whyNotContained('1')).toBe('expected an integer in [-1, 1], got string "1"');
    expect(space.toString()).toBe('Discrete(3, start=-1)');
  });

  it('samples every value', () => {
    const space = new Discrete(4, 10, 1);
    const seen = new Set(Array.from({ length: 200 }, () => space.sample()));
    expect([...seen].sort()).toEqual([10, 11, 12, 13]);
  });
});
