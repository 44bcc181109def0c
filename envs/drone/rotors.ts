/**
 * Rotor maths as pure functions: what four rotor speeds do to the body (the wrench), and the
 * inverse, the mixer, which picks rotor speeds for a wanted thrust and torque.
 *
 * With f_i = kf w_i^2 the thrust of rotor i at (x_i, y_i) and s_i its spin direction:
 *   thrust = sum f_i                  (along body +z)
 *   roll   = sum  y_i f_i             (r x F about body x)
 *   pitch  = sum -x_i f_i             (about body y)
 *   yaw    = sum -s_i km w_i^2        (each rotor's drag torque pushes the body against its spin)
 */
import { CF2X, MAX_RPM, ROTOR_POSITIONS, ROTOR_SPIN } from './cf2x.js';

/** Thrust of one rotor (N) at `rpm`: kf * rpm^2. @example rotorThrust(HOVER_RPM) // m g / 4 */
export function rotorThrust(rpm: number): number {
  return CF2X.kf * rpm * rpm;
}

/**
 * The body-frame wrench of four rotor speeds: writes [thrust (N), roll, pitch, yaw torque (N m)]
 * into `out` and returns it.
 *
 * @example rotorWrench([HOVER_RPM, HOVER_RPM, HOVER_RPM, HOVER_RPM]) // [m g, 0, 0, 0]
 */
export function rotorWrench(rpms: ArrayLike<number>, out: Float64Array = new Float64Array(4)): Float64Array {
  let thrust = 0;
  let roll = 0;
  let pitch = 0;
  let yaw = 0;
  for (let i = 0; i < 4; i++) {
    const rpmSquared = rpms[i]! * rpms[i]!;
    const force = CF2X.kf * rpmSquared;
    const [x, y] = ROTOR_POSITIONS[i]!;
    thrust += force;
    roll += y * force;
    pitch -= x * force;
    yaw -= ROTOR_SPIN[i]! * CF2X.km * rpmSquared;
  }
  out[0] = thrust;
  out[1] = roll;
  out[2] = pitch;
  out[3] = yaw;
  return out;
}

/**
 * The mixer: rotor speeds (RPM) that produce `thrust` (N) and body torques (N m), the exact
 * inverse of `rotorWrench` while every rotor stays within [0, MAX_RPM]. Outside that range each
 * rotor is clamped (thrust wins over torque only as far as the clamp allows), never NaN.
 *
 * The four rows of the wrench matrix are orthogonal, so the inverse is its transpose scaled by
 * 1 / (4 * row norm^2): no matrix solve at run time.
 *
 * @example mixRotorSpeeds(HOVER_THRUST, 0, 0, 0) // four times HOVER_RPM
 */
export function mixRotorSpeeds(thrust: number, roll: number, pitch: number, yaw: number, out: Float64Array = new Float64Array(4)): Float64Array {
  const quarterThrust = thrust / 4;
  for (let i = 0; i < 4; i++) {
    const [x, y] = ROTOR_POSITIONS[i]!;
    // Transposed rows divided by their norms^2: 4 y_i^2 (roll), 4 x_i^2 (pitch), 4 (km / kf)^2 (yaw).
    const force = quarterThrust + roll / (4 * y) - pitch / (4 * x) - (yaw * ROTOR_SPIN[i]! * CF2X.kf) / (4 * CF2X.km);
    out[i] = rpmForThrust(force);
  }
  return out;
}

/** The rotor speed (RPM) that gives `force` newtons, clamped to [0, MAX_RPM]; NaN gives 0. */
export function rpmForThrust(force: number): number {
  if (!(force > 0)) return 0;
  return Math.min(Math.sqrt(force / CF2X.kf), MAX_RPM);
}
