import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { duelingCombine } from '../../agents/dqn/q-network.js';
import { huber, tdTargets } from '../../agents/dqn/dqn.js';
import { selectBackend } from '../../src/backend/index.js';
import { Rng } from '../../src/core/rng.js';
import { FusedMlp, fusedTdGradients, fusedTrainingActive, mlp, type TdBatch, type TdLossOptions } from '../../src/nn/index.js';
import { expectClose } from './fused-compare.js';

/** The tfjs path of agents/dqn/dqn.ts's trainStep: loss and gradients by tf.variableGrads. */
function tfjsTd(online: tf.LayersModel, target: tf.LayersModel, batch: TdBatch, options: TdLossOptions): { loss: number; qMean: number; errors: number[]; grads: number[][] } {
  const count = batch.actions.length;
  const inputSize = batch.observations.length / count;
  const q = (model: tf.LayersModel, x: tf.Tensor) => {
    const out = model.apply(x) as tf.Tensor2D;
    return options.dueling ? duelingCombine(out, options.numActions) : out;
  };
  const variables = online.trainableWeights.map((w) => w.read() as tf.Variable);
  const targets = tf.tidy(() => {
    const next = tf.tensor2d(batch.nextObservations, [count, inputSize]);
    return tdTargets(tf.tensor1d(Float32Array.from(batch.rewards)), tf.tensor1d(Float32Array.from(batch.discounts)), tf.tensor1d(Float32Array.from(batch.terminated)), q(target, next), options.doubleQ ? q(online, next) : undefined);
  });
  let qMean = 0;
  let errors: number[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const x = tf.tensor2d(batch.observations, [count, inputSize]);
    const qa = tf.sum(tf.mul(q(online, x), tf.oneHot(tf.tensor1d(Int32Array.from(batch.actions), 'int32'), options.numActions)), 1) as tf.Tensor1D;
    const e = tf.sub(qa, targets) as tf.Tensor1D;
    qMean = tf.mean(qa).dataSync()[0]!;
    errors = Array.from(e.dataSync());
    const perRow = options.loss === 'huber' ? huber(e) : tf.square(e);
    return tf.mean(tf.mul(tf.tensor1d(Float32Array.from(batch.weights)), perRow)) as tf.Scalar;
  }, variables);
  const result = { loss: value.dataSync()[0]!, qMean, errors, grads: variables.map((v) => Array.from(grads[v.name]!.dataSync())) };
  tf.dispose([value, grads, targets]);
  return result;
}

function randomBatch(rng: Rng, count: number, inputSize: number, numActions: number): TdBatch {
  const normal = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
  return {
    count,
    observations: normal(count * inputSize),
    nextObservations: normal(count * inputSize),
    actions: Int32Array.from({ length: count }, () => rng.integer(0, numActions)),
    // Large rewards put many rows on the Huber loss's linear part, small ones on its quadratic part.
    rewards: Float32Array.from({ length: count }, () => rng.normal() * 3),
    discounts: Float32Array.from({ length: count }, () => (rng.random() < 0.5 ? 0.99 : 0.99 ** 3)),
    terminated: Float32Array.from({ length: count }, () => (rng.random() < 0.2 ? 1 : 0)),
    weights: Float32Array.from({ length: count }, () => 0.5 + rng.random()),
  };
}

describe('fused TD gradient (native)', () => {
  beforeAll(async () => {
    await selectBackend('native');
  });

  it('is active on native and refuses networks that are not plain MLPs', async () => {
    expect(fusedTrainingActive()).toBe(true);
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [3], useBias: false })] });
    expect(FusedMlp.of(model)).toBeUndefined();
    model.dispose();
  });

  const cases: TdLossOptions[] = [];
  for (const loss of ['huber', 'mse'] as const) for (const doubleQ of [false, true]) for (const dueling of [false, true]) cases.push({ loss, doubleQ, dueling, numActions: 3 });
  for (const options of cases) {
    it(`equals the tfjs loss and gradients: ${options.loss}, double ${options.doubleQ}, dueling ${options.dueling}`, () => {
      const before = tf.memory().numTensors;
      const outputs = options.dueling ? options.numActions + 1 : options.numActions;
      const online = mlp({ inputSize: 5, hiddenSizes: [32, 16], outputSize: outputs, seed: 1 });
      const target = mlp({ inputSize: 5, hiddenSizes: [32, 16], outputSize: outputs, seed: 2 });
      const batch = randomBatch(new Rng(7), 48, 5, options.numActions);
      const fused = fusedTdGradients(FusedMlp.of(online)!, FusedMlp.of(target)!, batch, options);
      const reference = tfjsTd(online, target, batch, options);
      expectClose(fused.loss, reference.loss, 'loss');
      expectClose(fused.qMean, reference.qMean, 'qMean');
      expectClose(Array.from(fused.errors), reference.errors, 'errors');
      expect(fused.gradients.length).toBe(reference.grads.length);
      fused.gradients.forEach((g, i) => expectClose(Array.from(g), reference.grads[i]!, `gradient ${i}`));
      online.dispose();
      target.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('follows setWeights: the fused view reads the variables at every call', () => {
    const a = mlp({ inputSize: 4, hiddenSizes: [8], outputSize: 2, seed: 3 });
    const b = mlp({ inputSize: 4, hiddenSizes: [8], outputSize: 2, seed: 4 });
    const fused = FusedMlp.of(a)!;
    const x = Float32Array.from({ length: 8 }, (_, i) => i / 8 - 0.5);
    const before = Array.from(fused.forward(x, 2));
    a.setWeights(b.getWeights());
    const after = Array.from(fused.forward(x, 2));
    const expected = tf.tidy(() => Array.from((b.predict(tf.tensor2d(x, [2, 4])) as tf.Tensor).dataSync()));
    expect(after).not.toEqual(before);
    expectClose(after, expected, 'outputs after setWeights');
    a.dispose();
    b.dispose();
  });
});
