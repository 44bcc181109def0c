/**
 * One CartPole env, stepped through `make('CartPole-v1')` (TimeLimit + OrderEnforcing, a fresh
 * observation array per step: the full Gymnasium-style path) and raw (`new CartPoleEnv()`),
 * next to Gymnasium 1.4.0's `gym.make('CartPole-v1')` as issue 2 measured it on this kind of
 * machine (75k-97k steps/s; the ratio is taken against 97k).
 */
import { CartPoleEnv } from '../../envs/cartpole/cartpole.js';
import { Rng } from '../../src/core/rng.js';
import type { Env } from '../../src/core/env.js';
import { make } from '../../src/index.js';
import { bestRate, compared, type EnvBenchOptions, type EnvBenchRow } from './row.js';

/** Gymnasium 1.4.0, `gym.make('CartPole-v1')`, one env: the upper end of issue 2's 75k-97k. */
export const GYMNASIUM_SINGLE_STEPS_PER_SECOND = 97_000;

/** Random actions drawn once, so that the timed loops do not measure the policy. */
export function actionTape(length: number, seed = 2024): Int32Array {
  const rng = new Rng(seed);
  return Int32Array.from({ length }, () => rng.integer(0, 2));
}

const CHUNK = 4096;

/** Steps/s of one env under a random policy, resetting when an episode ends. */
export function singleEnvRate(env: Env<Float32Array, number>, seconds: number, repeats: number): number {
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

/** @example for (const row of cartPoleBenchRows({ repeats: 1 })) console.log(row); */
export function cartPoleBenchRows(options: EnvBenchOptions = {}): EnvBenchRow[] {
  const { repeats = 5, seconds = 0.3 } = options;
  const reference = 'Gymnasium 1.4.0 gym.make (issue 2)';
  const viaMake = singleEnvRate(make('CartPole-v1'), seconds, repeats);
  const raw = singleEnvRate(new CartPoleEnv(), seconds, repeats);
  return [
    compared({ env: 'CartPole-v1', mode: 'make().step, 1 env', stepsPerSecond: viaMake, reference, referenceStepsPerSecond: GYMNASIUM_SINGLE_STEPS_PER_SECOND }),
    compared({ env: 'CartPole-v1', mode: 'CartPoleEnv.step (no wrappers)', stepsPerSecond: raw, reference, referenceStepsPerSecond: GYMNASIUM_SINGLE_STEPS_PER_SECOND }),
  ];
}
