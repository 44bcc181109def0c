import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import type { Env, StepResult } from '../../src/core/env.js';
import { EnvError } from '../../src/core/errors.js';
import { make } from '../../src/registry.js';
import { MINATAR_GAME_NAMES } from '../../envs/minatar/games.js';
import { MinAtarEnv } from '../../envs/minatar/minatar-env.js';
import { CartPoleEnv } from '../../envs/cartpole/cartpole.js';
import { LaneKeepingEnv } from '../../envs/driving/lane-keeping.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { TimeLimit } from '../../src/wrappers/time-limit.js';

/**
 * The Env contract (src/core/env.ts): a step after the episode ended throws an EnvError that
 * names the env and how the episode ended, in every env family; reset() starts the next episode.
 */

/** Steps with `policy` until the episode ends (at most `limit` steps); returns the last step. */
function runToEnd<Obs, Act>(env: Env<Obs, Act>, policy: (t: number) => Act, limit: number): StepResult<Obs> {
  for (let t = 0; t < limit; t++) {
    const result = env.step(policy(t));
    if (result.terminated || result.truncated) return result;
  }
  throw new Error(`the episode did not end within ${limit} steps`);
}

function afterEndPattern(id: string, how: string): RegExp {
  const escaped = id.replace(/[/.()-]/g, (c) => `\\${c}`);
  return new RegExp(`^${escaped}: step\\(\\) called after the episode ended \\(${how}\\); call reset\\(\\) first$`);
}

/** Ends an episode, checks the refusal (and that it repeats), then checks that reset() starts a new episode. */
function expectRefusalAfterEnd<Obs, Act>(env: Env<Obs, Act>, policy: (t: number) => Act, limit: number, id: string, how: string): void {
  env.reset({ seed: 0 });
  const last = runToEnd(env, policy, limit);
  expect(last.terminated || last.truncated).toBe(true);
  for (let k = 0; k < 2; k++) {
    let error: unknown;
    try {
      env.step(policy(0));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as Error).message).toMatch(afterEndPattern(id, how));
  }
  env.reset();
  const next = env.step(policy(0));
  expect(typeof next.reward).toBe('number');
  env.close();
  env.close(); // twice is harmless
}

const float = (...values: number[]) => Float32Array.from(values);

describe('step() after the episode ended, in every env family', () => {
  it('CartPole: terminated (pushing right until the pole falls)', () => {
    expectRefusalAfterEnd(make('CartPole-v1'), () => 1, 500, 'CartPole-v1', 'terminated');
  });

  it('CartPole: truncated by the time limit of make()', () => {
    expectRefusalAfterEnd(make('CartPole-v1', {}, { maxEpisodeSteps: 3 }), (t) => t % 2, 500, 'CartPole-v1', 'truncated');
  });

  it('CartPole made with new: terminated, with the class name', () => {
    expectRefusalAfterEnd(new CartPoleEnv(), () => 0, 500, 'CartPoleEnv', 'terminated');
  });

  for (const game of MINATAR_GAME_NAMES) {
    it(`MinAtar/${game}-v1: terminated`, () => {
      // Cycling through the game's actions ends every game (Freeway by its 2500-frame timer).
      const env = make<Uint8Array, number>(`MinAtar/${game}-v1`);
      const actionCount = (env.actionSpace as Discrete).n;
      expectRefusalAfterEnd(env, (t) => t % actionCount, 5000, `MinAtar/${game}-v1`, 'terminated');
    });
  }

  it('MinAtar with a direct constructor: the class name', () => {
    expectRefusalAfterEnd(new MinAtarEnv('Breakout', { stickyActionProb: 0 }), () => 0, 5000, 'MinAtarEnv', 'terminated');
  });

  it('Drone/Hover-v0: its own time limit, named as the env names it', () => {
    expectRefusalAfterEnd(make('Drone/Hover-v0', { episodeSeconds: 0.5 }), () => new Float32Array(4), 1000, 'Drone/Hover-v0', 'time-limit');
  });

  it('Drone/Obstacles-v0: a crash, named as the env names it', () => {
    // Full thrust up leaves the arena through its ceiling.
    expectRefusalAfterEnd(make('Drone/Obstacles-v0', { actionMode: 'rotors' }), () => float(1, 1, 1, 1), 2000, 'Drone/Obstacles-v0', 'out-of-arena');
  });

  it('Drone/IndoorNavigation-v0: its own time limit', () => {
    const env = make('Drone/IndoorNavigation-v0', { episodeSeconds: 1, cameraWidth: 8, cameraHeight: 8 });
    expectRefusalAfterEnd(env, () => float(0, 0, 0), 100, 'Drone/IndoorNavigation-v0', 'time-limit');
  });

  it('Driving/LaneKeeping-v0: terminated off the road', () => {
    expectRefusalAfterEnd(make('Driving/LaneKeeping-v0', { randomStart: false, trackSeed: 1 }), () => float(-1), 2000, 'Driving/LaneKeeping-v0', 'terminated');
  });

  it('Driving/LaneKeepingDiscrete-v0: truncated by the time limit of make()', () => {
    const env = make('Driving/LaneKeepingDiscrete-v0', { randomStart: false, trackSeed: 1 }, { maxEpisodeSteps: 4 });
    expectRefusalAfterEnd(env, () => 2, 100, 'Driving/LaneKeepingDiscrete-v0', 'truncated');
  });

  it('Driving: placeOnLane() after the car left the road puts it back, and the episode goes on (the steering demo\'s interventions)', () => {
    const env = new LaneKeepingEnv({ randomStart: false, trackSeed: 1 });
    env.reset({ seed: 0 });
    runToEnd(env, () => float(-1), 2000);
    expect(() => env.step(float(0))).toThrow('LaneKeepingEnv: step() called after the episode ended (terminated); call reset() first');
    env.placeOnLane(env.arcLength, 0, 0);
    const next = env.step(float(0));
    expect(next.terminated).toBe(false);
    expect(Math.abs(next.info['lateralOffset'] as number)).toBeLessThan(0.1);
  });

  it('a TimeLimit around any env refuses the step after its own truncation', () => {
    expectRefusalAfterEnd(new TimeLimit(new CartPoleEnv(), 2), (t) => t % 2, 10, 'env', 'truncated');
  });
});
