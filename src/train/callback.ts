import type { Env, Info } from '../core/env.js';
import type { VectorEnv } from '../vector/types.js';

/** What a callback can see of the training run. */
export interface TrainingContext {
  /** 'dqn', 'ppo', ... */
  agentName: string;
  /** The training env (a vector env for agents that step many copies). */
  env: Env | VectorEnv;
  /** The env id when made from the registry. */
  envId: string | undefined;
  /** The run directory when the run is recorded, else undefined. */
  runDir: string | undefined;
  /** Env steps taken so far (summed over sub-envs). */
  step: number;
  totalSteps: number;
  /** The agent being trained (its class depends on the algorithm). */
  agent: unknown;
}

/** One finished episode, as RecordEpisodeStatistics reports it. */
export interface EpisodeSummary {
  /** Which sub-env of a vector env (0 for a single env). */
  envIndex: number;
  episodeReturn: number;
  length: number;
  /** Seconds since the episode started. */
  seconds: number;
  /** The env step count at which it ended. */
  step: number;
  info: Info;
}

/**
 * Hooks into training; every method is optional. Returning `false` from `onStep` or
 * `onMetrics` stops training after the current update (e.g. a reward threshold was reached).
 *
 * @example
 * const printer: Callback = { onEpisodeEnd: (_ctx, ep) => console.log(ep.episodeReturn) };
 * await agent.learn(env, { totalSteps: 1e5, callbacks: [printer] });
 */
export interface Callback {
  onTrainingStart?(context: TrainingContext): void | Promise<void>;
  /** After each env step (each vector step for vector envs). Keep it cheap: it is on the hot path. */
  onStep?(context: TrainingContext): boolean | void;
  onEpisodeEnd?(context: TrainingContext, episode: EpisodeSummary): void;
  /** When the agent logs scalars (losses, returns, learning rate, ...). */
  onMetrics?(context: TrainingContext, metrics: Record<string, number>): boolean | void | Promise<boolean | void>;
  onTrainingEnd?(context: TrainingContext): void | Promise<void>;
}
