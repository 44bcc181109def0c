/**
 * Agents on Dict observations (SB3's MultiInputPolicy): the network's shapes and gradients, its
 * plain-ops forward pass, the vector layer and replay buffer on Dict data, save/load, and PPO
 * and DQN learning a task that needs both the image and the vector (A2C learns it in
 * a2c-dict-observations.test.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, loadAgent } from '../../agents/index.js';
import { buildNetwork, networkForward } from '../../agents/common/networks.js';
import { observationLayout } from '../../agents/common/space-layout.js';
import { observationTensor } from '../../agents/common/tensors.js';
import { ReplayBuffer } from '../../agents/dqn/replay-buffer.js';
import { selectBackend } from '../../src/backend/index.js';
import { Rng } from '../../src/core/rng.js';
import { countParameters, loadModel, multiInputForward, multiInputNet, saveModel } from '../../src/nn/index.js';
import { evaluatePolicy } from '../../src/train/evaluate.js';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.js';
import { BarAndSignEnv } from './tiny-envs.js';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'palestra-dict-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const inputs = [
  { key: 'depth', shape: [36, 36, 2] },
  { key: 'state', shape: [5] },
];

describe('multiInputNet', () => {
  it('builds a CNN per image and an MLP per vector, concatenated, with the parameter count that implies', () => {
    const model = multiInputNet({ inputs, outputs: 3, hiddenSizes: [32], featuresExtractor: { cnnConvs: [{ filters: 4, kernelSize: 8, strides: 4 }], cnnOutputDim: 16, vectorHiddenSizes: [8] }, seed: 0 });
    // conv 8x8x2x4 + 4 -> 8x8x4 = 256 -> dense 16; vector 5 -> 8; concat 24 -> 32 -> 3.
    const expected = 8 * 8 * 2 * 4 + 4 + (256 * 16 + 16) + (5 * 8 + 8) + (24 * 32 + 32) + (32 * 3 + 3);
    expect(countParameters(model)).toBe(expected);
    const out = tf.tidy(() => model.predict([tf.zeros([7, 36, 36, 2]), tf.zeros([7, 5])]) as tf.Tensor);
    expect(out.shape).toEqual([7, 3]);
    out.dispose();
    model.dispose();
  });

  it('plain-ops forward equals model.apply, values and gradients, and every branch gets gradient', () => {
    const model = multiInputNet({ inputs, outputs: 2, hiddenSizes: [16], featuresExtractor: { cnnOutputDim: 8 }, seed: 4 });
    const forward = multiInputForward(model);
    const x = [tf.randomUniform([3, 36, 36, 2], 0, 1, 'float32', 1), tf.randomNormal([3, 5], 0, 1, 'float32', 2)];
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const run = (f: (xs: tf.Tensor[]) => tf.Tensor) => {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(f(x))) as tf.Scalar, variables);
      const result = { loss: value.dataSync()[0]!, grads: variables.map((v) => Array.from(grads[v.name]!.dataSync())) };
      tf.dispose([value, grads]);
      return result;
    };
    const before = tf.memory().numTensors;
    const direct = run(forward);
    const layers = run((xs) => model.apply(xs) as tf.Tensor);
    expect(tf.memory().numTensors).toBe(before);
    expect(direct.loss).toBeCloseTo(layers.loss, 4);
    direct.grads.forEach((g, k) => g.forEach((v, j) => expect(v).toBeCloseTo(layers.grads[k]![j]!, 4)));
    // The first conv kernel (image branch) and the first vector layer both learn.
    const named = model.trainableWeights.map((w, k) => ({ name: w.name, norm: Math.hypot(...direct.grads[k]!) }));
    expect(named.find((w) => w.name.includes('b0_depth_conv1'))!.norm).toBeGreaterThan(0);
    expect(named.find((w) => w.name.includes('b1_state_hidden1'))!.norm).toBeGreaterThan(0);
    tf.dispose(x);
    model.dispose();
  });

  it('saves in the browser-loadable format and loads with the same outputs', async () => {
    const model = multiInputNet({ inputs, outputs: 2, hiddenSizes: [8], seed: 9 });
    await saveModel(model, join(dir, 'net'), { name: 'actor' });
    const loaded = await loadModel(join(dir, 'net'), { name: 'actor' });
    const x = [tf.randomUniform([2, 36, 36, 2], 0, 1, 'float32', 3), tf.randomNormal([2, 5], 0, 1, 'float32', 4)];
    const a = tf.tidy(() => Array.from((model.predict(x) as tf.Tensor).dataSync()));
    const b = tf.tidy(() => Array.from((loaded.predict(x) as tf.Tensor).dataSync()));
    expect(b).toEqual(a);
    tf.dispose(x);
    model.dispose();
    loaded.dispose();
  });

  it('refuses an image too small for its convolutions, naming the entry', () => {
    expect(() => multiInputNet({ inputs: [{ key: 'cam', shape: [30, 30, 1] }], outputs: 2, hiddenSizes: [], featuresExtractor: { cnnConvs: [{ filters: 4, kernelSize: 8, strides: 8 }, { filters: 4, kernelSize: 8, strides: 1 }] } })).toThrow(
      /image 'cam' of shape \[30, 30, 1\] is too small: convolution 2/,
    );
  });
});

describe('Dict observations through the agent layer', () => {
  it('the layout scales uint8 pixels, keeps vectors, and a vector env writes entries in key order', () => {
    const env = new BarAndSignEnv();
    const layout = observationLayout(env.observationSpace, 'ppo');
    expect(layout.entries!.map((e) => [e.key, e.offset, e.size, e.scale, e.storage])).toEqual([
      ['image', 0, 64, 1 / 255, 'uint8'],
      ['state', 64, 2, 1, 'float32'],
    ]);
    const vector = new SyncVectorEnv([new BarAndSignEnv(), new BarAndSignEnv()]);
    const { observations } = vector.reset({ seed: 3 });
    const single = new BarAndSignEnv().reset({ seed: 4 }).observation;
    expect(observations).toBeInstanceOf(Float32Array);
    expect(Array.from(observations.subarray(66, 130))).toEqual(Array.from(single.image));
    expect(Array.from(observations.subarray(130, 132))).toEqual(Array.from(single.state));
  });

  it('observation tensors reach the network entry by entry: the same outputs as feeding the entries directly', () => {
    const layout = observationLayout(new BarAndSignEnv().observationSpace, 'ppo');
    const model = buildNetwork({ observation: layout, outputs: 2, hiddenSizes: [4], activation: 'relu', kernelInitializer: 'glorotUniform', outputKernelInitializer: 'glorotUniform', seed: 2, name: 'net' });
    const rng = new Rng(8);
    const flat = Float32Array.from({ length: 3 * 66 }, (_, i) => (i % 66 < 64 ? rng.integer(0, 256) : rng.uniform(-1, 1)));
    const images = Float32Array.from({ length: 3 * 64 }, (_, k) => flat[Math.floor(k / 64) * 66 + (k % 64)]! / 255);
    const states = Float32Array.from({ length: 3 * 2 }, (_, k) => flat[Math.floor(k / 2) * 66 + 64 + (k % 2)]!);
    const viaLayout = tf.tidy(() => Array.from(networkForward(model, layout)(observationTensor(flat, 3, layout)).dataSync()));
    const direct = tf.tidy(() => Array.from((model.predict([tf.tensor(images, [3, 8, 8, 1]), tf.tensor(states, [3, 2])]) as tf.Tensor).dataSync()));
    viaLayout.forEach((v, i) => expect(v).toBeCloseTo(direct[i]!, 5));
    model.dispose();
  });

  it('the replay buffer keeps the image entry as uint8 and gives the flat rows back', () => {
    const layout = observationLayout(new BarAndSignEnv().observationSpace, 'dqn');
    const buffer = new ReplayBuffer(4, layout.size, layout.storage, layout.entries);
    expect(buffer.pixelObservations).toBeInstanceOf(Uint8Array);
    expect(buffer.pixelObservations.length).toBe(4 * 64);
    expect(buffer.observations.length).toBe(4 * 2);
    const row = Float32Array.from({ length: 66 }, (_, i) => (i < 64 ? (i * 37) % 256 : i === 64 ? -1 : 0.5));
    buffer.add(row, 1, 2, row.map((v) => (v > 1 ? 255 - v : v)), false, 0.9);
    const batch = buffer.sample(1, new Rng(0));
    expect(Array.from(batch.observations)).toEqual(Array.from(row));
    expect(batch.nextObservations[3]).toBe(255 - row[3]!);
  });

  it('PPO, A2C and DQN save and load: the loaded agent acts exactly as the saved one', async () => {
    const env = new BarAndSignEnv();
    const stacked = new Float32Array(20 * 66);
    const rng = new Rng(2);
    for (let i = 0; i < stacked.length; i++) stacked[i] = i % 66 < 64 ? rng.integer(0, 256) : rng.uniform(-1, 1);
    for (const name of ['ppo', 'a2c', 'dqn']) {
      const agent = createAgent(name, env, { netArch: [8], featuresExtractor: { cnnOutputDim: 8, vectorHiddenSizes: [4] }, seed: 3 });
      const path = join(dir, `agent-${name}`);
      await agent.save(path);
      const loaded = await loadAgent(path);
      expect(Array.from(loaded.actBatch(stacked, 20, { deterministic: true }))).toEqual(Array.from(agent.actBatch(stacked, 20, { deterministic: true })));
      // act() takes the Dict object itself.
      const observation = new BarAndSignEnv().reset({ seed: 1 }).observation;
      expect(loaded.act(observation, { deterministic: true })).toBe(agent.act(observation, { deterministic: true }));
      agent.dispose();
      loaded.dispose();
    }
  });
});

describe('learning a Dict task that needs the image and the vector (random 5, perfect 10)', () => {
  beforeAll(async () => {
    await selectBackend('native');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });
  const makeEnv = () => new BarAndSignEnv(10);
  const extractor = { cnnConvs: [{ filters: 4, kernelSize: 3, strides: 1 }], cnnOutputDim: 16, vectorHiddenSizes: [8] };
  const score = (agent: ReturnType<typeof createAgent>) => evaluatePolicy(agent, makeEnv, { episodes: 20, seed: 500 }).meanReturn;
  const vector = (n: number) => new SyncVectorEnv(Array.from({ length: n }, makeEnv));

  it('PPO', async () => {
    const agent = createAgent('ppo', makeEnv(), { netArch: [16], featuresExtractor: extractor, nSteps: 16, batchSize: 32, nEpochs: 4, learningRate: 3e-3, seed: 1 });
    const before = score(agent);
    const env = vector(4);
    await agent.learn(env, { totalSteps: 500 });
    // After the first update (Adam's moments exist), learning holds no more tensors.
    const tensors = tf.memory().numTensors;
    await agent.learn(env, { totalSteps: 4000 });
    expect(tf.memory().numTensors).toBe(tensors);
    const after = score(agent);
    expect(after).toBeGreaterThanOrEqual(9);
    expect(after).toBeGreaterThan(before + 2);
    agent.dispose();
  }, 240_000);

  it('DQN', async () => {
    const agent = createAgent('dqn', makeEnv(), { netArch: [16], featuresExtractor: extractor, gamma: 0.5, learningRate: 3e-3, learningStarts: 200, bufferSize: 5000, batchSize: 32, trainFreq: 2, targetUpdateInterval: 100, explorationFraction: 0.3, seed: 1 });
    await agent.learn(makeEnv(), { totalSteps: 2500 });
    expect(score(agent)).toBeGreaterThanOrEqual(9);
    agent.dispose();
  }, 240_000);
});
