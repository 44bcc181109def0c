/**
 * Drone/Waypoints-v0: take off and pass through a seeded sequence of waypoints, in order,
 * each within `reachRadius` (0.1 m, checked at every physics step); reaching the last one ends
 * the episode as a success.
 *
 * Extras in the observation: the offset from the current waypoint to the one after it (zeros
 * at the last one) and the fraction of waypoints still to reach.
 * Reward per control step: 10 per metre of progress towards the current waypoint, plus 10 for
 * each waypoint reached.
 */
import type { ObjectUpdate, SceneObject } from '../../src/core/scene.js';
import type { Rng } from '../../src/core/rng.js';
import type { FlightState } from './flight-state.js';
import { targetMarker } from './hover-task.js';
import { DRONE_REST_HEIGHT } from './quadrotor.js';
import { distance, type Arena, type DroneTask, type TaskLayout, type TaskProgress } from './task.js';

export interface WaypointsTaskOptions {
  numWaypoints: number;
  reachRadius: number;
  /** Consecutive waypoints are at least this far apart (m). */
  minSpacing: number;
  episodeSeconds: number;
}

export const WAYPOINTS_DEFAULTS: WaypointsTaskOptions = { numWaypoints: 4, reachRadius: 0.1, minSpacing: 0.8, episodeSeconds: 20 };

const PROGRESS_REWARD = 10;
const WAYPOINT_BONUS = 10;
/** Waypoints are drawn from this box, inside the arena with a margin. */
const WAYPOINT_BOX = { min: [-1.5, -1.5, 0.5], max: [1.5, 1.5, 1.8] } as const;
const REACHED_COLOR = '#95a5a6';

/**
 * Draws `count` waypoints in WAYPOINT_BOX, each at least `minSpacing` from the one before
 * (the first from `start`); a draw that fails 100 times keeps its last try.
 *
 * @example sampleWaypoints(new Rng(0), 4, 0.8, [0, 0, 0])
 */
export function sampleWaypoints(rng: Rng, count: number, minSpacing: number, start: ArrayLike<number>): [number, number, number][] {
  const waypoints: [number, number, number][] = [];
  let previous = start;
  for (let k = 0; k < count; k++) {
    let point: [number, number, number] = [0, 0, 0];
    for (let attempt = 0; attempt < 100; attempt++) {
      point = [0, 1, 2].map((i) => rng.uniform(WAYPOINT_BOX.min[i]!, WAYPOINT_BOX.max[i]!)) as [number, number, number];
      if (distance(point, previous) >= minSpacing) break;
    }
    waypoints.push(point);
    previous = point;
  }
  return waypoints;
}

/** @example const task = new WaypointsTask(WAYPOINTS_DEFAULTS); */
export class WaypointsTask implements DroneTask {
  readonly arena: Arena = { min: [-2.5, -2.5, 0], max: [2.5, 2.5, 2.5] };
  readonly extraLow: readonly number[];
  readonly extraHigh: readonly number[];
  readonly target = new Float64Array(3);
  readonly episodeSeconds: number;
  waypoints: [number, number, number][] = [];
  /** How many waypoints have been reached; the current target is waypoints[reached]. */
  reached = 0;
  private previousDistance = 0;
  /** Closest approach to the current waypoint since the last control step (m). */
  private closest = Infinity;

  constructor(private readonly options: WaypointsTaskOptions) {
    this.episodeSeconds = options.episodeSeconds;
    const span = WAYPOINT_BOX.max.map((v, i) => v - WAYPOINT_BOX.min[i]!);
    this.extraLow = [...span.map((v) => -v), 0];
    this.extraHigh = [...span, 1];
  }

  reset(rng: Rng): TaskLayout {
    const start: [number, number, number] = [0, 0, DRONE_REST_HEIGHT];
    this.waypoints = sampleWaypoints(rng, this.options.numWaypoints, this.options.minSpacing, start);
    this.reached = 0;
    this.target.set(this.waypoints[0]!);
    return { startPosition: start, startYaw: 0, pillars: [] };
  }

  begin(state: FlightState): void {
    this.previousDistance = distance(this.target, state.position);
    this.closest = Infinity;
  }

  afterPhysicsStep(state: FlightState): void {
    this.closest = Math.min(this.closest, distance(this.target, state.position));
  }

  progress(state: FlightState): TaskProgress {
    const now = distance(this.target, state.position);
    let reward = PROGRESS_REWARD * (this.previousDistance - now);
    const passed = this.closest <= this.options.reachRadius;
    this.closest = Infinity;
    if (passed) {
      reward += WAYPOINT_BONUS;
      this.reached++;
      if (this.reached === this.waypoints.length) return { reward, success: true };
      this.target.set(this.waypoints[this.reached]!);
      this.previousDistance = distance(this.target, state.position);
    } else {
      this.previousDistance = now;
    }
    return { reward, success: false };
  }

  writeExtras(_quad: unknown, out: Float32Array, offset: number): void {
    const next = this.waypoints[this.reached + 1];
    for (let i = 0; i < 3; i++) out[offset + i] = next === undefined ? 0 : next[i]! - this.target[i]!;
    out[offset + 3] = (this.waypoints.length - this.reached) / this.waypoints.length;
  }

  info(): Record<string, number> {
    return { waypointsReached: this.reached, waypointsTotal: this.waypoints.length };
  }

  sceneObjects(): SceneObject[] {
    return this.waypoints.map((point, k) => targetMarker(`waypoint-${k}`, point, this.options.reachRadius, k === 0 ? '#27ae60' : '#f1c40f'));
  }

  sceneUpdates(): ObjectUpdate[] {
    return this.waypoints.map((_, k) => ({ id: `waypoint-${k}`, color: k < this.reached ? REACHED_COLOR : k === this.reached ? '#27ae60' : '#f1c40f' }));
  }
}
