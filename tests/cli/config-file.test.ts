import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readTrainConfig } from '../../src/cli/config-file.js';
import { ConfigError } from '../../src/core/errors.js';
import { runCli } from './run-cli.js';

/** One config-file format for `palestra train --config` and the experiments (src/cli/config-file.ts). */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palestra-config-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Captures what is written to stderr while `run` runs. */
async function stderrOf<T>(run: () => Promise<T>): Promise<{ result: T; stderr: string }> {
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const result = await run();
  vi.restoreAllMocks();
  return { result, stderr };
}

describe('the experiments use the CLI config format', () => {
  it('reads experiments/minatar/dqn-paper.yaml with the CLI keys, without a deprecation notice', async () => {
    const { result, stderr } = await stderrOf(() => readTrainConfig('experiments/minatar/dqn-paper.yaml'));
    expect(stderr).toBe('');
    expect(result).toMatchObject({ agent: 'dqn', env: 'MinAtar/Breakout-v0', envs: 1, steps: 5_000_000 });
    expect(result.envKwargs).toEqual({ stickyActionProb: 0.1, difficultyRamping: true });
    // The paper's 100k exploration frames over 5M steps.
    expect(result.hyperparameters).toMatchObject({ explorationFraction: 100_000 / 5_000_000, bufferSize: 100_000, learningRate: 0.00025, optimizer: 'rmsprop' });
  });

  it('reads experiments/minatar/ppo.yaml and experiments/indoor/ppo-indoor.yaml likewise', async () => {
    const { result: ppo, stderr } = await stderrOf(() => readTrainConfig('experiments/minatar/ppo.yaml'));
    expect(stderr).toBe('');
    expect(ppo).toMatchObject({ agent: 'ppo', envs: 64, steps: 10_000_000 });
    expect(ppo.hyperparameters).toMatchObject({ nSteps: 128, batchSize: 256, learningRate: 'lin_0.0005' });
    const indoor = await readTrainConfig('experiments/indoor/ppo-indoor.yaml');
    expect(indoor).toMatchObject({ agent: 'ppo', envs: 16, steps: 1_000_000 });
  });

  it('trains from an experiment file with palestra train --config', async () => {
    const out = join(dir, 'dqn-paper-run');
    // Fewer steps than learningStarts: the run exercises the file, not the learning.
    const trained = await runCli(['train', '--config', 'experiments/minatar/dqn-paper.yaml', '--steps', '40', '--set', 'bufferSize=1000', '--backend', 'cpu', '--eval-freq', '0', '--checkpoint-freq', '0', '--record-every', '0', '--out', out, '--quiet']);
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ envId: 'MinAtar/Breakout-v0', agent: 'dqn', totalSteps: 40, numEnvs: 1 });
    expect(config.agentConfig).toMatchObject({ explorationFraction: 0.02, targetUpdateInterval: 1000, optimizer: 'rmsprop', bufferSize: 1000 });
  });
});

describe('the older experiments format', () => {
  it('still loads, renamed to the CLI keys, with one deprecation notice per key', async () => {
    const path = join(dir, 'old.yaml');
    await writeFile(path, 'agent: dqn\nenv: MinAtar/Breakout-v0\nnumEnvs: 2\ntotalSteps: 1000\nexplorationFrames: 100\nconfig:\n  batchSize: 32\n');
    const first = await stderrOf(() => readTrainConfig(path));
    expect(first.result).toEqual({ agent: 'dqn', env: 'MinAtar/Breakout-v0', envs: 2, steps: 1000, hyperparameters: { batchSize: 32, explorationFraction: 0.1 } });
    const notices = first.stderr.trim().split('\n');
    expect(notices).toHaveLength(4);
    expect(notices).toContain(`palestra: deprecated: config file ${path}: 'numEnvs:' is the old name of 'envs:'; rename it (the experiments' files now use the CLI's format)`);
    expect(notices.some((line) => line.includes("'totalSteps:' is the old name of 'steps:'"))).toBe(true);
    expect(notices.some((line) => line.includes("'config:' is the old name of 'hyperparameters:'"))).toBe(true);
    expect(notices.some((line) => line.includes("'explorationFrames: F' is deprecated; write 'explorationFraction: F / steps'"))).toBe(true);
    // Once per key and process: a second read says nothing and reads the same.
    const second = await stderrOf(() => readTrainConfig(path));
    expect(second.stderr).toBe('');
    expect(second.result).toEqual(first.result);
  });

  it('refuses an old key beside its new name, and explorationFrames without steps', async () => {
    const both = join(dir, 'both.yaml');
    await writeFile(both, 'envs: 2\nnumEnvs: 4\n');
    await expect(readTrainConfig(both)).rejects.toThrow(new ConfigError(`config file ${both}: both 'numEnvs' and 'envs' are set; 'numEnvs' is the old name of 'envs', keep only 'envs'`));
    const noSteps = join(dir, 'no-steps.yaml');
    await writeFile(noSteps, 'explorationFrames: 100\n');
    await expect(readTrainConfig(noSteps)).rejects.toThrow(/explorationFrames needs a number of frames and steps \(or totalSteps\) beside it, got explorationFrames 100, steps undefined/);
  });

  it('still refuses unknown keys, with a hint', async () => {
    const path = join(dir, 'typo.yaml');
    await writeFile(path, 'hyperparameter: {}\n');
    await expect(readTrainConfig(path)).rejects.toThrow(/config file .*typo\.yaml: unknown option 'hyperparameter'. Did you mean 'hyperparameters'/);
  });
});
