import { describe, expect, it } from 'vitest';
import { batchSpace } from '../../src/core/spaces/batch.js';
import { Box } from '../../src/core/spaces/box.js';
import { Dict } from '../../src/core/spaces/dict.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { flatdim, flatten, flattenSpace, unflatten } from '../../src/core/spaces/flatten.js';
import { spaceFromJSON } from '../../src/core/spaces/from-json.js';
import { MultiBinary } from '../../src/core/spaces/multi-binary.js';
import { MultiDiscrete } from '../../src/core/spaces/multi-discrete.js';
import type { Space, SpaceJSON } from '../../src/core/spaces/space.js';
import { Tuple } from '../../src/core/spaces/tuple.js';

function everySpace(): Space<unknown>[] {
  return [
    new Box([-1, 0, -Infinity], [1, 5, Infinity]),
    new Box(0, 255, [2, 3], { dtype: 'uint8' }),
    new Box(-2, 2, [2], { dtype: 'int32' }),
    new Discrete(5, -2),
    new MultiDiscrete([3, 2, 4], { start: [0, 1, -1] }),
    new MultiDiscrete([2, 2, 2, 2], { shape: [2, 2] }),
    new MultiBinary([2, 3]),
    new Dict({ position: new Box(-1, 1, [2], { dtype: 'float64' }), goal: new Discrete(4) }),
    new Tuple([new Discrete(2), new Dict({ bits: new MultiBinary(3), inner: new Tuple([new MultiDiscrete([2, 3])]) })]),
  ];
}

describe('spaceFromJSON', () => {
  for (const space of everySpace()) {
    it(`round-trips ${space.toString()} through JSON text`, () => {
      const text = JSON.stringify(space.toJSON());
      const back = spaceFromJSON(JSON.parse(text) as SpaceJSON);
      expect(back.constructor).toBe(space.constructor);
      expect(back.toString()).toBe(space.toString());
      expect(back.equals(space)).toBe(true);
      expect(JSON.stringify(back.toJSON())).toBe(text);
    });
  }

  it('writes infinite Box bounds as "inf" strings', () => {
    expect(JSON.stringify(new Box(-Infinity, Infinity, [1]).toJSON())).toBe('{"type":"Box","shape":[1],"dtype":"float32","low":["-inf"],"high":["inf"]}');
  });

  it('says which field of which subspace is malformed', () => {
    expect(() => spaceFromJSON({ type: 'Cube' } as unknown as SpaceJSON)).toThrow(
      'spaceFromJSON: space.type must be one of Box, Discrete, MultiDiscrete, MultiBinary, Dict, Tuple, got "Cube"',
    );
    const badTuple = { type: 'Tuple', spaces: [{ type: 'Discrete', n: 2 }, { type: 'Box', shape: [1], low: ['-inf'], high: ['big'] }] };
    expect(() => spaceFromJSON(badTuple as unknown as SpaceJSON)).toThrow('spaceFromJSON: space.spaces[1].high[0] must be a number or "inf"/"-inf", got "big"');
    expect(() => spaceFromJSON({ type: 'Discrete', n: 0 } as SpaceJSON)).toThrow(
      'spaceFromJSON: space ({type: "Discrete", n: 0}) is not a valid space: Discrete needs a positive integer n, got 0',
    );
    expect(() => spaceFromJSON({ type: 'Dict', spaces: [] } as unknown as SpaceJSON)).toThrow('spaceFromJSON: space.spaces must be an object in a Dict space, got []');
  });
});

describe('flatten', () => {
  it('one-hot encodes Discrete and each MultiDiscrete element', () => {
    expect(Array.from(flatten(new Discrete(3, 1), 2))).toEqual([0, 1, 0]);
    expect(Array.from(flatten(new MultiDiscrete([2, 3], { start: [0, -1] }), new Int32Array([1, -1])))).toEqual([0, 1, 1, 0, 0]);
  });

  it('concatenates Dict subspaces in key order and Tuple subspaces in order', () => {
    const space = new Tuple([new Dict({ b: new Discrete(2), a: new Box(-5, 5, [2]) }), new MultiBinary(2)]);
    expect(flatdim(space)).toBe(6);
    const flat = flatten(space, [{ b: 1, a: new Float32Array([3.5, -4]) }, new Uint8Array([1, 0])]);
    expect(Array.from(flat)).toEqual([0, 1, 3.5, -4, 1, 0]);
  });

  for (const space of everySpace()) {
    it(`unflatten(flatten(x)) is x for ${space.toString()}`, () => {
      space.seed(11);
      for (let i = 0; i < 20; i++) {
        const x = space.sample();
        const flat = flatten(space, x);
        expect(flat).toHaveLength(flatdim(space));
        expect(flattenSpace(space).contains(flat)).toBe(true);
        const back = unflatten(space, flat);
        expect(space.contains(back)).toBe(true);
        expect(flatten(space, back)).toEqual(flat);
      }
    });
  }

  it('keeps typed arrays of the subspace dtype when unflattening', () => {
    const space = new Dict({ image: new Box(0, 255, [2], { dtype: 'uint8' }), bits: new MultiBinary(2), ids: new MultiDiscrete([4]) });
    const back = unflatten(space, [7, 200, 1, 0, 0, 0, 1, 0]);
    expect(back.image).toEqual(new Uint8Array([7, 200]));
    expect(back.bits).toEqual(new Uint8Array([1, 0]));
    expect(back.ids).toEqual(new Int32Array([2]));
  });

  it('writes into a given buffer and refuses values outside the space', () => {
    const out = new Float32Array(3);
    expect(flatten(new Discrete(3), 2, out)).toBe(out);
    expect(Array.from(out)).toEqual([0, 0, 1]);
    expect(() => flatten(new Discrete(3), 3)).toThrow('flatten(Discrete(3)): the value is not in the space: expected an integer in [0, 2], got 3');
    expect(() => unflatten(new Discrete(3), [0, 0])).toThrow('unflatten(Discrete(3)): expected 3 values, got 2: [0, 0]');
    expect(() => unflatten(new Discrete(3), [0, 0, 0])).toThrow('unflatten(Discrete(3)): expected a one-hot block at offset 0, got all zeros: [0, 0, 0]');
  });

  it('flattenSpace gives [0, 1] bounds to one-hot parts and keeps Box bounds', () => {
    const flat = flattenSpace(new Tuple([new Discrete(2), new Box([-1, -Infinity], [1, 3])]));
    expect(flat.toString()).toBe('Box([0, 0, -1, -Infinity], [1, 1, 1, 3], [4], float32)');
  });
});

describe('batchSpace', () => {
  it('adds a leading dimension to Box, MultiDiscrete and MultiBinary', () => {
    const box = batchSpace(new Box([-1, 0], [1, 2]), 3) as Box;
    expect(box.shape).toEqual([3, 2]);
    expect(Array.from(box.low)).toEqual([-1, 0, -1, 0, -1, 0]);
    expect(Array.from(box.high)).toEqual([1, 2, 1, 2, 1, 2]);
    const multi = batchSpace(new MultiDiscrete([2, 3], { start: [0, 5] }), 2) as MultiDiscrete;
    expect(multi.shape).toEqual([2, 2]);
    expect(Array.from(multi.nvec)).toEqual([2, 3, 2, 3]);
    expect(Array.from(multi.start)).toEqual([0, 5, 0, 5]);
    expect(batchSpace(new MultiBinary([2, 2]), 4).shape).toEqual([4, 2, 2]);
  });

  it('turns Discrete into MultiDiscrete and batches Dict and Tuple subspaces', () => {
    expect(batchSpace(new Discrete(2, 1), 4).toString()).toBe('MultiDiscrete([2, 2, 2, 2], start=[1, 1, 1, 1])');
    const batched = batchSpace(new Dict({ a: new Discrete(3), b: new Tuple([new Box(0, 1, [2])]) }), 2);
    expect(batched.toString()).toBe('Dict(a: MultiDiscrete([3, 3]), b: Tuple(Box(0, 1, [2, 2], float32)))');
  });

  it('is seeded from the single space', () => {
    const a = batchSpace(new Box(0, 1, [2], { seed: 3 }), 4);
    const b = batchSpace(new Box(0, 1, [2], { seed: 3 }), 4);
    expect(a.sample()).toEqual(b.sample());
  });
});
