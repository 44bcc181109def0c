/**
 * Speed of Drone/IndoorNavigation-v0's parts on one core, against the issue's targets and, for
 * the dynamics, against the cannon-es Quadrotor the other drone tasks use (measured in the same run):
 *
 * - the depth camera at 64x64 from random poses in 2x2-room plans (target 5,000 frames/s);
 * - the cf2x physics step with the PID, direct vs cannon-es;
 * - env steps per second with the camera, resets excluded (target 2,000), and the cost of a reset.
 *
 * Each row is the best of `--repeats` windows of about `--seconds` (the machine may be shared).
 * Run: npx tsx experiments/indoor/bench-indoor.ts [--seconds 1] [--repeats 5]
 */
import { DepthCamera, DEPTH_CAMERA_DEFAULTS } from '../../envs/drone/indoor/depth-camera.js';
import { DirectQuadrotor } from '../../envs/drone/indoor/direct-quadrotor.js';
import { generateFloorPlan } from '../../envs/drone/indoor/floor-plan.js';
import { IndoorNavigationEnv } from '../../envs/drone/indoor/indoor-env.js';
import { CascadedPid } from '../../envs/drone/pid.js';
import { Quadrotor } from '../../envs/drone/quadrotor.js';
import { parseScriptArgs } from '../../src/cli/args.js';
import { Rng } from '../../src/core/rng.js';

const args = parseScriptArgs('experiments/indoor/bench-indoor.ts', { seconds: { type: 'string' }, repeats: { type: 'string' } });
const seconds = args.number('seconds', 1, { integer: false });
const repeats = args.number('repeats', 5);

/** Best rate over `repeats` windows: `work(deadline)` runs until the deadline and returns how many units it did. */
function bestRate(work: (deadline: number) => number): number {
  let best = 0;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    const units = work(start + seconds * 1000);
    best = Math.max(best, units / ((performance.now() - start) / 1000));
  }
  return best;
}

// The camera: 20 plans, 50 random poses each, cycled.
const rng = new Rng(0);
const camera = new DepthCamera(DEPTH_CAMERA_DEFAULTS);
const image = new Float32Array(DEPTH_CAMERA_DEFAULTS.width * DEPTH_CAMERA_DEFAULTS.height);
const poses: { boxes: Float64Array; count: number; x: number; y: number; yaw: number }[] = [];
for (let k = 0; k < 20; k++) {
  const plan = generateFloorPlan(k);
  const boxes = Float64Array.from(plan.boxes.flat());
  for (let j = 0; j < 50; j++) poses.push({ boxes, count: plan.boxes.length, x: rng.uniform(0.3, plan.width - 0.3), y: rng.uniform(0.3, plan.depth - 0.3), yaw: rng.uniform(-Math.PI, Math.PI) });
}
const cameraFps = bestRate((deadline) => {
  let frames = 0;
  while (performance.now() < deadline) {
    for (let i = 0; i < 100; i++, frames++) {
      const p = poses[frames % poses.length]!;
      camera.render(p.boxes, p.count, 2.5, p.x, p.y, 1.2, p.yaw, image);
    }
  }
  return frames;
});

// The dynamics: PID velocity flight, 240 Hz.
function physicsRate(make: () => { state: Quadrotor['state']; dt: number; setRotorSpeeds(r: ArrayLike<number>): void; physicsStep(): void }): number {
  return bestRate((deadline) => {
    const quad = make();
    const pid = new CascadedPid();
    const rpms = new Float64Array(4);
    const target = Float64Array.of(0.5, 0.2, 0);
    let steps = 0;
    while (performance.now() < deadline) {
      for (let i = 0; i < 240; i++, steps++) {
        quad.setRotorSpeeds(pid.velocityToRotorSpeeds(quad.state, target, 0.3, quad.dt, rpms));
        quad.physicsStep();
      }
    }
    return steps;
  });
}
const cannonSteps = physicsRate(() => new Quadrotor({ physicsHz: 240, startPosition: [0, 0, 1] }));
const directSteps = physicsRate(() => new DirectQuadrotor(240, [0, 0, 1]));

// The env: a seeded random policy; steps and resets timed apart.
const env = new IndoorNavigationEnv();
const actions = new Rng(1);
let envSteps = 0;
let resetMs = Infinity;
for (let r = 0; r < repeats; r++) {
  env.reset({ seed: r });
  let steps = 0;
  let stepTime = 0;
  let resets = 0;
  let resetTime = 0;
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    const action = Float32Array.of(actions.uniform(-1, 1), actions.uniform(-1, 1), actions.uniform(-1, 1));
    const t0 = performance.now();
    const result = env.step(action);
    const t1 = performance.now();
    stepTime += t1 - t0;
    steps++;
    if (result.terminated || result.truncated) {
      env.reset();
      resetTime += performance.now() - t1;
      resets++;
    }
  }
  envSteps = Math.max(envSteps, steps / (stepTime / 1000));
  if (resets > 0) resetMs = Math.min(resetMs, resetTime / resets);
}

const rows: [string, string, string, string][] = [
  ['depth camera, 64x64 (frames/s)', cameraFps.toFixed(0), '5,000 (issue #18)', (cameraFps / 5000).toFixed(2)],
  ['cf2x + PID physics step, direct (steps/s)', directSteps.toFixed(0), `${cannonSteps.toFixed(0)} (cannon-es Quadrotor, this run)`, (directSteps / cannonSteps).toFixed(1)],
  ['env step with camera, 48 physics steps (steps/s)', envSteps.toFixed(0), '2,000 (issue #18)', (envSteps / 2000).toFixed(2)],
  ['env reset: plan, grid, distance field (ms)', resetMs.toFixed(2), '-', '-'],
];
console.log('| measure | this run | reference | ratio |');
console.log('| --- | --- | --- | --- |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
