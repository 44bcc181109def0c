import { ACTIVATIONS } from '../../src/nn/index.js';
import { fraction, nonNegative, oneOf, positiveInteger, positiveIntegers, resolveAgentConfig } from '../common/config.js';
import type { OnPolicyConfig } from '../common/on-policy-agent.js';
import { OPTIMIZER_CHECKS, type OptimizerConfig } from '../common/optimizer.js';

/** A2C's hyperparameters; defaults are Stable-Baselines3's. */
/** RMSprop by default, as the A2C paper and SB3. */
export interface A2cConfig extends OnPolicyConfig, OptimizerConfig {}

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
  rmsPropCentered: false,
  optimizerEps: 1e-5,
  netArch: [64, 64],
  featuresExtractor: {},
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
    ...OPTIMIZER_CHECKS,
    netArch: positiveIntegers,
    activation: oneOf(...ACTIVATIONS),
    squash: oneOf('tanh', 'clip'),
  });
}
