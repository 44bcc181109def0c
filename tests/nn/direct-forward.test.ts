import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { directForward } from '../../src/nn/direct-forward.js';
import { minatarCnn, mlp, natureCnn, setFusedTraining } from '../../src/nn/index.js';
import { expectClose } from './fused-compare.js';
import { selectBackend } from '../../src/backend/index.js';

/** Values and gradients of `forward` on `input`, as plain arrays. */
function valuesAndGrads(model: tf.LayersModel, forward: (x: tf.Tensor) => tf.Tensor, input: tf.Tensor): { out: number[]; grads: number[][] } {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const out = tf.tidy(() => Array.from(forward(input).dataSync()));
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(forward(input))) as tf.Scalar, variables);
  const gradValues = variables.map((v) => Array.from(grads[v.name]!.dataSync()));
  tf.dispose([value, grads]);
  return { out, grads: gradValues };
}

function expectSameAsLayers(model: tf.LayersModel, input: tf.Tensor): void {
  const direct = valuesAndGrads(model, directForward(model), input);
  const layers = valuesAndGrads(model, (x) => model.apply(x) as tf.Tensor, input);
  expect(direct.out).toEqual(layers.out);
  expect(direct.grads).toEqual(layers.grads);
}

for (const backend of ['cpu', 'native'] as const) {
  describe(`directForward on ${backend}`, () => {
    beforeAll(async () => {
      await selectBackend(backend);
    });

    it('matches model.apply bit for bit on an MLP, values and gradients, relu and tanh (fused steps off)', () => {
      setFusedTraining(false);
      try {
        for (const activation of ['relu', 'tanh'] as const) {
          const model = mlp({ inputSize: 5, hiddenSizes: [16, 8], outputSize: 3, activation, seed: 3 });
          const input = tf.randomNormal([7, 5], 0, 1, 'float32', 1);
          expectSameAsLayers(model, input);
          input.dispose();
          model.dispose();
        }
      } finally {
        setFusedTraining(true);
      }
    });

    it('matches model.apply on an MLP with fused steps on: within float32 rounding outside gradients, exactly inside', () => {
      for (const activation of ['relu', 'tanh'] as const) {
        const model = mlp({ inputSize: 5, hiddenSizes: [16, 8], outputSize: 3, activation, seed: 3 });
        const input = tf.randomNormal([7, 5], 0, 1, 'float32', 1);
        const direct = valuesAndGrads(model, directForward(model), input);
        const layers = valuesAndGrads(model, (x) => model.apply(x) as tf.Tensor, input);
        expectClose(direct.out, layers.out, `${activation} outputs`);
        expect(direct.grads).toEqual(layers.grads);
        input.dispose();
        model.dispose();
      }
    });

    it('matches model.apply on the MinAtar CNN and on a rescaling Nature CNN', () => {
      const minatar = minatarCnn({ channels: 4, outputs: 6, seed: 0 });
      const grid = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([4, 10, 10, 4], 0, 1, 'float32', 2), 0.7), 'float32'));
      expectSameAsLayers(minatar, grid);
      const nature = natureCnn({ outputs: 2, inputShape: [36, 36, 2], seed: 1 });
      const frames = tf.randomUniform([2, 36, 36, 2], 0, 255, 'float32', 3);
      expectSameAsLayers(nature, frames);
      tf.dispose([grid, frames]);
      minatar.dispose();
      nature.dispose();
    });

    it('sees weights set after it was made, and leaves no tensors behind', () => {
      const model = mlp({ inputSize: 2, hiddenSizes: [4], outputSize: 1, seed: 0 });
      const forward = directForward(model);
      const input = tf.tensor2d([[1, 2]]);
      const before = tf.memory().numTensors;
      tf.tidy(() => model.setWeights(model.getWeights().map((w) => tf.onesLike(w))));
      // relu(1*1 + 2*1 + 1) = 4 per hidden unit; 4 units * 4 + 1 = 17.
      const out = forward(input);
      expect(Array.from(out.dataSync())).toEqual([17]);
      out.dispose();
      expect(tf.memory().numTensors).toBe(before);
      input.dispose();
      model.dispose();
    });
  });
}

describe('directForward fallback', () => {
  it('uses model.apply for a model with a layer it has no direct path for', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2] }), tf.layers.dropout({ rate: 0.5 }), tf.layers.dense({ units: 1 })] });
    const input = tf.tensor2d([[0.5, -1]]);
    const direct = directForward(model)(input);
    const applied = model.apply(input) as tf.Tensor;
    expect(Array.from(direct.dataSync())).toEqual(Array.from(applied.dataSync()));
    tf.dispose([input, direct, applied]);
    model.dispose();
  });
});
