import type { Env } from '../core/env.js';
import type { Box } from '../core/spaces/box.js';
import { flatten, flattenSpace } from '../core/spaces/flatten.js';
import type { Space } from '../core/spaces/space.js';
import { ObservationWrapper } from './observation-wrapper.js';

/**
 * Observes `flatten(observationSpace, obs)`: one float32 vector for any space (one-hot
 * Discrete parts, Dict keys in order), with `flattenSpace` as the observation space.
 * Observations outside the inner space are refused with an error naming the problem.
 *
 * @example const env = new FlattenObservation(make('MinAtar/Breakout-v1')); // [10, 10, 4] -> [400]
 */
export class FlattenObservation<Obs, Act> extends ObservationWrapper<Float32Array, Act, Obs> {
  private readonly space: Box<Float32Array>;
  private readonly inner: Space<Obs>;

  constructor(env: Env<Obs, Act>) {
    super(env);
    this.inner = env.observationSpace;
    this.space = flattenSpace(this.inner);
  }

  override get observationSpace(): Box<Float32Array> {
    return this.space;
  }

  observation(observation: Obs): Float32Array {
    return flatten(this.inner, observation);
  }
}
