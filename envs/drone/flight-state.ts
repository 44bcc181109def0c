/**
 * The vehicle's state as plain numbers, read from the physics body once per physics step:
 * what the controllers, observations, rewards and termination checks all look at.
 */
export interface FlightState {
  /** World position of the centre of mass (m). */
  position: Float64Array;
  /** World velocity (m/s). */
  velocity: Float64Array;
  /** Body-to-world rotation matrix, row-major: column j is body axis j in world coordinates. */
  rotation: Float64Array;
  /** Orientation as a quaternion [x, y, z, w]. */
  quaternion: Float64Array;
  /** Angular velocity in the body frame (rad/s): roll, pitch and yaw rates as a gyro reads them. */
  bodyRates: Float64Array;
}

/** A zeroed state, level and at rest at the origin. @example const state = createFlightState(); */
export function createFlightState(): FlightState {
  const rotation = new Float64Array(9);
  rotation[0] = rotation[4] = rotation[8] = 1;
  const quaternion = new Float64Array(4);
  quaternion[3] = 1;
  return { position: new Float64Array(3), velocity: new Float64Array(3), rotation, quaternion, bodyRates: new Float64Array(3) };
}

/** Heading: the angle of the body x axis projected on the ground, from world +x (rad). */
export function yawOf(rotation: Float64Array): number {
  return Math.atan2(rotation[3]!, rotation[0]!);
}

/** Angle between body z and world z (rad): 0 level, pi upside down. */
export function tiltOf(rotation: Float64Array): number {
  return Math.acos(Math.min(1, Math.max(-1, rotation[8]!)));
}

/** Whether every number of the state is finite (physics that blew up gives NaN or Infinity). */
export function isFiniteState(state: FlightState): boolean {
  for (const values of [state.position, state.velocity, state.quaternion, state.bodyRates]) {
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
  }
  return true;
}

/** Writes the row-major rotation matrix of quaternion [x, y, z, w] into `out`. */
export function rotationFromQuaternion(x: number, y: number, z: number, w: number, out: Float64Array): Float64Array {
  out[0] = 1 - 2 * (y * y + z * z);
  out[1] = 2 * (x * y - z * w);
  out[2] = 2 * (x * z + y * w);
  out[3] = 2 * (x * y + z * w);
  out[4] = 1 - 2 * (x * x + z * z);
  out[5] = 2 * (y * z - x * w);
  out[6] = 2 * (x * z - y * w);
  out[7] = 2 * (y * z + x * w);
  out[8] = 1 - 2 * (x * x + y * y);
  return out;
}
