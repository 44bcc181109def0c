/**
 * Speed of MultiRobot/CollisionAvoidance-v0 in robot-steps per second (one robot moved, checked
 * and scanned = one robot-step), on one core, for 20 and 100 robots and several beam counts:
 * - world: the physics and sensing alone (RobotWorld: move, collision tests, laser scans);
 * - env: the full ParallelEnv step through makeParallel (action checks, rewards, observations),
 *   per-agent dicts in and out;
 * - vector: what a learner steps, a ParallelVectorEnv over the same env, through the flat path
 *   (typed arrays, no per-agent objects) and, for comparison, through the dict path ({ flat: false }).
 * Robots drive a fixed slow curve in the circle scenario so that the episode does not end.
 * Rates are per second of the process's CPU time (see `measure`), so that a loaded machine
 * slows the run down but does not change the figures much.
 *
 *   npx tsx experiments/multi-robot/bench.ts [--seconds S]
 */
import '../../envs/index.js';
import type { CollisionAvoidanceEnv } from '../../envs/multi-robot/index.js';
import { makeParallel } from '../../src/multi-agent/parallel-registry.js';
import { parseScriptArgs } from '../../src/cli/args.js';
import { ParallelVectorEnv } from '../../src/multi-agent/parallel-vector-env.js';

const { values } = parseScriptArgs('experiments/multi-robot/bench.ts', { seconds: { type: 'string', default: '2' } });
const seconds = Number(values.seconds);

/**
 * Robot-steps per second of this process's CPU time (user + system), not of wall time: on a
 * shared machine the wall clock also counts the time other processes held the core, CPU time
 * does not, so the figure stays what one core of our own does.
 */
function measure(run: () => number): number {
  let steps = 0;
  const cpuSeconds = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  const started = cpuSeconds();
  while (cpuSeconds() - started < seconds) steps += run();
  return steps / (cpuSeconds() - started);
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

function vectorRate(robots: number, beams: number, flat: boolean): number {
  const envs = new ParallelVectorEnv(makeParallel('MultiRobot/CollisionAvoidance-v0', { robots, beams }, { maxEpisodeSteps: 0 }), { flat });
  envs.reset({ seed: 0 });
  const actions = new Float32Array(2 * robots);
  for (let i = 0; i < robots; i++) actions.set([0.02, 0.05], 2 * i);
  return measure(() => {
    if (envs.env.agents.length < robots) envs.reset({ seed: 0 });
    envs.step(actions);
    return robots;
  });
}

const format = (x: number) => Math.round(x).toLocaleString('en-US');
const rows: string[] = [
  '| robots | beams | world robot-steps/s | env (dicts) | vector, flat path | vector, dict path | flat / world |',
  '|---:|---:|---:|---:|---:|---:|---:|',
];
for (const robots of [20, 100]) {
  for (const beams of [512, 64, 16]) {
    const world = worldRate(robots, beams);
    const env = envRate(robots, beams);
    const flat = vectorRate(robots, beams, true);
    const dict = vectorRate(robots, beams, false);
    rows.push(`| ${robots} | ${beams} | ${format(world)} | ${format(env)} | ${format(flat)} | ${format(dict)} | ${(flat / world).toFixed(2)} |`);
  }
}
console.log(rows.join('\n'));
