/**
 * An agent learns on the webgpu backend (SwiftShader on machines without a GPU; see
 * tests/backend/webgpu.test.ts for why CI must have an adapter): PPO collects its rollouts on the
 * host backend and runs every update on webgpu, and CartPole's return rises far above random.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createAgent } from '../../agents/index.js';
import '../../envs/index.js';
import { probeWebGpu, selectBackend } from '../../src/backend/index.js';
import { make } from '../../src/registry.js';
import { evaluatePolicy } from '../../src/train/evaluate.js';
import { makeVec } from '../../src/vector/make-vec.js';

const probe = await probeWebGpu();
if (!probe.available && process.env['CI']) throw new Error(`CI must run the webgpu tests, but there is no WebGPU adapter: ${probe.reason}`);
if (!probe.available) console.warn(`skipping webgpu learning test: ${probe.reason}`);

/** CartPole with random actions lasts about 22 steps. */
const RANDOM_RETURN = 22;

describe.skipIf(!probe.available)('learning on webgpu', () => {
  it('PPO on CartPole-v1 rises far above random, with numTensors flat', { timeout: 300_000 }, async () => {
    await selectBackend('webgpu');
    const makeEnv = () => make('CartPole-v1');
    const agent = createAgent('ppo', makeEnv(), { nSteps: 32, batchSize: 256, nEpochs: 10, learningRate: 1e-3, gamma: 0.98, gaeLambda: 0.8, netArch: [32, 32], seed: 0 });
    const envs = makeVec('CartPole-v1', 8);
    const tensorsBefore = tf.memory().numTensors;
    let updates = 0;
    await agent.learn(envs, { totalSteps: 12_000, callbacks: [{ onMetrics: () => void updates++ }] });
    expect(updates).toBeGreaterThan(40);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    // Evaluation acts with dataSync: read the weights back, then act on the cpu backend.
    await Promise.all(Object.values(tf.engine().registeredVariables).map((v) => v.data()));
    await selectBackend('cpu');
    const { meanReturn } = evaluatePolicy(agent, makeEnv, { episodes: 10, seed: 100 });
    console.log(`PPO on webgpu: ${updates} updates, mean return ${meanReturn}`);
    expect(meanReturn).toBeGreaterThan(5 * RANDOM_RETURN);
    envs.close();
    agent.dispose();
  });
});
