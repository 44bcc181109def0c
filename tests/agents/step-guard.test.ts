import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createAgent } from '../../agents/index.js';
import { BaseEnv, type ResetOptions, type ResetResult, type StepResult } from '../../src/core/env.js';
import { Box } from '../../src/core/spaces/box.js';
import { Discrete } from '../../src/core/spaces/discrete.js';

/** Fine for `goodSteps` steps, then gives `badReward` and `badObservation`. */
class SpoilingEnv extends BaseEnv<Float32Array, number> {
  readonly observationSpace = new Box<Float32Array>(0, 1, [2]);
  readonly actionSpace = new Discrete(2);
  private t = 0;
  constructor(private readonly spoil: { goodSteps: number; reward?: number; observation?: number }) {
    super();
  }
  reset(options?: ResetOptions): ResetResult<Float32Array> {
    this.seedFromReset(options);
    this.t = 0;
    return { observation: Float32Array.of(0.5, 0.5), info: {} };
  }
  step(action: number): StepResult<Float32Array> {
    this.checkAction(action);
    const bad = ++this.t > this.spoil.goodSteps;
    const observation = Float32Array.of(0.5, bad ? (this.spoil.observation ?? 0.5) : 0.5);
    return { observation, reward: bad ? (this.spoil.reward ?? 1) : 1, terminated: false, truncated: this.t >= 50, info: {} };
  }
}

async function train(agent: string, env: SpoilingEnv, checkObservations = false): Promise<string> {
  const learner = createAgent(agent, env, agent === 'dqn' ? { learningStarts: 10 } : agent === 'reinforce' ? {} : { nSteps: 8 });
  try {
    await learner.learn(env, { totalSteps: 200, envId: 'Spoiling-v0', checkObservations });
    return 'trained to the end';
  } catch (error) {
    return (error as Error).message;
  } finally {
    learner.dispose();
  }
}

describe('training stops at the first bad step', () => {
  it.each(['ppo', 'a2c', 'dqn', 'reinforce'])('%s: a NaN reward names the env, the step and the value', async (agent) => {
    const before = tf.memory().numTensors;
    expect(await train(agent, new SpoilingEnv({ goodSteps: 30, reward: Number.NaN }))).toBe('Spoiling-v0: sub-env 0 returned the reward NaN at step 31; rewards must be finite numbers');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an infinite observation', async () => {
    expect(await train('ppo', new SpoilingEnv({ goodSteps: 3, observation: Number.POSITIVE_INFINITY }))).toBe(
      'Spoiling-v0: sub-env 0 returned an observation with Infinity at index 1, at step 4: Float32Array[0.5, Infinity]',
    );
  });

  it('an observation outside the space, only when asked to check', async () => {
    const outside = () => new SpoilingEnv({ goodSteps: 2, observation: 2 });
    expect(await train('a2c', outside())).toBe('trained to the end');
    expect(await train('a2c', outside(), true)).toBe('Spoiling-v0: sub-env 0 returned an observation outside Box(0, 1, [2], float32) at step 3: element 1 is 2, expected in [0, 1]');
  });
});
