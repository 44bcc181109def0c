import type { ResetOptions, ResetResult, StepResult } from '../core/env.js';
import { Wrapper } from '../core/wrapper.js';

/**
 * A wrapper that changes only observations: subclasses implement `observation()`, which
 * `reset()` and `step()` apply, and override `observationSpace` when the space changes.
 *
 * @example
 * class Negate extends ObservationWrapper<Float32Array, number, Float32Array> {
 *   observation(obs: Float32Array) { return obs.map((v) => -v); }
 * }
 */
export abstract class ObservationWrapper<Obs, Act, InnerObs> extends Wrapper<Obs, Act, InnerObs, Act> {
  /** The observation the agent sees in place of the inner env's `observation`. */
  abstract observation(observation: InnerObs): Obs;

  override reset(options?: ResetOptions): ResetResult<Obs> {
    const { observation, info } = this.env.reset(options);
    return { observation: this.observation(observation), info };
  }

  override step(action: Act): StepResult<Obs> {
    const { observation, reward, terminated, truncated, info } = this.env.step(action);
    return { observation: this.observation(observation), reward, terminated, truncated, info };
  }
}
