/**
 * Drone/Obstacles-v0: take off and reach a goal 6 m away through a seeded field of pillars
 * (taller than the arena, so the way is around them); touching one is a crash. Reaching
 * within `goalRadius` of the goal ends the episode as a success.
 *
 * Extras in the observation: a ring of `numRays` horizontal range finders around the drone
 * (ray k at angle 2 pi k / numRays from world +x), each the distance to the nearest pillar
 * divided by `rayRange`, 1 when none is in range.
 * Reward per control step: 10 per metre of progress towards the goal, plus 10 on arrival.
 */
import type { ObjectUpdate, SceneObject } from '../../src/core/scene.js';
import type { Rng } from '../../src/core/rng.js';
import type { FlightState } from './flight-state.js';
import { targetMarker } from './hover-task.js';
import { rangeRing, samplePillarField } from './pillars.js';
import { DRONE_REST_HEIGHT, type Pillar, type Quadrotor } from './quadrotor.js';
import { distance, type Arena, type DroneTask, type TaskLayout, type TaskProgress } from './task.js';

export interface ObstaclesTaskOptions {
  numPillars: number;
  numRays: number;
  /** Range of the range finders (m). */
  rayRange: number;
  goalRadius: number;
  episodeSeconds: number;
}

export const OBSTACLES_DEFAULTS: ObstaclesTaskOptions = { numPillars: 20, numRays: 16, rayRange: 2, goalRadius: 0.2, episodeSeconds: 20 };

const PROGRESS_REWARD = 10;
const GOAL_BONUS = 10;
const GOAL_X = 6;
const PILLAR_HEIGHT = 3;

/** @example const task = new ObstaclesTask(OBSTACLES_DEFAULTS); */
export class ObstaclesTask implements DroneTask {
  readonly arena: Arena = { min: [-1, -2, 0], max: [7, 2, 2.5] };
  readonly extraLow: readonly number[];
  readonly extraHigh: readonly number[];
  readonly target = new Float64Array(3);
  readonly episodeSeconds: number;
  pillars: Pillar[] = [];
  private previousDistance = 0;

  constructor(private readonly options: ObstaclesTaskOptions) {
    this.episodeSeconds = options.episodeSeconds;
    this.extraLow = new Array<number>(options.numRays).fill(0);
    this.extraHigh = new Array<number>(options.numRays).fill(1);
  }

  reset(rng: Rng): TaskLayout {
    this.pillars = samplePillarField(rng, { count: this.options.numPillars, region: [1, 5, -1.5, 1.5], radiusRange: [0.08, 0.15], height: PILLAR_HEIGHT, minGap: 0.35 });
    this.target.set([GOAL_X, rng.uniform(-1, 1), rng.uniform(0.8, 1.5)]);
    return { startPosition: [0, 0, DRONE_REST_HEIGHT], startYaw: 0, pillars: this.pillars };
  }

  begin(state: FlightState): void {
    this.previousDistance = distance(this.target, state.position);
  }

  progress(state: FlightState): TaskProgress {
    const now = distance(this.target, state.position);
    let reward = PROGRESS_REWARD * (this.previousDistance - now);
    this.previousDistance = now;
    const success = now <= this.options.goalRadius;
    if (success) reward += GOAL_BONUS;
    return { reward, success };
  }

  writeExtras(quad: Quadrotor, out: Float32Array, offset: number): void {
    rangeRing(quad.state.position, this.pillars, this.options.rayRange, out, offset, this.options.numRays);
  }

  info(): Record<string, number> {
    return { goalDistance: this.previousDistance };
  }

  sceneObjects(): SceneObject[] {
    const pillars: SceneObject[] = this.pillars.map((p, k) => ({
      id: `pillar-${k}`,
      shape: { type: 'cylinder', radius: p.radius, height: p.height },
      color: '#8e6e53',
      position: [p.x, p.y, p.height / 2],
    }));
    return [...pillars, targetMarker('goal', this.target, this.options.goalRadius)];
  }

  sceneUpdates(): ObjectUpdate[] {
    return [];
  }
}
