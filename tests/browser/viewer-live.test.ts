import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import '../../envs/index.js';
import { CartPoleEnv } from '../../envs/cartpole/cartpole.js';
import { startViewer, type RunningViewer } from '../../src/server/live-view.js';
import { startViewerServer, type ViewerServer } from '../../src/server/server.js';
import type { TrainingContext } from '../../src/train/callback.js';
import { canvasStats, chromiumMissingReason, launchChromium, probe, waitForProbe, watchErrors } from './chromium.js';
import { scratchRunsDir } from './recorded-runs.js';
import { ensureViewerBuilt, VIEWER_DIST } from './viewer-build.js';

const ROOT = join(import.meta.dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const skipReason = chromiumMissingReason();
if (skipReason) console.log(`SKIPPED tests/browser/viewer-live.test.ts: ${skipReason}`);

let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let errors: string[];

/** Trains nothing but steps CartPole like a trainer, yielding to the event loop every few steps. */
async function streamTraining(viewer: RunningViewer, runDir: string, milliseconds: number): Promise<number> {
  const env = new CartPoleEnv();
  const context: TrainingContext = { agentName: 'fixed', env, envId: 'CartPole-v1', runDir, step: 0, totalSteps: Infinity, agent: undefined };
  env.reset({ seed: 0 });
  await viewer.callback.onTrainingStart?.(context);
  const end = performance.now() + milliseconds;
  let episodeReturn = 0;
  let length = 0;
  while (performance.now() < end) {
    const result = env.step(context.step % 3 === 0 ? 0 : 1);
    context.step++;
    episodeReturn += result.reward;
    length++;
    // The trainers' order: an episode's end, then the onStep of the step that ended it.
    const ended = result.terminated || result.truncated;
    if (ended) viewer.callback.onEpisodeEnd?.(context, { envIndex: 0, episodeReturn, length, seconds: 0, step: context.step, info: {} });
    viewer.callback.onStep?.(context);
    if (ended) {
      await viewer.callback.onMetrics?.(context, { episodeReturn });
      env.reset();
      viewer.callback.onStep?.(context);
      episodeReturn = 0;
      length = 0;
    }
    // Slow enough to watch (about 200 steps a second).
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await viewer.callback.onTrainingEnd?.(context);
  return context.step;
}

/** Waits until the process output matches `pattern` and returns its first group. */
async function waitForOutput(output: () => string, pattern: RegExp, child: { exitCode: number | null }, timeoutMs = 90_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(output())) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no ${pattern} in the output (exit code ${child.exitCode}):\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return pattern.exec(output())![1]!;
}

describe.skipIf(skipReason !== undefined)('viewer live and play modes in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await ensureViewerBuilt();
    browser = await launchChromium();
    page = await browser.context.newPage();
    errors = watchErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(() => {
    errors.length = 0;
  });

  it('follows a live training run: frames reach the page and draw the scene', async () => {
    const runsDir = scratchRunsDir();
    const runDir = join(runsDir, 'live-run');
    mkdirSync(runDir);
    writeFileSync(join(runDir, 'config.json'), JSON.stringify({ envId: 'CartPole-v1', agent: 'fixed' }));
    const viewer = await startViewer({ runsDir, viewerDir: VIEWER_DIST });
    try {
      await page.goto(viewer.url);
      await waitForProbe(page, (state) => state.mode === 'live');
      // The page subscribes right after loading; give the message a moment to arrive.
      await page.waitForTimeout(300);
      const steps = await streamTraining(viewer, runDir, 2500);
      const state = await waitForProbe(page, (current) => current.liveFrames >= 10, 5000);
      expect(state.liveFrames).toBeLessThanOrEqual(steps);
      const stats = await canvasStats(page, '#f4f1ea', { cart: '#2c3e50' });
      await page.screenshot({ path: join(ARTIFACTS, 'viewer-live.png') });
      expect(stats.found.cart).toBeGreaterThan(200);
      expect(await page.locator('#hud').textContent()).toContain('step');
      expect(errors).toEqual([]);
    } finally {
      // Leave the page first: a page whose server went away keeps trying to reconnect.
      await page.goto('about:blank');
      await viewer.close();
    }
  });

  it('shows a real `palestra train --view` run live', async () => {
    const runsDir = scratchRunsDir();
    const trainer = spawn(process.execPath, [join(ROOT, 'bin', 'palestra.js'), 'train', 'CartPole-v1', '--agent', 'ppo', '--steps', '200000', '--eval-freq', '0', '--view', '--out', join(runsDir, 'ppo-live')], {
      cwd: runsDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    trainer.stdout.on('data', (chunk) => (output += chunk));
    trainer.stderr.on('data', (chunk) => (output += chunk));
    try {
      const deadline = Date.now() + 60_000;
      while (!/viewer: (http:\/\/127\.0\.0\.1:\d+\/)/.test(output) && Date.now() < deadline && trainer.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 200));
      const url = /viewer: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
      expect(url, output).toBeDefined();
      await page.goto(url!);
      const state = await waitForProbe(page, (current) => current.liveFrames >= 5, 60_000);
      expect(state.mode).toBe('live');
      // The first frames can arrive before the renderer has drawn one (a loaded machine): look
      // again for up to 5 s, then judge the last look.
      let stats = await canvasStats(page, '#f4f1ea', { cart: '#2c3e50' });
      for (const deadline = Date.now() + 5000; stats.found.cart! <= 200 && Date.now() < deadline; ) {
        await page.waitForTimeout(250);
        stats = await canvasStats(page, '#f4f1ea', { cart: '#2c3e50' });
      }
      await page.screenshot({ path: join(ARTIFACTS, 'viewer-train-view.png') });
      expect(stats.found.cart).toBeGreaterThan(200);
      expect(errors).toEqual([]);
    } finally {
      await page.goto('about:blank');
      trainer.kill('SIGTERM');
    }
  });

  it('keeps serving a `palestra train --view` run after it finishes, with its last evaluation, until Ctrl+C', async () => {
    const runsDir = scratchRunsDir();
    const runDir = join(runsDir, 'ppo-short');
    const trainer = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'palestra.js'), 'train', 'CartPole-v1', '--agent', 'ppo', '--set', 'nSteps=64', '--set', 'netArch=[16]', '--steps', '1024', '--eval-freq', '512', '--eval-episodes', '2', '--backend', 'cpu', '--view', '--out', runDir],
      { cwd: runsDir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    trainer.stdout.on('data', (chunk) => (output += chunk));
    trainer.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => trainer.once('exit', (code) => resolve(code)));
    try {
      const url = await waitForOutput(() => output, /viewer: (http:\/\/127\.0\.0\.1:\d+\/)/, trainer);
      await page.goto(url);
      await waitForOutput(() => output, /training finished; the viewer still shows the run at (http:\S+) \(Ctrl\+C to stop\)/, trainer);
      // The page learns the run finished, says so, and draws the final evaluation from the run's file.
      const evaluations = readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').filter((line) => line.includes('eval/meanReturn')).length;
      expect(evaluations).toBeGreaterThanOrEqual(2);
      const state = await waitForProbe(page, (current) => current.liveFinishedAt !== null && current.charts.some((chart) => chart.tag === 'eval/meanReturn' && chart.points['ppo-short'] === evaluations), 30_000);
      expect(state.liveFinishedAt).toBeGreaterThanOrEqual(1024);
      expect(await page.locator('#message').textContent()).toMatch(/Training ppo-short finished at step [\d,]+/);
      expect(await page.locator('#connection').textContent()).toBe('finished');
      // Still served a while later: a fresh page loads the run and is told it finished.
      await page.waitForTimeout(1500);
      await page.reload();
      await waitForProbe(page, (current) => current.liveFinishedAt !== null);
      await page.screenshot({ path: join(ARTIFACTS, 'viewer-train-view-finished.png') });
      expect(trainer.exitCode).toBeNull();
      expect(errors).toEqual([]);
      await page.goto('about:blank');
      trainer.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(output).not.toMatch(/\n\s+at /);
    } finally {
      await page.goto('about:blank');
      if (trainer.exitCode === null) trainer.kill('SIGTERM');
    }
  });

  it('plays CartPole from the keyboard: holding → steps the env on the server', async () => {
    const server: ViewerServer = await startViewerServer({ runsDir: scratchRunsDir(), viewerDir: VIEWER_DIST, playEnvId: 'CartPole-v1', playFps: 30 });
    try {
      await page.goto(server.url);
      const ready = await waitForProbe(page, (state) => (state.frames ?? 0) >= 1);
      expect(ready.mode).toBe('play');
      expect(await page.locator('#keys').textContent()).toContain('→ action 1');
      await page.waitForTimeout(300);
      // Nothing held: CartPole has no no-op, so the env waits.
      const idle = (await probe(page)).frames!;
      await page.waitForTimeout(300);
      expect((await probe(page)).frames).toBe(idle);
      await page.keyboard.down('ArrowRight');
      await page.waitForTimeout(400);
      await page.keyboard.up('ArrowRight');
      const moved = await probe(page);
      expect(moved.frames!).toBeGreaterThan(idle + 3);
      expect(await page.locator('#hud').textContent()).toMatch(/action\s*push right/);
      await page.screenshot({ path: join(ARTIFACTS, 'viewer-play.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.goto('about:blank');
      await server.close();
    }
  });
});
