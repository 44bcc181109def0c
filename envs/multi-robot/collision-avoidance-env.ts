import type { Info, ResetOptions } from '../../src/core/env.js';
import type { SceneFrame } from '../../src/core/scene.js';
import { Box } from '../../src/core/spaces/box.js';
import { BaseParallelEnv, type ParallelResetResult, type ParallelStepResult, type PerAgent } from '../../src/multi-agent/parallel-env.js';
import { wrapAngle } from './lidar.js';
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
export class CollisionAvoidanceEnv extends BaseParallelEnv<Float32Array, Float32Array> {
  readonly options: MultiRobotOptions;
  readonly possibleAgents: readonly string[];
  private alive: string[] = [];
  private readonly observationBox: Box<Float32Array>;
  private readonly actionBox: Box<Float32Array>;
  private readonly scanSize: number;
  /** Scan history: robot i's stack at [i * stacked * beams, ...), ring slot `newest` is the latest. */
  private history = new Float32Array(0);
  private newest = 0;
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
    this.scanSize = o.beams;
    const size = o.stackedScans * o.beams + 4;
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
    const world = this.world;
    return this.statuses.map((status, i) => ({
      status,
      time: this.steps[i]! * this.options.dt,
      distance: this.travelled[i]!,
      straightDistance: Math.hypot(world.goalX[i]! - this.startX[i]!, world.goalY[i]! - this.startY[i]!),
    }));
  }

  reset(options?: ResetOptions): ParallelResetResult<Float32Array> {
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
    this.history = new Float32Array(o.robots * o.stackedScans * o.beams);
    this.newest = 0;
    const observations: PerAgent<Float32Array> = {};
    const infos: PerAgent<Info> = {};
    for (let i = 0; i < o.robots; i++) {
      this.scanInto(i);
      // Before the first step the older scans repeat the first one.
      const base = i * o.stackedScans * o.beams;
      for (let s = 1; s < o.stackedScans; s++) this.history.copyWithin(base + s * o.beams, base, base + o.beams);
      observations[this.possibleAgents[i]!] = this.observe(i);
      infos[this.possibleAgents[i]!] = {};
    }
    this.scene.startEpisode(world, this.layout);
    return { observations, infos };
  }

  step(actions: PerAgent<Float32Array>): ParallelStepResult<Float32Array> {
    this.checkActions(actions);
    const o = this.options;
    const world = this.world;
    const acting = this.alive;
    const previousDistance = this.previousDistance;
    for (const agent of acting) {
      const i = this.indexOf(agent);
      const action = actions[agent]!;
      world.drive(i, action[0]!, action[1]!);
      previousDistance[i] = world.distanceToGoal(i);
    }
    this.beforeX.set(world.x);
    this.beforeY.set(world.y);
    const beforeX = this.beforeX;
    const beforeY = this.beforeY;
    world.advance();
    this.elapsedSteps++;
    this.newest = (this.newest + 1) % o.stackedScans;
    const result: ParallelStepResult<Float32Array> = { observations: {}, rewards: {}, terminations: {}, truncations: {}, infos: {} };
    const stillAlive: string[] = [];
    for (const agent of acting) {
      const i = this.indexOf(agent);
      this.travelled[i]! += Math.hypot(world.x[i]! - beforeX[i]!, world.y[i]! - beforeY[i]!);
      this.steps[i]!++;
      const distance = world.distanceToGoal(i);
      const collided = world.collides(i);
      const arrived = !collided && distance < o.goalTolerance;
      result.rewards[agent] = stepReward(PAPER_REWARD, { progress: previousDistance[i]! - distance, arrived, collided, angularVelocity: world.w[i]! });
      this.scanInto(i);
      result.observations[agent] = this.observe(i);
      result.truncations[agent] = false;
      result.terminations[agent] = arrived || collided;
      if (arrived || collided) {
        this.statuses[i] = arrived ? 'arrived' : 'collided';
        result.infos[agent] = { outcome: this.statuses[i], ...this.outcomes()[i] };
      } else {
        stillAlive.push(agent);
        result.infos[agent] = {};
      }
    }
    // Robots stop only after every robot's collision test, so two robots that meet both collide.
    if (stillAlive.length < acting.length) for (const agent of acting) if (result.terminations[agent]) world.stop(this.indexOf(agent));
    this.alive = stillAlive;
    return result;
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
    const start = (i * o.stackedScans + this.newest) * o.beams;
    return this.history.subarray(start, start + o.beams);
  }

  /** Scans robot i into the newest ring slot, stored divided by the range, as observations show it. */
  private scanInto(i: number): void {
    const o = this.options;
    const start = (i * o.stackedScans + this.newest) * o.beams;
    const history = this.history;
    this.world.scan(i, history, start);
    const inverseRange = 1 / o.range;
    for (let k = start; k < start + o.beams; k++) history[k] = history[k]! * inverseRange;
  }

  private observe(i: number): Float32Array {
    const o = this.options;
    const world = this.world;
    const observation = new Float32Array(o.stackedScans * o.beams + 4);
    const base = i * o.stackedScans * o.beams;
    for (let s = 0; s < o.stackedScans; s++) {
      // Oldest first: the ring slot after the newest is the oldest.
      const from = base + ((this.newest + 1 + s) % o.stackedScans) * o.beams;
      observation.set(this.history.subarray(from, from + o.beams), s * o.beams);
    }
    const size = observation.length;
    const dx = world.goalX[i]! - world.x[i]!;
    const dy = world.goalY[i]! - world.y[i]!;
    observation[size - 4] = Math.min(GOAL_DISTANCE_CAP, Math.hypot(dx, dy));
    observation[size - 3] = Math.fround(Math.max(-Math.PI, Math.min(Math.PI, wrapAngle(Math.atan2(dy, dx) - world.heading[i]!))));
    observation[size - 2] = world.v[i]!;
    observation[size - 1] = world.w[i]!;
    return observation;
  }
}
