import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { categoricalEntropy, categoricalLogProb, gaussianEntropy, gaussianLogProb } from '../../agents/common/distributions.js';
import { ppoLosses } from '../../agents/ppo/ppo.js';
import { selectBackend } from '../../src/backend/index.js';
import { Rng } from '../../src/core/rng.js';
import { FusedConvNet, FusedMlp, fusedPpoGradients, minatarCnn, mlp, type Activation, type PpoLossOptions, type PpoMinibatch } from '../../src/nn/index.js';
import { expectClose } from './fused-compare.js';

interface Case {
  head: 'categorical' | 'gaussian';
  /** Actor and critic are MinAtar CNNs on 10x10x4 images (FusedConvNet) instead of MLPs. */
  cnn?: boolean;
  clipRangeVf: number | null;
  entCoef: number;
  activation: Activation;
}

/** agents/ppo's tfjs loss (ActorCritic.evaluate + ppoLosses) and its gradients. */
function tfjsPpo(actor: tf.LayersModel, critic: tf.LayersModel, logStd: tf.Variable | undefined, batch: PpoMinibatch, options: PpoLossOptions) {
  const variables = [...actor.trainableWeights, ...critic.trainableWeights].map((w) => w.read() as tf.Variable);
  if (logStd) variables.push(logStd);
  const inputSize = batch.observations.length / batch.count;
  let stats: number[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const x = tf.tensor2d(batch.observations, [batch.count, inputSize]);
    const input = actor.inputs[0]!.shape.length === 4 ? tf.reshape(x, [batch.count, ...(actor.inputs[0]!.shape.slice(1) as number[])]) : x;
    const head = actor.apply(input) as tf.Tensor2D;
    const values = tf.reshape(critic.apply(input) as tf.Tensor, [-1]) as tf.Tensor1D;
    const evaluated = logStd
      ? { logProb: gaussianLogProb(head, logStd as tf.Tensor1D, tf.tensor2d(batch.actions as Float32Array, head.shape)), entropy: gaussianEntropy(logStd as tf.Tensor1D), values }
      : { logProb: categoricalLogProb(head, tf.tensor1d(batch.actions as Int32Array, 'int32')), entropy: categoricalEntropy(head), values };
    const f = (a: ArrayLike<number>) => tf.tensor1d(Float32Array.from(a));
    const terms = ppoLosses(evaluated, { oldLogProbs: f(batch.oldLogProbs), oldValues: f(batch.oldValues), advantages: f(batch.advantages), returns: f(batch.returns) }, options.clipRange, options.clipRangeVf, options.entCoef, options.vfCoef);
    stats = [terms.policyLoss, terms.valueLoss, terms.entropy, terms.approxKl, terms.clipFraction].map((t) => t.dataSync()[0]!);
    return terms.total;
  }, variables);
  const result = { total: value.dataSync()[0]!, stats, grads: variables.map((v) => Array.from(grads[v.name]!.dataSync())) };
  tf.dispose([value, grads]);
  return result;
}

describe('fused PPO gradient (native)', () => {
  beforeAll(async () => {
    await selectBackend('native');
  });

  const cases: Case[] = [];
  for (const head of ['categorical', 'gaussian'] as const) for (const clipRangeVf of [null, 0.1]) for (const entCoef of [0, 0.01]) cases.push({ head, clipRangeVf, entCoef, activation: head === 'categorical' ? 'tanh' : 'relu' });
  cases.push({ head: 'categorical', clipRangeVf: null, entCoef: 0.01, activation: 'relu' });
  cases.push({ head: 'categorical', clipRangeVf: 0.1, entCoef: 0.01, activation: 'relu', cnn: true });

  for (const c of cases) {
    it(`equals the tfjs loss and gradients: ${c.cnn ? 'MinAtar CNNs, ' : ''}${c.head}, ${c.activation}, clipRangeVf ${c.clipRangeVf}, entCoef ${c.entCoef}`, () => {
      const before = tf.memory().numTensors;
      const rng = new Rng(11);
      const count = 64;
      const inputSize = c.cnn ? 10 * 10 * 4 : 6;
      const width = 3;
      const actor = c.cnn ? minatarCnn({ channels: 4, outputs: width, seed: 5 }) : mlp({ inputSize, hiddenSizes: [32, 32], outputSize: width, activation: c.activation, seed: 5 });
      const critic = c.cnn ? minatarCnn({ channels: 4, outputs: 1, seed: 6 }) : mlp({ inputSize, hiddenSizes: [32, 32], outputSize: 1, activation: c.activation, seed: 6 });
      const logStd = c.head === 'gaussian' ? tf.tidy(() => tf.variable(tf.tensor1d([-0.3, 0.1, 0.4]))) : undefined;
      // MinAtar images hold 0s and 1s.
      const observations = Float32Array.from({ length: count * inputSize }, () => (c.cnn ? (rng.uniform() < 0.2 ? 1 : 0) : rng.normal()));
      // Old log-probabilities spread around the current ones, so ratios land inside and outside the clip range.
      const current = tf.tidy(() => {
        const input = c.cnn ? tf.tensor4d(observations, [count, 10, 10, 4]) : tf.tensor2d(observations, [count, inputSize]);
        const head = actor.predict(input) as tf.Tensor2D;
        return head.arraySync() as number[][];
      });
      const actions = c.head === 'categorical' ? Int32Array.from({ length: count }, () => rng.integer(0, width)) : Float32Array.from({ length: count * width }, (_, k) => current[Math.floor(k / width)]![k % width]! + rng.normal());
      const batch: PpoMinibatch = {
        count,
        observations,
        actions,
        oldLogProbs: Float32Array.from({ length: count }, () => -1.1 + rng.normal() * 0.4),
        oldValues: Float32Array.from({ length: count }, () => rng.normal() * 0.2),
        advantages: Float32Array.from({ length: count }, () => rng.normal()),
        returns: Float32Array.from({ length: count }, () => rng.normal()),
      };
      const options: PpoLossOptions = { clipRange: 0.2, clipRangeVf: c.clipRangeVf, entCoef: c.entCoef, vfCoef: 0.5, ...(logStd ? { logStd: logStd.dataSync() as Float32Array } : {}) };
      if (c.head === 'gaussian') {
        // Gaussian log-probabilities are larger in magnitude; centre the old ones on the current ones.
        const now = tf.tidy(() => gaussianLogProb(tf.tensor2d(current), logStd as tf.Tensor1D, tf.tensor2d(actions as Float32Array, [count, width])).dataSync());
        batch.oldLogProbs = Float32Array.from(now, (v) => v + rng.normal() * 0.3);
      }
      const fusedOf = (model: tf.LayersModel) => (c.cnn ? FusedConvNet.of(model) : FusedMlp.of(model));
      expect(fusedOf(actor)).toBeDefined();
      const fused = fusedPpoGradients(fusedOf(actor)!, fusedOf(critic)!, batch, options);
      const reference = tfjsPpo(actor, critic, logStd, batch, options);
      const s = fused.stats;
      expect(s.clipFraction).toBeGreaterThan(0);
      expect(s.clipFraction).toBeLessThan(1);
      expectClose(s.total, reference.total, 'total loss');
      expectClose([s.policyLoss, s.valueLoss, s.entropy, s.approxKl, s.clipFraction], reference.stats, 'statistics');
      expect(fused.gradients.length).toBe(reference.grads.length);
      fused.gradients.forEach((g, i) => expectClose(Array.from(g), reference.grads[i]!, `gradient ${i}`));
      actor.dispose();
      critic.dispose();
      logStd?.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
