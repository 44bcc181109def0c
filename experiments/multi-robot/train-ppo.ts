/**
 * Shared-policy PPO on MultiRobot/CollisionAvoidance-v0 with a staged curriculum (few robots to
 * many), as Long et al. train theirs: every robot of a world is one slot of a ParallelVectorEnv,
 * so one PPO agent learns from all of them at once.
 *
 *   npx tsx experiments/multi-robot/train-ppo.ts [--out DIR] [--minutes M] [--beams B] [--seed S]
 *       [--curriculum default|mixed | --stages 6:circle:200000,20:circle+50:circle:2000000,...]
 *       [--resume AGENT_DIR] [--learning-rate LR]
 *
 * --curriculum picks a named preset (curriculum.ts): 'default' moves from world to world, one
 * crowd size per stage; 'mixed' trains on 20- and 40-robot circles and a random scene side by side
 * in every batch after a short start, with a falling learning rate. --stages spells stages out instead: worlds joined by '+' in
 * one stage train at once (each robot a slot of one ConcatVectorEnv).
 *
 * --resume continues from a saved agent (networks, optimiser state, step count); the stages'
 * step counts then add to the steps it already has. --learning-rate overrides the config's.
 *
 * Writes DIR/stage-<k>/ (the agent after each stage), DIR/final/ and DIR/log.jsonl (one line per
 * 50 finished robot-episodes of each world: success rate, collision rate, mean return). Stops at the wall-clock
 * cap, keeping what it learned.
 */
import { appendFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import '../../envs/index.js';
import { createAgent } from '../../agents/index.js';
import { makeParallel } from '../../src/multi-agent/parallel-registry.js';
import { ParallelVectorEnv } from '../../src/multi-agent/parallel-vector-env.js';
import { ConcatVectorEnv } from '../../src/vector/concat-vector-env.js';
import type { Callback } from '../../src/train/callback.js';
import { selectBackend } from '../../src/backend/index.js';
import { CURRICULA, describeStage, parseStages, PPO_MULTI_ROBOT, type CurriculumWorld } from './curriculum.js';
import { parseScriptArgs } from '../../src/cli/args.js';

const { values } = parseScriptArgs('experiments/multi-robot/train-ppo.ts', {
  out: { type: 'string', default: 'runs/multi-robot-ppo' },
  minutes: { type: 'string', default: '55' },
  beams: { type: 'string', default: '32' },
  seed: { type: 'string', default: '0' },
  stages: { type: 'string' },
  curriculum: { type: 'string', default: 'default' },
  resume: { type: 'string' },
  'learning-rate': { type: 'string' },
});
const out = values.out!;
const deadline = performance.now() + Number(values.minutes) * 60_000;
const beams = Number(values.beams);
const seed = Number(values.seed);
const preset = CURRICULA[values.curriculum!];
if (!preset) throw new Error(`--curriculum: expected one of ${Object.keys(CURRICULA).join(', ')}, got '${values.curriculum}'`);
const stages = values.stages ? parseStages(values.stages) : preset.stages;
console.log(`backend: ${(await selectBackend('auto')).reason}`);
await mkdir(out, { recursive: true });
const log = join(out, 'log.jsonl');
const started = performance.now();

const probe = makeParallel('MultiRobot/CollisionAvoidance-v0', { robots: 2, beams });
const learningRate = values['learning-rate'] === undefined ? {} : { learningRate: Number(values['learning-rate']) };
const settings = { ...PPO_MULTI_ROBOT, ...preset.ppo, ...learningRate, seed };
console.log(`PPO settings: ${JSON.stringify(settings)}`);
const agent = createAgent('ppo', { observationSpace: probe.observationSpace('robot_0'), actionSpace: probe.actionSpace('robot_0') }, settings);
if (values.resume) {
  await agent.load(values.resume);
  console.log(`resumed from ${values.resume} at ${agent.numTimesteps} robot-steps`);
}

/** The worlds of the current stage, by the first slot of each (a ConcatVectorEnv's offsets). */
let worlds: { world: CurriculumWorld; offset: number; window: { outcome: string; ret: number }[] }[] = [];
let stageIndex = 0;
const monitor: Callback = {
  onEpisodeEnd(context, episode) {
    let entry = worlds[0]!;
    for (const w of worlds) if (w.offset <= episode.envIndex) entry = w;
    const outcome = typeof episode.info['outcome'] === 'string' ? (episode.info['outcome'] as string) : 'timeout';
    entry.window.push({ outcome, ret: episode.episodeReturn });
    if (entry.window.length >= 50) {
      const window = entry.window;
      const line = {
        stage: stageIndex,
        world: `${entry.world.robots}:${entry.world.scenario}`,
        step: context.step,
        minutes: (performance.now() - started) / 60_000,
        success: window.filter((w) => w.outcome === 'arrived').length / window.length,
        collision: window.filter((w) => w.outcome === 'collided').length / window.length,
        meanReturn: window.reduce((a, w) => a + w.ret, 0) / window.length,
      };
      // Written at once: training holds the event loop, so an asynchronous append would wait for the stage's end.
      appendFileSync(log, JSON.stringify(line) + '\n');
      console.log(JSON.stringify(line));
      entry.window = [];
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
  const parts = stage.worlds.map((world) => new ParallelVectorEnv(makeParallel('MultiRobot/CollisionAvoidance-v0', { robots: world.robots, scenario: world.scenario, beams }, { maxEpisodeSteps: stage.maxEpisodeSteps ?? 400 })));
  const envs = new ConcatVectorEnv(parts);
  worlds = stage.worlds.map((world, w) => ({ world, offset: envs.offsets[w]!, window: [] }));
  console.log(`stage ${k}: ${describeStage(stage)}, up to ${total} robot-steps`);
  await agent.learn(envs, { totalSteps: total, callbacks: [monitor], seed: seed + 1000 * k });
  envs.close();
  await agent.save(join(out, `stage-${k}`));
  if (performance.now() >= deadline) break;
}
await agent.save(join(out, 'final'));
console.log(`done: ${agent.numTimesteps} robot-steps in ${((performance.now() - started) / 60_000).toFixed(1)} min`);
agent.dispose();
