/**
 * What a drone task decides on top of the shared flight: where the drone starts, what it flies
 * to, the extra observations, the shaped reward and when it has succeeded. `DroneEnv` owns the
 * physics, the actions and the crash rules; a task owns only these.
 */
import type { ObjectUpdate, SceneObject } from '../../src/core/scene.js';
import type { Rng } from '../../src/core/rng.js';
import type { FlightState } from './flight-state.js';
import type { Pillar, Quadrotor } from './quadrotor.js';

/** The box the drone must stay in (m); leaving it ends the episode. */
export interface Arena {
  min: readonly [number, number, number];
  max: readonly [number, number, number];
}

/** The start of an episode, drawn by the task from the env's generator. */
export interface TaskLayout {
  startPosition: [number, number, number];
  startYaw: number;
  pillars: Pillar[];
}

/** A task's verdict on one control step. */
export interface TaskProgress {
  /** Shaped reward for the step (the env adds the crash penalty). */
  reward: number;
  /** The task is done: the episode terminates as a success. */
  success: boolean;
}

export interface DroneTask {
  readonly arena: Arena;
  /** Episode length in simulated seconds (truncation). */
  readonly episodeSeconds: number;
  /** Bounds of the task's extra observations (may be empty). */
  readonly extraLow: readonly number[];
  readonly extraHigh: readonly number[];
  /** What the drone flies to now (world, m); the observation's target offset points there. */
  readonly target: Float64Array;
  /** Draws a new episode and resets the task's own progress. */
  reset(rng: Rng): TaskLayout;
  /** Called once the physics for the episode exists (start state read), before the first observation. */
  begin(state: FlightState): void;
  /** Optional: sees the state after every physics step (to catch a waypoint passed between control steps). */
  afterPhysicsStep?(state: FlightState): void;
  /** Reward and success after a control step. */
  progress(state: FlightState): TaskProgress;
  /** Writes the extra observations at `out[offset...]`. */
  writeExtras(quad: Quadrotor, out: Float32Array, offset: number): void;
  /** Task-specific info entries (e.g. waypoints reached). */
  info(): Record<string, number>;
  /** Static scene objects for the episode (target markers, pillars). */
  sceneObjects(): SceneObject[];
  /** Per-frame updates of those objects. */
  sceneUpdates(): ObjectUpdate[];
}

/** Whether `position` lies inside the arena (boundaries included). @example insideArena(arena, [0, 0, 1]) */
export function insideArena(arena: Arena, position: ArrayLike<number>): boolean {
  for (let i = 0; i < 3; i++) if (!(position[i]! >= arena.min[i]! && position[i]! <= arena.max[i]!)) return false;
  return true;
}

/** Euclidean distance between two points. */
export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
}
