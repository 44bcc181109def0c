/**
 * A cascaded PID flight controller for the cf2x: position -> velocity -> thrust vector and
 * attitude -> body rates -> torques -> rotor speeds (through the mixer).
 *
 * - position loop (P): velocity target = positionP * error, at most maxSpeed;
 * - velocity loop (PI): acceleration target, plus gravity, gives the wanted thrust vector,
 *   its tilt limited to maxTilt;
 * - attitude loop (P on the SO(3) error of Lee, Leok and McClamroch, 2010): body-rate target;
 * - rate loop (P, with the gyroscopic torque fed forward): body torques, mixed into rotor speeds.
 *
 * The inner loops run at the physics rate; an env's velocity mode and thrust/rate mode enter
 * the cascade below the position loop. Gains were tuned on the simulator in this folder.
 */
import { CF2X, HOVER_THRUST, MAX_THRUST } from './cf2x.js';
import { gyroscopicTorque } from './dynamics.js';
import { yawOf, type FlightState } from './flight-state.js';
import { mixRotorSpeeds } from './rotors.js';

export interface PidGains {
  /** Velocity target per metre of position error (1/s). */
  positionP: number;
  /** Largest velocity target of the position loop (m/s). */
  maxSpeed: number;
  /** Acceleration per m/s of velocity error (1/s). */
  velocityP: number;
  /** Acceleration per metre of integrated velocity error (1/s^2). */
  velocityI: number;
  /** Bound on each component of the integrated velocity error (m). */
  velocityIntegralLimit: number;
  /** Largest tilt the velocity loop asks for (rad). */
  maxTilt: number;
  /** Body-rate target per radian of attitude error (1/s). */
  attitudeP: number;
  /** Angular acceleration per rad/s of rate error (1/s). */
  rateP: number;
  /** Largest body-rate target (rad/s). */
  maxRate: number;
}

/** Gains tuned on this simulator: hover within about 2 mm, 1 m/s legs with a few millimetres of overshoot. */
export const DEFAULT_PID_GAINS: Readonly<PidGains> = Object.freeze({
  positionP: 2,
  maxSpeed: 1,
  velocityP: 5,
  velocityI: 2,
  velocityIntegralLimit: 0.5,
  maxTilt: Math.PI / 6,
  attitudeP: 12,
  rateP: 60,
  maxRate: 6,
});

/** The output of the attitude stage: collective thrust (N) and body-rate targets (rad/s). */
export interface ThrustAndRates {
  thrust: number;
  rates: Float64Array;
}

/**
 * @example
 * const pid = new CascadedPid();
 * pid.positionToRotorSpeeds(quad.state, [0, 0, 1], 0, quad.dt, rpms);
 */
export class CascadedPid {
  readonly gains: PidGains;
  /** The velocity loop's integrated error (m), per world axis. */
  readonly velocityIntegral = new Float64Array(3);

  private readonly velocityTarget = new Float64Array(3);
  private readonly command: ThrustAndRates = { thrust: 0, rates: new Float64Array(3) };
  private readonly torque = new Float64Array(3);
  private readonly wantedForce = new Float64Array(3);

  constructor(gains: Partial<PidGains> = {}) {
    this.gains = { ...DEFAULT_PID_GAINS, ...gains };
  }

  /** Forgets the integrated error (call at each episode start). */
  reset(): void {
    this.velocityIntegral.fill(0);
  }

  /** Position loop: the velocity target (world, m/s) towards `target`, capped at maxSpeed. */
  positionToVelocity(state: FlightState, target: ArrayLike<number>, out: Float64Array): Float64Array {
    for (let i = 0; i < 3; i++) out[i] = this.gains.positionP * (target[i]! - state.position[i]!);
    const speed = Math.hypot(out[0]!, out[1]!, out[2]!);
    if (speed > this.gains.maxSpeed) for (let i = 0; i < 3; i++) out[i] = (out[i]! * this.gains.maxSpeed) / speed;
    return out;
  }

  /**
   * Velocity and attitude loops: the collective thrust and body rates that bring the world
   * velocity to `velocityTarget` while the heading turns at `yawRate` (rad/s).
   */
  velocityToThrustAndRates(state: FlightState, velocityTarget: ArrayLike<number>, yawRate: number, dt: number): ThrustAndRates {
    const g = this.gains;
    const wanted = this.wantedForce;
    for (let i = 0; i < 3; i++) {
      const error = velocityTarget[i]! - state.velocity[i]!;
      this.velocityIntegral[i] = clamp(this.velocityIntegral[i]! + error * dt, g.velocityIntegralLimit);
      wanted[i] = CF2X.mass * (g.velocityP * error + g.velocityI * this.velocityIntegral[i]!);
    }
    // Never ask for less than a fifth of the weight upwards: the thrust vector must point up.
    wanted[2] = Math.max(wanted[2]! + HOVER_THRUST, 0.2 * HOVER_THRUST);
    const horizontal = Math.hypot(wanted[0]!, wanted[1]!);
    const horizontalLimit = wanted[2]! * Math.tan(g.maxTilt);
    if (horizontal > horizontalLimit) {
      wanted[0] = (wanted[0]! * horizontalLimit) / horizontal;
      wanted[1] = (wanted[1]! * horizontalLimit) / horizontal;
    }
    const r = state.rotation;
    // Thrust acts along body z: project the wanted force on it (column 2 of R).
    const thrust = wanted[0]! * r[2]! + wanted[1]! * r[5]! + wanted[2]! * r[8]!;
    this.command.thrust = Math.min(Math.max(thrust, 0), MAX_THRUST);
    attitudeRates(r, wanted, yawOf(r), g.attitudeP, this.command.rates);
    this.command.rates[2] += yawRate;
    for (let i = 0; i < 3; i++) this.command.rates[i] = clamp(this.command.rates[i]!, g.maxRate);
    return this.command;
  }

  /** Rate loop and mixer: rotor speeds (RPM) for `thrust` (N) and body-rate targets (rad/s). */
  ratesToRotorSpeeds(state: FlightState, thrust: number, rates: ArrayLike<number>, out: Float64Array): Float64Array {
    const w = state.bodyRates;
    // Cancel the gyroscopic torque the body will feel, then accelerate towards the target rates.
    const gyro = gyroscopicTorque(w[0]!, w[1]!, w[2]!, CF2X.inertia, this.torque);
    const roll = CF2X.inertia[0] * this.gains.rateP * (rates[0]! - w[0]!) - gyro[0]!;
    const pitch = CF2X.inertia[1] * this.gains.rateP * (rates[1]! - w[1]!) - gyro[1]!;
    const yaw = CF2X.inertia[2] * this.gains.rateP * (rates[2]! - w[2]!) - gyro[2]!;
    return mixRotorSpeeds(thrust, roll, pitch, yaw, out);
  }

  /** The velocity-target stages down to rotor speeds: what the env's velocity action mode runs. */
  velocityToRotorSpeeds(state: FlightState, velocityTarget: ArrayLike<number>, yawRate: number, dt: number, out: Float64Array): Float64Array {
    const { thrust, rates } = this.velocityToThrustAndRates(state, velocityTarget, yawRate, dt);
    return this.ratesToRotorSpeeds(state, thrust, rates, out);
  }

  /** The whole cascade: rotor speeds (RPM) that fly to `target` (world, m) and hold heading `yaw` (rad). */
  positionToRotorSpeeds(state: FlightState, target: ArrayLike<number>, yaw: number, dt: number, out: Float64Array): Float64Array {
    this.positionToVelocity(state, target, this.velocityTarget);
    const yawRate = this.gains.attitudeP * wrapAngle(yaw - yawOf(state.rotation));
    return this.velocityToRotorSpeeds(state, this.velocityTarget, yawRate, dt, out);
  }
}

/**
 * Attitude loop on SO(3): the body rates that turn the body z axis towards `wantedForce` with
 * heading `yaw`, from the error e_R = vee(Rd^T R - R^T Rd) / 2; writes into `out` (rad/s).
 *
 * @example attitudeRates(levelRotation, [0, 0, 1], 0, 12, out) // [0, 0, 0]
 */
export function attitudeRates(rotation: ArrayLike<number>, wantedForce: ArrayLike<number>, yaw: number, gain: number, out: Float64Array): Float64Array {
  // Desired body axes: z along the force, x as close to the heading as z allows.
  const norm = Math.hypot(wantedForce[0]!, wantedForce[1]!, wantedForce[2]!);
  const zx = wantedForce[0]! / norm;
  const zy = wantedForce[1]! / norm;
  const zz = wantedForce[2]! / norm;
  const hx = Math.cos(yaw);
  const hy = Math.sin(yaw);
  // y_d = z_d x heading, normalised; x_d = y_d x z_d.
  let yx = -zz * hy;
  let yy = zz * hx;
  let yz = zx * hy - zy * hx;
  const yNorm = Math.hypot(yx, yy, yz);
  yx /= yNorm;
  yy /= yNorm;
  yz /= yNorm;
  const xx = yy * zz - yz * zy;
  const xy = yz * zx - yx * zz;
  const xz = yx * zy - yy * zx;
  // e_R = vee(M - M^T) / 2 with M = Rd^T R, M_ij = (column i of Rd) . (column j of R).
  const r = rotation;
  const m01 = xx * r[1]! + xy * r[4]! + xz * r[7]!;
  const m02 = xx * r[2]! + xy * r[5]! + xz * r[8]!;
  const m10 = yx * r[0]! + yy * r[3]! + yz * r[6]!;
  const m12 = yx * r[2]! + yy * r[5]! + yz * r[8]!;
  const m20 = zx * r[0]! + zy * r[3]! + zz * r[6]!;
  const m21 = zx * r[1]! + zy * r[4]! + zz * r[7]!;
  out[0] = -gain * 0.5 * (m21 - m12);
  out[1] = -gain * 0.5 * (m02 - m20);
  out[2] = -gain * 0.5 * (m10 - m01);
  return out;
}

/** An angle wrapped into (-pi, pi]. */
export function wrapAngle(angle: number): number {
  const wrapped = angle - 2 * Math.PI * Math.floor((angle + Math.PI) / (2 * Math.PI));
  return wrapped === -Math.PI ? Math.PI : wrapped;
}

function clamp(value: number, limit: number): number {
  return Math.min(Math.max(value, -limit), limit);
}
