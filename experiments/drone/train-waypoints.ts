/**
 * `npm run bench:drone-waypoints`: PPO with a Gaussian policy on Drone/Waypoints-v0 (pass 4 seeded
 * waypoints within 0.1 m, in order, in 20 s). Every `--eval-every` steps the deterministic
 * policy flies 10 evaluation courses (seeds 10000..10009); the table reports, per seed, the
 * fraction of waypoints reached at the last and at the best evaluation. Training stops early
 * once an evaluation completes every course. results/waypoints-ppo-<action mode>.{csv,json,md} keep the
 * table, the learning curves and the settings.
 *
 * The default action mode is 'velocity' (the policy sets world velocity targets, the PID flies
 * them, as the scripted baseline does): the waypoint task is about where to go, and the Hover
 * benchmark already shows that PPO learns the attitude loop in 'thrust-rates' mode.
 * The scripted PID pilot reaches every waypoint of these courses (experiments/drone/bench-pid.ts).
 *
 * Run: npm run bench:drone-waypoints [-- --seeds 0,1,2,3,4 --steps 400000 --action-mode velocity --envs 8
 *        --eval-every 50000 --eval-episodes 10 --backend auto --out experiments/drone/results]
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '../../envs/index.js';
import { selectBackend } from '../../src/backend/index.js';
import { parseBenchmarkArgs, type BenchmarkArgs } from './benchmark-args.js';
import { judgeWaypoints, type WaypointsVerdict } from './flight-evaluation.js';
import { PPO_DRONE, trainDroneSeed, type DroneRunResult } from './ppo-drone.js';
import { markdownTable, resultMarkdown, writeResultFiles, type TextTable } from './result-files.js';

const ENV_ID = 'Drone/Waypoints-v0';

const DEFAULTS: BenchmarkArgs = {
  seeds: [0, 1, 2, 3, 4],
  steps: 400_000,
  actionMode: 'velocity',
  envs: 8,
  evalEvery: 50_000,
  evalEpisodes: 10,
  backend: 'auto',
  out: 'experiments/drone/results',
};

const percent = (fraction: number) => `${(100 * fraction).toFixed(1)}%`;

function describe(verdict: WaypointsVerdict): string {
  return `waypoints reached ${percent(verdict.fractionReached)}, courses completed ${verdict.coursesCompleted}, crashes ${verdict.crashes}`;
}

function best(result: DroneRunResult<WaypointsVerdict>): { step: number; verdict: WaypointsVerdict } | undefined {
  let top: { step: number; verdict: WaypointsVerdict } | undefined;
  for (const point of result.curve) if (!top || point.verdict.fractionReached > top.verdict.fractionReached) top = point;
  return top;
}

function resultTable(results: DroneRunResult<WaypointsVerdict>[], evalEpisodes: number): TextTable {
  return {
    columns: ['seed', 'all courses completed at (env steps)', 'steps trained', 'wall-clock (s)', 'waypoints reached, last eval', `courses completed of ${evalEpisodes}, last eval`, 'crashes, last eval', 'best eval: waypoints reached (at step)'],
    rows: results.map((r) => {
      const last = r.finalVerdict;
      const top = best(r);
      return [
        String(r.seed),
        r.solvedAtStep === undefined ? 'not within budget' : String(r.solvedAtStep),
        String(r.stepsTrained),
        r.seconds.toFixed(0),
        last ? percent(last.fractionReached) : '-',
        last ? String(last.coursesCompleted) : '-',
        last ? String(last.crashes) : '-',
        top ? `${percent(top.verdict.fractionReached)} (${top.step})` : '-',
      ];
    }),
  };
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0]!;
  const args = parseBenchmarkArgs('train-waypoints', process.argv.slice(2), DEFAULTS);
  const backend = await selectBackend(args.backend);
  const header = `PPO (Gaussian policy) on ${ENV_ID}, action mode ${args.actionMode}, ${args.envs} envs, up to ${args.steps} steps per seed, eval every ${args.evalEvery} steps on ${args.evalEpisodes} courses; backend ${backend.reason}`;
  console.log(header);
  const results: DroneRunResult<WaypointsVerdict>[] = [];
  for (const seed of args.seeds) {
    results.push(
      await trainDroneSeed({
        envId: ENV_ID,
        envKwargs: { actionMode: args.actionMode },
        seed,
        steps: args.steps,
        envs: args.envs,
        evalEvery: args.evalEvery,
        evalEpisodes: args.evalEpisodes,
        judge: judgeWaypoints,
        solved: (verdict) => verdict.coursesCompleted === args.evalEpisodes,
        describe,
      }),
    );
  }
  const table = resultTable(results, args.evalEpisodes);
  const lastFractions = results.map((r) => r.finalVerdict?.fractionReached ?? 0);
  const completed = results.filter((r) => r.solvedAtStep !== undefined).length;
  const summary = `mean fraction of waypoints reached at the last evaluation: ${percent(lastFractions.reduce((a, b) => a + b, 0) / lastFractions.length)} over ${results.length} seed(s); ${completed}/${results.length} seeds completed all ${args.evalEpisodes} evaluation courses within ${args.steps} steps`;
  console.log(`\n${markdownTable(table)}\n\n${summary}. tensors left: ${tf.memory().numTensors}`);
  const markdown = resultMarkdown({ title: `PPO on ${ENV_ID}`, settings: header, script: 'experiments/drone/train-waypoints.ts', loadAtStart, table, summary });
  const files = writeResultFiles(args.out, `waypoints-ppo-${args.actionMode}`, { table, markdown, json: { env: ENV_ID, settings: args, ppo: PPO_DRONE, backend: backend.reason, results } });
  console.log(`wrote ${files.join(', ')}`);
}

await main();
