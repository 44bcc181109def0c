import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countParameters, minatarCnn, mlp, natureCnn, pilotNet } from '../../src/nn/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function weightsOf(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

describe('mlp', () => {
  it('builds 4-64-64-2 with the expected parameter count and output shape', () => {
    const model = mlp({ inputSize: 4, hiddenSizes: [64, 64], outputSize: 2, seed: 0 });
    expect(countParameters(model)).toBe(4 * 64 + 64 + 64 * 64 + 64 + 64 * 2 + 2);
    const out = tf.tidy(() => model.predict(tf.zeros([3, 4])) as tf.Tensor);
    expect(out.shape).toEqual([3, 2]);
    // Zero input, zero biases: the output is exactly zero.
    expect(Array.from(out.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
    out.dispose();
    model.dispose();
  });

  it('gives identical weights for the same seed and different ones for another seed', () => {
    const options = { inputSize: 3, hiddenSizes: [5], outputSize: 2, kernelInitializer: 'orthogonal' as const };
    const a = mlp({ ...options, seed: 11 });
    const b = mlp({ ...options, seed: 11 });
    const c = mlp({ ...options, seed: 12 });
    expect(weightsOf(a)).toEqual(weightsOf(b));
    expect(weightsOf(a)).not.toEqual(weightsOf(c));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('uses the output initializer on the last layer only', () => {
    const model = mlp({
      inputSize: 4,
      hiddenSizes: [8],
      outputSize: 2,
      kernelInitializer: { name: 'orthogonal', gain: Math.SQRT2 },
      outputKernelInitializer: 'zeros',
      seed: 1,
    });
    const [hiddenKernel, , outputKernel] = weightsOf(model);
    expect(hiddenKernel!.some((v) => v !== 0)).toBe(true);
    expect(outputKernel!.every((v) => v === 0)).toBe(true);
    model.dispose();
  });

  it('explains bad options', () => {
    expect(() => mlp({ inputSize: 0, hiddenSizes: [], outputSize: 2 })).toThrow("mlp: 'inputSize' must be a positive integer, got 0");
    expect(() => mlp({ inputSize: 4, hiddenSizes: [64, 6.5], outputSize: 2 })).toThrow("'hiddenSizes[1]' must be a positive integer, got 6.5");
    expect(() => mlp({ inputSize: 4, hiddenSizes: [], outputSize: 2, activation: 'rleu' as 'relu' })).toThrow(/unknown activation "rleu". Did you mean .*'relu'/);
    expect(() => mlp({ inputSize: 4, hiddenSize: [64], outputSize: 2 } as never)).toThrow(/unknown option 'hiddenSize'.*Did you mean 'hiddenSizes'/);
  });
});

describe('image networks', () => {
  it('builds the MinAtar network: 10x10xC -> conv 16 3x3 -> 8x8x16 -> 128 -> outputs', () => {
    const model = minatarCnn({ channels: 4, outputs: 6, seed: 0 });
    expect(countParameters(model)).toBe(16 * 36 + 16 + 1024 * 128 + 128 + 128 * 6 + 6);
    expect(model.layers.map((l) => l.name)).toEqual(['conv1', 'flatten', 'dense1', 'output']);
    const out = tf.tidy(() => model.predict(tf.ones([2, 10, 10, 4])) as tf.Tensor);
    expect(out.shape).toEqual([2, 6]);
    out.dispose();
    model.dispose();
  });

  it('builds the Nature DQN network with 3136 features after the convolutions', () => {
    const model = natureCnn({ outputs: 6, seed: 0 });
    const flatten = model.getLayer('flatten');
    expect(flatten.outputShape).toEqual([null, 3136]);
    expect(countParameters(model)).toBe(8224 + 32832 + 36928 + (3136 * 512 + 512) + (512 * 6 + 6));
    model.dispose();
  });

  it('builds PilotNet with about 252k parameters and maps pixels 0..255 to -1..1', () => {
    const model = pilotNet({ seed: 0 });
    expect(countParameters(model)).toBe(252219);
    expect(model.getLayer('flatten').outputShape).toEqual([null, 1152]);
    const scaled = tf.tidy(() => model.getLayer('rescale').apply(tf.tensor([[0, 127.5, 255]])) as tf.Tensor);
    expect(Array.from(scaled.dataSync())).toEqual([-1, 0, 1]);
    scaled.dispose();
    model.dispose();
  });

  it('refuses an input too small for the convolutions', () => {
    expect(() => natureCnn({ outputs: 2, inputShape: [16, 16, 4] })).toThrow(
      'natureCnn: input shape [16, 16, 4] is too small: convolution 2 (4x4, stride 2) leaves no pixels',
    );
  });
});

afterAll(() => {
  expect(tf.memory().numTensors).toBeLessThan(5);
});
