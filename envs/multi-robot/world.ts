import { distanceToSegment, Lidar, type LidarSpec } from './lidar.js';
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
  /**
   * cos and sin of each heading as of the last `advance()` (the laser and observations need them
   * every step); after writing `heading[i]` directly, call `syncHeading(i)` before scanning.
   */
  readonly cosHeading: Float64Array;
  readonly sinHeading: Float64Array;
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
  private readonly lidar: Lidar;

  constructor(
    layout: Layout,
    readonly settings: { radius: number; dt: number; lidar: LidarSpec },
  ) {
    this.n = layout.startX.length;
    this.x = Float64Array.from(layout.startX);
    this.y = Float64Array.from(layout.startY);
    this.heading = Float64Array.from(layout.startHeading);
    this.cosHeading = this.heading.map(Math.cos);
    this.sinHeading = this.heading.map(Math.sin);
    this.v = new Float64Array(this.n);
    this.w = new Float64Array(this.n);
    this.goalX = Float64Array.from(layout.goalX);
    this.goalY = Float64Array.from(layout.goalY);
    this.active = new Uint8Array(this.n).fill(1);
    this.walls = Float64Array.from(layout.walls);
    // Cells as wide as the laser reaches: a scan looks at the 3 x 3 cells around the robot.
    this.grid = new SpatialGrid(settings.lidar.range + settings.radius);
    this.near = new Int32Array(this.n);
    this.lidar = new Lidar(settings.lidar);
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
      const heading = this.heading[i]! + this.w[i]! * dt;
      const c = Math.cos(heading);
      const s = Math.sin(heading);
      this.heading[i] = heading;
      this.cosHeading[i] = c;
      this.sinHeading[i] = s;
      this.x[i] = this.x[i]! + this.v[i]! * c * dt;
      this.y[i] = this.y[i]! + this.v[i]! * s * dt;
    }
    this.grid.build(this.x, this.y, this.n);
  }

  /** Recomputes robot i's cached cos and sin after its heading was written directly. */
  syncHeading(i: number): void {
    this.cosHeading[i] = Math.cos(this.heading[i]!);
    this.sinHeading[i] = Math.sin(this.heading[i]!);
  }

  /** Stops robot i where it is; it stays in the world as an obstacle. */
  stop(i: number): void {
    this.active[i] = 0;
    this.v[i] = 0;
    this.w[i] = 0;
  }

  distanceToGoal(i: number): number {
    const dx = this.goalX[i]! - this.x[i]!;
    const dy = this.goalY[i]! - this.y[i]!;
    return Math.sqrt(dx * dx + dy * dy);
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

  /**
   * Writes robot i's laser scan into `out[offset ...]`: metres (`range` where nothing is hit)
   * times `scale` (1 / range gives the fractions that observations hold).
   */
  scan(i: number, out: Float32Array, offset: number, scale = 1): void {
    const lidar = this.lidar;
    const r = this.settings.radius;
    const range = this.settings.lidar.range;
    out.fill(range * scale, offset, offset + this.settings.lidar.beams);
    const xi = this.x[i]!;
    const yi = this.y[i]!;
    const ch = this.cosHeading[i]!;
    const sh = this.sinHeading[i]!;
    // The grid's cells around the robot, walked in place (no list of neighbours is built).
    const grid = this.grid;
    const cells = grid.cellsNear(xi, yi, range + r);
    const start = grid.cellStart;
    const sorted = grid.sorted;
    for (let row = cells.row0; row <= cells.row1; row++) {
      for (let cell = row * grid.cols + cells.col0, last = row * grid.cols + cells.col1; cell <= last; cell++) {
        for (let k = start[cell]!, end = start[cell + 1]!; k < end; k++) {
          const j = sorted[k]!;
          if (j !== i) lidar.disc(xi, yi, ch, sh, this.x[j]!, this.y[j]!, r, scale, out, offset);
        }
      }
    }
    const walls = this.walls;
    for (let s = 0; s < walls.length; s += 4) lidar.segment(xi, yi, ch, sh, walls[s]!, walls[s + 1]!, walls[s + 2]!, walls[s + 3]!, scale, out, offset);
  }
}
