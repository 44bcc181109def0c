import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import '../../envs/index.js';
import { startViewerServer, type ViewerServer } from '../../src/server/server.js';
import { runCli } from '../cli/run-cli.js';
import { trainAgentRuns } from './agent-runs.js';
import { chromiumMissingReason, launchChromium, watchErrors } from './chromium.js';
import { EVAL_BACKEND, expectSameDecisions, openPolicy, recordEval, webGpuMissingIn, type PolicyProbe, type RecordedRun } from './policy-pages.js';
import { ensureViewerBuilt, VIEWER_DIST } from './viewer-build.js';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
const skipReason = chromiumMissingReason();
if (skipReason) console.log(`SKIPPED tests/browser/viewer-policy.test.ts: ${skipReason}`);

let runsDir: string;
let server: ViewerServer;
let browser: { context: BrowserContext; close: () => Promise<void> };
const runs: RecordedRun[] = [];
let webGpuMissing: string | undefined;

describe.skipIf(skipReason !== undefined)('viewer: a checkpoint acts in the page on recorded observations', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    runsDir = mkdtempSync(join(tmpdir(), 'palestra-policy-'));
    const [, ids] = await Promise.all([ensureViewerBuilt(), trainAgentRuns(runsDir, ['ppo', 'dqn'], 'cartpole-')]);
    // A MinAtar CNN: one PPO update is enough for a checkpoint whose outputs are not the initial
    // ones. Its training episodes are recorded too, without observations.
    const minatar = await runCli(['train', 'MinAtar/Breakout-v1', '--agent', 'ppo', '--set', 'nSteps=32', '--set', 'batchSize=32', '--steps', '64', '--eval-freq', '64', '--eval-episodes', '1', '--checkpoint-freq', '0', '--record-every', '1', '--backend', EVAL_BACKEND, '--seed', '1', '--quiet', '--out', join(runsDir, 'minatar-ppo')]);
    if (minatar.code !== 0) throw new Error(`training on MinAtar failed: ${minatar.stderr}`);
    for (const id of [...ids, 'minatar-ppo']) runs.push(await recordEval(runsDir, id, 2));
    server = await startViewerServer({ runsDir, viewerDir: VIEWER_DIST });
    browser = await launchChromium({ webgpu: true });
    const page = await browser.context.newPage();
    webGpuMissing = await webGpuMissingIn(page, server.url);
    await page.close();
    if (webGpuMissing && process.env['CI'] !== 'true') console.log(`SKIPPED the WebGPU cases of tests/browser/viewer-policy.test.ts: Chromium has no WebGPU here (${webGpuMissing})`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(runsDir, { recursive: true, force: true });
  });

  for (const backend of ['webgpu', 'webgl'] as const) {
    it(`PPO and DQN on CartPole and PPO's MinAtar CNN give eval's outputs and greedy actions on ${backend}`, async (context) => {
      if (backend === 'webgpu' && webGpuMissing) {
        if (process.env['CI'] === 'true') throw new Error(`CI must run the WebGPU cases: ${webGpuMissing}`);
        context.skip();
      }
      const page = await browser.context.newPage();
      const errors = watchErrors(page);
      try {
        for (const run of runs) {
          expectSameDecisions(run, await openPolicy(page, server.url, run, backend), backend);
          if (run.id !== 'cartpole-dqn') await page.screenshot({ path: join(ARTIFACTS, `viewer-policy-${run.id}-${backend}.png`) });
          expect(await page.locator('#policy').textContent()).toContain(`${backend} on`);
          expect(await page.locator('#policy').textContent()).toContain(`greedy = recorded action:`);
        }
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    }, 60_000);
  }

  it('without a backend in the URL it takes WebGPU when the browser has an adapter, else falls back to WebGL', async () => {
    const page = await browser.context.newPage();
    try {
      const probe = await openPolicy(page, server.url, runs[0]!, undefined);
      expect(probe.status, probe.error).toBe('done');
      expect(probe.check!.backend.name).toBe(webGpuMissing ? 'webgl' : 'webgpu');
    } finally {
      await page.close();
    }
    // Chromium without --enable-unsafe-webgpu offers no WebGPU on Linux: the page falls back.
    const plain = await launchChromium();
    try {
      const page = await plain.context.newPage();
      const probe = await openPolicy(page, server.url, runs[0]!, undefined);
      expect(probe.status, probe.error).toBe('done');
      expect(probe.check!.backend.name).toBe('webgl');
      expect(probe.check!.backend.reason).toContain('skipped webgpu');
      expectSameDecisions(runs[0]!, probe, 'webgl');
    } finally {
      await plain.close();
    }
  }, 60_000);

  it('offers to run the recorded checkpoint on an eval episode, and shows no box on a training episode', async () => {
    const page = await browser.context.newPage();
    try {
      const run = runs[0]!;
      await page.goto(`${server.url}?run=${encodeURIComponent(run.id)}&episode=${encodeURIComponent(run.file)}`);
      await page.waitForSelector('#policy-run', { timeout: 30_000 });
      expect(await page.evaluate(() => (window as unknown as { palestraPolicy: () => PolicyProbe }).palestraPolicy().status)).toBe('none');
      await page.screenshot({ path: join(ARTIFACTS, 'viewer-policy-offer.png') });
      await page.click('#policy-run');
      await page.waitForFunction(() => (window as unknown as { palestraPolicy?: () => { status: string } }).palestraPolicy?.().status === 'done', undefined, { timeout: 30_000 });
      const probe = await page.evaluate(() => (window as unknown as { palestraPolicy: () => PolicyProbe }).palestraPolicy());
      expectSameDecisions(run, probe, webGpuMissing ? 'webgl' : 'webgpu');
      // The URL now names the checkpoint, so a reload runs it again.
      expect(new URL(page.url()).searchParams.get('agent')).toBe('best');
      await page.goto(`${server.url}?run=minatar-ppo&episode=${encodeURIComponent('episode-000000-step-0.jsonl.gz')}`);
      await page.waitForFunction(() => (window as unknown as { palestra?: () => { mode: string } }).palestra?.().mode === 'replay', undefined, { timeout: 30_000 });
      expect(await page.locator('#policy').isHidden()).toBe(true);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('says why when the episode has no recorded observations or the checkpoint is unknown', async () => {
    const page = await browser.context.newPage();
    try {
      const run = runs[0]!;
      await page.goto(`${server.url}?run=${encodeURIComponent(run.id)}&episode=${encodeURIComponent(run.file)}&agent=777&policyBackend=cpu`);
      await page.waitForFunction(() => (window as unknown as { palestraPolicy?: () => { status: string } }).palestraPolicy?.().status === 'error', undefined, { timeout: 30_000 });
      const probe = await page.evaluate(() => (window as unknown as { palestraPolicy: () => PolicyProbe }).palestraPolicy());
      expect(probe.error).toContain('404');
      expect(await page.locator('#policy').textContent()).toContain('could not run the policy');
      // A training episode carries no observations: the box says how to record one that does.
      await page.goto(`${server.url}?run=minatar-ppo&episode=${encodeURIComponent('episode-000000-step-0.jsonl.gz')}&agent=best&policyBackend=cpu`);
      await page.waitForFunction(() => (window as unknown as { palestraPolicy?: () => { status: string } }).palestraPolicy?.().status === 'error', undefined, { timeout: 30_000 });
      expect(await page.locator('#policy').textContent()).toContain('palestra eval <run> --record');
    } finally {
      await page.close();
    }
  }, 60_000);
});
