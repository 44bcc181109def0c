/**
 * The training runs of issue 17, one definition shared by the profiler (profile.ts) and the
 * benchmark (bench-training.ts), so both time the same thing:
 *
 * - PPO and DQN on CartPole-v1 with the RL Zoo's settings (configs/), evaluated every 5,000 env
 *   steps over 10 deterministic episodes, stopping when that mean reaches 475 (SB3's EvalCallback
 *   with StopTrainingOnRewardThreshold, as the RL Zoo runs it);
 * - DQN on MinAtar Breakout with the paper's settings (experiments/minatar/dqn-paper.yaml), a
 *   fixed number of frames, no evaluation;
 * - PPO on MinAtar Breakout on 64 batched envs (experiments/minatar/ppo.yaml), a fixed number of
 *   frames, no evaluation.
 *
 * Wall-clock time includes evaluation.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { createAgent, type Agent } from '../../agents/index.js';
import '../../envs/index.js';
import { readTrainConfig } from '../../src/cli/config-file.js';
import { make } from '../../src/registry.js';
import type { Callback } from '../../src/train/callback.js';
import { evaluatePolicy } from '../../src/train/evaluate.js';
import { makeVec } from '../../src/vector/make-vec.js';
import type { VectorEnv } from '../../src/vector/types.js';
import type { Env } from '../../src/core/env.js';

export const EVAL_EVERY = 5_000;
export const EVAL_EPISODES = 10;
export const THRESHOLD = 475;

export type RunName = 'ppo-cartpole' | 'dqn-cartpole' | 'dqn-minatar' | 'ppo-minatar';
export const RUN_NAMES: readonly RunName[] = ['ppo-cartpole', 'dqn-cartpole', 'dqn-minatar', 'ppo-minatar'];

/** Frames of the PPO MinAtar run by default: 16 updates of 64 envs x 128 steps. */
export const PPO_MINATAR_FRAMES = 16 * 8192;

/** What one training run did. */
export interface RunOutcome {
  run: RunName;
  seed: number;
  /** Env steps (frames) trained. */
  steps: number;
  /** Whole `learn()` call, evaluation included. */
  wallSeconds: number;
  /**
   * CPU seconds of this process during `learn()` (user + system, every thread): what the run
   * costs in work, which a busy shared machine does not inflate the way it inflates wall time.
   */
  cpuSeconds: number;
  evalSeconds: number;
  /** The step at which the 10-episode mean first reached 475 (CartPole runs), else undefined. */
  solvedAt: number | undefined;
  lastEvalMean: number | undefined;
}

/** A run ready to start: its agent, env and callbacks. */
export interface PreparedRun {
  agent: Agent;
  env: Env | VectorEnv;
  totalSteps: number;
  callbacks: Callback[];
  /** Evaluation seconds so far (the evaluator adds to it). */
  evalSeconds: () => number;
  solvedAt: () => number | undefined;
  lastEvalMean: () => number | undefined;
}

/**
 * Builds agent, env and evaluator for a run. `minatarFrames` caps the DQN MinAtar run (its
 * schedules still span the paper's 5M frames, as in experiments/minatar/train.ts) and
 * `ppoMinatarFrames` the PPO one; `overrides` is merged into the agent's hyperparameters.
 */
export async function prepareRun(run: RunName, seed: number, options: { minatarFrames?: number; ppoMinatarFrames?: number; overrides?: Record<string, unknown> } = {}): Promise<PreparedRun> {
  if (run === 'ppo-minatar') {
    const file = await readTrainConfig(new URL('../minatar/ppo.yaml', import.meta.url).pathname);
    const env = makeVec(file.env!, file.envs ?? 64, { kwargs: file.envKwargs });
    const agent = createAgent('ppo', { observationSpace: env.singleObservationSpace, actionSpace: env.singleActionSpace }, { ...(file.hyperparameters ?? {}), ...options.overrides, seed });
    return { agent, env, totalSteps: options.ppoMinatarFrames ?? PPO_MINATAR_FRAMES, callbacks: [], evalSeconds: () => 0, solvedAt: () => undefined, lastEvalMean: () => undefined };
  }
  if (run === 'dqn-minatar') {
    // The CLI's config format (its exploration fraction is already relative to the paper's 5M frames).
    const file = parseYaml(readFileSync(new URL('../minatar/dqn-paper.yaml', import.meta.url), 'utf8')) as {
      env: string; envKwargs: Record<string, unknown>; hyperparameters: Record<string, unknown>;
    };
    const env = make(file.env, file.envKwargs);
    const config = { ...file.hyperparameters, ...options.overrides, seed };
    const agent = createAgent('dqn', { observationSpace: env.observationSpace, actionSpace: env.actionSpace }, config);
    return { agent, env, totalSteps: options.minatarFrames ?? 25_000, callbacks: [], evalSeconds: () => 0, solvedAt: () => undefined, lastEvalMean: () => undefined };
  }
  const agentName = run === 'ppo-cartpole' ? 'ppo' : 'dqn';
  const file = await readTrainConfig(new URL(`../../configs/${agentName}-CartPole-v1.yaml`, import.meta.url).pathname);
  const env = makeVec('CartPole-v1', file.envs ?? 1);
  const agent = createAgent(agentName, { observationSpace: env.singleObservationSpace, actionSpace: env.singleActionSpace }, { ...(file.hyperparameters ?? {}), ...options.overrides, seed });
  let evalSeconds = 0;
  let nextEval = EVAL_EVERY;
  let solvedAt: number | undefined;
  let lastEvalMean: number | undefined;
  const evaluator: Callback = {
    onMetrics: (context) => {
      if (context.step < nextEval) return true;
      nextEval = (Math.floor(context.step / EVAL_EVERY) + 1) * EVAL_EVERY;
      const started = performance.now();
      const result = evaluatePolicy(agent, () => make('CartPole-v1'), { episodes: EVAL_EPISODES, seed: 10_000 + context.step, parallel: EVAL_EPISODES });
      evalSeconds += (performance.now() - started) / 1000;
      lastEvalMean = result.meanReturn;
      if (result.meanReturn >= THRESHOLD) solvedAt = context.step;
      return result.meanReturn < THRESHOLD;
    },
  };
  return {
    agent,
    env,
    totalSteps: file.steps ?? 100_000,
    callbacks: [evaluator],
    evalSeconds: () => evalSeconds,
    solvedAt: () => solvedAt,
    lastEvalMean: () => lastEvalMean,
  };
}

/** Trains a prepared run to its end (or its solve) and reports what it did; disposes the agent. */
export async function executeRun(run: RunName, seed: number, prepared: PreparedRun): Promise<RunOutcome> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  await prepared.agent.learn(prepared.env, { totalSteps: prepared.totalSteps, callbacks: prepared.callbacks });
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const outcome: RunOutcome = {
    run,
    seed,
    steps: prepared.agent.numTimesteps,
    wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    evalSeconds: prepared.evalSeconds(),
    solvedAt: prepared.solvedAt(),
    lastEvalMean: prepared.lastEvalMean(),
  };
  prepared.env.close();
  prepared.agent.dispose();
  return outcome;
}
