import type { Rng } from '../../src/core/rng.js';

/**
 * Fisher-Yates shuffle with the agent's Rng (minibatch order is part of a seeded run).
 *
 * @example shuffleInPlace(Int32Array.of(0, 1, 2, 3), new Rng(0));
 */
export function shuffleInPlace(values: Int32Array, rng: Rng): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.integer(0, i + 1);
    const swap = values[i]!;
    values[i] = values[j]!;
    values[j] = swap;
  }
}
