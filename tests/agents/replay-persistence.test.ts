import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DqnAgent } from '../../agents/dqn/dqn.js';
import { REPLAY_FILE } from '../../agents/dqn/replay-file.js';
import '../../envs/index.js';
import { make } from '../../src/registry.js';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'palestra-replay-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const env = make('CartPole-v1');
const spaces = { observationSpace: env.observationSpace, actionSpace: env.actionSpace };

describe('DQN saveReplayBuffer', () => {
  it.each([false, true])('prioritized %s: the checkpoint holds the buffer, and load restores it transition for transition', async (prioritizedReplay) => {
    const config = { saveReplayBuffer: true, bufferSize: 300, learningStarts: 50, netArch: [8], prioritizedReplay };
    const agent = new DqnAgent(spaces, config);
    // 400 steps into a buffer of 300: it has wrapped, so the oldest-first order matters.
    await agent.learn(make('CartPole-v1'), { totalSteps: 400 });
    expect(agent.replaySize).toBe(300);
    const first = join(dir, `first-${prioritizedReplay}`);
    await agent.save(first);

    const restored = new DqnAgent(spaces, config);
    await restored.load(first);
    expect(restored.replaySize).toBe(300);
    const second = join(dir, `second-${prioritizedReplay}`);
    await restored.save(second);
    expect(await readFile(join(second, REPLAY_FILE))).toEqual(await readFile(join(first, REPLAY_FILE)));
    agent.dispose();
    restored.dispose();
  });

  it('is off by default: no replay file, and a loaded agent starts with an empty buffer', async () => {
    const agent = new DqnAgent(spaces, { bufferSize: 300, learningStarts: 50, netArch: [8] });
    await agent.learn(make('CartPole-v1'), { totalSteps: 100 });
    const path = join(dir, 'off');
    await agent.save(path);
    expect(existsSync(join(path, REPLAY_FILE))).toBe(false);
    const loaded = new DqnAgent(spaces, { bufferSize: 300, learningStarts: 50, netArch: [8] });
    await loaded.load(path);
    expect(loaded.replaySize).toBe(0);
    agent.dispose();
    loaded.dispose();
  });
});
