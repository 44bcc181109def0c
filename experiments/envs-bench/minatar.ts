/**
 * The MinAtar games, one env stepped through `make('MinAtar/<Game>-v0')` (OrderEnforcing, sticky
 * actions, a fresh observation per step: the Gymnasium-style path, doing what MinAtar's Python
 * `act()` + `state()` do) and the batched MinAtarVectorEnv with 1 and 64 copies (observations
 * written in place), next to MinAtar v1.0.15's Python as issue 6 measured it on this kind of
 * machine: one env, about 240k steps/s on Breakout and 35k on Space Invaders (the other games'
 * figures are not given).
 */
import { MINATAR_GAME_NAMES, type MinAtarGameName } from '../../envs/minatar/games.js';
import { MinAtarVectorEnv } from '../../envs/minatar/vector.js';
import { Rng } from '../../src/core/rng.js';
import { make } from '../../src/index.js';
import { bestRate, compared, type EnvBenchOptions, type EnvBenchRow } from './row.js';

/** MinAtar v1.0.15 (Python, NumPy), one env, steps/s, as issue 6 gives them. */
export const MINATAR_PYTHON_STEPS_PER_SECOND: Partial<Record<MinAtarGameName, number>> = {
  Breakout: 240_000,
  SpaceInvaders: 35_000,
};

const CHUNK = 4096;
const FULL_ACTION_COUNT = 6;

/** Random full-set actions drawn once, so that the timed loops do not measure the policy. */
function actionTape(length: number): Int32Array {
  const rng = new Rng(2024);
  return Int32Array.from({ length }, () => rng.integer(0, FULL_ACTION_COUNT));
}

/** One env through `make()`, resetting when an episode ends. */
function singleEnvRate(game: MinAtarGameName, seconds: number, repeats: number): number {
  const env = make<Uint8Array, number>(`MinAtar/${game}-v0`);
  env.reset({ seed: 0 });
  const tape = actionTape(CHUNK);
  const chunk = (): void => {
    for (let t = 0; t < CHUNK; t++) {
      const { terminated, truncated } = env.step(tape[t]!);
      if (terminated || truncated) env.reset();
    }
  };
  return bestRate(chunk, CHUNK, seconds, repeats);
}

/** The batched env with `numEnvs` copies; a step of n copies counts n steps. */
function vectorRate(game: MinAtarGameName, numEnvs: number, seconds: number, repeats: number): number {
  const envs = new MinAtarVectorEnv(game, numEnvs);
  envs.reset({ seed: 0 });
  const tape = actionTape(CHUNK + numEnvs);
  const actions = new Int32Array(numEnvs);
  const calls = Math.max(1, Math.floor(CHUNK / numEnvs));
  const chunk = (): void => {
    for (let t = 0; t < calls; t++) {
      for (let i = 0; i < numEnvs; i++) actions[i] = tape[t + i]!;
      envs.step(actions);
    }
  };
  return bestRate(chunk, calls * numEnvs, seconds, repeats);
}

/** @example for (const row of minatarBenchRows({ repeats: 1 })) console.log(row); */
export function minatarBenchRows(options: EnvBenchOptions = {}): EnvBenchRow[] {
  const { repeats = 5, seconds = 0.3 } = options;
  const rows: EnvBenchRow[] = [];
  for (const game of MINATAR_GAME_NAMES) {
    const env = `MinAtar/${game}-v0`;
    const referenceStepsPerSecond = MINATAR_PYTHON_STEPS_PER_SECOND[game];
    const reference = referenceStepsPerSecond ? 'MinAtar 1.0.15 Python, 1 env (issue 6)' : undefined;
    const row = (mode: string, stepsPerSecond: number): EnvBenchRow => compared({ env, mode, stepsPerSecond, reference, referenceStepsPerSecond });
    rows.push(row('make().step, 1 env', singleEnvRate(game, seconds, repeats)));
    for (const numEnvs of [1, 64]) rows.push(row(`MinAtarVectorEnv x${numEnvs}`, vectorRate(game, numEnvs, seconds, repeats)));
  }
  return rows;
}
