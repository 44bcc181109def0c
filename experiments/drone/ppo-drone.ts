/**
 * One PPO training run on a drone task, with a deterministic evaluation every `evalEvery` env
 * steps: the shared loop of the drone learning benchmarks (train-hover.ts, train-waypoints.ts).
 * The task script says how to judge an evaluation and when the run counts as solved; this file
 * owns the agent, the vector env, the clock and the learning curve.
 */
import { PpoAgent } from '../../agents/ppo/ppo.js';
import type { PpoConfig } from '../../agents/ppo/config.js';
import type { Env } from '../../src/core/env.js';
import { make } from '../../src/registry.js';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.js';
import { flyEpisodes, type FlownEpisode } from './flight-evaluation.js';

/**
 * PPO settings for the drone tasks: Stable-Baselines3's defaults with a shorter rollout per env
 * (8 envs x 256 steps = 2048 rows, SB3's batch), larger minibatches and a narrower start noise
 * (std 0.61): with std 1 around hover thrust, most early episodes flip the drone in a second.
 */
export const PPO_DRONE: Partial<PpoConfig> = {
  nSteps: 256,
  batchSize: 256,
  nEpochs: 10,
  gamma: 0.99,
  gaeLambda: 0.95,
  learningRate: 3e-4,
  clipRange: 0.2,
  entCoef: 0,
  netArch: [64, 64],
  logStdInit: -0.5,
};

/** Seeds of the evaluation episodes: disjoint from the training resets (agent seed + step). */
export const EVALUATION_SEED_BASE = 10_000;

export interface DroneRunOptions<V> {
  envId: string;
  envKwargs: Record<string, unknown>;
  seed: number;
  /** Env steps budget (summed over the vector env's copies). */
  steps: number;
  envs: number;
  evalEvery: number;
  evalEpisodes: number;
  ppo?: Partial<PpoConfig>;
  /** Turns the evaluation episodes into the task's verdict. */
  judge: (episodes: FlownEpisode[]) => V;
  /** Stop training at the first evaluation whose verdict says so. */
  solved: (verdict: V) => boolean;
  /** One line per evaluation (default: console.log). */
  log?: (line: string) => void;
  /** Formats a verdict for the log line. */
  describe: (verdict: V) => string;
}

/** One point of the learning curve. */
export interface EvaluationPoint<V> {
  step: number;
  /** Wall-clock seconds since training started, evaluations included. */
  seconds: number;
  /** Mean return of the last 50 training episodes (stochastic policy). */
  meanTrainingReturn: number;
  verdict: V;
}

export interface DroneRunResult<V> {
  seed: number;
  /** Env steps at the first solved evaluation; undefined when the budget ran out first. */
  solvedAtStep: number | undefined;
  /** Wall-clock seconds to that evaluation. */
  solvedSeconds: number | undefined;
  /** Steps actually trained and the wall-clock they took. */
  stepsTrained: number;
  seconds: number;
  curve: EvaluationPoint<V>[];
  /** The last evaluation's verdict (undefined if the budget ended before the first one). */
  finalVerdict: V | undefined;
}

const RETURN_WINDOW = 50;

/**
 * Trains PPO on `envId` for one seed until solved or out of budget.
 *
 * @example const run = await trainDroneSeed({ envId: 'Drone/Hover-v0', envKwargs: {}, seed: 0, steps: 1e6, envs: 8, evalEvery: 25_000, evalEpisodes: 5, judge, solved, describe });
 */
export async function trainDroneSeed<V>(options: DroneRunOptions<V>): Promise<DroneRunResult<V>> {
  const log = options.log ?? console.log;
  const makeEnv = () => make<Float32Array, Float32Array>(options.envId, options.envKwargs) as Env<Float32Array, Float32Array>;
  const vector = new SyncVectorEnv(Array.from({ length: options.envs }, makeEnv));
  const agent = new PpoAgent({ observationSpace: vector.singleObservationSpace, actionSpace: vector.singleActionSpace }, { ...PPO_DRONE, ...options.ppo, seed: options.seed });
  const evaluationSeeds = Array.from({ length: options.evalEpisodes }, (_, k) => EVALUATION_SEED_BASE + k);
  const start = performance.now();
  const elapsed = () => (performance.now() - start) / 1000;
  const recentReturns: number[] = [];
  const curve: EvaluationPoint<V>[] = [];
  let nextEvaluation = options.evalEvery;
  let solvedAtStep: number | undefined;
  let solvedSeconds: number | undefined;
  try {
    await agent.learn(vector, {
      totalSteps: options.steps,
      envId: options.envId,
      callbacks: [
        {
          onEpisodeEnd: (_context, episode) => {
            recentReturns.push(episode.episodeReturn);
            if (recentReturns.length > RETURN_WINDOW) recentReturns.shift();
          },
          onMetrics: (context) => {
            // Evaluate at the first update past each multiple of evalEvery, and once at the end of the budget.
            if (context.step < nextEvaluation && context.step < options.steps) return undefined;
            while (nextEvaluation <= context.step) nextEvaluation += options.evalEvery;
            const verdict = options.judge(flyEpisodes(agent, makeEnv, evaluationSeeds));
            const point = { step: context.step, seconds: elapsed(), meanTrainingReturn: mean(recentReturns), verdict };
            curve.push(point);
            log(`seed ${options.seed} step ${point.step} train return (last ${RETURN_WINDOW} ep) ${point.meanTrainingReturn.toFixed(1)} | eval ${options.describe(verdict)} | ${point.seconds.toFixed(0)} s`);
            if (!options.solved(verdict)) return undefined;
            solvedAtStep = point.step;
            solvedSeconds = point.seconds;
            return false;
          },
        },
      ],
    });
  } finally {
    agent.dispose();
    vector.close();
  }
  return { seed: options.seed, solvedAtStep, solvedSeconds, stepsTrained: agent.numTimesteps, seconds: elapsed(), curve, finalVerdict: curve.at(-1)?.verdict };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}
