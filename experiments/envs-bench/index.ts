/**
 * Every env family's benchmark rows, in the order `npm run bench:envs` prints them.
 * A family adds its file in this folder and one entry here.
 */
import { cartPoleBenchRows } from './cartpole.js';
import { drivingBenchRows } from './driving.js';
import { minatarBenchRows } from './minatar.js';
import type { EnvBenchFamily } from './row.js';
import { vectorBenchRows } from './vector.js';

export const ENV_BENCH_FAMILIES: EnvBenchFamily[] = [
  { name: 'CartPole', rows: cartPoleBenchRows, note: 'Gymnasium 1.4.0 figures are quoted from issue 2 (gym.make 75k-97k steps/s, ratio against 97k).' },
  { name: 'Vector envs', rows: vectorBenchRows, note: 'Gymnasium 1.4.0 CartPoleVectorEnv: 11M env-steps/s at 1024 envs, 21M at 8192 (issue 2). "this run" references were measured in the same process.' },
  { name: 'Driving', rows: drivingBenchRows, note: 'a reset with a new track generates it and (camera env) rasterises it; trackPool n draws from n tracks built once per process.' },
  { name: 'MinAtar', rows: minatarBenchRows, note: 'MinAtar 1.0.15 Python figures are quoted from issue 6 (one env: ~240k steps/s Breakout, ~35k Space Invaders; other games not given). Target ratio >= 20x.' },
];

export type { EnvBenchFamily, EnvBenchOptions, EnvBenchRow } from './row.js';
