import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nativeAddonStatus } from '../../src/backend/index.js';
import { Rng, randomSeed } from '../../src/core/rng.js';
import { nativeVsCpu, randomValues } from './compare.js';

// Sums of up to a few hundred products in float32, added in a different order than the cpu kernel.
const TOLERANCE = 2e-5;
const seed = randomSeed();
const rng = new Rng(seed);

beforeAll(() => {
  const status = nativeAddonStatus();
  if (!status.available) throw new Error(`native addon not built: ${status.reason}`);
});

function tensorOf(shape: number[]): () => tf.Tensor4D {
  const values = randomValues(shape.reduce((a, b) => a * b, 1), rng);
  return () => tf.tensor4d(values, shape as [number, number, number, number]);
}

interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number;
  dilations?: number;
}

const cases: ConvCase[] = [
  { x: [2, 9, 11, 3], filter: [3, 3, 3, 5], strides: 1, pad: 'same' },
  { x: [2, 9, 11, 3], filter: [3, 3, 3, 5], strides: 1, pad: 'valid' },
  { x: [3, 10, 10, 4], filter: [3, 3, 4, 16], strides: 1, pad: 'valid' }, // MinAtar
  { x: [1, 13, 17, 2], filter: [5, 5, 2, 7], strides: 2, pad: 'same' },
  { x: [2, 33, 40, 3], filter: [5, 5, 3, 24], strides: 2, pad: 'valid' }, // PilotNet's first layer, smaller image
  { x: [2, 28, 28, 4], filter: [8, 8, 4, 32], strides: 4, pad: 'valid' }, // Nature DQN's first layer
  { x: [1, 15, 14, 6], filter: [4, 4, 6, 9], strides: [2, 3], pad: 'same' },
  { x: [2, 7, 9, 5], filter: [1, 1, 5, 6], strides: 1, pad: 'valid' }, // pointwise: the gemm-only path
  { x: [1, 12, 12, 3], filter: [3, 3, 3, 4], strides: 1, pad: 1 },
  { x: [1, 12, 12, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same', dilations: 2 },
  // The direct kernels (native/src/conv_direct.cc: valid taps, channels a whole number of vectors):
  { x: [5, 9, 7, 3], filter: [3, 3, 3, 16], strides: 1, pad: 'valid' }, // 175 output rows: a partial tile
  { x: [2, 11, 12, 16], filter: [3, 3, 16, 64], strides: 1, pad: 'valid' }, // 4 vectors of 16, or 8 of 8
  { x: [2, 14, 13, 2], filter: [3, 3, 2, 48], strides: [2, 1], pad: 'valid' }, // 3 vectors of 16
  { x: [1, 14, 13, 2], filter: [3, 3, 2, 16], strides: 1, pad: 'valid', dilations: 2 },
  { x: [256, 10, 10, 4], filter: [3, 3, 4, 16], strides: 1, pad: 'valid' }, // PPO's MinAtar minibatch: big enough for the thread pool
];

function describeCase(c: ConvCase): string {
  return `x [${c.x}] filter [${c.filter}] strides ${c.strides} pad ${c.pad}${c.dilations ? ` dilation ${c.dilations}` : ''}`;
}

describe(`native convolutions vs cpu (seed ${seed})`, () => {
  for (const c of cases) {
    it(`Conv2D forward and both gradients: ${describeCase(c)}`, async () => {
      const x = tensorOf(c.x);
      const filter = tensorOf(c.filter);
      const { relativeError } = await nativeVsCpu(() => {
        const conv = (input: tf.Tensor4D, kernel: tf.Tensor4D) => tf.conv2d(input, kernel, c.strides, c.pad, 'NHWC', c.dilations ?? 1);
        const out = conv(x(), filter());
        // tfjs has no gradient for dilated convolutions: compare the forward pass only.
        if (c.dilations) return [out];
        // A random linear function of the output makes every gradient entry depend on many paths.
        const weights = tf.tensor(randomValues(out.size, new Rng(3)), out.shape);
        const [dx, dFilter] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), weights)))([
          x(),
          filter(),
        ]);
        return [out, dx!, dFilter!];
      });
      expect(relativeError).toBeLessThan(TOLERANCE);
    });
  }

  for (const activation of ['linear', 'relu', 'elu', 'sigmoid'] as const) {
    it(`FusedConv2D with bias and ${activation}, forward and gradients`, async () => {
      const x = tensorOf([2, 12, 13, 3]);
      const filter = tensorOf([3, 3, 3, 8]);
      const bias = tensorOf([1, 1, 1, 8]);
      const { relativeError } = await nativeVsCpu(() => {
        const conv = (a: tf.Tensor, b: tf.Tensor, z: tf.Tensor) =>
          tf.fused.conv2d({ x: a as tf.Tensor4D, filter: b as tf.Tensor4D, strides: 2, pad: 'same', bias: z.reshape([8]), activation });
        const out = conv(x(), filter(), bias());
        const weights = tf.tensor(randomValues(out.size, new Rng(4)), out.shape);
        const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, z: tf.Tensor) => tf.sum(tf.mul(conv(a, b, z), weights)))([x(), filter(), bias()]);
        return [out, ...grads];
      });
      expect(relativeError).toBeLessThan(TOLERANCE);
    });
  }

  it('falls back to the cpu kernel for NCHW', async () => {
    const x = tensorOf([1, 3, 6, 7]);
    const filter = tensorOf([3, 3, 3, 2]);
    // tfjs's cpu conv2d accepts NCHW; our native kernel leaves it to the cpu implementation.
    const { relativeError } = await nativeVsCpu(() => tf.conv2d(x(), filter(), 1, 'same', 'NCHW'));
    expect(relativeError).toBe(0);
  });
});
