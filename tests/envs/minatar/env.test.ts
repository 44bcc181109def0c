import { describe, expect, it } from 'vitest';
import { make } from '../../../src/index.js';
import { checkEnv } from '../../../src/check.js';
import { sceneFrameProblems } from '../../../src/check-scene.js';
import { stickyAction } from '../../../envs/minatar/game.js';
import { MINATAR_GAME_NAMES } from '../../../envs/minatar/games.js';
import { MinAtarEnv } from '../../../envs/minatar/minatar-env.js';
import { cubehelix, cubehelixPalette, displayPalette } from '../../../envs/minatar/palette.js';
import { paletteCells } from '../../../envs/minatar/scene.js';
import type { Breakout } from '../../../envs/minatar/breakout.js';
import { Rng } from '../../../src/core/rng.js';
import { keyMapFor } from '../../../src/server/play-keys.js';
import type { Box } from '../../../src/core/spaces/box.js';
import type { Discrete } from '../../../src/core/spaces/discrete.js';

/** MinAtar's channel names and minimal action sets, in its order. */
const EXPECTED = {
  Asterix: { channels: ['player', 'enemy', 'trail', 'gold'], minimal: 5 },
  Breakout: { channels: ['paddle', 'ball', 'trail', 'brick'], minimal: 3 },
  Freeway: { channels: ['chicken', 'car', 'speed1', 'speed2', 'speed3', 'speed4', 'speed5'], minimal: 3 },
  Seaquest: {
    channels: ['sub_front', 'sub_back', 'friendly_bullet', 'trail', 'enemy_bullet', 'enemy_fish', 'enemy_sub', 'oxygen_guage', 'diver_guage', 'diver'],
    minimal: 6,
  },
  SpaceInvaders: { channels: ['cannon', 'alien', 'alien_left', 'alien_right', 'friendly_bullet', 'enemy_bullet'], minimal: 4 },
} as const;

/** Rewards, terminations and a checksum of each observation along a random-action run. */
function trajectory(id: string, seed: number, steps: number): number[] {
  const env = make<Uint8Array, number>(id);
  const policy = new Rng(99);
  const out: number[] = [checksum(env.reset({ seed }).observation)];
  for (let t = 0; t < steps; t++) {
    const result = env.step(policy.integer(0, (env.actionSpace as Discrete).n));
    out.push(result.reward, result.terminated ? 1 : 0, checksum(result.observation));
    if (result.terminated) out.push(checksum(env.reset().observation));
  }
  return out;
}

/** A position-sensitive hash of a 0/1 observation (FNV-1a). */
function checksum(observation: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < observation.length; i++) hash = Math.imul(hash ^ observation[i]!, 0x01000193);
  return hash >>> 0;
}

describe('MinAtar envs', () => {
  it('registers v0 (6 actions) and v1 (minimal actions) for each game, with [10, 10, C] uint8 observations', () => {
    expect(MINATAR_GAME_NAMES).toEqual(Object.keys(EXPECTED));
    for (const game of MINATAR_GAME_NAMES) {
      const { channels, minimal } = EXPECTED[game];
      const v0 = make(`MinAtar/${game}-v0`);
      const v1 = make(`MinAtar/${game}-v1`);
      expect((v0.actionSpace as Discrete).n).toBe(6);
      expect((v1.actionSpace as Discrete).n).toBe(minimal);
      const space = v0.observationSpace as Box<Uint8Array>;
      expect([...space.shape, space.dtype, space.low[0], space.high[0]]).toEqual([10, 10, channels.length, 'uint8', 0, 1]);
      expect((v0.unwrapped as MinAtarEnv).game.channels).toEqual(channels);
      const { observation } = v0.reset({ seed: 0 });
      expect(observation).toBeInstanceOf(Uint8Array);
      expect(space.contains(observation)).toBe(true);
      expect(v0.spec?.maxEpisodeSteps).toBeUndefined();
    }
  });

  it('passes checkEnv and draws well-formed scene frames, for every id', () => {
    for (const game of MINATAR_GAME_NAMES) {
      for (const version of [0, 1]) {
        const id = `MinAtar/${game}-v${version}`;
        expect(checkEnv(make(id)).problems).toEqual([]);
        const env = make(id);
        env.reset({ seed: 0 });
        env.step(0);
        expect(sceneFrameProblems(env.render())).toEqual([]);
      }
    }
  });

  it('maps -v1 actions onto the game minimal set: Breakout-v1 action 2 is right', () => {
    const env = make('MinAtar/Breakout-v1', { stickyActionProb: 0 });
    env.reset({ seed: 0 });
    env.step(2);
    expect(((env.unwrapped as MinAtarEnv).game as Breakout).paddleX).toBe(5);
    env.step(1);
    expect(((env.unwrapped as MinAtarEnv).game as Breakout).paddleX).toBe(4);
  });

  it('names its actions as ALE does, so play mode can map arrow keys onto them', () => {
    const full = make('MinAtar/Breakout-v0').unwrapped as MinAtarEnv;
    expect(full.getActionMeanings()).toEqual(['NOOP', 'LEFT', 'UP', 'RIGHT', 'DOWN', 'FIRE']);
    const minimal = make('MinAtar/Breakout-v1').unwrapped as MinAtarEnv;
    expect(minimal.getActionMeanings()).toEqual(['NOOP', 'LEFT', 'RIGHT']);
    const { keys, defaultAction } = keyMapFor(3, minimal.getActionMeanings());
    expect(defaultAction).toBe(0);
    expect(keys.filter((k) => k.key.startsWith('Arrow')).map((k) => [k.key, k.action])).toEqual([['ArrowLeft', 1], ['ArrowRight', 2]]);
  });

  it('is reproducible per seed, bit for bit, for every game; other seeds give other games', () => {
    for (const game of MINATAR_GAME_NAMES) {
      const id = `MinAtar/${game}-v0`;
      expect(trajectory(id, 7, 300)).toEqual(trajectory(id, 7, 300));
      expect(trajectory(id, 7, 300)).not.toEqual(trajectory(id, 8, 300));
    }
  });

  it('repeats the previous action with probability stickyActionProb', () => {
    const rng = new Rng(5);
    let repeats = 0;
    const draws = 100_000;
    for (let i = 0; i < draws; i++) if (stickyAction(3, 1, 0.1, rng) === 1) repeats++;
    expect(repeats / draws).toBeGreaterThan(0.097);
    expect(repeats / draws).toBeLessThan(0.103);
    expect(stickyAction(3, 1, 0, rng)).toBe(3);

    // With p = 1 every frame repeats the no-op an episode starts with: the paddle never moves.
    const stuck = new MinAtarEnv('Breakout', { stickyActionProb: 1 });
    stuck.reset({ seed: 0 });
    for (let t = 0; t < 5; t++) stuck.step(3);
    expect((stuck.game as Breakout).paddleX).toBe(4);
    // The default is MinAtar's.
    const sticky = new MinAtarEnv('Breakout');
    expect(sticky.options).toEqual({ stickyActionProb: 0.1, difficultyRamping: true, minimalActionSet: false });
  });

  it('refuses bad kwargs with the reason and the value', () => {
    expect(() => make('MinAtar/Breakout-v0', { stickyActionProb: 1.5 })).toThrow("MinAtar/Breakout: option 'stickyActionProb' must be a probability in [0, 1], got 1.5");
    expect(() => make('MinAtar/Seaquest-v1', { stickyActionProbability: 0 })).toThrow(/unknown option 'stickyActionProbability'. Did you mean 'stickyActionProb'/);
    expect(() => make('MinAtar/Asterix-v0', { difficultyRamping: 'no' })).toThrow(/option 'difficultyRamping' must be true or false, got "no"/);
    expect(() => new MinAtarEnv('Breakuot' as 'Breakout')).toThrow(/unknown game "Breakuot". Did you mean 'Breakout'/);
  });

  it('refuses bad actions and step() before reset(), naming the env', () => {
    const env = make('MinAtar/SpaceInvaders-v1');
    expect(() => env.step(0)).toThrow(/MinAtar\/SpaceInvaders-v1: step\(\) called before reset\(\)/);
    env.reset({ seed: 0 });
    expect(() => env.step(4)).toThrow(/MinAtar\/SpaceInvaders-v1.step\(\): invalid action: expected an integer in \[0, 3\], got 4/);
    expect(() => env.step(1.5)).toThrow(/got 1.5/);
    expect(() => env.step(Number.NaN)).toThrow(/got NaN/);
    const bare = new MinAtarEnv('Freeway');
    expect(() => bare.step(0)).toThrow(/MinAtarEnv: step\(\) called before reset\(\)/);
  });

  it('returns a fresh observation each step: kept ones never change, across pool slabs', () => {
    const env = new MinAtarEnv('Seaquest', { stickyActionProb: 0 });
    const kept: Uint8Array[] = [env.reset({ seed: 0 }).observation];
    const copies: Uint8Array[] = [kept[0]!.slice()];
    for (let t = 0; t < 40; t++) {
      const { observation } = env.step(t % 2 === 0 ? 4 : 3); // down and right: the board keeps changing
      kept.push(observation);
      copies.push(observation.slice());
    }
    expect(new Set(kept.map((o) => o.buffer)).size).toBeGreaterThan(1); // 1000-byte observations, 16 per slab
    kept.forEach((observation, t) => expect(Buffer.compare(observation, copies[t]!)).toBe(0));
    expect(Buffer.compare(kept[0]!, kept[1]!)).not.toBe(0);
  });

  it('refuses a step after the episode ended (MinAtar pays 0; the Env contract throws, as every family does)', () => {
    const env = new MinAtarEnv('Breakout', { stickyActionProb: 0 });
    env.reset({ seed: 1 });
    let result;
    do result = env.step(0);
    while (!result.terminated);
    expect(() => env.step(0)).toThrow('MinAtarEnv: step() called after the episode ended (terminated); call reset() first');
  });

  it('renders one grid with a black background and one cubehelix colour per channel, highest channel on top', () => {
    const env = new MinAtarEnv('Breakout');
    env.reset({ seed: 2 });
    const frame = env.render();
    const [board] = frame.scene.objects;
    expect(frame.scene.objects).toHaveLength(1);
    if (board?.shape.type !== 'grid') throw new Error('expected a grid');
    expect(board.shape.palette).toEqual(['#000000', ...displayPalette(4)]);
    const cells = frame.updates[0]!.cells as Uint8Array;
    expect(cells[9 * 10 + 4]).toBe(1); // paddle
    expect(cells.filter((c) => c === 4)).toHaveLength(30); // bricks
    const ball = (env.game as Breakout).ballY * 10 + (env.game as Breakout).ballX;
    // The ball starts inside brick row 3 (as in MinAtar) with its trail on it: the brick channel is on top.
    expect(cells[ball]).toBe(4);
    env.step(0);
    const moved = env.render().updates[0]!.cells as Uint8Array;
    expect(moved[(env.game as Breakout).ballY * 10 + (env.game as Breakout).ballX]).toBe(2);
    expect(frame.hud).toEqual({ game: 'Breakout', return: 0, step: 0, action: '-', difficulty: 0 });
    env.step(3);
    expect(env.render().scene).toBe(frame.scene);
  });

  it('picks the highest channel per cell, as MinAtar displays states', () => {
    const observation = new Uint8Array(100 * 3);
    observation[0 * 3 + 0] = 1;
    observation[0 * 3 + 2] = 1;
    observation[5 * 3 + 1] = 1;
    const cells = paletteCells(observation, 3);
    expect([cells[0], cells[5], cells[6]]).toEqual([3, 2, 0]);
  });

  it('computes cubehelix from its formula: black to white through a warm middle', () => {
    expect(cubehelix(0)).toEqual([0, 0, 0]);
    expect(cubehelix(1).map((v) => Number(v.toFixed(12)))).toEqual([1, 1, 1]);
    // x = 0.5: amplitude 0.125, angle 2*pi*(1/6 - 0.75): cos = -0.8660, sin = 0.5.
    const [r, g, b] = cubehelix(0.5);
    expect(r).toBeCloseTo(0.5 + 0.125 * (-0.14861 * -Math.sqrt(3) / 2 + 1.78277 * 0.5), 10);
    expect(g).toBeCloseTo(0.5 + 0.125 * (-0.29227 * -Math.sqrt(3) / 2 - 0.90649 * 0.5), 10);
    expect(b).toBeCloseTo(0.5 + 0.125 * (1.97294 * -Math.sqrt(3) / 2), 10);
    expect(cubehelixPalette(4)).toHaveLength(4);
  });

  it('draws every channel of every game light enough to read on the black board', () => {
    // Relative luminance (sRGB, as WCAG defines it) against black's 0: contrast (L + 0.05) / 0.05.
    const luminance = (hex: string): number => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    for (const count of [3, 4, 6, 7, 10]) {
      for (const colour of displayPalette(count)) expect((luminance(colour) + 0.05) / 0.05, `${count} channels: ${colour}`).toBeGreaterThan(4.5);
    }
    // MinAtar's own first colour, Breakout's paddle, is what this replaces: it fails that test.
    expect((luminance(cubehelixPalette(4)[0]!) + 0.05) / 0.05).toBeLessThan(4.5);
  });
});
