import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeOptimizer } from '../../agents/common/optimizer.js';
import { resolveDqnConfig } from '../../agents/dqn/config.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** One optimiser step on loss = x^2 from x = 1 (gradient 2); returns the new x. */
function oneStep(optimizer: tf.Optimizer): number {
  const x = tf.tidy(() => tf.variable(tf.scalar(1)));
  optimizer.minimize(() => x.square().asScalar());
  const value = x.dataSync()[0]!;
  x.dispose();
  optimizer.dispose();
  return value;
}

describe('makeOptimizer', () => {
  it('centered RMSprop divides by the gradient variance, epsilon inside the root (worked by hand)', () => {
    // ms = 0.1 * 2^2 = 0.4; mg = 0.1 * 2 = 0.2; x = 1 - 0.1 * 2 / sqrt(0.4 - 0.2^2 + 0.01)
    const centered = oneStep(makeOptimizer({ optimizer: 'rmsprop', rmsPropDecay: 0.9, rmsPropCentered: true, optimizerEps: 0.01 }, 0.1));
    expect(centered).toBeCloseTo(1 - 0.2 / Math.sqrt(0.37), 5);
    // Plain RMSprop: x = 1 - 0.1 * 2 / sqrt(0.4 + 0.01)
    const plain = oneStep(makeOptimizer({ optimizer: 'rmsprop', rmsPropDecay: 0.9, rmsPropCentered: false, optimizerEps: 0.01 }, 0.1));
    expect(plain).toBeCloseTo(1 - 0.2 / Math.sqrt(0.41), 5);
  });

  it('Adam moves the first step by the learning rate', () => {
    const x = oneStep(makeOptimizer({ optimizer: 'adam', rmsPropDecay: 0.9, rmsPropCentered: false, optimizerEps: 1e-7 }, 0.1));
    expect(x).toBeCloseTo(0.9, 5);
  });

  it('DQN takes the MinAtar paper optimiser settings and refuses unknown ones', () => {
    expect(resolveDqnConfig({ optimizer: 'rmsprop', rmsPropCentered: true, rmsPropDecay: 0.95, optimizerEps: 0.01 })).toMatchObject({ optimizer: 'rmsprop', rmsPropCentered: true });
    expect(() => resolveDqnConfig({ optimizer: 'sgd' })).toThrow(/optimizer/);
  });
});

describe('CenteredRmsProp', () => {
  it('saves and restores its running averages, so a resumed run takes the same next step', async () => {
    const config = { optimizer: 'rmsprop' as const, rmsPropDecay: 0.9, rmsPropCentered: true, optimizerEps: 0.01 };
    const run = async (restore: boolean): Promise<number> => {
      const x = tf.tidy(() => tf.variable(tf.scalar(1)));
      let optimizer = makeOptimizer(config, 0.1);
      optimizer.minimize(() => x.square().asScalar());
      if (restore) {
        const saved = await optimizer.getWeights();
        const copies = saved.map((w) => ({ name: w.name, tensor: w.tensor.clone() }));
        saved[0]!.tensor.dispose();
        optimizer.dispose();
        optimizer = makeOptimizer(config, 0.1);
        await optimizer.setWeights(copies);
        tf.dispose(copies.map((w) => w.tensor));
      }
      optimizer.minimize(() => x.square().asScalar());
      const value = x.dataSync()[0]!;
      x.dispose();
      optimizer.dispose();
      return value;
    };
    const before = tf.memory().numTensors;
    expect(await run(true)).toBe(await run(false));
    expect(tf.memory().numTensors).toBe(before);
  });
});
