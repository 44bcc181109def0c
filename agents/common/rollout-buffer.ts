import * as tf from '@tensorflow/tfjs';
import type { PpoMinibatchTensors } from '../../src/nn/index.js';
import type { ObservationLayout } from './space-layout.js';
import { observationTensor } from './tensors.js';

/** The shape of a rollout buffer. */
export interface RolloutBufferOptions {
  /** Vector steps per rollout. */
  nSteps: number;
  numEnvs: number;
  /** Numbers per flat observation. */
  observationSize: number;
  /** Numbers per action: 1 for Discrete, the Box's size otherwise. */
  actionSize: number;
  /** Discrete actions are stored as int32 indices, Box actions as float32 draws. */
  discrete: boolean;
}

/**
 * A minibatch of rollout rows as float32 tensors (int32 actions for Discrete spaces): the shape
 * the fused PPO step in src/nn takes, so it is defined there once.
 */
export type RolloutMinibatch = PpoMinibatchTensors;

/**
 * The on-policy batch (PPO, A2C): `nSteps` vector steps of `numEnvs` sub-envs, time-major
 * (row `t * numEnvs + i`), in preallocated typed arrays reused by every rollout. The rollout
 * fills the recorded columns; the advantage computation fills `nextValues`, `advantages` and
 * `returns`.
 *
 * @example const buffer = new RolloutBuffer({ nSteps: 32, numEnvs: 8, observationSize: 4, actionSize: 1, discrete: true });
 */
export class RolloutBuffer {
  readonly nSteps: number;
  readonly numEnvs: number;
  readonly observationSize: number;
  readonly actionSize: number;
  readonly rows: number;
  readonly observations: Float32Array;
  /** Raw actions: 0-based indices, or the unsquashed Gaussian draws. */
  readonly actions: Int32Array | Float32Array;
  readonly logProbs: Float32Array;
  readonly values: Float32Array;
  readonly rewards: Float32Array;
  readonly terminated: Uint8Array;
  readonly episodeEnded: Uint8Array;
  /** 0 on next-step autoreset's reset steps: no transition, left out of the losses. */
  readonly valid: Uint8Array;
  /** V of the observation after each step (0 past a terminal state). */
  readonly nextValues: Float32Array;
  readonly advantages: Float32Array;
  readonly returns: Float32Array;

  constructor(options: RolloutBufferOptions) {
    ({ nSteps: this.nSteps, numEnvs: this.numEnvs, observationSize: this.observationSize, actionSize: this.actionSize } = options);
    this.rows = this.nSteps * this.numEnvs;
    this.observations = new Float32Array(this.rows * this.observationSize);
    this.actions = options.discrete ? new Int32Array(this.rows) : new Float32Array(this.rows * this.actionSize);
    this.logProbs = new Float32Array(this.rows);
    this.values = new Float32Array(this.rows);
    this.rewards = new Float32Array(this.rows);
    this.terminated = new Uint8Array(this.rows);
    this.episodeEnded = new Uint8Array(this.rows);
    this.valid = new Uint8Array(this.rows);
    this.nextValues = new Float32Array(this.rows);
    this.advantages = new Float32Array(this.rows);
    this.returns = new Float32Array(this.rows);
  }

  /** Rows that hold a real transition. */
  validRows(): Int32Array {
    const rows: number[] = [];
    for (let row = 0; row < this.rows; row++) if (this.valid[row]) rows.push(row);
    return Int32Array.from(rows);
  }

  /** The tensors of the rows given; `advantages` holds one (possibly normalised) value per row given. */
  minibatch(rows: ArrayLike<number>, layout: ObservationLayout, advantages: Float32Array): RolloutMinibatch {
    const count = rows.length;
    const obsSize = this.observationSize;
    const actionSize = this.actionSize;
    const observations = new Float32Array(count * obsSize);
    const discrete = this.actions instanceof Int32Array;
    const actions = discrete ? new Int32Array(count) : new Float32Array(count * actionSize);
    const pick = (source: Float32Array) => Float32Array.from({ length: count }, (_, k) => source[rows[k]!]!);
    for (let k = 0; k < count; k++) {
      const row = rows[k]!;
      observations.set(this.observations.subarray(row * obsSize, (row + 1) * obsSize), k * obsSize);
      actions.set(this.actions.subarray(row * actionSize, (row + 1) * actionSize), k * actionSize);
    }
    return {
      observations: observationTensor(observations, count, layout),
      actions: discrete ? tf.tensor1d(actions as Int32Array, 'int32') : tf.tensor2d(actions as Float32Array, [count, actionSize]),
      oldLogProbs: tf.tensor1d(pick(this.logProbs)),
      oldValues: tf.tensor1d(pick(this.values)),
      advantages: tf.tensor1d(advantages),
      returns: tf.tensor1d(pick(this.returns)),
    };
  }

  /** Explained variance of the value predictions over the valid rows, a standard PPO/A2C diagnostic. */
  explainedVariance(): number {
    const rows = this.validRows();
    let meanReturn = 0;
    for (const r of rows) meanReturn += this.returns[r]!;
    meanReturn /= Math.max(rows.length, 1);
    let varReturn = 0;
    let varResidual = 0;
    for (const r of rows) {
      varReturn += (this.returns[r]! - meanReturn) ** 2;
      varResidual += (this.returns[r]! - this.values[r]!) ** 2;
    }
    return varReturn === 0 ? 0 : 1 - varResidual / varReturn;
  }
}
