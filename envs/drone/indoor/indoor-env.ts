import { BaseEnv, type Info, type ResetOptions, type ResetResult, type StepResult } from '../../../src/core/env.js';
import { ConfigError, describeValue, EnvError } from '../../../src/core/errors.js';
import { resolveOptions } from '../../../src/core/options.js';
import type { SceneFrame } from '../../../src/core/scene.js';
import { Box } from '../../../src/core/spaces/box.js';
import { Dict } from '../../../src/core/spaces/dict.js';
import { ActionDecoder, parseActionMode, type ActionMode } from '../actions.js';
import { DRONE_DEFAULTS } from '../drone-env.js';
import { isFiniteState, tiltOf, yawOf } from '../flight-state.js';
import { CascadedPid } from '../pid.js';
import { DepthCamera } from './depth-camera.js';
import { DirectQuadrotor } from './direct-quadrotor.js';
import { generateFloorPlan, type FloorPlan } from './floor-plan.js';
import { IndoorPicture } from './indoor-scene.js';
import { PlanGrid } from './plan-grid.js';

/** The env's kwargs; see the class comment for what each does. */
export interface IndoorOptions {
  /** Rooms per side of the plan (2: four rooms). */
  size: number;
  /** Which plans resets draw: 'train' (even plan seeds), 'test' (odd plan seeds) or 'any'. */
  plans: string;
  /** 'velocity' (default), 'rotors' or 'thrust-rates' (see ../actions.ts). */
  actionMode: string;
  /** 'velocity' mode: hold the flight height, so actions are [forward, left, yaw rate]. */
  holdAltitude: boolean;
  physicsHz: number;
  controlHz: number;
  cameraWidth: number;
  cameraHeight: number;
  /** Horizontal field of view (rad). */
  fov: number;
  /** Depth that reads 1 (m). */
  maxRange: number;
  /** Depth frames stacked in the observation, newest last. */
  frameStack: number;
  episodeSeconds: number;
  /** Success when the drone's centre comes this close to the goal (m, horizontally). */
  goalRadius: number;
  goalBonus: number;
  collisionPenalty: number;
  /** Reward per metre of progress along the shortest path to the goal. */
  progressWeight: number;
  /** Subtracted at every step. */
  stepPenalty: number;
  /**
   * Per-step penalty for flying close to things, from what the policy sees: proximityPenalty x
   * (1 - nearest depth / proximityRange) when the nearest pixel of the newest depth frame is
   * nearer than proximityRange (m). 0 (default) turns it off.
   */
  proximityPenalty: number;
  /** Depth (m) below which proximityPenalty applies; keep it under the flight height, or the floor counts. */
  proximityRange: number;
  /** The drone's collision sphere (m): the cf2x's 6 cm plus the propellers' reach. */
  droneRadius: number;
  tiltLimit: number;
  maxSpeed: number;
  maxYawRate: number;
  rotorAuthority: number;
  maxBodyRate: number;
}

export const INDOOR_DEFAULTS: IndoorOptions = {
  size: 2,
  plans: 'train',
  actionMode: 'velocity',
  holdAltitude: true,
  physicsHz: 240,
  controlHz: 5,
  cameraWidth: 64,
  cameraHeight: 64,
  fov: Math.PI / 2,
  maxRange: 10,
  frameStack: 1,
  episodeSeconds: 40,
  goalRadius: 0.4,
  goalBonus: 10,
  collisionPenalty: 10,
  progressWeight: 1,
  stepPenalty: 0.01,
  proximityPenalty: 0,
  proximityRange: 0.5,
  droneRadius: 0.1,
  tiltLimit: DRONE_DEFAULTS.tiltLimit,
  maxSpeed: DRONE_DEFAULTS.maxSpeed,
  maxYawRate: DRONE_DEFAULTS.maxYawRate,
  rotorAuthority: DRONE_DEFAULTS.rotorAuthority,
  maxBodyRate: DRONE_DEFAULTS.maxBodyRate,
};

/** Entries of the `state` observation, in order. */
export const INDOOR_STATE_ENTRIES = ['goalForward', 'goalLeft', 'goalUp', 'goalDistance', 'velocityForward', 'velocityLeft', 'velocityUp', 'roll', 'pitch', 'yawRate'] as const;

export type IndoorObservation = { depth: Float32Array; state: Float32Array };
export type IndoorEndReason = 'success' | 'collision' | 'tilt' | 'nonfinite-state' | 'time-limit';

const PLAN_SEED_RANGE = 2 ** 30;
/** Metres of goal offset per unit of the state's goal entries. */
const GOAL_SCALE = 10;
/** Velocity target per metre of height error when holding altitude (1/s), and its cap (m/s). */
const ALTITUDE_GAIN = 2;
const ALTITUDE_SPEED = 0.5;
/** Boxes closer than this to the drone at a control step are checked at its physics steps (m). */
const NEAR_BOX_RANGE = 1;

/**
 * Drone/IndoorNavigation-v0: the cf2x (the other drone tasks' dynamics, stepped directly, see
 * direct-quadrotor.ts) flies through a seeded floor plan (floor-plan.ts) from a start in one room
 * to a goal in another, seeing a forward depth image.
 *
 * - Observation, a Dict: `depth` [cameraHeight, cameraWidth, frameStack] in [0, 1] (depth along
 *   the optical axis / maxRange, depth-camera.ts); `state` [10]: the goal in the heading frame
 *   (forward, left, up) and its horizontal distance, all / 10 m except up, the velocity in the
 *   heading frame (m/s), roll and pitch (rad) and the yaw rate (rad/s).
 * - Action: 'velocity' (default) takes [forward, left, yaw rate] in [-1, 1] as fractions of
 *   maxSpeed and maxYawRate, in the heading frame, flown by the cascaded PID while it holds the
 *   flight height ([forward, left, up, yaw rate] with holdAltitude false); 'rotors' and
 *   'thrust-rates' take the other drone tasks' 4 numbers.
 * - Reward: progressWeight x (metres gained along the shortest path to the goal, around walls)
 *   - stepPenalty each step; + goalBonus on reaching the goal; - collisionPenalty on a collision;
 *   with proximityPenalty > 0, - proximityPenalty x (1 - d / proximityRange) per step while the
 *   nearest depth d in view is under proximityRange (off by default).
 * - Terminates on success, on touching a wall, furniture, the floor or the ceiling, on tilting
 *   past tiltLimit and on a non-finite state; truncates after episodeSeconds. `info.reason` says
 *   which, `info.pathLength` how far the drone flew.
 * - Plans: each reset draws a plan seed; 'train' plans use even seeds and 'test' plans odd ones,
 *   so a policy evaluated on 'test' has never seen those plans.
 *
 * @example const env = new IndoorNavigationEnv({ plans: 'test' }); const { observation } = env.reset({ seed: 0 });
 */
export class IndoorNavigationEnv extends BaseEnv<IndoorObservation, Float32Array> {
  readonly observationSpace: Dict<{ depth: Box<Float32Array>; state: Box<Float32Array> }>;
  readonly actionSpace: Box<Float32Array>;
  override metadata: { renderModes: string[]; renderFps: number };
  readonly options: IndoorOptions;
  readonly actionMode: ActionMode;
  readonly camera: DepthCamera;
  readonly maxEpisodeSteps: number;
  /** The current episode's plan, its seed and the drone (undefined before the first reset). */
  plan: FloorPlan | undefined;
  planSeed = -1;
  quadrotor: DirectQuadrotor | undefined;
  grid: PlanGrid | undefined;

  private readonly decoder: ActionDecoder;
  private readonly physicsStepsPerAction: number;
  private readonly heldAction = new Float64Array(4);
  private readonly rpms = new Float64Array(4);
  private boxes: Float64Array = new Float64Array(0);
  private nearBoxes: number[] = [];
  private field: Float64Array = new Float64Array(0);
  private depth = new Float32Array(0);
  private frame = new Float32Array(0);
  private geodesic = 0;
  private steps = 0;
  private pathLength = 0;
  private endReason: IndoorEndReason | undefined;
  private lastReward = 0;
  private episodeReturn = 0;
  private picture: IndoorPicture | undefined;

  constructor(kwargs: Partial<IndoorOptions> & Record<string, unknown> = {}) {
    super();
    const owner = 'Drone/IndoorNavigation-v0';
    this.options = checkOptions(owner, resolveOptions(owner, INDOOR_DEFAULTS, kwargs));
    const o = this.options;
    this.actionMode = parseActionMode(o.actionMode, owner);
    this.physicsStepsPerAction = o.physicsHz / o.controlHz;
    this.maxEpisodeSteps = Math.round(o.episodeSeconds * o.controlHz);
    this.metadata = { renderModes: ['scene'], renderFps: o.controlHz };
    this.decoder = new ActionDecoder(this.actionMode, o, new CascadedPid());
    this.camera = new DepthCamera({ width: o.cameraWidth, height: o.cameraHeight, fov: o.fov, maxRange: o.maxRange });
    const actionSize = this.actionMode === 'velocity' && o.holdAltitude ? 3 : 4;
    this.actionSpace = new Box<Float32Array>(-1, 1, [actionSize]);
    const stateBound = 10;
    this.observationSpace = new Dict({
      depth: new Box<Float32Array>(0, 1, [o.cameraHeight, o.cameraWidth, o.frameStack]),
      state: new Box<Float32Array>(-stateBound, stateBound, [INDOOR_STATE_ENTRIES.length]),
    });
  }

  reset(options?: ResetOptions): ResetResult<IndoorObservation> {
    this.seedFromReset(options);
    const o = this.options;
    const index = this.rng.integer(0, PLAN_SEED_RANGE);
    this.planSeed = o.plans === 'train' ? 2 * index : o.plans === 'test' ? 2 * index + 1 : index;
    const plan = generateFloorPlan(this.planSeed, { size: o.size, ceiling: 2.5, flightHeight: 1.2 });
    this.plan = plan;
    this.boxes = Float64Array.from(plan.boxes.flat());
    this.grid = new PlanGrid(plan, { resolution: 0.1, clearance: o.droneRadius });
    this.field = this.grid.distanceField(plan.goal);
    this.quadrotor = new DirectQuadrotor(o.physicsHz, plan.start, plan.startYaw);
    this.decoder.reset();
    this.heldAction.fill(0);
    this.rpms.fill(0);
    this.steps = 0;
    this.pathLength = 0;
    this.endReason = undefined;
    this.lastReward = 0;
    this.episodeReturn = 0;
    this.geodesic = this.geodesicDistance();
    this.depth = new Float32Array(o.cameraHeight * o.cameraWidth * o.frameStack);
    this.frame = new Float32Array(o.cameraHeight * o.cameraWidth);
    this.renderDepth();
    for (let k = 0; k < o.frameStack - 1; k++) this.pushFrame();
    this.picture = new IndoorPicture(plan, this.quadrotor.state, o.cameraWidth, o.cameraHeight);
    this.startEpisode();
    return { observation: this.observe(), info: this.info() };
  }

  step(action: Float32Array): StepResult<IndoorObservation> {
    this.guardStep();
    const quad = this.quadrotor!; // set by reset(), which guardStep() requires
    this.checkAction(action);
    this.holdAction(action, quad);
    this.findNearBoxes(quad.state.position);
    const before = [quad.state.position[0]!, quad.state.position[1]!, quad.state.position[2]!];
    let end: IndoorEndReason | undefined;
    for (let k = 0; k < this.physicsStepsPerAction && end === undefined; k++) {
      quad.setRotorSpeeds(this.decoder.rotorSpeeds(quad.state, quad.dt, this.rpms));
      quad.physicsStep();
      end = this.crashReason(quad);
    }
    this.steps++;
    const p = quad.state.position;
    this.pathLength += Math.hypot(p[0]! - before[0]!, p[1]! - before[1]!, p[2]! - before[2]!);
    const o = this.options;
    let reward = -o.stepPenalty;
    if (end !== 'nonfinite-state') {
      const geodesic = this.geodesicDistance();
      if (Number.isFinite(geodesic)) {
        reward += o.progressWeight * (this.geodesic - geodesic);
        this.geodesic = geodesic;
      }
      if (end === undefined && Math.hypot(p[0]! - this.plan!.goal[0], p[1]! - this.plan!.goal[1]) < o.goalRadius) end = 'success';
      this.pushFrame();
      this.renderDepth();
      reward -= this.proximityCost();
    }
    if (end === 'success') reward += o.goalBonus;
    else if (end !== undefined) reward -= o.collisionPenalty;
    const terminated = end !== undefined;
    const truncated = !terminated && this.steps >= this.maxEpisodeSteps;
    this.endReason = end ?? (truncated ? 'time-limit' : undefined);
    this.lastReward = reward;
    this.episodeReturn += reward;
    this.picture?.record(quad.state);
    return this.endStep({ observation: this.observe(), reward, terminated, truncated, info: this.info() }, this.endReason);
  }

  override render(): SceneFrame | undefined {
    const quad = this.quadrotor;
    if (quad === undefined || this.picture === undefined) return undefined;
    const s = quad.state;
    const hud = {
      time: Math.round(quad.time * 100) / 100,
      plan: this.planSeed,
      'to goal, shortest path (m)': Math.round(this.geodesic * 100) / 100,
      'flown (m)': Math.round(this.pathLength * 100) / 100,
      'speed (m/s)': Math.round(Math.hypot(s.velocity[0]!, s.velocity[1]!, s.velocity[2]!) * 100) / 100,
      reward: Math.round(this.lastReward * 1000) / 1000,
      return: Math.round(this.episodeReturn * 100) / 100,
      ...(this.endReason === undefined ? {} : { ended: this.endReason }),
    };
    return this.picture.frame(s, this.frame, hud);
  }

  /**
   * The proximity term of the reward for the frame just rendered. It reads the depth image, not
   * the map, so the policy sees everything the penalty depends on; it is not potential-based
   * shaping (Ng et al. 1999): it changes the task, asking for clearance, not only for the goal.
   */
  private proximityCost(): number {
    const { proximityPenalty, proximityRange, maxRange } = this.options;
    if (proximityPenalty === 0) return 0;
    let nearest = 1;
    for (let i = 0; i < this.frame.length; i++) if (this.frame[i]! < nearest) nearest = this.frame[i]!;
    return proximityPenalty * Math.max(0, 1 - (nearest * maxRange) / proximityRange);
  }

  /** The horizontal shortest-path distance from the drone to the goal (m). */
  private geodesicDistance(): number {
    const p = this.quadrotor!.state.position;
    return this.grid!.distanceAt(this.field, p[0]!, p[1]!);
  }

  /** Turns the agent's action into the decoder's held action (heading frame to world for 'velocity'). */
  private holdAction(action: Float32Array, quad: DirectQuadrotor): void {
    if (this.actionMode !== 'velocity') {
      this.decoder.setAction(action);
      return;
    }
    const o = this.options;
    const yaw = yawOf(quad.state.rotation);
    const c = Math.cos(yaw);
    const s = Math.sin(yaw);
    const forward = action[0]!;
    const left = action[1]!;
    const a = this.heldAction;
    a[0] = c * forward - s * left;
    a[1] = s * forward + c * left;
    if (o.holdAltitude) {
      const climb = Math.max(-ALTITUDE_SPEED, Math.min(ALTITUDE_SPEED, ALTITUDE_GAIN * (this.plan!.start[2] - quad.state.position[2]!)));
      a[2] = climb / o.maxSpeed;
      a[3] = action[2]!;
    } else {
      a[2] = action[2]!;
      a[3] = action[3]!;
    }
    this.decoder.setAction(a);
  }

  /** The boxes the drone could touch before the next control step. */
  private findNearBoxes(p: Float64Array): void {
    this.nearBoxes.length = 0;
    const reach = this.options.droneRadius + NEAR_BOX_RANGE;
    const b = this.boxes;
    for (let o = 0; o < b.length; o += 6) {
      if (p[0]! > b[o]! - reach && p[0]! < b[o + 3]! + reach && p[1]! > b[o + 1]! - reach && p[1]! < b[o + 4]! + reach) this.nearBoxes.push(o);
    }
  }

  private crashReason(quad: DirectQuadrotor): IndoorEndReason | undefined {
    const state = quad.state;
    if (!isFiniteState(state)) return 'nonfinite-state';
    const [x, y, z] = [state.position[0]!, state.position[1]!, state.position[2]!];
    const r = this.options.droneRadius;
    if (z < r || z > this.plan!.ceiling - r) return 'collision';
    const b = this.boxes;
    for (const o of this.nearBoxes) {
      const dx = Math.max(b[o]! - x, 0, x - b[o + 3]!);
      const dy = Math.max(b[o + 1]! - y, 0, y - b[o + 4]!);
      const dz = Math.max(b[o + 2]! - z, 0, z - b[o + 5]!);
      if (dx * dx + dy * dy + dz * dz < r * r) return 'collision';
    }
    if (tiltOf(state.rotation) > this.options.tiltLimit) return 'tilt';
    return undefined;
  }

  private renderDepth(): void {
    const s = this.quadrotor!.state;
    const p = s.position;
    this.camera.render(this.boxes, this.boxes.length / 6, this.plan!.ceiling, p[0]!, p[1]!, p[2]!, yawOf(s.rotation), this.frame);
    // The newest frame is the last channel.
    const k = this.options.frameStack;
    for (let i = 0, j = k - 1; i < this.frame.length; i++, j += k) this.depth[j] = this.frame[i]!;
  }

  /** Shifts the stacked frames one channel towards the oldest (a no-op for one frame). */
  private pushFrame(): void {
    const k = this.options.frameStack;
    if (k === 1) return;
    const d = this.depth;
    for (let base = 0; base < d.length; base += k) {
      for (let c = 0; c < k - 1; c++) d[base + c] = d[base + c + 1]!;
    }
  }

  private observe(): IndoorObservation {
    const s = this.quadrotor!.state;
    const plan = this.plan!;
    const yaw = yawOf(s.rotation);
    const c = Math.cos(yaw);
    const sn = Math.sin(yaw);
    const gx = plan.goal[0] - s.position[0]!;
    const gy = plan.goal[1] - s.position[1]!;
    const v = s.velocity;
    const r = s.rotation;
    const roll = Math.atan2(r[7]!, r[8]!);
    const pitch = Math.asin(Math.max(-1, Math.min(1, -r[6]!)));
    const state = Float32Array.of(
      (c * gx + sn * gy) / GOAL_SCALE,
      (-sn * gx + c * gy) / GOAL_SCALE,
      plan.goal[2] - s.position[2]!,
      Math.hypot(gx, gy) / GOAL_SCALE,
      c * v[0]! + sn * v[1]!,
      -sn * v[0]! + c * v[1]!,
      v[2]!,
      roll,
      pitch,
      s.bodyRates[2]!,
    );
    for (let i = 0; i < state.length; i++) state[i] = Math.max(-10, Math.min(10, state[i]!));
    return { depth: this.depth.slice(), state };
  }

  private info(): Info {
    const info: Info = { planSeed: this.planSeed, pathLength: this.pathLength, distanceToGoal: this.geodesic, time: this.quadrotor!.time };
    if (this.endReason !== undefined) info['reason'] = this.endReason;
    return info;
  }
}

function checkOptions(owner: string, o: IndoorOptions): IndoorOptions {
  if (!['train', 'test', 'any'].includes(o.plans)) throw new ConfigError(`${owner}: option 'plans' must be 'train', 'test' or 'any', got ${describeValue(o.plans)}`);
  if (!Number.isInteger(o.physicsHz) || !Number.isInteger(o.controlHz) || o.controlHz <= 0 || o.physicsHz % o.controlHz !== 0) {
    throw new ConfigError(`${owner}: controlHz must be a positive integer that divides physicsHz, got physicsHz=${describeValue(o.physicsHz)}, controlHz=${describeValue(o.controlHz)}`);
  }
  for (const key of ['size', 'cameraWidth', 'cameraHeight', 'frameStack'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1) throw new ConfigError(`${owner}: option '${key}' must be a positive integer, got ${describeValue(o[key])}`);
  }
  if (!(o.proximityPenalty >= 0 && Number.isFinite(o.proximityPenalty))) {
    throw new ConfigError(`${owner}: option 'proximityPenalty' must be a non-negative finite number, got ${describeValue(o.proximityPenalty)}`);
  }
  for (const key of ['fov', 'maxRange', 'proximityRange', 'episodeSeconds', 'goalRadius', 'droneRadius', 'tiltLimit', 'maxSpeed', 'maxYawRate', 'rotorAuthority', 'maxBodyRate'] as const) {
    if (!(o[key] > 0 && Number.isFinite(o[key]))) throw new ConfigError(`${owner}: option '${key}' must be a positive finite number, got ${describeValue(o[key])}`);
  }
  if (o.fov >= Math.PI) throw new ConfigError(`${owner}: option 'fov' must be below pi (a pinhole camera), got ${o.fov}`);
  return o;
}
