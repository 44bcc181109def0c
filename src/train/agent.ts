/**
 * The one agent interface. Every algorithm in `agents/` implements `Agent`; the trainer, the
 * callbacks, evaluation and the CLI use it, or a narrower `Pick<Agent, ...>` view where a caller
 * needs less (`EvaluationPolicy` in ./evaluate.ts: batched actions only). It lives in the spine
 * so that `src/` never imports `agents/`.
 */
import type { Env } from '../core/env.js';
import type { Space } from '../core/spaces/space.js';
import type { BatchArray, VectorEnv } from '../vector/types.js';
import type { Callback } from './callback.js';

export interface ActOptions {
  /** Greedy / mean action instead of a sampled one (evaluation). Default false. */
  deterministic?: boolean;
}

export interface LearnOptions {
  /**
   * Train until this many env steps (summed over sub-envs) have been taken in total, counting
   * the steps of earlier `learn()` calls: a resumed agent continues where it stopped.
   */
  totalSteps: number;
  callbacks?: Callback[];
  /** Seed for the env resets of this call (default: the agent's seed plus its step count). */
  seed?: number;
  /** Recorded in the training context for callbacks. */
  envId?: string;
  runDir?: string;
  /**
   * Check every observation against the observation space and stop at the first one outside
   * it (rewards and observations are always checked to be finite). Default false: it costs a
   * pass over each batch of observations.
   */
  checkObservations?: boolean;
}

/** The spaces an agent was built for; `load()` refuses a checkpoint made for other spaces. */
export interface AgentSpaces {
  observationSpace: Space<unknown>;
  actionSpace: Space<unknown>;
}

/**
 * A learning agent. Every algorithm in `agents/` implements it, so the trainer, the CLI and the
 * evaluation code never name a concrete algorithm (`agents/index.ts` builds one by name).
 *
 * @example
 * const agent = createAgent('ppo', env, { seed: 1 });
 * await agent.learn(makeVec('CartPole-v1', 8), { totalSteps: 1e5 });
 * const action = agent.act(observation, { deterministic: true });
 */
export interface Agent {
  /** 'dqn', 'ppo', ... (the key in the agent registry). */
  readonly name: string;
  /** The resolved configuration: every hyperparameter, defaults included. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly spaces: AgentSpaces;
  /** Env steps trained on so far (summed over sub-envs). */
  readonly numTimesteps: number;
  /** The id of the env it was trained on, when known (saved in agent.json). */
  readonly envId: string | undefined;
  /** One action for one observation. Discrete spaces give an integer, Box spaces a Float32Array. */
  act(observation: unknown, options?: ActOptions): unknown;
  /**
   * Actions for `count` observations stacked in one array (sub-env i at `[i * size, (i + 1) * size)`):
   * one integer per env for Discrete spaces, `count * actionSize` numbers for Box spaces.
   */
  actBatch(observations: BatchArray, count: number, options?: ActOptions): Int32Array | Float32Array;
  /** Trains on `env` (a single env is stepped as a vector env of one). */
  learn(env: Env | VectorEnv, options: LearnOptions): Promise<void>;
  /** Writes `agent.json` (config, state, spaces) and one tfjs `model.json` + weights per network. */
  save(dir: string): Promise<void>;
  /** Reads what `save()` wrote into this agent; throws a clear error when it does not fit. */
  load(dir: string): Promise<void>;
  /** Frees the networks' tensors. */
  dispose(): void;
}
