import type { PerAgent } from '../../src/multi-agent/parallel-env.js';
import { distanceToSegment, wrapAngle } from './lidar.js';
import { solveOrca, type OrcaLine, type Vec2 } from './orca-lp.js';
import type { RobotWorld } from './world.js';

/** ORCA's settings; the defaults suit the env's 0.12 m robots at 1 m/s. */
export interface OrcaOptions {
  /** Other robots farther than this (m) are ignored (the laser's range by default). */
  neighborDistance: number;
  /** How far ahead (s) collisions with other robots are avoided. */
  timeHorizon: number;
  /** How far ahead (s) collisions with walls are avoided. */
  timeHorizonWalls: number;
  /**
   * Added to the radius (m): the robot cannot drive sideways, so it tracks the holonomic velocity
   * with an error; the margin absorbs it (the idea of NH-ORCA, Alonso-Mora et al. 2010).
   */
  radiusMargin: number;
  /** The preferred speed falls to zero at the goal: min(maxSpeed, distance / slowdownTime). */
  slowdownTime: number;
  /**
   * The preferred velocity is turned this many radians clockwise: a shared "keep right" habit
   * that breaks the symmetric deadlocks of the circle scenario, where every robot would
   * otherwise stop in the middle facing the others (RVO2's demos perturb velocities for the same reason).
   */
  keepRight: number;
}

export const ORCA_DEFAULTS: OrcaOptions = { neighborDistance: 4, timeHorizon: 2, timeHorizonWalls: 1, radiusMargin: 0.03, slowdownTime: 0.3, keepRight: 0.1 };

/** The limits and period of the robots ORCA drives. */
export interface RobotLimits {
  maxSpeed: number;
  maxTurnRate: number;
  dt: number;
}

/**
 * The ORCA constraint that robot a puts on its own velocity because of robot b (the paper's
 * eq. for ORCA^tau_{A|B}); a takes `share` of the avoidance (1/2 when b reciprocates, 1 when b stands still).
 */
export function agentLine(positionA: Vec2, velocityA: Vec2, positionB: Vec2, velocityB: Vec2, combinedRadius: number, timeHorizon: number, dt: number, share: number): OrcaLine {
  const relativePosition = { x: positionB.x - positionA.x, y: positionB.y - positionA.y };
  const relativeVelocity = { x: velocityA.x - velocityB.x, y: velocityA.y - velocityB.y };
  const distanceSq = relativePosition.x ** 2 + relativePosition.y ** 2;
  const radiusSq = combinedRadius * combinedRadius;
  let direction: Vec2;
  let u: Vec2;
  if (distanceSq > radiusSq) {
    // w: from the centre of the cut-off circle (relative position / horizon) to the relative velocity.
    const w = { x: relativeVelocity.x - relativePosition.x / timeHorizon, y: relativeVelocity.y - relativePosition.y / timeHorizon };
    const wLengthSq = w.x * w.x + w.y * w.y;
    const along = w.x * relativePosition.x + w.y * relativePosition.y;
    if (along < 0 && along * along > radiusSq * wLengthSq) {
      // Closest boundary point is on the cut-off circle.
      const wLength = Math.sqrt(wLengthSq);
      const unit = { x: w.x / wLength, y: w.y / wLength };
      direction = { x: unit.y, y: -unit.x };
      const scale = combinedRadius / timeHorizon - wLength;
      u = { x: scale * unit.x, y: scale * unit.y };
    } else {
      // Closest boundary point is on a leg of the cone.
      const leg = Math.sqrt(distanceSq - radiusSq);
      if (relativePosition.x * w.y - relativePosition.y * w.x > 0) {
        direction = { x: (relativePosition.x * leg - relativePosition.y * combinedRadius) / distanceSq, y: (relativePosition.x * combinedRadius + relativePosition.y * leg) / distanceSq };
      } else {
        direction = { x: -(relativePosition.x * leg + relativePosition.y * combinedRadius) / distanceSq, y: -(-relativePosition.x * combinedRadius + relativePosition.y * leg) / distanceSq };
      }
      const projection = relativeVelocity.x * direction.x + relativeVelocity.y * direction.y;
      u = { x: projection * direction.x - relativeVelocity.x, y: projection * direction.y - relativeVelocity.y };
    }
  } else {
    // Already overlapping: get apart within one step.
    const w = { x: relativeVelocity.x - relativePosition.x / dt, y: relativeVelocity.y - relativePosition.y / dt };
    const wLength = Math.hypot(w.x, w.y) || EPSILON_LENGTH;
    const unit = { x: w.x / wLength, y: w.y / wLength };
    direction = { x: unit.y, y: -unit.x };
    const scale = combinedRadius / dt - wLength;
    u = { x: scale * unit.x, y: scale * unit.y };
  }
  return { point: { x: velocityA.x + share * u.x, y: velocityA.y + share * u.y }, direction };
}

const EPSILON_LENGTH = 1e-9;

/**
 * The constraint a wall puts on a robot: towards the wall's closest point, at most
 * (gap / timeHorizonWalls) m/s, where gap is the free distance to it.
 */
export function wallLine(position: Vec2, radius: number, ax: number, ay: number, bx: number, by: number, timeHorizon: number): OrcaLine {
  const ex = bx - ax;
  const ey = by - ay;
  const lengthSq = ex * ex + ey * ey;
  const s = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, ((position.x - ax) * ex + (position.y - ay) * ey) / lengthSq));
  const towards = { x: ax + s * ex - position.x, y: ay + s * ey - position.y };
  const distance = Math.hypot(towards.x, towards.y) || EPSILON_LENGTH;
  const normal = { x: towards.x / distance, y: towards.y / distance };
  const limit = (distance - radius) / timeHorizon;
  return { point: { x: limit * normal.x, y: limit * normal.y }, direction: { x: -normal.y, y: normal.x } };
}

/**
 * Drives a differential-drive robot along a holonomic velocity: turn towards it as fast as
 * allowed, and move at its speed projected on the heading reached after the turn (never backwards).
 *
 * @example holonomicToUnicycle({ x: 0, y: 1 }, 0, { maxSpeed: 1, maxTurnRate: 1, dt: 0.1 }) // [v ~ 0.0998, w = 1]
 */
export function holonomicToUnicycle(velocity: Vec2, heading: number, limits: RobotLimits): [number, number] {
  const speed = Math.hypot(velocity.x, velocity.y);
  if (speed < 1e-9) return [0, 0];
  const error = wrapAngle(Math.atan2(velocity.y, velocity.x) - heading);
  const w = Math.max(-limits.maxTurnRate, Math.min(limits.maxTurnRate, error / limits.dt));
  const remaining = error - w * limits.dt;
  const v = Math.max(0, Math.min(limits.maxSpeed, speed * Math.cos(remaining)));
  return [v, w];
}

/**
 * ORCA's action for every robot still driving: each robot knows every robot's position and
 * velocity (as the paper's NH-ORCA baseline does), computes its ORCA velocity and maps it to (v, w).
 *
 * @example const actions = orcaActions(env.unwrapped.world, env.agents, { maxSpeed: 1, maxTurnRate: 1, dt: 0.1 });
 */
export function orcaActions(world: RobotWorld, agents: readonly string[], limits: RobotLimits, options: Partial<OrcaOptions> = {}): PerAgent<Float32Array> {
  const o = { ...ORCA_DEFAULTS, ...options };
  const radius = world.settings.radius + o.radiusMargin;
  const velocities: Vec2[] = [];
  for (let j = 0; j < world.n; j++) velocities.push({ x: world.v[j]! * Math.cos(world.heading[j]!), y: world.v[j]! * Math.sin(world.heading[j]!) });
  const actions: PerAgent<Float32Array> = {};
  for (const agent of agents) {
    const i = Number(agent.slice(agent.lastIndexOf('_') + 1));
    const position = { x: world.x[i]!, y: world.y[i]! };
    const lines: OrcaLine[] = [];
    const walls = world.walls;
    for (let s = 0; s < walls.length; s += 4) {
      if (distanceToSegment(position.x, position.y, walls[s]!, walls[s + 1]!, walls[s + 2]!, walls[s + 3]!) < o.neighborDistance) {
        lines.push(wallLine(position, radius, walls[s]!, walls[s + 1]!, walls[s + 2]!, walls[s + 3]!, o.timeHorizonWalls));
      }
    }
    const hardLines = lines.length;
    for (let j = 0; j < world.n; j++) {
      if (j === i) continue;
      const other = { x: world.x[j]!, y: world.y[j]! };
      if (Math.hypot(other.x - position.x, other.y - position.y) > o.neighborDistance) continue;
      lines.push(agentLine(position, velocities[i]!, other, velocities[j]!, 2 * radius, o.timeHorizon, limits.dt, world.active[j] ? 0.5 : 1));
    }
    const toGoal = { x: world.goalX[i]! - position.x, y: world.goalY[i]! - position.y };
    const distance = Math.hypot(toGoal.x, toGoal.y);
    const speed = Math.min(limits.maxSpeed, distance / o.slowdownTime);
    const bearing = Math.atan2(toGoal.y, toGoal.x) - o.keepRight;
    const preferred = { x: Math.cos(bearing) * speed, y: Math.sin(bearing) * speed };
    const velocity = solveOrca(lines, hardLines, limits.maxSpeed, preferred);
    const [v, w] = holonomicToUnicycle(velocity, world.heading[i]!, limits);
    actions[agent] = new Float32Array([v, w]);
  }
  return actions;
}
