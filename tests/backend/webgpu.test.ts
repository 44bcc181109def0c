/**
 * The webgpu backend computes what the cpu backend computes: forward outputs and gradients of the
 * networks the agents train, the losses, the fused optimisers, and saved models that act the same
 * on either side. On a machine without a GPU this runs on SwiftShader (vitest.config.ts points the
 * Vulkan loader at Debian chromium's copy); CI must have it and fails rather than skip.
 *
 * Tolerance: float32 kernels that sum in another order. Each tensor must satisfy
 * ||webgpu - cpu|| / ||cpu|| < 1e-4 (METHOD.md: float32 arithmetic lands far under 1e-3).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { huber } from '../../agents/dqn/dqn.js';
import { ppoLosses } from '../../agents/ppo/ppo.js';
import { probeWebGpu, selectBackend } from '../../src/backend/index.js';
import { adam, buildConvStack, CenteredRmsProp, loadModel, minatarCnn, mlp, saveModel } from '../../src/nn/index.js';

const TOLERANCE = 1e-4;
const probe = await probeWebGpu();
if (!probe.available && process.env['CI']) {
  throw new Error(`CI must run the webgpu tests, but there is no WebGPU adapter: ${probe.reason}`);
}
if (!probe.available) console.warn(`skipping webgpu tests: ${probe.reason}`);

/** ||a - b|| / ||b|| over all elements. */
function relativeError(actual: Float32Array, expected: Float32Array): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < expected.length; i++) {
    diff += (actual[i]! - expected[i]!) ** 2;
    norm += expected[i]! ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12);
}

/** Runs `compute` on `backend` and reads its tensors back as plain arrays. */
async function on(backend: 'cpu' | 'webgpu', compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  await selectBackend(backend);
  const tensors = compute();
  const values = await Promise.all(tensors.map(async (t) => Float32Array.from(await t.data())));
  tf.dispose(tensors);
  return values;
}

async function expectSameOnBoth(compute: () => tf.Tensor[]): Promise<void> {
  const cpu = await on('cpu', compute);
  const gpu = await on('webgpu', compute);
  expect(gpu.length).toBe(cpu.length);
  cpu.forEach((expected, i) => {
    expect(expected.every(Number.isFinite)).toBe(true);
    expect(relativeError(gpu[i]!, expected), `tensor ${i} of ${cpu.length}`).toBeLessThan(TOLERANCE);
  });
}

/** Output and gradient of the mean squared error with respect to every weight, for one batch. */
function forwardAndGradients(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): () => tf.Tensor[] {
  return () =>
    tf.tidy(() => {
      const output = model.apply(x) as tf.Tensor;
      const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const { grads } = tf.variableGrads(() => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar, weights);
      return [output, ...weights.map((w) => grads[w.name]!)];
    });
}

/** A deterministic pseudo-random batch (not zeros: zeros hide wrong indexing). */
function randomBatch(shape: number[], seed: number, low = 0, high = 1): tf.Tensor {
  return tf.randomUniform(shape, low, high, 'float32', seed);
}

describe.skipIf(!probe.available)('webgpu backend on ' + (probe.available ? probe.reason : 'no adapter'), () => {
  let scratch: string;
  let tensorsAtStart: number;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'palestra-webgpu-'));
    await selectBackend('cpu');
    tensorsAtStart = tf.memory().numTensors;
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
    await selectBackend('cpu');
  });

  it('MLP 4-64-64-2: outputs and weight gradients match cpu', async () => {
    const model = mlp({ inputSize: 4, hiddenSizes: [64, 64], outputSize: 2, seed: 1 });
    const x = randomBatch([16, 4], 2, -2, 2);
    const y = randomBatch([16, 2], 3);
    await expectSameOnBoth(forwardAndGradients(model, x, y));
    tf.dispose([x, y]);
    model.dispose();
  });

  it('MinAtar CNN (10x10x4, 16 filters 3x3): outputs and weight gradients match cpu', async () => {
    const model = minatarCnn({ channels: 4, outputs: 6, seed: 1 });
    const x = randomBatch([4, 10, 10, 4], 4);
    const y = randomBatch([4, 6], 5);
    await expectSameOnBoth(forwardAndGradients(model, x, y));
    tf.dispose([x, y]);
    model.dispose();
  });

  // The Nature CNN's and PilotNet's layers (filters, kernel sizes, strides, channels) on smaller
  // frames than the real 84x84 and 66x200: the same kernels, at a size SwiftShader runs in seconds.
  it("Nature CNN layers (8x8/4, 4x4/2, 3x3/1 convs, dense 512): outputs and gradients match cpu", async () => {
    const model = buildConvStack({
      name: 'natureLayers', inputShape: [36, 36, 4], inputScale: 1 / 255, inputOffset: 0,
      convs: [{ filters: 32, kernelSize: 8, strides: 4 }, { filters: 64, kernelSize: 4, strides: 2 }, { filters: 64, kernelSize: 3, strides: 1 }],
      denseSizes: [512], outputs: 6, activation: 'relu', outputActivation: 'linear', kernelInitializer: 'glorotUniform', outputKernelInitializer: 'glorotUniform', seed: 1,
    });
    const x = randomBatch([2, 36, 36, 4], 6, 0, 255);
    const y = randomBatch([2, 6], 7);
    await expectSameOnBoth(forwardAndGradients(model, x, y));
    tf.dispose([x, y]);
    model.dispose();
  });

  it('PilotNet layers (5x5/2 x3 and 3x3/1 convs, then 1x1 where the small frame has run out; dense 100-50-10): outputs and gradients match cpu', async () => {
    const model = buildConvStack({
      name: 'pilotLayers', inputShape: [45, 45, 3], inputScale: 1 / 127.5, inputOffset: -1,
      convs: [{ filters: 24, kernelSize: 5, strides: 2 }, { filters: 36, kernelSize: 5, strides: 2 }, { filters: 48, kernelSize: 5, strides: 2 }, { filters: 64, kernelSize: 3, strides: 1 }, { filters: 64, kernelSize: 1, strides: 1 }],
      denseSizes: [100, 50, 10], outputs: 1, activation: 'relu', outputActivation: 'linear', kernelInitializer: 'glorotUniform', outputKernelInitializer: 'glorotUniform', seed: 1,
    });
    const x = randomBatch([2, 45, 45, 3], 8, 0, 255);
    const y = randomBatch([2, 1], 9);
    await expectSameOnBoth(forwardAndGradients(model, x, y));
    tf.dispose([x, y]);
    model.dispose();
  });

  it('the losses (MSE, Huber, PPO clipped surrogate) and their gradients match cpu', async () => {
    await expectSameOnBoth(() =>
      tf.tidy(() => {
        const prediction = tf.variable(randomBatch([64], 10, -3, 3), true, 'lossPrediction');
        const target = randomBatch([64], 11, -3, 3);
        const mse = () => tf.losses.meanSquaredError(target, prediction) as tf.Scalar;
        const hub = () => tf.mean(huber(tf.sub(prediction, target) as tf.Tensor1D)) as tf.Scalar;
        const ppo = () => {
          const terms = ppoLosses(
            { logProb: prediction.mul(0.1) as tf.Tensor1D, entropy: prediction.abs().mean(), values: prediction.mul(0.5) as tf.Tensor1D },
            { oldLogProbs: target.mul(0.1) as tf.Tensor1D, oldValues: target as tf.Tensor1D, advantages: target.mul(-1) as tf.Tensor1D, returns: target.add(1) as tf.Tensor1D },
            0.2, null, 0.01, 0.5,
          );
          return terms.total;
        };
        const out = [mse, hub, ppo].flatMap((f) => {
          const { value, grads } = tf.variableGrads(f, [prediction]);
          return [value, grads[prediction.name]!];
        });
        prediction.dispose();
        return out;
      }),
    );
  });

  for (const [name, make] of [
    ['fused Adam', () => adam(0.01)],
    ['fused centered RMSprop', () => new CenteredRmsProp(0.01, 0.95, 0.01)],
  ] as const) {
    it(`${name}: five updates give the same weights as cpu`, async () => {
      const run = (): tf.Tensor[] => {
        const optimizer = make();
        // (tidy frees the initial values; variables survive it)
        const w = tf.tidy(() => tf.variable(randomBatch([3, 5], 12, -1, 1)));
        const b = tf.tidy(() => tf.variable(randomBatch([5], 13, -1, 1)));
        const x = randomBatch([8, 3], 14, -2, 2);
        for (let i = 0; i < 5; i++) optimizer.minimize(() => tf.tidy(() => tf.square(tf.add(tf.matMul(x, w), b)).mean() as tf.Scalar));
        const out = [w.clone(), b.clone()];
        tf.dispose([w, b, x]);
        optimizer.dispose();
        return out;
      };
      await expectSameOnBoth(run);
    });
  }

  it('a model saved on webgpu acts the same when loaded on cpu, and back', async () => {
    const predict = async (m: tf.LayersModel, input: tf.Tensor): Promise<Float32Array> => {
      const out = m.predict(input) as tf.Tensor;
      const values = Float32Array.from(await out.data());
      out.dispose();
      return values;
    };
    await selectBackend('webgpu');
    const model = minatarCnn({ channels: 4, outputs: 6, seed: 3 });
    const x = randomBatch([8, 10, 10, 4], 15);
    const onGpu = await predict(model, x);
    await saveModel(model, join(scratch, 'gpu-model'));
    // A tensor moves to another backend by a synchronous read, which webgpu in Node can only
    // answer from values already read back asynchronously.
    await x.data();
    await selectBackend('cpu');
    const loaded = await loadModel(join(scratch, 'gpu-model'));
    const onCpu = await predict(loaded, x);
    expect(relativeError(onGpu, onCpu)).toBeLessThan(TOLERANCE);
    const argmax = (q: Float32Array) => Array.from({ length: 8 }, (_, i) => q.subarray(i * 6, i * 6 + 6).indexOf(Math.max(...q.subarray(i * 6, i * 6 + 6))));
    expect(argmax(onGpu)).toEqual(argmax(onCpu));
    await saveModel(loaded, join(scratch, 'cpu-model'));
    await selectBackend('webgpu');
    const back = await loadModel(join(scratch, 'cpu-model'));
    const again = await predict(back, x);
    expect(argmax(again)).toEqual(argmax(onCpu));
    tf.dispose([x]);
    for (const m of [model, loaded, back]) m.dispose();
  });

  it('a synchronous read says what to do instead, and works on values read back already', async () => {
    await selectBackend('webgpu');
    const x = tf.tidy(() => tf.ones([2048]).mul(2)); // above tfjs's 1000-element CPU hand-off
    expect(() => x.dataSync()).toThrow(/reads tensors back only asynchronously \(await tensor.data\(\)\).*actOnHost.*or use --backend native/);
    await x.data();
    expect(x.dataSync()[7]).toBe(2);
    x.dispose();
  });

  it('leaves no tensors behind', async () => {
    await selectBackend('cpu');
    expect(tf.memory().numTensors).toBe(tensorsAtStart);
  });
});
