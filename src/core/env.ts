import { calledAfterEnd, calledBeforeReset, describeValue, EnvError } from './errors.js';
import { Rng } from './rng.js';
import type { Space } from './spaces/space.js';
import type { SceneFrame } from './scene.js';

/** Extra information an env returns beside the observation; free-form, JSON-friendly. */
export type Info = Record<string, unknown>;

/** The argument of `Env.reset()`. */
export interface ResetOptions {
  /**
   * Seeds the env's own generator. Give it once, on the first reset: later resets without a seed
   * continue the same stream, so episode k of a seeded run is the same on every run. An integer,
   * or an EnvError says what came instead.
   */
  seed?: number;
  /** Env-specific reset options, e.g. CartPole's `{ low, high }` for the start-state range. */
  options?: Record<string, unknown>;
}

/** What `Env.reset()` returns: the first observation of the new episode, and its info. */
export interface ResetResult<Obs> {
  observation: Obs;
  info: Info;
}

/** What `Env.step()` returns: one transition, with Gymnasium 1.x's two end flags. */
export interface StepResult<Obs> {
  /** The observation after the action; the caller may keep it (envs hand out fresh arrays). */
  observation: Obs;
  reward: number;
  /** The MDP reached a terminal state: do not bootstrap past it. */
  terminated: boolean;
  /** The episode was cut short (time limit, outside cut): the state is not terminal. */
  truncated: boolean;
  info: Info;
}

/** How an env may be drawn and at what rate, as Gymnasium's `metadata` dict. */
export interface EnvMetadata {
  /** The render modes `render()` serves; 'scene' when it returns a SceneFrame for the viewer. */
  renderModes: string[];
  /** Frames per second the viewer replays this env at (its control rate, usually). */
  renderFps: number;
}

/** How an env was made, as `make()` records it on `env.spec` (see `src/registry.ts`). */
export interface EnvSpec {
  id: string;
  maxEpisodeSteps?: number;
  rewardThreshold?: number;
  nondeterministic: boolean;
  kwargs: Record<string, unknown>;
}

/**
 * A reinforcement-learning environment with Gymnasium 1.x semantics: the contract every env,
 * wrapper and tool of Palestra relies on (`palestra check` tests an env against it,
 * `src/check.ts`).
 *
 * The life of an env:
 * 1. `reset({ seed })` starts an episode and returns its first observation.
 * 2. `step(action)` advances it by one action, until `terminated` or `truncated` comes back true.
 * 3. A step after that end throws an EnvError ("step() called after the episode ended
 *    (terminated); call reset() first"), in every env family: call `reset()` to start the next
 *    episode. A step before the first reset throws likewise.
 * 4. `close()` releases what the env holds; calling it twice is harmless.
 *
 * Seeding: `reset({ seed })` reseeds the env's generator; `reset()` without a seed continues it.
 * The spaces have their own generators (`actionSpace.seed(n)`), as in Gymnasium.
 *
 * @example
 * const env = make('CartPole-v1');
 * env.reset({ seed: 0 });
 * let episodeReturn = 0;
 * for (;;) {
 *   const { reward, terminated, truncated } = env.step(env.actionSpace.sample());
 *   episodeReturn += reward;
 *   if (terminated || truncated) break; // one more step would throw: reset() first
 * }
 * env.close();
 */
export interface Env<Obs = unknown, Act = unknown> {
  /** The set of observations `reset()` and `step()` return; `observationSpace.contains(obs)` holds for each. */
  readonly observationSpace: Space<Obs>;
  /** The set of actions `step()` accepts; anything else is refused with an EnvError that names it. */
  readonly actionSpace: Space<Act>;
  /** Render modes and frame rate (see EnvMetadata). */
  readonly metadata: EnvMetadata;
  /** How `make()` built this env (id, kwargs, time limit), or undefined for an env made with `new`. */
  spec: EnvSpec | undefined;
  /**
   * Starts a new episode and returns its first observation and info.
   *
   * @param options `seed` reseeds the env's generator (give it once: later resets continue the
   *   stream); `options` holds env-specific settings.
   * @returns `{ observation, info }` for the new episode.
   * @throws EnvError when the seed is not an integer or an env-specific option is bad.
   *
   * @example
   * env.reset({ seed: 42 });                  // reproducible from here on
   * env.reset();                              // the next episode of the same stream
   * env.reset({ options: { low: -0.1, high: 0.1 } }); // CartPole's start range
   */
  reset(options?: ResetOptions): ResetResult<Obs>;
  /**
   * Advances the episode by one action.
   *
   * @param action an element of `actionSpace`.
   * @returns `{ observation, reward, terminated, truncated, info }`: `terminated` when the MDP
   *   reached a terminal state (do not bootstrap), `truncated` when the episode was cut short
   *   (time limit); either ends the episode.
   * @throws EnvError for an action outside `actionSpace`, for a step before the first `reset()`,
   *   and for a step after the episode ended ("step() called after the episode ended
   *   (terminated); call reset() first"): each episode ends once, and only `reset()` starts the
   *   next. Vector envs reset ended sub-envs themselves (autoreset), so they never meet this.
   *
   * @example
   * const { reward, terminated, truncated } = env.step(1);
   * if (terminated || truncated) env.reset();
   */
  step(action: Act): StepResult<Obs>;
  /**
   * What the viewer draws for the current state (a SceneFrame, see `src/core/scene.ts`), or
   * undefined when the env draws nothing ('scene' is then absent from `metadata.renderModes`).
   */
  render(): SceneFrame | undefined;
  /**
   * Releases what the env holds (workers, native handles). Calling it twice is harmless; the env
   * must not be stepped after it.
   *
   * @example env.close(); env.close(); // the second call does nothing
   */
  close(): void;
  /** The innermost env, under all wrappers. */
  readonly unwrapped: Env<Obs, Act>;
}

/** Where an env derived from BaseEnv stands: before the first reset, in an episode, or after its end. */
type EpisodePhase = 'before-reset' | 'running' | { ended: string };

/**
 * A convenient base for env authors: an `rng` that `reset({ seed })` seeds (and that is
 * seeded from entropy if the user never gives a seed), a default `unwrapped`, `spec` and `close`,
 * `checkAction` for error messages that name the env and the bad value, and the episode guard
 * of the Env contract.
 *
 * The guard is three calls, so that every family refuses a step before reset and a step after
 * the end with the same words:
 *
 * @example
 * reset(options?: ResetOptions) {
 *   this.seedFromReset(options);
 *   ... // draw the start state from this.rng
 *   this.startEpisode();
 *   return { observation, info: {} };
 * }
 * step(action: number) {
 *   this.checkAction(action);
 *   this.guardStep();
 *   ... // the dynamics
 *   return this.endStep({ observation, reward, terminated, truncated: false, info: {} });
 * }
 */
export abstract class BaseEnv<Obs, Act> implements Env<Obs, Act> {
  abstract readonly observationSpace: Space<Obs>;
  abstract readonly actionSpace: Space<Act>;
  metadata: EnvMetadata = { renderModes: [], renderFps: 30 };
  spec: EnvSpec | undefined = undefined;

  /** The env's own generator: draw every random number of the dynamics from it. */
  protected rng: Rng = new Rng();

  private phase: EpisodePhase = 'before-reset';

  abstract reset(options?: ResetOptions): ResetResult<Obs>;
  abstract step(action: Act): StepResult<Obs>;

  render(): SceneFrame | undefined {
    return undefined;
  }

  close(): void {}

  get unwrapped(): Env<Obs, Act> {
    return this;
  }

  /** The name used in error messages: the registered id when made through `make()`. */
  get displayName(): string {
    return this.spec?.id ?? this.constructor.name;
  }

  /** Call first in `reset()`: reseeds the env's generator when a seed is given, as Gymnasium does. */
  protected seedFromReset(options?: ResetOptions): void {
    reseedOnReset(this.rng, this.displayName, options);
  }

  /** Call in `reset()` once the new episode is set up: `step()` is allowed again. */
  protected startEpisode(): void {
    this.phase = 'running';
  }

  /** Call at the top of `step()`: throws the contract's EnvError before the first reset and after the end. */
  protected guardStep(): void {
    if (this.phase === 'running') return;
    if (this.phase === 'before-reset') throw calledBeforeReset(this.displayName);
    throw calledAfterEnd(this.displayName, this.phase.ended);
  }

  /**
   * Call on the result `step()` returns: a terminated or truncated step ends the episode, and the
   * next `step()` throws until `reset()`. `reason` names the end in that error (default
   * 'terminated' or 'truncated').
   */
  protected endStep<R extends StepResult<Obs>>(result: R, reason?: string): R {
    if (result.terminated || result.truncated) this.phase = { ended: reason ?? (result.terminated ? 'terminated' : 'truncated') };
    return result;
  }

  /** Throws an EnvError that names the env, the action space and the value when `action` is invalid. */
  protected checkAction(action: unknown): asserts action is Act {
    if (this.actionSpace.contains(action)) return;
    throw new EnvError(`${this.displayName}.step(): invalid action: ${this.actionSpace.whyNotContained(action)}`);
  }
}

/**
 * The seeding rule of `reset()`, for single- and multi-agent envs alike: a given seed must be an
 * integer and reseeds `rng`; no seed leaves the generator running on.
 *
 * @example reseedOnReset(this.rng, this.displayName, options); // first thing in reset()
 */
export function reseedOnReset(rng: Rng, owner: string, options?: ResetOptions): void {
  if (options?.seed === undefined) return;
  if (!Number.isInteger(options.seed)) throw new EnvError(`${owner}.reset(): seed must be an integer, got ${describeValue(options.seed)}`);
  rng.reseed(options.seed);
}
