import type { ScenarioName } from '../../envs/multi-robot/scenarios.js';

/** One stage of the curriculum: train on this world until `steps` more robot-steps are done. */
export interface CurriculumStage {
  robots: number;
  scenario: ScenarioName;
  steps: number;
  maxEpisodeSteps?: number;
}

/** Few robots first, then many (Long et al. train in two stages, 20 then 58 robots, over scenarios). */
export const DEFAULT_CURRICULUM: CurriculumStage[] = [
  { robots: 6, scenario: 'circle', steps: 300_000 },
  { robots: 10, scenario: 'random', steps: 500_000 },
  { robots: 20, scenario: 'circle', steps: 2_000_000 },
  { robots: 20, scenario: 'random-obstacles', steps: 1_000_000 },
  { robots: 40, scenario: 'circle', steps: 2_000_000 },
  { robots: 20, scenario: 'random', steps: 1_000_000 },
  { robots: 20, scenario: 'circle', steps: 2_000_000 },
];

/** PPO settings used for the README results (see the multi-robot section). */
export const PPO_MULTI_ROBOT = {
  nSteps: 128,
  batchSize: 512,
  nEpochs: 4,
  learningRate: 3e-4,
  gamma: 0.99,
  gaeLambda: 0.95,
  clipRange: 0.2,
  entCoef: 0,
  netArch: [128, 128],
  logStdInit: -0.5,
};

/**
 * Parses `6:circle:150000,20:random:300000` into stages.
 *
 * @example parseStages('6:circle:1000') // [{ robots: 6, scenario: 'circle', steps: 1000 }]
 */
export function parseStages(text: string): CurriculumStage[] {
  return text.split(',').map((part) => {
    const [robots, scenario, steps] = part.split(':');
    const stage = { robots: Number(robots), scenario: scenario as ScenarioName, steps: Number(steps) };
    if (!Number.isInteger(stage.robots) || !Number.isInteger(stage.steps)) throw new Error(`--stages: expected robots:scenario:steps, got '${part}'`);
    return stage;
  });
}
