/**
 * Shared-policy PPO on MultiRobot/CollisionAvoidance-v0 with a staged curriculum (few robots to
 * many), as Long et al. train theirs: every robot of a world is one slot of a ParallelVectorEnv,
 * so one PPO agent learns from all of them at once.
 *
 *   npx tsx experiments/multi-robot/train-ppo.ts [--out DIR] [--minutes M] [--beams B] [--seed S] [--stages 6:circle:200000,...]
 *       [--resume AGENT_DIR] [--learning-rate LR]
 *
 * --resume continues from a saved agent (networks, optimiser state, step count); the stages'
 * step counts then add to the steps it already has. --learning-rate overrides the config's.
 *
 * Writes DIR/stage-<k>/ (the agent after each stage), DIR/final/ and DIR/log.jsonl (one line per
 * 50 finished robot-episodes: success rate, collision rate, mean return). Stops at the wall-clock
 * cap, keeping what it learned.
 */
import { mkdir, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import '../../envs/index.js';
import { createAgent } from '../../agents/index.js';
import { makeParallel } from '../../src/multi-agent/parallel-registry.js';
import { ParallelVectorEnv } from '../../src/multi-agent/parallel-vector-env.js';
import type { Callback } from '../../src/train/callback.js';
import { selectBackend } from '../../src/backend/index.js';
import { parseStages, PPO_MULTI_ROBOT, DEFAULT_CURRICULUM } from './curriculum.js';
import { parseScriptArgs } from '../../src/cli/args.js';

const { values } = parseScriptArgs('experiments/multi-robot/train-ppo.ts', {
  out: { type: 'string', default: 'runs/multi-robot-ppo' },
  minutes: { type: 'string', default: '55' },
  beams: { type: 'string', default: '32' },
  seed: { type: 'string', default: '0' },
  stages: { type: 'string' },
  resume: { type: 'string' },
  'learning-rate': { type: 'string' },
});
const out = values.out!;
const deadline = performance.now() + Number(values.minutes) * 60_000;
const beams = Number(values.beams);
const seed = Number(values.seed);
const stages = values.stages ? parseStages(values.stages) : DEFAULT_CURRICULUM;
console.log(`backend: ${(await selectBackend('auto')).reason}`);
await mkdir(out, { recursive: true });
const log = join(out, 'log.jsonl');
const started = performance.now();

const probe = makeParallel('MultiRobot/CollisionAvoidance-v0', { robots: 2, beams });
const learningRate = values['learning-rate'] === undefined ? {} : { learningRate: Number(values['learning-rate']) };
const agent = createAgent('ppo', { observationSpace: probe.observationSpace('robot_0'), actionSpace: probe.actionSpace('robot_0') }, { ...PPO_MULTI_ROBOT, ...learningRate, seed });
if (values.resume) {
  await agent.load(values.resume);
  console.log(`resumed from ${values.resume} at ${agent.numTimesteps} robot-steps`);
}

let window: { outcome: string; ret: number }[] = [];
let stageIndex = 0;
const monitor: Callback = {
  onEpisodeEnd(context, episode) {
    const outcome = typeof episode.info['outcome'] === 'string' ? (episode.info['outcome'] as string) : 'timeout';
    window.push({ outcome, ret: episode.episodeReturn });
    if (window.length >= 50) {
      const line = {
        stage: stageIndex,
        step: context.step,
        minutes: (performance.now() - started) / 60_000,
        success: window.filter((w) => w.outcome === 'arrived').length / window.length,
        collision: window.filter((w) => w.outcome === 'collided').length / window.length,
        meanReturn: window.reduce((a, w) => a + w.ret, 0) / window.length,
      };
      void appendFile(log, JSON.stringify(line) + '\n');
      console.log(JSON.stringify(line));
      window = [];
    }
  },
  onStep() {
    return performance.now() < deadline;
  },
};

let total = agent.numTimesteps;
for (const [k, stage] of stages.entries()) {
  stageIndex = k;
  total += stage.steps;
  const world = makeParallel('MultiRobot/CollisionAvoidance-v0', { robots: stage.robots, scenario: stage.scenario, beams }, { maxEpisodeSteps: stage.maxEpisodeSteps ?? 400 });
  const envs = new ParallelVectorEnv(world);
  console.log(`stage ${k}: ${stage.robots} robots, ${stage.scenario}, up to ${total} robot-steps`);
  await agent.learn(envs, { totalSteps: total, callbacks: [monitor], seed: seed + 1000 * k });
  envs.close();
  await agent.save(join(out, `stage-${k}`));
  if (performance.now() >= deadline) break;
}
await agent.save(join(out, 'final'));
console.log(`done: ${agent.numTimesteps} robot-steps in ${((performance.now() - started) / 60_000).toFixed(1)} min`);
agent.dispose();
