/**
 * The expert driver: pure pursuit (Coulter, 1992) on the lane centre. It aims the rear axle along
 * the circular arc that passes through a target point one lookahead distance down the lane:
 *
 *   delta = atan(2 L sin(alpha) / l_d)
 *
 * where alpha is the target's bearing from the car's heading and l_d its distance. On a circular
 * lane the arc is the lane itself, so a car on the centre line stays there; off it, the arc turns
 * the car back. This is the label source of the steering demo and the baseline for the RL agents.
 */
import { type CarParams, type CarState, DEFAULT_CAR } from './bicycle.js';
import { projectOntoTrack } from './projection.js';
import { LANE_CENTRE } from './road.js';
import { trackPoseAt, type Track } from './track.js';

export interface ExpertOptions {
  /** Lookahead = minLookahead + lookaheadTime x speed, metres. */
  minLookahead: number;
  lookaheadTime: number;
  /** Lateral offset of the followed line from the track centre line (the right lane's centre by default). */
  targetLateral: number;
}

export const DEFAULT_EXPERT: ExpertOptions = { minLookahead: 2, lookaheadTime: 0.3, targetLateral: LANE_CENTRE };

/**
 * The steering angle (radians, positive left, within the car's lock) that pure pursuit chooses for
 * `car` on `track`. `hint` is an index near the car (from a previous projection) to speed the search.
 *
 * @example const delta = expertSteering(track, car); bicycleStep(car, delta, 0.05);
 */
export function expertSteering(track: Track, car: CarState, options: Partial<ExpertOptions> = {}, params: CarParams = DEFAULT_CAR, hint?: number): number {
  const { minLookahead, lookaheadTime, targetLateral } = { ...DEFAULT_EXPERT, ...options };
  const lookahead = minLookahead + lookaheadTime * Math.abs(car.speed);
  const { s } = projectOntoTrack(track, car.x, car.y, hint);
  // Walking the lookahead along the lane puts the target about `lookahead` metres from the car.
  const target = trackPoseAt(track, s + lookahead, targetLateral);
  const dx = target.x - car.x;
  const dy = target.y - car.y;
  const distance = Math.hypot(dx, dy);
  const bearing = Math.atan2(dy, dx) - car.heading;
  const steering = Math.atan((2 * params.wheelbase * Math.sin(bearing)) / Math.max(distance, 1e-6));
  return Math.max(-params.maxSteering, Math.min(params.maxSteering, steering));
}
