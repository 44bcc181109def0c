import { describe, expect, it } from 'vitest';
import type { DqnAgent } from '../../agents/dqn/dqn.js';
import '../../envs/index.js';
import { prepareRun } from '../../experiments/training/protocol.js';

describe("bench:training's protocol", () => {
  it("builds the MinAtar DQN run from dqn-paper.yaml with the paper's settings", async () => {
    const run = await prepareRun('dqn-minatar', 0, { minatarFrames: 100 });
    const config = (run.agent as DqnAgent).config;
    expect(run.totalSteps).toBe(100);
    expect(config.explorationFraction).toBe(0.02);
    expect(config.batchSize).toBe(32);
    expect(config.trainFreq).toBe(1);
    expect(config.optimizer).toBe('rmsprop');
    expect(config.rmsPropCentered).toBe(true);
    run.agent.dispose();
    run.env.close();
  });
});
