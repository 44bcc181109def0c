import type { FeaturesExtractorOptions } from '../../src/nn/index.js';
import { ACTIVATIONS } from '../../src/nn/index.js';
import type { CommonConfig } from '../common/base-agent.js';
import { OPTIMIZER_RANGES, type OptimizerConfig } from '../common/optimizer.js';
import { resolveAgentConfig } from '../common/config.js';
import { boolean, featuresExtractorOptions, integerIn, layerSizes, numberIn, oneOf, RANGES, type ConfigRanges } from '../common/ranges.js';
import type { ScheduleSpec } from '../common/schedule.js';
import type { Activation } from '../../src/nn/index.js';

/** DQN's hyperparameters; defaults are Stable-Baselines3's (Adam), extensions off. */
export interface DqnConfig extends CommonConfig, OptimizerConfig {
  learningRate: ScheduleSpec;
  /** Transitions the replay buffer keeps (oldest overwritten first). */
  bufferSize: number;
  /** Env steps of uniformly random actions before the first gradient step. */
  learningStarts: number;
  batchSize: number;
  /** Target network update: 1 copies the weights (hard), below 1 is Polyak averaging with this rate. */
  tau: number;
  gamma: number;
  /** Train every this many vector steps... */
  trainFreq: number;
  /** ...with this many gradient steps (-1: as many as env steps collected since the last training). */
  gradientSteps: number;
  /** Update the target network every this many env steps. */
  targetUpdateInterval: number;
  /** Share of training over which epsilon falls linearly from the initial to the final value. */
  explorationFraction: number;
  explorationInitialEps: number;
  explorationFinalEps: number;
  /** Clip the gradients' global norm to this (0: no clipping). */
  maxGradNorm: number;
  /** Hidden layers of the MLP (vector observations; image observations use a CNN). */
  netArch: number[];
  /** Dict observations: each entry's extractor (cnnConvs, cnnOutputDim, vectorHiddenSizes), as SB3's features_extractor_kwargs. */
  featuresExtractor: FeaturesExtractorOptions;
  activation: Activation;
  /** Double DQN (van Hasselt et al. 2016): the online network picks the next action, the target rates it. */
  doubleQ: boolean;
  /** Dueling heads (Wang et al. 2016): Q = V + A - mean(A). */
  dueling: boolean;
  /** Steps summed into each target (n-step returns); 1 is plain DQN. */
  nStep: number;
  /** 'huber' (smooth L1, as SB3) or 'mse'. */
  loss: 'huber' | 'mse';
  /** Proportional prioritized replay (Schaul et al. 2016). */
  prioritizedReplay: boolean;
  priorityAlpha: number;
  /** Importance-sampling exponent at the start; rises linearly to 1 by the end of training. */
  priorityBeta0: number;
  priorityEps: number;
  /** Log training scalars every this many env steps (evaluation and checkpoints hang on them). */
  logInterval: number;
  /**
   * Save the replay buffer with every checkpoint (`replay.bin`, as SB3's save_replay_buffer),
   * so that `--resume` continues with it instead of an empty one. Costs disk: 2 x size x
   * observation bytes per checkpoint.
   */
  saveReplayBuffer: boolean;
}

export const DQN_DEFAULTS: DqnConfig = {
  seed: 0,
  learningRate: 1e-4,
  bufferSize: 1_000_000,
  learningStarts: 100,
  batchSize: 32,
  tau: 1,
  gamma: 0.99,
  trainFreq: 4,
  gradientSteps: 1,
  targetUpdateInterval: 10_000,
  explorationFraction: 0.1,
  explorationInitialEps: 1,
  explorationFinalEps: 0.05,
  maxGradNorm: 10,
  netArch: [64, 64],
  featuresExtractor: {},
  activation: 'relu',
  doubleQ: false,
  dueling: false,
  nStep: 1,
  loss: 'huber',
  prioritizedReplay: false,
  priorityAlpha: 0.6,
  priorityBeta0: 0.4,
  priorityEps: 1e-6,
  logInterval: 1000,
  saveReplayBuffer: false,
  optimizer: 'adam',
  rmsPropDecay: 0.95,
  rmsPropCentered: false,
  // TensorFlow.js's own default for Adam on float32 backends.
  optimizerEps: 1e-7,
};

/** The valid range of every DQN key, checked before training (`palestra config dqn` lists them). */
export const DQN_RANGES: ConfigRanges<DqnConfig> = {
  seed: RANGES.seed,
  learningRate: RANGES.learningRate,
  bufferSize: RANGES.positiveInteger,
  learningStarts: RANGES.nonNegativeInteger,
  batchSize: RANGES.positiveInteger,
  tau: numberIn({ min: 0, minOpen: true, max: 1 }),
  gamma: RANGES.discount,
  trainFreq: RANGES.positiveInteger,
  gradientSteps: { ...integerIn({ min: -1 }), text: '-1 (as many as env steps collected) or an integer >= 1', accepts: (v) => v === -1 || RANGES.positiveInteger.accepts(v), outside: [0, -2] },
  targetUpdateInterval: RANGES.positiveInteger,
  explorationFraction: RANGES.fraction,
  explorationInitialEps: RANGES.fraction,
  explorationFinalEps: RANGES.fraction,
  maxGradNorm: RANGES.maxGradNorm,
  netArch: layerSizes,
  activation: oneOf(...ACTIVATIONS),
  doubleQ: boolean,
  dueling: boolean,
  nStep: RANGES.positiveInteger,
  loss: oneOf('huber', 'mse'),
  prioritizedReplay: boolean,
  priorityAlpha: RANGES.nonNegative,
  priorityBeta0: RANGES.fraction,
  priorityEps: RANGES.positive,
  logInterval: RANGES.positiveInteger,
  saveReplayBuffer: boolean,
  featuresExtractor: featuresExtractorOptions,
  ...OPTIMIZER_RANGES,
};

/** @example const config = resolveDqnConfig({ doubleQ: true, nStep: 3 }); */
export function resolveDqnConfig(given?: object): DqnConfig {
  return resolveAgentConfig('dqn', DQN_DEFAULTS, DQN_RANGES, given);
}
