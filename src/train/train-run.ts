import { join } from 'node:path';
import type { Env } from '../core/env.js';
import { ConfigError, describeValue } from '../core/errors.js';
import { findRegistration, make } from '../registry.js';
import { makeVec } from '../vector/make-vec.js';
import { findParallelRegistration, isParallelEnvId, makeParallel } from '../multi-agent/parallel-registry.js';
import { ParallelVectorEnv } from '../multi-agent/parallel-vector-env.js';
import type { Agent } from './agent.js';
import type { Callback, TrainingContext } from './callback.js';
import { recordEpisodes } from '../record/record-callback.js';
import { CheckpointCallback, EpisodeWindow, EvaluationCallback, MetricsLogger, ProgressDisplay } from './callbacks/index.js';
import type { EvaluationResult } from './evaluate.js';
import { describeOutcomes } from './evaluate-parallel.js';
import { ParallelEvaluationCallback } from './callbacks/parallel-evaluation.js';
import { palestraVersion } from './package-info.js';
import { RunDirectory, type RunConfig } from './run-directory.js';
import { resumeRun, type ResumePoint } from './resume.js';

/** How the trainer builds agents without importing `agents/` (the CLI passes the registry in). */
export interface AgentFactory {
  create(name: string, spaces: { observationSpace: Env['observationSpace']; actionSpace: Env['actionSpace'] }, config: Record<string, unknown>): Agent;
}

export interface TrainingPlan {
  envId: string;
  envModule?: string;
  /** Keyword arguments for `make(envId, envKwargs)` (default: the registered ones). */
  envKwargs?: Record<string, unknown>;
  agent: string;
  agentConfig: Record<string, unknown>;
  totalSteps: number;
  seed: number;
  numEnvs: number;
  /** The backend actually in use (recorded in config.json). */
  backend: string;
  /** The run directory; undefined trains without writing anything. */
  runDir?: string;
  /** Evaluation every this many steps (0: never). */
  evalFreq: number;
  evalEpisodes: number;
  checkpointFreq: number;
  /** Record every this many episodes of env 0 for the viewer (0: none; default 20). */
  recordEvery?: number;
  /** Stop once the evaluation mean reaches this (null: never). */
  rewardThreshold: number | null;
  command?: string;
  /** Stop at the first observation outside the observation space (default false). */
  checkObservations?: boolean;
}

export interface TrainingIO {
  write: (text: string) => void;
  /** Where warnings go (a damaged checkpoint skipped on resume); default `write`. */
  warn?: (text: string) => void;
  isTTY: boolean;
  quiet: boolean;
}

export interface TrainingOutcome {
  agent: Agent;
  runDir: string | undefined;
  steps: number;
  /** Wall-clock seconds of training, evaluations included. */
  seconds: number;
  lastEvaluation: EvaluationResult | undefined;
  bestMeanReturn: number;
  solvedAtStep: number | undefined;
}

/** By default every 20th episode of env 0 is recorded: enough to watch, small on disk. */
export const DEFAULT_RECORD_EVERY = 20;

/** The env spec's reward threshold, or null when it has none. */
export function defaultRewardThreshold(envId: string): number | null {
  return (isParallelEnvId(envId) ? findParallelRegistration(envId) : findRegistration(envId)).rewardThreshold ?? null;
}

/** A default run directory name: runs/CartPole-v1-ppo-seed0-20261122-104501. */
export function defaultRunDir(parent: string, envId: string, agent: string, seed: number, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return join(parent, `${envId.replace(/[^A-Za-z0-9_.-]+/g, '_')}-${agent}-seed${seed}-${stamp}`);
}

/**
 * Trains an agent as a plan says: builds the vector env and a separate evaluation env, writes
 * the run directory, hangs the evaluation, checkpoint, metrics and progress callbacks on
 * `learn()`, and (for --resume) continues from the newest checkpoint.
 *
 * @example const outcome = await runTraining(plan, agents, { write: console.log, isTTY: false, quiet: true });
 */
export async function runTraining(plan: TrainingPlan, factory: AgentFactory, io: TrainingIO, options: { resume?: boolean; extraCallbacks?: Callback[] } = {}): Promise<TrainingOutcome> {
  checkPlan(plan);
  // A multi-agent id trains one policy shared by every agent: one slot per agent (numEnvs is not used).
  const multiAgent = isParallelEnvId(plan.envId);
  const trainEnv = multiAgent
    ? new ParallelVectorEnv(makeParallel(plan.envId, plan.envKwargs))
    : makeVec(plan.envId, plan.numEnvs, { mode: plan.envModule ? 'sync' : 'auto', kwargs: plan.envKwargs });
  const probeEnv = multiAgent ? undefined : make(plan.envId, plan.envKwargs);
  const spaces = probeEnv ? { observationSpace: probeEnv.observationSpace, actionSpace: probeEnv.actionSpace } : { observationSpace: trainEnv.singleObservationSpace, actionSpace: trainEnv.singleActionSpace };
  probeEnv?.close();
  const agent = factory.create(plan.agent, spaces, { ...plan.agentConfig, seed: plan.seed });
  let run: RunDirectory | undefined;
  let resumed: ResumePoint = { step: 0, seconds: 0, episodes: 0 };
  try {
    if (plan.runDir && options.resume) {
      run = new RunDirectory(plan.runDir);
      resumed = await resumeRun(run, agent, io.warn ?? io.write);
      if (!io.quiet) io.write(`resuming ${plan.runDir} from step ${resumed.step} (${resumed.episodes} episodes, ${resumed.seconds.toFixed(1)} s so far)\n`);
    } else if (plan.runDir) {
      // Record every hyperparameter, defaults included, so the run can be repeated exactly.
      const { seed: _seed, ...resolved } = agent.config;
      run = await RunDirectory.create(plan.runDir, runConfig({ ...plan, agentConfig: resolved }));
    }
  } catch (error) {
    agent.dispose();
    trainEnv.close();
    throw error;
  }

  const episodes = new EpisodeWindow(100);
  episodes.count = resumed.episodes;
  const logger = new MetricsLogger(run, episodes, resumed.seconds);
  const callbacks: Callback[] = [episodes, logger];
  let evaluation: EvaluationCallback | ParallelEvaluationCallback | undefined;
  if (plan.evalFreq > 0) {
    const schedule = {
      every: plan.evalFreq,
      episodes: plan.evalEpisodes,
      seed: plan.seed + 1_000_000,
      rewardThreshold: plan.rewardThreshold ?? undefined,
      run,
      log: async (context: TrainingContext, metrics: Record<string, number>) => {
        await run?.appendMetrics({ step: context.step, ...metrics });
      },
    };
    const say = (line: string): void => {
      if (!io.quiet) io.write(`${io.isTTY ? '\r\x1b[K' : ''}${line}\n`);
    };
    evaluation = multiAgent
      ? // A multi-agent world: --eval-episodes whole world episodes, every agent on the shared policy.
        new ParallelEvaluationCallback(() => makeParallel(plan.envId, plan.envKwargs), {
          ...schedule,
          onResult: (step, result) => say(`eval at ${step} steps: mean return ${result.meanReturn.toFixed(1)} +/- ${result.stdReturn.toFixed(1)} per agent over ${result.worlds} world episodes (${result.returns.length} agents); ${describeOutcomes(result.outcomes)}`),
        })
      : new EvaluationCallback(() => make(plan.envId, plan.envKwargs), {
          ...schedule,
          onResult: (step, result) => say(`eval at ${step} steps: mean return ${result.meanReturn.toFixed(1)} +/- ${result.stdReturn.toFixed(1)} over ${plan.evalEpisodes} episodes`),
        });
    callbacks.push(evaluation);
  }
  if (run && plan.checkpointFreq > 0) callbacks.push(new CheckpointCallback(run, { every: plan.checkpointFreq, keep: 3 }));
  const recordEvery = plan.recordEvery ?? DEFAULT_RECORD_EVERY;
  // Recorded episodes are what `palestra view` replays later.
  if (run && recordEvery > 0) callbacks.push(recordEpisodes({ every: recordEvery }));
  callbacks.push(...(options.extraCallbacks ?? []));
  if (!io.quiet) callbacks.push(new ProgressDisplay(episodes, { write: io.write, isTTY: io.isTTY }));

  const started = performance.now();
  try {
    await agent.learn(trainEnv, { totalSteps: plan.totalSteps, callbacks, envId: plan.envId, runDir: run?.path, seed: agent.numTimesteps === 0 ? plan.seed : undefined, checkObservations: plan.checkObservations });
  } finally {
    trainEnv.close();
  }
  const seconds = (performance.now() - started) / 1000;
  if (!io.quiet && evaluation?.solvedAtStep !== undefined) {
    io.write(`solved: evaluation mean ${evaluation.lastResult!.meanReturn.toFixed(1)} >= ${plan.rewardThreshold} at ${evaluation.solvedAtStep} steps\n`);
  }
  return {
    agent,
    runDir: run?.path,
    steps: agent.numTimesteps,
    seconds,
    lastEvaluation: evaluation?.lastResult,
    bestMeanReturn: evaluation?.bestMeanReturn ?? Number.NaN,
    solvedAtStep: evaluation?.solvedAtStep,
  };
}

/** Refuses a plan with a non-positive budget, env count or episode count, or a fractional seed. */
export function checkPlan(plan: TrainingPlan): void {
  // Named as the command line spells them, since that is where these values usually come from.
  const positive = (key: keyof TrainingPlan, flag: string) => {
    const value = plan[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ConfigError(`${flag} (${key}) must be a positive integer, got ${describeValue(value)}`);
  };
  positive('totalSteps', '--steps');
  positive('numEnvs', '--envs');
  positive('evalEpisodes', '--eval-episodes');
  if (!Number.isInteger(plan.seed)) throw new ConfigError(`--seed must be an integer, got ${describeValue(plan.seed)}`);
}

function runConfig(plan: TrainingPlan): RunConfig {
  return {
    envId: plan.envId,
    ...(plan.envModule ? { envModule: plan.envModule } : {}),
    ...(plan.envKwargs && Object.keys(plan.envKwargs).length > 0 ? { envKwargs: plan.envKwargs } : {}),
    agent: plan.agent,
    agentConfig: plan.agentConfig,
    totalSteps: plan.totalSteps,
    seed: plan.seed,
    numEnvs: plan.numEnvs,
    backend: plan.backend,
    palestraVersion: palestraVersion(),
    ...(plan.command ? { command: plan.command } : {}),
    createdAt: new Date().toISOString(),
    evalEpisodes: plan.evalEpisodes,
    evalFreq: plan.evalFreq,
    checkpointFreq: plan.checkpointFreq,
    recordEvery: plan.recordEvery ?? DEFAULT_RECORD_EVERY,
    rewardThreshold: plan.rewardThreshold,
  };
}

/** A plan's fields from a run's config.json, for --resume. */
export function planFromRunConfig(config: RunConfig, runDir: string, backend: string): TrainingPlan {
  return {
    envId: config.envId,
    envModule: config.envModule,
    envKwargs: config.envKwargs,
    agent: config.agent,
    agentConfig: config.agentConfig,
    totalSteps: config.totalSteps,
    seed: config.seed,
    numEnvs: config.numEnvs,
    backend,
    runDir,
    evalFreq: config.evalFreq,
    evalEpisodes: config.evalEpisodes,
    checkpointFreq: config.checkpointFreq,
    recordEvery: config.recordEvery,
    rewardThreshold: config.rewardThreshold,
  };
}
