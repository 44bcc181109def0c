/**
 * The MinAtar learning benchmark (issue 6): DQN with the paper's settings and PPO on the
 * batched env, on Breakout-v0 and SpaceInvaders-v0, each run capped in wall-clock time.
 * Writes per run a CSV learning curve, per game an SVG chart (and a zoomed one over the frames
 * every run reached, when one run is much shorter), and a summary table: frames
 * trained, frames/s of the whole training loop, mean return of the last 100 episodes next to
 * the paper's DQN at 5M frames.
 *
 * Run (about an hour per run):
 *   npx tsx experiments/minatar/train.ts --minutes 60
 * Smoke run:
 *   npx tsx experiments/minatar/train.ts --minutes 0.5 --games Breakout --out /tmp/minatar-smoke
 * Options: --agents dqn,ppo  --games Breakout,SpaceInvaders  --seed 0  --backend auto
 *          --frames 5000000 (stop at this many frames even with time left)
 *          --out experiments/minatar/results
 *          --config FILE (the YAML for the one agent in --agents; default: dqn-paper.yaml, ppo.yaml)
 *          --report (no training: rebuild summary.md and the charts from the runs in --out)
 * Runs started as separate processes (say one per core: `--agents dqn --games Breakout` and
 * `--agents dqn --games SpaceInvaders`) with the same --out land in one report.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAgent } from '../../agents/index.js';
import { MINATAR_GAME_NAMES, type MinAtarGameName } from '../../envs/minatar/games.js';
import { selectBackend } from '../../src/backend/index.js';
import { readTrainConfig } from '../../src/cli/config-file.js';
import { ConfigError } from '../../src/core/errors.js';
import { make } from '../../src/index.js';
import type { Callback } from '../../src/train/callback.js';
import { makeVec } from '../../src/vector/make-vec.js';
import { curveCsv, curvesSvg, framesToReach, lastMeanReturn, meanReturnAt, parseCurveCsv, type LearningCurve } from './learning-curve.js';
import { PAPER_AC_LAMBDA_SPACE_INVADERS_AT_5M, PAPER_DQN_RETURN_AT_5M, PAPER_FRAMES } from './paper-dqn.js';
import { parseScriptArgs } from '../../src/cli/args.js';

/** What a run takes from the YAML files in this folder (the CLI's config format, src/cli/config-file.ts). */
interface RunConfig {
  agent: string;
  envKwargs: Record<string, unknown>;
  envs: number;
  /** Frames the schedules (epsilon, learning rate) are laid out over; the clock may stop sooner. */
  steps: number;
  hyperparameters: Record<string, unknown>;
}

interface RunResult {
  agent: string;
  game: MinAtarGameName;
  seed: number;
  frames: number;
  seconds: number;
  episodes: number;
  lastMean100: number;
  curve: LearningCurve;
}

const CONFIG_FILES: Record<string, string> = { dqn: 'dqn-paper.yaml', ppo: 'ppo.yaml' };
const HERE = new URL('.', import.meta.url).pathname;

/** File name (without extension) of a run's CSV and JSON: seed 0 keeps the short name. */
function runName(agent: string, game: MinAtarGameName, seed: number): string {
  return seed === 0 ? `${agent}-${game}` : `${agent}-${game}-seed${seed}`;
}

/** How a run is named in charts: its agent, and its seed when that is not 0. */
function runLabel(agent: string, seed: number): string {
  return seed === 0 ? agent.toUpperCase() : `${agent.toUpperCase()} seed ${seed}`;
}

/** Frames of the shortest run on `game`: where every run of that game can be compared. */
function shortestRunFrames(results: readonly RunResult[], game: MinAtarGameName): number {
  return Math.min(...results.filter((r) => r.game === game).map((r) => r.frames));
}

async function readRunConfig(agent: string, configFile?: string): Promise<RunConfig> {
  const file = configFile ?? (CONFIG_FILES[agent] && join(HERE, CONFIG_FILES[agent]));
  if (!file) throw new ConfigError(`train.ts: no MinAtar config for agent '${agent}'; known: ${Object.keys(CONFIG_FILES).join(', ')}`);
  const parsed = await readTrainConfig(file);
  if (parsed.agent !== agent) throw new ConfigError(`train.ts: ${file} configures agent '${parsed.agent}', but --agents asks for '${agent}'`);
  if (parsed.steps === undefined) throw new ConfigError(`train.ts: ${file} sets no steps (the frames the schedules are laid out over)`);
  return { agent, envKwargs: parsed.envKwargs ?? {}, envs: parsed.envs ?? 1, steps: parsed.steps, hyperparameters: parsed.hyperparameters ?? {} };
}

/**
 * Stops training once `seconds` of wall-clock time or `maxFrames` frames have passed, records
 * every episode, and rewrites the CSV every minute so a long run can be watched (and a killed
 * one keeps its curve).
 */
function clockAndCurve(seconds: number, maxFrames: number, curve: LearningCurve, csvPath: string): Callback {
  const start = performance.now();
  let lastFlush = start;
  return {
    onStep: (context) => context.step < maxFrames && performance.now() - start < seconds * 1000,
    onEpisodeEnd: (_context, episode) => {
      const now = performance.now();
      curve.episodes.push({ frame: episode.step, episodeReturn: episode.episodeReturn, length: episode.length, seconds: (now - start) / 1000 });
      if (now - lastFlush > 60_000) {
        lastFlush = now;
        writeFileSync(csvPath, curveCsv(curve));
      }
    },
  };
}

async function trainOne(agentName: string, game: MinAtarGameName, minutes: number, maxFrames: number, seed: number, out: string, configFile?: string): Promise<RunResult> {
  const run = await readRunConfig(agentName, configFile);
  const id = `MinAtar/${game}-v0`;
  const env = run.envs > 1 ? makeVec(id, run.envs, { kwargs: run.envKwargs }) : make(id, run.envKwargs);
  const spaces = 'singleObservationSpace' in env
    ? { observationSpace: env.singleObservationSpace, actionSpace: env.singleActionSpace }
    : { observationSpace: env.observationSpace, actionSpace: env.actionSpace };
  const agent = createAgent(agentName, spaces, { ...run.hyperparameters, seed });
  const curve: LearningCurve = { label: runLabel(agentName, seed), episodes: [] };
  const start = performance.now();
  try {
    await agent.learn(env, { totalSteps: run.steps, callbacks: [clockAndCurve(minutes * 60, maxFrames, curve, join(out, `${runName(agentName, game, seed)}.csv`))], seed, envId: id });
  } finally {
    agent.dispose();
    env.close();
  }
  const seconds = (performance.now() - start) / 1000;
  return { agent: agentName, game, seed, frames: agent.numTimesteps, seconds, episodes: curve.episodes.length, lastMean100: lastMeanReturn(curve.episodes), curve };
}

function summaryTable(results: readonly RunResult[]): string {
  const lines = [
    '| agent | env | seed | frames | wall (s) | frames/s | episodes | last-100 mean return | at equal frames | paper DQN @5M | frames to reach it |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const format = (value: number) => (Number.isNaN(value) ? '-' : value.toFixed(2));
  for (const r of results) {
    const paper = PAPER_DQN_RETURN_AT_5M[r.game];
    const reached = framesToReach(r.curve.episodes, paper);
    const equalFrames = shortestRunFrames(results, r.game);
    lines.push(
      `| ${r.agent} | MinAtar/${r.game}-v0 | ${r.seed} | ${r.frames} | ${r.seconds.toFixed(0)} | ${(r.frames / r.seconds).toFixed(0)} | ${r.episodes} | ${format(r.lastMean100)} | ${format(meanReturnAt(r.curve.episodes, equalFrames))} @ ${(equalFrames / 1e6).toFixed(2)}M | ${paper} | ${reached === undefined ? 'not reached' : reached} |`,
    );
  }
  lines.push(
    '',
    `Paper: DQN average training return at ${PAPER_FRAMES / 1e6}M frames read off Young and Tian (2019)'s curves; the curves at other frame counts are not published as numbers. AC(lambda) reaches about ${PAPER_AC_LAMBDA_SPACE_INVADERS_AT_5M} on Space Invaders.`,
    'at equal frames: the mean return of the last 100 episodes that ended by the frame count of the shortest run on that game, so agents compare at equal experience.',
    'frames to reach it: the first frame at which the mean return of the last 100 episodes is at least the paper DQN\'s 5M-frame return.',
  );
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const { values } = parseScriptArgs('experiments/minatar/train.ts', {
    agents: { type: 'string', default: 'dqn,ppo' },
    games: { type: 'string', default: 'Breakout,SpaceInvaders' },
    minutes: { type: 'string', default: '60' },
    frames: { type: 'string', default: String(PAPER_FRAMES) },
    seed: { type: 'string', default: '0' },
    backend: { type: 'string', default: 'auto' },
    out: { type: 'string', default: join(HERE, 'results') },
    config: { type: 'string' },
    report: { type: 'boolean', default: false },
  });
  if (values.report) {
    console.log(writeReport(values.out));
    return;
  }
  const games = values.games.split(',') as MinAtarGameName[];
  for (const game of games) if (!MINATAR_GAME_NAMES.includes(game)) throw new ConfigError(`--games: unknown game '${game}'; games: ${MINATAR_GAME_NAMES.join(', ')}`);
  const agents = values.agents.split(',');
  if (values.config !== undefined && agents.length !== 1) throw new ConfigError(`--config sets one agent's YAML; --agents names ${agents.length}: '${values.agents}'`);
  const minutes = Number(values.minutes);
  if (!(minutes > 0)) throw new ConfigError(`--minutes must be a positive number, got '${values.minutes}'`);
  const maxFrames = Number(values.frames);
  if (!(maxFrames > 0)) throw new ConfigError(`--frames must be a positive number, got '${values.frames}'`);
  let backend = await selectBackend(values.backend);
  if (backend.name === 'wasm' && values.backend === 'auto') {
    // The wasm backend has no gradient for convolution filters, which the MinAtar CNN needs.
    backend = await selectBackend('cpu');
  }
  console.log(`backend: ${backend.name} (${backend.reason})`);
  mkdirSync(values.out, { recursive: true });

  for (const game of games) {
    for (const agentName of agents) {
      console.log(`training ${agentName} on MinAtar/${game}-v0 for up to ${minutes} min...`);
      const result = await trainOne(agentName, game, minutes, maxFrames, Number(values.seed), values.out, values.config);
      const { curve, ...numbers } = result;
      const name = runName(agentName, game, result.seed);
      writeFileSync(join(values.out, `${name}.csv`), curveCsv(curve));
      writeFileSync(join(values.out, `${name}.json`), JSON.stringify({ ...numbers, backend: backend.name }, null, 2) + '\n');
      console.log(`  ${result.frames} frames in ${result.seconds.toFixed(1)} s (${(result.frames / result.seconds).toFixed(0)} frames/s), ${result.episodes} episodes, last-100 mean ${result.lastMean100.toFixed(2)}`);
    }
  }
  console.log(`\n${writeReport(values.out)}`);
}

/**
 * Rebuilds the summary table and one chart per game from every finished run in `out`, so runs
 * started as separate processes (one per core) land in one report.
 */
function writeReport(out: string): string {
  const results: RunResult[] = readdirSync(out)
    .filter((file) => file.endsWith('.json'))
    .map((file) => {
      const numbers = JSON.parse(readFileSync(join(out, file), 'utf8')) as Omit<RunResult, 'curve'>;
      const csv = readFileSync(join(out, file.replace(/\.json$/, '.csv')), 'utf8');
      return { ...numbers, curve: { label: runLabel(numbers.agent, numbers.seed), episodes: parseCurveCsv(csv) } };
    })
    .sort((a, b) => a.agent.localeCompare(b.agent) || a.game.localeCompare(b.game) || a.seed - b.seed);
  for (const game of new Set(results.map((r) => r.game))) {
    const curves = results.filter((r) => r.game === game).map((r) => r.curve);
    const references = [{ label: `paper DQN @5M: ${PAPER_DQN_RETURN_AT_5M[game]}`, value: PAPER_DQN_RETURN_AT_5M[game] }];
    writeFileSync(join(out, `${game}.svg`), curvesSvg(`MinAtar/${game}-v0: return during training`, curves, references));
    // A short run (DQN's hour) next to a long one (PPO's) is a sliver at the left of the full
    // chart: a second chart compares them over the frames both saw.
    const shortest = shortestRunFrames(results, game);
    if (shortest * 2 < Math.max(...results.filter((r) => r.game === game).map((r) => r.frames))) {
      const title = `MinAtar/${game}-v0: the first ${(shortest / 1e6).toFixed(2)}M frames`;
      writeFileSync(join(out, `${game}-zoom.svg`), curvesSvg(title, curves, references, { lastFrame: shortest }));
    }
  }
  const table = summaryTable(results);
  writeFileSync(join(out, 'summary.md'), table);
  return table;
}

await main();
