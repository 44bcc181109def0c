import type { Env, EnvMetadata, EnvSpec, Info } from '../core/env.js';
import { calledBeforeReset, describeValue, EnvError } from '../core/errors.js';
import type { SceneFrame } from '../core/scene.js';
import type { Space } from '../core/spaces/space.js';
import { Autoreset, checkAutoresetMode, sameStepInfo } from './autoreset.js';
import { finalFrameOf } from './final-frame.js';
import { checkBatchActions, flatLayout, writeFlatObservation, type FlatLayout } from './flat-layout.js';
import { resetSeeds, resetMask } from './reset-args.js';
import { NO_INFO, type AutoresetMode, type BatchArray, type VectorEnv, type VectorResetOptions, type VectorResetResult, type VectorStepResult } from './types.js';

export interface SyncVectorEnvOptions {
  /** When ended sub-envs reset (see AutoresetMode); 'next-step' as in Gymnasium 1.x. */
  autoresetMode?: AutoresetMode;
}

/**
 * Steps n copies of an env one after the other in this thread, Gymnasium's SyncVectorEnv:
 * observations are written into one preallocated typed array, rewards and flags into
 * preallocated arrays, and ended sub-envs reset as `autoresetMode` says.
 *
 * @example const envs = new SyncVectorEnv(Array.from({ length: 4 }, () => make('CartPole-v1')));
 */
export class SyncVectorEnv implements VectorEnv {
  readonly numEnvs: number;
  readonly envs: readonly Env<unknown, unknown>[];
  readonly singleObservationSpace: Space<unknown>;
  readonly singleActionSpace: Space<unknown>;
  readonly autoresetMode: AutoresetMode;
  readonly metadata: EnvMetadata;
  readonly spec: EnvSpec | undefined;

  private readonly observationLayout: FlatLayout;
  private readonly actionLayout: FlatLayout;
  /** One reusable action per sub-env for array action spaces (unused for Discrete). */
  private readonly subActions: BatchArray[];
  private readonly autoreset: Autoreset;
  private readonly result: VectorStepResult;
  private hasReset = false;
  private closed = false;

  constructor(envs: readonly (Env<any, any> | (() => Env<any, any>))[], options: SyncVectorEnvOptions = {}) {
    if (!Array.isArray(envs) || envs.length === 0) throw new EnvError(`SyncVectorEnv needs a non-empty array of envs (or functions that make one), got ${describeValue(envs)}`);
    this.envs = envs.map((e) => (typeof e === 'function' ? e() : e));
    this.numEnvs = this.envs.length;
    const first = this.envs[0]!;
    this.spec = first.spec;
    this.metadata = first.metadata;
    this.autoresetMode = checkAutoresetMode(options.autoresetMode, this.name);
    this.singleObservationSpace = first.observationSpace;
    this.singleActionSpace = first.actionSpace;
    this.envs.forEach((env, i) => {
      if (!env.observationSpace.equals(this.singleObservationSpace) || !env.actionSpace.equals(this.singleActionSpace)) {
        throw new EnvError(`${this.name}: sub-env ${i} has spaces ${env.observationSpace} / ${env.actionSpace}, sub-env 0 has ${this.singleObservationSpace} / ${this.singleActionSpace}; all sub-envs must share their spaces`);
      }
    });
    this.observationLayout = flatLayout(this.singleObservationSpace, this.name);
    this.actionLayout = flatLayout(this.singleActionSpace, this.name);
    this.subActions = this.actionLayout.kind === 'Discrete' ? [] : this.envs.map(() => new this.actionLayout.arrayType(this.actionLayout.size));
    this.autoreset = new Autoreset(this.autoresetMode, this.numEnvs);
    this.result = {
      observations: new this.observationLayout.arrayType(this.numEnvs * this.observationLayout.size),
      rewards: new Float64Array(this.numEnvs),
      terminations: new Uint8Array(this.numEnvs),
      truncations: new Uint8Array(this.numEnvs),
      infos: new Array<Info>(this.numEnvs).fill(NO_INFO),
    };
  }

  /** 'SyncVectorEnv(CartPole-v1)': the name in error messages. */
  get name(): string {
    return `SyncVectorEnv(${this.spec?.id ?? this.envs[0]?.constructor.name ?? 'env'})`;
  }

  /**
   * Resets every sub-env (or those where `mask` is set); a numeric seed gives sub-env i seed + i.
   * Returns the batch observation array, which `step()` then overwrites.
   */
  reset(options: VectorResetOptions = {}): VectorResetResult {
    this.assertOpen();
    const seeds = resetSeeds(options.seed, this.numEnvs, this.name);
    const mask = resetMask(options.mask, this.numEnvs, this.name);
    const { infos } = this.result;
    for (let i = 0; i < this.numEnvs; i++) {
      if (mask && !mask[i]) continue;
      const { observation, info } = this.envs[i]!.reset({ seed: seeds?.[i], options: options.options });
      this.writeObservation(i, observation);
      infos[i] = info;
      this.autoreset.cleared(i);
    }
    this.hasReset = true;
    return { observations: this.result.observations, infos };
  }

  /** Steps every sub-env; the returned object and its arrays are reused by the next call. */
  step(actions: ArrayLike<number>): VectorStepResult {
    this.assertOpen();
    if (!this.hasReset) throw calledBeforeReset(this.name);
    checkBatchActions(actions, this.numEnvs, this.actionLayout, this.singleActionSpace, this.name);
    const { rewards, terminations, truncations, infos } = this.result;
    for (let i = 0; i < this.numEnvs; i++) {
      const env = this.envs[i]!;
      if (this.autoreset.resetsNow(i)) {
        // Gymnasium's next-step autoreset: this step only resets, and ignores the action.
        const { observation, info } = env.reset();
        this.writeObservation(i, observation);
        this.autoreset.writeResetStep(this.result, i);
        infos[i] = info;
        continue;
      }
      const { observation, reward, terminated, truncated, info } = env.step(this.subAction(actions, i));
      rewards[i] = reward;
      terminations[i] = terminated ? 1 : 0;
      truncations[i] = truncated ? 1 : 0;
      if ((terminated || truncated) && this.autoreset.endedNow(i)) {
        const finalObservation = copyObservation(observation);
        const finalFrame = i === 0 ? finalFrameOf(() => env.render()) : undefined;
        const reset = env.reset();
        this.writeObservation(i, reset.observation);
        infos[i] = sameStepInfo(reset.info, finalObservation, info, finalFrame);
      } else {
        this.writeObservation(i, observation);
        infos[i] = info;
      }
    }
    return this.result;
  }

  /** Sub-env 0's frame. */
  render(): SceneFrame | undefined {
    return this.envs[0]!.render();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const env of this.envs) env.close();
  }

  private subAction(actions: ArrayLike<number>, i: number): unknown {
    const { size } = this.actionLayout;
    if (this.actionLayout.kind === 'Discrete') return actions[i];
    const action = this.subActions[i]!;
    for (let j = 0; j < size; j++) action[j] = actions[i * size + j]!;
    return action;
  }

  private writeObservation(i: number, observation: unknown): void {
    if (!writeFlatObservation(this.observationLayout, observation, this.result.observations, i * this.observationLayout.size)) {
      throw new EnvError(`${this.name}: sub-env ${i} returned an observation that does not fit ${this.singleObservationSpace}: ${describeValue(observation)}`);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new EnvError(`${this.name}: the vector env is closed`);
  }
}

/** The final observation is kept past the reset, so it must not share the env's buffer. */
function copyObservation(observation: unknown): unknown {
  if (ArrayBuffer.isView(observation)) return (observation as BatchArray).slice();
  if (Array.isArray(observation)) return [...observation];
  if (observation !== null && typeof observation === 'object') {
    // A Dict observation: copy each entry.
    return Object.fromEntries(Object.entries(observation).map(([key, value]) => [key, copyObservation(value)]));
  }
  return observation;
}
