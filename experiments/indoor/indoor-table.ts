/**
 * The README table of Drone/IndoorNavigation-v0: the A* route pilot, the depth-only reactive pilot
 * and (when given) a trained agent, each on the same 50 unseen plans (plans 'test', reset seeds 0..49).
 *
 * Run: npx tsx experiments/indoor/indoor-table.ts [--agent runs/<run>/checkpoints/<step>] [--episodes 50] [--backend native]
 */
import { loadAgent } from '../../agents/index.js';
import { RoutePilot, ReactivePilot } from '../../envs/drone/indoor/baselines.js';
import { selectBackend } from '../../src/backend/index.js';
import { parseScriptArgs } from '../../src/cli/args.js';
import { evaluateIndoor, type IndoorScores } from './indoor-eval.js';

const args = parseScriptArgs('experiments/indoor/indoor-table.ts', { episodes: { type: 'string' }, agent: { type: 'string' }, backend: { type: 'string' } });
const episodes = args.number('episodes', 50);
const agentDir = args.text('agent', undefined);

const rows: { name: string; scores: IndoorScores }[] = [];
let route: RoutePilot | undefined;
rows.push({ name: 'A* route on the true map + PID pilot', scores: evaluateIndoor({ begin: (env) => (route = RoutePilot.plan(env)), act: (_o, env) => route!.act(env) }, { episodes }) });
let reactive: ReactivePilot | undefined;
rows.push({ name: 'reactive, depth only (deepest gap, turn when near)', scores: evaluateIndoor({ begin: (env) => (reactive = new ReactivePilot(env)), act: (o) => reactive!.act(o) }, { episodes }) });
if (agentDir) {
  await selectBackend(args.text('backend', 'native') as Parameters<typeof selectBackend>[0]);
  const agent = await loadAgent(agentDir);
  const scores = evaluateIndoor({ act: (o) => agent.act(o, { deterministic: true }) as Float32Array }, { episodes });
  rows.push({ name: `${agent.name.toUpperCase()}, multi-input network (${agent.numTimesteps.toLocaleString('en-US')} steps)`, scores });
  agent.dispose();
}

const percent = (x: number) => `${Math.round(x * 100)}%`;
console.log(`Drone/IndoorNavigation-v0, ${episodes} unseen plans (plans: 'test', seeds 0-${episodes - 1})\n`);
console.log('| pilot | success | collision (episodes) | time-out | path / A* route (successes) | metres flown per collision |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const { name, scores: s } of rows) {
  const between = Number.isFinite(s.distanceBetweenCollisions) ? s.distanceBetweenCollisions.toFixed(1) : `no collision (${s.totalDistance.toFixed(0)} m flown)`;
  console.log(`| ${name} | ${percent(s.successRate)} | ${percent(s.collisionRate)} (${s.collisions}) | ${percent(s.timeoutRate)} | ${Number.isNaN(s.pathRatio) ? '-' : s.pathRatio.toFixed(2)} | ${between} |`);
}
