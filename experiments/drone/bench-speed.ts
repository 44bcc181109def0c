/**
 * Simulation speed of the drone envs, in physics steps per second and times real time.
 *
 * Reference measured in the same run: a bare cannon-es world holding one box body over a ground
 * plane, stepped at 240 Hz with nothing else (the floor our env builds on). Published reference,
 * not measurable here (no Python): gym-pybullet-drones flies one drone at about 16x real time,
 * about 3.7k physics steps/s (its README). Each row is the best of `repeats` windows.
 *
 * Run: npx tsx experiments/drone/bench-speed.ts [--seconds 1.5] [--repeats 5]
 */
import { Body, Box, Plane, Vec3, World } from 'cannon-es';
import { parseScriptArgs } from '../../src/cli/args.js';
import { make } from '../../src/registry.js';
import '../../envs/index.js';
import { pilotAction } from '../../envs/drone/pilot.js';
import { Rng } from '../../src/core/rng.js';

const GYM_PYBULLET_DRONES_REALTIME = 16;
const PHYSICS_HZ = 240;

export interface SpeedRow {
  name: string;
  physicsStepsPerSecond: number;
  realTimeFactor: number;
}

/** Best-of-`repeats` physics steps per second of `stepFor`, which runs for about `seconds` and returns the physics steps taken. */
function bestOf(repeats: number, seconds: number, stepFor: (seconds: number) => number): number {
  let best = 0;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    const steps = stepFor(seconds);
    best = Math.max(best, steps / ((performance.now() - start) / 1000));
  }
  return best;
}

function bareCannon(seconds: number): number {
  const world = new World({ gravity: new Vec3(0, 0, -9.8) });
  world.addBody(new Body({ type: Body.STATIC, shape: new Plane() }));
  const body = new Body({ mass: 0.027, shape: new Box(new Vec3(0.045, 0.045, 0.0125)), position: new Vec3(0, 0, 1) });
  world.addBody(body);
  const deadline = performance.now() + seconds * 1000;
  let steps = 0;
  while (performance.now() < deadline) {
    for (let i = 0; i < 240; i++) {
      // Hold it in the air as the rotors would, so that no contact is computed.
      body.force.set(0, 0, 0.027 * 9.8);
      world.step(1 / PHYSICS_HZ);
    }
    steps += 240;
  }
  return steps;
}

type Policy = 'pilot' | 'random';

function envSteps(id: string, kwargs: Record<string, unknown>, policy: Policy): (seconds: number) => number {
  return (seconds) => {
    const env = make<Float32Array, Float32Array>(id, kwargs);
    const substeps = PHYSICS_HZ / env.metadata.renderFps;
    const rng = new Rng(0);
    const random = new Float32Array(4);
    let { observation } = env.reset({ seed: 0 });
    const deadline = performance.now() + seconds * 1000;
    let steps = 0;
    while (performance.now() < deadline) {
      for (let i = 0; i < 30; i++) {
        let action: Float32Array;
        if (policy === 'pilot') action = pilotAction(observation);
        else {
          for (let k = 0; k < 4; k++) random[k] = rng.uniform(-1, 1);
          action = random;
        }
        const result = env.step(action);
        observation = result.terminated || result.truncated ? env.reset().observation : result.observation;
      }
      steps += 30 * substeps;
    }
    return steps;
  };
}

/** Measures every row; prints nothing. */
export function measureSpeed(seconds = 1.5, repeats = 5): SpeedRow[] {
  const cases: [string, (seconds: number) => number][] = [
    ['cannon-es bare world (1 box + ground), reference', bareCannon],
    ['Hover-v0, rotors, random actions (with resets)', envSteps('Drone/Hover-v0', {}, 'random')],
    ['Hover-v0, velocity + PID pilot (in flight)', envSteps('Drone/Hover-v0', { actionMode: 'velocity' }, 'pilot')],
    ['Waypoints-v0, velocity + PID pilot', envSteps('Drone/Waypoints-v0', { actionMode: 'velocity' }, 'pilot')],
    ['Obstacles-v0 (20 pillars, 16 rays), rotors, random', envSteps('Drone/Obstacles-v0', {}, 'random')],
    ['Obstacles-v0 (20 pillars, 16 rays), velocity + pilot', envSteps('Drone/Obstacles-v0', { actionMode: 'velocity' }, 'pilot')],
  ];
  // One short untimed pass so that every case is compiled before timing.
  for (const [, run] of cases) run(0.2);
  return cases.map(([name, run]) => {
    const physicsStepsPerSecond = bestOf(repeats, seconds, run);
    return { name, physicsStepsPerSecond, realTimeFactor: physicsStepsPerSecond / PHYSICS_HZ };
  });
}

export function printSpeedTable(rows: SpeedRow[]): void {
  console.log('\nDrone simulation speed (240 Hz physics, 30 Hz control; best of N windows)');
  console.log('| case | physics steps/s | x real time | vs gym-pybullet-drones (16x, published) | vs bare cannon-es |');
  console.log('|---|---:|---:|---:|---:|');
  const bare = rows[0]!.physicsStepsPerSecond;
  for (const row of rows) {
    console.log(`| ${row.name} | ${Math.round(row.physicsStepsPerSecond).toLocaleString('en-US')} | ${row.realTimeFactor.toFixed(0)}x | ${(row.realTimeFactor / GYM_PYBULLET_DRONES_REALTIME).toFixed(1)}x | ${(row.physicsStepsPerSecond / bare).toFixed(2)} |`);
  }
}


if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseScriptArgs('experiments/drone/bench-speed.ts', { seconds: { type: 'string' }, repeats: { type: 'string' } });
  printSpeedTable(measureSpeed(args.number('seconds', 1.5, { integer: false }), args.number('repeats', 5)));
}
