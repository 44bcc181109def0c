import { describe, expect, it } from 'vitest';
import { ParallelTimeLimit } from '../../src/multi-agent/parallel-wrappers.js';
import { describeOutcomes, evaluateParallelPolicy } from '../../src/train/evaluate-parallel.js';
import { ScriptedWorld } from './scripted-world.js';

describe('evaluateParallelPolicy', () => {
  it('plays whole worlds with one batched call per step for the alive agents, and counts how each agent ended', () => {
    const batches: number[] = [];
    const policy = {
      actBatch(observations: ArrayLike<number>, count: number) {
        expect(observations.length).toBe(3 * count);
        batches.push(count);
        return new Float32Array(count).fill(0.5);
      },
    };
    // a terminates at step 2, b is truncated at step 3, the time limit truncates c at step 4.
    const makeWorld = () => new ParallelTimeLimit(new ScriptedWorld({ a: { endsAt: 2 }, b: { endsAt: 3, end: 'truncated' }, c: {} }), 4);
    const result = evaluateParallelPolicy(policy, makeWorld, { episodes: 2, seed: 5 });
    expect(batches).toEqual([3, 3, 2, 1, 3, 3, 2, 1]);
    expect(result.worlds).toBe(2);
    // Rewards are 10 * (agent index) + action, per step alive.
    expect(result.returns).toEqual([1, 31.5, 82, 1, 31.5, 82]);
    expect(result.lengths).toEqual([2, 3, 4, 2, 3, 4]);
    expect(result.meanLength).toBe(3);
    expect(result.meanReturn).toBeCloseTo((1 + 31.5 + 82) / 3, 12);
    expect(result.outcomes).toEqual({ terminated: 1 / 3, truncated: 2 / 3 });
    expect(describeOutcomes(result.outcomes)).toBe('terminated 33.3%, truncated 66.7%');
  });
});
