import { afterAll, describe, expect, it, vi } from 'vitest';
import { CartPoleVectorEnv } from '../../envs/cartpole/vector.js';
import { register, unregister } from '../../src/registry.js';
import { makeVec } from '../../src/vector/make-vec.js';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.js';
import '../../envs/index.js';
import { CountdownEnv } from './fixtures/countdown-env.js';

register({ id: 'Countdown-v0', entryPoint: CountdownEnv, kwargs: { length: 4 } });
afterAll(() => unregister('Countdown-v0'));

describe('makeVec', () => {
  it("'auto' picks the registration's batched implementation when it has one, else sync copies", () => {
    const cartPoles = makeVec('CartPole-v1', 4);
    expect(cartPoles).toBeInstanceOf(CartPoleVectorEnv);
    expect(cartPoles.spec).toMatchObject({ id: 'CartPole-v1', maxEpisodeSteps: 500, rewardThreshold: 475 });
    const countdowns = makeVec('Countdown-v0', 2);
    expect(countdowns).toBeInstanceOf(SyncVectorEnv);
    expect(Array.from(countdowns.reset().observations)).toEqual([4, 4]);
  });

  it('passes kwargs and the time limit to every mode alike', () => {
    for (const mode of ['sync', 'batched'] as const) {
      const envs = makeVec('CartPole-v1', 2, { mode, kwargs: { suttonBartoReward: true }, maxEpisodeSteps: 3 });
      envs.reset({ seed: 0 });
      const rewards: number[] = [];
      const truncations: number[] = [];
      for (let t = 0; t < 3; t++) {
        const result = envs.step([t % 2, t % 2]);
        rewards.push(result.rewards[0]!);
        truncations.push(result.truncations[0]!);
      }
      expect({ mode, rewards, truncations }).toEqual({ mode, rewards: [0, 0, 0], truncations: [0, 0, 1] });
    }
    expect(Array.from(makeVec('Countdown-v0', 1, { kwargs: { length: 9 } }).reset().observations)).toEqual([9]);
  });

  it('explains bad requests', () => {
    expect(() => makeVec('Countdown-v0', 2, { mode: 'batched' })).toThrow("'Countdown-v0' has no batched implementation (no vectorEntryPoint in its registration); use mode 'sync' or 'async'");
    expect(() => makeVec('CartPole-v1', 2, { mode: 'fast' as 'sync' })).toThrow(`makeVec('CartPole-v1'): mode must be one of sync, async, batched, auto, got "fast"`);
    expect(() => makeVec('CartPole-v1', 0)).toThrow(`makeVec('CartPole-v1'): numEnvs must be a positive integer, got 0`);
    expect(() => makeVec('CartPol-v1', 2)).toThrow(/Did you mean 'CartPole-v1'/i);
    expect(() => makeVec('CartPole-v1', 2, { kwargs: { gravity: 3 } })).toThrow(/unknown option 'gravity'/);
  });

  it("still takes the old mode name 'native' for 'batched', saying once that it is deprecated", () => {
    let stderr = '';
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    try {
      expect(makeVec('CartPole-v1', 2, { mode: 'native' })).toBeInstanceOf(CartPoleVectorEnv);
      expect(makeVec('CartPole-v1', 2, { mode: 'native' })).toBeInstanceOf(CartPoleVectorEnv);
    } finally {
      write.mockRestore();
    }
    expect(stderr).toBe(`palestra: deprecated: makeVec(): mode 'native' is now called 'batched' ("native" names only the C++ backend); write mode: 'batched'\n`);
  });
});
