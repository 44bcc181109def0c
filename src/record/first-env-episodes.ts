import type { Env } from '../core/env.js';
import type { SceneFrame } from '../core/protocol.js';
import type { VectorEnv } from '../vector/types.js';

/**
 * Follows the episodes of env 0 (the only env of a single env, sub-env 0 of a vector env)
 * through the training callbacks, whichever order a trainer calls `onStep` and
 * `onEpisodeEnd` in for the step that ends an episode: that step's frame belongs to the
 * episode that ended, never to the next one.
 *
 * @example
 * const episodes = new FirstEnvEpisodes(10); // every 10th episode is selected
 * if (episodes.shouldCaptureStep(ctx.step)) capture(ctx.env.render());
 */
export class FirstEnvEpisodes {
  /** 0-based index of env 0's current episode. */
  episode = 0;
  /** Training step at which the current episode started. */
  startStep = 0;
  private capturedStep = -1;
  private endedStep = -1;

  constructor(
    /** Select every `every`-th episode (0, every, 2 * every, ...). */
    readonly every: number,
    firstEpisode = 0,
  ) {
    if (!Number.isInteger(every) || every < 1) throw new RangeError(`every must be a positive integer, got ${every}`);
    this.episode = firstEpisode;
  }

  /** Whether the current episode is one of the every-k-th. */
  get selected(): boolean {
    return this.episode % this.every === 0;
  }

  /** True once per step for the current episode's steps: capture its frame now. */
  shouldCaptureStep(step: number): boolean {
    if (step === this.capturedStep || step === this.endedStep) return false;
    this.capturedStep = step;
    return true;
  }

  /** Moves on to the next episode; frames of `step` are not counted in it. */
  endEpisode(step: number): void {
    this.episode++;
    this.startStep = step;
    this.endedStep = step;
  }
}

/** The frame env 0 draws now, or undefined when it draws nothing (or cannot yet). */
export function renderFirstEnv(env: Env | VectorEnv): SceneFrame | undefined {
  try {
    return env.render() ?? undefined;
  } catch {
    // An env that cannot render in its current state (not reset yet) simply shows nothing.
    return undefined;
  }
}

/** The frame rate an env asks its episodes to be replayed at. */
export function renderFpsOf(env: Env | VectorEnv): number {
  const fps = env.metadata?.renderFps;
  return typeof fps === 'number' && fps > 0 ? fps : 30;
}

/** The env id of a training env, from its spec. */
export function envIdOf(env: Env | VectorEnv, fallback?: string): string | undefined {
  return fallback ?? env.spec?.id;
}
