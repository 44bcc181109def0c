import type { MinAtarGame } from '../../../envs/minatar/game.js';

/** The game's current [10, 10, C] observation. */
export function observe(game: MinAtarGame): Uint8Array {
  const out = new Uint8Array(100 * game.channels.length);
  game.observe(out, 0);
  return out;
}

/** The [row, col] cells where channel `channel` is on, in reading order. */
export function cellsOn(game: MinAtarGame, channel: number): [number, number][] {
  const c = game.channels.length;
  const out = observe(game);
  const cells: [number, number][] = [];
  for (let row = 0; row < 10; row++) for (let col = 0; col < 10; col++) if (out[(row * 10 + col) * c + channel] === 1) cells.push([row, col]);
  return cells;
}

/** Mean return and standard error of `episodes` episodes of a uniformly random full-set policy. */
export function randomPolicyReturn(step: (action: number) => { reward: number; terminated: boolean }, reset: () => void, pick: () => number, episodes: number): { mean: number; standardError: number } {
  const returns: number[] = [];
  for (let e = 0; e < episodes; e++) {
    reset();
    let episodeReturn = 0;
    let done = false;
    while (!done) {
      const result = step(pick());
      episodeReturn += result.reward;
      done = result.terminated;
    }
    returns.push(episodeReturn);
  }
  const mean = returns.reduce((a, b) => a + b, 0) / episodes;
  const variance = returns.reduce((a, b) => a + (b - mean) ** 2, 0) / episodes;
  return { mean, standardError: Math.sqrt(variance / episodes) };
}
