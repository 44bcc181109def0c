import type { Env } from '../../src/core/env.js';
import { ConfigError } from '../../src/core/errors.js';
import type { SceneFrame } from '../../src/core/scene.js';
import type { EpisodeSummary } from '../../src/train/callback.js';
import { flatLayout, writeFlatObservation, type FlatLayout } from '../../src/vector/flat-layout.js';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.js';
import type { BatchArray, VectorEnv } from '../../src/vector/types.js';
import { StepGuard, type StepGuardOptions } from './step-guard.js';

/** What one vector step means for learning, whatever the env's autoreset mode. */
export interface StepOutcome {
  rewards: Float64Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  /**
   * 0 for a sub-env whose step was next-step autoreset's reset step: its action was ignored and
   * no transition happened, so learners skip it. 1 otherwise.
   */
  valid: Uint8Array;
  /** A copy of the final observation of each sub-env whose episode ended in this step. */
  finalObservations: (BatchArray | undefined)[];
  /** Episodes that ended in this step. */
  episodes: EpisodeSummary[];
}

/** Whether `env` is a vector env (it has `numEnvs`) rather than a single env. */
export function isVectorEnv(env: Env | VectorEnv): env is VectorEnv {
  return typeof (env as VectorEnv).numEnvs === 'number';
}

/** A single env is trained on as a vector env of one. */
export function asVectorEnv(env: Env | VectorEnv): VectorEnv {
  return isVectorEnv(env) ? env : new SyncVectorEnv([env]);
}

/**
 * Steps a vector env for a learner: keeps its own copy of the current observations, hides the
 * difference between 'next-step' and 'same-step' autoreset (final observations and reset steps),
 * counts real env steps and sums episode returns.
 *
 * @example
 * const stepper = new VectorStepper(makeVec('CartPole-v1', 4)); stepper.reset(0);
 * const outcome = stepper.step(actions); // outcome.valid[i] === 0 marks a reset step
 */
export class VectorStepper {
  readonly env: VectorEnv;
  readonly numEnvs: number;
  readonly observationSize: number;
  private readonly observationLayout: FlatLayout;
  /** The observations the next actions answer (sub-env i at [i * size, (i + 1) * size)). */
  observations!: BatchArray;
  /** Real env steps taken (reset steps of next-step autoreset are not counted). */
  stepCount = 0;

  private readonly endedLastStep: Uint8Array;
  private readonly episodeReturns: Float64Array;
  private readonly episodeLengths: Int32Array;
  private readonly episodeStarts: Float64Array;
  private readonly outcome: StepOutcome;
  private readonly guard: StepGuard;

  /** `guard` says what to check of every step (finite rewards and observations always). */
  constructor(env: Env | VectorEnv, owner: string, guard: StepGuardOptions = {}) {
    this.env = asVectorEnv(env);
    if (this.env.autoresetMode === 'disabled') {
      throw new ConfigError(`${owner}: the vector env has autoresetMode 'disabled'; agents need 'next-step' or 'same-step' autoreset`);
    }
    this.numEnvs = this.env.numEnvs;
    this.guard = new StepGuard(this.env, guard);
    this.observationLayout = flatLayout(this.env.singleObservationSpace, owner);
    this.observationSize = this.observationLayout.size;
    this.endedLastStep = new Uint8Array(this.numEnvs);
    this.episodeReturns = new Float64Array(this.numEnvs);
    this.episodeLengths = new Int32Array(this.numEnvs);
    this.episodeStarts = new Float64Array(this.numEnvs);
    this.outcome = {
      rewards: new Float64Array(this.numEnvs),
      terminated: new Uint8Array(this.numEnvs),
      truncated: new Uint8Array(this.numEnvs),
      valid: new Uint8Array(this.numEnvs),
      finalObservations: new Array(this.numEnvs).fill(undefined),
      episodes: [],
    };
  }

  /** Resets every sub-env (sub-env i gets seed + i) and the episode counters. */
  reset(seed?: number): BatchArray {
    const { observations } = this.env.reset(seed === undefined ? undefined : { seed });
    this.guard.observations(observations, this.stepCount);
    this.observations = observations.slice();
    this.endedLastStep.fill(0);
    this.episodeReturns.fill(0);
    this.episodeLengths.fill(0);
    this.episodeStarts.fill(performance.now());
    return this.observations;
  }

  /** Steps every sub-env; the returned object is reused by the next call. */
  step(actions: ArrayLike<number>): StepOutcome {
    const result = this.env.step(actions);
    const out = this.outcome;
    const size = this.observationSize;
    out.episodes = [];
    const now = performance.now();
    for (let i = 0; i < this.numEnvs; i++) {
      out.finalObservations[i] = undefined;
      // next-step autoreset: this step only reset sub-env i; or the sub-env says its row is no
      // transition (an idle slot of a ParallelVectorEnv whose agent is done while its world goes on).
      if (this.endedLastStep[i] || result.infos[i]?.['idle'] === true) {
        out.valid[i] = 0;
        out.rewards[i] = 0;
        out.terminated[i] = 0;
        out.truncated[i] = 0;
        this.endedLastStep[i] = 0;
        this.episodeStarts[i] = now;
        continue;
      }
      out.valid[i] = 1;
      out.rewards[i] = result.rewards[i]!;
      out.terminated[i] = result.terminations[i]!;
      out.truncated[i] = result.truncations[i]!;
      this.stepCount++;
      this.episodeReturns[i]! += result.rewards[i]!;
      this.episodeLengths[i]!++;
      if (!out.terminated[i] && !out.truncated[i]) continue;
      const info = result.infos[i] ?? {};
      const finalObservation = info['finalObservation'] as BatchArray | undefined;
      if (this.env.autoresetMode === 'same-step' && finalObservation) {
        out.finalObservations[i] = this.flatCopy(finalObservation);
      } else {
        out.finalObservations[i] = result.observations.slice(i * size, (i + 1) * size);
        this.endedLastStep[i] = 1;
      }
      out.episodes.push({
        envIndex: i,
        episodeReturn: this.episodeReturns[i]!,
        length: this.episodeLengths[i]!,
        seconds: (now - this.episodeStarts[i]!) / 1000,
        step: this.stepCount,
        info: (info['finalInfo'] as Record<string, unknown> | undefined) ?? info,
        ...(info['finalFrame'] ? { finalFrame: info['finalFrame'] as SceneFrame } : {}),
      });
      this.episodeReturns[i] = 0;
      this.episodeLengths[i] = 0;
      this.episodeStarts[i] = now;
    }
    this.guard.rewards(out.rewards, out.valid, this.stepCount);
    this.guard.observations(result.observations, this.stepCount);
    this.observations.set(result.observations);
    return out;
  }

  /** A copy of a final observation, flattened when it is a Dict's object. */
  private flatCopy(observation: unknown): BatchArray {
    if (ArrayBuffer.isView(observation)) return (observation as BatchArray).slice();
    const flat = new this.observationLayout.arrayType(this.observationSize);
    if (!writeFlatObservation(this.observationLayout, observation, flat, 0)) {
      throw new ConfigError(`VectorStepper: a final observation does not fit ${this.env.singleObservationSpace}`);
    }
    return flat;
  }
}
