import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/backend/index.js';
import { Rng } from '../../src/core/rng.js';
import { ACTIVATIONS, FusedMlp, mlp, multiInputNet, minatarCnn } from '../../src/nn/index.js';
import { expectClose } from './fused-compare.js';

describe('FusedMlp (native)', () => {
  beforeAll(async () => {
    await selectBackend('native');
  });

  for (const activation of ['linear', 'relu', 'tanh', 'sigmoid', 'elu'] as const) {
    it(`forward and backward equal tfjs's for ${activation} layers`, () => {
      const before = tf.memory().numTensors;
      const rng = new Rng(3);
      const model = mlp({ inputSize: 7, hiddenSizes: [40, 24], outputSize: 5, activation, seed: 9 });
      const fused = FusedMlp.of(model)!;
      const count = 33;
      const x = Float32Array.from({ length: count * 7 }, () => rng.normal() * 2);
      const upstream = Float32Array.from({ length: count * 5 }, () => rng.normal());
      const out = Array.from(fused.forward(x, count));
      const grads = fused.backward(upstream.slice(), count);
      const variables = fused.variables;
      const reference = tf.tidy(() => {
        const input = tf.tensor2d(x, [count, 7]);
        const { value, grads: g } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(input) as tf.Tensor, tf.tensor2d(upstream, [count, 5]))) as tf.Scalar, variables);
        value.dispose();
        return { out: Array.from((model.apply(input) as tf.Tensor).dataSync()), grads: variables.map((v) => Array.from(g[v.name]!.dataSync())) };
      });
      expectClose(out, reference.out, 'outputs');
      grads.forEach((g, i) => expectClose(Array.from(g), reference.grads[i]!, `gradient of ${variables[i]!.name}`));
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('computes tanh to float precision over its whole range, NaN included', () => {
    const model = mlp({ inputSize: 1, hiddenSizes: [], outputSize: 1, outputActivation: 'tanh', seed: 0 });
    const weights = [tf.tensor2d([[1]]), tf.tensor1d([0])];
    model.setWeights(weights);
    tf.dispose(weights);
    const x = Float32Array.from({ length: 40_001 }, (_, i) => (i - 20_000) / 1000);
    const out = FusedMlp.of(model)!.forward(x, x.length);
    let worst = 0;
    x.forEach((v, i) => (worst = Math.max(worst, Math.abs(out[i]! - Math.tanh(v)) / Math.max(Math.abs(Math.tanh(v)), 1e-30))));
    expect(worst).toBeLessThan(1e-6);
    expect(Array.from(FusedMlp.of(model)!.forward(Float32Array.of(Number.NaN, 50, -50, 0), 4))).toEqual([Number.NaN, 1, -1, 0]);
    model.dispose();
  });

  it('takes only plain Dense MLPs with supported activations', () => {
    const softplus = mlp({ inputSize: 3, hiddenSizes: [4], outputSize: 2, activation: 'softplus', seed: 0 });
    const cnn = minatarCnn({ channels: 2, outputs: 3, seed: 0 });
    const multi = multiInputNet({ inputs: [{ key: 'a', shape: [3] }, { key: 'b', shape: [2] }], outputs: 2, hiddenSizes: [4], seed: 0 });
    expect(ACTIVATIONS).toContain('softplus');
    expect(FusedMlp.of(softplus)).toBeUndefined();
    expect(FusedMlp.of(cnn)).toBeUndefined();
    expect(FusedMlp.of(multi)).toBeUndefined();
    for (const model of [softplus, cnn, multi]) model.dispose();
  });

  it('says what is wrong when x is too short', () => {
    const model = mlp({ inputSize: 3, hiddenSizes: [4], outputSize: 2, seed: 0 });
    expect(() => FusedMlp.of(model)!.forward(new Float32Array(5), 2)).toThrow(/x has 5 values, expected 2 rows of 3/);
    model.dispose();
  });
});
