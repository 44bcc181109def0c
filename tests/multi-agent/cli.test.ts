import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnvKwargs } from '../../src/cli/env-kwargs.js';
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

  it('train --env-kwarg: sets the world, evaluates it during training with how the agents ended; eval plays the run at another size', async () => {
    const out = join(directory, 'robots');
    const train = await runCli([
      'train', 'MultiRobot/CollisionAvoidance-v0', '--agent', 'ppo', '--steps', '400', '--set', 'nSteps=64', '--set', 'batchSize=64',
      '--env-kwarg', 'robots=3', '--env-kwarg', 'beams=8', '--env-kwarg', 'scenario=random', '--env-kwarg', 'renderScans=false',
      '--eval-freq', '150', '--eval-episodes', '1', '--record-every', '0', '--out', out,
    ]);
    expect(train.stderr).toBe('');
    expect(train.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).envKwargs).toEqual({ robots: 3, beams: 8, scenario: 'random', renderScans: false });
    expect(train.stdout).toMatch(/eval at \d+ steps: mean return -?[\d.]+ \+\/- [\d.]+ per agent over 1 world episodes \(3 agents\); [a-z]+ \d+\.\d%/);
    const evaluations = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line)).filter((m) => 'eval/meanReturn' in m);
    expect(evaluations.length).toBeGreaterThan(0);
    const shares = Object.entries(evaluations[0]).filter(([key]) => key.startsWith('eval/outcome/')).map(([, share]) => share as number);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);

    // The run's kwargs, with --env-kwarg over them: the same policy on a world of 5 robots.
    const evaluated = await runCli(['eval', out, '--episodes', '2', '--seed', '7', '--env-kwarg', 'robots=5', '--json']);
    expect(evaluated.code).toBe(0);
    const result = JSON.parse(evaluated.stdout);
    expect(result.envKwargs).toEqual({ robots: 5, beams: 8, scenario: 'random', renderScans: false });
    expect(result.worlds).toBe(2);
    expect(result.returns).toHaveLength(10);
    expect(Object.values(result.outcomes as Record<string, number>).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const text = await runCli(['eval', out, '--episodes', '1']);
    expect(text.stdout).toMatch(/1 world episodes, 3 agent-episodes: mean return .* per agent/);
    expect(text.stdout).toMatch(/agents: [a-z]+ \d+\.\d%/);
    // A world whose agents see another laser does not fit the policy.
    const misfit = await runCli(['eval', out, '--env-kwarg', 'beams=16']);
    expect(misfit.code).not.toBe(0);
    expect(misfit.stderr).toMatch(/trained for .* but MultiRobot\/CollisionAvoidance-v0 .*beams.*16/);
  });

  it('train --env-kwarg: a malformed flag or an unknown kwarg is refused before training, naming it', async () => {
    const missing = await runCli(['train', 'MultiRobot/CollisionAvoidance-v0', '--agent', 'ppo', '--env-kwarg', 'robots', '--quiet']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--env-kwarg expects KEY=VALUE (e.g. --env-kwarg robots=50), got "robots"');
    const unknown = await runCli(['train', 'MultiRobot/CollisionAvoidance-v0', '--agent', 'ppo', '--env-kwarg', 'robts=5', '--out', join(directory, 'never'), '--quiet']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/robts/);
  });
});

describe('parseEnvKwargs', () => {
  it('reads numbers, booleans and text', () => {
    expect(parseEnvKwargs('train', ['robots=50', 'dt=0.05', 'range=-1e-3', 'renderScans=true', 'x=false', 'scenario=circle', 'name=12abc'])).toEqual({
      robots: 50,
      dt: 0.05,
      range: -1e-3,
      renderScans: true,
      x: false,
      scenario: 'circle',
      name: '12abc',
    });
  });

  it('says what it expected for a malformed flag', () => {
    expect(() => parseEnvKwargs('eval', ['=5'])).toThrow('palestra eval: --env-kwarg expects KEY=VALUE (e.g. --env-kwarg robots=50), got "=5"');
    expect(() => parseEnvKwargs('train', ['robots='])).toThrow(/expects KEY=VALUE.*got "robots="/);
    expect(() => parseEnvKwargs('train', ['my key=1'])).toThrow(/key must be a name .* got "my key"/);
    expect(() => parseEnvKwargs('train', ['robots=5', 'robots=6'])).toThrow('--env-kwarg robots is given twice (5 and "6"); give it once');
  });
});
