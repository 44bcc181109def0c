import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { huber, tdTargets } from '../../agents/dqn/dqn.js';
import { selectBackend } from '../../src/backend/index.js';
import { Rng } from '../../src/core/rng.js';
import { FusedConvNet, FusedMlp, fusedTdGradients, fusedTdStep, minatarCnn, mlp, natureCnn, pilotNet, type TdBatch, type TdLossOptions } from '../../src/nn/index.js';
import { expectClose } from './fused-compare.js';

function inputShapeOf(model: tf.LayersModel): number[] {
  return model.inputs[0]!.shape.slice(1) as number[];
}

/** tfjs's outputs and the gradients of sum(outputs * weights) for every variable. */
function tfjsForwardBackward(model: tf.LayersModel, x: Float32Array, batch: number, outputWeights: Float32Array): { outputs: number[]; grads: number[][] } {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const input = tf.tensor(x, [batch, ...inputShapeOf(model)]);
  const predicted = model.predict(input) as tf.Tensor;
  const outputs = Array.from(predicted.dataSync());
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(input) as tf.Tensor, tf.tensor(outputWeights, [batch, outputWeights.length / batch]))) as tf.Scalar, variables);
  const result = { outputs, grads: variables.map((v) => Array.from(grads[v.name]!.dataSync())) };
  tf.dispose([input, predicted, value, grads]);
  return result;
}

/** The TD loss of agents/dqn's tfjs path on image observations. */
function tfjsTd(online: tf.LayersModel, target: tf.LayersModel, batch: TdBatch, options: TdLossOptions): { loss: number; errors: number[]; grads: number[][] } {
  const count = batch.actions.length;
  const shape = [count, ...inputShapeOf(online)];
  const variables = online.trainableWeights.map((w) => w.read() as tf.Variable);
  const targets = tf.tidy(() => {
    const next = tf.tensor(batch.nextObservations, shape);
    const onlineNext = options.doubleQ ? (online.apply(next) as tf.Tensor2D) : undefined;
    return tdTargets(tf.tensor1d(Float32Array.from(batch.rewards)), tf.tensor1d(Float32Array.from(batch.discounts)), tf.tensor1d(Float32Array.from(batch.terminated)), target.apply(next) as tf.Tensor2D, onlineNext);
  });
  let errors: number[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const qa = tf.sum(tf.mul(online.apply(tf.tensor(batch.observations, shape)) as tf.Tensor, tf.oneHot(tf.tensor1d(Int32Array.from(batch.actions), 'int32'), options.numActions)), 1) as tf.Tensor1D;
    const e = tf.sub(qa, targets) as tf.Tensor1D;
    errors = Array.from(e.dataSync());
    const perRow = options.loss === 'huber' ? huber(e) : tf.square(e);
    return tf.mean(tf.mul(tf.tensor1d(Float32Array.from(batch.weights)), perRow)) as tf.Scalar;
  }, variables);
  const result = { loss: value.dataSync()[0]!, errors, grads: variables.map((v) => Array.from(grads[v.name]!.dataSync())) };
  tf.dispose([value, grads, targets]);
  return result;
}

/** MinAtar-like observations: mostly zeros with a few ones. */
function sparseImages(rng: Rng, size: number): Float32Array {
  return Float32Array.from({ length: size }, () => (rng.random() < 0.1 ? 1 : 0));
}

describe('FusedConvNet (native)', () => {
  beforeAll(async () => {
    await selectBackend('native');
  });

  const networks: [string, () => tf.Sequential][] = [
    ['MinAtar CNN, 4 channels', () => minatarCnn({ channels: 4, outputs: 3, seed: 1 })],
    ['MinAtar CNN, 10 channels', () => minatarCnn({ channels: 10, outputs: 18, seed: 2 })],
    ['Nature CNN on 36x36x2 (three strided convs)', () => natureCnn({ outputs: 4, inputShape: [36, 36, 2], inputScale: 1, hiddenSize: 32, seed: 3 })],
  ];
  for (const [name, build] of networks) {
    it(`forward and backward equal tfjs's: ${name}`, () => {
      const tensors = tf.memory().numTensors;
      const model = build();
      const fused = FusedConvNet.of(model);
      expect(fused).toBeDefined();
      const rng = new Rng(7);
      const batch = 32;
      // Make the biases non-zero so their gradients and the relu masks are exercised.
      tf.tidy(() => {
        for (const variable of fused!.variables) if (variable.shape.length === 1) variable.assign(tf.tensor1d(Float32Array.from({ length: variable.size }, () => rng.normal() * 0.1)));
      });
      const x = Float32Array.from({ length: batch * fused!.inputSize }, () => rng.normal());
      const outputWeights = Float32Array.from({ length: batch * fused!.outputSize }, () => rng.normal());
      const reference = tfjsForwardBackward(model, x, batch, outputWeights);
      expectClose(Array.from(fused!.forward(x, batch)), reference.outputs, `${name}: outputs`);
      const gradients = fused!.backward(Float32Array.from(outputWeights), batch);
      gradients.forEach((g, i) => expectClose(Array.from(g), reference.grads[i]!, `${name}: gradient of ${fused!.variables[i]!.name}`, 5e-5));
      // One or two rows (acting) take the dense layers row by row instead of the gemm.
      for (const rows of [1, 2]) expectClose(Array.from(fused!.forward(x, rows)), reference.outputs.slice(0, rows * fused!.outputSize), `${name}: outputs of ${rows} rows`);
      model.dispose();
      expect(tf.memory().numTensors).toBe(tensors);
    });
  }

  it('takes only convolutions, flatten and dense layers it can run', () => {
    const mlpModel = mlp({ inputSize: 3, hiddenSizes: [4], outputSize: 2, seed: 0 });
    const rescaled = natureCnn({ outputs: 2, inputShape: [36, 36, 1], hiddenSize: 8, seed: 0 });
    const same = tf.sequential({ layers: [tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', inputShape: [5, 5, 1] }), tf.layers.flatten(), tf.layers.dense({ units: 2 })] });
    const tanh = tf.sequential({ layers: [tf.layers.conv2d({ filters: 2, kernelSize: 3, activation: 'tanh', inputShape: [5, 5, 1] }), tf.layers.flatten(), tf.layers.dense({ units: 2 })] });
    const pilot = pilotNet({ outputs: 2, seed: 0 });
    for (const model of [mlpModel, rescaled, same, tanh, pilot]) expect(FusedConvNet.of(model), model.name).toBeUndefined();
    const cnn = minatarCnn({ channels: 2, outputs: 3, seed: 0 });
    expect(FusedMlp.of(cnn)).toBeUndefined();
    expect(FusedConvNet.of(cnn)).toBeDefined();
    for (const model of [mlpModel, rescaled, same, tanh, pilot, cnn]) model.dispose();
  });

  it('says what is wrong when x is too short', () => {
    const cnn = minatarCnn({ channels: 2, outputs: 3, seed: 0 });
    expect(() => FusedConvNet.of(cnn)!.forward(new Float32Array(10), 2)).toThrow(/x has 10 values, expected 2 rows of 200/);
    cnn.dispose();
  });

  const cases: TdLossOptions[] = [];
  for (const loss of ['huber', 'mse'] as const) for (const doubleQ of [false, true]) cases.push({ loss, doubleQ, dueling: false, numActions: 6 });
  for (const options of cases) {
    it(`the TD loss and gradients on the MinAtar CNN equal tfjs's: ${options.loss}, double ${options.doubleQ}`, () => {
      const tensors = tf.memory().numTensors;
      const online = minatarCnn({ channels: 7, outputs: 6, seed: 4 });
      const target = minatarCnn({ channels: 7, outputs: 6, seed: 5 });
      const rng = new Rng(11);
      const count = 32;
      const batch: TdBatch = {
        observations: sparseImages(rng, count * 700),
        nextObservations: sparseImages(rng, count * 700),
        actions: Int32Array.from({ length: count }, () => rng.integer(0, 6)),
        rewards: Float32Array.from({ length: count }, () => rng.normal() * 3),
        discounts: Float32Array.from({ length: count }, () => 0.99),
        terminated: Float32Array.from({ length: count }, () => (rng.random() < 0.2 ? 1 : 0)),
        weights: Float32Array.from({ length: count }, () => 0.5 + rng.random()),
      };
      const reference = tfjsTd(online, target, batch, options);
      const fused = fusedTdGradients(FusedConvNet.of(online)!, FusedConvNet.of(target)!, batch, options);
      expectClose(fused.loss, reference.loss, 'loss');
      expectClose(Array.from(fused.errors), reference.errors, 'TD errors');
      fused.gradients.forEach((g, i) => expectClose(Array.from(g), reference.grads[i]!, `gradient ${i}`, 5e-5));
      online.dispose();
      target.dispose();
      expect(tf.memory().numTensors).toBe(tensors);
    });
  }

  it('fusedTdStep takes the MinAtar CNN', () => {
    const online = minatarCnn({ channels: 4, outputs: 3, seed: 0 });
    const target = minatarCnn({ channels: 4, outputs: 3, seed: 1 });
    expect(fusedTdStep(online, target)?.online).toBeInstanceOf(FusedConvNet);
    online.dispose();
    target.dispose();
  });
});
