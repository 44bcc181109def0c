import { BaseEnv, type Info, type ResetOptions, type ResetResult, type StepResult } from '../../src/core/env.js';
import { ConfigError, describeValue, EnvError } from '../../src/core/errors.js';
import { resolveOptions } from '../../src/core/options.js';
import type { SceneFrame, SceneSpec, Vec3 } from '../../src/core/scene.js';
import { Box } from '../../src/core/spaces/box.js';
import { ActionDecoder, parseActionMode, type ActionMode, type ActionScales } from './actions.js';
import { RPM_TO_RAD_PER_S, ROTOR_SPIN } from './cf2x.js';
import { isFiniteState, tiltOf } from './flight-state.js';
import { HOVER_DEFAULTS, HoverTask } from './hover-task.js';
import { BASE_OBSERVATION_SIZE, baseObservationBounds, writeBaseObservation } from './observation.js';
import { OBSTACLES_DEFAULTS, ObstaclesTask } from './obstacles-task.js';
import { CascadedPid } from './pid.js';
import { Quadrotor } from './quadrotor.js';
import { droneSceneSpec, droneUpdates, ROTOR_DRAW_SLOWDOWN, TRAIL_LENGTH } from './scene.js';
import { distance, insideArena, type DroneTask } from './task.js';
import { WAYPOINTS_DEFAULTS, WaypointsTask } from './waypoints-task.js';

/** Registered ids of the tasks, used in error messages before `make()` sets `spec`. */
export const DRONE_TASK_IDS = { hover: 'Drone/Hover-v0', waypoints: 'Drone/Waypoints-v0', obstacles: 'Drone/Obstacles-v0' } as const;
export type DroneTaskName = keyof typeof DRONE_TASK_IDS;

/** Why an episode ended, as `info.reason` reports it. */
export type DroneEndReason = 'success' | 'crash-ground' | 'crash-obstacle' | 'tilt' | 'out-of-arena' | 'nonfinite-state';

/** Options shared by every drone task (the task adds its own; see hover-task.ts and friends). */
export interface DroneEnvOptions extends ActionScales {
  task: DroneTaskName;
  /** 'rotors' (default), 'thrust-rates' or 'velocity'; see actions.ts. */
  actionMode: string;
  /** Physics steps per second. */
  physicsHz: number;
  /** Actions per second; must divide physicsHz. Also `metadata.renderFps`. */
  controlHz: number;
  /** Crash when body z leans further than this from vertical (rad). */
  tiltLimit: number;
  /** Crash when touching the ground faster than this (m/s). */
  crashSpeed: number;
  /** Subtracted from the reward of a crashing step. */
  crashPenalty: number;
}

export const DRONE_DEFAULTS: DroneEnvOptions = {
  task: 'hover',
  actionMode: 'rotors',
  physicsHz: 240,
  controlHz: 30,
  tiltLimit: Math.PI / 3,
  crashSpeed: 1,
  crashPenalty: 10,
  rotorAuthority: 0.05,
  maxBodyRate: 3,
  maxSpeed: 1,
  maxYawRate: Math.PI / 2,
};

/**
 * A Crazyflie 2.x quadrotor on cannon-es (see quadrotor.ts), flying one of three tasks:
 * Drone/Hover-v0, Drone/Waypoints-v0 and Drone/Obstacles-v0.
 *
 * Action: Box[-1, 1]^4 read by `actionMode` (actions.ts). Observation: float32, the shared part
 * documented in observation.ts followed by the task's extras. Physics at `physicsHz` with
 * `physicsHz / controlHz` physics steps per action.
 *
 * Terminates on a crash (ground hit faster than crashSpeed, touching a pillar, tilt past
 * tiltLimit, leaving the arena, a non-finite physics state) with reward - crashPenalty, and on
 * the task's success; truncates itself after the task's `episodeSeconds`. `info.reason` says why.
 * A NaN or out-of-range action throws an EnvError that names the env and the value.
 *
 * @example const env = new DroneEnv({ task: 'hover', actionMode: 'velocity' }); env.reset({ seed: 0 });
 */
export class DroneEnv extends BaseEnv<Float32Array, Float32Array> {
  readonly observationSpace: Box<Float32Array>;
  readonly actionSpace = new Box<Float32Array>(-1, 1, [4]);
  override metadata: { renderModes: string[]; renderFps: number };
  readonly options: DroneEnvOptions;
  readonly actionMode: ActionMode;
  readonly task: DroneTask;
  /** Control steps before the env truncates the episode. */
  readonly maxEpisodeSteps: number;
  /** The simulation of the current episode (undefined before the first reset). */
  quadrotor: Quadrotor | undefined;

  private readonly decoder: ActionDecoder;
  private readonly physicsStepsPerAction: number;
  private readonly observationBounds: { low: number[]; high: number[] };
  private readonly previousAction = new Float32Array(4);
  private readonly rpms = new Float64Array(4);
  private readonly rotorAngles = new Float64Array(4);
  private readonly trail: Vec3[] = [];
  private lastObservation: Float32Array = new Float32Array(0);
  private scene: SceneSpec | undefined;
  private steps = 0;
  private endReason: DroneEndReason | 'time-limit' | undefined;
  private lastReward = 0;
  private episodeReturn = 0;

  constructor(kwargs: Partial<DroneEnvOptions> & Record<string, unknown> = {}) {
    super();
    const taskName = kwargs.task ?? DRONE_DEFAULTS.task;
    if (typeof taskName !== 'string' || !Object.hasOwn(DRONE_TASK_IDS, taskName)) {
      throw new ConfigError(`DroneEnv: unknown task ${describeValue(taskName)}; expected one of: ${Object.keys(DRONE_TASK_IDS).join(', ')}`);
    }
    const { options, task } = createTask(taskName, kwargs);
    this.options = options;
    this.task = task;
    this.actionMode = parseActionMode(options.actionMode, DRONE_TASK_IDS[taskName]);
    this.physicsStepsPerAction = options.physicsHz / options.controlHz;
    this.maxEpisodeSteps = Math.round(this.task.episodeSeconds * options.controlHz);
    this.metadata = { renderModes: ['scene'], renderFps: options.controlHz };
    this.decoder = new ActionDecoder(this.actionMode, options, new CascadedPid());
    const base = baseObservationBounds(this.task.arena);
    this.observationBounds = { low: [...base.low, ...this.task.extraLow], high: [...base.high, ...this.task.extraHigh] };
    this.observationSpace = new Box<Float32Array>(this.observationBounds.low, this.observationBounds.high);
  }

  reset(options?: ResetOptions): ResetResult<Float32Array> {
    this.seedFromReset(options);
    const layout = this.task.reset(this.rng);
    this.quadrotor = new Quadrotor({ physicsHz: this.options.physicsHz, startPosition: layout.startPosition, startYaw: layout.startYaw, pillars: layout.pillars });
    this.task.begin(this.quadrotor.state);
    this.decoder.reset();
    this.previousAction.fill(0);
    this.rpms.fill(0);
    this.rotorAngles.fill(0);
    this.steps = 0;
    this.endReason = undefined;
    this.lastReward = 0;
    this.episodeReturn = 0;
    this.trail.length = 0;
    this.recordTrail();
    this.scene = droneSceneSpec(this.task.arena, this.task.sceneObjects(), this.quadrotor.state);
    this.lastObservation = this.observe();
    this.startEpisode();
    return { observation: this.lastObservation.slice(), info: this.info() };
  }

  step(action: Float32Array): StepResult<Float32Array> {
    this.guardStep();
    const quad = this.quadrotor!; // set by reset(), which guardStep() requires
    this.checkAction(action);
    this.decoder.setAction(action);
    let crash: DroneEndReason | undefined;
    for (let k = 0; k < this.physicsStepsPerAction && crash === undefined; k++) {
      quad.setRotorSpeeds(this.decoder.rotorSpeeds(quad.state, quad.dt, this.rpms));
      quad.physicsStep();
      this.task.afterPhysicsStep?.(quad.state);
      this.turnRotors(quad.dt);
      crash = this.crashReason(quad);
    }
    this.steps++;
    this.previousAction.set(action);
    let reward: number;
    if (crash === 'nonfinite-state') {
      // Keep the last finite observation: a NaN must never reach the agent.
      reward = -this.options.crashPenalty;
    } else {
      const progress = this.task.progress(quad.state);
      reward = progress.reward - (crash === undefined ? 0 : this.options.crashPenalty);
      if (crash === undefined && progress.success) crash = 'success';
      this.lastObservation = this.observe();
      this.recordTrail();
    }
    const terminated = crash !== undefined;
    const truncated = !terminated && this.steps >= this.maxEpisodeSteps;
    this.endReason = crash ?? (truncated ? 'time-limit' : undefined);
    this.lastReward = reward;
    this.episodeReturn += reward;
    return this.endStep({ observation: this.lastObservation.slice(), reward, terminated, truncated, info: this.info() }, this.endReason);
  }

  /** The first crash rule the state breaks, or undefined while flying fine. */
  private crashReason(quad: Quadrotor): DroneEndReason | undefined {
    const state = quad.state;
    if (!isFiniteState(state)) return 'nonfinite-state';
    if (quad.touchingPillar) return 'crash-obstacle';
    if (quad.groundImpactSpeed > this.options.crashSpeed) return 'crash-ground';
    if (tiltOf(state.rotation) > this.options.tiltLimit) return 'tilt';
    if (!insideArena(this.task.arena, state.position)) return 'out-of-arena';
    return undefined;
  }

  private observe(): Float32Array {
    const quad = this.quadrotor!;
    const observation = new Float32Array(this.observationSpace.size);
    writeBaseObservation(quad.state, this.task.target, this.previousAction, this.observationBounds, observation);
    this.task.writeExtras(quad, observation, BASE_OBSERVATION_SIZE);
    return observation;
  }

  private turnRotors(dt: number): void {
    const wrap = 2 * Math.PI * ROTOR_DRAW_SLOWDOWN;
    for (let k = 0; k < 4; k++) this.rotorAngles[k] = (this.rotorAngles[k]! + ROTOR_SPIN[k]! * this.rpms[k]! * RPM_TO_RAD_PER_S * dt) % wrap;
  }

  private recordTrail(): void {
    const p = this.quadrotor!.state.position;
    this.trail.push([p[0]!, p[1]!, p[2]!]);
    if (this.trail.length > TRAIL_LENGTH) this.trail.shift();
  }

  private info(): Info {
    const quad = this.quadrotor!;
    const info: Info = { time: quad.time, positionError: distance(this.task.target, quad.state.position), ...this.task.info() };
    if (this.endReason !== undefined) info['reason'] = this.endReason;
    return info;
  }

  override render(): SceneFrame | undefined {
    const quad = this.quadrotor;
    if (quad === undefined || this.scene === undefined) return undefined;
    const state = quad.state;
    return {
      scene: this.scene,
      updates: [...droneUpdates(state, this.rotorAngles, this.trail), ...this.task.sceneUpdates()],
      hud: {
        time: round(quad.time, 2),
        'position error (m)': round(distance(this.task.target, state.position), 3),
        'speed (m/s)': round(Math.hypot(state.velocity[0]!, state.velocity[1]!, state.velocity[2]!), 2),
        'mean rpm': Math.round((this.rpms[0]! + this.rpms[1]! + this.rpms[2]! + this.rpms[3]!) / 4),
        reward: round(this.lastReward, 3),
        return: round(this.episodeReturn, 2),
        action: Array.from(this.previousAction, (v) => v.toFixed(2)).join(' '),
        mode: this.actionMode,
        ...(this.endReason === undefined ? {} : { ended: this.endReason }),
      },
    };
  }
}

/** Resolves the kwargs against the shared and the task's defaults, and builds the task. */
function createTask(name: DroneTaskName, kwargs: object): { options: DroneEnvOptions; task: DroneTask } {
  const owner = DRONE_TASK_IDS[name];
  switch (name) {
    case 'hover': {
      const options = checkNumbers(owner, resolveOptions(owner, { ...DRONE_DEFAULTS, ...HOVER_DEFAULTS }, kwargs));
      return { options, task: new HoverTask(options) };
    }
    case 'waypoints': {
      const options = checkNumbers(owner, resolveOptions(owner, { ...DRONE_DEFAULTS, ...WAYPOINTS_DEFAULTS }, kwargs));
      return { options, task: new WaypointsTask(options) };
    }
    case 'obstacles': {
      const options = checkNumbers(owner, resolveOptions(owner, { ...DRONE_DEFAULTS, ...OBSTACLES_DEFAULTS }, kwargs));
      return { options, task: new ObstaclesTask(options) };
    }
  }
}

/** Refuses rates that do not divide, and sizes or scales that are not positive. */
function checkNumbers<T extends DroneEnvOptions>(owner: string, options: T): T {
  const { physicsHz, controlHz } = options;
  const record = options as unknown as Record<string, unknown>;
  if (!Number.isInteger(physicsHz) || physicsHz <= 0 || !Number.isInteger(controlHz) || controlHz <= 0 || physicsHz % controlHz !== 0) {
    throw new ConfigError(`${owner}: controlHz must be a positive integer that divides physicsHz, got physicsHz=${describeValue(physicsHz)}, controlHz=${describeValue(controlHz)}`);
  }
  const positive = ['tiltLimit', 'crashSpeed', 'rotorAuthority', 'maxBodyRate', 'maxSpeed', 'maxYawRate', 'episodeSeconds', 'reachRadius', 'rayRange', 'goalRadius'];
  for (const key of positive) {
    const value = record[key];
    if (value !== undefined && !(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
      throw new ConfigError(`${owner}: option '${key}' must be a positive finite number, got ${describeValue(value)}`);
    }
  }
  for (const key of ['numWaypoints', 'numRays', 'numPillars']) {
    const value = record[key];
    const minimum = key === 'numPillars' ? 0 : 1;
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= minimum)) {
      throw new ConfigError(`${owner}: option '${key}' must be an integer >= ${minimum}, got ${describeValue(value)}`);
    }
  }
  return options;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
