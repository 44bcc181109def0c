/**
 * Drone/IndoorNavigation-v0: the direct cf2x dynamics against cannon-es, seeded floor plans,
 * the depth camera on known geometry, the env's spaces, endings and rewards, and the baselines.
 */
import { describe, expect, it } from 'vitest';
import '../../../envs/index.js';
import { ReactivePilot, RoutePilot } from '../../../envs/drone/indoor/baselines.js';
import { DepthCamera } from '../../../envs/drone/indoor/depth-camera.js';
import { DirectQuadrotor } from '../../../envs/drone/indoor/direct-quadrotor.js';
import { generateFloorPlan } from '../../../envs/drone/indoor/floor-plan.js';
import { IndoorNavigationEnv } from '../../../envs/drone/indoor/indoor-env.js';
import { PlanGrid } from '../../../envs/drone/indoor/plan-grid.js';
import { CascadedPid } from '../../../envs/drone/pid.js';
import { Quadrotor } from '../../../envs/drone/quadrotor.js';
import { make } from '../../../src/registry.js';

describe('DirectQuadrotor', () => {
  it('flies the same trajectory as the cannon-es Quadrotor, step for step (2 s of PID flight, turning)', () => {
    const engine = new Quadrotor({ physicsHz: 240, startPosition: [0, 0, 1], startYaw: 0.3 });
    const direct = new DirectQuadrotor(240, [0, 0, 1], 0.3);
    const pids = [new CascadedPid(), new CascadedPid()];
    const rpms = [new Float64Array(4), new Float64Array(4)];
    let worst = 0;
    for (let k = 0; k < 480; k++) {
      const target = [Math.sin(k / 50), 0.5, 0.2 * Math.cos(k / 30)];
      [engine, direct].forEach((quad, i) => {
        quad.setRotorSpeeds(pids[i]!.velocityToRotorSpeeds(quad.state, target, 0.5, quad.dt, rpms[i]!));
        quad.physicsStep();
      });
      for (const key of ['position', 'velocity', 'quaternion', 'bodyRates'] as const) {
        for (let j = 0; j < engine.state[key].length; j++) worst = Math.max(worst, Math.abs(engine.state[key][j]! - direct.state[key][j]!));
      }
    }
    expect(worst).toBeLessThan(1e-9);
    // It really moved: about a metre sideways and a full turn of attitude changes.
    expect(Math.hypot(direct.state.position[0]!, direct.state.position[1]!)).toBeGreaterThan(0.5);
  });
});

describe('floor plans', () => {
  it('the same seed gives the same plan; every plan of 100 seeds has its goal in another room, reachable', () => {
    expect(generateFloorPlan(5)).toEqual(generateFloorPlan(5));
    expect(generateFloorPlan(5)).not.toEqual(generateFloorPlan(6));
    let furnished = 0;
    for (let seed = 0; seed < 100; seed++) {
      const plan = generateFloorPlan(seed, { size: 3, ceiling: 2.5, flightHeight: 1.2 });
      expect(plan.goalRoom).not.toBe(plan.startRoom);
      expect(plan.rooms).toHaveLength(9);
      if (plan.boxes.length > plan.wallCount) furnished++;
      const grid = new PlanGrid(plan, { resolution: 0.1, clearance: 0.1 });
      const straight = Math.hypot(plan.goal[0] - plan.start[0], plan.goal[1] - plan.start[1]);
      const around = grid.distanceAt(grid.distanceField(plan.goal), plan.start[0], plan.start[1]);
      expect(around).toBeGreaterThanOrEqual(straight - 0.2);
      expect(around).toBeLessThan(Infinity);
    }
    expect(furnished).toBeGreaterThan(80);
  });

  it("train plans use even plan seeds and test plans odd ones, so they never meet", () => {
    const parity = (plans: string) => {
      const env = new IndoorNavigationEnv({ plans });
      return Array.from({ length: 30 }, (_, seed) => {
        env.reset({ seed });
        return env.planSeed % 2;
      });
    };
    expect(new Set(parity('train'))).toEqual(new Set([0]));
    expect(new Set(parity('test'))).toEqual(new Set([1]));
  });
});

describe('DepthCamera', () => {
  // One wall 2 m ahead (x = 2 .. 2.1), floor and ceiling at 0 and 2.5; the camera at z = 1 looks along +x.
  const wall = Float64Array.of(2, -50, 0, 2.1, 50, 2.5);
  const camera = new DepthCamera({ width: 16, height: 16, fov: Math.PI / 2, maxRange: 10 });
  const image = new Float32Array(256);

  it('reads the same optical depth across a wall facing it (depth along the axis, not the ray length)', () => {
    camera.render(wall, 1, 2.5, 0, 0, 1, 0, image);
    for (const u of [0, 5, 8, 15]) expect(image[8 * 16 + u]).toBeCloseTo(0.2, 6);
  });

  it('sees the floor below the wall and the ceiling above it, where the geometry puts them', () => {
    // Nearly the full wall at 2 m fills rows whose slope stays within [-1/2, 3/4]; beyond, floor and ceiling come nearer.
    camera.render(wall, 1, 2.5, 0, 0, 1, 0, image);
    const focal = 8 / Math.tan(Math.PI / 4);
    const slope = (v: number) => (8 - v - 0.5) / focal;
    expect(image[15 * 16 + 8]).toBeCloseTo(-1 / slope(15) / 10, 6); // floor: z / |slope|
    expect(image[0 * 16 + 8]).toBeCloseTo(1.5 / slope(0) / 10, 6); // ceiling: (2.5 - z) / slope
  });

  it("turns with yaw, sees a low box's front and top, and reads 1 beyond maxRange", () => {
    camera.render(wall, 1, 2.5, 0, 0, 1, Math.PI, image);
    expect(image[8 * 16 + 8]).toBe(1); // looking away: nothing within 10 m at the horizon rows
    const table = Float64Array.of(1, -1, 0, 3, 1, 0.6);
    camera.render(table, 1, 2.5, 0, 0, 1, 0, image);
    // Row v looks along slope (8 - v - 0.5) / 8. Row 12 (-0.5625) is at z = 0.4375 at the table's front (x = 1),
    // below its top: it hits the front face at 1 m.
    expect(image[12 * 16 + 8]).toBeCloseTo(0.1, 6);
    // Row 8 (-0.0625) is above the table at its front and would reach z = 0.6 only at 6.4 m, past its back (3 m):
    // it flies over, and meets the floor at 16 m, beyond maxRange.
    expect(image[8 * 16 + 8]).toBe(1);
    // Rows 9 (-0.1875) and 10 (-0.3125) come down onto the top, at 0.4 / 0.1875 and 0.4 / 0.3125 m.
    expect(image[9 * 16 + 8]).toBeCloseTo(0.4 / 0.1875 / 10, 6);
    expect(image[10 * 16 + 8]).toBeCloseTo(0.4 / 0.3125 / 10, 6);
  });
});

describe('Drone/IndoorNavigation-v0', () => {
  it('has a Dict observation (depth image, state vector) inside its space, and repeats itself from a seed', () => {
    const env = make('Drone/IndoorNavigation-v0') as unknown as IndoorNavigationEnv;
    const first = env.reset({ seed: 3 });
    expect(env.observationSpace.toString()).toBe('Dict(depth: Box(0, 1, [64, 64, 1], float32), state: Box(-10, 10, [10], float32))');
    expect(env.actionSpace.shape).toEqual([3]);
    expect(env.observationSpace.contains(first.observation)).toBe(true);
    const steps = Array.from({ length: 5 }, () => env.step(Float32Array.of(0.5, 0, 0.2)).observation.state);
    env.reset({ seed: 3 });
    const again = Array.from({ length: 5 }, () => env.step(Float32Array.of(0.5, 0, 0.2)).observation.state);
    expect(again).toEqual(steps);
  });

  it('keeps the other action modes: 4 numbers for rotors, thrust-rates and velocity without altitude hold', () => {
    for (const kwargs of [{ actionMode: 'rotors' }, { actionMode: 'thrust-rates' }, { holdAltitude: false }]) {
      const env = new IndoorNavigationEnv(kwargs);
      expect(env.actionSpace.shape).toEqual([4]);
      env.reset({ seed: 0 });
      // Zero is hover (rotors, thrust-rates) or stand still (velocity): a second later the drone is still near 1.2 m.
      for (let k = 0; k < 5; k++) env.step(new Float32Array(4));
      expect(Math.abs(env.quadrotor!.state.position[2]! - 1.2)).toBeLessThan(0.1);
    }
  });

  it('stacks the last k depth frames, newest last, and refuses bad options and actions with the expected values', () => {
    const env = new IndoorNavigationEnv({ frameStack: 3, cameraWidth: 8, cameraHeight: 8 });
    const { observation } = env.reset({ seed: 1 });
    expect(observation.depth).toHaveLength(8 * 8 * 3);
    const next = env.step(Float32Array.of(0, 0, 1)).observation.depth;
    // The previous newest frame moved one channel back.
    for (let i = 0; i < 64; i++) expect(next[i * 3 + 1]).toBe(observation.depth[i * 3 + 2]);
    expect(() => new IndoorNavigationEnv({ plans: 'validation' })).toThrow(/'plans' must be 'train', 'test' or 'any', got "validation"/);
    expect(() => new IndoorNavigationEnv({ frameStack: 0 })).toThrow(/'frameStack' must be a positive integer, got 0/);
    expect(() => env.step(Float32Array.of(2, 0, 0))).toThrow(/invalid action/);
  });

  it('flying straight on ends in a collision (terminated, with the penalty); the A* route pilot reaches every goal of 10 test plans', () => {
    const env = new IndoorNavigationEnv({ plans: 'test' });
    env.reset({ seed: 0 });
    let result;
    do result = env.step(Float32Array.of(1, 0, 0));
    while (!result.terminated && !result.truncated);
    expect(result.info['reason']).toBe('collision');
    expect(result.reward).toBeLessThan(-9);
    for (let seed = 0; seed < 10; seed++) {
      env.reset({ seed });
      const pilot = RoutePilot.plan(env)!;
      let returns = 0;
      do {
        result = env.step(pilot.act(env));
        returns += result.reward;
      } while (!result.terminated && !result.truncated);
      expect(result.info['reason']).toBe('success');
      // Progress rewards sum to the shortest-path distance covered, plus the goal bonus.
      expect(returns).toBeGreaterThan(10);
    }
  });

  it('proximityPenalty charges for the nearest depth in view under proximityRange, exactly, and nothing when off', () => {
    const plain = new IndoorNavigationEnv({ plans: 'test' });
    const careful = new IndoorNavigationEnv({ plans: 'test', proximityPenalty: 2, proximityRange: 0.5 });
    plain.reset({ seed: 0 });
    careful.reset({ seed: 0 });
    const charges: number[] = [];
    for (;;) {
      const a = plain.step(Float32Array.of(1, 0, 0));
      const b = careful.step(Float32Array.of(1, 0, 0));
      // The same flight: only the reward differs, by the penalty the observed depth implies.
      expect(b.observation.depth).toEqual(a.observation.depth);
      const nearest = Math.min(...b.observation.depth) * 10;
      const charge = 2 * Math.max(0, 1 - nearest / 0.5);
      expect(a.reward - b.reward).toBeCloseTo(charge, 5);
      charges.push(charge);
      if (a.terminated || a.truncated) break;
    }
    // Flying straight into a wall, the last steps come within 0.5 m of it and pay.
    expect(charges.filter((c) => c > 0).length).toBeGreaterThan(0);
    expect(charges[0]).toBe(0);
    expect(() => new IndoorNavigationEnv({ proximityPenalty: -1 })).toThrow(/'proximityPenalty' must be a non-negative finite number, got -1/);
    expect(() => new IndoorNavigationEnv({ proximityRange: 0 })).toThrow(/'proximityRange' must be a positive finite number, got 0/);
  });

  it('truncates at the time limit when hovering, and the reactive pilot flies on depth alone', () => {
    const env = new IndoorNavigationEnv({ episodeSeconds: 2 });
    env.reset({ seed: 2 });
    let result;
    let steps = 0;
    do {
      result = env.step(Float32Array.of(0, 0, 0));
      steps++;
    } while (!result.terminated && !result.truncated);
    expect(result.truncated).toBe(true);
    expect(result.info['reason']).toBe('time-limit');
    expect(steps).toBe(10);
    const long = new IndoorNavigationEnv();
    const reactive = new ReactivePilot(long);
    let { observation } = long.reset({ seed: 2 });
    for (let k = 0; k < 50; k++) {
      const step = long.step(reactive.act(observation));
      observation = step.observation;
      if (step.terminated || step.truncated) break;
    }
    expect(long.render()!.updates.find((u) => u.id === 'trail')!.points!.length).toBeGreaterThan(1);
  });
});
