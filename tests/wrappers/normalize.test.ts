import { describe, expect, it } from 'vitest';
import { NormalizeObservation } from '../../src/wrappers/normalize-observation.js';
import { NormalizeReward } from '../../src/wrappers/normalize-reward.js';
import { RunningMeanStd } from '../../src/wrappers/running-mean-std.js';
import { vectorEnv } from './scripted-env.js';

const PRIOR_COUNT = 1e-4;

/**
 * Mean and variance of `samples` (rows) computed directly, with Gymnasium's prior: a
 * pseudo-sample of weight PRIOR_COUNT with mean 0 and variance 1.
 */
function directMoments(samples: number[][], priorCount = PRIOR_COUNT): { mean: number[]; variance: number[] } {
  const total = samples.length + priorCount;
  const size = samples[0]!.length;
  const mean = Array.from({ length: size }, (_, i) => samples.reduce((sum, row) => sum + row[i]!, 0) / total);
  const variance = mean.map((m, i) => {
    const spread = samples.reduce((sum, row) => sum + (row[i]! - m) ** 2, 0);
    return (spread + priorCount * (1 + m * m)) / total;
  });
  return { mean, variance };
}

const SAMPLES = [
  [2, -1, 100],
  [4, -3, 101],
  [9, 0, 99],
  [1, 5, 100.5],
  [0, 2, 98],
];

describe('RunningMeanStd', () => {
  it('matches the mean and variance computed directly, one sample at a time', () => {
    const rms = new RunningMeanStd(3);
    SAMPLES.forEach((row, k) => {
      rms.update(row);
      const { mean, variance } = directMoments(SAMPLES.slice(0, k + 1));
      mean.forEach((m, i) => expect(rms.mean[i]).toBeCloseTo(m, 10));
      variance.forEach((v, i) => expect(rms.var[i]).toBeCloseTo(v, 10));
    });
    expect(rms.count).toBeCloseTo(5 + PRIOR_COUNT, 12);
  });

  it('gives the plain population mean and variance without a prior, in batches or not', () => {
    const rms = new RunningMeanStd(3, 0);
    rms.updateBatch(SAMPLES.slice(0, 2).flat(), 2);
    rms.updateBatch(SAMPLES.slice(2).flat(), 3);
    // Column 0 is [2, 4, 9, 1, 0]: mean 16/5 = 3.2, variance (1.44 + 0.64 + 33.64 + 4.84 + 10.24) / 5 = 10.16.
    expect(rms.mean[0]).toBeCloseTo(3.2, 12);
    expect(rms.var[0]).toBeCloseTo(10.16, 12);
    const { mean, variance } = directMoments(SAMPLES, 0);
    mean.forEach((m, i) => expect(rms.mean[i]).toBeCloseTo(m, 10));
    variance.forEach((v, i) => expect(rms.var[i]).toBeCloseTo(v, 10));
  });

  it('saves and restores its state, and refuses a state of the wrong size', () => {
    const rms = new RunningMeanStd(3);
    SAMPLES.forEach((row) => rms.update(row));
    const copy = new RunningMeanStd(3);
    copy.setState(JSON.parse(JSON.stringify(rms.getState())));
    expect(copy.getState()).toEqual(rms.getState());
    expect(() => copy.setState({ mean: [0], var: [1], count: 1 })).toThrow('RunningMeanStd.setState: expected {mean, var} of 3 values and a positive count');
    expect(() => rms.update([1, 2])).toThrow('RunningMeanStd.update: expected 1 x 3 = 3 values, got 2');
  });
});

describe('NormalizeObservation', () => {
  function scripted() {
    return vectorEnv(SAMPLES[0]!, SAMPLES.slice(1).map((observation) => ({ observation })));
  }

  it('updates the statistics with each observation, then normalizes it with them', () => {
    const env = new NormalizeObservation(scripted());
    const outputs = [env.reset().observation];
    for (let i = 0; i < 4; i++) outputs.push(env.step(0).observation);
    outputs.forEach((output, k) => {
      const { mean, variance } = directMoments(SAMPLES.slice(0, k + 1).map((row) => row.map(Math.fround)));
      const expected = SAMPLES[k]!.map((x, i) => Math.fround((Math.fround(x) - mean[i]!) / Math.sqrt(variance[i]! + 1e-8)));
      expect(output).toBeInstanceOf(Float32Array);
      Array.from(output).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));
    });
    // After five samples, column 0 (3.2 mean, 10.16 variance): (0 - 3.2) / sqrt(10.16) ~ -1.0039.
    expect(outputs[4]![0]).toBeCloseTo(-1.0039, 3);
    expect(env.observationSpace.toString()).toBe('Box(-Infinity, Infinity, [3], float32)');
  });

  it('freezes the statistics when updateRunningMean is false and restores saved ones', () => {
    const trained = new NormalizeObservation(scripted());
    trained.reset();
    for (let i = 0; i < 4; i++) trained.step(0);
    const saved = trained.statistics;

    const evaluation = new NormalizeObservation(scripted());
    evaluation.statistics = saved;
    evaluation.updateRunningMean = false;
    const first = evaluation.reset().observation;
    expect(evaluation.statistics).toEqual(saved);
    const expected = SAMPLES[0]!.map((x, i) => Math.fround((x - saved.mean[i]!) / Math.sqrt(saved.var[i]! + 1e-8)));
    expect(Array.from(first)).toEqual(expected);
  });
});

describe('NormalizeReward', () => {
  it('divides rewards by the running std of the discounted return, restarting it on the terminating step', () => {
    const rewards = [1, 2, 3, -1, 0.5];
    const terminated = [false, false, true, false, false];
    const env = new NormalizeReward(
      vectorEnv([0], rewards.map((reward, i) => ({ observation: [0], reward, terminated: terminated[i] }))),
      { gamma: 0.9 },
    );
    env.reset();
    // Discounted returns by hand, as Gymnasium computes them: the terminating step's flag zeroes
    // the old return before its own reward is added. 1; 1 * 0.9 + 2 = 2.9; terminated: 0 + 3 = 3;
    // 3 * 0.9 - 1 = 1.7; 1.7 * 0.9 + 0.5 = 2.03.
    const returns = [1, 2.9, 3, 1.7, 2.03];
    rewards.forEach((reward, k) => {
      const { variance } = directMoments(returns.slice(0, k + 1).map((g) => [g]));
      expect(env.step(0).reward).toBeCloseTo(reward / Math.sqrt(variance[0]! + 1e-8), 8);
      expect(env.discountedReturn).toBeCloseTo(returns[k]!, 12);
    });
  });

  it('keeps the running return across truncation and reset, as Gymnasium 1.x', () => {
    const env = new NormalizeReward(vectorEnv([0], [{ observation: [0], reward: 1, truncated: true }]));
    env.reset();
    env.step(0);
    env.reset();
    env.step(0);
    expect(env.discountedReturn).toBeCloseTo(1.99, 12);
  });

  it('scales with frozen statistics when updateRunningMean is false', () => {
    const env = new NormalizeReward(vectorEnv([0], [{ observation: [0], reward: 2 }]));
    env.statistics = { mean: [0], var: [4], count: 10 };
    env.updateRunningMean = false;
    env.reset();
    expect(env.step(0).reward).toBeCloseTo(1, 8);
    expect(env.statistics).toEqual({ mean: [0], var: [4], count: 10 });
  });
});
