import type { Rng } from '../../src/core/rng.js';

/**
 * What every MinAtar game shares: the 10x10 board, the six actions and the sticky-action rule
 * (Young and Tian, 2019; MinAtar v1.0.15).
 */

/** The board is GRID_SIZE x GRID_SIZE cells; row 0 is the top, column 0 the left. */
export const GRID_SIZE = 10;

/** MinAtar's full action set, in its order. Games ignore the actions they have no use for. */
export const Action = { noop: 0, left: 1, up: 2, right: 3, down: 4, fire: 5 } as const;

/**
 * The names of the full action set, indexed by action, spelt as ALE and Gymnasium spell them:
 * `getActionMeanings()` returns them, play mode maps arrow keys and space onto them, and the
 * viewer's HUD shows them in lower case.
 */
export const ACTION_NAMES: readonly string[] = ['NOOP', 'LEFT', 'UP', 'RIGHT', 'DOWN', 'FIRE'];

/** The number of actions in the full set (every `-v0` env). */
export const FULL_ACTION_COUNT = 6;

/**
 * One MinAtar game's rules and state. A game draws its randomness from the Rng it was built
 * with, so that the env that owns both decides how they are seeded.
 */
export interface MinAtarGame {
  /** Channel names, in MinAtar's order: channel c of the observation means `channels[c]`. */
  readonly channels: readonly string[];
  /** The full-set actions that change something in this game (MinAtar's `minimal_action_set`). */
  readonly minimalActions: readonly number[];
  /** True once the episode ended; `act` then changes nothing and pays 0. */
  readonly terminal: boolean;
  /** Starts a new episode (draws from the game's Rng where MinAtar does). */
  reset(): void;
  /** Advances one frame under a full-set action (0..5) and returns the reward of that frame. */
  act(action: number): number;
  /**
   * Writes the whole [10, 10, C] binary observation at `out[offset, offset + 100C)`, row-major
   * with channels last (the region's old contents do not matter).
   */
  observe(out: Uint8Array, offset: number): void;
  /** How far difficulty ramping has gone (MinAtar's `difficulty_ramp()`), 0 for games without it. */
  readonly rampIndex: number;
}

/** Builds a game whose randomness comes from `rng`, with or without difficulty ramping. */
export type MinAtarGameFactory = (rng: Rng, difficultyRamping: boolean) => MinAtarGame;

/**
 * Sticky actions (Machado et al., 2018) as MinAtar applies them: with probability `probability`
 * the previous action repeats instead of the requested one. One draw per frame, from the game's
 * own generator, as MinAtar shares one generator between the two.
 *
 * @example const executed = stickyAction(requested, lastAction, 0.1, rng);
 */
export function stickyAction(requested: number, lastAction: number, probability: number, rng: Rng): number {
  if (probability <= 0) return requested;
  // One 32-bit draw is plenty of resolution for a probability, and half the cost of random().
  return rng.nextUint32() < probability * 4294967296 ? lastAction : requested;
}
