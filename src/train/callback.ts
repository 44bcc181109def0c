import type { Env, Info } from '../core/env.js';
import type { SceneFrame } from '../core/scene.js';
import type { ParallelEnv } from '../multi-agent/parallel-env.js';
import type { VectorEnv } from '../vector/types.js';

/** What a callback can see of the training run. */
export interface TrainingContext {
  /** 'dqn', 'ppo', ... */
  agentName: string;
  /**
   * The training env (a vector env for agents that step many copies), or a multi-agent world
   * whose whole episodes are being watched (`palestra eval --view`: env 0 is then the world).
   */
  env: Env | VectorEnv | ParallelEnv;
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
  /**
   * Sub-env 0 under 'same-step' autoreset: the frame it drew at the end of the episode, since
   * by the time callbacks run it already shows the next episode (see `AutoresetMode`).
   */
  finalFrame?: SceneFrame;
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
  /**
   * When an episode ends. Called before the `onStep` of the step that ended it, so that
   * `onStep` sees env 0 with the episode already counted as ended: under 'next-step' autoreset
   * env 0 still shows the final state then, and shows the next episode's first state after the
   * following step.
   */
  onEpisodeEnd?(context: TrainingContext, episode: EpisodeSummary): void;
  /** When the agent logs scalars (losses, returns, learning rate, ...). */
  onMetrics?(context: TrainingContext, metrics: Record<string, number>): boolean | void | Promise<boolean | void>;
  onTrainingEnd?(context: TrainingContext): void | Promise<void>;
}
