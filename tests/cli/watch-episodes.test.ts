import { describe, expect, it } from 'vitest';
import { watchEpisodes } from '../../src/cli/watch-episodes.js';
import type { Callback } from '../../src/train/callback.js';
import { evaluatePolicy } from '../../src/train/evaluate.js';
import { MatchTheCueEnv } from '../agents/tiny-envs.js';

/** Always answers 1: on MatchTheCueEnv that is right half the time. */
const alwaysOne = { name: 'always-one', act: () => 1, actBatch: (_obs: unknown, count: number) => new Int32Array(count).fill(1) };

describe('watchEpisodes (eval --view)', () => {
  it('tells the callback every step and episode end, in order, and returns the returns', async () => {
    const events: string[] = [];
    const callback: Callback = {
      onTrainingStart: () => void events.push('start'),
      onStep: (context) => void events.push(`step ${context.step}`),
      onEpisodeEnd: (_context, episode) => void events.push(`end ${episode.length} ${episode.episodeReturn}`),
      onTrainingEnd: () => void events.push('end of run'),
    };
    const returns = await watchEpisodes(alwaysOne, new MatchTheCueEnv(), callback, { episodes: 2, seed: 5, deterministic: true, envId: 'MatchTheCue', fps: 10_000 });
    expect(returns).toHaveLength(2);
    // Two 10-step episodes, hooks in the trainers' order: start, 9 steps, the end, then the step
    // that ended it; the second reset shows as a step of its own (no step counted), then 10 more.
    expect(events.filter((e) => e.startsWith('step'))).toHaveLength(21);
    expect(events.slice(0, 2)).toEqual(['start', 'step 1']);
    expect(events.slice(10, 14)).toEqual([`end 10 ${returns[0]}`, 'step 10', 'step 10', 'step 11']);
    expect(events.slice(-3, -1)).toEqual([`end 10 ${returns[1]}`, 'step 20']);
    expect(events.at(-1)).toBe('end of run');
  });

  it('plays the same seeded episodes as the batched evaluation', async () => {
    const watched = await watchEpisodes(alwaysOne, new MatchTheCueEnv(), {}, { episodes: 4, seed: 11, deterministic: true, envId: 'MatchTheCue', fps: 10_000 });
    const evaluated = evaluatePolicy(alwaysOne as never, () => new MatchTheCueEnv(), { episodes: 4, seed: 11, deterministic: true });
    expect(watched).toEqual(evaluated.returns);
  });

  it('paces steps at the requested frame rate', async () => {
    const started = performance.now();
    await watchEpisodes(alwaysOne, new MatchTheCueEnv(), {}, { episodes: 1, seed: 0, deterministic: true, envId: 'MatchTheCue', fps: 100 });
    // Nine waits of 10 ms between the ten steps of one episode.
    expect(performance.now() - started).toBeGreaterThanOrEqual(85);
  });
});
