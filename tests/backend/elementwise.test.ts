import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nativeAddonStatus } from '../../src/backend/index.js';
import { broadcastStrides } from '../../src/backend/native/kernels/elementwise.js';
import { planReduction } from '../../src/backend/native/kernels/reduce.js';
import { Rng, randomSeed } from '../../src/core/rng.js';
import { nativeVsCpu, randomValues, runOn } from './compare.js';

const seed = randomSeed();
const rng = new Rng(seed);

beforeAll(() => {
  const status = nativeAddonStatus();
  if (!status.available) throw new Error(`native addon not built: ${status.reason}`);
});

function tensorOf(shape: number[], low = -1, high = 1): () => tf.Tensor {
  const values = randomValues(shape.reduce((a, b) => a * b, 1), rng).map((v) => low + ((v + 1) / 2) * (high - low));
  return () => tf.tensor(values, shape);
}

describe('broadcastStrides and planReduction', () => {
  it('gives stride 0 on broadcast axes and contiguous strides elsewhere', () => {
    expect(broadcastStrides([3, 1], [2, 3, 4])).toEqual([0, 1, 0]);
    expect(broadcastStrides([2, 3, 4], [2, 3, 4])).toEqual([12, 4, 1]);
    expect(broadcastStrides([], [5, 6])).toEqual([0, 0]);
  });

  it('views a contiguous block of axes as [outer, reduced, inner] and refuses gaps', () => {
    expect(planReduction([32, 8, 8, 16], [0, 1, 2], false)).toEqual({ outer: 1, reduced: 2048, inner: 16, outShape: [16] });
    expect(planReduction([4, 5, 6], [1], true)).toEqual({ outer: 4, reduced: 5, inner: 6, outShape: [4, 1, 6] });
    expect(planReduction([4, 5, 6], [0, 2], false)).toBeUndefined();
  });
});

describe(`native elementwise kernels vs cpu (seed ${seed})`, () => {
  const shapePairs: [number[], number[]][] = [
    [[5, 7], [5, 7]],
    [[5, 7], []],
    [[], [5, 7]],
    [[4, 1, 6], [3, 1]],
    [[2, 3, 4, 5], [5]],
    [[2, 3, 4, 5], [3, 1, 1]],
    [[1], [9]],
    [[70000], [70000]], // more than one task: the threaded path
    [[300, 257], [1, 257]],
  ];
  const binaryOps: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
    ['add', tf.add],
    ['sub', tf.sub],
    ['mul', tf.mul],
    ['div', tf.div],
    ['maximum', tf.maximum],
    ['minimum', tf.minimum],
    ['squaredDifference', tf.squaredDifference],
  ];
  for (const [name, op] of binaryOps) {
    it(`${name} over broadcast shapes`, async () => {
      for (const [aShape, bShape] of shapePairs) {
        const a = tensorOf(aShape);
        const b = tensorOf(bShape, 0.5, 2);
        const { relativeError } = await nativeVsCpu(() => op(a(), b()));
        expect(relativeError, `[${aShape}] ${name} [${bShape}]`).toBeLessThan(1e-6);
      }
    });
  }

  const unaryOps: [string, (x: tf.Tensor) => tf.Tensor, number, number][] = [
    ['relu', tf.relu, -1, 1],
    ['relu6', tf.relu6, -8, 8],
    ['step', (x) => tf.step(x, 0.25), -1, 1],
    ['sqrt', tf.sqrt, 0, 4],
    ['square', tf.square, -2, 2],
    ['neg', tf.neg, -1, 1],
    ['exp', tf.exp, -5, 5],
    ['log', tf.log, 0.01, 10],
    ['abs', tf.abs, -1, 1],
    ['sigmoid', tf.sigmoid, -8, 8],
    ['tanh', tf.tanh, -4, 4],
    ['rsqrt', tf.rsqrt, 0.1, 4],
    ['reciprocal', tf.reciprocal, 0.1, 4],
    ['elu', tf.elu, -3, 3],
  ];
  for (const [name, op, low, high] of unaryOps) {
    it(`${name}, forward and gradient`, async () => {
      const x = tensorOf([3, 70001], low, high);
      const { relativeError } = await nativeVsCpu(() => [op(x()), tf.grad((t: tf.Tensor) => tf.sum(op(t)))(x())]);
      expect(relativeError).toBeLessThan(1e-5);
    });
  }

  it('leaves int32 and bool tensors to the cpu kernels', async () => {
    const compute = () => {
      const a = tf.tensor([1, -2, 3, 4], [2, 2], 'int32');
      const b = tf.tensor([5, 6], [2], 'int32');
      return [tf.add(a, b), tf.mul(a, b), tf.sum(a, 0), tf.max(a, 1), tf.abs(a), tf.sum(tf.tensor([true, false, true], [3], 'bool'))];
    };
    const expected = (await runOn('cpu', compute)).map((x) => Array.from(x));
    expect((await runOn('native', compute)).map((x) => Array.from(x))).toEqual(expected);
    expect(expected).toEqual([[6, 4, 8, 10], [5, -12, 15, 24], [4, 2], [1, 4], [1, 2, 3, 4], [2]]);
  });

  it('treats NaN as tfjs-cpu does in relu, step and maximum', async () => {
    const compute = () => {
      const x = tf.tensor([Number.NaN, -1, 2]);
      return [tf.relu(x), tf.step(x), tf.maximum(x, tf.scalar(0))];
    };
    const expected = (await runOn('cpu', compute)).map((a) => Array.from(a));
    const actual = (await runOn('native', compute)).map((a) => Array.from(a));
    expect(actual).toEqual(expected);
    expect(expected[1]).toEqual([Number.NaN, 0, 1]);
  });
});

describe(`native reductions vs cpu (seed ${seed})`, () => {
  const cases: [number[], number | number[] | undefined, boolean][] = [
    [[32, 8, 8, 16], [0, 1, 2], false], // a conv bias gradient
    [[64, 10], 0, false],
    [[64, 10], 1, true],
    [[5, 6, 7], [1, 2], false],
    [[5, 6, 7], undefined, false],
    [[5, 6, 7], [0, 2], false], // not contiguous: the cpu fallback
    [[4, 100000], 1, false],
    [[300000, 3], 0, true],
  ];
  const reductions: [string, (x: tf.Tensor, axis?: number | number[], keepDims?: boolean) => tf.Tensor][] = [
    ['sum', tf.sum],
    ['mean', tf.mean],
    ['max', tf.max],
    ['min', tf.min],
  ];
  for (const [name, reduce] of reductions) {
    it(`${name} over contiguous and scattered axes`, async () => {
      for (const [shape, axis, keepDims] of cases) {
        const x = tensorOf(shape);
        const { relativeError } = await nativeVsCpu(() => reduce(x(), axis, keepDims));
        // Long float32 sums in a different order: relative to the largest partial sum.
        expect(relativeError, `${name} [${shape}] axis ${axis}`).toBeLessThan(name === 'sum' ? 5e-5 : 1e-6);
      }
    });
  }
});
