import { describe, expect, it } from 'vitest';
import { checkEnv } from '../../src/check.js';
import { EnvError } from '../../src/core/errors.js';
import { make } from '../../src/index.js';
import { FlattenObservation } from '../../src/wrappers/flatten-observation.js';
import { FrameStackObservation } from '../../src/wrappers/frame-stack-observation.js';
import { NormalizeObservation } from '../../src/wrappers/normalize-observation.js';
import { OrderEnforcing } from '../../src/wrappers/order-enforcing.js';
import { RecordEpisodeStatistics } from '../../src/wrappers/record-episode-statistics.js';
import { TimeLimit } from '../../src/wrappers/time-limit.js';
import { TransformReward } from '../../src/wrappers/transform-reward.js';
import { vectorEnv } from './scripted-env.js';

describe('TimeLimit', () => {
  it('truncates on the step that reaches the limit, keeps terminated, and restarts on reset', () => {
    const env = new TimeLimit(vectorEnv([0], [{ observation: [1] }, { observation: [2] }, { observation: [3], terminated: true }]), 3);
    env.reset();
    const flags = [1, 2, 3].map(() => env.step(0)).map((r) => [r.terminated, r.truncated]);
    expect(flags).toEqual([
      [false, false],
      [false, false],
      [true, true],
    ]);
    env.reset();
    expect(env.elapsedSteps).toBe(0);
    expect(env.step(0).truncated).toBe(false);
    expect(() => new TimeLimit(vectorEnv([0], []), 0)).toThrow('TimeLimit: maxEpisodeSteps must be a positive integer, got 0');
  });
});

describe('OrderEnforcing', () => {
  it('refuses step() and render() before reset()', () => {
    const env = new OrderEnforcing(vectorEnv([0], [{ observation: [1] }]));
    expect(() => env.step(0)).toThrow(new EnvError('env: step() called before reset(); call reset() first'));
    expect(() => env.render()).toThrow(new EnvError('env: render() called before reset(); call reset() first'));
    env.reset();
    expect(Array.from(env.step(0).observation)).toEqual([1]);
  });
});

describe('wrapper stacks', () => {
  it('pass checkEnv with correct spaces on CartPole', () => {
    const env = new RecordEpisodeStatistics(new TransformReward(new FrameStackObservation(new FlattenObservation(make('CartPole-v1')), 4), (r) => r * 0.5));
    expect(env.observationSpace.shape).toEqual([4, 4]);
    expect(checkEnv(env)).toEqual({ env: 'CartPole-v1', problems: [], warnings: [], passed: true });
  });

  it('make NormalizeObservation deterministic only when its statistics are frozen', () => {
    const learning = new NormalizeObservation(make('CartPole-v1'));
    // The statistics carry over from one run to the next, so the same seed gives other observations.
    expect(checkEnv(learning).problems[0]).toMatch(/^not deterministic: two runs from reset\(\{seed: 0\}\) with the same actions differ at the reset observation/);
    learning.updateRunningMean = false;
    expect(checkEnv(learning).problems).toEqual([]);
  });
});
