/**
 * Speed of MultiRobot/CollisionAvoidance-v0 in robot-steps per second (one robot moved, checked
 * and scanned = one robot-step), on one core, for 20 and 100 robots and several beam counts:
 * - world: the physics and sensing alone (RobotWorld: move, collision tests, laser scans);
 * - env: the full ParallelEnv step through makeParallel (action checks, rewards, observations).
 * Robots drive a fixed slow curve in the circle scenario so that the episode does not end.
 *
 *   npx tsx experiments/multi-robot/bench.ts [--seconds S]
 */
import '../../envs/index.js';
import type { CollisionAvoidanceEnv } from '../../envs/multi-robot/index.js';
import { makeParallel } from '../../src/multi-agent/parallel-registry.js';
import { parseScriptArgs } from '../../src/cli/args.js';

const { values } = parseScriptArgs('experiments/multi-robot/bench.ts', { seconds: { type: 'string', default: '2' } });
const seconds = Number(values.seconds);

function measure(run: () => number): number {
  let steps = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) steps += run();
  return steps / ((performance.now() - started) / 1000);
}

function worldRate(robots: number, beams: number): number {
  const env = makeParallel('MultiRobot/CollisionAvoidance-v0', { robots, beams }, { maxEpisodeSteps: 0 });
  env.reset({ seed: 0 });
  const world = (env.unwrapped as CollisionAvoidanceEnv).world;
  const scan = new Float32Array(beams);
  for (let i = 0; i < robots; i++) world.drive(i, 0.02, 0.05);
  return measure(() => {
    world.advance();
    for (let i = 0; i < robots; i++) {
      world.collides(i);
      world.scan(i, scan, 0);
    }
    return robots;
  });
}

function envRate(robots: number, beams: number): number {
  const env = makeParallel('MultiRobot/CollisionAvoidance-v0', { robots, beams }, { maxEpisodeSteps: 0 });
  env.reset({ seed: 0 });
  const action = new Float32Array([0.02, 0.05]);
  const actions = Object.fromEntries(env.possibleAgents.map((a) => [a, action]));
  return measure(() => {
    if (env.agents.length < robots) env.reset({ seed: 0 });
    env.step(actions);
    return robots;
  });
}

const rows: string[] = ['| robots | beams | world robot-steps/s | env robot-steps/s | env / world |', '|---:|---:|---:|---:|---:|'];
for (const robots of [20, 100]) {
  for (const beams of [512, 64, 16]) {
    const world = worldRate(robots, beams);
    const env = envRate(robots, beams);
    rows.push(`| ${robots} | ${beams} | ${Math.round(world).toLocaleString('en-US')} | ${Math.round(env).toLocaleString('en-US')} | ${(env / world).toFixed(2)} |`);
  }
}
console.log(rows.join('\n'));
