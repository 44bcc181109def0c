import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, loadAgent, type PpoAgent } from '../../agents/index.js';
import { Rng } from '../../src/core/rng.js';
import { FollowTheCueEnv, LitCellEnv, MatchTheCueEnv } from './tiny-envs.js';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'palestra-agents-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** 50 observations from a seeded stream, stacked. */
function observations(count: number): Float32Array {
  const rng = new Rng(3);
  return Float32Array.from({ length: count * 2 }, (_, i) => (i % 2 === 0 ? rng.uniform(-1, 1) : 0.5));
}

describe('save and load', () => {
  for (const name of ['dqn', 'reinforce', 'a2c', 'ppo']) {
    it(`${name}: a loaded agent acts exactly as the saved one`, async () => {
      const env = new MatchTheCueEnv();
      const quick: Record<string, Record<string, unknown>> = { dqn: { learningStarts: 10, trainFreq: 1, bufferSize: 100 }, ppo: { nSteps: 16, batchSize: 16 }, a2c: { nSteps: 4 }, reinforce: {} };
      const agent = createAgent(name, env, { netArch: [8], seed: 5, ...quick[name] });
      await agent.learn(env, { totalSteps: 60 });
      const path = join(dir, name);
      await agent.save(path);
      const loaded = await loadAgent(path);
      expect(loaded.name).toBe(name);
      expect(loaded.numTimesteps).toBe(agent.numTimesteps);
      expect(loaded.config).toEqual(agent.config);
      const batch = observations(50);
      expect(Array.from(loaded.actBatch(batch, 50, { deterministic: true }))).toEqual(Array.from(agent.actBatch(batch, 50, { deterministic: true })));
      // Sampled actions agree too: same network outputs and the same saved Rng state.
      expect(Array.from(loaded.actBatch(batch, 50))).toEqual(Array.from(agent.actBatch(batch, 50)));
      const file = JSON.parse(await readFile(join(path, 'agent.json'), 'utf8'));
      expect(file).toMatchObject({ format: 'palestra-agent', agent: name, state: { numTimesteps: agent.numTimesteps } });
      agent.dispose();
      loaded.dispose();
    });
  }

  it('a loaded PPO agent continues training exactly as the original (optimizer state and Rng saved)', async () => {
    const env = new MatchTheCueEnv();
    const original = createAgent('ppo', env, { netArch: [8], nSteps: 16, batchSize: 8, nEpochs: 2, seed: 4 }) as PpoAgent;
    await original.learn(new MatchTheCueEnv(), { totalSteps: 32, seed: 1 });
    const path = join(dir, 'ppo-continue');
    await original.save(path);
    expect(JSON.parse(await readFile(join(path, 'agent.json'), 'utf8')).state.optimizer[0]).toMatchObject({ name: 'iter', dtype: 'int32' });
    const restored = (await loadAgent(path)) as PpoAgent;
    await original.learn(new MatchTheCueEnv(), { totalSteps: 96, seed: 2 });
    await restored.learn(new MatchTheCueEnv(), { totalSteps: 96, seed: 2 });
    const weights = (agent: PpoAgent) => agent.policy.actor.getWeights().flatMap((w) => Array.from(w.dataSync()));
    expect(weights(restored)).toEqual(weights(original));
    original.dispose();
    restored.dispose();
  });

  it('a Gaussian policy keeps its log std and its sampled actions continue the same stream', async () => {
    const env = new FollowTheCueEnv();
    const agent = createAgent('ppo', env, { netArch: [8], nSteps: 16, batchSize: 16, seed: 2 });
    await agent.learn(env, { totalSteps: 32 });
    const path = join(dir, 'ppo-gaussian');
    await agent.save(path);
    const loaded = await loadAgent(path);
    const batch = observations(10);
    expect(Array.from(loaded.actBatch(batch, 10, { deterministic: false }))).toEqual(Array.from(agent.actBatch(batch, 10, { deterministic: false })));
    agent.dispose();
    loaded.dispose();
  });

  it('CNN networks on uint8 image observations train, save and load (DQN and PPO)', async () => {
    const env = new LitCellEnv();
    const grids = new Uint8Array(5 * 32);
    for (let k = 0; k < 5; k++) grids[k * 32 + k * 6] = 1;
    for (const name of ['dqn', 'ppo']) {
      const agent = createAgent(name, env, name === 'dqn' ? { learningStarts: 10, trainFreq: 2, batchSize: 8, bufferSize: 100 } : { nSteps: 16, batchSize: 16, nEpochs: 1 });
      await agent.learn(env, { totalSteps: 40 });
      const path = join(dir, `cnn-${name}`);
      await agent.save(path);
      const loaded = await loadAgent(path);
      expect(Array.from(loaded.actBatch(grids, 5, { deterministic: true }))).toEqual(Array.from(agent.actBatch(grids, 5, { deterministic: true })));
      const modelJson = JSON.parse(await readFile(join(path, name === 'dqn' ? 'q.json' : 'actor.json'), 'utf8'));
      expect(JSON.stringify(modelJson.modelTopology)).toContain('Conv2D');
      agent.dispose();
      loaded.dispose();
    }
  });

  it('refuses a checkpoint made for other spaces, naming both', async () => {
    const agent = createAgent('ppo', new MatchTheCueEnv(), { netArch: [8] });
    const path = join(dir, 'match');
    await agent.save(path);
    const other = createAgent('ppo', new FollowTheCueEnv(), { netArch: [8] });
    await expect(other.load(path)).rejects.toThrow(/trained for action space Discrete\(2\), but this env has Box\(shape \[1\], float32\); was it trained on another env\?/);
    const dqn = createAgent('dqn', new MatchTheCueEnv(), { netArch: [8], bufferSize: 10 });
    await expect(dqn.load(path)).rejects.toThrow(/holds a 'ppo' agent, cannot load it into a 'dqn' agent/);
    [agent, other, dqn].forEach((a) => a.dispose());
  });

  it('reports a corrupt or cut-off checkpoint clearly', async () => {
    const agent = createAgent('a2c', new MatchTheCueEnv(), { netArch: [8] });
    const path = join(dir, 'corrupt');
    await agent.save(path);
    await writeFile(join(path, 'agent.json'), '{"format": "palestra-agent", "agent": "a2c", "conf');
    await expect(loadAgent(path)).rejects.toThrow(/agent\.json: not valid JSON .*the checkpoint is corrupt or was cut off while writing/);
    await agent.save(path);
    const weights = join(path, 'actor.weights.bin');
    const bytes = await readFile(weights);
    await writeFile(weights, bytes.subarray(0, bytes.length - 8));
    await expect(loadAgent(path)).rejects.toThrow(/actor\.weights\.bin: has \d+ bytes but the manifest's \d+ weights need \d+/);
    await expect(loadAgent(join(dir, 'missing'))).rejects.toThrow(/agent\.json: not found; expected an agent directory written by agent\.save\(\)/);
    agent.dispose();
  });
});
