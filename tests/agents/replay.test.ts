import { describe, expect, it } from 'vitest';
import { resolveDqnConfig } from '../../agents/dqn/config.js';
import { PrioritizedReplayBuffer } from '../../agents/dqn/prioritized-replay.js';
import { ReplayBuffer } from '../../agents/dqn/replay-buffer.js';
import { resolvePpoConfig } from '../../agents/ppo/config.js';
import { Rng } from '../../src/core/rng.js';

describe('ReplayBuffer', () => {
  it('stores image observations as uint8 and overwrites the oldest transition when full', () => {
    const buffer = new ReplayBuffer(3, 2, 'uint8');
    expect(buffer.observations).toBeInstanceOf(Uint8Array);
    for (let k = 0; k < 4; k++) buffer.add([k, 255], k % 2, k, [k + 1, 0], k === 3, 0.99);
    expect(buffer.size).toBe(3);
    // Slot 0 now holds the fourth transition.
    expect(Array.from(buffer.observations.subarray(0, 2))).toEqual([3, 255]);
    const batch = buffer.sample(64, new Rng(0));
    expect(new Set(batch.rewards)).toEqual(new Set([1, 2, 3]));
    for (let k = 0; k < 64; k++) {
      const reward = batch.rewards[k]!;
      expect(batch.observations[2 * k]).toBe(reward);
      expect(batch.nextObservations[2 * k]).toBe(reward + 1);
      expect(batch.terminated[k]).toBe(reward === 3 ? 1 : 0);
      expect(batch.discounts[k]).toBeCloseTo(0.99, 6);
    }
    expect(Array.from(batch.weights)).toEqual(new Array(64).fill(1));
  });

  it('reuses one batch of arrays per size, every row rewritten from the store', () => {
    const buffer = new ReplayBuffer(10, 3, 'float32');
    for (let k = 0; k < 10; k++) buffer.add([k, k + 0.5, -k], k % 3, k, [k + 1, 0, 1], k === 9, 0.9);
    const rng = new Rng(4);
    const first = buffer.sample(16, rng);
    const firstRewards = Array.from(first.rewards);
    const second = buffer.sample(16, rng);
    expect(second.observations).toBe(first.observations);
    expect(Array.from(second.rewards)).not.toEqual(firstRewards);
    for (let k = 0; k < 16; k++) {
      const slot = second.indices[k]!;
      expect(second.rewards[k]).toBe(slot);
      expect(Array.from(second.observations.subarray(3 * k, 3 * k + 3))).toEqual([slot, slot + 0.5, -slot]);
      expect(Array.from(second.nextObservations.subarray(3 * k, 3 * k + 3))).toEqual([slot + 1, 0, 1]);
      expect(second.actions[k]).toBe(slot % 3);
      expect(second.terminated[k]).toBe(slot === 9 ? 1 : 0);
    }
    expect(buffer.sample(4, rng).observations).not.toBe(first.observations);
  });
});

describe('PrioritizedReplayBuffer', () => {
  it('samples in proportion to priority^alpha and weights by (N P)^-beta / max', () => {
    const buffer = new PrioritizedReplayBuffer(4, 1, 'float32', 1, 0);
    for (let k = 0; k < 4; k++) buffer.add([k], 0, k, [k], false, 1);
    buffer.updatePriorities([0, 1, 2, 3], [1, 1, 2, 4]);
    const rng = new Rng(1);
    const counts = [0, 0, 0, 0];
    let batch = buffer.sample(8, rng, 1);
    for (let draw = 0; draw < 500; draw++) {
      batch = buffer.sample(8, rng, 1);
      for (const slot of batch.indices) counts[slot]!++;
    }
    const total = counts.reduce((a, b) => a + b, 0);
    // Priorities 1, 1, 2, 4 out of 8.
    expect(counts.map((c) => c / total)).toEqual([expect.closeTo(0.125, 1), expect.closeTo(0.125, 1), expect.closeTo(0.25, 1), expect.closeTo(0.5, 1)]);
    // With beta 1, weight = 1 / (N P) divided by the batch's largest, i.e. min P in the batch / P.
    const probability = [1 / 8, 1 / 8, 2 / 8, 4 / 8];
    const smallest = Math.min(...Array.from(batch.indices, (slot) => probability[slot]!));
    batch.indices.forEach((slot, k) => expect(batch.weights[k]).toBeCloseTo(smallest / probability[slot]!, 5));
    expect(Math.max(...batch.weights)).toBe(1);
  });
});

describe('agent configs', () => {
  it('fill in defaults and refuse unknown keys, wrong types and bad ranges', () => {
    expect(resolvePpoConfig({ nSteps: 32 })).toMatchObject({ nSteps: 32, batchSize: 64, gamma: 0.99, clipRange: 0.2 });
    expect(resolvePpoConfig({ clipRange: 'lin_0.2' }).clipRange).toBe('lin_0.2');
    expect(() => resolvePpoConfig({ nStep: 32 })).toThrow("ppo: unknown option 'nStep'. Did you mean 'nSteps'?");
    expect(() => resolvePpoConfig({ gamma: 1.5 })).toThrow("ppo: option 'gamma' must be a number in [0, 1], got 1.5");
    expect(() => resolvePpoConfig({ squash: 'sigmoid' })).toThrow(`ppo: option 'squash' must be one of "tanh", "clip", got "sigmoid"`);
    expect(() => resolveDqnConfig({ gradientSteps: 0 })).toThrow("dqn: option 'gradientSteps' must be -1 (as many as env steps collected) or an integer >= 1, got 0");
    expect(() => resolveDqnConfig({ netArch: 64 })).toThrow("dqn: option 'netArch' must be an array of integers >= 1, got 64");
    expect(() => resolveDqnConfig({ tau: 0 })).toThrow("dqn: option 'tau' must be a number in (0, 1], got 0");
  });
});
