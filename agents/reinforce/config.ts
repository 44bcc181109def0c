import type { PolicyNetworkConfig } from '../common/actor-critic.js';
import type { CommonConfig } from '../common/base-agent.js';
import { resolveAgentConfig } from '../common/config.js';
import { boolean, POLICY_NETWORK_RANGES, RANGES, type ConfigRanges } from '../common/ranges.js';
import type { ScheduleSpec } from '../common/schedule.js';

/** REINFORCE's hyperparameters (flat observations only: no multi-input network options). */
export interface ReinforceConfig extends CommonConfig, Omit<PolicyNetworkConfig, 'featuresExtractor'> {
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

/** The valid range of every REINFORCE key, checked before training (`palestra config reinforce` lists them). */
export const REINFORCE_RANGES: ConfigRanges<ReinforceConfig> = {
  seed: RANGES.seed,
  episodesPerUpdate: RANGES.positiveInteger,
  gamma: RANGES.discount,
  learningRate: RANGES.learningRate,
  vfCoef: RANGES.nonNegative,
  entCoef: RANGES.nonNegative,
  maxGradNorm: RANGES.maxGradNorm,
  normalizeAdvantage: boolean,
  ...POLICY_NETWORK_RANGES,
};

/** @example const config = resolveReinforceConfig({ episodesPerUpdate: 8 }); */
export function resolveReinforceConfig(given?: object): ReinforceConfig {
  return resolveAgentConfig('reinforce', REINFORCE_DEFAULTS, REINFORCE_RANGES, given);
}
