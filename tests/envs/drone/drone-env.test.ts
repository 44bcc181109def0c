import { describe, expect, it } from 'vitest';
import { make } from '../../../src/index.js';
import { DroneEnv } from '../../../envs/drone/drone-env.js';
import { HOVER_RPM } from '../../../envs/drone/cf2x.js';
import { pilotAction } from '../../../envs/drone/pilot.js';
import { OBSERVATION_INDEX } from '../../../envs/drone/observation.js';

const HOLD = new Float32Array(4);

function runUntilDone(env: ReturnType<typeof make<Float32Array, Float32Array>>, policy: (obs: Float32Array) => Float32Array, seed: number) {
  let { observation } = env.reset({ seed });
  const observations: number[] = [...observation];
  for (;;) {
    const result = env.step(policy(observation));
    observation = result.observation;
    observations.push(...observation, result.reward);
    if (result.terminated || result.truncated) return { result, observations };
  }
}

describe('Drone envs: spaces and observations', () => {
  it('registers three tasks with documented observation sizes and renderFps = control rate', () => {
    const sizes = { 'Drone/Hover-v0': 22, 'Drone/Waypoints-v0': 26, 'Drone/Obstacles-v0': 22 + 16 };
    for (const [id, size] of Object.entries(sizes)) {
      const env = make(id);
      expect(env.observationSpace.shape).toEqual([size]);
      expect(env.actionSpace.toString()).toBe('Box(-1, 1, [4], float32)');
      expect(env.metadata.renderFps).toBe(30);
    }
    expect(make('Drone/Hover-v0', { controlHz: 60 }).metadata.renderFps).toBe(60);
  });

  it('starts on the ground 1 m below the hover target, level and at rest', () => {
    const env = make('Drone/Hover-v0');
    const { observation, info } = env.reset({ seed: 0 });
    const i = OBSERVATION_INDEX;
    expect(observation[i.targetOffset + 2]).toBeCloseTo(1 - 0.0125, 6);
    expect(Math.abs(observation[i.targetOffset]!)).toBeLessThanOrEqual(0.1);
    expect(Array.from(observation.slice(i.rotation, i.rotation + 9))).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(Array.from(observation.slice(i.velocity, i.extras))).toEqual(new Array(10).fill(0));
    expect(info['positionError']).toBeCloseTo(Math.hypot(observation[0]!, observation[1]!, observation[2]!), 6);
  });

  it('keeps every observation inside its space, for random actions in every mode and task', () => {
    for (const id of ['Drone/Hover-v0', 'Drone/Waypoints-v0', 'Drone/Obstacles-v0']) {
      for (const actionMode of ['rotors', 'thrust-rates', 'velocity']) {
        const env = make<Float32Array, Float32Array>(id, { actionMode });
        env.actionSpace.seed(1);
        let { observation } = env.reset({ seed: 1 });
        for (let t = 0; t < 90; t++) {
          expect(env.observationSpace.whyNotContained(observation)).toBeUndefined();
          const result = env.step(env.actionSpace.sample());
          observation = result.observation;
          expect(Number.isFinite(result.reward)).toBe(true);
          if (result.terminated || result.truncated) observation = env.reset().observation;
        }
      }
    }
  });
});

describe('Drone envs: flying', () => {
  it('pays 1 - distance in Hover-v0: zero rotor action (exactly hover speed) leaves the drone on the ground', () => {
    const env = new DroneEnv({ task: 'hover' });
    env.reset({ seed: 0 });
    const result = env.step(HOLD);
    expect(result.terminated).toBe(false);
    expect(env.quadrotor!.state.position[2]).toBeCloseTo(0.0125, 3);
    const error = result.info['positionError'] as number;
    expect(error).toBeGreaterThan(0.98);
    expect(result.reward).toBeCloseTo(1 - error, 3);
  });

  it('takes off in rotor mode at full authority: thrust 1.1025 m g lifts the drone', () => {
    const env = new DroneEnv({ task: 'hover' });
    env.reset({ seed: 0 });
    for (let t = 0; t < 15; t++) env.step(new Float32Array([1, 1, 1, 1]));
    // a = (1.05^2 - 1) g = 0.9996 m/s^2 for 0.5 s: z gains about a t^2 / 2 = 0.125 m.
    const z = env.quadrotor!.state.position[2]! - 0.0125;
    expect(z).toBeGreaterThan(0.11);
    expect(z).toBeLessThan(0.13);
    expect(env.quadrotor!.rpms[0]).toBeCloseTo(1.05 * HOVER_RPM, 6);
  });

  it('flies the waypoint course with the PID pilot and ends in success', () => {
    const env = make<Float32Array, Float32Array>('Drone/Waypoints-v0', { actionMode: 'velocity' });
    const { result } = runUntilDone(env, (obs) => pilotAction(obs), 3);
    expect(result.terminated).toBe(true);
    expect(result.info['reason']).toBe('success');
    expect(result.info['waypointsReached']).toBe(4);
  });

  it('counts a waypoint passed between two control steps (checked at the physics rate)', () => {
    const env = new DroneEnv({ task: 'waypoints' });
    env.reset({ seed: 5 });
    const waypoint = (env.task as unknown as { waypoints: number[][] }).waypoints[0]!;
    // 0.15 m before the waypoint at 9 m/s: one 1/30 s step carries it 0.3 m, through the
    // waypoint and out to 0.15 m beyond; neither control step ends within 0.1 m.
    env.quadrotor!.body.position.set(waypoint[0]! - 0.15, waypoint[1]!, waypoint[2]!);
    env.quadrotor!.body.velocity.set(9, 0, 0);
    const result = env.step(HOLD);
    const p = env.quadrotor!.state.position;
    expect(Math.hypot(p[0]! - waypoint[0]!, p[1]! - waypoint[1]!, p[2]! - waypoint[2]!)).toBeGreaterThan(0.1);
    expect(result.info['waypointsReached']).toBe(1);
    expect(result.reward).toBeGreaterThan(10);
  });

  it('truncates Hover-v0 after 8 s of simulated time', () => {
    const env = make<Float32Array, Float32Array>('Drone/Hover-v0', { actionMode: 'velocity', controlHz: 48 });
    let steps = 0;
    env.reset({ seed: 0 });
    for (;;) {
      const result = env.step(HOLD);
      steps++;
      if (result.truncated) {
        expect(result.info['reason']).toBe('time-limit');
        expect(result.info['time']).toBeCloseTo(8, 9);
        break;
      }
    }
    expect(steps).toBe(8 * 48);
  });

  it('is deterministic: same seed and actions, same trajectory bit for bit', () => {
    const run = () => {
      const env = make<Float32Array, Float32Array>('Drone/Obstacles-v0', { actionMode: 'thrust-rates' });
      let k = 0;
      return runUntilDone(env, () => new Float32Array([0.3, Math.sin(k++ / 5) * 0.2, 0.1, 0]), 11).observations;
    };
    const first = run();
    expect(first.length).toBeGreaterThan(38 * 10);
    expect(run()).toEqual(first);
  });

  it('draws a different pillar field and waypoint course for a different seed', () => {
    const env = new DroneEnv({ task: 'waypoints' });
    env.reset({ seed: 1 });
    const first = (env.task as unknown as { waypoints: number[][] }).waypoints;
    env.reset({ seed: 2 });
    expect((env.task as unknown as { waypoints: number[][] }).waypoints).not.toEqual(first);
  });
});

describe('Drone envs: crashes and end reasons', () => {
  it('crashes into the ground when falling from height', () => {
    const env = new DroneEnv({ task: 'hover' });
    env.reset({ seed: 0 });
    env.quadrotor!.body.position.z = 1.5;
    let result;
    do result = env.step(new Float32Array([-1, -1, -1, -1]));
    while (!result.terminated);
    expect(result.info['reason']).toBe('crash-ground');
    expect(result.reward).toBeLessThan(-9);
  });

  it('terminates on tilt beyond the limit', () => {
    const env = new DroneEnv({ task: 'hover', actionMode: 'thrust-rates' });
    env.reset({ seed: 0 });
    env.quadrotor!.body.position.z = 1;
    let result;
    do result = env.step(new Float32Array([0.2, 1, 0, 0]));
    while (!result.terminated);
    expect(result.info['reason']).toBe('tilt');
    // Rolling at 3 rad/s passes 60 degrees after a bit more than 0.35 s.
    expect(result.info['time']).toBeGreaterThan(0.3);
    expect(result.info['time']).toBeLessThan(0.6);
  });

  it('terminates when leaving the arena', () => {
    const env = new DroneEnv({ task: 'hover', actionMode: 'velocity' });
    env.reset({ seed: 0 });
    let result;
    do result = env.step(new Float32Array([0, 0, 1, 0]));
    while (!result.terminated && !result.truncated);
    expect(result.info['reason']).toBe('out-of-arena');
  });

  it('crashes into a pillar when flying straight through the field', () => {
    const env = new DroneEnv({ task: 'obstacles', actionMode: 'velocity' });
    const reasons = new Set<unknown>();
    for (let seed = 0; seed < 3; seed++) {
      env.reset({ seed });
      let result;
      do result = env.step(new Float32Array([1, 0, 0.5, 0]));
      while (!result.terminated && !result.truncated);
      reasons.add(result.info['reason']);
    }
    expect(reasons.has('crash-obstacle')).toBe(true);
  });

  it('ends with reason nonfinite-state, and a finite observation, when the physics blows up', () => {
    const env = new DroneEnv({ task: 'hover' });
    const { observation } = env.reset({ seed: 0 });
    env.quadrotor!.body.velocity.x = Number.NaN;
    const result = env.step(HOLD);
    expect(result.terminated).toBe(true);
    expect(result.info['reason']).toBe('nonfinite-state');
    expect(Array.from(result.observation)).toEqual(Array.from(observation));
    expect(result.reward).toBe(-10);
  });
});

describe('Drone envs: bad input', () => {
  it('refuses NaN and out-of-range actions, naming the env and the value', () => {
    const env = make('Drone/Hover-v0');
    expect(() => env.step(HOLD)).toThrow(/step\(\) called before reset\(\)/);
    env.reset({ seed: 0 });
    expect(() => env.step(new Float32Array([0, Number.NaN, 0, 0]))).toThrow(/Drone\/Hover-v0.step\(\): invalid action: .*got NaN at index 1/);
    expect(() => env.step(new Float32Array([0, 0, 1.5, 0]))).toThrow(/got 1.5 at index 2, outside \[-1, 1\]/);
    expect(() => env.step(new Float32Array(3))).toThrow(/expected 4 values/);
  });

  it('refuses to step a finished episode', () => {
    const env = new DroneEnv({ task: 'hover' });
    env.reset({ seed: 0 });
    env.quadrotor!.body.velocity.x = Number.NaN;
    env.step(HOLD);
    expect(() => env.step(HOLD)).toThrow(/step\(\) called after the episode ended \(nonfinite-state\); call reset\(\) first/);
  });

  it('names an unknown action mode, with a hint', () => {
    expect(() => make('Drone/Hover-v0', { actionMode: 'velocty' })).toThrow(/Drone\/Hover-v0: unknown actionMode "velocty". Did you mean 'velocity'\?.*Expected one of: rotors, thrust-rates, velocity/);
  });

  it('refuses control rates that do not divide the physics rate, and unknown or bad options', () => {
    expect(() => make('Drone/Hover-v0', { controlHz: 50 })).toThrow(/controlHz must be a positive integer that divides physicsHz, got physicsHz=240, controlHz=50/);
    expect(() => make('Drone/Hover-v0', { numPillars: 3 })).toThrow(/Drone\/Hover-v0: unknown option 'numPillars'/);
    expect(() => make('Drone/Obstacles-v0', { numRays: 0 })).toThrow(/option 'numRays' must be an integer >= 1, got 0/);
    expect(() => make('Drone/Hover-v0', { tiltLimit: -1 })).toThrow(/option 'tiltLimit' must be a positive finite number, got -1/);
    expect(() => new DroneEnv({ task: 'loop' as never })).toThrow(/unknown task "loop"; expected one of: hover, waypoints, obstacles/);
  });
});

describe('Drone envs: render', () => {
  it('describes the drone, rotors, target, pillars and trail, and spins the rotors at their speed', () => {
    const env = make<Float32Array, Float32Array>('Drone/Obstacles-v0', { actionMode: 'velocity' });
    expect(env.unwrapped.render()).toBeUndefined();
    let { observation } = env.reset({ seed: 0 });
    const first = env.render()!;
    const ids = first.scene.objects.map((o) => o.id);
    for (const id of ['drone', 'rotor-0', 'rotor-3', 'goal', 'pillar-0', 'pillar-19', 'trail', 'arena']) expect(ids).toContain(id);
    expect(first.scene.objects.find((o) => o.id === 'rotor-2')!.parent).toBe('drone');
    for (let t = 0; t < 10; t++) observation = env.step(pilotAction(observation)).observation;
    const before = env.render()!;
    env.step(pilotAction(observation));
    const frame = env.render()!;
    expect(frame.scene).toBe(first.scene);
    // Drawn angle = true angle / 100: one 1/30 s step at about 14,500 RPM turns 1518 rad/s / 30 / 100 = 0.51 rad,
    // counter-clockwise (positive about z) for rotor 0, clockwise for rotor 1.
    const drawnTurn = (id: string) => {
      const angle = (f: typeof frame) => {
        const q = f.updates.find((u) => u.id === id)!.quaternion!;
        return 2 * Math.atan2(q[2], q[3]);
      };
      const turn = angle(frame) - angle(before);
      return Math.atan2(Math.sin(turn), Math.cos(turn));
    };
    expect(drawnTurn('rotor-0')).toBeGreaterThan(0.4);
    expect(drawnTurn('rotor-0')).toBeLessThan(0.65);
    expect(drawnTurn('rotor-1')).toBeLessThan(-0.4);
    expect(drawnTurn('rotor-1')).toBeGreaterThan(-0.65);
    expect(frame.updates.find((u) => u.id === 'trail')!.points).toHaveLength(12);
    expect(frame.hud['mode']).toBe('velocity');
  });
});
