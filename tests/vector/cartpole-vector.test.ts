import { describe, expect, it } from 'vitest';
import { CartPoleEnv } from '../../envs/cartpole/cartpole.js';
import { CartPoleVectorEnv } from '../../envs/cartpole/vector.js';
import { make } from '../../src/registry.js';
import { makeVec } from '../../src/vector/make-vec.js';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.js';
import type { AutoresetMode } from '../../src/vector/types.js';
import '../../envs/index.js';
import { expectSameTrajectories } from './same-trajectories.js';

describe('CartPoleVectorEnv', () => {
  it.each<AutoresetMode>(['next-step', 'same-step'])('matches a SyncVectorEnv of make("CartPole-v1") bit for bit, autoresets and truncation included (%s)', (mode) => {
    const numEnvs = 6;
    const batched = new CartPoleVectorEnv(numEnvs, { autoresetMode: mode });
    const reference = new SyncVectorEnv(Array.from({ length: numEnvs }, () => make('CartPole-v1')), { autoresetMode: mode });
    const { episodesEnded, truncations } = expectSameTrajectories(batched, reference, 1100, 2024);
    // The run crossed many episode ends, some of them 500-step truncations.
    expect(episodesEnded).toBeGreaterThan(50);
    expect(truncations).toBeGreaterThanOrEqual(3);
  });

  it('sub-env i reproduces a single CartPoleEnv seeded with seed + i', () => {
    const numEnvs = 4;
    const seed = 77;
    const batched = new CartPoleVectorEnv(numEnvs, { autoresetMode: 'disabled' });
    const singles = Array.from({ length: numEnvs }, () => new CartPoleEnv());
    const { observations } = batched.reset({ seed });
    singles.forEach((env, i) => expect(Array.from(observations.subarray(4 * i, 4 * i + 4))).toEqual(Array.from(env.reset({ seed: seed + i }).observation)));
    // A single env refuses to step past its episode's end, so each is compared up to its end.
    const ended = new Array<boolean>(numEnvs).fill(false);
    for (let t = 0; t < 40; t++) {
      const actions = Int32Array.from({ length: numEnvs }, (_, i) => (t + i) % 3 === 0 ? 1 : 0);
      const result = batched.step(actions);
      singles.forEach((env, i) => {
        if (ended[i]) return;
        const single = env.step(actions[i]!);
        expect(Array.from(result.observations.subarray(4 * i, 4 * i + 4))).toEqual(Array.from(single.observation));
        expect(result.rewards[i]).toBe(single.reward);
        expect(result.terminations[i]).toBe(single.terminated ? 1 : 0);
        if (i === 0) expect(Array.from(batched.state.subarray(0, 4))).toEqual(Array.from(env.state));
        ended[i] = single.terminated || single.truncated;
      });
    }
    expect(ended.filter(Boolean).length).toBeGreaterThan(0);
  });

  it('next-step: the step after the end resets the cart, pays 0 and ignores the action', () => {
    const envs = new CartPoleVectorEnv(2);
    envs.reset({ seed: 1 });
    envs.state.set([0, 0, 0.2094, 1], 0); // about to pass 12 degrees
    const ending = envs.step([1, 1]);
    expect([ending.terminations[0], ending.rewards[0]]).toEqual([1, 1]);
    const cartZeroBefore = Array.from(envs.state.subarray(0, 4));
    const next = envs.step([1, 1]);
    expect([next.terminations[0], next.truncations[0], next.rewards[0]]).toEqual([0, 0, 0]);
    const restarted = Array.from(next.observations.subarray(0, 4));
    expect(restarted).not.toEqual(cartZeroBefore.map(Math.fround));
    for (const v of restarted) expect(Math.abs(v)).toBeLessThanOrEqual(0.05);
    expect(next.rewards[1]).toBe(1);
  });

  it('truncates at the registered limit: 500 for v1, 200 for v0', () => {
    for (const [id, limit] of [['CartPole-v1', 500], ['CartPole-v0', 200]] as const) {
      const envs = makeVec(id, 1, { mode: 'batched' });
      envs.reset({ seed: 0 });
      let truncatedAt = -1;
      for (let t = 1; t <= 600 && truncatedAt < 0; t++) {
        (envs as CartPoleVectorEnv).state.set([0, 0, 0, 0]); // keep it balanced
        if (envs.step([t % 2]).truncations[0] === 1) truncatedAt = t;
      }
      expect(truncatedAt).toBe(limit);
    }
  });

  it('reuses its buffers and names the sub-env of a bad action', () => {
    const envs = new CartPoleVectorEnv(3);
    const { observations } = envs.reset({ seed: 0 });
    expect(envs.step([0, 1, 0]).observations).toBe(observations);
    expect(() => envs.step([0, 1, 2])).toThrow('CartPoleVectorEnv(CartPole).step(): invalid action for sub-env 2: expected an integer in [0, 1], got 2');
    expect(() => envs.step([Number.NaN, 1, 0])).toThrow(/sub-env 0: .*got NaN/);
    expect(() => envs.step([0, 1])).toThrow(/expected 3 actions \(3 sub-envs x 1 for Discrete\(2\)\), got 2: \[0, 1\]/);
    expect(() => new CartPoleVectorEnv(2).step([0, 0])).toThrow(/step\(\) called before reset\(\)/);
  });

  it('resets only masked carts, with reset bounds from options', () => {
    const envs = new CartPoleVectorEnv(2);
    envs.reset({ seed: 5 });
    envs.step([1, 1]);
    const cartOne = Array.from(envs.state.subarray(4, 8));
    envs.reset({ mask: [1, 0], options: { low: -0.001, high: 0.001 } });
    for (const v of envs.state.subarray(0, 4)) expect(Math.abs(v)).toBeLessThanOrEqual(0.001);
    expect(Array.from(envs.state.subarray(4, 8))).toEqual(cartOne);
  });
});
