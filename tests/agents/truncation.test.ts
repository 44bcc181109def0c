import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { A2cAgent } from '../../agents/a2c/a2c.js';
import type { RolloutBuffer } from '../../agents/common/rollout-buffer.js';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.js';
import type { AutoresetMode } from '../../src/vector/types.js';
import { TimeLimit } from '../../src/wrappers/time-limit.js';
import { CountingEnv } from './tiny-envs.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Snapshot {
  rewards: number[];
  valid: number[];
  terminated: number[];
  episodeEnded: number[];
  nextValues: number[];
  advantages: number[];
  values: number[];
}

/** Runs one 4-step rollout of CountingEnv cut at 3 steps by a TimeLimit and returns the buffer A2C saw (a learning rate of 1e-12 leaves the values as the rollout saw them, within the 6 digits compared; 0 is refused). */
async function firstRollout(mode: AutoresetMode): Promise<{ agent: A2cAgent; snapshot: Snapshot }> {
  const env = new SyncVectorEnv([new TimeLimit(new CountingEnv(), 3)], { autoresetMode: mode });
  const agent = new A2cAgent({ observationSpace: env.singleObservationSpace, actionSpace: env.singleActionSpace }, { netArch: [8], nSteps: 4, gamma: 0.5, gaeLambda: 1, learningRate: 1e-12, seed: 3 });
  let snapshot: Snapshot | undefined;
  const update = (agent as unknown as { update: (b: RolloutBuffer, p: number) => Record<string, number> }).update.bind(agent);
  (agent as unknown as { update: typeof update }).update = (buffer, progress) => {
    snapshot ??= {
      rewards: Array.from(buffer.rewards),
      valid: Array.from(buffer.valid),
      terminated: Array.from(buffer.terminated),
      episodeEnded: Array.from(buffer.episodeEnded),
      nextValues: Array.from(buffer.nextValues),
      advantages: Array.from(buffer.advantages),
      values: Array.from(buffer.values),
    };
    return update(buffer, progress);
  };
  await agent.learn(env, { totalSteps: 3 });
  return { agent, snapshot: snapshot! };
}

describe('truncation bootstraps from the value of the final observation', () => {
  it('with next-step autoreset (the reset step is left out of the loss)', async () => {
    const { agent, snapshot } = await firstRollout('next-step');
    // Observations: [0,1] -> [1,1] -> [2,1] -> [3,1] (truncated), then the reset step.
    const [v3] = agent.policy.values(Float32Array.of(3, 1), 1);
    expect(snapshot.rewards).toEqual([1, 1, 1, 0]);
    expect(snapshot.valid).toEqual([1, 1, 1, 0]);
    expect(snapshot.episodeEnded).toEqual([0, 0, 1, 0]);
    expect(snapshot.terminated).toEqual([0, 0, 0, 0]);
    expect(snapshot.nextValues[2]).toBeCloseTo(v3!, 6);
    expect(v3).not.toBeCloseTo(0, 3);
    // Hand-worked returns with gamma 0.5 and lambda 1: G2 = 1 + 0.5 V(s3), G1 = 1 + 0.5 G2, G0 = 1 + 0.5 G1.
    const g2 = 1 + 0.5 * v3!;
    const g1 = 1 + 0.5 * g2;
    const g0 = 1 + 0.5 * g1;
    expect(snapshot.advantages[2]! + snapshot.values[2]!).toBeCloseTo(g2, 5);
    expect(snapshot.advantages[1]! + snapshot.values[1]!).toBeCloseTo(g1, 5);
    expect(snapshot.advantages[0]! + snapshot.values[0]!).toBeCloseTo(g0, 5);
    agent.dispose();
  });

  it('with same-step autoreset (the final observation comes from the info)', async () => {
    const { agent, snapshot } = await firstRollout('same-step');
    const [v3] = agent.policy.values(Float32Array.of(3, 1), 1);
    expect(snapshot.valid).toEqual([1, 1, 1, 1]);
    expect(snapshot.episodeEnded).toEqual([0, 0, 1, 0]);
    expect(snapshot.nextValues[2]).toBeCloseTo(v3!, 6);
    expect(snapshot.advantages[2]! + snapshot.values[2]!).toBeCloseTo(1 + 0.5 * v3!, 5);
    agent.dispose();
  });
});
