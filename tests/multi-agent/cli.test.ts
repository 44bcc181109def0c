import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const fixture = 'tests/multi-agent/fixtures/beacon-world.ts';
const directory = mkdtempSync(join(tmpdir(), 'palestra-multi-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('palestra with a multi-agent env', () => {
  it('check: sees a ParallelEnv module and checks it against the ParallelEnv contract', async () => {
    const { code, stdout } = await runCli(['check', fixture]);
    expect(code).toBe(0);
    expect(stdout).toContain('BeaconWorld-v0: passed every check');
  });

  it('list: shows the multi-robot env', async () => {
    const { stdout } = await runCli(['list', 'envs']);
    expect(stdout).toMatch(/MultiRobot\/CollisionAvoidance-v0 +Multi-agent/);
  });

  it('train: one shared PPO policy learns from every agent of the world', async () => {
    const out = join(directory, 'run');
    const { code, stdout } = await runCli(['train', fixture, '--agent', 'ppo', '--steps', '600', '--set', 'nSteps=64', '--out', out, '--record-every', '1', '--quiet']);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(config.envId).toBe('BeaconWorld-v0');
    const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(metrics.at(-1).step).toBeGreaterThanOrEqual(600);
  });
});
