/**
 * Vector envs on CartPole-v1, in env steps per second (one step of n copies counts n):
 * - SyncVectorEnv of 16 `make()` copies, against one `make()` env of this run (its overhead);
 * - the batched CartPoleVectorEnv ('batched') at 1024 and 8192 copies: its C++ loop on one thread
 *   and on every core, its TypeScript loop (what runs without the addon) on one thread, and the
 *   worker-thread sharding of 'batched' with `workers`; each against Gymnasium 1.4.0's NumPy
 *   CartPoleVectorEnv as issue 2 measured it (11M env-steps/s at 1024, 21M at 8192);
 * - the worker-thread vector env ('async') against the sync one with the same copies, this run.
 */
import { availableParallelism } from 'node:os';
import { CartPoleVectorEnv } from '../../envs/cartpole/vector.js';
import type { VectorEnv } from '../../src/vector/types.js';
import { make, makeVec } from '../../src/index.js';
import { actionTape, singleEnvRate } from './cartpole.js';
import { bestRate, compared, type EnvBenchOptions, type EnvBenchRow } from './row.js';

/** Gymnasium 1.4.0's CartPoleVectorEnv (NumPy), env-steps/s, as given in issue 2. */
export const GYMNASIUM_VECTOR_STEPS_PER_SECOND: Record<number, number> = { 1024: 11_000_000, 8192: 21_000_000 };

const TAPE_BATCHES = 16;

/** Env-steps/s of a vector env under random actions (a tape of batches drawn once). */
export function vectorRate(envs: VectorEnv, seconds: number, repeats: number): number {
  const n = envs.numEnvs;
  const tape = actionTape(TAPE_BATCHES * n);
  const batches = Array.from({ length: TAPE_BATCHES }, (_, b) => tape.subarray(b * n, (b + 1) * n));
  envs.reset({ seed: 0 });
  // About 50k env steps per chunk, so that the clock is read rarely.
  const calls = Math.max(1, Math.round(50_000 / n));
  let t = 0;
  const chunk = (): void => {
    for (let c = 0; c < calls; c++) envs.step(batches[t++ % TAPE_BATCHES]!);
  };
  return bestRate(chunk, calls * n, seconds, repeats);
}

function measured(makeEnvs: () => VectorEnv, seconds: number, repeats: number): number {
  const envs = makeEnvs();
  try {
    return vectorRate(envs, seconds, repeats);
  } finally {
    envs.close();
  }
}

/** @example for (const row of vectorBenchRows({ repeats: 1 })) console.log(row); */
export function vectorBenchRows(options: EnvBenchOptions = {}): EnvBenchRow[] {
  const { repeats = 5, seconds = 0.3 } = options;
  const cores = availableParallelism();
  const rows: EnvBenchRow[] = [];
  const id = 'CartPole-v1';

  const single = singleEnvRate(make(id), seconds, repeats);
  const sync16 = measured(() => makeVec(id, 16, { mode: 'sync' }), seconds, repeats);
  rows.push(compared({ env: id, mode: 'sync x16 (make() copies)', stepsPerSecond: sync16, reference: 'make().step, 1 env (this run)', referenceStepsPerSecond: single }));

  for (const n of [1024, 8192]) {
    const reference = `Gymnasium 1.4.0 vector x${n} (issue 2)`;
    const referenceStepsPerSecond = GYMNASIUM_VECTOR_STEPS_PER_SECOND[n];
    const variants: [string, () => VectorEnv][] = [
      [`batched x${n}, C++ loop, 1 thread`, () => makeVec(id, n, { mode: 'batched' })],
      [`batched x${n}, C++ loop, ${cores} threads`, () => makeVec(id, n, { mode: 'batched', threads: cores })],
      [`batched x${n}, TypeScript loop, 1 thread`, () => new CartPoleVectorEnv(n, { scriptOnly: true })],
      [`batched x${n}, ${cores} worker shards`, () => makeVec(id, n, { mode: 'batched', workers: cores })],
    ];
    for (const [mode, makeEnvs] of variants) {
      rows.push(compared({ env: id, mode, stepsPerSecond: measured(makeEnvs, seconds, repeats), reference, referenceStepsPerSecond }));
    }
  }

  for (const n of [16, 1024]) {
    const sync = measured(() => makeVec(id, n, { mode: 'sync' }), seconds, repeats);
    const workers = measured(() => makeVec(id, n, { mode: 'async', workers: cores }), seconds, repeats);
    rows.push(compared({ env: id, mode: `async x${n}, ${cores} workers`, stepsPerSecond: workers, reference: `sync x${n} (this run)`, referenceStepsPerSecond: sync }));
  }
  return rows;
}
