/**
 * Flies a planned path with the PID pilot: the pilot's target is the next corner of the path,
 * advanced once the drone is within `cornerRadius` of it (the observation's target offset still
 * points at the task's goal; the drone's position is the goal minus that offset).
 */
import { OBSERVATION_INDEX } from './observation.js';
import { planPath } from './path-planner.js';
import { pilotAction } from './pilot.js';
import type { ObstaclesTask } from './obstacles-task.js';

/**
 * @example const pilot = PathPilot.plan(env.task as ObstaclesTask); env.step(pilot.act(observation));
 */
export class PathPilot {
  private corner = 1;

  private constructor(
    readonly path: [number, number][],
    private readonly goal: Float64Array,
    private readonly cornerRadius: number,
  ) {}

  /** Plans from the drone's start (0, 0) to the task's goal; undefined when no path exists. */
  static plan(task: ObstaclesTask, cornerRadius = 0.15): PathPilot | undefined {
    const goal = Float64Array.from(task.target);
    const path = planPath(task.pillars, task.arena, [0, 0], [goal[0]!, goal[1]!]);
    return path === undefined ? undefined : new PathPilot(path, goal, cornerRadius);
  }

  /** A 'velocity'-mode action towards the current corner, at the goal's height. */
  act(observation: Float32Array): Float32Array {
    const o = OBSERVATION_INDEX.targetOffset;
    const x = this.goal[0]! - observation[o]!;
    const y = this.goal[1]! - observation[o + 1]!;
    let target = this.path[this.corner]!;
    while (this.corner < this.path.length - 1 && Math.hypot(target[0] - x, target[1] - y) < this.cornerRadius) {
      this.corner++;
      target = this.path[this.corner]!;
    }
    const redirected = observation.slice();
    redirected[o] = target[0] - x;
    redirected[o + 1] = target[1] - y;
    return pilotAction(redirected);
  }
}
