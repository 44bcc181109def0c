import { describeValue, EnvError } from '../core/errors.js';

/**
 * One seed per sub-env from `reset({ seed })`: a number s gives sub-env i the seed s + i (as
 * Gymnasium does), an array gives its own entries; undefined leaves every generator running.
 *
 * @example resetSeeds(7, 3, 'envs') // [7, 8, 9]
 */
export function resetSeeds(seed: number | readonly (number | undefined)[] | undefined, numEnvs: number, owner: string): (number | undefined)[] | undefined {
  if (seed === undefined) return undefined;
  if (typeof seed === 'number') {
    if (!Number.isInteger(seed)) throw new EnvError(`${owner}.reset(): seed must be an integer or one integer per sub-env, got ${describeValue(seed)}`);
    return Array.from({ length: numEnvs }, (_, i) => seed + i);
  }
  if (!Array.isArray(seed) || seed.length !== numEnvs) {
    throw new EnvError(`${owner}.reset(): seed must be an integer or an array of ${numEnvs} seeds (one per sub-env), got ${describeValue(seed)}`);
  }
  seed.forEach((s, i) => {
    if (s !== undefined && !Number.isInteger(s)) throw new EnvError(`${owner}.reset(): seed for sub-env ${i} must be an integer, got ${describeValue(s)}`);
  });
  return [...seed];
}

/** The sub-envs `reset({ mask })` resets: one flag per sub-env, or undefined for all of them. */
export function resetMask(mask: ArrayLike<number | boolean> | undefined, numEnvs: number, owner: string): ArrayLike<number | boolean> | undefined {
  if (mask === undefined) return undefined;
  if (mask === null || typeof mask !== 'object' || mask.length !== numEnvs) {
    throw new EnvError(`${owner}.reset(): mask must hold one flag per sub-env (${numEnvs}), got ${describeValue(mask)}`);
  }
  return mask;
}
