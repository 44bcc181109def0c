import type { ScenarioName } from '../../envs/multi-robot/scenarios.js';

/** One world of a stage: this many robots in this scenario, every robot a slot of the learner. */
export interface CurriculumWorld {
  robots: number;
  scenario: ScenarioName;
}

/**
 * One stage of the curriculum: train until `steps` more robot-steps are done, on every world of
 * `worlds` at once (their slots side by side in one batch, a `ConcatVectorEnv`), so a stage can
 * mix crowd sizes instead of moving from one to the next.
 */
export interface CurriculumStage {
  worlds: CurriculumWorld[];
  steps: number;
  maxEpisodeSteps?: number;
}

/** Few robots first, then many (Long et al. train in two stages, 20 then 58 robots, over scenarios). */
export const DEFAULT_CURRICULUM: CurriculumStage[] = [
  { worlds: [{ robots: 6, scenario: 'circle' }], steps: 300_000 },
  { worlds: [{ robots: 10, scenario: 'random' }], steps: 500_000 },
  { worlds: [{ robots: 20, scenario: 'circle' }], steps: 2_000_000 },
  { worlds: [{ robots: 20, scenario: 'random-obstacles' }], steps: 1_000_000 },
  { worlds: [{ robots: 40, scenario: 'circle' }], steps: 2_000_000 },
  { worlds: [{ robots: 20, scenario: 'random' }], steps: 1_000_000 },
  { worlds: [{ robots: 20, scenario: 'circle' }], steps: 2_000_000 },
];

/**
 * Crowd sizes mixed within a stage. A staged curriculum that ends on 20 robots forgets the larger
 * crowds it saw before (measured: 100% success on the 50-robot circle right after a 40-robot
 * stage, 0% after the final 20-robot stage), so after a short start on small worlds every batch
 * holds a 20-robot circle, a 40-robot circle and a random scene side by side until the end, with
 * the learning rate falling linearly to a tenth (`MIXED_LEARNING_RATE`) so that late updates keep
 * what was learned. (A first try with a 50-robot circle in the mix and a constant rate reached
 * about 70% training success on it after 1M robot-steps, then fell to 6% by 1.6M while the
 * 20-robot circle stayed near 85%.)
 */
export const MIXED_CURRICULUM: CurriculumStage[] = [
  { worlds: [{ robots: 6, scenario: 'circle' }, { robots: 10, scenario: 'random' }], steps: 400_000 },
  {
    worlds: [
      { robots: 20, scenario: 'circle' },
      { robots: 40, scenario: 'circle' },
      { robots: 12, scenario: 'random' },
    ],
    steps: 3_200_000,
  },
];

/**
 * The learning rate of the 'mixed' preset: 3e-4 falling linearly to 3e-5. The schedule runs over
 * each stage's `learn()` call (progress = robot-steps so far / the stage's target), so it falls
 * within the short first stage, then starts again near 2.7e-4 for the long second one.
 */
export const MIXED_LEARNING_RATE = { start: 3e-4, end: 3e-5, fraction: 1 };

/** The named curricula of `--curriculum`, each with the PPO settings it changes. */
export const CURRICULA: Record<string, { stages: CurriculumStage[]; ppo?: Record<string, unknown> }> = {
  default: { stages: DEFAULT_CURRICULUM },
  mixed: { stages: MIXED_CURRICULUM, ppo: { learningRate: MIXED_LEARNING_RATE } },
};

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
 * Parses stages separated by commas; a stage is its worlds joined by '+' (`robots:scenario`
 * each), then `:steps`.
 *
 * @example parseStages('6:circle:1000') // [{ worlds: [{ robots: 6, scenario: 'circle' }], steps: 1000 }]
 * @example parseStages('20:circle+50:circle:2000000') // one stage on both worlds at once
 */
export function parseStages(text: string): CurriculumStage[] {
  return text.split(',').map((part) => {
    const cut = part.lastIndexOf(':');
    const steps = Number(part.slice(cut + 1));
    const worlds = part
      .slice(0, cut)
      .split('+')
      .map((world) => {
        const [robots, scenario, extra] = world.split(':');
        return { robots: Number(robots), scenario: scenario as ScenarioName, extra };
      });
    if (cut < 0 || !Number.isInteger(steps) || steps < 1 || worlds.some((w) => !Number.isInteger(w.robots) || w.robots < 2 || !w.scenario || w.extra !== undefined)) {
      throw new Error(`--stages: expected robots:scenario[+robots:scenario...]:steps with integer robots >= 2 and steps >= 1, got '${part}'`);
    }
    return { worlds: worlds.map(({ robots, scenario }) => ({ robots, scenario })), steps };
  });
}

/** One line per stage, for logs: `20 circle + 50 circle, 2000000 steps`. */
export function describeStage(stage: CurriculumStage): string {
  return `${stage.worlds.map((w) => `${w.robots} ${w.scenario}`).join(' + ')}, ${stage.steps} steps`;
}
