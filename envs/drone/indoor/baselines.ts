/**
 * The two reference pilots of Drone/IndoorNavigation-v0, both flying the default action mode
 * ('velocity' with altitude hold: [forward, left, yaw rate] in [-1, 1]):
 *
 * - `RoutePilot` knows the plan: A* on the occupancy grid, shortened by line of sight, flown
 *   corner to corner (the privileged upper reference);
 * - `ReactivePilot` sees only the depth image: it turns towards the deepest part of the view
 *   at flight height and slows down and turns away when something is near.
 */
import type { IndoorNavigationEnv, IndoorObservation } from './indoor-env.js';
import { PlanGrid } from './plan-grid.js';
import { yawOf } from '../flight-state.js';

/** Turn rate per radian of heading error, as a fraction of maxYawRate per radian. */
const HEADING_GAIN = 1.5;

function clampUnit(value: number): number {
  return Math.min(Math.max(value, -1), 1);
}

function wrapAngle(angle: number): number {
  return Math.atan2(Math.sin(angle), Math.cos(angle));
}

/**
 * @example const pilot = RoutePilot.plan(env); while (!done) ({ terminated, truncated } = env.step(pilot.act(env)));
 */
export class RoutePilot {
  private corner = 1;

  private constructor(readonly route: [number, number][]) {}

  /**
   * Plans the current episode's route with `clearance` (m) kept from every obstacle; undefined
   * when the grid finds none (never for the seeded plans, tests/envs/drone/indoor.test.ts checks).
   */
  static plan(env: IndoorNavigationEnv, clearance = 0.3): RoutePilot | undefined {
    const plan = env.plan!;
    const grid = new PlanGrid(plan, { resolution: 0.05, clearance });
    const route = grid.route(plan.start, plan.goal);
    return route === undefined ? undefined : new RoutePilot(route);
  }

  /** The action towards the current corner: face it and fly at it, slowing for sharp turns. */
  act(env: IndoorNavigationEnv): Float32Array {
    const s = env.quadrotor!.state;
    const x = s.position[0]!;
    const y = s.position[1]!;
    while (this.corner < this.route.length - 1 && Math.hypot(this.route[this.corner]![0] - x, this.route[this.corner]![1] - y) < 0.25) this.corner++;
    const [tx, ty] = this.route[this.corner]!;
    const yaw = yawOf(s.rotation);
    const dx = tx - x;
    const dy = ty - y;
    const forward = Math.cos(yaw) * dx + Math.sin(yaw) * dy;
    const left = -Math.sin(yaw) * dx + Math.cos(yaw) * dy;
    const distance = Math.hypot(dx, dy);
    const speed = Math.min(1, distance / 0.5);
    const error = wrapAngle(Math.atan2(dy, dx) - yaw);
    return Float32Array.of(clampUnit((speed * forward) / Math.max(distance, 1e-6)), clampUnit((speed * left) / Math.max(distance, 1e-6)), clampUnit(HEADING_GAIN * error));
  }
}

export interface ReactiveOptions {
  /** Depth (m) under which the way ahead counts as blocked: stop and turn away. */
  nearDistance: number;
  /** Depth (m) at which the pilot flies at full speed. */
  clearDistance: number;
  /** Rows either side of the horizon looked at (the band the drone flies through). */
  bandRows: number;
}

export const REACTIVE_DEFAULTS: ReactiveOptions = { nearDistance: 0.7, clearDistance: 2.0, bandRows: 6 };

/**
 * The depth-only pilot: per column, the nearest depth in a band around the horizon; it heads for
 * the deepest column (smoothed over neighbours) and scales its speed by the free depth straight ahead.
 *
 * @example const pilot = new ReactivePilot(env); env.step(pilot.act(observation));
 */
export class ReactivePilot {
  private readonly width: number;
  private readonly height: number;
  private readonly frames: number;
  private readonly maxRange: number;
  private readonly halfFov: number;
  private readonly columns: Float64Array;
  private turning = 0;

  constructor(env: IndoorNavigationEnv, readonly options: ReactiveOptions = REACTIVE_DEFAULTS) {
    const o = env.options;
    this.width = o.cameraWidth;
    this.height = o.cameraHeight;
    this.frames = o.frameStack;
    this.maxRange = o.maxRange;
    this.halfFov = o.fov / 2;
    this.columns = new Float64Array(this.width);
  }

  act(observation: IndoorObservation): Float32Array {
    const { width, height, frames, columns } = this;
    const band = Math.min(this.options.bandRows, Math.floor(height / 2));
    for (let u = 0; u < width; u++) {
      let nearest = Infinity;
      for (let v = Math.floor(height / 2) - band; v < Math.ceil(height / 2) + band; v++) {
        // The newest frame is the last channel.
        const depth = observation.depth[(v * width + u) * frames + frames - 1]! * this.maxRange;
        if (depth < nearest) nearest = depth;
      }
      columns[u] = nearest;
    }
    const centre = Math.floor(width / 2);
    const span = Math.max(1, Math.floor(width / 8));
    let ahead = Infinity;
    for (let u = centre - span; u < centre + span; u++) ahead = Math.min(ahead, columns[u]!);
    // The deepest direction, each column scored by the smallest depth around it (a gap must be wide).
    let best = centre;
    let bestScore = -Infinity;
    for (let u = 0; u < width; u++) {
      let score = Infinity;
      for (let k = Math.max(0, u - span); k <= Math.min(width - 1, u + span); k++) score = Math.min(score, columns[k]!);
      if (score > bestScore) {
        bestScore = score;
        best = u;
      }
    }
    // Column u looks (centre - u - 0.5) / (width / 2) of tan(halfFov) to the left.
    const angle = Math.atan((((width / 2 - best - 0.5) / (width / 2)) * Math.tan(this.halfFov)));
    const { nearDistance, clearDistance } = this.options;
    if (ahead < nearDistance) {
      // Blocked: stop and keep turning one way until the way ahead clears (no dithering).
      if (this.turning === 0) this.turning = angle >= 0 ? 1 : -1;
      return Float32Array.of(0, 0, this.turning);
    }
    this.turning = 0;
    const speed = clampUnit((ahead - nearDistance) / (clearDistance - nearDistance));
    return Float32Array.of(speed, 0, clampUnit(HEADING_GAIN * angle));
  }
}
