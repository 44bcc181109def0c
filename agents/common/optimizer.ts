import * as tf from '@tensorflow/tfjs';
import { adam, CenteredRmsProp } from '../../src/nn/index.js';
import { boolean, oneOf, RANGES, type ConfigRanges } from './ranges.js';

/** The optimiser settings agents that offer a choice share (A2C, DQN). */
export interface OptimizerConfig {
  /** 'adam' or 'rmsprop'. */
  optimizer: 'adam' | 'rmsprop';
  /** RMSprop's moving-average decay of the squared gradient (torch's alpha, the paper's rho). */
  rmsPropDecay: number;
  /**
   * Centered RMSprop (Graves 2013, as the Nature DQN and the MinAtar paper use): divides by the
   * gradient's estimated variance instead of its second moment.
   */
  rmsPropCentered: boolean;
  /**
   * The optimiser's epsilon, added inside the square root as DeepMind's DQN did ("min squared
   * gradient"); PyTorch adds it outside.
   */
  optimizerEps: number;
}

/** Ranges of the OptimizerConfig keys, to merge into an agent's config ranges. */
export const OPTIMIZER_RANGES: ConfigRanges<OptimizerConfig> = {
  optimizer: oneOf('adam', 'rmsprop'),
  rmsPropDecay: RANGES.fraction,
  rmsPropCentered: boolean,
  optimizerEps: RANGES.positive,
};

/**
 * The optimiser a config asks for, at the given learning rate (schedules change it later).
 *
 * @example const optimizer = makeOptimizer({ optimizer: 'rmsprop', rmsPropDecay: 0.95, rmsPropCentered: true, optimizerEps: 0.01 }, 2.5e-4);
 */
export function makeOptimizer(config: OptimizerConfig, learningRate: number): tf.Optimizer {
  if (config.optimizer === 'rmsprop' && config.rmsPropCentered) return new CenteredRmsProp(learningRate, config.rmsPropDecay, config.optimizerEps);
  if (config.optimizer === 'rmsprop') return tf.train.rmsprop(learningRate, config.rmsPropDecay, 0, config.optimizerEps);
  return adam(learningRate, 0.9, 0.999, config.optimizerEps);
}
