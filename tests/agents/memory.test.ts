import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../agents/index.js';
import type { Callback } from '../../src/train/callback.js';
import { FollowTheCueEnv, MatchTheCueEnv } from './tiny-envs.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Records tf.memory().numTensors at every log point. The optimiser creates its moment variables
 * at the first update, so the count is compared from the first log point on.
 */
function tensorCounter(): { counts: number[]; callback: Callback } {
  const counts: number[] = [];
  return { counts, callback: { onMetrics: () => void counts.push(tf.memory().numTensors) } };
}

describe('tf.memory().numTensors stays flat over 1000 updates', () => {
  it('A2C (one update per step)', async () => {
    const env = new MatchTheCueEnv();
    const agent = createAgent('a2c', env, { netArch: [8], nSteps: 1 });
    const { counts, callback } = tensorCounter();
    await agent.learn(env, { totalSteps: 1000, callbacks: [callback] });
    // 1000 env steps plus one autoreset step per 10-step episode: 1099 vector steps, one update each.
    expect(counts.length).toBe(1099);
    expect(new Set(counts)).toEqual(new Set([counts[0]]));
    const afterTraining = tf.memory().numTensors;
    agent.dispose();
    expect(tf.memory().numTensors).toBeLessThan(afterTraining);
  });

  it('PPO (minibatch epochs)', async () => {
    const env = new MatchTheCueEnv();
    const agent = createAgent('ppo', env, { netArch: [8], nSteps: 8, batchSize: 4, nEpochs: 2 });
    const { counts, callback } = tensorCounter();
    // 138 rollouts of 8 steps (1000 env steps + autoreset steps) x 2 epochs x 2 minibatches: 552 gradient steps.
    await agent.learn(env, { totalSteps: 1000, callbacks: [callback] });
    expect(counts.length).toBe(138);
    expect(new Set(counts)).toEqual(new Set([counts[0]]));
    agent.dispose();
  });

  it('DQN with every extension on (one gradient step per env step)', async () => {
    const env = new MatchTheCueEnv();
    const agent = createAgent('dqn', env, {
      netArch: [8],
      learningStarts: 0,
      batchSize: 8,
      trainFreq: 1,
      targetUpdateInterval: 10,
      tau: 0.5,
      doubleQ: true,
      dueling: true,
      nStep: 2,
      prioritizedReplay: true,
      logInterval: 100,
    });
    const { counts, callback } = tensorCounter();
    await agent.learn(env, { totalSteps: 1100, callbacks: [callback] });
    expect(counts.length).toBe(11);
    expect(new Set(counts)).toEqual(new Set([counts[0]]));
    agent.dispose();
  });
});

describe('agent construction and disposal', () => {
  it('a Gaussian-policy agent frees every tensor it made, the log-std variable included', () => {
    const before = tf.memory().numTensors;
    const agent = createAgent('ppo', new FollowTheCueEnv(), { netArch: [8] });
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    agent.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
