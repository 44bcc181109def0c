import { describe, expect, it } from 'vitest';
import { MINATAR_GAME_NAMES } from '../../../envs/minatar/games.js';
import { MinAtarEnv } from '../../../envs/minatar/minatar-env.js';
import { MinAtarVectorEnv } from '../../../envs/minatar/vector.js';
import { Rng } from '../../../src/core/rng.js';
import { makeBatchedVector } from '../../../src/vector/shard.js';
import '../../../envs/minatar/register.js';

/** Byte-for-byte equality (vitest's deep equality is slow on thousands of typed arrays). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

describe('MinAtarVectorEnv', () => {
  it('plays each copy exactly as a single env with seed + i, with next-step autoreset', () => {
    for (const game of MINATAR_GAME_NAMES) {
      const numEnvs = 3;
      const vector = new MinAtarVectorEnv(game, numEnvs);
      const singles = Array.from({ length: numEnvs }, () => new MinAtarEnv(game));
      const size = 100 * singles[0]!.game.channels.length;
      const { observations } = vector.reset({ seed: 40 });
      singles.forEach((env, i) => expect(observations.subarray(i * size, (i + 1) * size)).toEqual(env.reset({ seed: 40 + i }).observation));
      const pendingReset = new Array<boolean>(numEnvs).fill(false);
      const policy = new Rng(3);
      const actions = new Int32Array(numEnvs);
      let episodesEnded = 0;
      const mismatches: string[] = [];
      for (let t = 0; t < 400; t++) {
        for (let i = 0; i < numEnvs; i++) actions[i] = policy.integer(0, 6);
        const result = vector.step(actions);
        expect(result.observations).toBe(observations);
        singles.forEach((env, i) => {
          const expected = pendingReset[i]
            ? { observation: env.reset().observation, reward: 0, terminated: false }
            : env.step(actions[i]!);
          pendingReset[i] = expected.terminated;
          if (expected.terminated) episodesEnded++;
          if (!sameBytes(result.observations.subarray(i * size, (i + 1) * size), expected.observation)) mismatches.push(`${game} env ${i} step ${t}: observation`);
          if (result.rewards[i] !== expected.reward || result.terminations[i] !== (expected.terminated ? 1 : 0) || result.truncations[i] !== 0) {
            mismatches.push(`${game} env ${i} step ${t}: reward/flags`);
          }
        });
      }
      expect(mismatches).toEqual([]);
      if (game !== 'Freeway') expect(episodesEnded).toBeGreaterThan(3);
    }
  });

  it('ignores the action of the step that autoresets and returns reward 0 there', () => {
    const vector = new MinAtarVectorEnv('Breakout', 1, { stickyActionProb: 0 });
    vector.reset({ seed: 0 });
    let result;
    do result = vector.step([0]);
    while (result.terminations[0] === 0);
    result = vector.step([2]);
    expect([result.rewards[0], result.terminations[0], result.truncations[0]]).toEqual([0, 0, 0]);
    expect(vector.games[0]!.terminal).toBe(false);
  });

  it('truncates after maxEpisodeSteps when asked to', () => {
    const vector = new MinAtarVectorEnv('Freeway', 2, {}, { maxEpisodeSteps: 5 });
    vector.reset({ seed: [1, 2] });
    for (let t = 0; t < 4; t++) expect(Array.from(vector.step([0, 0]).truncations)).toEqual([0, 0]);
    const fifth = vector.step([0, 0]);
    expect([Array.from(fifth.truncations), Array.from(fifth.terminations)]).toEqual([[1, 1], [0, 0]]);
  });

  it("'same-step' resets at once and hands the final observation over in infos", () => {
    const vector = new MinAtarVectorEnv('Breakout', 1, { stickyActionProb: 0 }, { autoresetMode: 'same-step' });
    const single = new MinAtarEnv('Breakout', { stickyActionProb: 0 });
    vector.reset({ seed: 9 });
    single.reset({ seed: 9 });
    let result;
    let expected;
    do {
      result = vector.step([0]);
      expected = single.step(0);
    } while (!expected.terminated);
    expect(result.terminations[0]).toBe(1);
    expect(result.infos[0]!['finalObservation']).toEqual(expected.observation);
    expect(Buffer.compare(result.observations, single.reset().observation)).toBe(0);
    expect(vector.step([0]).infos[0]).toEqual({});
  });

  it("'disabled' leaves ended copies ended until reset({ mask }) restarts them", () => {
    const vector = new MinAtarVectorEnv('Breakout', 2, { stickyActionProb: 0 }, { autoresetMode: 'disabled' });
    vector.reset({ seed: 3 });
    let result;
    do result = vector.step([0, 0]);
    while (result.terminations[0] === 0 && result.terminations[1] === 0);
    const ended = result.terminations[0] === 1 ? 0 : 1;
    expect(vector.step([0, 0]).terminations[ended]).toBe(1);
    vector.reset({ mask: ended === 0 ? [1, 0] : [0, 1] });
    expect(vector.games[ended]!.terminal).toBe(false);
  });

  it('refuses bad actions, wrong lengths, bad seeds and step() before reset()', () => {
    const vector = new MinAtarVectorEnv('SpaceInvaders', 2, { minimalActionSet: true });
    expect(() => vector.step([0, 0])).toThrow('MinAtar/SpaceInvaders: step() called before reset(); call reset() first');
    expect(() => vector.reset({ seed: [1] })).toThrow('MinAtar/SpaceInvaders.reset(): seed must be an integer or an array of 2 seeds (one per sub-env), got [1]');
    vector.reset({ seed: 0 });
    expect(() => vector.step([0])).toThrow('MinAtar/SpaceInvaders.step(): expected 2 actions (2 sub-envs x 1 for Discrete(4)), got 1: [0]');
    expect(() => vector.step([0, 4])).toThrow('MinAtar/SpaceInvaders.step(): invalid action for sub-env 1: expected an integer in [0, 3], got 4');
    expect(() => new MinAtarVectorEnv('Breakout', 0)).toThrow('MinAtarVectorEnv: numEnvs must be a positive integer, got 0');
    expect(() => new MinAtarVectorEnv('Breakout', 2, {}, { maxEpisodeSteps: -1 })).toThrow('MinAtar/Breakout: maxEpisodeSteps must be a non-negative integer, got -1');
    expect(() => new MinAtarVectorEnv('Breakout', 2, { stickyActionProb: -0.1 })).toThrow("option 'stickyActionProb' must be a probability in [0, 1], got -0.1");
  });

  it('renders sub-env 0 through the scene protocol', () => {
    const vector = new MinAtarVectorEnv('Seaquest', 2);
    expect(vector.render()).toBeUndefined();
    vector.reset({ seed: 0 });
    const frame = vector.render()!;
    expect(frame.scene.objects[0]!.shape.type).toBe('grid');
    expect((frame.updates[0]!.cells as Uint8Array)[5]).toBe(1); // sub front at (0, 5)
  });
});

describe('MinAtar vectorEntryPoint', () => {
  it('builds a MinAtarVectorEnv from the registration, with the registered and given kwargs', () => {
    const envs = makeBatchedVector('MinAtar/Breakout-v1', 4, { kwargs: { stickyActionProb: 0 } });
    expect(envs).toBeInstanceOf(MinAtarVectorEnv);
    expect(envs.spec?.id).toBe('MinAtar/Breakout-v1');
    expect((envs as MinAtarVectorEnv).options).toEqual({ stickyActionProb: 0, difficultyRamping: true, minimalActionSet: true });
    expect(envs.singleActionSpace.toString()).toBe('Discrete(3)');
    expect(() => envs.step([0, 0, 0, 0])).toThrow('MinAtar/Breakout-v1: step() called before reset(); call reset() first');
  });
});
