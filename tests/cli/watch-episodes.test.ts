import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { watchEpisodes, watchParallelEpisodes } from '../../src/cli/watch-episodes.js';
import { makeParallel } from '../../src/multi-agent/parallel-registry.js';
import type { Callback } from '../../src/train/callback.js';
import { evaluateParallelPolicy } from '../../src/train/evaluate-parallel.js';
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

describe('watchParallelEpisodes (eval --view on a multi-agent world)', () => {
  // Every robot drives straight at full speed and turns a little: robots on the circle cross in
  // the middle, so some collide and the others run into the time limit or arrive.
  const straight = {
    name: 'straight',
    actBatch: (_obs: unknown, count: number) => Float32Array.from({ length: 2 * count }, (_, i) => (i % 2 === 0 ? 1 : 0.05)),
  };
  const world = () => makeParallel('MultiRobot/CollisionAvoidance-v0', { robots: 4, beams: 16 });

  it('streams whole world episodes with the world as env 0, every robot in each frame', async () => {
    const events: string[] = [];
    const robotsPerFrame: number[] = [];
    const callback: Callback = {
      onTrainingStart: () => void events.push('start'),
      onStep: (context) => {
        events.push('step');
        const frame = (context.env as ReturnType<typeof world>).render();
        robotsPerFrame.push(frame!.updates.filter((update) => /^robot_\d+$/.test(update.id)).length);
      },
      onEpisodeEnd: (_context, summary) => void events.push(`end ${summary.length} ${JSON.stringify(summary.info)}`),
      onTrainingEnd: () => void events.push('end of run'),
    };
    const watched = await watchParallelEpisodes(straight, world(), callback, { episodes: 2, seed: 3, deterministic: true, envId: 'MultiRobot/CollisionAvoidance-v0', fps: 100_000 });
    expect(watched).toHaveLength(2);
    const ends = events.filter((e) => e.startsWith('end ') && e !== 'end of run');
    expect(ends).toEqual(watched.map((w) => `end ${w.length} ${JSON.stringify({ outcomes: w.outcomes })}`));
    for (const w of watched) expect(Object.values(w.outcomes).reduce((a, b) => a + b, 0)).toBe(4);
    // One step event per world step, plus the second episode's reset shown as a step of its own.
    expect(events.filter((e) => e === 'step')).toHaveLength(watched[0]!.length + watched[1]!.length + 1);
    expect(events[0]).toBe('start');
    expect(events.at(-1)).toBe('end of run');
    expect(new Set(robotsPerFrame)).toEqual(new Set([4]));
  });

  it('plays the same seeded world episodes as the batched evaluation', async () => {
    const watched = await watchParallelEpisodes(straight, world(), {}, { episodes: 2, seed: 7, deterministic: true, envId: 'MultiRobot/CollisionAvoidance-v0', fps: 100_000 });
    const evaluated = evaluateParallelPolicy(straight as never, world, { episodes: 2, seed: 7, deterministic: true });
    const perWorld = [0, 1].map((k) => evaluated.returns.slice(4 * k, 4 * k + 4).reduce((a, b) => a + b, 0) / 4);
    watched.forEach((w, k) => expect(w.meanReturn).toBeCloseTo(perWorld[k]!, 9));
    const counted: Record<string, number> = {};
    for (const w of watched) for (const [name, count] of Object.entries(w.outcomes)) counted[name] = (counted[name] ?? 0) + count;
    expect(Object.fromEntries(Object.entries(counted).map(([name, count]) => [name, count / 8]))).toEqual(evaluated.outcomes);
  });
});
