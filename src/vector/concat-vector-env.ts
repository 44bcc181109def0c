import type { EnvMetadata, EnvSpec, Info } from '../core/env.js';
import { describeValue, EnvError } from '../core/errors.js';
import type { SceneFrame } from '../core/scene.js';
import type { Space } from '../core/spaces/space.js';
import type { AutoresetMode, BatchArray, VectorEnv, VectorResetOptions, VectorResetResult, VectorStepResult } from './types.js';

/**
 * Several vector envs with the same spaces and autoreset mode, side by side as one: part 0's
 * slots first, then part 1's, and so on. Each part steps and resets on its own terms; only the
 * batch is shared. Its use: one learner on worlds of several kinds at once, such as multi-robot
 * worlds of 20 and 50 robots in one curriculum stage (each a `ParallelVectorEnv`).
 *
 * Seeds: `reset({ seed: s })` seeds part k with s + k; an array seed gives each part its own
 * entries, in slot order. `render()` draws part 0.
 *
 * @example
 * const envs = new ConcatVectorEnv([new ParallelVectorEnv(makeParallel(id, { robots: 20 })), new ParallelVectorEnv(makeParallel(id, { robots: 50 }))]);
 * envs.numEnvs; // 70
 */
export class ConcatVectorEnv implements VectorEnv {
  readonly numEnvs: number;
  readonly singleObservationSpace: Space<unknown>;
  readonly singleActionSpace: Space<unknown>;
  readonly autoresetMode: AutoresetMode;
  /** The first slot of each part. */
  readonly offsets: readonly number[];
  private readonly observationSize: number;
  private readonly actionSize: number;
  private readonly observations: BatchArray;
  private readonly rewards: Float64Array;
  private readonly terminations: Uint8Array;
  private readonly truncations: Uint8Array;
  private readonly infos: Info[];

  constructor(readonly parts: readonly VectorEnv[]) {
    if (parts.length === 0) throw new EnvError('ConcatVectorEnv: needs at least one vector env, got none');
    const first = parts[0]!;
    const observationJson = JSON.stringify(first.singleObservationSpace.toJSON());
    const actionJson = JSON.stringify(first.singleActionSpace.toJSON());
    parts.forEach((part, k) => {
      if (JSON.stringify(part.singleObservationSpace.toJSON()) !== observationJson || JSON.stringify(part.singleActionSpace.toJSON()) !== actionJson) {
        throw new EnvError(`ConcatVectorEnv: every part must have the same spaces; part ${k} has observation ${part.singleObservationSpace} and action ${part.singleActionSpace}, part 0 has ${first.singleObservationSpace} and ${first.singleActionSpace}`);
      }
      if (part.autoresetMode !== first.autoresetMode) throw new EnvError(`ConcatVectorEnv: every part must autoreset the same way; part ${k} is '${part.autoresetMode}', part 0 '${first.autoresetMode}'`);
    });
    this.singleObservationSpace = first.singleObservationSpace;
    this.singleActionSpace = first.singleActionSpace;
    this.autoresetMode = first.autoresetMode;
    const offsets: number[] = [];
    let total = 0;
    for (const part of parts) {
      offsets.push(total);
      total += part.numEnvs;
    }
    this.offsets = offsets;
    this.numEnvs = total;
    const shape = (this.singleObservationSpace as { shape?: readonly number[] }).shape ?? [];
    this.observationSize = shape.reduce((a, b) => a * b, 1);
    const actionShape = (this.singleActionSpace as { shape?: readonly number[] }).shape ?? [];
    this.actionSize = actionShape.reduce((a, b) => a * b, 1);
    const dtype = (this.singleObservationSpace as { dtype?: string }).dtype;
    const BatchOf = dtype === 'uint8' ? Uint8Array : dtype === 'int32' ? Int32Array : dtype === 'float64' ? Float64Array : Float32Array;
    this.observations = new BatchOf(total * this.observationSize);
    this.rewards = new Float64Array(total);
    this.terminations = new Uint8Array(total);
    this.truncations = new Uint8Array(total);
    this.infos = new Array<Info>(total);
  }

  get metadata(): EnvMetadata {
    return this.parts[0]!.metadata;
  }

  get spec(): EnvSpec | undefined {
    return this.parts[0]!.spec;
  }

  reset(options: VectorResetOptions = {}): VectorResetResult {
    if (options.mask !== undefined) throw new EnvError('ConcatVectorEnv: reset({ mask }) is not supported; reset the parts yourself');
    this.parts.forEach((part, k) => {
      const seed = Array.isArray(options.seed) ? options.seed.slice(this.offsets[k], this.offsets[k]! + part.numEnvs) : options.seed === undefined ? undefined : options.seed + k;
      const result = part.reset({ seed, options: options.options });
      this.place(k, result.observations, result.infos);
    });
    return { observations: this.observations, infos: this.infos };
  }

  step(actions: ArrayLike<number>): VectorStepResult {
    const expected = this.numEnvs * this.actionSize;
    if (actions.length !== expected) throw new EnvError(`ConcatVectorEnv.step(): expected ${expected} action numbers (${this.numEnvs} slots x ${this.actionSize}), got ${actions.length}: ${describeValue(actions)}`);
    const all = ArrayBuffer.isView(actions) ? (actions as unknown as Float32Array) : Float32Array.from(actions);
    this.parts.forEach((part, k) => {
      const from = this.offsets[k]! * this.actionSize;
      const result = part.step(all.subarray(from, from + part.numEnvs * this.actionSize));
      this.place(k, result.observations, result.infos);
      this.rewards.set(result.rewards, this.offsets[k]);
      this.terminations.set(result.terminations, this.offsets[k]);
      this.truncations.set(result.truncations, this.offsets[k]);
    });
    return { observations: this.observations, rewards: this.rewards, terminations: this.terminations, truncations: this.truncations, infos: this.infos };
  }

  render(): SceneFrame | undefined {
    return this.parts[0]!.render();
  }

  close(): void {
    for (const part of this.parts) part.close();
  }

  /** Copies part k's observations and infos into the shared batch. */
  private place(k: number, observations: BatchArray, infos: Info[]): void {
    this.observations.set(observations, this.offsets[k]! * this.observationSize);
    for (let i = 0; i < infos.length; i++) this.infos[this.offsets[k]! + i] = infos[i]!;
  }
}
