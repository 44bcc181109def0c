/**
 * Helpers of the browser tests of the policy in the page (viewer/src/policy/): record episodes
 * with `palestra eval --record`, open them with `?agent=`, and hold the page's outputs and
 * greedy actions against eval's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { nativeAddonStatus } from '../../src/backend/index.js';
import { decodeWire } from '../../src/core/wire.js';
import { runCli } from '../cli/run-cli.js';

/**
 * How far the page's outputs may be from eval's. Measured on SwiftShader: WebGPU and WebGL
 * (float32 textures) differ from Node's native/cpu kernels by rounding only (below 1e-6 on these
 * networks); 1e-5 leaves room for another GPU's summation order.
 */
export const TOLERANCE = 1e-5;
/** Node's backend for eval: the native kernels when built, else plain JavaScript. */
export const EVAL_BACKEND = nativeAddonStatus().available ? 'native' : 'cpu';

/** What eval recorded on each frame with an action, read straight from the episode file. */
export interface RecordedRun {
  id: string;
  file: string;
  steps: { action: number | Float32Array; policyOutput: Float32Array }[];
}

/** The policy probe of the page (viewer/src/policy/policy-panel.ts). */
export interface PolicyProbe {
  status: string;
  error?: string;
  check?: { backend: { name: string; device: string; reason: string }; outputs: number[][]; greedy: (number | number[])[]; agree?: number; maxAbsDiff?: number; steps: number };
}

/** `palestra eval <run> --record` on Node's backend; returns the longest recorded episode and what it holds. */
export async function recordEval(runsDir: string, id: string, episodes = 3): Promise<RecordedRun> {
  const result = await runCli(['eval', join(runsDir, id), '--record', '--episodes', String(episodes), '--backend', EVAL_BACKEND, '--json']);
  if (result.code !== 0) throw new Error(`eval --record of ${id} failed: ${result.stderr}`);
  const { recorded } = JSON.parse(result.stdout) as { recorded: { file: string; length: number }[] };
  const file = [...recorded].sort((a, b) => b.length - a.length)[0]!.file;
  const lines = gunzipSync(readFileSync(join(runsDir, id, 'episodes', file))).toString('utf8').trim().split('\n').map((line) => decodeWire(line) as Record<string, unknown>);
  const steps = lines.filter((line) => line['kind'] === 'frame' && line['action'] !== undefined).map((line) => ({ action: line['action'] as number | Float32Array, policyOutput: line['policyOutput'] as Float32Array }));
  return { id, file, steps };
}

/** Opens a recorded episode with `&agent=best` (and the backend, if given) and waits for the policy's result. */
export async function openPolicy(page: Page, serverUrl: string, run: RecordedRun, backend: string | undefined): Promise<PolicyProbe> {
  const query = `run=${encodeURIComponent(run.id)}&episode=${encodeURIComponent(run.file)}&agent=best${backend ? `&policyBackend=${backend}` : ''}`;
  await page.goto(`${serverUrl}?${query}`);
  await page.waitForFunction(() => ['done', 'error'].includes((window as unknown as { palestraPolicy?: () => { status: string } }).palestraPolicy?.().status ?? ''), undefined, { timeout: 30_000 });
  return page.evaluate(() => (window as unknown as { palestraPolicy: () => PolicyProbe }).palestraPolicy());
}

/**
 * The page's outputs against eval's: every output within TOLERANCE, and the same greedy action:
 * for Discrete actions wherever eval's top two outputs are told apart, for Box actions within
 * TOLERANCE of the recorded one.
 */
export function expectSameDecisions(run: RecordedRun, probe: PolicyProbe, backend: string): void {
  expect(probe.status, probe.error).toBe('done');
  const check = probe.check!;
  expect(check.backend.name).toBe(backend);
  expect(check.outputs).toHaveLength(run.steps.length);
  let maxDiff = 0;
  run.steps.forEach((step, i) => {
    const page = check.outputs[i]!;
    expect(page).toHaveLength(step.policyOutput.length);
    page.forEach((value, j) => (maxDiff = Math.max(maxDiff, Math.abs(value - step.policyOutput[j]!))));
    const where = `${run.id} step ${i} on ${backend}`;
    if (typeof step.action !== 'number') {
      const action = check.greedy[i] as number[];
      step.action.forEach((value, j) => expect(Math.abs(action[j]! - value), where).toBeLessThanOrEqual(TOLERANCE));
      return;
    }
    const sorted = [...step.policyOutput].sort((a, b) => b - a);
    if (sorted[0]! - sorted[1]! > 2 * TOLERANCE) expect(check.greedy[i], where).toBe(step.action);
  });
  console.log(`${run.id} on ${backend} (${check.backend.device}): ${run.steps.length} steps, max |page - eval (${EVAL_BACKEND})| = ${maxDiff.toExponential(2)}, greedy = recorded on ${check.agree} / ${check.steps}`);
  expect(maxDiff).toBeLessThanOrEqual(TOLERANCE);
  // The page's own summary says the same.
  expect(check.maxAbsDiff).toBeCloseTo(maxDiff, 9);
}

/** Why the browser has no WebGPU here, or undefined when it has an adapter. */
export async function webGpuMissingIn(page: Page, serverUrl: string): Promise<string | undefined> {
  await page.goto(serverUrl);
  return page.evaluate(async () => {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    if (!gpu) return 'navigator.gpu is missing';
    return (await gpu.requestAdapter()) ? undefined : 'requestAdapter() gave no adapter';
  });
}
