import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../agents/index.js';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.js';
import { evaluatePolicy } from '../../src/train/evaluate.js';
import { FollowTheCueEnv, MatchTheCueEnv } from './tiny-envs.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Deterministic evaluation: mean return over 20 episodes of a fresh env. */
function score(agent: ReturnType<typeof createAgent>, makeEnv: () => MatchTheCueEnv | FollowTheCueEnv): number {
  return evaluatePolicy(agent, makeEnv, { episodes: 20, seed: 500 }).meanReturn;
}

const vector = (n: number, make: () => MatchTheCueEnv | FollowTheCueEnv) => new SyncVectorEnv(Array.from({ length: n }, make));
const tiny = { netArch: [16] };

describe('every agent learns a tiny task well above random play', () => {
  // MatchTheCue: 10 steps, 1 point per matched cue; random play scores 5, perfect play 10.
  const makeEnv = () => new MatchTheCueEnv(10);

  it('PPO', async () => {
    const agent = createAgent('ppo', makeEnv(), { ...tiny, nSteps: 16, batchSize: 32, nEpochs: 4, learningRate: 3e-3, seed: 1 });
    const before = score(agent, makeEnv);
    await agent.learn(vector(4, makeEnv), { totalSteps: 2500 });
    const after = score(agent, makeEnv);
    expect(after).toBeGreaterThanOrEqual(9);
    expect(after).toBeGreaterThan(before + 2);
    agent.dispose();
  });

  it('A2C', async () => {
    const agent = createAgent('a2c', makeEnv(), { ...tiny, nSteps: 5, learningRate: 3e-3, seed: 1 });
    await agent.learn(vector(4, makeEnv), { totalSteps: 3000 });
    expect(score(agent, makeEnv)).toBeGreaterThanOrEqual(9);
    agent.dispose();
  });

  it('REINFORCE', async () => {
    const agent = createAgent('reinforce', makeEnv(), { ...tiny, episodesPerUpdate: 4, learningRate: 1e-2, seed: 1 });
    await agent.learn(makeEnv(), { totalSteps: 3000 });
    expect(score(agent, makeEnv)).toBeGreaterThanOrEqual(9);
    agent.dispose();
  });

  it('DQN (double, dueling, 3-step, prioritized)', async () => {
    const agent = createAgent('dqn', makeEnv(), {
      ...tiny,
      gamma: 0.5,
      learningRate: 3e-3,
      learningStarts: 200,
      bufferSize: 5000,
      batchSize: 32,
      trainFreq: 2,
      targetUpdateInterval: 100,
      explorationFraction: 0.3,
      doubleQ: true,
      dueling: true,
      nStep: 3,
      prioritizedReplay: true,
      seed: 1,
    });
    await agent.learn(makeEnv(), { totalSteps: 1600 });
    expect(score(agent, makeEnv)).toBeGreaterThanOrEqual(9);
    agent.dispose();
  });

  it('PPO with a Gaussian policy on continuous actions', async () => {
    // FollowTheCue: reward 1 - (a - cue)^2 per step; always answering 0 scores about 6.7, uniform random about 3.3.
    const makeContinuous = () => new FollowTheCueEnv(10);
    const agent = createAgent('ppo', makeContinuous(), { ...tiny, nSteps: 32, batchSize: 64, nEpochs: 4, learningRate: 3e-3, seed: 1 });
    await agent.learn(vector(4, makeContinuous), { totalSteps: 6000 });
    expect(score(agent, makeContinuous)).toBeGreaterThanOrEqual(9);
    agent.dispose();
  });
});
