import { distanceToSegment, scanDisc, scanSegment, type LidarSpec } from './lidar.js';
import type { Layout } from './scenarios.js';
import { SpatialGrid } from './spatial-grid.js';

/** What happened to a robot in the last step. */
export type RobotStatus = 'moving' | 'arrived' | 'collided';

/**
 * The physical world: differential-drive robots (discs) and walls (segments), stored as
 * struct-of-arrays. Robots that arrived or collided stop and stay where they are, as obstacles.
 *
 * @example
 * const world = new RobotWorld(layout, { radius: 0.12, dt: 0.1, lidar: { beams: 64, fov: Math.PI, range: 4 } });
 * world.drive(0, 0.5, 0.1); world.advance(); world.scan(0, out, 0);
 */
export class RobotWorld {
  readonly n: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly heading: Float64Array;
  /** Linear velocity (m/s) and angular velocity (rad/s) commanded this step. */
  readonly v: Float64Array;
  readonly w: Float64Array;
  readonly goalX: Float64Array;
  readonly goalY: Float64Array;
  /** 1 while the robot still drives. */
  readonly active: Uint8Array;
  readonly walls: Float64Array;
  private readonly grid: SpatialGrid;
  private readonly near: Int32Array;

  constructor(
    layout: Layout,
    readonly settings: { radius: number; dt: number; lidar: LidarSpec },
  ) {
    this.n = layout.startX.length;
    this.x = Float64Array.from(layout.startX);
    this.y = Float64Array.from(layout.startY);
    this.heading = Float64Array.from(layout.startHeading);
    this.v = new Float64Array(this.n);
    this.w = new Float64Array(this.n);
    this.goalX = Float64Array.from(layout.goalX);
    this.goalY = Float64Array.from(layout.goalY);
    this.active = new Uint8Array(this.n).fill(1);
    this.walls = Float64Array.from(layout.walls);
    // Cells as wide as the laser reaches: a scan looks at the 3 x 3 cells around the robot.
    this.grid = new SpatialGrid(settings.lidar.range + settings.radius);
    this.near = new Int32Array(this.n);
    this.grid.build(this.x, this.y, this.n);
  }

  /** Sets robot i's velocities for the next `advance()` (callers clip them to the robot's limits). */
  drive(i: number, v: number, w: number): void {
    this.v[i] = v;
    this.w[i] = w;
  }

  /** Moves every active robot by one period (heading first, then along the new heading), and rebuilds the grid. */
  advance(): void {
    const dt = this.settings.dt;
    for (let i = 0; i < this.n; i++) {
      if (!this.active[i]) continue;
      this.heading[i] = this.heading[i]! + this.w[i]! * dt;
      this.x[i] = this.x[i]! + this.v[i]! * Math.cos(this.heading[i]!) * dt;
      this.y[i] = this.y[i]! + this.v[i]! * Math.sin(this.heading[i]!) * dt;
    }
    this.grid.build(this.x, this.y, this.n);
  }

  /** Stops robot i where it is; it stays in the world as an obstacle. */
  stop(i: number): void {
    this.active[i] = 0;
    this.v[i] = 0;
    this.w[i] = 0;
  }

  distanceToGoal(i: number): number {
    return Math.hypot(this.goalX[i]! - this.x[i]!, this.goalY[i]! - this.y[i]!);
  }

  /** Whether robot i overlaps another robot or touches a wall. */
  collides(i: number): boolean {
    const r = this.settings.radius;
    const xi = this.x[i]!;
    const yi = this.y[i]!;
    const count = this.grid.collectNear(xi, yi, 2 * r, this.near);
    for (let k = 0; k < count; k++) {
      const j = this.near[k]!;
      if (j === i) continue;
      const dx = this.x[j]! - xi;
      const dy = this.y[j]! - yi;
      if (dx * dx + dy * dy < 4 * r * r) return true;
    }
    const walls = this.walls;
    for (let s = 0; s < walls.length; s += 4) {
      if (distanceToSegment(xi, yi, walls[s]!, walls[s + 1]!, walls[s + 2]!, walls[s + 3]!) < r) return true;
    }
    return false;
  }

  /** Writes robot i's laser scan (metres, `range` where nothing is hit) into `out[offset ...]`. */
  scan(i: number, out: Float32Array, offset: number): void {
    const lidar = this.settings.lidar;
    const r = this.settings.radius;
    out.fill(lidar.range, offset, offset + lidar.beams);
    const xi = this.x[i]!;
    const yi = this.y[i]!;
    const hi = this.heading[i]!;
    const count = this.grid.collectNear(xi, yi, lidar.range + r, this.near);
    for (let k = 0; k < count; k++) {
      const j = this.near[k]!;
      if (j !== i) scanDisc(lidar, xi, yi, hi, this.x[j]!, this.y[j]!, r, out, offset);
    }
    const walls = this.walls;
    for (let s = 0; s < walls.length; s += 4) scanSegment(lidar, xi, yi, hi, walls[s]!, walls[s + 1]!, walls[s + 2]!, walls[s + 3]!, out, offset);
  }
}
