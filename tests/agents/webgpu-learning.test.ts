/**
 * An agent learns on the webgpu backend (SwiftShader on machines without a GPU; see
 * tests/backend/webgpu.test.ts for why CI must have an adapter): PPO collects its rollouts on the
 * host backend and runs every update on webgpu. SwiftShader runs a gradient step in about half a
 * second, so the task is the tiny MatchTheCue (random play scores 5 of 10), not CartPole.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createAgent } from '../../agents/index.js';
import { probeWebGpu, selectBackend } from '../../src/backend/index.js';
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
});
