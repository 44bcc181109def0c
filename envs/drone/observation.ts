/**
 * The observation every drone task shares, float32, followed by the task's extras:
 *
 *   [0..2]   target offset: target - position, world frame (m)
 *   [3..11]  attitude: the body-to-world rotation matrix, row-major (in [-1, 1])
 *   [12..14] linear velocity, world frame (m/s)
 *   [15..17] angular velocity, body frame: roll, pitch, yaw rates (rad/s)
 *   [18..21] the previous action (in [-1, 1])
 *
 * The offset bounds are the arena's span (target and drone both stay inside the arena, or the
 * episode ends). Velocities are clipped to +-VELOCITY_BOUND and rates to +-RATE_BOUND, far
 * beyond what the cf2x reaches before a crash ends the episode, so `observationSpace.contains`
 * holds for every observation, the terminal ones included.
 */
import type { Arena } from './task.js';
import type { FlightState } from './flight-state.js';

export const BASE_OBSERVATION_SIZE = 22;
/** m/s */
export const VELOCITY_BOUND = 10;
/** rad/s */
export const RATE_BOUND = 40;

/** Index of each part of the observation, for policies and tests that read it. */
export const OBSERVATION_INDEX = { targetOffset: 0, rotation: 3, velocity: 12, bodyRates: 15, previousAction: 18, extras: 22 } as const;

/** Lower and upper bounds of the shared part of the observation, for an arena. */
export function baseObservationBounds(arena: Arena): { low: number[]; high: number[] } {
  const high: number[] = [];
  for (let i = 0; i < 3; i++) high.push(arena.max[i]! - arena.min[i]!);
  for (let i = 0; i < 9; i++) high.push(1);
  for (let i = 0; i < 3; i++) high.push(VELOCITY_BOUND);
  for (let i = 0; i < 3; i++) high.push(RATE_BOUND);
  for (let i = 0; i < 4; i++) high.push(1);
  return { low: high.map((v) => -v), high };
}

/**
 * Writes the shared part of the observation into `out` (from index 0), each value clipped to
 * `bounds`; the caller checked the state is finite.
 */
export function writeBaseObservation(
  state: FlightState,
  target: ArrayLike<number>,
  previousAction: ArrayLike<number>,
  bounds: { low: ArrayLike<number>; high: ArrayLike<number> },
  out: Float32Array,
): void {
  for (let i = 0; i < 3; i++) out[i] = target[i]! - state.position[i]!;
  for (let i = 0; i < 9; i++) out[3 + i] = state.rotation[i]!;
  for (let i = 0; i < 3; i++) out[12 + i] = state.velocity[i]!;
  for (let i = 0; i < 3; i++) out[15 + i] = state.bodyRates[i]!;
  for (let i = 0; i < 4; i++) out[18 + i] = previousAction[i]!;
  for (let i = 0; i < BASE_OBSERVATION_SIZE; i++) out[i] = Math.min(Math.max(out[i]!, bounds.low[i]!), bounds.high[i]!);
}
