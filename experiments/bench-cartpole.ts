/**
 * CartPole-v1 learning benchmark: for each agent and seed, train with the tuned config from
 * configs/ and record the env steps and wall-clock seconds until a deterministic
 * evaluation over 100 episodes averages at least 475 (CartPole-v1's reward threshold).
 *
 *   npm run bench:cartpole                         # PPO and DQN, 5 seeds each, backend auto
 *   npm run bench:cartpole -- --agents ppo --seeds 2 --backend wasm --max-steps 100000
 *
 * The budget defaults to each config's `steps` (PPO 1e5, DQN 5e4, as the RL Zoo tunes them);
 * it is also the horizon of the linear schedules, so --max-steps changes the training itself.
 *
 * The evaluation is cheap to try often: 10 episodes first, and the full 100 only when those
 * average 475. Training seconds exclude evaluation time (both are printed).
 * References (not measured here): RL Zoo solves CartPole with DQN in 5e4 steps and PPO in 1e5;
 * CleanRL reports 488.7 (DQN) and 490.0 (PPO) after 5e5 steps.
 */
import * as tf from '@tensorflow/tfjs';
import { createAgent } from '../agents/index.js';
import '../envs/index.js';
import { selectBackend } from '../src/backend/index.js';
import { readTrainConfig } from '../src/cli/config-file.js';
import { make } from '../src/registry.js';
import type { Callback } from '../src/train/callback.js';
import { evaluatePolicy } from '../src/train/evaluate.js';
import { makeVec } from '../src/vector/make-vec.js';
import { parseScriptArgs } from '../src/cli/args.js';

const THRESHOLD = 475;

interface Trial {
  agent: string;
  seed: number;
  solvedAtStep: number | undefined;
  trainSeconds: number;
  evalSeconds: number;
  bestMean: number;
  stepsRun: number;
}

const { values } = parseScriptArgs('experiments/bench-cartpole.ts', {
  agents: { type: 'string', default: 'ppo,dqn' },
  seeds: { type: 'string', default: '5' },
  backend: { type: 'string', default: 'auto' },
  /** Default: each config's own `steps` (the horizon its schedules were tuned for). */
  'max-steps': { type: 'string' },
  'eval-every': { type: 'string', default: '2500' },
  json: { type: 'boolean', default: false },
});

tf.env().set('PROD', true);
const backend = await selectBackend(values.backend);
const agents = values.agents.split(',');
const seeds = Number(values.seeds);
const maxStepsFlag = values['max-steps'] === undefined ? undefined : Number(values['max-steps']);
const evalEvery = Number(values['eval-every']);
console.log(`CartPole-v1 learning benchmark: backend ${backend.name} (${backend.reason})`);
console.log(`agents ${agents.join(', ')}; ${seeds} seeds; solved = deterministic mean over 100 episodes >= ${THRESHOLD}\n`);

const trials: Trial[] = [];
for (const agentName of agents) {
  const file = await readTrainConfig(`configs/${agentName}-CartPole-v1.yaml`);
  // The budget is also the horizon of the linear schedules (epsilon, learning rate, clip range).
  const budget = maxStepsFlag ?? file.steps ?? 100_000;
  console.log(`${agentName}: budget ${budget} steps, ${file.envs ?? 1} env(s), configs/${agentName}-CartPole-v1.yaml`);
  for (let seed = 0; seed < seeds; seed++) {
    const trial = await runTrial(agentName, seed, file.envs ?? 1, budget, { ...(file.hyperparameters ?? {}), ...(agentName === 'dqn' ? { logInterval: 500 } : {}) });
    trials.push(trial);
    console.log(
      `${agentName} seed ${seed}: ${trial.solvedAtStep !== undefined ? `solved at ${trial.solvedAtStep} steps` : `not solved in ${trial.stepsRun} steps (best 100-episode mean ${trial.bestMean.toFixed(1)})`}, ` +
        `${trial.trainSeconds.toFixed(1)} s training + ${trial.evalSeconds.toFixed(1)} s evaluation`,
    );
  }
}
printTable(trials);
if (values.json) console.log(JSON.stringify({ backend: backend.name, trials }, null, 2));

async function runTrial(agentName: string, seed: number, numEnvs: number, maxSteps: number, hyperparameters: Record<string, unknown>): Promise<Trial> {
  const env = makeVec('CartPole-v1', numEnvs);
  const agent = createAgent(agentName, { observationSpace: env.singleObservationSpace, actionSpace: env.singleActionSpace }, { ...hyperparameters, seed });
  let evalSeconds = 0;
  let nextEval = evalEvery;
  let bestMean = -Infinity;
  let solvedAtStep: number | undefined;
  const evaluator: Callback = {
    onMetrics: (context) => {
      if (context.step < nextEval) return true;
      nextEval = (Math.floor(context.step / evalEvery) + 1) * evalEvery;
      const started = performance.now();
      const makeEnv = () => make('CartPole-v1');
      // 10 episodes screen; only a passing screen pays for the 100-episode verdict.
      const screen = evaluatePolicy(agent, makeEnv, { episodes: 10, seed: 10_000 + context.step, parallel: 10 });
      let solved = false;
      if (screen.meanReturn >= THRESHOLD) {
        const full = evaluatePolicy(agent, makeEnv, { episodes: 100, seed: 20_000, parallel: 50 });
        bestMean = Math.max(bestMean, full.meanReturn);
        solved = full.meanReturn >= THRESHOLD;
      }
      evalSeconds += (performance.now() - started) / 1000;
      if (solved) solvedAtStep = context.step;
      return !solved;
    },
  };
  const started = performance.now();
  await agent.learn(env, { totalSteps: maxSteps, callbacks: [evaluator] });
  const total = (performance.now() - started) / 1000;
  env.close();
  const trial = { agent: agentName, seed, solvedAtStep, trainSeconds: total - evalSeconds, evalSeconds, bestMean, stepsRun: agent.numTimesteps };
  agent.dispose();
  return trial;
}

function printTable(all: Trial[]): void {
  console.log(`\n| agent | seed | solved at (steps) | training s | evaluation s |`);
  console.log(`|---|---:|---:|---:|---:|`);
  for (const t of all) console.log(`| ${t.agent} | ${t.seed} | ${t.solvedAtStep ?? `not in ${t.stepsRun}`} | ${t.trainSeconds.toFixed(1)} | ${t.evalSeconds.toFixed(1)} |`);
  console.log(`\n| agent | solved (of seeds) | median steps to solve | median training s (solved) | backend |`);
  console.log(`|---|---:|---:|---:|---|`);
  for (const name of [...new Set(all.map((t) => t.agent))]) {
    const mine = all.filter((t) => t.agent === name);
    const solved = mine.filter((t) => t.solvedAtStep !== undefined);
    console.log(`| ${name} | ${solved.length}/${mine.length} | ${median(solved.map((t) => t.solvedAtStep!)) ?? '-'} | ${median(solved.map((t) => t.trainSeconds))?.toFixed(1) ?? '-'} | ${backend.name} |`);
  }
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
