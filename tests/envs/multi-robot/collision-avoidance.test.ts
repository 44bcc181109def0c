import { describe, expect, it } from 'vitest';
import '../../../envs/index.js';
import { CollisionAvoidanceEnv, RobotWorld, SCENARIOS, type Layout } from '../../../envs/multi-robot/index.js';
import { sceneFrameProblems } from '../../../src/check-scene.js';
import { checkParallelEnv } from '../../../src/multi-agent/check-parallel.js';
import { makeParallel } from '../../../src/multi-agent/parallel-registry.js';

const ID = 'MultiRobot/CollisionAvoidance-v0';
const act = (v: number, w: number) => new Float32Array([v, w]);

function layout(robots: { x: number; y: number; heading: number; gx: number; gy: number }[], walls: number[] = []): Layout {
  return {
    startX: Float64Array.from(robots.map((r) => r.x)),
    startY: Float64Array.from(robots.map((r) => r.y)),
    startHeading: Float64Array.from(robots.map((r) => r.heading)),
    goalX: Float64Array.from(robots.map((r) => r.gx)),
    goalY: Float64Array.from(robots.map((r) => r.gy)),
    walls,
    extent: 5,
  };
}

describe('laser scans, worked by hand', () => {
  // Three beams over 180 degrees: right (-90), ahead (0), left (+90); range 4 m.
  const lidar = { beams: 3, fov: Math.PI, range: 4 };

  it('reads the distance to the nearest disc surface or wall along each beam, the range elsewhere', () => {
    const world = new RobotWorld(
      layout([
        { x: 0, y: 0, heading: 0, gx: 0, gy: 0 },
        { x: 2, y: 0, heading: 0, gx: 0, gy: 0 },
        { x: 0, y: 3, heading: 0, gx: 0, gy: 0 },
      ]),
      { radius: 0.5, dt: 0.1, lidar },
    );
    const scan = new Float32Array(3);
    world.scan(0, scan, 0);
    expect(Array.from(scan)).toEqual([4, 1.5, 2.5]);
    // Robot 1 looks ahead (+x) at nothing; robot 0 is behind it, outside a 180-degree laser.
    world.scan(1, scan, 0);
    expect(Array.from(scan)).toEqual([4, 4, 4]);
  });

  it('sees walls, and the nearer of a wall and a robot', () => {
    const world = new RobotWorld(
      layout([
        { x: 0, y: 0, heading: Math.PI / 2, gx: 0, gy: 0 },
        { x: 0, y: 3.5, heading: 0, gx: 0, gy: 0 },
      ], [-5, 1, 5, 1, 1.25, -5, 1.25, 5]),
      { radius: 0.2, dt: 0.1, lidar },
    );
    const scan = new Float32Array(3);
    world.scan(0, scan, 0);
    // Heading +y: the right beam points along +x and meets the wall x = 1.25; ahead, the wall
    // y = 1 hides robot 1; the left beam (-x) meets nothing.
    expect(scan[0]).toBeCloseTo(1.25, 6);
    expect(scan[1]).toBeCloseTo(1, 6);
    expect(scan[2]).toBe(4);
  });
});

describe('MultiRobot/CollisionAvoidance-v0', () => {
  it('passes checkParallelEnv in every scenario', () => {
    for (const scenario of SCENARIOS) {
      const report = checkParallelEnv(makeParallel(ID, { robots: 8, beams: 16, scenario }), { steps: 60 });
      expect(report.problems, scenario).toEqual([]);
    }
  });

  it('drives a differential-drive robot: heading first, then along it; reward 2.5 x progress and the rotation penalty', () => {
    const env = makeParallel(ID, { robots: 2, beams: 8 });
    const world = env.unwrapped as CollisionAvoidanceEnv;
    env.reset({ seed: 0 });
    const w = world.world;
    const [x0, y0, h0] = [w.x[0]!, w.y[0]!, w.heading[0]!];
    const before = Math.hypot(w.goalX[0]! - x0, w.goalY[0]! - y0);
    const result = env.step({ robot_0: act(1, 0.8), robot_1: act(0, 0) });
    const heading = h0 + Math.fround(0.8) * 0.1;
    expect(w.heading[0]).toBeCloseTo(heading, 12);
    expect(w.x[0]).toBeCloseTo(x0 + 0.1 * Math.cos(heading), 12);
    expect(w.y[0]).toBeCloseTo(y0 + 0.1 * Math.sin(heading), 12);
    const after = Math.hypot(w.goalX[0]! - w.x[0]!, w.goalY[0]! - w.y[0]!);
    expect(result.rewards['robot_0']).toBeCloseTo(2.5 * (before - after) - 0.1 * 0.8, 6);
    expect(result.rewards['robot_1']).toBe(0);
  });

  it('observes stacked scans oldest first, then goal distance and bearing, then (v, w)', () => {
    const env = makeParallel(ID, { robots: 2, beams: 4, stackedScans: 3 });
    const world = env.unwrapped as CollisionAvoidanceEnv;
    const first = env.reset({ seed: 1 }).observations['robot_0']!;
    expect(first).toHaveLength(16);
    // Before any step the three scans are the same scan.
    expect(Array.from(first.subarray(0, 4))).toEqual(Array.from(first.subarray(8, 12)));
    const w = world.world;
    expect(first[12]).toBeCloseTo(Math.hypot(w.goalX[0]! - w.x[0]!, w.goalY[0]! - w.y[0]!), 5);
    const second = env.step({ robot_0: act(0.5, -0.25), robot_1: act(0, 0) }).observations['robot_0']!;
    expect(Array.from(second.subarray(0, 8))).toEqual(Array.from(first.subarray(4, 12)));
    expect(Array.from(second.subarray(8, 12))).toEqual(Array.from(world.latestScan(0)));
    expect(Array.from(second.subarray(14))).toEqual([0.5, -0.25]);
  });

  it('two robots that meet both collide (-15), stop, and leave agents; the world ends when all are done', () => {
    const env = makeParallel(ID, { robots: 2, beams: 8 });
    const world = env.unwrapped as CollisionAvoidanceEnv;
    env.reset({ seed: 0 });
    const w = world.world;
    // Point them exactly at each other.
    w.heading[0] = Math.atan2(w.y[1]! - w.y[0]!, w.x[1]! - w.x[0]!);
    w.heading[1] = w.heading[0]! + Math.PI;
    let result;
    let steps = 0;
    do {
      result = env.step({ robot_0: act(1, 0), robot_1: act(1, 0) });
      steps++;
    } while (env.agents.length === 2);
    // 8 m apart closing at 2 m/s, contact at 0.24 m: after 39 steps 0.2 m apart.
    expect(steps).toBe(39);
    expect(result.terminations).toEqual({ robot_0: true, robot_1: true });
    expect(result.rewards['robot_0']).toBeCloseTo(-15 + 2.5 * 0.1, 5);
    expect(result.infos['robot_0']).toMatchObject({ outcome: 'collided' });
    expect(env.agents).toEqual([]);
    expect(world.outcomes().map((o) => o.status)).toEqual(['collided', 'collided']);
  });

  it('arrival: +15, the robot stops on its goal and stays there as an obstacle', () => {
    // Three robots: robot 0's goal, the antipode, is no other robot's start.
    const env = makeParallel(ID, { robots: 3, beams: 8 });
    const world = env.unwrapped as CollisionAvoidanceEnv;
    env.reset({ seed: 0 });
    const w = world.world;
    w.x[0] = w.goalX[0]! - 0.15;
    w.y[0] = w.goalY[0]!;
    w.heading[0] = 0;
    const result = env.step({ robot_0: act(1, 0), robot_1: act(0, 0), robot_2: act(0, 0) }); // 0.1 m in one step
    expect(result.rewards['robot_0']).toBe(15);
    expect(result.terminations['robot_0']).toBe(true);
    expect(env.agents).toEqual(['robot_1', 'robot_2']);
    const x = w.x[0];
    env.step({ robot_1: act(0, 0), robot_2: act(0, 0) });
    expect(w.x[0]).toBe(x);
  });

  it('is deterministic under a seed; seeds differ', () => {
    const run = (seed: number) => {
      const env = makeParallel(ID, { robots: 5, beams: 16, scenario: 'random-obstacles' });
      const { observations } = env.reset({ seed });
      const trace = [Array.from(observations['robot_3']!)];
      for (let t = 0; t < 20 && env.agents.length > 0; t++) {
        const result = env.step(Object.fromEntries(env.agents.map((a, k) => [a, act(0.8, (k % 3) * 0.3 - 0.3)])));
        trace.push(Object.values(result.rewards));
      }
      return JSON.stringify(trace);
    };
    expect(run(4)).toBe(run(4));
    expect(run(4)).not.toBe(run(5));
  });

  it('renders every robot, goal and trail as a valid scene frame, and scan rays on request', () => {
    const env = makeParallel(ID, { robots: 4, beams: 16, renderScans: true, scenario: 'corridor' });
    env.reset({ seed: 0 });
    env.step(Object.fromEntries(env.agents.map((a) => [a, act(0.5, 0)])));
    const frame = env.render()!;
    expect(sceneFrameProblems(frame)).toEqual([]);
    const ids = frame.scene.objects.map((o) => o.id);
    for (let i = 0; i < 4; i++) for (const kind of ['robot', 'goal', 'trail', 'nose', 'scan']) expect(ids).toContain(`${kind}_${i}`);
    expect(ids.filter((id) => id.startsWith('wall_'))).toHaveLength(4);
    const trail = frame.updates.find((u) => u.id === 'trail_0')!;
    expect(trail.points).toHaveLength(2);
    expect(frame.hud).toMatchObject({ step: 1, driving: 4 });
  });

  it('refuses bad kwargs with the option, the expectation and the value', () => {
    expect(() => makeParallel(ID, { robots: 1 })).toThrow("option 'robots' must be an integer >= 2, got 1");
    expect(() => makeParallel(ID, { scenario: 'maze' })).toThrow(/option 'scenario' must be one of circle, random, random-obstacles, corridor, large, got "maze"/);
    expect(() => makeParallel(ID, { beam: 8 })).toThrow(/unknown option 'beam'/);
  });
});
