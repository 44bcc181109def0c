import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QNetwork } from '../../agents/dqn/q-network.js';
import { observationLayout } from '../../agents/common/space-layout.js';
import { observationTensor } from '../../agents/common/tensors.js';
import { selectBackend } from '../../src/backend/index.js';
import { Box } from '../../src/core/spaces/box.js';
import { setFusedTraining } from '../../src/nn/index.js';

beforeAll(async () => {
  await selectBackend('native');
});
afterEach(() => setFusedTraining(true));

/** The tensor path's greedy actions: what DQN acted on before the host path. */
function tensorGreedy(network: QNetwork, observations: ArrayLike<number>, count: number, layout: ReturnType<typeof observationLayout>): number[] {
  const best = tf.tidy(() => tf.argMax(network.qValues(observationTensor(observations, count, layout)), 1));
  const actions = Array.from(best.dataSync());
  best.dispose();
  return actions;
}

function network(space: Box, options: { dueling?: boolean; seed?: number } = {}): { q: QNetwork; layout: ReturnType<typeof observationLayout> } {
  const layout = observationLayout(space, 'dqn');
  const q = new QNetwork({ observation: layout, numActions: 6, dueling: options.dueling ?? false, hiddenSizes: [32], activation: 'relu', seed: options.seed ?? 1, name: 'q' });
  return { q, layout };
}

describe('QNetwork.greedyOnHost: acting with no tensors, the same actions as the tensor path', () => {
  it('on the MinAtar CNN (0/1 planes), batch by batch', () => {
    const tensors = tf.memory().numTensors;
    const { q, layout } = network(new Box(0, 1, [10, 10, 4]));
    for (const count of [1, 5]) {
      for (let trial = 0; trial < 20; trial++) {
        const observations = Uint8Array.from({ length: count * 400 }, (_, i) => (Math.sin(i * 12.9898 + trial * 78.233) > 0.3 ? 1 : 0));
        const host = q.greedyOnHost(observations, count);
        expect(host).toBeDefined();
        expect(Array.from(host!)).toEqual(tensorGreedy(q, observations, count, layout));
      }
    }
    q.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('on a pixel MLP, whose inputs are scaled by 1/255 in float32 as observationTensor scales them', () => {
    const { q, layout } = network(new Box(0, 255, [7], { dtype: 'uint8' }), { seed: 4 });
    expect(layout.scale).toBeCloseTo(1 / 255);
    for (let trial = 0; trial < 30; trial++) {
      const observations = Uint8Array.from({ length: 3 * 7 }, (_, i) => (i * 37 + trial * 101) % 256);
      expect(Array.from(q.greedyOnHost(observations, 3)!)).toEqual(tensorGreedy(q, observations, 3, layout));
    }
    q.dispose();
  });

  it('gives ties to the first action, as tfjs argMax does', () => {
    const { q, layout } = network(new Box(0, 1, [10, 10, 4]));
    tf.tidy(() => q.model.setWeights(q.model.getWeights().map((w) => tf.zerosLike(w))));
    const observations = new Uint8Array(2 * 400).fill(1);
    expect(Array.from(q.greedyOnHost(observations, 2)!)).toEqual([0, 0]);
    expect(tensorGreedy(q, observations, 2, layout)).toEqual([0, 0]);
    q.dispose();
  });

  it('steps aside (undefined) with fused training off and for dueling heads', () => {
    const plain = network(new Box(0, 1, [10, 10, 4]));
    setFusedTraining(false);
    expect(plain.q.greedyOnHost(new Uint8Array(400), 1)).toBeUndefined();
    setFusedTraining(true);
    const dueling = network(new Box(0, 1, [10, 10, 4]), { dueling: true });
    expect(dueling.q.greedyOnHost(new Uint8Array(400), 1)).toBeUndefined();
    plain.q.dispose();
    dueling.q.dispose();
  });

  it('refuses observations of the wrong length, naming what it expected', () => {
    const { q } = network(new Box(0, 1, [10, 10, 4]));
    expect(() => q.greedyOnHost(new Uint8Array(399), 1)).toThrow(/expected 1 observations of 400 values \(400\), got 399/);
    q.dispose();
  });
});
