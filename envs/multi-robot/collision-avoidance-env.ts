import type { Info, ResetOptions } from '../../src/core/env.js';
import type { SceneFrame } from '../../src/core/scene.js';
import { Box } from '../../src/core/spaces/box.js';
import { checkFlatActions, clearFlatBuffers, createFlatBuffers, type FlatBuffers, type FlatStepping } from '../../src/multi-agent/flat-stepping.js';
import { NO_INFO } from '../../src/vector/types.js';
import { BaseParallelEnv, type ParallelResetResult, type ParallelStepResult, type PerAgent } from '../../src/multi-agent/parallel-env.js';
import { resolveMultiRobotOptions, type MultiRobotOptions } from './options.js';
import { PAPER_REWARD, stepReward } from './rewards.js';
import { buildLayout, type Layout } from './scenarios.js';
import { MultiRobotScene } from './scene.js';
import { RobotWorld, type RobotStatus } from './world.js';

/**
 * The goal distance in observations saturates here: far away only the bearing matters, and a
 * policy trained in small worlds then reads a 100-robot world's distant goals as familiar values.
 */
export const GOAL_DISTANCE_CAP = 8;

/** How one robot's run went, for success rate, extra time and extra distance. */
export interface RobotOutcome {
  status: RobotStatus | 'timeout';
  /** Seconds driven until arrival, collision or the end of the world. */
  time: number;
  /** Metres driven. */
  distance: number;
  /** Straight-line distance from start to goal. */
  straightDistance: number;
}

/**
 * `MultiRobot/CollisionAvoidance-v0`: N differential-drive robots, each with its own laser, each
 * driving to its own goal without touching the others or the walls (Long et al., ICRA 2018).
 *
 * Per robot, every step:
 * - observation (Float32Array): `stackedScans` laser scans, oldest first, each `beams` readings
 *   divided by the range (0: touching, 1: nothing in range); then the goal in the robot's own frame
 *   as distance (m, capped at GOAL_DISTANCE_CAP) and bearing (rad, counter-clockwise from the heading); then the velocities
 *   (v, w) commanded in the previous step.
 * - action: (v, w), linear velocity in [0, maxSpeed] m/s and angular velocity in
 *   [-maxTurnRate, maxTurnRate] rad/s; values outside are refused, so clip a policy's output.
 * - reward: the paper's (see `rewards.ts`); terminated on arrival or collision, after which the
 *   robot stands still as an obstacle and leaves `agents`.
 *
 * @example
 * const env = makeParallel('MultiRobot/CollisionAvoidance-v0', { robots: 6, beams: 64 });
 * const { observations } = env.reset({ seed: 1 });
 */
export class CollisionAvoidanceEnv extends BaseParallelEnv<Float32Array, Float32Array> implements FlatStepping {
  readonly options: MultiRobotOptions;
  readonly possibleAgents: readonly string[];
  private alive: string[] = [];
  /** The alive robots' indices, in the order of `alive`. */
  private aliveIndices: number[] = [];
  /** Numbers per observation: stacked scans, goal (2), velocities (2). */
  private readonly observationSize: number;
  /** The dict path's buffers and flat actions (it runs the flat path and copies out). */
  private dictOut: FlatBuffers | undefined;
  private dictActions: Float32Array;
  private readonly observationBox: Box<Float32Array>;
  private readonly actionBox: Box<Float32Array>;
  /** Scan history: robot i's ring of `stackedScans` scans at [i * stacked * beams, ...). */
  private history = new Float32Array(0);
  /** Views of every ring slot, `scanViews[i * stacked + s]`, made once per episode (none built per step). */
  private scanViews: Float32Array[] = [];
  /** The ring slot of each robot's newest scan. */
  private newest = new Int32Array(0);
  private worldState: RobotWorld | undefined;
  private layout: Layout | undefined;
  private startX = new Float64Array(0);
  private startY = new Float64Array(0);
  private travelled = new Float64Array(0);
  private steps = new Int32Array(0);
  private statuses: (RobotStatus | 'timeout')[] = [];
  private elapsedSteps = 0;
  /** Scratch arrays of step(), kept to spare an allocation per step. */
  private beforeX = new Float64Array(0);
  private beforeY = new Float64Array(0);
  private previousDistance = new Float64Array(0);
  private readonly scene: MultiRobotScene;

  constructor(kwargs: Record<string, unknown> = {}) {
    super();
    this.options = resolveMultiRobotOptions('MultiRobot/CollisionAvoidance-v0', kwargs);
    const o = this.options;
    this.metadata = { renderModes: ['scene'], renderFps: Math.round(1 / o.dt) };
    this.possibleAgents = Array.from({ length: o.robots }, (_, i) => `robot_${i}`);
    const size = o.stackedScans * o.beams + 4;
    this.observationSize = size;
    this.dictActions = new Float32Array(2 * o.robots);
    const low = new Float32Array(size).fill(0);
    const high = new Float32Array(size).fill(1);
    low[size - 4] = 0;
    high[size - 4] = GOAL_DISTANCE_CAP;
    low[size - 3] = -Math.PI;
    high[size - 3] = Math.PI;
    low[size - 2] = 0;
    high[size - 2] = o.maxSpeed;
    low[size - 1] = -o.maxTurnRate;
    high[size - 1] = o.maxTurnRate;
    this.observationBox = new Box<Float32Array>(low, high);
    this.actionBox = new Box<Float32Array>([0, -o.maxTurnRate], [o.maxSpeed, o.maxTurnRate]);
    this.scene = new MultiRobotScene(o);
  }

  get agents(): readonly string[] {
    return this.alive;
  }

  observationSpace(_agent: string): Box<Float32Array> {
    return this.observationBox;
  }

  actionSpace(_agent: string): Box<Float32Array> {
    return this.actionBox;
  }

  /** The physical world of the current episode (positions, velocities, goals, walls), for baselines such as ORCA and for tests. */
  get world(): RobotWorld {
    if (!this.worldState) throw new Error(`${this.displayName}: call reset() before reading the world`);
    return this.worldState;
  }

  /** Each robot's outcome so far in this episode (status 'moving' while it drives). */
  outcomes(): RobotOutcome[] {
    return this.statuses.map((_, i) => this.outcomeOf(i));
  }

  /** Robot i's outcome so far. */
  private outcomeOf(i: number): RobotOutcome {
    const world = this.world;
    return {
      status: this.statuses[i]!,
      time: this.steps[i]! * this.options.dt,
      distance: this.travelled[i]!,
      straightDistance: Math.hypot(world.goalX[i]! - this.startX[i]!, world.goalY[i]! - this.startY[i]!),
    };
  }

  reset(options?: ResetOptions): ParallelResetResult<Float32Array> {
    const out = this.dictBuffers();
    clearFlatBuffers(out);
    this.resetFlat(options, out);
    const observations: PerAgent<Float32Array> = {};
    const infos: PerAgent<Info> = {};
    for (const agent of this.alive) {
      const i = this.indexOf(agent);
      observations[agent] = out.observations.slice(i * this.observationSize, (i + 1) * this.observationSize);
      infos[agent] = {};
    }
    return { observations, infos };
  }

  /** The flat path of reset() (see `FlatStepping`): every robot's first observation into `out`. */
  resetFlat(options: ResetOptions | undefined, out: FlatBuffers): void {
    this.seedFromReset(options);
    const o = this.options;
    this.layout = buildLayout(o.scenario, o.robots, o.radius, this.rng);
    const world = new RobotWorld(this.layout, { radius: o.radius, dt: o.dt, lidar: { beams: o.beams, fov: (o.fovDegrees * Math.PI) / 180, range: o.range } });
    this.worldState = world;
    this.startX = Float64Array.from(world.x);
    this.startY = Float64Array.from(world.y);
    this.travelled = new Float64Array(o.robots);
    this.beforeX = new Float64Array(o.robots);
    this.beforeY = new Float64Array(o.robots);
    this.previousDistance = new Float64Array(o.robots);
    this.steps = new Int32Array(o.robots);
    this.statuses = new Array(o.robots).fill('moving');
    this.elapsedSteps = 0;
    this.alive = [...this.possibleAgents];
    this.aliveIndices = this.possibleAgents.map((_, i) => i);
    this.history = new Float32Array(o.robots * o.stackedScans * o.beams);
    this.scanViews = Array.from({ length: o.robots * o.stackedScans }, (_, k) => this.history.subarray(k * o.beams, (k + 1) * o.beams));
    this.newest = new Int32Array(o.robots);
    for (let i = 0; i < o.robots; i++) {
      this.scanInto(i);
      // Before the first step the older scans repeat the first one.
      const newest = this.scanViews[i * o.stackedScans + this.newest[i]!]!;
      for (let s = 0; s < o.stackedScans; s++) if (s !== this.newest[i]) this.scanViews[i * o.stackedScans + s]!.set(newest);
      this.observeInto(i, out.observations, i * this.observationSize);
      out.present[i] = 1;
      out.alive[i] = 1;
    }
    this.scene.startEpisode(world, this.layout);
  }

  step(actions: PerAgent<Float32Array>): ParallelStepResult<Float32Array> {
    this.checkActions(actions);
    const out = this.dictBuffers();
    const flatActions = this.dictActions;
    for (const agent of this.alive) {
      const i = this.indexOf(agent);
      flatActions[2 * i] = actions[agent]![0]!;
      flatActions[2 * i + 1] = actions[agent]![1]!;
    }
    const acting = this.alive;
    clearFlatBuffers(out);
    this.advance(flatActions, out);
    const result: ParallelStepResult<Float32Array> = { observations: {}, rewards: {}, terminations: {}, truncations: {}, infos: {} };
    for (const agent of acting) {
      const i = this.indexOf(agent);
      result.observations[agent] = out.observations.slice(i * this.observationSize, (i + 1) * this.observationSize);
      result.rewards[agent] = out.rewards[i]!;
      result.terminations[agent] = out.terminations[i] === 1;
      result.truncations[agent] = false;
      result.infos[agent] = out.infos[i] === NO_INFO ? {} : out.infos[i]!;
    }
    return result;
  }

  /**
   * The flat path of step() (see `FlatStepping`): `actions[2i]`, `actions[2i + 1]` are robot i's
   * (v, w), read as float32 like the action space; robots no longer driving are skipped.
   */
  stepFlat(actions: ArrayLike<number>, out: FlatBuffers): void {
    checkFlatActions(this.displayName, this.actionBox, this.alive, this.aliveIndices, actions, this.options.robots);
    this.advance(actions, out);
  }

  /** One step of the world for the alive robots; writes their results into `out`. */
  private advance(actions: ArrayLike<number>, out: FlatBuffers): void {
    const o = this.options;
    const world = this.world;
    const acting = this.aliveIndices;
    const previousDistance = this.previousDistance;
    for (let a = 0; a < acting.length; a++) {
      const i = acting[a]!;
      world.drive(i, Math.fround(actions[2 * i]!), Math.fround(actions[2 * i + 1]!));
      previousDistance[i] = world.distanceToGoal(i);
    }
    const beforeX = this.beforeX;
    const beforeY = this.beforeY;
    beforeX.set(world.x);
    beforeY.set(world.y);
    world.advance();
    this.elapsedSteps++;
    let ended = 0;
    for (let a = 0; a < acting.length; a++) {
      const i = acting[a]!;
      const movedX = world.x[i]! - beforeX[i]!;
      const movedY = world.y[i]! - beforeY[i]!;
      this.travelled[i]! += Math.sqrt(movedX * movedX + movedY * movedY);
      this.steps[i]!++;
      const distance = world.distanceToGoal(i);
      const collided = world.collides(i);
      const arrived = !collided && distance < o.goalTolerance;
      out.rewards[i] = stepReward(PAPER_REWARD, { progress: previousDistance[i]! - distance, arrived, collided, angularVelocity: world.w[i]! });
      this.scanInto(i);
      this.observeInto(i, out.observations, i * this.observationSize);
      out.present[i] = 1;
      if (arrived || collided) {
        this.statuses[i] = arrived ? 'arrived' : 'collided';
        out.terminations[i] = 1;
        out.infos[i] = { outcome: this.statuses[i], ...this.outcomeOf(i) };
        ended++;
      } else {
        out.alive[i] = 1;
      }
    }
    if (ended > 0) {
      // Robots stop only after every robot's collision test, so two robots that meet both collide.
      for (let a = 0; a < acting.length; a++) if (out.terminations[acting[a]!]) world.stop(acting[a]!);
      this.aliveIndices = acting.filter((i) => out.alive[i] === 1);
      this.alive = this.aliveIndices.map((i) => this.possibleAgents[i]!);
    }
  }

  /** Buffers of the dict path, which runs the flat one and copies out of them. */
  private dictBuffers(): FlatBuffers {
    return (this.dictOut ??= createFlatBuffers(this.options.robots, this.observationSize));
  }

  /**
   * Marks the robots still driving as timed out (the time limit ended the world); evaluation
   * calls it to read outcomes, the env itself never ends an episode on time.
   */
  markTimeout(): void {
    this.statuses = this.statuses.map((s) => (s === 'moving' ? 'timeout' : s));
  }

  override render(): SceneFrame | undefined {
    if (!this.worldState) return undefined;
    return this.scene.frame(this.worldState, {
      step: this.elapsedSteps,
      alive: this.alive.length,
      arrived: this.statuses.filter((s) => s === 'arrived').length,
      collided: this.statuses.filter((s) => s === 'collided').length,
      scans: this.options.renderScans ? (i) => this.latestScan(i) : undefined,
      range: this.options.range,
    });
  }

  private indexOf(agent: string): number {
    return Number(agent.slice(6));
  }

  /** Robot i's newest scan, divided by the range as in observations (a view into the history). */
  latestScan(i: number): Float32Array {
    const o = this.options;
    return this.scanViews[i * o.stackedScans + this.newest[i]!]!;
  }

  /**
   * Scans robot i into the oldest slot of its ring, which becomes the newest, stored divided by
   * the range, as observations show it.
   */
  private scanInto(i: number): void {
    const o = this.options;
    const slot = (this.newest[i]! + 1) % o.stackedScans;
    this.newest[i] = slot;
    this.world.scan(i, this.history, (i * o.stackedScans + slot) * o.beams, 1 / o.range);
  }

  /** Writes robot i's observation into `out[offset ...]`. */
  private observeInto(i: number, out: Float32Array, offset: number): void {
    const o = this.options;
    const world = this.world;
    const stacked = o.stackedScans;
    // Oldest first: the slot after the newest is the oldest.
    for (let s = 0, slot = this.newest[i]! + 1; s < stacked; s++, slot++) out.set(this.scanViews[i * stacked + (slot % stacked)]!, offset + s * o.beams);
    const end = offset + this.observationSize;
    const dx = world.goalX[i]! - world.x[i]!;
    const dy = world.goalY[i]! - world.y[i]!;
    // The goal in the robot's frame (ahead, left): its angle is the bearing, already in [-pi, pi].
    const ahead = dx * world.cosHeading[i]! + dy * world.sinHeading[i]!;
    const left = dy * world.cosHeading[i]! - dx * world.sinHeading[i]!;
    out[end - 4] = Math.min(GOAL_DISTANCE_CAP, Math.sqrt(dx * dx + dy * dy));
    out[end - 3] = Math.fround(Math.atan2(left, ahead));
    out[end - 2] = world.v[i]!;
    out[end - 1] = world.w[i]!;
  }
}
