import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEpisodes } from '../../src/record/episode-index.js';
import { runCli } from './run-cli.js';
import { roundingNote } from '../../src/cli/commands/train.js';

// vitest compiles TypeScript modules itself; the CLI need not register tsx.
process.env['PALESTRA_TSX_LOADED'] = '1';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palestra-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const quickPpo = ['--agent', 'ppo', '--untuned', '--set', 'nSteps=32', '--set', 'batchSize=64', '--set', 'netArch=[16]', '--backend', 'cpu', '--eval-episodes', '2', '--eval-freq', '300', '--checkpoint-freq', '300'];

describe('palestra train, eval and --resume end to end', () => {
  it('trains, records the run and evaluates it', async () => {
    const out = join(dir, 'run');
    const trained = await runCli(['train', 'CartPole-v1', ...quickPpo, '--steps', '600', '--seed', '4', '--out', out]);
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(/^note: ppo updates after whole rollouts .*\nbackend: cpu as requested/);
    expect(trained.stdout).toMatch(/training ppo on CartPole-v1 for 600 steps with 8 env\(s\), seed 4/);
    expect(trained.stdout).toMatch(/eval at \d+ steps: mean return [\d.]+ \+\/- [\d.]+ over 2 episodes/);
    // The rate and ETA read '-' during the first half second, which a fast machine may not leave.
    expect(trained.stdout).toMatch(/ 50%  \d{3}\/600 steps  ([\d,]+|-) steps\/s  return ([\d.]+|-)  ETA (\d+:\d\d|-)/);

    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ envId: 'CartPole-v1', agent: 'ppo', totalSteps: 600, seed: 4, numEnvs: 8, backend: 'cpu', palestraVersion: '0.1.0', rewardThreshold: 475 });
    // Every hyperparameter is recorded, defaults included.
    expect(config.agentConfig).toMatchObject({ nSteps: 32, batchSize: 64, netArch: [16], gamma: 0.99, nEpochs: 10, clipRange: 0.2 });

    const metrics = (await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const trainingRows = metrics.filter((m) => 'policyLoss' in m);
    // 3 rollouts of 8 x 32 vector steps; the step count leaves out autoreset steps (one per episode).
    expect(trainingRows.length).toBe(3);
    const steps = trainingRows.map((m) => m.step as number);
    expect(steps[2]).toBeGreaterThan(600);
    expect(steps[2]).toBeLessThanOrEqual(768);
    expect(steps[2]! - steps[1]!).toBeLessThanOrEqual(256);
    expect(metrics.some((m) => typeof m['eval/meanReturn'] === 'number')).toBe(true);
    const csv = (await readFile(join(out, 'metrics.csv'), 'utf8')).split('\n');
    expect(csv[0]).toMatch(/^step,time,fps,episodes,/);
    expect(existsSync(join(out, 'best', 'agent.json'))).toBe(true);
    // Every 20th episode of env 0 is recorded for `palestra view`, with an index.
    const recorded = listEpisodes(join(out, 'episodes'));
    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded.every((e) => e.episode % 20 === 0)).toBe(true);
    expect(existsSync(join(out, 'checkpoints', String(steps[2]), 'actor.json'))).toBe(true);

    const evaluated = await runCli(['eval', out, '--episodes', '3', '--json', '--backend', 'cpu']);
    expect(evaluated.code).toBe(0);
    const result = JSON.parse(evaluated.stdout);
    expect(result.returns).toHaveLength(3);
    expect(result.envId).toBe('CartPole-v1');
    expect(result.meanReturn).toBeCloseTo(result.returns.reduce((a: number, b: number) => a + b, 0) / 3, 6);

    // --view plays the same seeded episodes live first, then prints the same summary.
    const watched = await runCli(['eval', out, '--episodes', '3', '--json', '--backend', 'cpu', '--view', '--fps', '2000']);
    expect(watched.code).toBe(0);
    const [viewerLine, json] = watched.stdout.trim().split('\n');
    expect(viewerLine).toMatch(/^viewer: http:\/\/127\.0\.0\.1:\d+/);
    expect(JSON.parse(json!).returns).toEqual(result.returns);
  });

  it('--resume continues a killed run from its newest checkpoint', async () => {
    const out = join(dir, 'resumed');
    expect((await runCli(['train', 'CartPole-v1', ...quickPpo, '--steps', '600', '--out', out, '--quiet'])).code).toBe(0);
    // Pretend the run had a budget of 1200 steps and was killed after its last checkpoint,
    // halfway through writing a metrics line.
    const lastCheckpoint = Math.max(...(await readdir(join(out, 'checkpoints'))).map(Number));
    const configPath = join(out, 'config.json');
    const config = JSON.parse(await readFile(configPath, 'utf8'));
    await writeFile(configPath, JSON.stringify({ ...config, totalSteps: 1200 }));
    await appendFile(join(out, 'metrics.jsonl'), '{"step": 9');

    const resumed = await runCli(['train', '--resume', out, '--backend', 'cpu']);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`resuming ${out} from step ${lastCheckpoint} (`);
    const metrics = (await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    // The episodes and time columns continue from the checkpoint's counts instead of restarting at 0.
    const training = metrics.filter((m) => 'policyLoss' in m);
    for (const key of ['episodes', 'time']) {
      const column = training.map((m) => m[key] as number);
      expect([...column].sort((a, b) => a - b), key).toEqual(column);
    }
    expect(training[3].episodes).toBeGreaterThan(training[2].episodes);
    const steps = metrics.filter((m) => 'policyLoss' in m).map((m) => m.step as number);
    // Two more rollouts after the checkpoint, each logged once, in order.
    expect(steps).toHaveLength(5);
    expect(steps[2]).toBe(lastCheckpoint);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(steps[4]).toBeGreaterThanOrEqual(1200);
    const saved = JSON.parse(await readFile(join(out, 'checkpoints', String(steps[4]), 'agent.json'), 'utf8'));
    expect(saved.state.numTimesteps).toBe(steps[4]);
  });

  it('trains and checks a custom env module', async () => {
    const trained = await runCli(['train', 'tests/cli/fixtures/coin-env.ts', '--agent', 'a2c', '--steps', '200', '--backend', 'cpu', '--quiet', '--out', join(dir, 'coin')]);
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    const config = JSON.parse(await readFile(join(dir, 'coin', 'config.json'), 'utf8'));
    expect(config.envId).toBe('CoinEnv-v0');
    expect(config.envModule).toMatch(/tests\/cli\/fixtures\/coin-env\.ts$/);

    const good = await runCli(['check', 'tests/cli/fixtures/coin-env.ts']);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/CoinEnv-v0: passed every check/);

    const bad = await runCli(['check', 'tests/cli/fixtures/broken-env.ts']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Broken-v0: \d+ problem\(s\):/);
    expect(bad.stderr).toMatch(/NaN/);

    const nan = await runCli(['train', 'tests/cli/fixtures/broken-env.ts', '--agent', 'a2c', '--envs', '1', '--steps', '200', '--backend', 'cpu', '--quiet', '--out', join(dir, 'broken')]);
    expect(nan.code).toBe(1);
    expect(nan.stderr).toBe('palestra train: Broken-v0: sub-env 0 returned the reward NaN at step 1; rewards must be finite numbers\n');
  });

  it('lists envs, agents and backends', async () => {
    const { code, stdout } = await runCli(['list']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/envs:\n {2}CartPole-v1 +Balance a pole on a cart/);
    expect(stdout).toMatch(/agents:\n {2}dqn +Deep Q-Network/);
    expect(stdout).toMatch(/backends:\n(.*\n)* {2}cpu +available/);
  });
});

describe('whole rollouts', () => {
  it('are said before training: PPO defaults with --steps 20000', () => {
    expect(roundingNote('ppo', 2048, 8, 20_000)).toBe('note: ppo updates after whole rollouts of nSteps x envs = 2,048 x 8 = 16,384 env steps; it trains until a rollout ends at or past 20,000 steps, so up to one rollout more');
    expect(roundingNote('dqn', undefined, 1, 20_000)).toBeUndefined();
  });
});

describe('palestra itself', () => {
  it('lists its commands, and suggests the nearest one for a typo', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['demo', 'train', 'eval', 'list', 'check', 'backends']) expect(help.stdout).toMatch(new RegExp(`\\n  ${command} +\\S`));
    const typo = await runCli(['trian']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^palestra: unknown command 'trian'. Did you mean 'train'\?/);
  });

  it('demo trains PPO on CartPole and says where the run is', async () => {
    const out = join(dir, 'demo');
    const demo = await runCli(['demo', '--steps', '300', '--out', out, '--backend', 'cpu']);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/PPO on CartPole-v1: a random policy scores about 22/);
    expect(demo.stdout).toMatch(/\n\d+ steps in [\d.]+ s \(\d+ steps\/s\); best evaluation mean return/);
    expect(demo.stdout).toContain(`run files: ${out}`);
    expect(JSON.parse(await readFile(join(out, 'config.json'), 'utf8')).agentConfig).toMatchObject({ nSteps: 32, batchSize: 256, gaeLambda: 0.8, gamma: 0.98, nEpochs: 20 });
  });
});

describe('bad input is refused before training starts', () => {
  const refused = async (args: string[], code = 1) => {
    const out = join(dir, `refused-${Math.random().toString(36).slice(2)}`);
    const result = await runCli([...args, '--out', out, '--backend', 'cpu']);
    expect(result.code).toBe(code);
    expect(existsSync(out)).toBe(false);
    return result.stderr;
  };

  it('an unknown agent or env, with near names', async () => {
    expect(await refused(['train', 'CartPole-v1', '--agent', 'ppo2'])).toMatch(/^palestra train: Unknown agent 'ppo2'. Did you mean 'ppo'\? Known agents: dqn, reinforce, a2c, ppo/);
    expect(await refused(['train', 'CartPol-v1', '--agent', 'ppo'])).toMatch(/Env 'CartPol-v1' is not registered. Did you mean 'CartPole-v1'/);
    expect(await refused(['train', './nowhere.ts', '--agent', 'ppo'])).toMatch(/env module .\/nowhere.ts not found/);
  });

  it('an unknown hyperparameter, a value of the wrong type, out of range', async () => {
    expect(await refused(['train', 'CartPole-v1', '--agent', 'ppo', '--set', 'lerningRate=1e-3'])).toMatch(/ppo: unknown option 'lerningRate'. Did you mean 'learningRate'\?/);
    expect(await refused(['train', 'CartPole-v1', '--agent', 'dqn', '--set', 'batchSize=big'])).toMatch(/dqn: option 'batchSize' must be an integer >= 1, got "big"/);
    expect(await refused(['train', 'CartPole-v1', '--agent', 'ppo', '--set', 'nSteps=0'])).toMatch(/ppo: option 'nSteps' must be an integer >= 1, got 0/);
    expect(await refused(['train', 'CartPole-v1', '--agent', 'ppo', '--envs', '0'])).toBe('palestra train: --envs (numEnvs) must be a positive integer, got 0\n');
    expect(await refused(['train', 'CartPole-v1', '--agent', 'ppo', '--steps', '-5'])).toBe('palestra train: --steps (totalSteps) must be a positive integer, got -5\n');
    expect(await refused(['train', 'CartPole-v1', '--agent', 'ppo', '--steps', '1e9x'], 2)).toMatch(/^palestra train: --steps expects an integer, got "1e9x"/);
    expect(await refused(['train', 'CartPole-v1', '--agent', 'ppo', '--set', 'learningRate=fast'])).toMatch(/must be a number > 0, "lin_<start>" or \{start, end, fraction\} with such values, got "fast"/);
    expect(await refused(['train', 'CartPole-v1', '--agent', 'ppo', '--set', 'learningRate=0'])).toMatch(/ppo: option 'learningRate' must be a number > 0, .* got 0\n/);
    expect(await refused(['train', 'CartPole-v1', '--agent', 'a2c', '--set', 'maxGradNorm=-1'])).toMatch(/a2c: option 'maxGradNorm' must be a number >= 0, got -1\n/);
    const out = join(dir, 'never-written');
    expect(await refused(['train', 'CartPole-v1', '--agent', 'ppo', '--set', 'clipRange=-0.2', '--out', out])).toMatch(/ppo: option 'clipRange' must be a number > 0, .* got -0.2\n/);
    expect(existsSync(out)).toBe(false);
  });

  it('an unknown flag or a config file with an unknown key', async () => {
    expect(await refused(['train', 'CartPole-v1', '--agent', 'ppo', '--step', '10'], 2)).toMatch(/^palestra train: unknown option '--step'. Did you mean '--steps' or '--seed' or '--set'\?/);
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'agent: ppo\nhyperparams:\n  nSteps: 8\n');
    expect(await refused(['train', 'CartPole-v1', '--config', file])).toMatch(/unknown option 'hyperparams'. Did you mean 'hyperparameters'\?/);
  });

  it('--resume skips a damaged newest checkpoint, with a warning, and drops the lost part of the recordings', async () => {
    const out = join(dir, 'damaged');
    expect((await runCli(['train', 'CartPole-v1', ...quickPpo, '--steps', '600', '--record-every', '1', '--out', out, '--quiet'])).code).toBe(0);
    const steps = (await readdir(join(out, 'checkpoints'))).map(Number).sort((a, b) => a - b);
    expect(steps.length).toBeGreaterThanOrEqual(2);
    const [previous, newest] = steps.slice(-2) as [number, number];
    await writeFile(join(out, 'checkpoints', String(newest), 'agent.json'), '{"format": "palestra-ag');
    const before = listEpisodes(join(out, 'episodes'));
    expect(before.some((e) => e.step > previous)).toBe(true);

    const resumed = await runCli(['train', '--resume', out, '--backend', 'cpu', '--quiet']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`^warning: checkpoint .*checkpoints/${newest} does not load \\(.*not valid JSON.*\\); trying the one before it\\n$`));
    // Recordings continue in order: the episodes of the lost part were dropped, not left behind.
    const after = listEpisodes(join(out, 'episodes'));
    const byStep = [...after].sort((a, b) => a.step - b.step).map((e) => e.episode);
    expect(after.map((e) => e.episode)).toEqual(byStep);
  });

  it('a checkpoint from another env, and a corrupt checkpoint', async () => {
    const out = join(dir, 'for-eval');
    expect((await runCli(['train', 'CartPole-v1', ...quickPpo, '--steps', '256', '--out', out, '--quiet'])).code).toBe(0);
    const other = await runCli(['eval', out, '--env', 'MinAtar/Breakout-v1', '--backend', 'cpu']);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/the agent was trained for Box\(.*\) \/ Discrete\(2\), but MinAtar\/Breakout-v1 has .*; it comes from another env/);
    await writeFile(join(out, 'best', 'agent.json'), '{"format": "palestra-ag');
    const corrupt = await runCli(['eval', out, '--backend', 'cpu']);
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toMatch(/best\/agent\.json: not valid JSON/);
  });
});
