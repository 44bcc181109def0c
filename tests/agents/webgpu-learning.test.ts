/**
 * Agents learn on the webgpu backend (SwiftShader on machines without a GPU; see
 * tests/backend/webgpu.test.ts for why CI must have an adapter): each acts on the host backend
 * (PPO and A2C per rollout, REINFORCE per batch of episodes, DQN between training steps) and runs
 * every update on webgpu. SwiftShader runs a gradient step in about half a second, so the
 * policy-gradient task is the tiny MatchTheCue (random play scores 5 of 10), not CartPole, and
 * DQN makes 40 updates at batch 8 on MinAtar, not hundreds (about 0.5 s each on the 2-core machine;
 * batch 32 takes 1 s).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { createAgent } from '../../agents/index.js';
import { probeWebGpu, selectBackend } from '../../src/backend/index.js';
import { make } from '../../src/registry.js';
import type { TrainingContext } from '../../src/train/callback.js';
import { evaluatePolicy } from '../../src/train/evaluate.js';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.js';
import { MatchTheCueEnv } from './tiny-envs.js';

const probe = await probeWebGpu();
if (!probe.available && process.env['CI']) throw new Error(`CI must run the webgpu tests, but there is no WebGPU adapter: ${probe.reason}`);
if (!probe.available) console.warn(`skipping webgpu learning test: ${probe.reason}`);

describe.skipIf(!probe.available)('learning on webgpu', () => {
  it('PPO learns MatchTheCue from random (5) to at least 9 of 10, with numTensors flat', { timeout: 180_000 }, async () => {
    const makeEnv = () => new MatchTheCueEnv(10);
    await selectBackend('cpu');
    const agent = createAgent('ppo', makeEnv(), { netArch: [16], nSteps: 32, batchSize: 256, nEpochs: 4, learningRate: 1e-2, seed: 1 });
    const before = evaluatePolicy(agent, makeEnv, { episodes: 20, seed: 500 }).meanReturn;
    await selectBackend('webgpu');
    const envs = new SyncVectorEnv(Array.from({ length: 8 }, makeEnv));
    let updates = 0;
    const callbacks = [{ onMetrics: () => void updates++ }];
    // The first call creates the optimiser's slots; from then on the count stays where it is.
    await agent.learn(envs, { totalSteps: 1024, callbacks });
    const tensorsBetween = tf.memory().numTensors;
    await agent.learn(envs, { totalSteps: 2048, callbacks });
    expect(tf.memory().numTensors).toBe(tensorsBetween);
    expect(updates).toBeGreaterThanOrEqual(8); // 2048 steps in rollouts of 8 envs x 32 steps
    expect(tf.getBackend()).toBe('webgpu');
    // Evaluation acts with dataSync: read the weights back, then act on the cpu backend.
    await Promise.all(Object.values(tf.engine().registeredVariables).map((v) => v.data()));
    await selectBackend('cpu');
    const after = evaluatePolicy(agent, makeEnv, { episodes: 20, seed: 500 }).meanReturn;
    expect(before).toBeLessThan(8);
    expect(after).toBeGreaterThanOrEqual(9);
    agent.dispose();
  });
  it('A2C learns MatchTheCue from random (5) to at least 9 of 10, with numTensors flat', { timeout: 120_000 }, async () => {
    const makeEnv = () => new MatchTheCueEnv(10);
    await selectBackend('cpu');
    const agent = createAgent('a2c', makeEnv(), { netArch: [16], learningRate: 1e-2, seed: 1 });
    const before = evaluatePolicy(agent, makeEnv, { episodes: 20, seed: 500 }).meanReturn;
    await selectBackend('webgpu');
    const envs = new SyncVectorEnv(Array.from({ length: 8 }, makeEnv));
    await agent.learn(envs, { totalSteps: 200 });
    const tensorsBetween = tf.memory().numTensors;
    await agent.learn(envs, { totalSteps: 1000 });
    expect(tf.memory().numTensors).toBe(tensorsBetween);
    expect(tf.getBackend()).toBe('webgpu');
    const after = await evaluateOnCpu(agent, makeEnv);
    expect(before).toBeLessThan(8);
    expect(after).toBeGreaterThanOrEqual(9);
    agent.dispose();
  });

  it('REINFORCE runs its updates on webgpu and learns MatchTheCue, with numTensors flat', { timeout: 120_000 }, async () => {
    const makeEnv = () => new MatchTheCueEnv(10);
    await selectBackend('webgpu');
    const agent = createAgent('reinforce', makeEnv(), { netArch: [16], learningRate: 1e-2, episodesPerUpdate: 8, seed: 1 });
    const envs = new SyncVectorEnv(Array.from({ length: 8 }, makeEnv));
    let updates = 0;
    const callbacks = [{ onMetrics: () => void updates++ }];
    await agent.learn(envs, { totalSteps: 160, callbacks });
    const tensorsBetween = tf.memory().numTensors;
    await agent.learn(envs, { totalSteps: 800, callbacks });
    expect(tf.memory().numTensors).toBe(tensorsBetween);
    expect(updates).toBeGreaterThanOrEqual(9); // 800 steps in episodes of 10, 8 episodes an update
    expect(tf.getBackend()).toBe('webgpu');
    expect(await evaluateOnCpu(agent, makeEnv)).toBeGreaterThanOrEqual(9);
    agent.dispose();
  });

  it('DQN on MinAtar Breakout: 40 updates with prioritized replay, the loss falls, numTensors flat', { timeout: 180_000 }, async () => {
    await selectBackend('webgpu');
    const env = make('MinAtar/Breakout-v1');
    // The replay buffer fills before learning and the target network never moves: a regression
    // on (nearly) fixed targets, whose loss must fall.
    const learningStarts = 300;
    const agent = createAgent('dqn', env, {
      batchSize: 8,
      bufferSize: 2000,
      learningStarts,
      trainFreq: 1,
      targetUpdateInterval: 1_000_000,
      prioritizedReplay: true,
      logInterval: 1,
      learningRate: 3e-3,
      explorationFraction: 0.5,
      explorationFinalEps: 0.2,
      seed: 3,
    });
    const losses: number[] = [];
    // With logInterval 1 every vector step logs; from learningStarts on each log is one update's loss.
    const callbacks = [{ onMetrics: (context: TrainingContext, metrics: Record<string, number>) => void (context.step > learningStarts && losses.push(metrics['loss']!)) }];
    await agent.learn(env, { totalSteps: learningStarts + 10, callbacks });
    const tensorsBetween = tf.memory().numTensors;
    await agent.learn(env, { totalSteps: learningStarts + 40, callbacks });
    expect(tf.memory().numTensors).toBe(tensorsBetween);
    expect(tf.getBackend()).toBe('webgpu');
    expect(losses).toHaveLength(40);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const first = mean(losses.slice(0, 15));
    const last = mean(losses.slice(-15));
    expect(Number.isFinite(first) && first > 0).toBe(true);
    expect(last).toBeLessThan(first / 2);
    agent.dispose();
    env.close();
  });
});

/** Evaluation acts with dataSync: read the weights back, then act on the cpu backend. */
async function evaluateOnCpu(agent: ReturnType<typeof createAgent>, makeEnv: () => MatchTheCueEnv): Promise<number> {
  await Promise.all(Object.values(tf.engine().registeredVariables).map((v) => v.data()));
  await selectBackend('cpu');
  return evaluatePolicy(agent, makeEnv, { episodes: 20, seed: 500 }).meanReturn;
}
