/**
 * Evaluates ORCA and a trained shared PPO policy on MultiRobot/CollisionAvoidance-v0 with the
 * paper's metrics (success rate, extra time, extra distance, average speed) plus the collision
 * rate, and prints one markdown table.
 *
 *   npx tsx experiments/multi-robot/evaluate.ts --agent runs/multi-robot-ppo/final [--episodes 5] [--beams 64] [--record DIR]

 * With --record DIR, the first episode of every row is written to DIR/<policy>-<scenario>-<robots>/
 * as a recorded run, so `palestra view DIR` replays it with every robot moving.
 *
 * Every episode k of a scenario is reset with seed 1000 + k, the same for both policies. The
 * PPO policy acts deterministically (the mean action, clipped to the action limits), or with
 * --stochastic samples its Gaussian (from the agent's own seeded generator), as during training.
 */
import '../../envs/index.js';
import { loadAgent, type Agent } from '../../agents/index.js';
import { navigationMetrics, orcaActions, type CollisionAvoidanceEnv, type NavigationMetrics, type RobotOutcome } from '../../envs/multi-robot/index.js';
import type { ScenarioName } from '../../envs/multi-robot/scenarios.js';
import { selectBackend } from '../../src/backend/index.js';
import type { PerAgent } from '../../src/multi-agent/parallel-env.js';
import { makeParallel } from '../../src/multi-agent/parallel-registry.js';
import type { SceneFrame } from '../../src/core/scene.js';
import { writeEpisodeFile } from '../../src/record/episode-file.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScriptArgs } from '../../src/cli/args.js';

const { values } = parseScriptArgs('experiments/multi-robot/evaluate.ts', {
  agent: { type: 'string' },
  episodes: { type: 'string', default: '5' },
  beams: { type: 'string', default: '64' },
  scenarios: { type: 'string', default: '6:circle,20:circle,50:circle,100:circle,20:random' },
  json: { type: 'boolean', default: false },
  stochastic: { type: 'boolean', default: false },
  record: { type: 'string' },
});
await selectBackend('auto');
const episodes = Number(values.episodes);
const beams = Number(values.beams);
const agent = values.agent ? await loadAgent(values.agent) : undefined;
const scenarios = values.scenarios!.split(',').map((s) => {
  const [robots, scenario] = s.split(':');
  return { robots: Number(robots), scenario: scenario as ScenarioName };
});

type Policy = (env: CollisionAvoidanceEnv, observations: PerAgent<Float32Array>, agents: readonly string[]) => PerAgent<Float32Array>;

const orca: Policy = (env, _observations, agents) => orcaActions(env.world, agents, env.options);

function ppo(model: Agent): Policy {
  return (env, observations, agents) => {
    const size = env.observationSpace('robot_0').shape[0]!;
    const batch = new Float32Array(agents.length * size);
    agents.forEach((id, k) => batch.set(observations[id]!, k * size));
    const actions = model.actBatch(batch, agents.length, { deterministic: !values.stochastic });
    const { maxSpeed, maxTurnRate } = env.options;
    return Object.fromEntries(
      agents.map((id, k) => [id, new Float32Array([Math.min(maxSpeed, Math.max(0, actions[2 * k]!)), Math.min(maxTurnRate, Math.max(-maxTurnRate, actions[2 * k + 1]!))])]),
    );
  };
}

function evaluate(policy: Policy, robots: number, scenario: ScenarioName, recordAs?: string): NavigationMetrics & { seconds: number } {
  const env = makeParallel('MultiRobot/CollisionAvoidance-v0', { robots, scenario, beams });
  const world = env.unwrapped as CollisionAvoidanceEnv;
  const outcomes: RobotOutcome[] = [];
  const started = performance.now();
  for (let k = 0; k < episodes; k++) {
    let { observations } = env.reset({ seed: 1000 + k });
    const frames: SceneFrame[] | undefined = recordAs && k === 0 ? [structuredClone(env.render()!)] : undefined;
    let total = 0;
    while (env.agents.length > 0) {
      const agents = env.agents;
      const result = env.step(policy(world, observations, agents));
      observations = result.observations;
      total += Object.values(result.rewards).reduce((a, b) => a + b, 0);
      if (frames) frames.push({ ...structuredClone(env.render()!), scene: frames[0]!.scene });
    }
    world.markTimeout();
    outcomes.push(...world.outcomes());
    if (frames && recordAs) record(recordAs, frames, total);
  }
  return { ...navigationMetrics(outcomes, world.options.maxSpeed), seconds: (performance.now() - started) / 1000 };
}

/** Writes one episode as a run directory that `palestra view` lists. */
function record(name: string, frames: SceneFrame[], episodeReturn: number): void {
  const runDir = join(values.record!, name);
  mkdirSync(join(runDir, 'episodes'), { recursive: true });
  writeFileSync(join(runDir, 'config.json'), JSON.stringify({ envId: 'MultiRobot/CollisionAvoidance-v0', agent: name.split('-')[0] }));
  writeEpisodeFile(join(runDir, 'episodes', 'episode-000000-step-0.jsonl.gz'), {
    header: { kind: 'header', format: 'palestra-episode', version: 1, envId: 'MultiRobot/CollisionAvoidance-v0', episode: 0, step: 0, renderFps: 10, createdAt: new Date().toISOString() },
    frames,
    end: { kind: 'end', episodeReturn, length: frames.length - 1 },
  });
}

const policies: [string, Policy][] = [['ORCA', orca], ...(agent ? ([[values.stochastic ? 'PPO (shared, sampled)' : 'PPO (shared)', ppo(agent)]] as [string, Policy][]) : [])];
const rows: string[] = [];
const results: Record<string, unknown>[] = [];
for (const { robots, scenario } of scenarios) {
  for (const [name, policy] of policies) {
    const m = evaluate(policy, robots, scenario, values.record ? `${name.startsWith('PPO') ? 'ppo' : 'orca'}-${scenario}-${robots}` : undefined);
    results.push({ policy: name, scenario, ...m });
    const f = (x: number, digits = 2) => (Number.isNaN(x) ? '-' : x.toFixed(digits));
    rows.push(`| ${scenario} | ${robots} | ${name} | ${(100 * m.successRate).toFixed(1)}% | ${f(m.extraTime)} s | ${f(m.extraDistance)} m | ${f(m.averageSpeed)} m/s | ${(100 * m.collisionRate).toFixed(1)}% |`);
    console.error(`${scenario} x${robots} ${name}: done in ${m.seconds.toFixed(1)} s`);
  }
}
if (values.json) console.log(JSON.stringify(results, null, 2));
else {
  console.log(`${episodes} episodes per row (seeds 1000-${999 + episodes}), ${beams} beams; extra time, extra distance and speed over the robots that arrived.\n`);
  console.log('| scenario | robots | policy | success | extra time | extra distance | average speed | collisions |');
  console.log('|---|---:|---|---:|---:|---:|---:|---:|');
  console.log(rows.join('\n'));
}
agent?.dispose();
