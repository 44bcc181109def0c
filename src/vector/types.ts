import type { EnvMetadata, EnvSpec, Info } from '../core/env.js';
import type { SceneFrame } from '../core/scene.js';
import type { Space } from '../core/spaces/space.js';

/**
 * When a vector env resets a sub-env whose episode ended (Gymnasium 1.x's AutoresetMode):
 * - 'next-step' (default): the step that ends an episode returns its final observation; the
 *   next `step()` call resets that sub-env, ignores its action, and returns the reset
 *   observation with reward 0 and terminated = truncated = false.
 * - 'same-step': the ending step resets at once and returns the reset observation; the final
 *   observation and info are in `infos[i].finalObservation` / `infos[i].finalInfo`, and for
 *   sub-env 0, whose episodes the viewer shows, the frame it drew last in `infos[0].finalFrame`
 *   (see `finalFrameOf`).
 * - 'disabled': ended sub-envs stay ended; the user resets them with `reset({ mask })`.
 */
export type AutoresetMode = 'next-step' | 'same-step' | 'disabled';

/**
 * The info of a sub-env with nothing to say: one frozen object shared by every vector env, so
 * that "nothing to say" is told by identity, without looking inside (the worker env relies on it).
 */
export const NO_INFO: Info = Object.freeze({}) as Info;

/** Batched observations: one typed array, sub-env i at [i * obsSize, (i + 1) * obsSize). */
export type BatchArray = Float32Array | Float64Array | Uint8Array | Int32Array;

export interface VectorResetOptions {
  /** One seed (sub-env i gets seed + i, as in Gymnasium) or one per sub-env. */
  seed?: number | (number | undefined)[];
  options?: Record<string, unknown>;
  /**
   * Resets only the sub-envs whose flag is set (Gymnasium's `options.reset_mask`); the others
   * keep their state and their observation in the batch.
   */
  mask?: ArrayLike<number | boolean>;
}

export interface VectorResetResult {
  observations: BatchArray;
  infos: Info[];
}

export interface VectorStepResult {
  /** Overwritten by the next call: copy what you keep. */
  observations: BatchArray;
  rewards: Float64Array;
  /** 1 where the sub-env's episode terminated in this step. */
  terminations: Uint8Array;
  /** 1 where it was truncated in this step. */
  truncations: Uint8Array;
  /** One per sub-env; a shared empty object when a sub-env had nothing to say. */
  infos: Info[];
}

/**
 * Many copies of one env stepped together, with observations in one preallocated array.
 *
 * @example
 * const envs = makeVec('CartPole-v1', 8);
 * let { observations } = envs.reset({ seed: 0 });
 * const { rewards, terminations } = envs.step(new Int32Array(8).fill(1));
 */
export interface VectorEnv {
  readonly numEnvs: number;
  readonly singleObservationSpace: Space<unknown>;
  readonly singleActionSpace: Space<unknown>;
  readonly autoresetMode: AutoresetMode;
  readonly metadata: EnvMetadata;
  readonly spec: EnvSpec | undefined;
  reset(options?: VectorResetOptions): VectorResetResult;
  /**
   * Discrete action spaces take one integer per sub-env; Box action spaces take
   * numEnvs * actionSize numbers, sub-env i's at [i * actionSize, (i + 1) * actionSize).
   */
  step(actions: ArrayLike<number>): VectorStepResult;
  /** Sub-env 0's frame, for the viewer. */
  render(): SceneFrame | undefined;
  close(): void;
}

/** What a registration's `vectorEntryPoint` receives (see `makeVec(id, n, { mode: 'batched' })`). */
export interface BatchedVectorOptions {
  numEnvs: number;
  /** The registered kwargs overridden by the caller's, as `make()` merges them. */
  kwargs: Record<string, unknown>;
  autoresetMode: AutoresetMode;
  /** The time limit `make()` would apply; undefined for none. */
  maxEpisodeSteps: number | undefined;
  spec: EnvSpec;
  /** Threads the implementation may use for its own step loop (CartPole's C++ loop); undefined: 1. */
  threads?: number;
}

/** @deprecated The old name of `BatchedVectorOptions` ("native" now names only the C++ backend). */
export type NativeVectorOptions = BatchedVectorOptions;

/** Builds a batched implementation of a registered env: n copies stepped by one object. */
export type VectorEntryPoint = (options: BatchedVectorOptions) => VectorEnv;
