import { describeValue, EnvError } from './errors.js';
import { Rng } from './rng.js';
import type { Space } from './spaces/space.js';
import type { SceneFrame } from './protocol.js';

/** Extra information an env returns beside the observation; free-form, JSON-friendly. */
export type Info = Record<string, unknown>;

export interface ResetOptions {
  /** Seeds the env's own generator, once; later resets without a seed continue its stream. */
  seed?: number;
  /** Env-specific reset options, e.g. CartPole's `{ low, high }`. */
  options?: Record<string, unknown>;
}

export interface ResetResult<Obs> {
  observation: Obs;
  info: Info;
}

export interface StepResult<Obs> {
  observation: Obs;
  reward: number;
  /** The MDP reached a terminal state: do not bootstrap past it. */
  terminated: boolean;
  /** The episode was cut short (time limit, outside cut): the state is not terminal. */
  truncated: boolean;
  info: Info;
}

export interface EnvMetadata {
  renderModes: string[];
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
 * A reinforcement-learning environment with Gymnasium 1.x semantics.
 *
 * @example
 * const env = make('CartPole-v1');
 * let { observation } = env.reset({ seed: 0 });
 * const { reward, terminated, truncated } = env.step(env.actionSpace.sample());
 */
export interface Env<Obs = unknown, Act = unknown> {
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;
  readonly metadata: EnvMetadata;
  spec: EnvSpec | undefined;
  reset(options?: ResetOptions): ResetResult<Obs>;
  step(action: Act): StepResult<Obs>;
  /** What the viewer draws for the current state (see `src/core/protocol.ts`), or undefined. */
  render(): SceneFrame | undefined;
  close(): void;
  /** The innermost env, under all wrappers. */
  readonly unwrapped: Env<Obs, Act>;
}

/**
 * A convenient base for env authors: an `rng` that `reset({ seed })` seeds (and that is
 * seeded from entropy if the user never gives a seed), a default `unwrapped`, `spec` and `close`,
 * and `checkAction` for error messages that name the env and the bad value.
 */
export abstract class BaseEnv<Obs, Act> implements Env<Obs, Act> {
  abstract readonly observationSpace: Space<Obs>;
  abstract readonly actionSpace: Space<Act>;
  metadata: EnvMetadata = { renderModes: [], renderFps: 30 };
  spec: EnvSpec | undefined = undefined;

  /** The env's own generator: draw every random number of the dynamics from it. */
  protected rng: Rng = new Rng();

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
