import { describe, expect, it } from 'vitest';
import { Box } from '../../src/core/spaces/box.js';
import { Dict } from '../../src/core/spaces/dict.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { MultiBinary } from '../../src/core/spaces/multi-binary.js';
import { MultiDiscrete } from '../../src/core/spaces/multi-discrete.js';
import type { Space } from '../../src/core/spaces/space.js';
import { Tuple } from '../../src/core/spaces/tuple.js';

/** One space of each kind, including a nested composite, built fresh for each test. */
function everySpace(): Record<string, Space<unknown>> {
  return {
    box: new Box([-1, 0, -Infinity], [1, 5, Infinity]),
    boxUint8: new Box(0, 255, [2, 3], { dtype: 'uint8' }),
    boxHalfBounded: new Box([0, -Infinity], [Infinity, 0], undefined, { dtype: 'float64' }),
    discrete: new Discrete(5, -2),
    multiDiscrete: new MultiDiscrete([3, 2, 4], { start: [0, 1, -1] }),
    multiBinary: new MultiBinary([2, 3]),
    dict: new Dict({ position: new Box(-1, 1, [2]), goal: new Discrete(4) }),
    nested: new Tuple([new Discrete(2), new Dict({ bits: new MultiBinary(3), inner: new Tuple([new MultiDiscrete([2, 2])]) })]),
  };
}

describe('every space', () => {
  for (const [name, space] of Object.entries(everySpace())) {
    it(`${name}: samples are in the space`, () => {
      space.seed(7);
      for (let i = 0; i < 200; i++) {
        const sample = space.sample();
        expect(space.whyNotContained(sample)).toBeUndefined();
      }
    });

    it(`${name}: the same seed gives the same samples, another seed different ones`, () => {
      const a = everySpace()[name]!;
      const b = everySpace()[name]!;
      const c = everySpace()[name]!;
      expect(a.seed(123)).toEqual(b.seed(123));
      c.seed(124);
      const draw = (s: Space<unknown>) => JSON.stringify(Array.from({ length: 20 }, () => toPlain(s.sample())));
      const fromA = draw(a);
      expect(draw(b)).toBe(fromA);
      expect(draw(c)).not.toBe(fromA);
    });
  }
});

/** Typed arrays as plain arrays so that JSON can compare samples. */
function toPlain(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  return value;
}

describe('MultiDiscrete', () => {
  const space = new MultiDiscrete([3, 2], { start: [1, -1] });

  it('holds integers in [start, start + nvec) per element', () => {
    expect(space.contains(new Int32Array([1, -1]))).toBe(true);
    expect(space.contains([3, 0])).toBe(true);
    expect(space.whyNotContained([4, 0])).toBe('expected an integer in [1, 3] at index 0 (MultiDiscrete([3, 2], start=[1, -1])), got 4');
    expect(space.whyNotContained([1, 0.5])).toBe('expected an integer in [-1, 0] at index 1 (MultiDiscrete([3, 2], start=[1, -1])), got 0.5');
    expect(space.whyNotContained([1])).toBe('expected 2 integers (MultiDiscrete([3, 2], start=[1, -1])), got 1: [1]');
    expect(space.whyNotContained(2)).toBe('expected an Int32Array of 2 integers (MultiDiscrete([3, 2], start=[1, -1])), got 2');
  });

  it('samples every value of each element about equally often', () => {
    const counts = [new Array(3).fill(0), new Array(2).fill(0)];
    space.seed(1);
    for (let i = 0; i < 6000; i++) {
      const [a, b] = space.sample();
      counts[0]![a! - 1]++;
      counts[1]![b! + 1]++;
    }
    for (const c of counts[0]!) expect(c).toBeGreaterThan(1800);
    for (const c of counts[1]!) expect(c).toBeGreaterThan(2800);
  });

  it('refuses bad nvec, start and shape', () => {
    expect(() => new MultiDiscrete([3, 0])).toThrow('MultiDiscrete nvec must hold positive integers, got 0 at index 1 of [3, 0]');
    expect(() => new MultiDiscrete([3, 2], { start: [0] })).toThrow('MultiDiscrete start must be one integer or 2 integers (one per element), got [0]');
    expect(() => new MultiDiscrete([3, 2], { shape: [3] })).toThrow('MultiDiscrete shape [3] does not hold the 2 values of nvec');
  });
});

describe('MultiBinary', () => {
  it('holds 0/1 arrays of the right length', () => {
    const space = new MultiBinary(3);
    expect(space.contains(new Uint8Array([0, 1, 1]))).toBe(true);
    expect(space.contains([1, 0, 0])).toBe(true);
    expect(space.whyNotContained([0, 2, 1])).toBe('expected 0 or 1 at index 1 (MultiBinary(3)), got 2');
    expect(space.whyNotContained(new Uint8Array(4))).toBe('expected 3 zeros and ones (MultiBinary(3)), got 4: Uint8Array[0, 0, 0, 0]');
    expect(space.whyNotContained([true, false, true])).toBe('expected a Uint8Array of 3 zeros and ones (MultiBinary(3)), got [true, false, true]');
  });

  it('keeps a shape and draws each bit with probability 1/2', () => {
    const space = new MultiBinary([2, 5], 3);
    expect(space.size).toBe(10);
    let ones = 0;
    for (let i = 0; i < 1000; i++) ones += space.sample().reduce((a, b) => a + b, 0);
    expect(ones / 10000).toBeGreaterThan(0.48);
    expect(ones / 10000).toBeLessThan(0.52);
  });
});

describe('Dict', () => {
  const space = new Dict({ position: new Box(-1, 1, [2]), goal: new Discrete(4) });

  it('needs exactly its keys, each value in its subspace', () => {
    expect(space.contains({ position: new Float32Array([0, 1]), goal: 3 })).toBe(true);
    expect(space.whyNotContained({ position: new Float32Array([0, 1]) })).toBe(
      "expected an object with keys ['position', 'goal'], got one without 'goal': {position: Float32Array[0, 1]}",
    );
    expect(space.whyNotContained({ position: [0, 0], goal: 1, speed: 2 })).toBe("expected an object with keys ['position', 'goal'], got an unexpected key 'speed'");
    expect(space.whyNotContained({ position: [0, 0], goal: 4 })).toBe('at goal: expected an integer in [0, 3], got 4');
    expect(space.whyNotContained([0, 1])).toBe("expected an object with keys ['position', 'goal'] (Dict(position: Box(-1, 1, [2], float32), goal: Discrete(4))), got [0, 1]");
  });

  it('names the full path to a bad value in nested spaces', () => {
    const nested = new Tuple([new Discrete(2), new Dict({ 'arm joints': new Box(0, 1, [2]), inner: new Tuple([new MultiBinary(2)]) })]);
    expect(nested.whyNotContained([1, { 'arm joints': [0, 2], inner: [[0, 1]] }])).toBe(
      'at [1]["arm joints"]: expected Box(0, 1, [2], float32), got 2 at index 1, outside [0, 1]',
    );
    expect(nested.whyNotContained([1, { 'arm joints': [0, 1], inner: [[0, 3]] }])).toBe('at [1].inner[0]: expected 0 or 1 at index 1 (MultiBinary(2)), got 3');
  });

  it('seeds every subspace from one seed and returns all the seeds', () => {
    const seeds = space.seed(42);
    expect(seeds).toHaveLength(3);
    expect(seeds[0]).toBe(42);
    const position = new Box(-1, 1, [2]);
    position.seed(seeds[1]);
    expect(Array.from(space.sample().position)).toEqual(Array.from(position.sample()));
  });

  it('refuses values that are not spaces', () => {
    expect(() => new Dict({ a: new Discrete(2), b: 3 as unknown as Discrete })).toThrow("Dict: the value at key 'b' must be a Space, got 3");
  });
});

describe('Tuple', () => {
  it('needs an array of the right length', () => {
    const space = new Tuple([new Discrete(3), new Box(0, 1, [1])]);
    expect(space.contains([2, new Float32Array([0.5])])).toBe(true);
    expect(space.whyNotContained([2])).toBe('expected an array of 2 values (Tuple(Discrete(3), Box(0, 1, [1], float32))), got 1: [2]');
    expect(space.whyNotContained([3, [0.5]])).toBe('at [0]: expected an integer in [0, 2], got 3');
  });

  it('seeds subspaces deterministically from the constructor seed', () => {
    const a = new Tuple([new Discrete(100), new Discrete(100)], 5);
    const b = new Tuple([new Discrete(100), new Discrete(100)], 5);
    const drawsA = Array.from({ length: 10 }, () => a.sample());
    expect(Array.from({ length: 10 }, () => b.sample())).toEqual(drawsA);
    // The two subspaces get different seeds, so they do not draw the same numbers.
    expect(drawsA.some(([x, y]) => x !== y)).toBe(true);
  });
});

describe('derivedSeed', () => {
  it('does not move the space’s own stream', () => {
    const a = new Discrete(1000, 0, 9);
    const b = new Discrete(1000, 0, 9);
    a.derivedSeed();
    expect(a.sample()).toBe(b.sample());
    expect(a.derivedSeed()).toBe(b.derivedSeed());
  });
});
