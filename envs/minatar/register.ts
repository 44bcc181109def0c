import { register } from '../../src/registry.js';
import { MINATAR_GAME_NAMES } from './games.js';
import { MinAtarEnv } from './minatar-env.js';
import type { MinAtarOptions } from './options.js';
import { minatarVectorEntryPoint } from './vector.js';

// As MinAtar's own Gymnasium registration: -v0 has all six actions (the paper's setting),
// -v1 each game's minimal action set. No time limit: MinAtar has none.
for (const game of MINATAR_GAME_NAMES) {
  for (const [version, minimalActionSet] of [
    [0, false],
    [1, true],
  ] as const) {
    register({
      module: import.meta.url,
      id: `MinAtar/${game}-v${version}`,
      entryPoint: (kwargs) => new MinAtarEnv(game, kwargs as Partial<MinAtarOptions>),
      vectorEntryPoint: minatarVectorEntryPoint(game),
      kwargs: { minimalActionSet },
      description: `MinAtar ${game} on a 10x10 grid (${minimalActionSet ? 'minimal action set' : 'full 6-action set'}, sticky actions 0.1)`,
    });
  }
}
