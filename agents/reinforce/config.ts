import { ACTIVATIONS } from '../../src/nn/index.js';
import type { PolicyNetworkConfig } from '../common/actor-critic.js';
import type { CommonConfig } from '../common/base-agent.js';
import { fraction, nonNegative, oneOf, positiveInteger, positiveIntegers, resolveAgentConfig } from '../common/config.js';
import type { ScheduleSpec } from '../common/schedule.js';

/** REINFORCE's hyperparameters. */
export interface ReinforceConfig extends CommonConfig, PolicyNetworkConfig {
  /** Complete episodes per gradient step (Monte Carlo returns need whole episodes). */
  episodesPerUpdate: number;
  gamma: number;
  learningRate: ScheduleSpec;
  /** Weight of the baseline's squared error in the loss. */
  vfCoef: number;
  entCoef: number;
  maxGradNorm: number;
  /** Standardise the advantages G - b(s) of each batch. */
  normalizeAdvantage: boolean;
}

export const REINFORCE_DEFAULTS: ReinforceConfig = {
  seed: 0,
  episodesPerUpdate: 4,
  gamma: 0.99,
  learningRate: 1e-3,
  vfCoef: 0.5,
  entCoef: 0,
  maxGradNorm: 0.5,
  normalizeAdvantage: true,
  netArch: [64, 64],
  activation: 'tanh',
  orthoInit: true,
  logStdInit: 0,
  squash: 'clip',
};

/** @example const config = resolveReinforceConfig({ episodesPerUpdate: 8 }); */
export function resolveReinforceConfig(given?: object): ReinforceConfig {
  return resolveAgentConfig('reinforce', REINFORCE_DEFAULTS, given, ['learningRate'], {
    seed: (v) => (Number.isInteger(v) ? undefined : 'must be an integer'),
    episodesPerUpdate: positiveInteger,
    gamma: fraction,
    vfCoef: nonNegative,
    entCoef: nonNegative,
    netArch: positiveIntegers,
    activation: oneOf(...ACTIVATIONS),
    squash: oneOf('tanh', 'clip'),
  });
}
