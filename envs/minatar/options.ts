import { describeValue, ConfigError } from '../../src/core/errors.js';
import { resolveOptions } from '../../src/core/options.js';
import { FULL_ACTION_COUNT, type MinAtarGame } from './game.js';

/** The kwargs of every MinAtar env (the single and the vector one), with MinAtar's defaults. */
export interface MinAtarOptions {
  /** Probability that the previous action repeats instead of the chosen one (Machado et al., 2018). */
  stickyActionProb: number;
  /** Let the games that ramp (Asterix, Seaquest, Space Invaders) get harder as the episode goes on. */
  difficultyRamping: boolean;
  /** Use the game's minimal action set (the `-v1` ids) instead of all six actions (`-v0`). */
  minimalActionSet: boolean;
}

export const MINATAR_DEFAULTS: Readonly<MinAtarOptions> = Object.freeze({
  stickyActionProb: 0.1,
  difficultyRamping: true,
  minimalActionSet: false,
});

/**
 * Validates MinAtar kwargs: unknown keys and wrong types through `resolveOptions`, and a
 * sticky-action probability outside [0, 1].
 *
 * @example resolveMinAtarOptions('MinAtar/Breakout', { stickyActionProb: 0 })
 */
export function resolveMinAtarOptions(owner: string, kwargs: object | undefined): MinAtarOptions {
  const options = resolveOptions(owner, { ...MINATAR_DEFAULTS }, kwargs);
  if (!(options.stickyActionProb >= 0 && options.stickyActionProb <= 1)) {
    throw new ConfigError(`${owner}: option 'stickyActionProb' must be a probability in [0, 1], got ${describeValue(options.stickyActionProb)}`);
  }
  return options;
}

/**
 * The env's actions as full-set actions: index i of the env's Discrete space plays `actionSet[i]`.
 *
 * @example actionSetOf(new Breakout(rng), true) // [0, 1, 3]: no-op, left, right
 */
export function actionSetOf(game: MinAtarGame, minimal: boolean): readonly number[] {
  return minimal ? game.minimalActions : Array.from({ length: FULL_ACTION_COUNT }, (_, i) => i);
}
