import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import '../../envs/index.js';
import { nativeAddonStatus } from '../../src/backend/index.js';
import { decodeWire } from '../../src/core/wire.js';
import { startViewerServer, type ViewerServer } from '../../src/server/server.js';
import { runCli } from '../cli/run-cli.js';
import { trainAgentRuns } from './agent-runs.js';
import { chromiumMissingReason, launchChromium, watchErrors } from './chromium.js';
import { ensureViewerBuilt, VIEWER_DIST } from './viewer-build.js';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
const skipReason = chromiumMissingReason();
if (skipReason) console.log(`SKIPPED tests/browser/viewer-policy.test.ts: ${skipReason}`);

/**
 * How far the page's outputs may be from eval's. Measured on SwiftShader: WebGPU and WebGL
 * (float32 textures) differ from Node's native/cpu kernels by rounding only (below 1e-6 on these
 * networks); 1e-5 leaves room for another GPU's summation order.
 */
const TOLERANCE = 1e-5;
/** Node's backend for eval: the native kernels when built, else plain JavaScript. */
const EVAL_BACKEND = nativeAddonStatus().available ? 'native' : 'cpu';

/** What eval recorded on one frame, read straight from the episode file. */
interface RecordedStep {
  action: number;
  policyOutput: Float32Array;
}

interface RecordedRun {
  id: string;
  file: string;
  steps: RecordedStep[];
}

/** The policy probe of the page (viewer/src/policy/policy-panel.ts). */
interface PolicyProbe {
  status: string;
  error?: string;
  check?: { backend: { name: string; device: string; reason: string }; outputs: number[][]; greedy?: number[]; agree?: number; maxAbsDiff?: number; steps: number };
}

let runsDir: string;
let server: ViewerServer;
let browser: { context: BrowserContext; close: () => Promise<void> };
const runs: RecordedRun[] = [];
let webGpuMissing: string | undefined;

/** `palestra eval <run> --record` on Node's backend; returns the longest recorded episode and what it holds. */
async function recordEval(id: string): Promise<RecordedRun> {
  const result = await runCli(['eval', join(runsDir, id), '--record', '--episodes', '3', '--backend', EVAL_BACKEND, '--json']);
  if (result.code !== 0) throw new Error(`eval --record of ${id} failed: ${result.stderr}`);
  const { recorded } = JSON.parse(result.stdout) as { recorded: { file: string; length: number }[] };
  const file = [...recorded].sort((a, b) => b.length - a.length)[0]!.file;
  const lines = gunzipSync(readFileSync(join(runsDir, id, 'episodes', file))).toString('utf8').trim().split('\n').map((line) => decodeWire(line) as Record<string, unknown>);
  const steps = lines.filter((line) => line['kind'] === 'frame' && line['action'] !== undefined).map((line) => ({ action: line['action'] as number, policyOutput: line['policyOutput'] as Float32Array }));
  return { id, file, steps };
}

async function openPolicy(page: Page, run: RecordedRun, backend: string | undefined): Promise<PolicyProbe> {
  const query = `run=${encodeURIComponent(run.id)}&episode=${encodeURIComponent(run.file)}&agent=best${backend ? `&policyBackend=${backend}` : ''}`;
  await page.goto(`${server.url}?${query}`);
  await page.waitForFunction(() => ['done', 'error'].includes((window as unknown as { palestraPolicy?: () => { status: string } }).palestraPolicy?.().status ?? ''), undefined, { timeout: 30_000 });
  return page.evaluate(() => (window as unknown as { palestraPolicy: () => PolicyProbe }).palestraPolicy());
}

/** The page's outputs against eval's: every output within TOLERANCE, and the same greedy action wherever eval's top two outputs are told apart. */
function expectSameDecisions(run: RecordedRun, probe: PolicyProbe, backend: string): void {
  expect(probe.status, probe.error).toBe('done');
  const check = probe.check!;
  expect(check.backend.name).toBe(backend);
  expect(check.outputs).toHaveLength(run.steps.length);
  let maxDiff = 0;
  run.steps.forEach((step, i) => {
    const page = check.outputs[i]!;
    expect(page).toHaveLength(step.policyOutput.length);
    page.forEach((value, j) => (maxDiff = Math.max(maxDiff, Math.abs(value - step.policyOutput[j]!))));
    const sorted = [...step.policyOutput].sort((a, b) => b - a);
    if (sorted[0]! - sorted[1]! > 2 * TOLERANCE) expect(check.greedy![i], `${run.id} step ${i} on ${backend}`).toBe(step.action);
  });
  console.log(`${run.id} on ${backend} (${check.backend.device}): ${run.steps.length} steps, max |page - eval (${EVAL_BACKEND})| = ${maxDiff.toExponential(2)}, greedy = recorded on ${check.agree} / ${check.steps}`);
  expect(maxDiff).toBeLessThanOrEqual(TOLERANCE);
  // The page's own summary says the same.
  expect(check.maxAbsDiff).toBeCloseTo(maxDiff, 9);
}

describe.skipIf(skipReason !== undefined)('viewer: a checkpoint acts in the page on recorded observations', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    runsDir = mkdtempSync(join(tmpdir(), 'palestra-policy-'));
    const [, ids] = await Promise.all([ensureViewerBuilt(), trainAgentRuns(runsDir, ['ppo', 'dqn'], 'cartpole-')]);
    // A MinAtar CNN: one PPO update is enough for a checkpoint whose outputs are not the initial
    // ones. Its training episodes are recorded too, without observations.
    const minatar = await runCli(['train', 'MinAtar/Breakout-v1', '--agent', 'ppo', '--set', 'nSteps=32', '--set', 'batchSize=32', '--steps', '64', '--eval-freq', '64', '--eval-episodes', '1', '--checkpoint-freq', '0', '--record-every', '1', '--backend', EVAL_BACKEND, '--seed', '1', '--quiet', '--out', join(runsDir, 'minatar-ppo')]);
    if (minatar.code !== 0) throw new Error(`training on MinAtar failed: ${minatar.stderr}`);
    for (const id of [...ids, 'minatar-ppo']) runs.push(await recordEval(id));
    server = await startViewerServer({ runsDir, viewerDir: VIEWER_DIST });
    browser = await launchChromium({ webgpu: true });
    const page = await browser.context.newPage();
    await page.goto(server.url);
    webGpuMissing = await page.evaluate(async () => {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      if (!gpu) return 'navigator.gpu is missing';
      return (await gpu.requestAdapter()) ? undefined : 'requestAdapter() gave no adapter';
    });
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
          expectSameDecisions(run, await openPolicy(page, run, backend), backend);
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
      const probe = await openPolicy(page, runs[0]!, undefined);
      expect(probe.status, probe.error).toBe('done');
      expect(probe.check!.backend.name).toBe(webGpuMissing ? 'webgl' : 'webgpu');
    } finally {
      await page.close();
    }
    // Chromium without --enable-unsafe-webgpu offers no WebGPU on Linux: the page falls back.
    const plain = await launchChromium();
    try {
      const page = await plain.context.newPage();
      const probe = await openPolicy(page, runs[0]!, undefined);
      expect(probe.status, probe.error).toBe('done');
      expect(probe.check!.backend.name).toBe('webgl');
      expect(probe.check!.backend.reason).toContain('skipped webgpu');
      expectSameDecisions(runs[0]!, probe, 'webgl');
    } finally {
      await plain.close();
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
