import type { PolicyNetworkConfig } from '../common/actor-critic.js';
import type { CommonConfig } from '../common/base-agent.js';
import { resolveAgentConfig } from '../common/config.js';
import { boolean, featuresExtractorOptions, numberIn, orNull, POLICY_NETWORK_RANGES, RANGES, schedule, type ConfigRanges } from '../common/ranges.js';
import type { ScheduleSpec } from '../common/schedule.js';

/** The rollout and loss settings PPO and A2C share (A2C collects its rollouts with PPO's code). */
export interface OnPolicyConfig extends CommonConfig, PolicyNetworkConfig {
  /** Vector steps per rollout (the batch has nSteps * numEnvs transitions). */
  nSteps: number;
  gamma: number;
  /** GAE lambda: 1 gives Monte Carlo advantages, 0 one-step TD. */
  gaeLambda: number;
  learningRate: ScheduleSpec;
  entCoef: number;
  vfCoef: number;
  /** Clip the gradients' global norm to this (0: no clipping). */
  maxGradNorm: number;
  normalizeAdvantage: boolean;
}

/** PPO's hyperparameters; defaults are Stable-Baselines3's. */
export interface PpoConfig extends OnPolicyConfig {
  /** Minibatch size: nSteps * numEnvs rows are split into minibatches of this many. */
  batchSize: number;
  /** Passes over each rollout. */
  nEpochs: number;
  /** Clip range of the probability ratio (a schedule: number, "lin_0.2", {start, end, fraction}). */
  clipRange: ScheduleSpec;
  /** Clip range of value updates around the old values; null: no value clipping. */
  clipRangeVf: number | null;
  /** Stop an update's epochs early once the approximate KL exceeds 1.5 x this; null: never. */
  targetKl: number | null;
}

/** Stable-Baselines3's PPO defaults (MLP policy). */
export const PPO_DEFAULTS: PpoConfig = {
  seed: 0,
  nSteps: 2048,
  batchSize: 64,
  nEpochs: 10,
  gamma: 0.99,
  gaeLambda: 0.95,
  learningRate: 3e-4,
  clipRange: 0.2,
  clipRangeVf: null,
  entCoef: 0,
  vfCoef: 0.5,
  maxGradNorm: 0.5,
  normalizeAdvantage: true,
  targetKl: null,
  netArch: [64, 64],
  featuresExtractor: {},
  activation: 'tanh',
  orthoInit: true,
  logStdInit: 0,
  squash: 'clip',
};

/** The valid range of every PPO key, checked before training (`palestra config ppo` lists them). */
export const PPO_RANGES: ConfigRanges<PpoConfig> = {
  seed: RANGES.seed,
  nSteps: RANGES.positiveInteger,
  batchSize: RANGES.positiveInteger,
  nEpochs: RANGES.positiveInteger,
  gamma: RANGES.discount,
  gaeLambda: RANGES.discount,
  learningRate: RANGES.learningRate,
  clipRange: schedule(numberIn({ min: 0, minOpen: true })),
  clipRangeVf: orNull(RANGES.positive),
  entCoef: RANGES.nonNegative,
  vfCoef: RANGES.nonNegative,
  maxGradNorm: RANGES.maxGradNorm,
  normalizeAdvantage: boolean,
  targetKl: orNull(RANGES.positive),
  ...POLICY_NETWORK_RANGES,
  featuresExtractor: featuresExtractorOptions,
};

/**
 * PPO config from partial user settings; refuses unknown keys, wrong types and out-of-range values.
 *
 * @example const config = resolvePpoConfig({ nSteps: 32, learningRate: 'lin_1e-3' });
 */
export function resolvePpoConfig(given?: object): PpoConfig {
  return resolveAgentConfig('ppo', PPO_DEFAULTS, PPO_RANGES, given);
}
