import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAgent, type Agent } from '../../agents/index.js';
import { DqnAgent } from '../../agents/dqn/dqn.js';
import { PpoAgent } from '../../agents/ppo/ppo.js';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.js';
import { MatchTheCueEnv } from './tiny-envs.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Every weight of an agent's networks, flattened. */
function weights(agent: Agent): number[] {
  const models = agent instanceof PpoAgent ? [agent.policy.actor, agent.policy.critic] : [(agent as DqnAgent).qNetwork.model];
  return models.flatMap((m) => m.getWeights().flatMap((w) => Array.from(w.dataSync())));
}

async function train(name: string, seed: number): Promise<number[]> {
  const env = new SyncVectorEnv([new MatchTheCueEnv(), new MatchTheCueEnv()]);
  const agent = createAgent(name, { observationSpace: env.singleObservationSpace, actionSpace: env.singleActionSpace }, { netArch: [8], seed, ...(name === 'dqn' ? { learningStarts: 20, trainFreq: 1, bufferSize: 500 } : { nSteps: 16, batchSize: 16, nEpochs: 2 }) });
  await agent.learn(env, { totalSteps: 200 });
  const result = weights(agent);
  agent.dispose();
  return result;
}

describe('the same seed gives the same training, bit for bit', () => {
  for (const name of ['ppo', 'dqn']) {
    it(name, async () => {
      const first = await train(name, 7);
      const second = await train(name, 7);
      const other = await train(name, 8);
      expect(second).toEqual(first);
      expect(other).not.toEqual(first);
    });
  }
});
