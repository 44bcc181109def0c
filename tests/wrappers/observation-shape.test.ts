import { describe, expect, it } from 'vitest';
import { Box } from '../../src/core/spaces/box.js';
import { Dict } from '../../src/core/spaces/dict.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { FlattenObservation } from '../../src/wrappers/flatten-observation.js';
import { FrameStackObservation } from '../../src/wrappers/frame-stack-observation.js';
import { TransformObservation } from '../../src/wrappers/transform-observation.js';
import { TransformReward } from '../../src/wrappers/transform-reward.js';
import { ScriptedEnv, vectorEnv } from './scripted-env.js';

describe('FrameStackObservation', () => {
  const script = () => vectorEnv([1, 10], [{ observation: [2, 20] }, { observation: [3, 30] }, { observation: [4, 40] }]);

  it('repeats the reset observation as padding, then shifts one frame per step', () => {
    const env = new FrameStackObservation(script(), 3);
    const seen = [env.reset().observation];
    for (let i = 0; i < 3; i++) seen.push(env.step(0).observation);
    expect(seen.map((obs) => Array.from(obs))).toEqual([
      [1, 10, 1, 10, 1, 10],
      [1, 10, 1, 10, 2, 20],
      [1, 10, 2, 20, 3, 30],
      [2, 20, 3, 30, 4, 40],
    ]);
    // Each observation is a fresh array: the first one was not overwritten by later steps.
    expect(seen[0]).toBeInstanceOf(Float32Array);
  });

  it('pads with zeros when asked, and refills the stack on reset', () => {
    const env = new FrameStackObservation(script(), 3, { padding: 'zero' });
    expect(Array.from(env.reset().observation)).toEqual([0, 0, 0, 0, 1, 10]);
    expect(Array.from(env.step(0).observation)).toEqual([0, 0, 1, 10, 2, 20]);
    expect(Array.from(env.reset().observation)).toEqual([0, 0, 0, 0, 1, 10]);
  });

  it('stacks the observation space along a new leading axis', () => {
    const inner = new ScriptedEnv(new Box([0, -1], [1, 1], [2], { dtype: 'float64' }), new Discrete(2), new Float64Array(2), [{ observation: new Float64Array(2) }]);
    const env = new FrameStackObservation(inner, 4);
    expect(env.observationSpace.shape).toEqual([4, 2]);
    expect(env.observationSpace.dtype).toBe('float64');
    expect(Array.from(env.observationSpace.low)).toEqual([0, -1, 0, -1, 0, -1, 0, -1]);
    expect(env.observationSpace.contains(env.reset().observation)).toBe(true);
    expect(() => new FrameStackObservation(inner, 0)).toThrow('FrameStackObservation: stackSize must be a positive integer, got 0');
  });
});

describe('FlattenObservation', () => {
  it('flattens a Dict observation with one-hot Discrete parts', () => {
    const space = new Dict({ position: new Box(-1, 1, [2]), goal: new Discrete(3) });
    const inner = new ScriptedEnv(space, new Discrete(2), { position: new Float32Array([0.5, -0.5]), goal: 2 }, [
      { observation: { position: new Float32Array([1, 0]), goal: 0 } },
    ]);
    const env = new FlattenObservation(inner);
    expect(Array.from(env.reset().observation)).toEqual([0.5, -0.5, 0, 0, 1]);
    expect(Array.from(env.step(0).observation)).toEqual([1, 0, 1, 0, 0]);
    expect(env.observationSpace.toString()).toBe('Box([-1, -1, 0, 0, ...], 1, [5], float32)');
  });

  it('flattens a multi-dimensional Box row-major', () => {
    const inner = new ScriptedEnv(new Box(0, 255, [2, 2], { dtype: 'uint8' }), new Discrete(2), new Uint8Array([1, 2, 3, 4]), []);
    const env = new FlattenObservation(inner);
    expect(env.reset().observation).toEqual(new Float32Array([1, 2, 3, 4]));
    expect(env.observationSpace.shape).toEqual([4]);
  });
});

describe('TransformObservation and TransformReward', () => {
  it('apply the functions and report the given observation space', () => {
    const doubled = new Box<Float32Array>(-200, 200, [1]);
    const env = new TransformReward(
      new TransformObservation(vectorEnv([1], [{ observation: [3], reward: -4 }]), (obs: Float32Array) => obs.map((v) => v * 2), doubled),
      (reward) => Math.sign(reward),
    );
    expect(Array.from(env.reset().observation)).toEqual([2]);
    const result = env.step(0);
    expect(Array.from(result.observation)).toEqual([6]);
    expect(result.reward).toBe(-1);
    expect(env.observationSpace).toBe(doubled);
  });

  it('keeps the inner space when none is given', () => {
    const inner = vectorEnv([1], [{ observation: [3] }]);
    expect(new TransformObservation(inner, (obs: Float32Array) => obs).observationSpace).toBe(inner.observationSpace);
  });
});
