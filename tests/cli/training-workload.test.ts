import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { agentEntry } from '../../agents/index.js';
import { webGpuPaysOff, type WebGpuAdapterInfo } from '../../src/backend/index.js';
import { trainingWorkload } from '../../src/cli/training-workload.js';
import { runCli } from './run-cli.js';

/** A datacenter GPU as Dawn names one (not an emulation). */
const HARDWARE: WebGpuAdapterInfo = { vendor: 'nvidia', architecture: 'hopper', device: 'NVIDIA H200', description: 'NVIDIA: 580.159.04', software: false };

const resolved = (agent: string, config: Record<string, unknown> = {}) => agentEntry(agent).resolveConfig({ ...config, seed: 0 });

describe('palestra train tells the backend chooser its real workload', () => {
  it('reads CNN or MLP, image size and minibatch from the env and the resolved hyperparameters', () => {
    expect(trainingWorkload({ envId: 'CartPole-v1', agent: 'ppo', numEnvs: 8 }, resolved('ppo', { batchSize: 64 }))).toEqual({ convolutional: false, batchSize: 64 });
    // A2C learns from whole rollouts: nSteps x envs samples per gradient step.
    expect(trainingWorkload({ envId: 'CartPole-v1', agent: 'a2c', numEnvs: 8 }, resolved('a2c'))).toMatchObject({ convolutional: false, batchSize: 5 * 8 });
    expect(trainingWorkload({ envId: 'MinAtar/Breakout-v1', agent: 'dqn', numEnvs: 1 }, resolved('dqn'))).toMatchObject({ convolutional: true, batchSize: 32, imagePixels: 100 });
    expect(trainingWorkload({ envId: 'Driving/LaneKeepingCamera-v0', agent: 'ppo', numEnvs: 8 }, resolved('ppo', { batchSize: 256 }))).toEqual({ convolutional: true, batchSize: 256, imagePixels: 66 * 200 });
  });

  it('on a hardware GPU, auto would take webgpu only for PPO on camera frames at a large batch', () => {
    const camera = trainingWorkload({ envId: 'Driving/LaneKeepingCamera-v0', agent: 'ppo', numEnvs: 8 }, resolved('ppo', { batchSize: 256 }));
    expect(webGpuPaysOff(HARDWARE, camera).yes).toBe(true);
    const smallBatch = trainingWorkload({ envId: 'Driving/LaneKeepingCamera-v0', agent: 'ppo', numEnvs: 8 }, resolved('ppo', { batchSize: 16 }));
    expect(webGpuPaysOff(HARDWARE, smallBatch)).toMatchObject({ yes: false, why: expect.stringContaining('batch 16') });
    const dqn = trainingWorkload({ envId: 'Driving/LaneKeepingCamera-v0', agent: 'dqn', numEnvs: 1 }, resolved('dqn', { batchSize: 256, bufferSize: 1000 }));
    expect(webGpuPaysOff(HARDWARE, dqn)).toMatchObject({ yes: false, why: expect.stringContaining('dqn reads its results back synchronously') });
    const minatar = trainingWorkload({ envId: 'MinAtar/Breakout-v1', agent: 'ppo', numEnvs: 8 }, resolved('ppo', { batchSize: 256 }));
    expect(webGpuPaysOff(HARDWARE, minatar)).toMatchObject({ yes: false, why: expect.stringContaining('100-pixel') });
    expect(webGpuPaysOff(HARDWARE, trainingWorkload({ envId: 'CartPole-v1', agent: 'ppo', numEnvs: 8 }, resolved('ppo'))).yes).toBe(false);
  });

  it('the run says which workload auto decided for', async () => {
    const out = mkdtempSync(join(tmpdir(), 'palestra-workload-'));
    try {
      const cnn = await runCli(['train', 'MinAtar/Breakout-v1', '--agent', 'dqn', '--set', 'learningStarts=1000', '--set', 'bufferSize=1000', '--steps', '20', '--eval-freq', '0', '--record-every', '0', '--checkpoint-freq', '0', '--out', join(out, 'dqn')]);
      expect(cnn.code, cnn.stderr).toBe(0);
      expect(cnn.stdout).toMatch(/^backend: auto chose \w+: .*; for a CNN on 100-pixel images at batch 32$/m);
      const mlp = await runCli(['train', 'CartPole-v1', '--agent', 'ppo', '--set', 'nSteps=16', '--set', 'batchSize=16', '--envs', '2', '--steps', '32', '--eval-freq', '0', '--record-every', '0', '--checkpoint-freq', '0', '--out', join(out, 'ppo')]);
      expect(mlp.code, mlp.stderr).toBe(0);
      expect(mlp.stdout).toMatch(/^backend: auto chose \w+: .*; for a fully connected network at batch 16$/m);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
