import { resolveAgentConfig } from '../common/config.js';
import type { OnPolicyConfig } from '../ppo/config.js';
import { OPTIMIZER_RANGES, type OptimizerConfig } from '../common/optimizer.js';
import { boolean, featuresExtractorOptions, POLICY_NETWORK_RANGES, RANGES, type ConfigRanges } from '../common/ranges.js';

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

/** The valid range of every A2C key, checked before training (`palestra config a2c` lists them). */
export const A2C_RANGES: ConfigRanges<A2cConfig> = {
  seed: RANGES.seed,
  nSteps: RANGES.positiveInteger,
  gamma: RANGES.discount,
  gaeLambda: RANGES.discount,
  learningRate: RANGES.learningRate,
  entCoef: RANGES.nonNegative,
  vfCoef: RANGES.nonNegative,
  maxGradNorm: RANGES.maxGradNorm,
  normalizeAdvantage: boolean,
  ...OPTIMIZER_RANGES,
  ...POLICY_NETWORK_RANGES,
  featuresExtractor: featuresExtractorOptions,
};

/** @example const config = resolveA2cConfig({ nSteps: 8 }); */
export function resolveA2cConfig(given?: object): A2cConfig {
  return resolveAgentConfig('a2c', A2C_DEFAULTS, A2C_RANGES, given);
}
