import { describe, expect, it } from 'vitest';
import { Box, type BoxArray } from '../../src/core/spaces/box.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { ClipAction } from '../../src/wrappers/clip-action.js';
import { RescaleAction, rescale } from '../../src/wrappers/rescale-action.js';
import { ScriptedEnv } from './scripted-env.js';

function boxActionEnv(low: number[], high: number[]) {
  return new ScriptedEnv<Float32Array, BoxArray>(new Box<Float32Array>(0, 1, [1]), new Box(low, high), new Float32Array([0]), [{ observation: new Float32Array([0]) }]);
}

describe('ClipAction', () => {
  it('clips each element into the inner bounds and exposes an unbounded action space', () => {
    const inner = boxActionEnv([-1, 0], [1, 2]);
    const env = new ClipAction(inner);
    env.reset();
    env.step([5, -3]);
    env.step(new Float32Array([0.5, 1.5]));
    expect(inner.actions.map((a) => Array.from(a))).toEqual([
      [1, 0],
      [0.5, 1.5],
    ]);
    expect(inner.actions[0]).toBeInstanceOf(Float32Array);
    expect(env.actionSpace.toString()).toBe('Box(-Infinity, Infinity, [2], float32)');
  });

  it('refuses NaN and wrong lengths, and envs without a Box action space', () => {
    const env = new ClipAction(boxActionEnv([-1, 0], [1, 2]));
    expect(() => env.step([NaN, 0])).toThrow('env ClipAction: invalid action: expected Box(-Infinity, Infinity, [2], float32), got NaN at index 0: [NaN, 0]');
    expect(() => env.step([0])).toThrow('env ClipAction: invalid action: expected 2 values');
    const discrete = new ScriptedEnv(new Discrete(2), new Discrete(2), 0, [{ observation: 0 }]);
    expect(() => new ClipAction(discrete as never)).toThrow('ClipAction needs an env with a Box action space, got Discrete(2)');
  });
});

describe('RescaleAction', () => {
  it('maps [min, max] affinely onto the inner bounds', () => {
    const inner = boxActionEnv([0, -2], [10, 2]);
    const env = new RescaleAction(inner, -1, 1);
    env.reset();
    for (const action of [[-1, 1], [0, 0], [0.5, -0.5], [1, -1]]) env.step(action);
    // low + (high - low) * (a - min) / (max - min), element by element.
    expect(inner.actions.map((a) => Array.from(a))).toEqual([
      [0, 2],
      [5, 0],
      [7.5, -1],
      [10, -2],
    ]);
    expect(env.actionSpace.toString()).toBe('Box(-1, 1, [2], float32)');
  });

  it('takes per-element ranges', () => {
    const inner = boxActionEnv([0, 0], [1, 1]);
    const env = new RescaleAction(inner, [0, -4], [2, 4]);
    env.step([1, 2]);
    expect(Array.from(inner.actions[0]!)).toEqual([0.5, 0.75]);
  });

  it('refuses actions outside [min, max], unbounded inner spaces and empty ranges', () => {
    const env = new RescaleAction(boxActionEnv([0, -2], [10, 2]), -1, 1);
    expect(() => env.step([1.5, 0])).toThrow('env RescaleAction: invalid action: expected Box(-1, 1, [2], float32), got 1.5 at index 0, outside [-1, 1]');
    expect(() => new RescaleAction(boxActionEnv([0], [Infinity]), -1, 1)).toThrow('RescaleAction needs finite action bounds, got Box(0, Infinity, [1], float32)');
    expect(() => new RescaleAction(boxActionEnv([0], [1]), 1, 1)).toThrow('RescaleAction needs finite minAction < maxAction, got 1 and 1');
  });

  it('rescale() clips results that rounding pushes past the target', () => {
    expect(rescale(0.25, 0, 1, 10, 20)).toBe(12.5);
    expect(rescale(1, 0, 1, 0, 0.3)).toBe(0.3);
    expect(rescale(-1, -1, 1, 0.1, 0.7)).toBe(0.1);
  });
});
