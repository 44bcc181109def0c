import type { Env } from '../core/env.js';
import type { SceneFrame } from '../core/scene.js';
import type { ParallelEnv } from '../multi-agent/parallel-env.js';
import type { EpisodeSummary, TrainingContext } from '../train/callback.js';
import type { VectorEnv } from '../vector/types.js';

/** What `FirstEnvEpisodes` tells its owner, in the order the frames of env 0 happen. */
export interface FirstEnvEpisodeHooks {
  /**
   * Env 0 now shows a state of episode `episode` (the state after reset, after a step, or the
   * final state): render it if you want it. `render` returns the frame (undefined: nothing).
   */
  frame(context: TrainingContext, episode: number, render: () => SceneFrame | undefined): void;
  /** Episode `episode` of env 0 ended; every one of its frames has been offered. */
  end(context: TrainingContext, episode: number, summary: EpisodeSummary): void;
}

/**
 * Follows the episodes of env 0 (the only env of a single env, sub-env 0 of a vector env)
 * through the training callbacks and offers each state env 0 goes through to the episode it
 * belongs to: the state after reset first, the final state last. The trainer's contract
 * (src/train/callback.ts) is that `onEpisodeEnd` comes before the `onStep` of the step that
 * ended the episode. Then:
 * - 'next-step' autoreset (and a single env that a loop resets before its next `onStep`):
 *   env 0 still shows the final state at that `onStep`, and the next episode's first state at
 *   the one after (the reset step, which may not advance the step count);
 * - 'same-step' autoreset: env 0 already shows the next episode's first state at that
 *   `onStep`; the final state comes with the episode summary (`finalFrame`).
 *
 * @example
 * const episodes = new FirstEnvEpisodes({ frame: (ctx, episode, render) => save(episode, render()), end: () => {} });
 * callbacks.push({ onTrainingStart: (c) => episodes.start(c), onStep: (c) => episodes.onStep(c), onEpisodeEnd: (c, s) => episodes.onEpisodeEnd(c, s) });
 */
export class FirstEnvEpisodes {
  /** 0-based index of env 0's current episode. */
  episode: number;
  /** Training step at which the current episode started. */
  startStep = 0;
  /** next-step: the episode that ended in this step, whose final state `onStep` shows. */
  private endingAtThisStep: EpisodeSummary | undefined;

  constructor(
    private readonly hooks: FirstEnvEpisodeHooks,
    firstEpisode = 0,
  ) {
    this.episode = firstEpisode;
  }

  /** At the start of training, with env 0 reset: offers its first state. */
  start(context: TrainingContext): void {
    this.startStep = context.step;
    this.endingAtThisStep = undefined;
    this.hooks.frame(context, this.episode, () => renderFirstEnv(context.env));
  }

  /** After each (vector) step: offers env 0's state to the episode it belongs to. */
  onStep(context: TrainingContext): void {
    this.hooks.frame(context, this.episode, () => renderFirstEnv(context.env));
    const ended = this.endingAtThisStep;
    if (ended) {
      this.endingAtThisStep = undefined;
      this.finish(context, ended);
    }
  }

  /** When an episode ends; only env 0's count. */
  onEpisodeEnd(context: TrainingContext, summary: EpisodeSummary): void {
    if (summary.envIndex !== 0) return;
    if (summary.finalFrame !== undefined || autoresetsInTheSameStep(context.env)) {
      // Env 0 already shows the next episode: the final state is the one the env kept for us.
      const finalFrame = summary.finalFrame;
      if (finalFrame) this.hooks.frame(context, this.episode, () => finalFrame);
      this.finish(context, summary);
    } else {
      this.endingAtThisStep = summary;
    }
  }

  private finish(context: TrainingContext, summary: EpisodeSummary): void {
    this.hooks.end(context, this.episode, summary);
    this.episode++;
    this.startStep = context.step;
  }
}

function autoresetsInTheSameStep(env: TrainingContext['env']): boolean {
  return (env as Partial<VectorEnv>).autoresetMode === 'same-step';
}

/** The frame env 0 draws now, or undefined when it draws nothing (or cannot yet). */
export function renderFirstEnv(env: Env | VectorEnv | ParallelEnv): SceneFrame | undefined {
  try {
    return env.render() ?? undefined;
  } catch {
    // An env that cannot render in its current state (not reset yet) simply shows nothing.
    return undefined;
  }
}

/** The frame rate an env asks its episodes to be replayed at. */
export function renderFpsOf(env: Env | VectorEnv | ParallelEnv): number {
  const fps = env.metadata?.renderFps;
  return typeof fps === 'number' && fps > 0 ? fps : 30;
}

/** The env id of a training env, from its spec. */
export function envIdOf(env: Env | VectorEnv | ParallelEnv, fallback?: string): string | undefined {
  return fallback ?? env.spec?.id;
}
