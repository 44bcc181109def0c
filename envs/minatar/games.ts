import { Asterix } from './asterix.js';
import { Breakout } from './breakout.js';
import { Freeway } from './freeway.js';
import type { MinAtarGameFactory } from './game.js';
import { Seaquest } from './seaquest.js';
import { SpaceInvaders } from './space-invaders.js';

/** The five MinAtar games, by the name their env ids use ('MinAtar/<name>-v0'). */
export const MINATAR_GAMES = {
  Asterix: (rng, ramping) => new Asterix(rng, ramping),
  Breakout: (rng) => new Breakout(rng),
  Freeway: (rng) => new Freeway(rng),
  Seaquest: (rng, ramping) => new Seaquest(rng, ramping),
  SpaceInvaders: (rng, ramping) => new SpaceInvaders(rng, ramping),
} as const satisfies Record<string, MinAtarGameFactory>;

export type MinAtarGameName = keyof typeof MINATAR_GAMES;

export const MINATAR_GAME_NAMES = Object.keys(MINATAR_GAMES) as MinAtarGameName[];
