/**
 * The scripted baseline: the position loop of the cascaded PID written as a policy for the
 * 'velocity' action mode. It reads only the observation (target offset and attitude), so it
 * flies any drone task through any wrapper, and the env's PID runs the inner loops.
 */
import { DEFAULT_PID_GAINS } from './pid.js';
import { OBSERVATION_INDEX } from './observation.js';
import { DRONE_DEFAULTS } from './drone-env.js';

export interface PilotOptions {
  /** Velocity target per metre of offset (1/s). */
  positionP: number;
  /** Yaw rate per radian of heading error (1/s). */
  headingP: number;
  /** The env's velocity scale and yaw-rate scale (kwargs maxSpeed, maxYawRate). */
  maxSpeed: number;
  maxYawRate: number;
}

export const PILOT_DEFAULTS: PilotOptions = {
  positionP: DEFAULT_PID_GAINS.positionP,
  headingP: 2,
  maxSpeed: DRONE_DEFAULTS.maxSpeed,
  maxYawRate: DRONE_DEFAULTS.maxYawRate,
};

/**
 * A 'velocity'-mode action that flies towards the observed target at up to maxSpeed and turns
 * the heading back to 0.
 *
 * @example env.step(pilotAction(observation))
 */
export function pilotAction(observation: Float32Array, options: PilotOptions = PILOT_DEFAULTS): Float32Array {
  const action = new Float32Array(4);
  const offset = OBSERVATION_INDEX.targetOffset;
  let scale = options.positionP / options.maxSpeed;
  const speed = options.positionP * Math.hypot(observation[offset]!, observation[offset + 1]!, observation[offset + 2]!);
  // Keep the direction when the speed saturates, instead of clipping each axis on its own.
  if (speed > options.maxSpeed) scale *= options.maxSpeed / speed;
  for (let i = 0; i < 3; i++) action[i] = clampUnit(scale * observation[offset + i]!);
  const r = OBSERVATION_INDEX.rotation;
  const yaw = Math.atan2(observation[r + 3]!, observation[r]!);
  action[3] = clampUnit((-options.headingP * yaw) / options.maxYawRate);
  return action;
}

function clampUnit(value: number): number {
  return Math.min(Math.max(value, -1), 1);
}
