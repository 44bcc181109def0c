/**
 * Drone/Hover-v0: take off from the ground near the origin and hold (0, 0, 1).
 *
 * Reward per control step: max(0, 1 - |target - position| / 1 m) - 0.01 |body rates| (rad/s),
 * so standing on the ground pays 0, holding the point pays 1, and spinning costs a little.
 * No success termination: the task is to hold, until the 8 s time limit truncates.
 */
import type { ObjectUpdate, SceneObject } from '../../src/core/scene.js';
import type { Rng } from '../../src/core/rng.js';
import type { FlightState } from './flight-state.js';
import { DRONE_REST_HEIGHT } from './quadrotor.js';
import { distance, type Arena, type DroneTask, type TaskLayout, type TaskProgress } from './task.js';

export interface HoverTaskOptions {
  /** Half width of the square the start position is drawn from (m). */
  startSpread: number;
  episodeSeconds: number;
}

export const HOVER_DEFAULTS: HoverTaskOptions = { startSpread: 0.1, episodeSeconds: 8 };

/** Weight of the body-rate penalty, per rad/s. */
const RATE_PENALTY = 0.01;

/** @example const task = new HoverTask(HOVER_DEFAULTS); */
export class HoverTask implements DroneTask {
  readonly arena: Arena = { min: [-2, -2, 0], max: [2, 2, 2.5] };
  readonly extraLow: readonly number[] = [];
  readonly extraHigh: readonly number[] = [];
  readonly target = new Float64Array([0, 0, 1]);
  readonly episodeSeconds: number;

  constructor(private readonly options: HoverTaskOptions) {
    this.episodeSeconds = options.episodeSeconds;
  }

  reset(rng: Rng): TaskLayout {
    const spread = this.options.startSpread;
    return { startPosition: [rng.uniform(-spread, spread), rng.uniform(-spread, spread), DRONE_REST_HEIGHT], startYaw: 0, pillars: [] };
  }

  begin(): void {}

  progress(state: FlightState): TaskProgress {
    const rates = state.bodyRates;
    const reward = Math.max(0, 1 - distance(this.target, state.position)) - RATE_PENALTY * Math.hypot(rates[0]!, rates[1]!, rates[2]!);
    return { reward, success: false };
  }

  writeExtras(): void {}

  info(): Record<string, number> {
    return {};
  }

  sceneObjects(): SceneObject[] {
    return [targetMarker('target', this.target, 0.05)];
  }

  sceneUpdates(): ObjectUpdate[] {
    return [];
  }
}

/** A see-through sphere that marks a point the drone flies to; its radius shows how close counts. */
export function targetMarker(id: string, position: ArrayLike<number>, radius: number, color = '#27ae60'): SceneObject {
  return { id, shape: { type: 'sphere', radius }, color, opacity: 0.4, position: [position[0]!, position[1]!, position[2]!] };
}
