import type { Env } from '../core/env.js';
import type { Space } from '../core/spaces/space.js';
import { ObservationWrapper } from './observation-wrapper.js';

/**
 * Applies `transform` to every observation. Give `observationSpace` when the transform
 * changes the set of observations (shape, bounds, type), so that agents and `checkEnv`
 * see the truth; without it the inner env's space is kept.
 *
 * @example const env = new TransformObservation(make('CartPole-v1'), (obs) => obs.map((v) => v * 2), doubledSpace);
 */
export class TransformObservation<Obs, Act, InnerObs = Obs> extends ObservationWrapper<Obs, Act, InnerObs> {
  private readonly space: Space<Obs>;

  constructor(
    env: Env<InnerObs, Act>,
    private readonly transform: (observation: InnerObs) => Obs,
    observationSpace?: Space<Obs>,
  ) {
    super(env);
    this.space = observationSpace ?? (env.observationSpace as unknown as Space<Obs>);
  }

  override get observationSpace(): Space<Obs> {
    return this.space;
  }

  observation(observation: InnerObs): Obs {
    return this.transform(observation);
  }
}
