import { axisAngle, type ObjectUpdate, type SceneFrame, type SceneObject, type SceneSpec, type Vec3 } from '../../src/core/scene.js';
import { beamAngle } from './lidar.js';
import type { MultiRobotOptions } from './options.js';
import type { Layout } from './scenarios.js';
import type { RobotWorld } from './world.js';

const HEIGHT = 0.15;

/** A distinct colour per robot (golden-angle hues), shared by its body, goal and trail. */
export function robotColor(i: number): string {
  const hue = (i * 137.508) % 360;
  const s = 0.7;
  const l = 0.5;
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    const c = l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255).toString(16).padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/**
 * Draws the world for the viewer: each robot as a cylinder with a nose showing its heading, its
 * goal as a flat ring-like marker of the same colour, its trail as a line, optional scan rays,
 * and walls as thin boxes. One scene per episode; per step only poses, trails and colours change.
 */
export class MultiRobotScene {
  private spec: SceneSpec | undefined;
  private trails: Vec3[][] = [];

  constructor(private readonly options: MultiRobotOptions) {}

  startEpisode(world: RobotWorld, layout: Layout): void {
    const r = this.options.radius;
    const objects: SceneObject[] = [{ id: 'floor', shape: { type: 'plane', size: [2 * layout.extent, 2 * layout.extent] }, color: '#f4f4f0', position: [0, 0, -0.001] }];
    const walls = world.walls;
    for (let s = 0; s < walls.length; s += 4) {
      const [ax, ay, bx, by] = [walls[s]!, walls[s + 1]!, walls[s + 2]!, walls[s + 3]!];
      const length = Math.hypot(bx - ax, by - ay);
      objects.push({ id: `wall_${s / 4}`, shape: { type: 'box', size: [length, 0.05, 0.3] }, color: '#555555', position: [(ax + bx) / 2, (ay + by) / 2, 0.15], quaternion: axisAngle([0, 0, 1], Math.atan2(by - ay, bx - ax)) });
    }
    this.trails = [];
    for (let i = 0; i < world.n; i++) {
      const color = robotColor(i);
      objects.push({ id: `goal_${i}`, shape: { type: 'cylinder', radius: r * 0.7, height: 0.01 }, color, opacity: 0.6, position: [world.goalX[i]!, world.goalY[i]!, 0.005], quaternion: [0, 0, 0, 1] });
      objects.push({ id: `robot_${i}`, shape: { type: 'cylinder', radius: r, height: HEIGHT }, color, position: [world.x[i]!, world.y[i]!, HEIGHT / 2], quaternion: axisAngle([0, 0, 1], world.heading[i]!) });
      objects.push({ id: `nose_${i}`, parent: `robot_${i}`, shape: { type: 'box', size: [r, r * 0.35, 0.02] }, color: '#222222', position: [r * 0.5, 0, HEIGHT / 2 + 0.01] });
      const start: Vec3 = [world.x[i]!, world.y[i]!, 0.01];
      this.trails.push([start]);
      objects.push({ id: `trail_${i}`, shape: { type: 'line', points: [start, start] }, color });
      if (this.options.renderScans) objects.push({ id: `scan_${i}`, shape: { type: 'line', points: [start, start] }, color: '#e06060', opacity: 0.25 });
    }
    const extent = layout.extent;
    this.spec = { objects, camera: { position: [0, -extent * 0.9, extent * 2.2], target: [0, 0, 0] }, background: '#dfe6ee', ground: false };
  }

  frame(world: RobotWorld, state: { step: number; alive: number; arrived: number; collided: number; scans?: (i: number) => Float32Array; range: number }): SceneFrame {
    const updates: ObjectUpdate[] = [];
    const keep = this.options.trailLength;
    for (let i = 0; i < world.n; i++) {
      const position: Vec3 = [world.x[i]!, world.y[i]!, HEIGHT / 2];
      const trail = this.trails[i]!;
      const last = trail[trail.length - 1]!;
      if (last[0] !== position[0] || last[1] !== position[1]) {
        trail.push([position[0], position[1], 0.01]);
        if (trail.length > keep) trail.splice(0, trail.length - keep);
      }
      updates.push({ id: `robot_${i}`, position, quaternion: axisAngle([0, 0, 1], world.heading[i]!), color: world.active[i] ? undefined : '#888888' });
      updates.push({ id: `trail_${i}`, points: trail.length > 1 ? trail.slice() : [trail[0]!, trail[0]!] });
      if (state.scans && world.active[i]) updates.push({ id: `scan_${i}`, points: scanRays(world, i, state.scans(i), this.options) });
    }
    for (const update of updates) if (update.color === undefined) delete update.color;
    return { scene: this.spec!, updates, hud: { step: state.step, driving: state.alive, arrived: state.arrived, collided: state.collided } };
  }
}

/** Robot i's rays as a polyline that goes out to each hit and back (a fan); `scan` is divided by the range. */
function scanRays(world: RobotWorld, i: number, scan: Float32Array, options: MultiRobotOptions): Vec3[] {
  const lidar = world.settings.lidar;
  const points: Vec3[] = [];
  const x = world.x[i]!;
  const y = world.y[i]!;
  // At most 32 rays drawn: enough to see the scan, light enough for 100 robots.
  const every = Math.max(1, Math.ceil(options.beams / 32));
  for (let k = 0; k < options.beams; k += every) {
    const angle = world.heading[i]! + beamAngle(lidar, k);
    const distance = scan[k]! * lidar.range;
    points.push([x, y, 0.05], [x + distance * Math.cos(angle), y + distance * Math.sin(angle), 0.05]);
  }
  return points;
}
