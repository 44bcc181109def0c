/**
 * A2C on Dict observations: it learns BarAndSignEnv, whose paying action is the XOR of the
 * image's bar side and the vector's sign, so the image alone or the vector alone scores chance
 * (5 of 10) and only a policy that reads both reaches 10. PPO and DQN learn it in
 * dict-observations.test.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../agents/index.js';
import { selectBackend } from '../../src/backend/index.js';
import { evaluatePolicy } from '../../src/train/evaluate.js';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.js';
import { BarAndSignEnv } from './tiny-envs.js';

beforeAll(async () => {
  await selectBackend('native');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

const makeEnv = () => new BarAndSignEnv(10);
const extractor = { cnnConvs: [{ filters: 4, kernelSize: 3, strides: 1 }], cnnOutputDim: 16, vectorHiddenSizes: [8] };

/** The four cases of the task: the bar left or right, the sign + or -. */
function observation(right: boolean, negative: boolean): { image: Uint8Array; state: Float32Array } {
  const image = new Uint8Array(64);
  for (let row = 1; row < 7; row++) image[row * 8 + (right ? 5 : 2)] = 255;
  return { image, state: Float32Array.of(negative ? -1 : 1, 0.5) };
}

describe('A2C learns a Dict task that needs the image and the vector (either alone: 5, perfect: 10)', () => {
  it('scores at least 9 of 10, acts on both parts, and holds no more tensors as it learns', async () => {
    // Rewards do not depend on earlier actions, so a short horizon (gamma 0.5, as the DQN test
    // uses) keeps the later steps' unrelated rewards out of the advantage. With SB3's 0.99 and
    // lambda 1 A2C learns the task too, but the 9 further coin flips in each return make it three
    // times slower (10 of 10 at about 15,000 steps, measured at seed 1).
    const agent = createAgent('a2c', makeEnv(), { netArch: [16], featuresExtractor: extractor, nSteps: 8, gamma: 0.5, learningRate: 3e-3, seed: 1 });
    const score = () => evaluatePolicy(agent, makeEnv, { episodes: 20, seed: 500 }).meanReturn;
    const before = score();
    const env = new SyncVectorEnv(Array.from({ length: 8 }, makeEnv));
    await agent.learn(env, { totalSteps: 320 });
    // After the first updates (RMSprop's accumulators exist), learning holds no more tensors.
    const tensors = tf.memory().numTensors;
    await agent.learn(env, { totalSteps: 6000 });
    expect(tf.memory().numTensors).toBe(tensors);

    const after = score();
    expect(after).toBeGreaterThanOrEqual(9);
    expect(after).toBeGreaterThan(before + 2);
    // The greedy action is the XOR table: flipping either the bar or the sign flips it.
    for (const right of [false, true]) {
      for (const negative of [false, true]) {
        expect(agent.act(observation(right, negative), { deterministic: true }), `bar ${right ? 'right' : 'left'}, sign ${negative ? '-' : '+'}`).toBe(right !== negative ? 1 : 0);
      }
    }
    agent.dispose();
  }, 60_000);
});
