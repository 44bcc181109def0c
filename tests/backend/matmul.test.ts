import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nativeAddonStatus } from '../../src/backend/index.js';
import { Rng, randomSeed } from '../../src/core/rng.js';
import { nativeVsCpu, randomValues } from './compare.js';

// float32 sums of up to ~500 products of values in [-1, 1): the cpu kernel and ours add in
// different orders, so results differ by a few ulps of the largest partial sums.
const TOLERANCE = 2e-5;
const seed = randomSeed();
const rng = new Rng(seed);

beforeAll(() => {
  const status = nativeAddonStatus();
  if (!status.available) throw new Error(`native addon not built: ${status.reason}`);
});

function tensorOf(shape: number[]): () => tf.Tensor {
  const values = randomValues(shape.reduce((a, b) => a * b, 1), rng);
  return () => tf.tensor(values, shape);
}

describe(`native BatchMatMul vs cpu (seed ${seed})`, () => {
  const sizes: [number, number, number][] = [
    [1, 1, 1], [7, 13, 5], [2, 300, 17], [3, 5, 700], [64, 64, 64], [33, 129, 65], [150, 7, 260], [97, 200, 31],
    // Few rows, whole strips of columns, under the parallel threshold: B is read in place, over several depth slices.
    [13, 600, 64], [32, 300, 96],
  ];
  for (const [m, k, n] of sizes) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        it(`${m}x${k} * ${k}x${n}, transposeA=${transposeA}, transposeB=${transposeB}`, async () => {
          const a = tensorOf(transposeA ? [k, m] : [m, k]);
          const b = tensorOf(transposeB ? [n, k] : [k, n]);
          const { relativeError, sizes: outSizes } = await nativeVsCpu(() => tf.matMul(a(), b(), transposeA, transposeB));
          expect(outSizes).toEqual([m * n]);
          expect(relativeError).toBeLessThan(TOLERANCE);
        });
      }
    }
  }

  const batches: [number[], number[]][] = [
    [[4, 9, 6], [1, 6, 11]],
    [[1, 9, 6], [5, 6, 11]],
    [[3, 17, 40], [3, 40, 23]],
    [[2, 3, 8, 5], [2, 3, 5, 7]],
  ];
  for (const [aShape, bShape] of batches) {
    it(`broadcasts batches: [${aShape}] * [${bShape}]`, async () => {
      const a = tensorOf(aShape);
      const b = tensorOf(bShape);
      const { relativeError } = await nativeVsCpu(() => tf.matMul(a(), b()));
      expect(relativeError).toBeLessThan(TOLERANCE);
    });
  }

  it('refuses mismatched inner sizes with the same error as tfjs', async () => {
    await tf.setBackend('native');
    expect(() => tf.tidy(() => tf.matMul(tf.zeros([2, 3]), tf.zeros([4, 2])))).toThrow(/inner shapes \(3\) and \(4\)/);
  });
});

describe(`native _FusedMatMul vs cpu (seed ${seed})`, () => {
  const activations = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const;
  for (const activation of activations) {
    it(`bias + ${activation}, forward and gradients`, async () => {
      const [m, k, n] = [37, 45, 19];
      const a = tensorOf([m, k]);
      const b = tensorOf([k, n]);
      const bias = tensorOf([n]);
      const alpha = tensorOf([n]);
      const { relativeError } = await nativeVsCpu(() => {
        const weights = tf.tensor(randomValues(m * n, new Rng(1)), [m, n]);
        const loss = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) =>
          tf.sum(tf.mul(tf.fused.matMul({ a: x, b: y, bias: z, activation, preluActivationWeights: alpha(), leakyreluAlpha: 0.1 }), weights));
        const [dx, dy, dz] = tf.grads(loss as (...args: tf.Tensor[]) => tf.Tensor)([a(), b(), bias()]);
        const forward = tf.fused.matMul({ a: a(), b: b(), bias: bias(), activation, preluActivationWeights: alpha(), leakyreluAlpha: 0.1 });
        return [forward, dx!, dy!, dz!];
      });
      expect(relativeError).toBeLessThan(TOLERANCE);
    });
  }

  it('handles transposes with a bias', async () => {
    const a = tensorOf([20, 8]);
    const b = tensorOf([30, 20]);
    const bias = tensorOf([30]);
    const { relativeError } = await nativeVsCpu(() =>
      tf.fused.matMul({ a: a(), b: b(), transposeA: true, transposeB: true, bias: bias(), activation: 'relu' }),
    );
    expect(relativeError).toBeLessThan(TOLERANCE);
  });
});
