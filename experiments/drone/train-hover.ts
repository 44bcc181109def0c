/**
 * `npm run bench:drone-learn`: the issue's Hover learning benchmark. PPO with a Gaussian policy
 * learns Drone/Hover-v0 (take off, hold (0, 0, 1)), once per seed, within 1M env steps. Every
 * `--eval-every` steps the deterministic policy flies 5 evaluation episodes (seeds 10000..10004);
 * a seed is solved when none crashes and all keep the position error under 0.1 m over the last
 * 4 s of the 8 s episode. The table gives, per seed, the env steps and wall-clock seconds
 * (training plus the evaluations) to the first solved evaluation; results/hover-ppo-<action mode>.{csv,json,md}
 * keep the table, the learning curves and the settings.
 *
 * The default action mode is 'thrust-rates': the policy sets collective thrust and body rates and
 * must keep the attitude and the position itself (the PID tracks only the rates, as the
 * Crazyflie firmware's rate mode does). 'velocity' hands attitude and velocity control to the
 * PID; 'rotors' (raw rotor speeds, unstable open loop within a second) is the hardest.
 *
 * Reference (not measurable here): gym-pybullet-drones' maintainers report about 5M steps and
 * 8 hours for their hover task.
 *
 * Run: npm run bench:drone-learn [-- --seeds 0,1,2,3,4 --steps 1000000 --action-mode thrust-rates
 *        --envs 8 --eval-every 25000 --eval-episodes 5 --backend auto --out experiments/drone/results]
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '../../envs/index.js';
import { selectBackend } from '../../src/backend/index.js';
import { make } from '../../src/registry.js';
import { parseBenchmarkArgs, type BenchmarkArgs } from './benchmark-args.js';
import { judgeHover, type HoverVerdict } from './flight-evaluation.js';
import { PPO_DRONE, trainDroneSeed, type DroneRunResult } from './ppo-drone.js';
import { markdownTable, resultMarkdown, writeResultFiles, type TextTable } from './result-files.js';

const ENV_ID = 'Drone/Hover-v0';
/** The criterion: under 0.1 m over the last 4 s. */
const HOLD_SECONDS = 4;
const TOLERANCE = 0.1;

const DEFAULTS: BenchmarkArgs = {
  seeds: [0, 1, 2, 3, 4],
  steps: 1_000_000,
  actionMode: 'thrust-rates',
  envs: 8,
  evalEvery: 25_000,
  evalEpisodes: 5,
  backend: 'auto',
  out: 'experiments/drone/results',
};

function describe(verdict: HoverVerdict): string {
  const error = Number.isFinite(verdict.worstLateError) ? `${verdict.worstLateError.toFixed(3)} m` : 'n/a';
  return `worst late error ${error}, crashes ${verdict.crashes}${verdict.solved ? ' SOLVED' : ''}`;
}

function resultTable(results: DroneRunResult<HoverVerdict>[], budget: number): TextTable {
  const error = (v: HoverVerdict | undefined) => (v && Number.isFinite(v.worstLateError) ? v.worstLateError.toFixed(3) : '-');
  return {
    columns: ['seed', 'solved at (env steps)', 'wall-clock to solve (s)', 'worst late error at last eval (m)', 'steps trained', 'run wall-clock (s)'],
    rows: results.map((r) => [
      String(r.seed),
      r.solvedAtStep === undefined ? `not within ${budget}` : String(r.solvedAtStep),
      r.solvedSeconds === undefined ? '-' : r.solvedSeconds.toFixed(0),
      error(r.finalVerdict),
      String(r.stepsTrained),
      r.seconds.toFixed(0),
    ]),
  };
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0]!;
  const args = parseBenchmarkArgs('train-hover', process.argv.slice(2), DEFAULTS);
  const backend = await selectBackend(args.backend);
  const header = `PPO (Gaussian policy) on ${ENV_ID}, action mode ${args.actionMode}, ${args.envs} envs, up to ${args.steps} steps per seed, eval every ${args.evalEvery} steps on ${args.evalEpisodes} episodes; backend ${backend.reason}`;
  console.log(header);
  const envKwargs = { actionMode: args.actionMode };
  // The hold window in control steps: the env's control rate is its metadata.renderFps.
  const windowSteps = HOLD_SECONDS * make(ENV_ID, envKwargs).metadata.renderFps;
  const results: DroneRunResult<HoverVerdict>[] = [];
  for (const seed of args.seeds) {
    results.push(
      await trainDroneSeed({
        envId: ENV_ID,
        envKwargs,
        seed,
        steps: args.steps,
        envs: args.envs,
        evalEvery: args.evalEvery,
        evalEpisodes: args.evalEpisodes,
        judge: (episodes) => judgeHover(episodes, windowSteps, TOLERANCE),
        solved: (verdict) => verdict.solved,
        describe,
      }),
    );
  }
  const table = resultTable(results, args.steps);
  const solved = results.filter((r) => r.solvedAtStep !== undefined);
  const solvedSteps = solved.map((r) => r.solvedAtStep!).sort((a, b) => a - b);
  const summary = `${solved.length}/${results.length} seeds learned to hover (error < ${TOLERANCE} m over the last ${HOLD_SECONDS} s, ${args.evalEpisodes} deterministic episodes)` +
    (solved.length > 0 ? `; median steps to solve ${solvedSteps[Math.floor((solvedSteps.length - 1) / 2)]}` : '');
  console.log(`\n${markdownTable(table)}\n\n${summary}. tensors left: ${tf.memory().numTensors}`);
  const markdown = resultMarkdown({ title: `PPO on ${ENV_ID}`, settings: header, script: 'experiments/drone/train-hover.ts', loadAtStart, table, summary });
  const files = writeResultFiles(args.out, `hover-ppo-${args.actionMode}`, {
    table,
    markdown,
    json: { env: ENV_ID, settings: args, ppo: PPO_DRONE, backend: backend.reason, criterion: { holdSeconds: HOLD_SECONDS, tolerance: TOLERANCE }, results },
  });
  console.log(`wrote ${files.join(', ')}`);
}

await main();
