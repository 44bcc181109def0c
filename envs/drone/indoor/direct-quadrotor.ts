/**
 * The cf2x rigid body stepped directly, without a physics engine: the same forces and torques as
 * quadrotor.ts applies through cannon-es (rotor thrusts and yaw torque, Euler's gyroscopic torque,
 * rotor drag, gravity) and the same semi-implicit Euler update cannon-es' Body.integrate makes
 * (velocities first, then position and quaternion from the new velocities, quaternion renormalised).
 *
 * Why: indoors the drone never rests on anything (every contact ends the episode), so the contact
 * solver is dead weight, and it cost about 45 us of the 47 us a physics step took (measured:
 * 21k cannon-es steps/s against 0.5M direct steps/s on the same loaded core). Contacts with the
 * floor plan are tested analytically by the env. tests/envs/drone/indoor.test.ts checks that a
 * flight matches the cannon-es Quadrotor's step for step.
 */
import { CF2X } from '../cf2x.js';
import { gyroscopicTorque, rotorDrag } from '../dynamics.js';
import { createFlightState, rotationFromQuaternion, type FlightState } from '../flight-state.js';
import { rotorWrench } from '../rotors.js';

/**
 * @example
 * const quad = new DirectQuadrotor(240, [0, 0, 1], 0);
 * quad.setRotorSpeeds([HOVER_RPM, HOVER_RPM, HOVER_RPM, HOVER_RPM]);
 * quad.physicsStep();
 */
export class DirectQuadrotor {
  readonly dt: number;
  readonly rpms = new Float64Array(4);
  readonly state: FlightState = createFlightState();
  physicsSteps = 0;

  private readonly wrench = new Float64Array(4);
  private readonly torque = new Float64Array(3);
  private readonly drag = new Float64Array(3);

  constructor(physicsHz: number, startPosition: readonly [number, number, number], startYaw = 0) {
    this.dt = 1 / physicsHz;
    this.state.position.set(startPosition);
    const q = this.state.quaternion;
    q[0] = 0;
    q[1] = 0;
    q[2] = Math.sin(startYaw / 2);
    q[3] = Math.cos(startYaw / 2);
    rotationFromQuaternion(q[0], q[1], q[2], q[3], this.state.rotation);
  }

  get time(): number {
    return this.physicsSteps * this.dt;
  }

  setRotorSpeeds(rpms: ArrayLike<number>): void {
    for (let i = 0; i < 4; i++) this.rpms[i] = rpms[i]!;
  }

  /** One physics step of `dt` seconds. */
  physicsStep(): void {
    const { position, velocity, quaternion: q, rotation: r, bodyRates: w } = this.state;
    const dt = this.dt;
    const wrench = rotorWrench(this.rpms, this.wrench);
    // Body-frame force: thrust along z plus rotor drag against the body-frame velocity.
    const vbx = r[0]! * velocity[0]! + r[3]! * velocity[1]! + r[6]! * velocity[2]!;
    const vby = r[1]! * velocity[0]! + r[4]! * velocity[1]! + r[7]! * velocity[2]!;
    const vbz = r[2]! * velocity[0]! + r[5]! * velocity[1]! + r[8]! * velocity[2]!;
    const drag = rotorDrag(vbx, vby, vbz, this.rpms[0]! + this.rpms[1]! + this.rpms[2]! + this.rpms[3]!, this.drag);
    const fx = drag[0]!;
    const fy = drag[1]!;
    const fz = drag[2]! + wrench[0]!;
    const invMass = 1 / CF2X.mass;
    velocity[0]! += (r[0]! * fx + r[1]! * fy + r[2]! * fz) * invMass * dt;
    velocity[1]! += (r[3]! * fx + r[4]! * fy + r[5]! * fz) * invMass * dt;
    velocity[2]! += ((r[6]! * fx + r[7]! * fy + r[8]! * fz) * invMass - CF2X.gravity) * dt;
    // Body-frame torques; with a diagonal inertia, I^-1 tau in the body frame is what cannon-es'
    // world-frame inverse inertia gives once rotated back.
    const gyro = gyroscopicTorque(w[0]!, w[1]!, w[2]!, CF2X.inertia, this.torque);
    w[0]! += ((wrench[1]! + gyro[0]!) / CF2X.inertia[0]) * dt;
    w[1]! += ((wrench[2]! + gyro[1]!) / CF2X.inertia[1]) * dt;
    w[2]! += ((wrench[3]! + gyro[2]!) / CF2X.inertia[2]) * dt;
    position[0]! += velocity[0]! * dt;
    position[1]! += velocity[1]! * dt;
    position[2]! += velocity[2]! * dt;
    // q += 0.5 * (omega_world, 0) * q * dt, with omega_world = R w.
    const ox = r[0]! * w[0]! + r[1]! * w[1]! + r[2]! * w[2]!;
    const oy = r[3]! * w[0]! + r[4]! * w[1]! + r[5]! * w[2]!;
    const oz = r[6]! * w[0]! + r[7]! * w[1]! + r[8]! * w[2]!;
    const [qx, qy, qz, qw] = [q[0]!, q[1]!, q[2]!, q[3]!];
    const half = 0.5 * dt;
    let nx = qx + half * (ox * qw + oy * qz - oz * qy);
    let ny = qy + half * (oy * qw + oz * qx - ox * qz);
    let nz = qz + half * (oz * qw + ox * qy - oy * qx);
    let nw = qw + half * (-ox * qx - oy * qy - oz * qz);
    const norm = Math.hypot(nx, ny, nz, nw);
    nx /= norm;
    ny /= norm;
    nz /= norm;
    nw /= norm;
    // Body rates stay the same vector in the world; re-express them in the new body frame.
    rotationFromQuaternion(nx, ny, nz, nw, r);
    w[0] = r[0]! * ox + r[3]! * oy + r[6]! * oz;
    w[1] = r[1]! * ox + r[4]! * oy + r[7]! * oz;
    w[2] = r[2]! * ox + r[5]! * oy + r[8]! * oz;
    q[0] = nx;
    q[1] = ny;
    q[2] = nz;
    q[3] = nw;
    this.physicsSteps++;
  }
}
