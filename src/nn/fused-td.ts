/**
 * DQN's temporal-difference loss and its gradient on fused MLPs: the target network's (and, for
 * double DQN, the online network's) forward pass on the next observations, the online forward
 * pass, the TD error, Huber or squared loss weighted per row, and the backward pass, in three or
 * four native calls. The arithmetic is the tfjs path's (agents/dqn: tdTargets, huber, a weighted
 * mean); tests/nn/fused-td.test.ts checks losses and gradients against it for every option.
 */
import type * as tf from '@tensorflow/tfjs';
import { FusedConvNet } from './fused-cnn.js';
import { FusedMlp, fusedTrainingActive } from './fused-mlp.js';
import type { FusedNetwork } from './fused-network.js';
import { applyFusedGradients } from './fused-step.js';

/** A replay minibatch as flat arrays; observations already scaled as the network sees them. */
export interface TdBatch {
  /** Rows (default: the number of actions). */
  count?: number;
  /** [count, inputSize] row-major. */
  observations: Float32Array;
  nextObservations: Float32Array;
  /** 0-based action indices. */
  actions: ArrayLike<number>;
  rewards: ArrayLike<number>;
  /** gamma^n of each row's n-step return. */
  discounts: ArrayLike<number>;
  /** 1 where the episode terminated (no bootstrap). */
  terminated: ArrayLike<number>;
  /** Importance-sampling weights (all 1 without prioritized replay). */
  weights: ArrayLike<number>;
}

export interface TdLossOptions {
  loss: 'huber' | 'mse';
  /** The online network chooses the next action, the target network rates it. */
  doubleQ: boolean;
  /** The network's last layer holds numActions advantages and then the value: Q = V + A - mean(A). */
  dueling: boolean;
  numActions: number;
}

export interface TdGradients {
  /** Gradients of the online network's variables, in FusedMlp.variables order. */
  gradients: Float32Array[];
  loss: number;
  /** Mean Q(s, a) of the minibatch. */
  qMean: number;
  /** Q(s, a) - target per row (prioritized replay's new priorities). */
  errors: Float32Array;
}

const nextWorkspace = new WeakMap<FusedNetwork, unknown>();

/** Q-values [count, numActions] from the network's raw outputs (dueling combination when asked). */
function qValues(raw: Float32Array, count: number, options: TdLossOptions): Float32Array {
  if (!options.dueling) return raw;
  const n = options.numActions;
  const q = new Float32Array(count * n);
  for (let i = 0; i < count; i++) {
    const row = i * (n + 1);
    let mean = 0;
    for (let j = 0; j < n; j++) mean += raw[row + j]!;
    mean /= n;
    for (let j = 0; j < n; j++) q[i * n + j] = raw[row + n]! + (raw[row + j]! - mean);
  }
  return q;
}

/**
 * The TD loss of `online` on `batch` with targets from `target`, and its gradient.
 *
 * @example const { gradients, loss } = fusedTdGradients(online, target, batch, { loss: 'huber', doubleQ: false, dueling: false, numActions: 2 });
 */
export function fusedTdGradients(online: FusedNetwork, target: FusedNetwork, batch: TdBatch, options: TdLossOptions): TdGradients {
  const count = batch.count ?? batch.actions.length;
  const n = options.numActions;
  const width = options.dueling ? n + 1 : n;
  if (online.outputSize !== width || target.outputSize !== width) {
    throw new Error(`fusedTdGradients: networks have ${online.outputSize} and ${target.outputSize} outputs, expected ${width}`);
  }
  // Targets: r + discount * (1 - terminated) * Q_target(s', a'), not differentiated.
  const targetNext = qValues(target.forward(batch.nextObservations, count), count, options);
  let onlineNext: Float32Array | undefined;
  if (options.doubleQ) {
    let workspace = nextWorkspace.get(online);
    if (!workspace) nextWorkspace.set(online, (workspace = online.createWorkspace()));
    onlineNext = qValues(online.forward(batch.nextObservations, count, workspace), count, options);
  }
  const targets = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const chooser = onlineNext ?? targetNext;
    let best = 0;
    for (let j = 1; j < n; j++) if (chooser[i * n + j]! > chooser[i * n + best]!) best = j;
    targets[i] = batch.rewards[i]! + batch.discounts[i]! * (1 - batch.terminated[i]!) * targetNext[i * n + best]!;
  }

  const raw = online.forward(batch.observations, count);
  const q = qValues(raw, count, options);
  const errors = new Float32Array(count);
  const dOutput = new Float32Array(count * width);
  let loss = 0;
  let qSum = 0;
  for (let i = 0; i < count; i++) {
    const action = batch.actions[i]!;
    const qa = q[i * n + action]!;
    const error = qa - targets[i]!;
    errors[i] = error;
    qSum += qa;
    const absolute = Math.abs(error);
    let perRow: number;
    let slope: number;
    if (options.loss === 'huber') {
      const quadratic = Math.min(absolute, 1);
      perRow = 0.5 * quadratic * quadratic + (absolute - quadratic);
      slope = Math.max(-1, Math.min(1, error));
    } else {
      perRow = error * error;
      slope = 2 * error;
    }
    const weight = batch.weights[i]!;
    loss += weight * perRow;
    const dq = (weight * slope) / count;
    if (!options.dueling) {
      dOutput[i * width + action] = dq;
    } else {
      // dQ_a/dA_j = [j = a] - 1/n, dQ_a/dV = 1.
      for (let j = 0; j < n; j++) dOutput[i * width + j] = (j === action ? dq : 0) - dq / n;
      dOutput[i * width + n] = dq;
    }
  }
  const gradients = online.backward(dOutput, count);
  return { gradients, loss: loss / count, qMean: qSum / count, errors };
}

/** What a DQN needs to run its TD step fused: the loss options and the observations' scale. */
export interface FusedTdStepOptions extends TdLossOptions {
  /** Factor the network's inputs are multiplied by (the observation layout's scale; 1 for most). */
  observationScale: number;
  /** Clip the gradients' global norm to this (0: no clipping). */
  maxGradNorm: number;
}

/**
 * DQN's whole training step on fused MLPs: TD loss, gradient, clipping and the optimizer's
 * update of the online network's variables.
 *
 * @example const fused = fusedTdStep(q.model, target.model); if (fused) ({ loss } = fused.step(optimizer, batch, options));
 */
export class FusedTdStep {
  constructor(
    readonly online: FusedNetwork,
    readonly target: FusedNetwork,
  ) {}

  /** One step on a replay minibatch; returns the loss, the mean Q(s, a) and the TD errors (new priorities). */
  step(optimizer: tf.Optimizer, batch: TdBatch, options: FusedTdStepOptions): { loss: number; qMean: number; tdErrors: Float32Array } {
    const scaled = options.observationScale === 1 ? batch : { ...batch, observations: scale(batch.observations, options.observationScale), nextObservations: scale(batch.nextObservations, options.observationScale) };
    const { gradients, loss, qMean, errors } = fusedTdGradients(this.online, this.target, scaled, options);
    applyFusedGradients(optimizer, this.online.variables, gradients, options.maxGradNorm);
    return { loss, qMean, tdErrors: errors };
  }
}

function scale(values: Float32Array, factor: number): Float32Array {
  return Float32Array.from(values, (v) => v * factor);
}

const tdSteps = new WeakMap<tf.LayersModel, { target: tf.LayersModel; step: FusedTdStep | undefined }>();

/**
 * The fused TD step for an online and a target network, or undefined when it does not apply
 * now (not the native backend, fused steps turned off, or neither plain MLPs nor the conv stacks
 * FusedConvNet takes, such as the MinAtar and Nature CNNs): the caller then takes
 * its tfjs path.
 */
export function fusedTdStep(online: tf.LayersModel, target: tf.LayersModel): FusedTdStep | undefined {
  if (!fusedTrainingActive()) return undefined;
  let cached = tdSteps.get(online);
  if (!cached || cached.target !== target) {
    const fusedOnline = fusedNetwork(online);
    const fusedTarget = fusedNetwork(target);
    cached = { target, step: fusedOnline && fusedTarget ? new FusedTdStep(fusedOnline, fusedTarget) : undefined };
    tdSteps.set(online, cached);
  }
  return cached.step;
}

function fusedNetwork(model: tf.LayersModel): FusedNetwork | undefined {
  return FusedMlp.of(model) ?? FusedConvNet.of(model);
}
