import * as tf from '@tensorflow/tfjs';
import type { Activation, FeaturesExtractorOptions, ForwardFn } from '../../src/nn/index.js';
import { buildNetwork, networkForward } from '../common/networks.js';
import type { ObservationLayout } from '../common/space-layout.js';

/**
 * Q(s, .) for `numActions` actions. A dueling network's last layer has numActions + 1 outputs:
 * the advantages and, last, the state value; they combine as `V + A - mean(A)`.
 *
 * @example const q = new QNetwork(observationLayout(space, 'dqn'), 2, true, [64, 64], 'relu', 0, 'q'); const values = q.qValues(batch);
 */
export class QNetwork {
  readonly model: tf.LayersModel;
  /** The model's layers as plain ops: three calls a frame in DQN make layers' bookkeeping count. */
  private readonly forward: ForwardFn;

  constructor(
    observation: ObservationLayout,
    readonly numActions: number,
    readonly dueling: boolean,
    hiddenSizes: number[],
    activation: Activation,
    seed: number,
    name: string,
    featuresExtractor?: FeaturesExtractorOptions,
  ) {
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
