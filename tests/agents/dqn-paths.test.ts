import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DqnAgent } from '../../agents/dqn/dqn.js';
import { NStepQueue } from '../../agents/dqn/n-step-queue.js';
import { PrioritizedReplayBuffer } from '../../agents/dqn/prioritized-replay.js';
import type { ReplayBuffer } from '../../agents/dqn/replay-buffer.js';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.js';
import { MatchTheCueEnv } from './tiny-envs.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Trains a small DQN for 60 env steps on two 5-step MatchTheCue envs and returns it with its replay buffer. */
async function train(config: Record<string, unknown>): Promise<{ agent: DqnAgent; replay: ReplayBuffer }> {
  const env = new SyncVectorEnv([new MatchTheCueEnv(5), new MatchTheCueEnv(5)]);
  const agent = new DqnAgent({ observationSpace: env.singleObservationSpace, actionSpace: env.singleActionSpace }, { netArch: [8], learningStarts: 10, trainFreq: 1, batchSize: 8, bufferSize: 200, gamma: 0.9, seed: 2, ...config });
  await agent.learn(env, { totalSteps: 60 });
  return { agent, replay: (agent as unknown as { replay: ReplayBuffer }).replay };
}

describe('DQN walks only the paths that are on', () => {
  it('nStep 1 stores every step as it comes, without the n-step queue', async () => {
    const push = vi.spyOn(NStepQueue.prototype, 'push');
    const { agent, replay } = await train({ nStep: 1 });
    expect(push).not.toHaveBeenCalled();
    // 60 steps, 5-step episodes on next-step autoreset: every valid step is one transition.
    expect(replay.size).toBeGreaterThan(40);
    // One-step transitions: each bootstraps with gamma, and only an episode's fifth step is terminal.
    expect(new Set(replay.discounts.subarray(0, replay.size))).toEqual(new Set([Math.fround(0.9)]));
    const terminal = Array.from(replay.terminated.subarray(0, replay.size)).filter((t) => t === 1).length;
    expect(terminal).toBe(Math.round(replay.size / 5));
    agent.dispose();
  });

  it('nStep 3 goes through the queue and stores discounts of up to gamma^3', async () => {
    const push = vi.spyOn(NStepQueue.prototype, 'push');
    const { agent, replay } = await train({ nStep: 3 });
    expect(push).toHaveBeenCalled();
    const discounts = new Set(replay.discounts.subarray(0, replay.size));
    expect(discounts.has(Math.fround(0.9 ** 3))).toBe(true);
    agent.dispose();
  });

  it('uniform replay never samples by priority nor updates priorities', async () => {
    const sample = vi.spyOn(PrioritizedReplayBuffer.prototype, 'sample');
    const update = vi.spyOn(PrioritizedReplayBuffer.prototype, 'updatePriorities');
    const { agent, replay } = await train({ prioritizedReplay: false });
    expect(replay).not.toBeInstanceOf(PrioritizedReplayBuffer);
    expect(sample).not.toHaveBeenCalled();
    expect(update).not.toHaveBeenCalled();
    agent.dispose();
  });

  it('prioritized replay samples with a rising beta and feeds the TD errors back', async () => {
    const sample = vi.spyOn(PrioritizedReplayBuffer.prototype, 'sample');
    const update = vi.spyOn(PrioritizedReplayBuffer.prototype, 'updatePriorities');
    const { agent } = await train({ prioritizedReplay: true, priorityBeta0: 0.4 });
    expect(sample).toHaveBeenCalled();
    expect(update).toHaveBeenCalledTimes(sample.mock.calls.length);
    const betas = sample.mock.calls.map((call) => call[2]!);
    expect(betas[0]).toBeGreaterThanOrEqual(0.4);
    expect(betas.at(-1)).toBeGreaterThan(betas[0]!);
    expect(betas.at(-1)).toBeLessThanOrEqual(1);
    // Each update gets one finite TD error per sampled row.
    for (const [indices, errors] of update.mock.calls) {
      expect(errors.length).toBe(indices.length);
      expect(Array.from(errors).every(Number.isFinite)).toBe(true);
    }
    agent.dispose();
  });
});
