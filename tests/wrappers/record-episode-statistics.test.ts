import { describe, expect, it } from 'vitest';
import { make } from '../../src/index.js';
import { RecordEpisodeStatistics } from '../../src/wrappers/record-episode-statistics.js';
import { SHARED_INFO, vectorEnv } from './scripted-env.js';

/** A clock the test moves by hand. */
function manualClock() {
  const clock = { now: 10, read: () => clock.now };
  return clock;
}

describe('RecordEpisodeStatistics', () => {
  it('puts return, length and time in info.episode on the last step only', () => {
    const clock = manualClock();
    const env = new RecordEpisodeStatistics(
      vectorEnv([0], [{ observation: [1], reward: 1 }, { observation: [2], reward: 2 }, { observation: [3], reward: 0.5, terminated: true }]),
      { clock: clock.read },
    );
    env.reset();
    clock.now = 10.25;
    expect(env.step(0).info).toEqual({});
    expect(env.step(0).info).toEqual({});
    clock.now = 11.5;
    const last = env.step(0);
    expect(last.info['episode']).toEqual({ r: 3.5, l: 3, t: 1.5 });
    expect(SHARED_INFO).toEqual({});
    expect(env.episodeCount).toBe(1);
  });

  it('ends episodes on truncation too and keeps only the last bufferLength episodes', () => {
    const env = new RecordEpisodeStatistics(
      vectorEnv([0], [{ observation: [1], reward: 1, truncated: true }, { observation: [1], reward: 2 }, { observation: [1], reward: 3, terminated: true }]),
      { bufferLength: 2, statsKey: 'stats', clock: () => 0 },
    );
    const episodes = [];
    for (let i = 0; i < 4; i++) {
      env.reset();
      let result;
      do result = env.step(0);
      while (!result.terminated && !result.truncated);
      episodes.push(result.info['stats']);
    }
    // The script cycles: episodes are [1], [2, 3], [1], [2, 3].
    expect(episodes).toEqual([
      { r: 1, l: 1, t: 0 },
      { r: 5, l: 2, t: 0 },
      { r: 1, l: 1, t: 0 },
      { r: 5, l: 2, t: 0 },
    ]);
    expect(env.returnQueue).toEqual([1, 5]);
    expect(env.lengthQueue).toEqual([1, 2]);
    expect(env.timeQueue).toEqual([0, 0]);
    expect(env.episodeCount).toBe(4);
  });

  it('counts a CartPole episode: return equals length at one reward per step', () => {
    const env = new RecordEpisodeStatistics(make('CartPole-v1'));
    env.reset({ seed: 0 });
    let steps = 0;
    let result;
    do {
      result = env.step(steps % 3 === 0 ? 1 : 0);
      steps++;
    } while (!result.terminated && !result.truncated);
    const episode = result.info['episode'] as { r: number; l: number; t: number };
    expect(episode.l).toBe(steps);
    expect(episode.r).toBe(steps);
    expect(episode.t).toBeGreaterThanOrEqual(0);
  });

  it('refuses a bad buffer length', () => {
    expect(() => new RecordEpisodeStatistics(vectorEnv([0], [{ observation: [0] }]), { bufferLength: 0 })).toThrow(
      'RecordEpisodeStatistics: bufferLength must be a positive integer, got 0',
    );
  });
});
