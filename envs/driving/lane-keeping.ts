import { resolveOptions } from '../../src/core/options.js';
import { Box } from '../../src/core/spaces/box.js';
import { DEFAULT_CAR } from './bicycle.js';
import { DEFAULT_LANE_TASK, LaneTaskEnv, type LaneTaskOptions } from './lane-task.js';
import { curvatureAt } from './track.js';

/** Distances ahead of the car (metres) at which the observation reports the road's curvature. */
export const CURVATURE_LOOKAHEADS = [5, 10, 20, 40] as const;

/**
 * Keep the car centred in its lane on a seeded closed track, seeing the road as numbers.
 *
 * Observation (float32, 8 values): lateral offset from the lane centre (m, + left), heading error
 * (rad, + left), speed (m/s), current front-wheel angle (rad; the steering rate limit makes it part
 * of the state), and the road's curvature (1/m, + left) 5, 10, 20 and 40 m ahead.
 * Action: steering in [-1, 1] as a fraction of full lock (Box(1)), or with `discreteActions: n`,
 * Discrete(n) steering levels evenly spaced from full right lock (0) to full left lock (n - 1).
 * Reward: progress (1 per step at full speed) x centredness; terminated off the road; `make()`
 * truncates at 1000 steps (50 s, about 1.4 laps).
 *
 * @example const env = make('Driving/LaneKeeping-v0'); env.reset({ seed: 0 }); env.step([0.1]);
 */
export class LaneKeepingEnv extends LaneTaskEnv<Float32Array> {
  readonly observationSpace = new Box<Float32Array>(
    [-10, -Math.PI, 0, -DEFAULT_CAR.maxSteering, -1, -1, -1, -1],
    [10, Math.PI, 40, DEFAULT_CAR.maxSteering, 1, 1, 1, 1],
  );

  constructor(kwargs?: Partial<LaneTaskOptions>) {
    super(resolveOptions('Driving/LaneKeeping', DEFAULT_LANE_TASK, kwargs));
  }

  protected observe(): Float32Array {
    const observation = new Float32Array(8);
    observation[0] = this.lateralOffset;
    observation[1] = this.headingError;
    observation[2] = this.car.speed;
    observation[3] = this.car.steering;
    for (let i = 0; i < CURVATURE_LOOKAHEADS.length; i++) observation[4 + i] = curvatureAt(this.track, this.arcLength + CURVATURE_LOOKAHEADS[i]!);
    return observation;
  }
}
