import { describeValue, EnvError } from '../../src/core/errors.js';
import { flatLayout, type FlatLayout } from '../../src/vector/flat-layout.js';
import type { BatchArray, VectorEnv } from '../../src/vector/types.js';

/** What the guard checks besides finite rewards and observations. */
export interface StepGuardOptions {
  /** The env's name in messages (default: its registered id, else "the env"). */
  envName?: string;
  /** Also check that every observation lies in the observation space (bounds and integrality). */
  checkObservations?: boolean;
}

/**
 * Stops training at the first reward or observation that is not a finite number (NaN and
 * infinities would silently poison the networks), naming the env, the sub-env, the step and the
 * value; with `checkObservations` also at the first observation outside the observation space.
 *
 * @example
 * const guard = new StepGuard(vector, { checkObservations: true });
 * guard.observations(result.observations, stepCount); guard.rewards(result.rewards, valid, stepCount);
 */
export class StepGuard {
  private readonly envName: string;
  private readonly size: number;
  private readonly layout: FlatLayout | undefined;
  /** Integer typed arrays cannot hold NaN: nothing to check for them unless bounds are asked for. */
  private readonly floatObservations: boolean;

  constructor(
    private readonly env: VectorEnv,
    options: StepGuardOptions = {},
  ) {
    this.envName = options.envName ?? env.spec?.id ?? 'the env';
    this.size = (env.singleObservationSpace.shape ?? [1]).reduce((a, b) => a * b, 1);
    this.layout = options.checkObservations ? flatLayout(env.singleObservationSpace, this.envName) : undefined;
    const json = env.singleObservationSpace.toJSON() as unknown as Record<string, unknown>;
    this.floatObservations = json['type'] === 'Box' && (json['dtype'] === 'float32' || json['dtype'] === 'float64');
  }

  /** Throws an EnvError at the first non-finite reward of a sub-env whose step was real. */
  rewards(rewards: ArrayLike<number>, valid: ArrayLike<number> | undefined, step: number): void {
    for (let i = 0; i < rewards.length; i++) {
      if ((valid === undefined || valid[i]) && !Number.isFinite(rewards[i])) {
        throw new EnvError(`${this.envName}: sub-env ${i} returned the reward ${describeValue(rewards[i])} at step ${step}; rewards must be finite numbers`);
      }
    }
  }

  /** Throws an EnvError at the first non-finite observation (or, when asked, one outside the space). */
  observations(observations: BatchArray, step: number): void {
    const size = this.size;
    if (this.floatObservations) {
      for (let k = 0; k < observations.length; k++) {
        if (!Number.isFinite(observations[k])) {
          const i = Math.floor(k / size);
          throw new EnvError(`${this.envName}: sub-env ${i} returned an observation with ${describeValue(observations[k])} at index ${k - i * size}, at step ${step}: ${describeValue(observations.slice(i * size, (i + 1) * size))}`);
        }
      }
    }
    const layout = this.layout;
    if (!layout) return;
    for (let k = 0; k < observations.length; k++) {
      const j = k % size;
      const value = observations[k]!;
      if (!(value >= layout.low[j]!) || !(value <= layout.high[j]!) || (layout.integral && !Number.isInteger(value))) {
        const i = Math.floor(k / size);
        throw new EnvError(
          `${this.envName}: sub-env ${i} returned an observation outside ${this.env.singleObservationSpace.toString()} at step ${step}: element ${j} is ${describeValue(value)}, expected ${layout.integral ? 'an integer ' : ''}in [${layout.low[j]}, ${layout.high[j]}]`,
        );
      }
    }
  }
}
