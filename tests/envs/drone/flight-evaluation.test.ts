import { describe, expect, it } from 'vitest';
import { make } from '../../../src/index.js';
import type { Env } from '../../../src/core/env.js';
import { pilotAction } from '../../../envs/drone/pilot.js';
import { BASE_OBSERVATION_SIZE } from '../../../envs/drone/observation.js';
import { flyEpisodes, judgeHover, judgeWaypoints, worstLateError, type FlownEpisode } from '../../../experiments/drone/flight-evaluation.js';

/** The scripted PID pilot as a batched policy, as the evaluation sees an agent. */
function pilotPolicy(observationSize: number) {
  const calls: number[] = [];
  return {
    calls,
    actBatch(observations: ArrayLike<number>, count: number): Float32Array {
      calls.push(count);
      const actions = new Float32Array(count * 4);
      for (let k = 0; k < count; k++) {
        const observation = Float32Array.from({ length: observationSize }, (_, i) => observations[k * observationSize + i]!);
        actions.set(pilotAction(observation), k * 4);
      }
      return actions;
    },
  };
}

/** Holds one action whatever it sees. */
const constantPolicy = (action: number[]) => ({
  actBatch: (_observations: ArrayLike<number>, count: number) => Float32Array.from({ length: count * 4 }, (_, i) => action[i % 4]!),
});

const episode = (positionErrors: number[], terminated = false, finalInfo: FlownEpisode['finalInfo'] = {}): FlownEpisode => ({ seed: 0, positionErrors, terminated, finalInfo });

describe('worstLateError', () => {
  it('takes the worst error of the last window only', () => {
    expect(worstLateError([0.9, 0.5, 0.04, 0.07, 0.02], 3)).toBe(0.07);
    expect(worstLateError([0.9, 0.5, 0.04, 0.07, 0.02], 5)).toBe(0.9);
  });

  it('is Infinity for an episode shorter than the window (a crash before the hold)', () => {
    expect(worstLateError([0.01, 0.01], 3)).toBe(Infinity);
  });

  it('refuses a window that is not a positive integer', () => {
    expect(() => worstLateError([0.1], 0)).toThrow('worstLateError: windowSteps must be a positive integer, got 0');
    expect(() => worstLateError([0.1], 1.5)).toThrow('got 1.5');
  });
});

describe('judgeHover', () => {
  it('solves only when every episode holds under the tolerance over the window', () => {
    const good = episode([1, 0.5, 0.09, 0.08]);
    expect(judgeHover([good, episode([1, 0.2, 0.05, 0.06])], 2, 0.1)).toEqual({ solved: true, worstLateError: 0.09, crashes: 0 });
    expect(judgeHover([good, episode([1, 0.05, 0.11, 0.06])], 2, 0.1)).toEqual({ solved: false, worstLateError: 0.11, crashes: 0 });
  });

  it('fails a crashed episode even if its last errors were small', () => {
    const verdict = judgeHover([episode([0.05, 0.05, 0.05], true)], 2, 0.1);
    expect(verdict).toEqual({ solved: false, worstLateError: 0.05, crashes: 1 });
  });
});

describe('judgeWaypoints', () => {
  it('sums waypoints reached over the courses and counts completed ones', () => {
    const verdict = judgeWaypoints([
      episode([0.05], true, { waypointsReached: 4, waypointsTotal: 4, reason: 'success' }),
      episode([0.4], false, { waypointsReached: 1, waypointsTotal: 4 }),
      episode([0.2], true, { waypointsReached: 2, waypointsTotal: 4, reason: 'tilt' }),
    ]);
    expect(verdict).toEqual({ fractionReached: 7 / 12, coursesCompleted: 1, crashes: 1 });
  });

  it('names the missing info keys when given episodes of another task', () => {
    expect(() => judgeWaypoints([episode([0.1], false, { positionError: 0.1, time: 8 })])).toThrow(
      'judgeWaypoints: expected info.waypointsReached and info.waypointsTotal (a Waypoints env), got info keys positionError, time',
    );
  });
});

describe('flyEpisodes', () => {
  const hover = () => make('Drone/Hover-v0', { actionMode: 'velocity' }) as Env<Float32Array, Float32Array>;

  it('flies the episodes side by side to the time limit; the PID pilot passes the Hover criterion', () => {
    const policy = pilotPolicy(BASE_OBSERVATION_SIZE);
    const episodes = flyEpisodes(policy, hover, [10_000, 10_001]);
    expect(episodes.map((e) => [e.seed, e.positionErrors.length, e.terminated])).toEqual([
      [10_000, 240, false],
      [10_001, 240, false],
    ]);
    // One batched call per control step, both episodes in each.
    expect(policy.calls).toEqual(new Array(240).fill(2));
    // Starts on the ground about 1 m below the target, ends holding it.
    expect(episodes[0]!.positionErrors[0]).toBeGreaterThan(0.9);
    const verdict = judgeHover(episodes, 4 * 30, 0.1);
    expect(verdict.solved).toBe(true);
    expect(verdict.worstLateError).toBeLessThan(0.02);
  });

  it('is repeatable: the same seeds give the same errors', () => {
    const first = flyEpisodes(pilotPolicy(BASE_OBSERVATION_SIZE), hover, [7]);
    const second = flyEpisodes(pilotPolicy(BASE_OBSERVATION_SIZE), hover, [7]);
    expect(second[0]!.positionErrors).toEqual(first[0]!.positionErrors);
  });

  it('a policy that never takes off fails the Hover criterion with the full 1 m error', () => {
    const grounded = () => make('Drone/Hover-v0', { actionMode: 'thrust-rates' }) as Env<Float32Array, Float32Array>;
    const verdict = judgeHover(flyEpisodes(constantPolicy([-1, 0, 0, 0]), grounded, [3]), 4 * 30, 0.1);
    expect(verdict.solved).toBe(false);
    expect(verdict.crashes).toBe(0);
    expect(verdict.worstLateError).toBeGreaterThan(0.95);
  });

  it('stops an episode at its crash and keeps flying the others', () => {
    // Full thrust with a hard roll flips the drone: a tilt crash well before the time limit.
    const episodes = flyEpisodes(constantPolicy([1, 1, 0, 0]), () => make('Drone/Hover-v0', { actionMode: 'thrust-rates' }) as Env<Float32Array, Float32Array>, [1, 2]);
    for (const flown of episodes) {
      expect(flown.terminated).toBe(true);
      expect(flown.finalInfo['reason']).toBe('tilt');
      expect(flown.positionErrors.length).toBeLessThan(240);
    }
  });
});
