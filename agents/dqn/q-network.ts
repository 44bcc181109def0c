/**
 * The Q-network DQN learns and acts with: Q(s, .) from an MLP, a CNN or a multi-input network,
 * with the dueling head as an option, plus the Polyak copy into a target network.
 */
import * as tf from '@tensorflow/tfjs';
import { hostForward, type Activation, type FeaturesExtractorOptions, type ForwardFn, type HostForwardFn } from '../../src/nn/index.js';
import { buildNetwork, networkForward } from '../common/networks.js';
import type { ObservationLayout } from '../common/space-layout.js';

/** What a Q-network is built from. */
export interface QNetworkOptions {
  observation: ObservationLayout;
  numActions: number;
  /** Dueling heads (Wang et al. 2016): the last layer gives the advantages and the state value. */
  dueling: boolean;
  /** Hidden layers of the MLP (vector observations; image observations use a CNN). */
  hiddenSizes: number[];
  activation: Activation;
  /** Seeds the initial weights. */
  seed: number;
  /** The model's name ('q', 'target'), also its file name in checkpoints. */
  name: string;
  /** Dict observations: each entry's extractor. */
  featuresExtractor?: FeaturesExtractorOptions;
}

/**
 * Q(s, .) for `numActions` actions. A dueling network's last layer has numActions + 1 outputs:
 * the advantages and, last, the state value; they combine as `V + A - mean(A)`.
 *
 * @example const q = new QNetwork({ observation, numActions: 2, dueling: true, hiddenSizes: [64, 64], activation: 'relu', seed: 0, name: 'q' });
 */
export class QNetwork {
  readonly model: tf.LayersModel;
  readonly numActions: number;
  readonly dueling: boolean;
  /** The model's layers as plain ops: three calls a frame in DQN make layers' bookkeeping count. */
  private readonly forward: ForwardFn;
  /** The fused native forward on host arrays, for acting; undefined where `greedyOnHost` cannot be exact. */
  private readonly forwardOnHost: HostForwardFn | undefined;
  /** How observations become network inputs (the scale), and the reused input rows. */
  private readonly observation: ObservationLayout;
  private inputRows = new Float32Array(0);

  constructor({ observation, numActions, dueling, hiddenSizes, activation, seed, name, featuresExtractor }: QNetworkOptions) {
    this.numActions = numActions;
    this.dueling = dueling;
    this.model = buildNetwork({
      observation,
      outputs: dueling ? numActions + 1 : numActions,
      hiddenSizes,
      activation,
      kernelInitializer: 'glorotUniform',
      outputKernelInitializer: 'glorotUniform',
      seed,
      name,
      featuresExtractor,
    });
    this.forward = networkForward(this.model, observation);
    this.observation = observation;
    // Dict inputs are cut apart and dueling heads combine in tfjs: both keep the tensor path.
    this.forwardOnHost = observation.entries || dueling ? undefined : hostForward(this.model);
  }

  /**
   * Greedy 0-based actions for `count` flat observations with no tensors made, or undefined
   * when the network does not run natively here (then use `qValues`). Bit for bit what the tensor
   * path gives: the inputs are scaled in float32 as `observationTensor` scales them, the forward is
   * the same native call, and ties go to the first action as in tfjs's argMax.
   */
  greedyOnHost(observations: ArrayLike<number>, count: number): Int32Array | undefined {
    if (!this.forwardOnHost) return undefined;
    const q = this.forwardOnHost(this.scaledRows(observations, count), count);
    if (!q) return undefined;
    const actions = new Int32Array(count);
    for (let row = 0; row < count; row++) {
      const at = row * this.numActions;
      let best = 0;
      for (let a = 1; a < this.numActions; a++) if (q[at + a]! > q[at + best]!) best = a;
      actions[row] = best;
    }
    return actions;
  }

  /** Observations as float32 network inputs, multiplied by the layout's scale in float32 arithmetic. */
  private scaledRows(observations: ArrayLike<number>, count: number): Float32Array {
    const length = count * this.observation.size;
    if (observations.length !== length) throw new Error(`QNetwork: expected ${count} observations of ${this.observation.size} values (${length}), got ${observations.length} values`);
    if (this.inputRows.length !== length) this.inputRows = new Float32Array(length);
    const rows = this.inputRows;
    const scale = Math.fround(this.observation.scale);
    // A float32 times a float32 is exact in a double, so one fround gives the float32 product.
    if (scale === 1) for (let i = 0; i < length; i++) rows[i] = observations[i]!;
    else for (let i = 0; i < length; i++) rows[i] = Math.fround(Math.fround(observations[i]!) * scale);
    return rows;
  }

  /** Q-values [batch, numActions] for a batch of (scaled) observations. */
  qValues(observations: tf.Tensor): tf.Tensor2D {
    const out = this.forward(observations) as tf.Tensor2D;
    return this.dueling ? duelingCombine(out, this.numActions) : out;
  }

  /** Copies (tau = 1) or Polyak-averages (tau < 1) `source`'s weights into this network. */
  updateFrom(source: QNetwork, tau: number): void {
    tf.tidy(() => {
      const sourceWeights = source.model.getWeights();
      const mine = this.model.getWeights();
      this.model.setWeights(tau >= 1 ? sourceWeights : mine.map((w, k) => tf.add(tf.mul(tau, sourceWeights[k]!), tf.mul(1 - tau, w))));
    });
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * Dueling aggregation: `out` is [batch, n + 1] with the advantages first and the value last.
 *
 * @example duelingCombine(tf.tensor2d([[1, 3, 10]]), 2) // [[9, 11]]
 */
export function duelingCombine(out: tf.Tensor2D, numActions: number): tf.Tensor2D {
  return tf.tidy(() => {
    const advantages = tf.slice(out, [0, 0], [-1, numActions]);
    const value = tf.slice(out, [0, numActions], [-1, 1]);
    return tf.add(value, tf.sub(advantages, tf.mean(advantages, 1, true))) as tf.Tensor2D;
  });
}
