/**
 * The parts of rigid-body flight that cannon-es leaves out, as pure functions in the body frame:
 * the gyroscopic torque of a spinning body (cannon-es integrates w' = I^-1 tau, without the
 * -w x (I w) term of Euler's equations) and the drag that the rotors induce.
 */
import { CF2X, RPM_TO_RAD_PER_S } from './cf2x.js';

/**
 * Euler's gyroscopic torque -w x (I w) for body rates `w` (rad/s) and principal inertia `I`:
 * writes the body-frame torque (N m) into `out`.
 *
 * @example gyroscopicTorque(0, 0, 5, CF2X.inertia) // [0, 0, 0]: a pure yaw spin is steady
 */
export function gyroscopicTorque(wx: number, wy: number, wz: number, inertia: readonly number[], out: Float64Array = new Float64Array(3)): Float64Array {
  const lx = inertia[0]! * wx;
  const ly = inertia[1]! * wy;
  const lz = inertia[2]! * wz;
  out[0] = -(wy * lz - wz * ly);
  out[1] = -(wz * lx - wx * lz);
  out[2] = -(wx * ly - wy * lx);
  return out;
}

/**
 * Rotor-induced drag (as gym-pybullet-drones models it): opposes the body-frame velocity `v`
 * (m/s), in proportion to the sum of the rotor speeds. Writes the body-frame force (N) into `out`.
 *
 * @example rotorDrag(1, 0, 0, 4 * HOVER_RPM) // [-0.0056, 0, 0] at 1 m/s forward
 */
export function rotorDrag(vx: number, vy: number, vz: number, rpmSum: number, out: Float64Array = new Float64Array(3)): Float64Array {
  const spin = rpmSum * RPM_TO_RAD_PER_S;
  out[0] = -CF2X.dragXY * spin * vx;
  out[1] = -CF2X.dragXY * spin * vy;
  out[2] = -CF2X.dragZ * spin * vz;
  return out;
}
