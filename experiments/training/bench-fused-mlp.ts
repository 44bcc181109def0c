/**
 * One training step, tfjs graph versus fused native step, on the native backend, in one run:
 * - a PPO minibatch on CartPole's networks (actor and critic 4-64-64, batch 256, Adam, clipping);
 * - a DQN step on CartPole's RL Zoo network (4-256-256-2, batch 64, Huber, Adam);
 * - a DQN step on a 4-64-64-2 MLP (batch 32);
 * - a DQN step on the MinAtar CNN at the paper's settings (Breakout's 10x10x4 frames, 6 actions,
 *   batch 32, Huber, centered RMSprop), the fused path through FusedConvNet.
 * Both paths include building the minibatch's tensors or arrays and the optimizer update.
 *
 *   npx tsx experiments/training/bench-fused-mlp.ts [--repeats 300]
 */
import * as tf from '@tensorflow/tfjs';
import { loadavg } from 'node:os';
import { categoricalEntropy, categoricalLogProb } from '../../agents/common/distributions.js';
import { optimizeStep } from '../../agents/common/tensors.js';
import { huber, tdTargets } from '../../agents/dqn/dqn.js';
import { ppoLosses } from '../../agents/ppo/ppo.js';
import { selectBackend } from '../../src/backend/index.js';
import { parseScriptArgs } from '../../src/cli/args.js';
import { Rng } from '../../src/core/rng.js';
import { adam, applyFusedGradients, CenteredRmsProp, FusedConvNet, FusedMlp, minatarCnn, fusedPpoGradients, fusedTdGradients, mlp, type FusedNetwork, type PpoMinibatch, type TdBatch } from '../../src/nn/index.js';

const repeats = parseScriptArgs('experiments/training/bench-fused-mlp.ts', { repeats: { type: 'string' } }).number('repeats', 300);
tf.env().set('PROD', true);
await selectBackend('native');
const rng = new Rng(0);
const normal = (n: number) => Float32Array.from({ length: n }, () => rng.normal());

/**
 * Best mean milliseconds of `step` over 3 windows of `repeats` calls, in CPU time of this process
 * (user + system, all its threads): on a shared machine that counts our work, not our waiting.
 */
function time(step: () => void): number {
  for (let i = 0; i < 20; i++) step();
  let best = Infinity;
  for (let window = 0; window < 3; window++) {
    const started = process.cpuUsage();
    for (let i = 0; i < repeats; i++) step();
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000 / repeats);
  }
  return best;
}

function benchPpo(): [number, number] {
  const count = 256;
  const actor = mlp({ inputSize: 4, hiddenSizes: [64, 64], outputSize: 2, activation: 'tanh', seed: 1 });
  const critic = mlp({ inputSize: 4, hiddenSizes: [64, 64], outputSize: 1, activation: 'tanh', seed: 2 });
  const variables = [...actor.trainableWeights, ...critic.trainableWeights].map((w) => w.read() as tf.Variable);
  const batch: PpoMinibatch = { count, observations: normal(count * 4), actions: Int32Array.from({ length: count }, () => rng.integer(0, 2)), oldLogProbs: Float32Array.from({ length: count }, () => -0.69), oldValues: normal(count), advantages: normal(count), returns: normal(count) };
  const optimizer = adam(1e-4, 0.9, 0.999, 1e-5);
  const tfjs = time(() => {
    const t = tf.tidy(() => ({
      observations: tf.tensor2d(batch.observations, [count, 4]),
      actions: tf.tensor1d(batch.actions as Int32Array, 'int32'),
      oldLogProbs: tf.tensor1d(batch.oldLogProbs as Float32Array),
      oldValues: tf.tensor1d(batch.oldValues as Float32Array),
      advantages: tf.tensor1d(batch.advantages as Float32Array),
      returns: tf.tensor1d(batch.returns as Float32Array),
    }));
    const { keep, gradNorm } = optimizeStep(optimizer, variables, 0.5, () => {
      const head = actor.apply(t.observations) as tf.Tensor2D;
      const evaluated = { logProb: categoricalLogProb(head, t.actions as tf.Tensor1D), entropy: categoricalEntropy(head), values: tf.reshape(critic.apply(t.observations) as tf.Tensor, [-1]) as tf.Tensor1D };
      const losses = ppoLosses(evaluated, t, 0.2, null, 0, 0.5);
      return { loss: losses.total, keep: [losses.policyLoss, losses.valueLoss, losses.entropy, losses.approxKl, losses.clipFraction] };
    });
    tf.dispose([...keep, gradNorm, ...Object.values(t)]);
  });
  const fusedActor = FusedMlp.of(actor)!;
  const fusedCritic = FusedMlp.of(critic)!;
  const fused = time(() => {
    const { gradients } = fusedPpoGradients(fusedActor, fusedCritic, batch, { clipRange: 0.2, clipRangeVf: null, entCoef: 0, vfCoef: 0.5 });
    applyFusedGradients(optimizer, [...fusedActor.variables, ...fusedCritic.variables], gradients, 0.5);
  });
  tf.dispose([actor, critic, optimizer] as unknown as tf.Tensor[]);
  return [tfjs, fused];
}

function benchDqn(hidden: number[], count: number): [number, number] {
  const online = mlp({ inputSize: 4, hiddenSizes: hidden, outputSize: 2, seed: 1 });
  const target = mlp({ inputSize: 4, hiddenSizes: hidden, outputSize: 2, seed: 2 });
  const batch: TdBatch = { count, observations: normal(count * 4), nextObservations: normal(count * 4), actions: Int32Array.from({ length: count }, () => rng.integer(0, 2)), rewards: new Float32Array(count).fill(1), discounts: new Float32Array(count).fill(0.99), terminated: new Float32Array(count), weights: new Float32Array(count).fill(1) };
  const result = benchTd(online, target, FusedMlp.of(online)!, FusedMlp.of(target)!, batch, [4], 2, adam(1e-3), 10);
  online.dispose();
  target.dispose();
  return result;
}

function benchDqnMinatar(channels: number, numActions: number): [number, number] {
  const count = 32;
  const online = minatarCnn({ channels, outputs: numActions, seed: 1 });
  const target = minatarCnn({ channels, outputs: numActions, seed: 2 });
  const frames = (n: number) => Float32Array.from({ length: n }, () => (rng.random() < 0.1 ? 1 : 0));
  const size = count * 100 * channels;
  const batch: TdBatch = { count, observations: frames(size), nextObservations: frames(size), actions: Int32Array.from({ length: count }, () => rng.integer(0, numActions)), rewards: new Float32Array(count).fill(1), discounts: new Float32Array(count).fill(0.99), terminated: new Float32Array(count), weights: new Float32Array(count).fill(1) };
  const optimizer = new CenteredRmsProp(2.5e-4, 0.95, 0.01);
  const result = benchTd(online, target, FusedConvNet.of(online)!, FusedConvNet.of(target)!, batch, [10, 10, channels], numActions, optimizer, 0);
  online.dispose();
  target.dispose();
  return result;
}

/** A DQN step through the tfjs graph and through the fused networks (the same Huber TD loss and optimizer). */
function benchTd(online: tf.LayersModel, target: tf.LayersModel, fusedOnline: FusedNetwork, fusedTarget: FusedNetwork, batch: TdBatch, inputShape: number[], numActions: number, optimizer: tf.Optimizer, maxGradNorm: number): [number, number] {
  const count = batch.count!;
  const variables = online.trainableWeights.map((w) => w.read() as tf.Variable);
  const tfjs = time(() => {
    const t = tf.tidy(() => ({
      observations: tf.tensor(batch.observations, [count, ...inputShape]),
      actions: tf.oneHot(tf.tensor1d(batch.actions as Int32Array, 'int32'), numActions),
      targets: tdTargets(tf.tensor1d(batch.rewards as Float32Array), tf.tensor1d(batch.discounts as Float32Array), tf.tensor1d(batch.terminated as Float32Array), target.apply(tf.tensor(batch.nextObservations, [count, ...inputShape])) as tf.Tensor2D),
      weights: tf.tensor1d(batch.weights as Float32Array),
    }));
    const { keep } = optimizeStep(optimizer, variables, maxGradNorm, () => {
      const q = tf.sum(tf.mul(online.apply(t.observations) as tf.Tensor, t.actions), 1) as tf.Tensor1D;
      const errors = tf.sub(q, t.targets) as tf.Tensor1D;
      const loss = tf.mean(tf.mul(t.weights, huber(errors))) as tf.Scalar;
      return { loss, keep: [loss, tf.mean(q), errors] };
    }, { measureNorm: false });
    keep.forEach((k) => k.dataSync());
    tf.dispose([...keep, ...Object.values(t)]);
  });
  const fused = time(() => {
    const { gradients } = fusedTdGradients(fusedOnline, fusedTarget, batch, { loss: 'huber', doubleQ: false, dueling: false, numActions });
    applyFusedGradients(optimizer, fusedOnline.variables, gradients, maxGradNorm);
  });
  optimizer.dispose();
  return [tfjs, fused];
}

console.log(`fused training steps vs tfjs, backend native, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}, ${repeats} steps x 3 windows (best), CPU time per step\n`);
console.log('| step | tfjs CPU ms | fused CPU ms | speed-up |');
console.log('|---|---:|---:|---:|');
const rows: [string, [number, number]][] = [
  ['PPO minibatch, actor+critic 4-64-64 tanh, batch 256, Adam, clip 0.5', benchPpo()],
  ['DQN step, 4-256-256-2, batch 64, Huber, Adam (CartPole Zoo)', benchDqn([256, 256], 64)],
  ['DQN step, 4-64-64-2, batch 32, Huber, Adam', benchDqn([64, 64], 32)],
  ["DQN step, MinAtar CNN 10x10x4, 6 actions, batch 32, Huber, centered RMSprop (paper)", benchDqnMinatar(4, 6)],
  ['DQN step, MinAtar CNN 10x10x10, 18 actions, batch 32, same', benchDqnMinatar(10, 18)],
];
for (const [name, [tfjs, fused]] of rows) console.log(`| ${name} | ${tfjs.toFixed(3)} | ${fused.toFixed(3)} | ${(tfjs / fused).toFixed(1)}x |`);
