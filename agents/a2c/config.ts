import { ACTIVATIONS } from '../../src/nn/index.js';
import { fraction, nonNegative, oneOf, positiveInteger, positiveIntegers, resolveAgentConfig } from '../common/config.js';
import type { OnPolicyConfig } from '../common/on-policy-agent.js';

/** A2C's hyperparameters; defaults are Stable-Baselines3's. */
export interface A2cConfig extends OnPolicyConfig {
  /** RMSprop (as the A2C paper and SB3) or Adam. */
  optimizer: 'rmsprop' | 'adam';
  /** RMSprop's moving-average decay (torch's alpha). */
  rmsPropDecay: number;
  /** The optimiser's epsilon. */
  optimizerEps: number;
}

export const A2C_DEFAULTS: A2cConfig = {
  seed: 0,
  nSteps: 5,
  gamma: 0.99,
  gaeLambda: 1,
  learningRate: 7e-4,
  entCoef: 0,
  vfCoef: 0.5,
  maxGradNorm: 0.5,
  normalizeAdvantage: false,
  optimizer: 'rmsprop',
  rmsPropDecay: 0.99,
  optimizerEps: 1e-5,
  netArch: [64, 64],
  activation: 'tanh',
  orthoInit: true,
  logStdInit: 0,
  squash: 'clip',
};

/** @example const config = resolveA2cConfig({ nSteps: 8 }); */
export function resolveA2cConfig(given?: object): A2cConfig {
  return resolveAgentConfig('a2c', A2C_DEFAULTS, given, ['learningRate'], {
    seed: (v) => (Number.isInteger(v) ? undefined : 'must be an integer'),
    nSteps: positiveInteger,
    gamma: fraction,
    gaeLambda: fraction,
    entCoef: nonNegative,
    vfCoef: nonNegative,
    rmsPropDecay: fraction,
    optimizerEps: nonNegative,
    optimizer: oneOf('rmsprop', 'adam'),
    netArch: positiveIntegers,
    activation: oneOf(...ACTIVATIONS),
    squash: oneOf('tanh', 'clip'),
  });
}
