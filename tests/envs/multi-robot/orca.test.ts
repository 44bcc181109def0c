import { describe, expect, it } from 'vitest';
import '../../../envs/index.js';
import { CollisionAvoidanceEnv, agentLine, holonomicToUnicycle, navigationMetrics, orcaActions, solveOrca, violation, wallLine } from '../../../envs/multi-robot/index.js';
import { makeParallel } from '../../../src/multi-agent/parallel-registry.js';

const limits = { maxSpeed: 1, maxTurnRate: 1, dt: 0.1 };

describe('ORCA constraints, worked by hand', () => {
  it('two robots at rest 4 m apart (radii 0.5, horizon 2 s): each may approach at 0.75 m/s', () => {
    // Velocity obstacle cut-off circle: centre (4, 0) / 2 = (2, 0), radius 1 / 2 = 0.5. The relative
    // velocity (0, 0) is 1.5 from its nearest boundary point (1.5, 0); A takes half: vx <= 0.75.
    const line = agentLine({ x: 0, y: 0 }, { x: 0, y: 0 }, { x: 4, y: 0 }, { x: 0, y: 0 }, 1, 2, 0.1, 0.5);
    expect(line.point.x).toBeCloseTo(0.75, 12);
    expect(line.point.y).toBeCloseTo(0, 12);
    expect(line.direction.x).toBeCloseTo(0, 12);
    expect(line.direction.y).toBe(1);
    const v = solveOrca([line], 0, 1, { x: 1, y: 0 });
    expect(v.x).toBeCloseTo(0.75, 12);
    expect(v.y).toBeCloseTo(0, 12);
    // Against a robot that stands still, A takes all of it: vx <= 1.5, so its preferred 1 m/s is allowed.
    const alone = agentLine({ x: 0, y: 0 }, { x: 0, y: 0 }, { x: 4, y: 0 }, { x: 0, y: 0 }, 1, 2, 0.1, 1);
    expect(alone.point.x).toBeCloseTo(1.5, 12);
    expect(solveOrca([alone], 0, 1, { x: 1, y: 0 })).toEqual({ x: 1, y: 0 });
  });

  it('head-on at 1 m/s: the new velocity leaves the collision cone', () => {
    const line = agentLine({ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 3, y: 0 }, { x: -1, y: 0 }, 0.5, 2, 0.1, 0.5);
    const v = solveOrca([line], 0, 1, { x: 1, y: 0 });
    expect(violation(line, v)).toBeLessThanOrEqual(1e-12);
    // The relative velocity 2 * v (B mirrors A) must miss a disc of radius 0.5 at distance 3 within 2 s.
    expect(Math.abs(v.y)).toBeGreaterThan(0.05);
  });

  it('a wall 1 m ahead (radius 0.2, horizon 1 s) caps the speed towards it at 0.8 m/s', () => {
    const line = wallLine({ x: 0, y: 0 }, 0.2, 1, -5, 1, 5, 1);
    expect(violation(line, { x: 0.8, y: 0 })).toBeCloseTo(0, 12);
    expect(violation(line, { x: 0.9, y: 0 })).toBeGreaterThan(0);
    const v = solveOrca([line], 1, 1, { x: 1, y: 0 });
    expect(v.x).toBeCloseTo(0.8, 12);
  });

  it('with no constraint the preferred velocity stands, clipped to the maximum speed', () => {
    expect(solveOrca([], 0, 1, { x: 0.3, y: 0.4 })).toEqual({ x: 0.3, y: 0.4 });
    const v = solveOrca([], 0, 1, { x: 3, y: 4 });
    expect([v.x, v.y]).toEqual([0.6, 0.8]);
  });

  it('contradicting constraints: keeps the wall, and violates the robot lines as little as possible', () => {
    const wall = wallLine({ x: 0, y: 0 }, 0.2, 0.7, -5, 0.7, 5, 1); // vx <= 0.5
    const push = { point: { x: 0.9, y: 0 }, direction: { x: 0, y: -1 } }; // asks vx >= 0.9
    const v = solveOrca([wall, push], 1, 1, { x: 0, y: 0 });
    expect(violation(wall, v)).toBeLessThanOrEqual(1e-9);
    expect(v.x).toBeCloseTo(0.5, 9);
  });

  it('maps a holonomic velocity to (v, w): turn at the limit, move along the heading reached', () => {
    const [v, w] = holonomicToUnicycle({ x: 0, y: 1 }, 0, limits);
    expect(w).toBe(1);
    expect(v).toBeCloseTo(Math.cos(Math.PI / 2 - 0.1), 12);
    expect(holonomicToUnicycle({ x: 0.5, y: 0 }, 0, limits)).toEqual([0.5, 0]);
    expect(holonomicToUnicycle({ x: -1, y: 0 }, 0, limits)[0]).toBe(0);
  });
});

describe('ORCA in the env', () => {
  it('brings every robot of a 6-robot circle home without a collision', () => {
    const env = makeParallel('MultiRobot/CollisionAvoidance-v0', { robots: 6, beams: 8 });
    const world = env.unwrapped as CollisionAvoidanceEnv;
    env.reset({ seed: 3 });
    let steps = 0;
    while (env.agents.length > 0) {
      env.step(orcaActions(world.world, env.agents, world.options));
      steps++;
    }
    const metrics = navigationMetrics(world.outcomes(), 1);
    expect(metrics.successRate).toBe(1);
    expect(metrics.collisionRate).toBe(0);
    // 8 m across at 1 m/s is 80 steps; ORCA's detours and turns cost a little.
    expect(steps).toBeGreaterThanOrEqual(80);
    expect(steps).toBeLessThan(110);
  });
});
