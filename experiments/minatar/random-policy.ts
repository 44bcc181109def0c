/**
 * What a uniformly random policy scores in each MinAtar game, measured as MinAtar's
 * examples/random_play.py does: 1000 episodes of the full 6-action set with default sticky
 * actions and ramping, mean return +/- standard error.
 *
 * MinAtar publishes one such figure, Breakout 0.5 +/- 0.023 (its README); for the other games
 * no published random-policy score was found, so those rows show ours alone.
 *
 * Run: `npx tsx experiments/minatar/random-policy.ts [episodes]`
 */
import { MINATAR_GAME_NAMES, type MinAtarGameName } from '../../envs/minatar/games.js';
import { MinAtarEnv } from '../../envs/minatar/minatar-env.js';
import { parseScriptArgs } from '../../src/cli/args.js';
import { Rng } from '../../src/core/rng.js';

/** MinAtar README: `python examples/random_play.py -g breakout` prints "Avg Return: 0.5+/-0.023". */
const PUBLISHED: Partial<Record<MinAtarGameName, { mean: number; standardError: number }>> = {
  Breakout: { mean: 0.5, standardError: 0.023 },
};

// The episode count is the one positional argument: `npx tsx experiments/minatar/random-policy.ts 1000`.
const episodesArgument = parseScriptArgs('experiments/minatar/random-policy.ts', {}).positionals[0];
const episodes = Number(episodesArgument ?? 1000);
console.log(`random policy, ${episodes} episodes per game (seed 0)`);
console.log(['game'.padEnd(14), 'mean return'.padStart(16), 'mean length'.padStart(12), 'MinAtar published'.padStart(20)].join('  '));
for (const game of MINATAR_GAME_NAMES) {
  const env = new MinAtarEnv(game);
  const policy = new Rng(1);
  env.reset({ seed: 0 });
  const returns: number[] = [];
  let frames = 0;
  for (let e = 0; e < episodes; e++) {
    if (e > 0) env.reset();
    let episodeReturn = 0;
    let terminated = false;
    while (!terminated) {
      const result = env.step(policy.integer(0, 6));
      episodeReturn += result.reward;
      terminated = result.terminated;
      frames++;
    }
    returns.push(episodeReturn);
  }
  const mean = returns.reduce((a, b) => a + b, 0) / episodes;
  const standardError = Math.sqrt(returns.reduce((a, b) => a + (b - mean) ** 2, 0) / episodes / episodes);
  const published = PUBLISHED[game];
  console.log(
    [
      game.padEnd(14),
      `${mean.toFixed(3)} +/- ${standardError.toFixed(3)}`.padStart(16),
      (frames / episodes).toFixed(1).padStart(12),
      (published ? `${published.mean} +/- ${published.standardError}` : 'not published').padStart(20),
    ].join('  '),
  );
}
