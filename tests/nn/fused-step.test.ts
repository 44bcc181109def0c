import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipByGlobalNorm } from '../../agents/common/tensors.js';
import { selectBackend } from '../../src/backend/index.js';
import { Rng } from '../../src/core/rng.js';
import { adam, applyFusedGradients, CenteredRmsProp, clipGlobalNormInPlace, mlp } from '../../src/nn/index.js';
import { expectClose } from './fused-compare.js';

describe('applying fused gradients (native)', () => {
  beforeAll(async () => {
    await selectBackend('native');
  });

  const optimizers: [string, () => tf.Optimizer][] = [
    ['Adam', () => adam(0.01, 0.9, 0.999, 1e-5)],
    ['centered RMSprop', () => new CenteredRmsProp(0.01, 0.95, 0.01)],
  ];
  for (const [name, makeOptimizer] of optimizers) it(`updates weights and ${name} state as tfjs applyGradients does, over several steps, with a target sharing the weights`, () => {
    const before = tf.memory().numTensors;
    const rng = new Rng(5);
    const fused = mlp({ inputSize: 3, hiddenSizes: [8], outputSize: 2, seed: 1 });
    const reference = mlp({ inputSize: 3, hiddenSizes: [8], outputSize: 2, seed: 1 });
    // A target network set from the fused one shares its weight buffers (setWeights assigns the same data).
    const target = mlp({ inputSize: 3, hiddenSizes: [8], outputSize: 2, seed: 2 });
    target.setWeights(fused.getWeights());
    const targetBefore = target.getWeights().map((w) => Array.from(w.dataSync()));
    const fusedVariables = fused.trainableWeights.map((w) => w.read() as tf.Variable);
    const referenceVariables = reference.trainableWeights.map((w) => w.read() as tf.Variable);
    const fusedOptimizer = makeOptimizer();
    const referenceOptimizer = makeOptimizer();
    expect(typeof (fusedOptimizer as Partial<CenteredRmsProp>).applyGradientArrays, 'the array path is what is under test').toBe('function');
    for (let step = 0; step < 5; step++) {
      const gradients = fusedVariables.map((v) => Float32Array.from({ length: v.size }, () => rng.normal()));
      const named: tf.NamedTensorMap = {};
      referenceVariables.forEach((v, i) => (named[v.name] = tf.tensor(gradients[i]!, v.shape)));
      const { grads: clipped, norm } = clipByGlobalNorm(named, 1);
      referenceOptimizer.applyGradients(clipped);
      const fusedNorm = applyFusedGradients(fusedOptimizer, fusedVariables, gradients, 1);
      expectClose(fusedNorm, norm.dataSync()[0]!, 'gradient norm');
      tf.dispose([named, clipped, norm]);
    }
    fusedVariables.forEach((v, i) => expectClose(Array.from(v.dataSync()), Array.from(referenceVariables[i]!.dataSync()), `weights of ${v.name}`, 1e-6));
    const fusedState = fusedOptimizer.getWeights();
    const referenceState = referenceOptimizer.getWeights();
    return Promise.all([fusedState, referenceState]).then(([a, b]) => {
      expect(a.length).toBe(b.length);
      a.forEach((w, i) => expectClose(Array.from(w.tensor.dataSync()), Array.from(b[i]!.tensor.dataSync()), `optimizer state ${w.name}`, 1e-6));
      // The target network kept its own weights.
      expect(target.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(targetBefore);
      tf.dispose([...a.map((w) => w.tensor), ...b.map((w) => w.tensor)]);
      for (const thing of [fused, reference, target, fusedOptimizer, referenceOptimizer]) thing.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  });

  it('clips the global norm in place as clip_grad_norm_ does', () => {
    const gradients = [Float32Array.of(3, 0), Float32Array.of(4)];
    expect(clipGlobalNormInPlace(gradients, 0)).toBe(5);
    expect(Array.from(gradients[0]!)).toEqual([3, 0]);
    expect(clipGlobalNormInPlace(gradients, 1)).toBe(5);
    expectClose([...gradients[0]!, ...gradients[1]!], [0.6, 0, 0.8], 'clipped', 1e-6);
  });
});
