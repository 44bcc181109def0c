/**
 * The policy in the page beyond Discrete actions on one observation tensor: PPO's Gaussian policy
 * on continuous steering (the page squashes its mean into the Box as the agent does), and PPO's
 * multi-input network on a Dict observation (a 64x64 depth image and a state vector, cut from the
 * flat observation as the agent cuts it).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import '../../envs/index.js';
import { startViewerServer, type ViewerServer } from '../../src/server/server.js';
import { runCli } from '../cli/run-cli.js';
import { chromiumMissingReason, launchChromium, watchErrors } from './chromium.js';
import { EVAL_BACKEND, expectSameDecisions, openPolicy, recordEval, webGpuMissingIn, type RecordedRun } from './policy-pages.js';
import { ensureViewerBuilt, VIEWER_DIST } from './viewer-build.js';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
const skipReason = chromiumMissingReason();
if (skipReason) console.log(`SKIPPED tests/browser/viewer-policy-box-dict.test.ts: ${skipReason}`);

/** A few PPO updates: a checkpoint whose outputs are no longer the initial ones. */
const TINY_PPO = ['--agent', 'ppo', '--untuned', '--set', 'nSteps=16', '--set', 'batchSize=32', '--envs', '2', '--steps', '32', '--eval-freq', '32', '--eval-episodes', '1', '--checkpoint-freq', '0', '--record-every', '0', '--seed', '1', '--quiet', '--backend', EVAL_BACKEND];

let runsDir: string;
let server: ViewerServer;
let browser: { context: BrowserContext; close: () => Promise<void> };
const runs: RecordedRun[] = [];
let webGpuMissing: string | undefined;

describe.skipIf(skipReason !== undefined)('viewer: Box actions and Dict observations in the page', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    runsDir = mkdtempSync(join(tmpdir(), 'palestra-policy-box-dict-'));
    await ensureViewerBuilt();
    for (const [id, envId] of [['lane-ppo', 'Driving/LaneKeeping-v0'], ['indoor-ppo', 'Drone/IndoorNavigation-v0']] as const) {
      const trained = await runCli(['train', envId, ...TINY_PPO, '--out', join(runsDir, id)]);
      if (trained.code !== 0) throw new Error(`training on ${envId} failed: ${trained.stderr}`);
      runs.push(await recordEval(runsDir, id, 1));
    }
    server = await startViewerServer({ runsDir, viewerDir: VIEWER_DIST });
    browser = await launchChromium({ webgpu: true });
    const page = await browser.context.newPage();
    webGpuMissing = await webGpuMissingIn(page, server.url);
    await page.close();
    if (webGpuMissing && process.env['CI'] !== 'true') console.log(`SKIPPED the WebGPU cases of tests/browser/viewer-policy-box-dict.test.ts: ${webGpuMissing}`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(runsDir, { recursive: true, force: true });
  });

  it("continuous steering and the depth-image Dict policy give eval's outputs and actions on WebGPU and WebGL", async () => {
    if (webGpuMissing && process.env['CI'] === 'true') throw new Error(`CI must run the WebGPU cases: ${webGpuMissing}`);
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    try {
      for (const backend of webGpuMissing ? ['webgl'] : ['webgpu', 'webgl']) {
        for (const run of runs) {
          const probe = await openPolicy(page, server.url, run, backend);
          expectSameDecisions(run, probe, backend);
          // Deterministic evaluation: every recorded action is the page's greedy one.
          expect(probe.check!.agree).toBe(run.steps.length);
          if (backend === 'webgpu') await page.screenshot({ path: join(ARTIFACTS, `viewer-policy-${run.id}-${backend}.png`) });
        }
      }
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
