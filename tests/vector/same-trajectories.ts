import { expect } from 'vitest';
import type { VectorEnv } from '../../src/vector/types.js';

/**
 * Actions that make long and short episodes: even sub-envs balance the pole (so they reach the
 * 500-step time limit), odd ones follow a fixed pseudo-random pattern (episodes of ~20 steps).
 */
function policy(observations: ArrayLike<number>, numEnvs: number, t: number): Int32Array {
  const actions = new Int32Array(numEnvs);
  for (let i = 0; i < numEnvs; i++) {
    const theta = observations[4 * i + 2]!;
    const thetaDot = observations[4 * i + 3]!;
    actions[i] = i % 2 === 0 ? (theta + 0.5 * thetaDot > 0 ? 1 : 0) : (t * 7 + i * 13) % 5 < 2 ? 1 : 0;
  }
  return actions;
}

/** Runs both vector envs side by side and asserts every output equal, bit for bit. */
export function expectSameTrajectories(a: VectorEnv, b: VectorEnv, steps: number, seed: number): { episodesEnded: number; truncations: number } {
  const numEnvs = a.numEnvs;
  // Both envs keep their observations in one buffer that every step overwrites.
  const observations = a.reset({ seed }).observations;
  expect(Array.from(observations)).toEqual(Array.from(b.reset({ seed }).observations));
  let episodesEnded = 0;
  let truncations = 0;
  for (let t = 0; t < steps; t++) {
    const actions = policy(observations, numEnvs, t);
    const ra = a.step(actions);
    const rb = b.step(actions);
    expect(Array.from(ra.observations)).toEqual(Array.from(rb.observations));
    expect(Array.from(ra.rewards)).toEqual(Array.from(rb.rewards));
    expect(Array.from(ra.terminations)).toEqual(Array.from(rb.terminations));
    expect(Array.from(ra.truncations)).toEqual(Array.from(rb.truncations));
    for (let i = 0; i < numEnvs; i++) {
      const final = ra.infos[i]!['finalObservation'];
      if (final !== undefined) expect(Array.from(final as Float32Array)).toEqual(Array.from(rb.infos[i]!['finalObservation'] as Float32Array));
      episodesEnded += ra.terminations[i]! | ra.truncations[i]!;
      truncations += ra.truncations[i]!;
    }
  }
  return { episodesEnded, truncations };
}
