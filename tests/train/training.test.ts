import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { make } from '../../src/registry.js';
import type { TrainingContext } from '../../src/train/callback.js';
import { CallbackRunner } from '../../src/train/callback-runner.js';
import { EpisodeWindow, EvaluationCallback, formatDuration, ProgressDisplay } from '../../src/train/callbacks/index.js';
import { evaluatePolicy } from '../../src/train/evaluate.js';
import { RunDirectory } from '../../src/train/run-directory.js';
import { defaultRunDir } from '../../src/train/train-run.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'palestra-train-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Pushes right when the pole leans right: a classic CartPole heuristic that scores far above random. */
const leanPolicy = {
  actBatch(observations: ArrayLike<number>, count: number): Int32Array {
    return Int32Array.from({ length: count }, (_, i) => (observations[i * 4 + 2]! + 0.5 * observations[i * 4 + 3]! > 0 ? 1 : 0));
  },
};

function context(step: number, totalSteps = 1000): TrainingContext {
  return { agentName: 'test', env: make('CartPole-v1'), envId: 'CartPole-v1', runDir: undefined, step, totalSteps, agent: leanPolicy };
}

describe('evaluatePolicy', () => {
  it('plays the requested episodes, seeded per episode, the same however many run side by side', () => {
    const one = evaluatePolicy(leanPolicy, () => make('CartPole-v1'), { episodes: 6, seed: 10, parallel: 1 });
    const many = evaluatePolicy(leanPolicy, () => make('CartPole-v1'), { episodes: 6, seed: 10, parallel: 4 });
    expect(one.returns).toHaveLength(6);
    expect(many.returns).toEqual(one.returns);
    // Episode k is seeded with seed + k: replaying episode 2 alone gives its return.
    const env = make('CartPole-v1');
    let { observation } = env.reset({ seed: 12 });
    let total = 0;
    for (;;) {
      const step = env.step(leanPolicy.actBatch(observation as Float32Array, 1)[0]!);
      total += step.reward;
      observation = step.observation;
      if (step.terminated || step.truncated) break;
    }
    expect(one.returns[2]).toBe(total);
    expect(one.meanReturn).toBeCloseTo(one.returns.reduce((a, b) => a + b, 0) / 6, 10);
    expect(one.meanReturn).toBeGreaterThan(100);
  });
});

describe('EvaluationCallback', () => {
  it('evaluates on schedule, saves best/ and asks to stop at the reward threshold', async () => {
    const run = new RunDirectory(join(dir, 'eval-run'));
    const saved: string[] = [];
    const agent = { ...leanPolicy, name: 'lean', numTimesteps: 0, save: async (d: string) => { await mkdir(d, { recursive: true }); await writeFile(join(d, 'agent.json'), '{}'); saved.push(d); } };
    const logged: Record<string, number>[] = [];
    const callback = new EvaluationCallback(() => make('CartPole-v1'), { every: 100, episodes: 3, seed: 0, rewardThreshold: 100, run, log: (_c, m) => void logged.push(m) });
    const ctx = { ...context(0), agent };
    callback.onTrainingStart(ctx);
    expect(await callback.onMetrics({ ...ctx, step: 99 })).toBe(true);
    expect(logged).toHaveLength(0);
    expect(await callback.onMetrics({ ...ctx, step: 130 })).toBe(false);
    expect(logged).toHaveLength(1);
    expect(logged[0]!['eval/meanReturn']).toBeGreaterThanOrEqual(100);
    expect(callback.solvedAtStep).toBe(130);
    expect(existsSync(join(run.bestPath, 'agent.json'))).toBe(true);
    // The save went to a temporary directory that was renamed into place.
    expect(saved[0]).toMatch(/best\.tmp-\d+$/);
  });
});

describe('CallbackRunner', () => {
  it('remembers a stop request from onStep or onMetrics', async () => {
    const runner = new CallbackRunner([{ onStep: (c) => c.step < 5 }, { onMetrics: (_c, m) => (m['loss']! > 1 ? false : undefined) }], context(0));
    expect(runner.step(3)).toBe(true);
    expect(await runner.metrics({ loss: 0.5 })).toBe(true);
    expect(runner.step(5)).toBe(false);
    expect(runner.stopRequested).toBe(true);
  });
});

describe('ProgressDisplay', () => {
  it('prints a plain line every 10% when stdout is not a terminal', () => {
    const lines: string[] = [];
    const window = new EpisodeWindow(2);
    const progress = new ProgressDisplay(window, { write: (t) => void lines.push(t), isTTY: false });
    progress.onTrainingStart(context(0));
    for (let step = 50; step <= 250; step += 50) {
      window.onEpisodeEnd(undefined, { envIndex: 0, episodeReturn: step / 10, length: 10, seconds: 0, step, info: {} });
      progress.onStep(context(step));
    }
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^ 10% {2}100\/1,000 steps {2}- steps\/s {2}return 7\.5 {2}ETA -\n$/);
    expect(lines[1]).toMatch(/^ 20% {2}200\/1,000 steps/);
  });

  it('redraws one line with a bar on a terminal', () => {
    const out: string[] = [];
    const progress = new ProgressDisplay(new EpisodeWindow(), { write: (t) => void out.push(t), isTTY: true, width: 10 });
    progress.onTrainingStart(context(0));
    progress.onStep(context(500));
    expect(out[0]).toMatch(/^\r\[#####\.\.\.\.\.\] {2}500\/1,000 steps {2}- steps\/s {2}return - {2}ETA -\x1b\[K$/);
  });

  it('past the budget (the end of the last rollout), shows 100% and says the rounding, never 31,527/20,000', () => {
    const lines: string[] = [];
    const progress = new ProgressDisplay(new EpisodeWindow(), { write: (t) => void lines.push(t), isTTY: false });
    progress.onTrainingStart(context(0, 20_000));
    progress.onTrainingEnd(context(31_527, 20_000));
    expect(lines[0]).toMatch(/^100% {2}31,527 steps \(20,000 asked, rounded up to whole rollouts\) {2}/);
  });

  it('formats durations', () => {
    expect(formatDuration(59.6)).toBe('1:00');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(Infinity)).toBe('-');
  });
});

describe('RunDirectory', () => {
  it('refuses to overwrite a run, names runs by env, agent, seed and time', async () => {
    const config = { envId: 'CartPole-v1', agent: 'ppo', agentConfig: {}, totalSteps: 1, seed: 0, numEnvs: 1, backend: 'cpu', palestraVersion: '0', createdAt: '', evalEpisodes: 1, evalFreq: 1, checkpointFreq: 1, rewardThreshold: null };
    const path = join(dir, 'run-a');
    await RunDirectory.create(path, config);
    await expect(RunDirectory.create(path, config)).rejects.toThrow(/already holds a run \(config.json exists\); pass --resume/);
    expect(defaultRunDir('runs', 'MinAtar/Breakout-v1', 'dqn', 3, new Date('2026-11-22T10:45:01Z'))).toBe(join('runs', 'MinAtar_Breakout-v1-dqn-seed3-20261122-104501'));
  });

  it('keeps metric lines up to a checkpoint, skips a line cut off by a kill, and mirrors them in CSV', async () => {
    const run = new RunDirectory(join(dir, 'run-b'));
    await mkdir(run.path, { recursive: true });
    await run.appendMetrics({ step: 10, loss: 1 });
    await run.appendMetrics({ step: 20, loss: 0.5, 'eval/meanReturn': 30 });
    await run.appendMetrics({ step: 30, loss: 0.25 });
    await writeFile(run.metricsPath, (await readFile(run.metricsPath, 'utf8')) + '{"step": 4');
    await run.truncateMetrics(20);
    expect((await run.readMetrics()).map((m) => m['step'])).toEqual([10, 20]);
    expect(await readFile(run.csvPath, 'utf8')).toBe('step,loss,eval/meanReturn\n10,1,\n20,0.5,30\n');
  });

  it('replaces a checkpoint directory atomically and lists checkpoints in step order', async () => {
    const run = new RunDirectory(join(dir, 'run-c'));
    for (const step of [200, 1000, 30]) {
      await RunDirectory.writeDirectoryAtomic(run.checkpointPath(step), async (d) => {
        await mkdir(d, { recursive: true });
        await writeFile(join(d, 'agent.json'), String(step));
      });
    }
    // A save killed half way leaves only a temporary directory, which is not a checkpoint.
    await mkdir(join(run.checkpointsPath, '5000.tmp-123'), { recursive: true });
    expect(await run.checkpointSteps()).toEqual([30, 200, 1000]);
    await RunDirectory.writeDirectoryAtomic(run.checkpointPath(200), async (d) => {
      await mkdir(d, { recursive: true });
      await writeFile(join(d, 'agent.json'), 'new');
    });
    expect(await readFile(join(run.checkpointPath(200), 'agent.json'), 'utf8')).toBe('new');
  });
});
