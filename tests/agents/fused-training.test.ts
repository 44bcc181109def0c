/**
 * Agents on the native backend train plain MLPs and the MinAtar CNN (DQN and PPO) through fused native steps (src/nn/fused-*.ts);
 * the tfjs graph stays the reference. A few updates from one seed, fused and not, must log the
 * same losses and reach the same weights and actions within float32 rounding.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, type Agent } from '../../agents/index.js';
import type { DqnAgent } from '../../agents/dqn/dqn.js';
import { PpoAgent } from '../../agents/ppo/ppo.js';
import { selectBackend } from '../../src/backend/index.js';
import { fusedStepCount, setFusedTraining } from '../../src/nn/index.js';
import { makeVec } from '../../src/vector/make-vec.js';
import '../../envs/index.js';
import { expectClose } from '../nn/fused-compare.js';

const CONFIGS: Record<string, Record<string, unknown>> = {
  ppo: { nSteps: 16, batchSize: 32, nEpochs: 3, netArch: [32, 32], learningRate: 1e-3, entCoef: 0.01, seed: 3 },
  ppoGaussian: { nSteps: 16, batchSize: 32, nEpochs: 2, netArch: [16], learningRate: 1e-3, clipRangeVf: 0.2, seed: 3 },
  // The MinAtar CNN as actor and as critic (FusedConvNet in the fused PPO step).
  ppoMinatar: { nSteps: 16, batchSize: 32, nEpochs: 2, learningRate: 1e-3, entCoef: 0.01, activation: 'relu', seed: 3 },
  dqn: { netArch: [32, 32], learningStarts: 64, trainFreq: 4, gradientSteps: 2, batchSize: 16, bufferSize: 1000, targetUpdateInterval: 40, doubleQ: true, logInterval: 64, seed: 3 },
  dqnCenteredRmsProp: { netArch: [32], learningStarts: 64, trainFreq: 2, batchSize: 16, bufferSize: 1000, targetUpdateInterval: 40, optimizer: 'rmsprop', rmsPropCentered: true, optimizerEps: 0.01, learningRate: 2.5e-3, logInterval: 64, seed: 5 },
  // The MinAtar paper's network and optimizer (FusedConvNet, centered RMSprop through applyGradientArrays).
  dqnMinatar: { learningStarts: 64, trainFreq: 4, batchSize: 32, bufferSize: 1000, targetUpdateInterval: 40, optimizer: 'rmsprop', rmsPropCentered: true, rmsPropDecay: 0.95, optimizerEps: 0.01, learningRate: 2.5e-3, maxGradNorm: 0, logInterval: 64, seed: 6 },
  dqnDuelingPrioritized: { netArch: [32], learningStarts: 64, trainFreq: 2, batchSize: 16, bufferSize: 1000, targetUpdateInterval: 40, dueling: true, prioritizedReplay: true, nStep: 3, loss: 'mse', maxGradNorm: 0, logInterval: 64, seed: 4 },
};

interface Trace {
  metrics: Record<string, number>[];
  weights: number[];
  actions: number[];
  fusedSteps: number;
}

function weightsOf(agent: Agent): number[] {
  const models = agent instanceof PpoAgent ? [agent.policy.actor, agent.policy.critic] : [(agent as DqnAgent).qNetwork.model];
  return models.flatMap((m) => m.getWeights().flatMap((w) => Array.from(w.dataSync())));
}

async function train(kind: string, fused: boolean): Promise<Trace> {
  setFusedTraining(fused);
  const envId = kind === 'ppoGaussian' ? 'Driving/LaneKeeping-v0' : kind === 'dqnMinatar' || kind === 'ppoMinatar' ? 'MinAtar/Breakout-v1' : 'CartPole-v1';
  const dqn = kind.startsWith('dqn');
  const env = makeVec(envId, dqn ? 1 : 4);
  const agent = createAgent(dqn ? 'dqn' : 'ppo', { observationSpace: env.singleObservationSpace, actionSpace: env.singleActionSpace }, CONFIGS[kind]);
  const metrics: Record<string, number>[] = [];
  const before = fusedStepCount();
  await agent.learn(env, { totalSteps: dqn ? 256 : 192, callbacks: [{ onMetrics: (_context, m) => void metrics.push({ ...m }) }] });
  const probe = new Float32Array(env.singleObservationSpace.shape!.reduce((a, b) => a * b, 1) * 8).map((_, i) => Math.sin(i * 0.7));
  const actions = Array.from(agent.actBatch(probe, 8, { deterministic: true }));
  const trace = { metrics, weights: weightsOf(agent), actions, fusedSteps: fusedStepCount() - before };
  agent.dispose();
  env.close();
  return trace;
}

describe('fused training steps in the agents (native)', () => {
  beforeAll(async () => {
    await selectBackend('native');
  });
  afterEach(() => setFusedTraining(true));

  for (const kind of Object.keys(CONFIGS)) {
    it(`${kind}: fused and tfjs updates log the same losses and reach the same weights and actions`, async () => {
      const tensors = tf.memory().numTensors;
      const fused = await train(kind, true);
      const reference = await train(kind, false);
      expect(fused.fusedSteps).toBeGreaterThan(0);
      expect(reference.fusedSteps).toBe(0);
      expect(fused.metrics.length).toBe(reference.metrics.length);
      expect(fused.metrics.length).toBeGreaterThan(1);
      const keys = kind.startsWith('dqn') ? ['loss', 'qMean'] : ['policyLoss', 'valueLoss', 'entropy', 'approxKl', 'gradNorm'];
      fused.metrics.forEach((m, i) => {
        for (const key of keys) expectClose(m[key]!, reference.metrics[i]![key]!, `${key} of update ${i}`, 1e-3);
      });
      expectClose(fused.weights, reference.weights, 'final weights', 1e-3);
      if (kind === 'ppoGaussian') expectClose(fused.actions, reference.actions, 'actions', 1e-3);
      else expect(fused.actions).toEqual(reference.actions);
      expect(tf.memory().numTensors).toBe(tensors);
    });
  }

  it('is turned off by PALESTRA_FUSED=0', async () => {
    process.env['PALESTRA_FUSED'] = '0';
    try {
      const trace = await train('ppo', true);
      expect(trace.fusedSteps).toBe(0);
    } finally {
      delete process.env['PALESTRA_FUSED'];
    }
  });

  it('falls back to tfjs on another backend', async () => {
    await selectBackend('cpu');
    try {
      const trace = await train('ppo', true);
      expect(trace.fusedSteps).toBe(0);
    } finally {
      await selectBackend('native');
    }
  });
});
