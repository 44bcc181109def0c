import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { normalizeInPlace } from '../../agents/common/normalize.js';
import { sampleCategorical, squashAction } from '../../agents/common/distributions.js';
import { linearSchedule, parseSchedule } from '../../agents/common/schedule.js';
import { huber, tdTargets } from '../../agents/dqn/dqn.js';
import { duelingCombine } from '../../agents/dqn/q-network.js';
import { NStepQueue, nStepReturn } from '../../agents/dqn/n-step-queue.js';
import { SumTree } from '../../agents/dqn/sum-tree.js';
import { computeGae } from '../../agents/ppo/ppo.js';
import { discountedReturns } from '../../agents/reinforce/reinforce.js';
import { Rng } from '../../src/core/rng.js';

await tf.setBackend('cpu');

describe('computeGae', () => {
  it('matches a hand-worked three-step episode that terminates', () => {
    // gamma 0.9, lambda 0.5; values 1, 2, 3; rewards 1, 1, 1; terminated at the end.
    // delta2 = 1 + 0 - 3 = -2;            A2 = -2
    // delta1 = 1 + 0.9*3 - 2 = 1.7;       A1 = 1.7 + 0.45 * -2 = 0.8
    // delta0 = 1 + 0.9*2 - 1 = 1.8;       A0 = 1.8 + 0.45 * 0.8 = 2.16
    const advantages = computeGae({ rewards: [1, 1, 1], values: [1, 2, 3], nextValues: [2, 3, 10], terminated: [0, 0, 1], episodeEnded: [0, 0, 1] }, 0.9, 0.5);
    expect(Array.from(advantages)).toEqual([expect.closeTo(2.16, 10), expect.closeTo(0.8, 10), expect.closeTo(-2, 10)]);
  });

  it('bootstraps a truncated step from the value of its final observation, and a terminated one from nothing', () => {
    // Same episode cut by a time limit: the final observation is worth 10.
    // delta2 = 1 + 0.9*10 - 3 = 7;  A1 = 1.7 + 0.45*7 = 4.85;  A0 = 1.8 + 0.45*4.85 = 3.9825
    const truncated = computeGae({ rewards: [1, 1, 1], values: [1, 2, 3], nextValues: [2, 3, 10], terminated: [0, 0, 0], episodeEnded: [0, 0, 1] }, 0.9, 0.5);
    expect(Array.from(truncated)).toEqual([expect.closeTo(3.9825, 10), expect.closeTo(4.85, 10), expect.closeTo(7, 10)]);
  });

  it('does not carry advantages across an episode boundary', () => {
    // Step 0 ends an episode (terminated); step 1 starts the next one.
    const advantages = computeGae({ rewards: [1, 5], values: [0, 0], nextValues: [100, 0], terminated: [1, 0], episodeEnded: [1, 0] }, 0.9, 1);
    expect(Array.from(advantages)).toEqual([1, 5]);
  });

  it('with lambda 1 equals discounted returns minus values', () => {
    const rewards = [1, 2, 3, 4];
    const values = [0.5, -1, 2, 0.25];
    const nextValues = [-1, 2, 0.25, 7];
    const gae = computeGae({ rewards, values, nextValues, terminated: [0, 0, 0, 0], episodeEnded: [0, 0, 0, 0] }, 0.95, 1);
    const returns = discountedReturns(rewards, [0, 0, 0, 0], [0, 0, 0, 0], nextValues, 0.95);
    gae.forEach((a, t) => expect(a).toBeCloseTo(returns[t]! - values[t]!, 10));
  });
});

describe('discountedReturns', () => {
  it('sums rewards backwards and restarts at episode ends', () => {
    // Episode A: rewards 1, 1 (terminated); episode B: reward 2, cut by the slice (bootstrap 4).
    const returns = discountedReturns([1, 1, 2], [0, 1, 0], [0, 1, 0], [0, 0, 4], 0.5);
    expect(Array.from(returns)).toEqual([1.5, 1, 4]);
  });
});

describe('normalizeInPlace', () => {
  it('gives mean 0 and standard deviation 1', () => {
    const values = Float32Array.of(1, 2, 3, 4);
    normalizeInPlace(values);
    // mean 2.5, population std sqrt(1.25)
    expect(values[0]).toBeCloseTo(-1.5 / Math.sqrt(1.25), 5);
    expect(values[3]).toBeCloseTo(1.5 / Math.sqrt(1.25), 5);
  });
});

describe('nStepReturn and NStepQueue', () => {
  it('sums n discounted rewards and stops at the first episode end', () => {
    expect(nStepReturn([1, 1, 1], [false, false, false], [false, false, false], 0.5, 3)).toEqual({ reward: 1.75, discount: 0.125, terminated: false, steps: 3 });
    expect(nStepReturn([1, 2, 4], [false, true, false], [false, false, false], 0.5, 3)).toEqual({ reward: 2, discount: 0.25, terminated: true, steps: 2 });
    expect(nStepReturn([1, 2, 4], [false, false, false], [true, false, false], 0.5, 3)).toEqual({ reward: 1, discount: 0.5, terminated: false, steps: 1 });
  });

  it('emits each step once n rewards are known, and flushes at the episode end', () => {
    const queue = new NStepQueue(2, 0.5);
    const obs = (v: number) => Float32Array.of(v);
    expect(queue.push(obs(0), 0, 1, obs(1), false, false)).toEqual([]);
    const [first] = queue.push(obs(1), 1, 2, obs(2), false, false);
    expect(first).toMatchObject({ action: 0, reward: 2, discount: 0.25, terminated: false });
    expect(Array.from(first!.nextObservation)).toEqual([2]);
    const flushed = queue.push(obs(2), 0, 4, obs(3), true, false);
    expect(flushed.map((t) => [t.action, t.reward, t.discount, t.terminated])).toEqual([
      [1, 2 + 0.5 * 4, 0.25, true],
      [0, 4, 0.5, true],
    ]);
  });
});

describe('schedules', () => {
  it('interpolate linearly over a fraction of training', () => {
    const epsilon = linearSchedule(1, 0.04, 0.16);
    expect(epsilon(0)).toBe(1);
    expect(epsilon(0.08)).toBeCloseTo(0.52, 10);
    expect(epsilon(0.5)).toBeCloseTo(0.04, 10);
  });

  it('parse numbers, lin_<start> and {start, end, fraction}, and refuse anything else', () => {
    expect(parseSchedule(3e-4, 'ppo', 'learningRate')(0.7)).toBe(3e-4);
    expect(parseSchedule('lin_1e-3', 'ppo', 'learningRate')(0.25)).toBeCloseTo(7.5e-4, 12);
    expect(parseSchedule({ start: 0.2, end: 0.1, fraction: 0.5 }, 'ppo', 'clipRange')(1)).toBeCloseTo(0.1, 12);
    expect(() => parseSchedule('fast', 'ppo', 'learningRate')).toThrow(`ppo: option 'learningRate' must be a number, "lin_<start>" or {start, end, fraction}, got "fast"`);
  });
});

describe('DQN pieces', () => {
  it('td targets use the target net for DQN and the online argmax for double DQN', () => {
    const targetNext = tf.tensor2d([[1, 5], [2, 0]]);
    const onlineNext = tf.tensor2d([[3, 0], [0, 1]]);
    const rewards = tf.tensor1d([1, 1]);
    const discounts = tf.tensor1d([0.5, 0.5]);
    const terminated = tf.tensor1d([0, 1]);
    expect(Array.from(tdTargets(rewards, discounts, terminated, targetNext).dataSync())).toEqual([3.5, 1]);
    // Double DQN: row 0 picks action 0 (online), rated 1 by the target net.
    expect(Array.from(tdTargets(rewards, discounts, terminated, targetNext, onlineNext).dataSync())).toEqual([1.5, 1]);
    tf.dispose([targetNext, onlineNext, rewards, discounts, terminated]);
  });

  it('huber is quadratic below 1 and linear above', () => {
    const errors = tf.tensor1d([0.5, -3]);
    expect(Array.from(huber(errors).dataSync())).toEqual([0.125, 2.5]);
    errors.dispose();
  });

  it('dueling heads combine as V + A - mean(A)', () => {
    const out = tf.tensor2d([[1, 3, 10]]);
    expect(Array.from(duelingCombine(out, 2).dataSync())).toEqual([9, 11]);
    out.dispose();
  });

  it('the sum tree finds leaves by cumulative priority', () => {
    const tree = new SumTree(5);
    [1, 3, 0, 2, 4].forEach((p, i) => tree.set(i, p));
    expect(tree.total).toBe(10);
    expect([0.5, 1, 3.9, 4, 5.9, 6, 9.99].map((x) => tree.find(x))).toEqual([0, 1, 1, 3, 3, 4, 4]);
    tree.set(1, 0);
    expect(tree.total).toBe(7);
    expect(tree.find(1.5)).toBe(3);
  });
});

describe('action helpers', () => {
  it('samples categorical actions with the seeded Rng and reports their log-probabilities', () => {
    const logits = Float32Array.of(0, Math.log(3));
    expect(sampleCategorical(logits, 0, 2, new Rng(0), { deterministic: true })).toEqual({ action: 1, logProb: expect.closeTo(Math.log(0.75), 6) });
    const rng = new Rng(7);
    let ones = 0;
    for (let i = 0; i < 4000; i++) ones += sampleCategorical(logits, 0, 2, rng, { deterministic: false }).action;
    expect(ones / 4000).toBeCloseTo(0.75, 1);
  });

  it('squashes Gaussian draws into the bounds by tanh or clipping', () => {
    expect(squashAction(0, -2, 2, 'tanh')).toBe(0);
    expect(squashAction(100, -2, 2, 'tanh')).toBe(2);
    expect(squashAction(0.5, 0, 1, 'tanh')).toBeCloseTo((Math.tanh(0.5) + 1) / 2, 12);
    expect(squashAction(3, -2, 2, 'clip')).toBe(2);
    expect(squashAction(-0.5, -2, 2, 'clip')).toBe(-0.5);
  });
});
