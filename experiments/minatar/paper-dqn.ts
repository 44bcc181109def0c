import type { MinAtarGameName } from '../../envs/minatar/games.js';

/**
 * The MinAtar paper's results (Young and Tian, 2019), read off its learning curves as issue 6
 * gives them: average training return of DQN (with experience replay, full action set) after
 * 5M frames. The curves themselves are not published as numbers, so we compare at 5M only.
 */
export const PAPER_DQN_RETURN_AT_5M: Readonly<Record<MinAtarGameName, number>> = {
  Asterix: 17,
  Breakout: 10,
  Freeway: 50,
  Seaquest: 20,
  SpaceInvaders: 43,
};

/** Actor-critic with eligibility traces, AC(lambda), on Space Invaders at 5M frames. */
export const PAPER_AC_LAMBDA_SPACE_INVADERS_AT_5M = 185;

/** The frame count of those numbers. */
export const PAPER_FRAMES = 5_000_000;
