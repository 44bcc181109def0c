import { describe, expect, it } from 'vitest';
import { checkEnv } from '../../../src/check.js';
import { make } from '../../../src/index.js';
import { DEFAULT_CAR } from '../../../envs/driving/bicycle.js';
import { expertSteering } from '../../../envs/driving/expert.js';
import { LaneKeepingCameraEnv } from '../../../envs/driving/lane-keeping-camera.js';
import { LaneKeepingEnv } from '../../../envs/driving/lane-keeping.js';
import type { LaneTaskEnv } from '../../../envs/driving/lane-task.js';

function expertAction(env: LaneTaskEnv<unknown>): Float32Array {
  return Float32Array.of(expertSteering(env.track, env.car) / DEFAULT_CAR.maxSteering);
}

describe('the expert driver', () => {
  it('stays within 0.3 m of the lane centre over a full lap on several tracks', () => {
    for (const trackSeed of [0, 1, 7, 12]) {
      const env = new LaneKeepingEnv({ trackSeed, randomStart: false });
      env.reset({ seed: 0 });
      let worst = 0;
      let laps = 0;
      const steps = Math.ceil(env.track.length / (10 * 0.05)) + 5;
      for (let t = 0; t < steps; t++) {
        const { info, terminated } = env.step(expertAction(env));
        expect(terminated).toBe(false);
        worst = Math.max(worst, Math.abs(info['lateralOffset'] as number));
        laps = info['laps'] as number;
      }
      expect(worst).toBeLessThan(0.3);
      expect(laps).toBe(1);
    }
  });

  it('recovers from a 1.2 m offset and a 0.2 rad heading error', () => {
    const env = new LaneKeepingEnv({ trackSeed: 3, randomStart: false });
    env.reset({ seed: 0 });
    env.placeOnLane(50, 1.2, 0.2);
    let last = 0;
    for (let t = 0; t < 100; t++) last = env.step(expertAction(env)).info['lateralOffset'] as number;
    expect(Math.abs(last)).toBeLessThan(0.1);
  });
});

describe('LaneKeeping-v0', () => {
  it('observes offset, heading error, speed, steering and curvature ahead', () => {
    const env = new LaneKeepingEnv({ trackSeed: 2, randomStart: false });
    const { observation, info } = env.reset({ seed: 1 });
    expect(observation).toBeInstanceOf(Float32Array);
    expect(observation.length).toBe(8);
    [0, 0, 10, 0].forEach((value, i) => expect(observation[i]).toBeCloseTo(value, 9));
    expect(env.observationSpace.contains(observation)).toBe(true);
    expect(Math.abs(observation[4]!)).toBeGreaterThan(0);
    expect(info['lateralOffset']).toBeCloseTo(0, 9);
    expect(info).toMatchObject({ progress: 0, laps: 0, offRoad: false, trackSeed: 2 });
  });

  it('pays about 1 per step on the lane centre and less off it; terminates off the road', () => {
    const env = new LaneKeepingEnv({ trackSeed: 2, randomStart: false });
    env.reset({ seed: 0 });
    expect(env.step(expertAction(env)).reward).toBeCloseTo(1, 1);
    env.placeOnLane(100, 0.875, 0); // half-way to the lane edge: centredness 1 - 0.25
    expect(env.step(expertAction(env)).reward).toBeCloseTo(0.75, 1);
    env.placeOnLane(100, -1.7, -0.5);
    let result = env.step(Float32Array.of(-1));
    for (let t = 0; t < 20 && !result.terminated; t++) result = env.step(Float32Array.of(-1));
    expect(result.terminated).toBe(true);
    expect(result.info['offRoad']).toBe(true);
    expect(result.info['lateralOffset'] as number).toBeLessThan(-1.75);
  });

  it('gives the same trajectory for the same seed, bit for bit, on random tracks', () => {
    const run = (): number[] => {
      const env = make('Driving/LaneKeeping-v0');
      const values: number[] = [...env.reset({ seed: 42 }).observation];
      env.actionSpace.seed(1);
      for (let t = 0; t < 30; t++) {
        const { observation, terminated, truncated } = env.step(env.actionSpace.sample());
        values.push(...observation);
        if (terminated || truncated) break;
      }
      return values;
    };
    expect(run()).toEqual(run());
  });

  it('draws a new track per reset unless trackSeed is fixed', () => {
    const env = new LaneKeepingEnv();
    const first = env.reset({ seed: 5 }).info['trackSeed'];
    const second = env.reset().info['trackSeed'];
    expect(first).not.toBe(second);
    expect(env.reset({ options: { trackSeed: 9 } }).info['trackSeed']).toBe(9);
  });

  it('truncates at 1000 steps through make()', () => {
    const env = make('Driving/LaneKeeping-v0', { trackSeed: 0 });
    env.reset({ seed: 0 });
    const inner = env.unwrapped as LaneKeepingEnv;
    let result = env.step(expertAction(inner));
    let steps = 1;
    while (!result.truncated && !result.terminated) {
      result = env.step(expertAction(inner));
      steps++;
    }
    expect(result.truncated).toBe(true);
    expect(steps).toBe(1000);
  });

  it('maps discrete actions to evenly spaced steering levels', () => {
    const env = make('Driving/LaneKeepingDiscrete-v0');
    expect(env.actionSpace.toString()).toBe('Discrete(5)');
    const inner = env.unwrapped as LaneKeepingEnv;
    expect([0, 1, 2, 3, 4].map((a) => inner.steeringCommand(a) / DEFAULT_CAR.maxSteering)).toEqual([-1, -0.5, 0, 0.5, 1]);
  });

  it('names the env and the bad value in its errors', () => {
    const env = make('Driving/LaneKeeping-v0');
    expect(() => env.step([0])).toThrow(/step\(\) before reset\(\)|call reset\(\) first/);
    env.reset({ seed: 0 });
    expect(() => env.step([Number.NaN])).toThrow(/Driving\/LaneKeeping-v0.step\(\): invalid action: .*NaN/);
    expect(() => env.step([1.5])).toThrow(/invalid action: .*got 1.5 at index 0, outside \[-1, 1\]/);
    expect(() => env.step([0, 0])).toThrow(/expected 1 values/);
    expect(() => make('Driving/LaneKeeping-v0', { sped: 3 })).toThrow(/unknown option 'sped'.*speed/);
    expect(() => make('Driving/LaneKeeping-v0', { discreteActions: 1 })).toThrow(/discreteActions must be 0 \(continuous\) or an integer >= 2, got 1/);
    expect(() => make('Driving/LaneKeeping-v0', { trackSeed: -3 })).toThrow(/trackSeed must be -1 .* got -3/);
    expect(() => env.reset({ options: { trackSeed: 'a' } })).toThrow(/options.trackSeed must be an integer >= 0, got "a"/);
  });

  it('renders the road mesh, the car, the camera frustum and the camera image', () => {
    const env = new LaneKeepingEnv({ trackSeed: 1 });
    env.reset({ seed: 0 });
    const frame = env.render()!;
    const ids = frame.scene.objects.map((o) => o.id);
    expect(ids).toEqual(expect.arrayContaining(['road', 'car', 'camera-frustum', 'camera-image', 'centre-dashes']));
    const road = frame.scene.objects.find((o) => o.id === 'road')!.shape;
    expect(road.type === 'mesh' && road.indices.length).toBe(env.track.count * 6);
    const image = frame.updates.find((u) => u.id === 'camera-image')!;
    expect(image.pixels!.length).toBe(66 * 200 * 3);
    expect(frame.updates.find((u) => u.id === 'car')!.position![2]).toBeCloseTo(0.7, 6);
    expect(env.render()!.scene).toBe(frame.scene);
  });
});

describe('the env checker', () => {
  it('finds nothing wrong with the three driving envs', () => {
    for (const id of ['Driving/LaneKeeping-v0', 'Driving/LaneKeepingDiscrete-v0', 'Driving/LaneKeepingCamera-v0']) {
      expect(checkEnv(make(id, { trackSeed: 4 }))).toMatchObject({ problems: [], passed: true });
    }
  });
});

describe('LaneKeepingCamera-v0', () => {
  it('observes uint8 images of the configured size, the same for the same seed', () => {
    const run = (): Uint8Array[] => {
      const env = make('Driving/LaneKeepingCamera-v0', { height: 33, width: 100, randomLighting: true, texture: 0.5 });
      const frames = [env.reset({ seed: 3 }).observation as Uint8Array];
      for (let t = 0; t < 5; t++) frames.push(env.step([0.05]).observation as Uint8Array);
      return frames;
    };
    const a = run();
    const b = run();
    expect(a[0]!.length).toBe(33 * 100 * 3);
    a.forEach((frame, i) => expect(Buffer.from(frame).equals(Buffer.from(b[i]!))).toBe(true));
    expect(Buffer.from(a[0]!).equals(Buffer.from(a[5]!))).toBe(false);
  });

  it('refuses bad camera kwargs', () => {
    expect(() => new LaneKeepingCameraEnv({ texture: 2 })).toThrow(/texture must be in \[0, 1\], got 2/);
    expect(() => make('Driving/LaneKeepingCamera-v0', { widht: 10 })).toThrow(/unknown option 'widht'.*width/);
  });
});
