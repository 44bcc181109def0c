import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENTS } from '../../agents/index.js';
import '../../envs/index.js';
import { readTrainConfig } from '../../src/cli/config-file.js';
import { findTunedConfig, listTunedFiles, tunedAgentsFor, tunedConfigDir, tunedConfigName } from '../../src/cli/tuned-configs.js';
import { make, registry } from '../../src/registry.js';
import { runCli } from './run-cli.js';

describe('tuned configs (configs/)', () => {
  const files = listTunedFiles();

  it.each(files)('%s names its env and agent, and every value is valid', async (name) => {
    const file = await readTrainConfig(`${tunedConfigDir()}/${name}`);
    expect(tunedConfigName(file.agent!, file.env!)).toBe(name);
    expect(registry.has(file.env!)).toBe(true);
    expect(() => AGENTS[file.agent!]!.resolveConfig(file.hyperparameters)).not.toThrow();
    make(file.env!, file.envKwargs).close();
    // The one-line note says where the values come from and what they reach.
    expect(file.notes).toMatch(/\w/);
  });

  it('cover every env family with PPO, and DQN where actions are discrete', () => {
    for (const family of ['CartPole', 'MinAtar', 'Drone', 'Driving']) {
      expect(files.some((f) => f.startsWith(`ppo-${family}`)), `ppo on ${family}`).toBe(true);
    }
    for (const family of ['CartPole', 'MinAtar', 'Driving-LaneKeepingDiscrete']) {
      expect(files.some((f) => f.startsWith(`dqn-${family}`)), `dqn on ${family}`).toBe(true);
    }
  });

  it('are found by env and agent', async () => {
    expect((await findTunedConfig('ppo', 'MinAtar/Breakout-v0'))?.file.envs).toBe(64);
    expect(await findTunedConfig('ppo', 'MinAtar/Freeway-v0')).toBeUndefined();
    expect(tunedAgentsFor('CartPole-v1', Object.keys(AGENTS))).toEqual(['dqn', 'reinforce', 'a2c', 'ppo']);
  });
});

describe('palestra train loads the tuned settings', () => {
  it('for its env and agent, says which file, and lets --set and --untuned override them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'palestra-tuned-'));
    const config = async (name: string) => JSON.parse(await readFile(join(dir, name, 'config.json'), 'utf8'));
    try {
      const common = ['--steps', '64', '--eval-freq', '0', '--record-every', '0', '--backend', 'cpu'];
      const tuned = await runCli(['train', 'CartPole-v1', '--agent', 'dqn', '--set', 'batchSize=16', '--out', join(dir, 'tuned'), ...common]);
      expect(tuned.code).toBe(0);
      expect(tuned.stdout).toContain('tuned settings: configs/dqn-CartPole-v1.yaml (RL Zoo values.');
      expect((await config('tuned')).agentConfig).toMatchObject({ learningRate: 0.0023, netArch: [256, 256], batchSize: 16 });

      const untuned = await runCli(['train', 'CartPole-v1', '--agent', 'dqn', '--untuned', '--out', join(dir, 'untuned'), ...common]);
      expect(untuned.stdout).not.toContain('tuned settings');
      expect((await config('untuned')).agentConfig).toMatchObject({ learningRate: 1e-4, netArch: [64, 64] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('palestra config', () => {
  it("lists an agent's keys with default, tuned value and valid range", async () => {
    const { code, stdout } = await runCli(['config', 'ppo', '--env', 'CartPole-v1']);
    expect(code).toBe(0);
    expect(stdout).toContain('tuned for CartPole-v1: configs/ppo-CartPole-v1.yaml');
    expect(stdout).toMatch(/\n {2}nSteps +2048 +32 +an integer >= 1\n/);
    expect(stdout).toMatch(/\n {2}vfCoef +0\.5 +a number >= 0\n/);
    const json = JSON.parse((await runCli(['config', 'dqn', '--json'])).stdout);
    expect(json.hyperparameters.find((h: { key: string }) => h.key === 'tau')).toEqual({ key: 'tau', default: 1, range: 'a number in (0, 1]' });
    expect((await runCli(['config', 'ppo2'])).stderr).toMatch(/Unknown agent 'ppo2'. Did you mean 'ppo'\?/);
  });
});
