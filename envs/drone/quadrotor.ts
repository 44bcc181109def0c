/**
 * One Crazyflie in a cannon-es world: a rigid body with the cf2x mass and hand-set inertia, a
 * ground plane, optional static pillars, and the rotor forces, rotor yaw torque, gyroscopic
 * torque and rotor drag applied at every physics step.
 *
 * cannon-es clears forces after each internal step, so `physicsStep()` re-applies them every
 * time, and it steps the world only with `world.step(dt)` (no wall-clock catch-up), which makes
 * a run depend on nothing but its inputs.
 */
import { Body, Box, Cylinder, Plane, Quaternion, Vec3, World } from 'cannon-es';
import { CF2X, ROTOR_POSITIONS } from './cf2x.js';
import { gyroscopicTorque, rotorDrag } from './dynamics.js';
import { rotorThrust, rotorWrench } from './rotors.js';
import { SingleBodyBroadphase } from './single-body-broadphase.js';
import { createFlightState, rotationFromQuaternion, type FlightState } from './flight-state.js';

/** A vertical pillar standing on the ground, centred at (x, y). */
export interface Pillar {
  x: number;
  y: number;
  radius: number;
  height: number;
}

export interface QuadrotorOptions {
  /** Physics steps per second (240 by default in the envs). */
  physicsHz: number;
  /** Where the centre of mass starts (m); z = DRONE_REST_HEIGHT sits on the ground. */
  startPosition: readonly [number, number, number];
  /** Initial heading (rad). */
  startYaw?: number;
  pillars?: readonly Pillar[];
}

/** Half sizes of the collision box: its corners lie on the rotor diagonals, just past the propeller tips. */
export const DRONE_HALF_EXTENTS = [0.045, 0.045, CF2X.collisionHeight / 2] as const;

/** Height of the centre of mass when the drone rests level on the ground (m). */
export const DRONE_REST_HEIGHT = DRONE_HALF_EXTENTS[2];

const GROUP_DRONE = 1;
const GROUP_GROUND = 2;
const GROUP_PILLAR = 4;
/** Sides of the polygon that stands in for a round pillar in collisions. */
const PILLAR_SEGMENTS = 16;

/**
 * @example
 * const quad = new Quadrotor({ physicsHz: 240, startPosition: [0, 0, 1] });
 * quad.setRotorSpeeds([HOVER_RPM, HOVER_RPM, HOVER_RPM, HOVER_RPM]);
 * quad.physicsStep();
 */
export class Quadrotor {
  readonly world: World;
  readonly body: Body;
  readonly dt: number;
  /** Commanded rotor speeds (RPM), applied at every physics step until changed. */
  readonly rpms = new Float64Array(4);
  /** The state after the latest physics step (or the start). */
  readonly state: FlightState = createFlightState();
  /** Physics steps taken since construction. */
  physicsSteps = 0;
  /** The drone touched the ground during the latest physics step. */
  touchingGround = false;
  /** Downward speed (m/s) when the latest ground contact happened, 0 without contact. */
  groundImpactSpeed = 0;
  /** The drone touched a pillar during the latest physics step. */
  touchingPillar = false;

  private readonly ground: Body;
  private readonly wrench = new Float64Array(4);
  private readonly bodyVector = new Float64Array(3);
  private readonly scratchLocal = new Vec3();
  private readonly scratchWorld = new Vec3();
  private readonly rotorForce = new Vec3();
  private readonly rotorPoints = ROTOR_POSITIONS.map(([x, y, z]) => new Vec3(x, y, z));

  constructor(options: QuadrotorOptions) {
    this.dt = 1 / options.physicsHz;
    this.world = new World({ gravity: new Vec3(0, 0, -CF2X.gravity), allowSleep: false });
    this.world.quatNormalizeFast = false;
    this.world.quatNormalizeSkip = 0;

    this.ground = new Body({ type: Body.STATIC, shape: new Plane(), collisionFilterGroup: GROUP_GROUND, collisionFilterMask: GROUP_DRONE });
    this.world.addBody(this.ground);

    for (const pillar of options.pillars ?? []) {
      const body = new Body({ type: Body.STATIC, position: new Vec3(pillar.x, pillar.y, pillar.height / 2), collisionFilterGroup: GROUP_PILLAR, collisionFilterMask: GROUP_DRONE });
      // cannon-es builds cylinders along local y; turn them upright (z).
      body.addShape(new Cylinder(pillar.radius, pillar.radius, pillar.height, PILLAR_SEGMENTS), undefined, new Quaternion().setFromAxisAngle(new Vec3(1, 0, 0), Math.PI / 2));
      this.world.addBody(body);
    }

    const [x, y, z] = options.startPosition;
    this.body = new Body({
      mass: CF2X.mass,
      position: new Vec3(x, y, z),
      shape: new Box(new Vec3(...DRONE_HALF_EXTENTS)),
      linearDamping: 0,
      angularDamping: 0,
      collisionFilterGroup: GROUP_DRONE,
      collisionFilterMask: GROUP_GROUND | GROUP_PILLAR,
    });
    this.body.quaternion.setFromAxisAngle(new Vec3(0, 0, 1), options.startYaw ?? 0);
    // cannon-es derives inertia from the bounding box; the cf2x values are measured, so set them.
    this.body.inertia.set(CF2X.inertia[0], CF2X.inertia[1], CF2X.inertia[2]);
    this.body.invInertia.set(1 / CF2X.inertia[0], 1 / CF2X.inertia[1], 1 / CF2X.inertia[2]);
    this.body.updateInertiaWorld(true);
    this.world.addBody(this.body);
    this.world.broadphase = new SingleBodyBroadphase(this.body);
    this.readState();
  }

  /** Seconds simulated since construction (counted in steps, so 240 steps of 1/240 s are exactly 1 s). */
  get time(): number {
    return this.physicsSteps * this.dt;
  }

  /** Commands the four rotor speeds (RPM); the caller keeps them within [0, MAX_RPM]. */
  setRotorSpeeds(rpms: ArrayLike<number>): void {
    for (let i = 0; i < 4; i++) this.rpms[i] = rpms[i]!;
  }

  /** Applies this step's forces and torques, advances the world by one fixed dt and reads the new state. */
  physicsStep(): void {
    this.applyRotorForces();
    this.applyGyroscopicTorque();
    this.applyDrag();
    const verticalSpeedBefore = this.body.velocity.z;
    this.world.step(this.dt);
    this.physicsSteps++;
    this.scanContacts(verticalSpeedBefore);
    this.readState();
  }

  /** One force per rotor along body z at the rotor hub (cannon-es adds r x F), plus the net yaw torque. */
  private applyRotorForces(): void {
    for (let i = 0; i < 4; i++) {
      this.rotorForce.set(0, 0, rotorThrust(this.rpms[i]!));
      this.body.applyLocalForce(this.rotorForce, this.rotorPoints[i]!);
    }
    const yawTorque = rotorWrench(this.rpms, this.wrench)[3]!;
    this.addBodyFrameTorque(0, 0, yawTorque);
  }

  private applyGyroscopicTorque(): void {
    const rates = this.state.bodyRates;
    const torque = gyroscopicTorque(rates[0]!, rates[1]!, rates[2]!, CF2X.inertia, this.bodyVector);
    this.addBodyFrameTorque(torque[0]!, torque[1]!, torque[2]!);
  }

  private applyDrag(): void {
    this.body.vectorToLocalFrame(this.body.velocity, this.scratchLocal);
    const rpmSum = this.rpms[0]! + this.rpms[1]! + this.rpms[2]! + this.rpms[3]!;
    const drag = rotorDrag(this.scratchLocal.x, this.scratchLocal.y, this.scratchLocal.z, rpmSum, this.bodyVector);
    this.scratchLocal.set(drag[0]!, drag[1]!, drag[2]!);
    this.body.vectorToWorldFrame(this.scratchLocal, this.scratchWorld);
    this.body.force.vadd(this.scratchWorld, this.body.force);
  }

  private addBodyFrameTorque(x: number, y: number, z: number): void {
    this.scratchLocal.set(x, y, z);
    this.body.vectorToWorldFrame(this.scratchLocal, this.scratchWorld);
    this.body.torque.vadd(this.scratchWorld, this.body.torque);
  }

  private scanContacts(verticalSpeedBefore: number): void {
    this.touchingGround = false;
    this.touchingPillar = false;
    for (const contact of this.world.contacts) {
      const other = contact.bi === this.body ? contact.bj : contact.bj === this.body ? contact.bi : undefined;
      if (other === undefined) continue;
      if (other === this.ground) this.touchingGround = true;
      else this.touchingPillar = true;
    }
    this.groundImpactSpeed = this.touchingGround ? Math.max(0, -verticalSpeedBefore) : 0;
  }

  /** Copies the body's pose and velocities into `state` (body rates in the body frame). */
  readState(): void {
    const { position, velocity, quaternion, angularVelocity } = this.body;
    const s = this.state;
    s.position[0] = position.x;
    s.position[1] = position.y;
    s.position[2] = position.z;
    s.velocity[0] = velocity.x;
    s.velocity[1] = velocity.y;
    s.velocity[2] = velocity.z;
    s.quaternion[0] = quaternion.x;
    s.quaternion[1] = quaternion.y;
    s.quaternion[2] = quaternion.z;
    s.quaternion[3] = quaternion.w;
    rotationFromQuaternion(quaternion.x, quaternion.y, quaternion.z, quaternion.w, s.rotation);
    this.body.vectorToLocalFrame(angularVelocity, this.scratchLocal);
    s.bodyRates[0] = this.scratchLocal.x;
    s.bodyRates[1] = this.scratchLocal.y;
    s.bodyRates[2] = this.scratchLocal.z;
  }
}
