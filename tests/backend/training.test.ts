import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nativeAddonStatus } from '../../src/backend/index.js';
import { Rng } from '../../src/core/rng.js';
import { adam, CenteredRmsProp, minatarCnn, mlp } from '../../src/nn/index.js';
import { randomValues } from './compare.js';

beforeAll(() => {
  const status = nativeAddonStatus();
  if (!status.available) throw new Error(`native addon not built: ${status.reason}`);
});

/** Trains `build()` for `steps` Adam steps on fixed random data; returns the final weights. */
async function train(
  backend: string,
  build: () => tf.LayersModel,
  inputShape: number[],
  outputs: number,
  steps: number,
  makeOptimizer: () => tf.Optimizer,
): Promise<number[][]> {
  await tf.setBackend(backend);
  const rng = new Rng(99);
  const model = build();
  const optimizer = makeOptimizer();
  const x = tf.tensor(randomValues(inputShape.reduce((a, b) => a * b, 1), rng), inputShape);
  const y = tf.tensor(randomValues(inputShape[0]! * outputs, rng), [inputShape[0]!, outputs]);
  for (let i = 0; i < steps; i++) {
    optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar);
  }
  const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  return weights;
}

function maxDifference(a: number[][], b: number[][]): number {
  // A loop, not Math.max(...): a dense layer has more values than the call stack takes arguments.
  let max = 0;
  a.forEach((layer, i) => layer.forEach((v, j) => (max = Math.max(max, Math.abs(v - b[i]![j]!)))));
  return max;
}

const smallMlp = () => mlp({ inputSize: 4, hiddenSizes: [64, 64], outputSize: 2, seed: 5 });

describe('fused Adam', () => {
  it('on cpu is exactly tf.train.adam (the fallback path)', async () => {
    const fused = await train('cpu', smallMlp, [64, 4], 2, 5, () => adam(1e-2));
    const reference = await train('cpu', smallMlp, [64, 4], 2, 5, () => tf.train.adam(1e-2));
    expect(fused).toEqual(reference);
  });

  it('on native matches tf.train.adam on cpu to float32 rounding', async () => {
    const fused = await train('native', smallMlp, [64, 4], 2, 5, () => adam(1e-2));
    const reference = await train('cpu', smallMlp, [64, 4], 2, 5, () => tf.train.adam(1e-2));
    expect(maxDifference(fused, reference)).toBeLessThan(1e-5);
    // ... and the weights did move: 5 steps of lr 1e-2 change them by about 5e-2.
    const initial = smallMlp().getWeights().map((w) => Array.from(w.dataSync()));
    expect(maxDifference(fused, initial)).toBeGreaterThan(1e-2);
  });

  it('exposes its moments for checkpoints under tf.train.adam\'s names', async () => {
    await tf.setBackend('native');
    const model = smallMlp();
    const optimizer = adam(1e-3);
    optimizer.minimize(() => tf.sum(model.apply(tf.ones([1, 4])) as tf.Tensor) as tf.Scalar);
    const state = await optimizer.getWeights();
    expect(state.map((s) => s.name)).toEqual([
      'iter',
      ...model.trainableWeights.map((w) => `${w.name}/m`),
      ...model.trainableWeights.map((w) => `${w.name}/v`),
    ]);
    tf.dispose(state.map((s) => s.tensor));
    optimizer.dispose();
    model.dispose();
  });
});

describe('fused centered RMSprop', () => {
  const paperSettings = () => new CenteredRmsProp(2.5e-3, 0.95, 0.01);

  it('on native matches its tensor path on cpu to float32 rounding, and moves the weights', async () => {
    const cnn = () => minatarCnn({ channels: 4, outputs: 6, seed: 3 });
    const fused = await train('native', cnn, [16, 10, 10, 4], 6, 5, paperSettings);
    const reference = await train('cpu', cnn, [16, 10, 10, 4], 6, 5, paperSettings);
    expect(maxDifference(fused, reference)).toBeLessThan(1e-5);
    const initial = cnn().getWeights().map((w) => Array.from(w.dataSync()));
    expect(maxDifference(fused, initial)).toBeGreaterThan(1e-3);
  });

  it('keeps tf.memory().numTensors flat over 200 train steps', async () => {
    await tf.setBackend('native');
    const model = minatarCnn({ channels: 4, outputs: 3, seed: 1 });
    const optimizer = paperSettings();
    const x = tf.randomUniform([4, 10, 10, 4], 0, 1, 'float32', 1);
    const y = tf.randomUniform([4, 3], 0, 1, 'float32', 2);
    const step = () => optimizer.minimize(() => tf.losses.huberLoss(y, model.apply(x) as tf.Tensor) as tf.Scalar);
    step(); // the first step creates the running averages
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });
});

describe('training on native', () => {
  it('is deterministic: the same seed gives bit-identical weights', async () => {
    const cnn = () => minatarCnn({ channels: 4, outputs: 3, seed: 2 });
    const first = await train('native', cnn, [8, 10, 10, 4], 3, 3, () => adam(1e-3));
    const second = await train('native', cnn, [8, 10, 10, 4], 3, 3, () => adam(1e-3));
    expect(first).toEqual(second);
  });

  it('keeps tf.memory().numTensors flat over 200 train steps', async () => {
    await tf.setBackend('native');
    const model = minatarCnn({ channels: 4, outputs: 3, seed: 1 });
    const optimizer = adam(1e-3);
    const x = tf.randomUniform([4, 10, 10, 4], 0, 1, 'float32', 1);
    const y = tf.randomUniform([4, 3], 0, 1, 'float32', 2);
    const step = () => optimizer.minimize(() => tf.losses.huberLoss(y, model.apply(x) as tf.Tensor) as tf.Scalar);
    step(); // the first step creates the optimizer's moment variables
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });
});
