import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import '../../../envs/index.js';
import { PpoAgent } from '../../../agents/ppo/ppo.js';
import type { Env } from '../../../src/core/env.js';
import { make } from '../../../src/registry.js';
import { flyEpisodes, judgeHover } from '../../../experiments/drone/flight-evaluation.js';
import { trainDroneSeed, type DroneRunOptions } from '../../../experiments/drone/ppo-drone.js';
import type { FlownEpisode, HoverVerdict } from '../../../experiments/drone/flight-evaluation.js';

/** A tiny run: 2 envs x 16 steps per rollout, so each update adds 32 env steps (fewer after a reset). */
const tiny = (overrides: Partial<DroneRunOptions<HoverVerdict>>): DroneRunOptions<HoverVerdict> => ({
  envId: 'Drone/Hover-v0',
  envKwargs: { actionMode: 'thrust-rates' },
  seed: 0,
  steps: 96,
  envs: 2,
  evalEvery: 40,
  evalEpisodes: 1,
  ppo: { nSteps: 16, batchSize: 32, nEpochs: 1 },
  judge: (episodes) => judgeHover(episodes, 120, 0.1),
  solved: () => false,
  describe: (v) => `worst ${v.worstLateError}`,
  log: () => {},
  ...overrides,
});

describe('trainDroneSeed', () => {
  it('evaluates at the first update past each multiple of evalEvery and at the end of the budget', async () => {
    const lines: string[] = [];
    const run = await trainDroneSeed(tiny({ log: (line) => lines.push(line) }));
    // Hover episodes last 240 steps, so no reset within 96 steps: updates at 32, 64, 96.
    expect(run.curve.map((p) => p.step)).toEqual([64, 96]);
    expect(run.stepsTrained).toBe(96);
    expect(run.solvedAtStep).toBeUndefined();
    expect(run.finalVerdict).toBe(run.curve[1]!.verdict);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^seed 0 step 64 train return \(last 50 ep\) NaN \| eval worst (Infinity|[\d.]+) \| \d+ s$/);
  });

  it('the evaluation flights with a real PPO policy free every tensor they make', () => {
    const makeEnv = () => make('Drone/Hover-v0', { actionMode: 'thrust-rates' }) as Env<Float32Array, Float32Array>;
    const env = makeEnv();
    const agent = new PpoAgent({ observationSpace: env.observationSpace, actionSpace: env.actionSpace }, { seed: 0 });
    const tensorsBefore = tf.memory().numTensors;
    const episodes = flyEpisodes(agent, makeEnv, [1, 2, 3]);
    expect(episodes).toHaveLength(3);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    agent.dispose();
  });

  it('stops at the first evaluation that counts as solved and records when', async () => {
    const run = await trainDroneSeed(tiny({ solved: () => true, steps: 10_000 }));
    expect(run.solvedAtStep).toBe(64);
    expect(run.stepsTrained).toBe(64);
    expect(run.solvedSeconds).toBeGreaterThan(0);
    expect(run.curve).toHaveLength(1);
  });

  it('is repeatable for a seed: the evaluation flights match step for step', async () => {
    const flights = (seed: number) => ({ ...tiny({ steps: 64, seed }), judge: (episodes: FlownEpisode[]) => episodes[0]!.positionErrors, solved: () => false, describe: () => '' });
    const first = await trainDroneSeed(flights(0));
    const second = await trainDroneSeed(flights(0));
    const otherSeed = await trainDroneSeed(flights(1));
    expect(first.finalVerdict!.length).toBeGreaterThan(1);
    expect(second.finalVerdict).toEqual(first.finalVerdict);
    expect(otherSeed.finalVerdict).not.toEqual(first.finalVerdict);
  });
});
