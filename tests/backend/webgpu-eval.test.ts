/**
 * `palestra eval --backend webgpu`: the agent is loaded on webgpu and acts on the host backend
 * (Node's WebGPU reads back only asynchronously, and an env step needs its action at once), so it
 * plays the same episodes as on native; `--record` computes the policy outputs on the GPU, which
 * must equal native's within float32 rounding. Runs on SwiftShader without a GPU (see
 * tests/backend/webgpu.test.ts for why CI must have an adapter).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { nativeAddonStatus, probeWebGpu } from '../../src/backend/index.js';
import { decodeWire } from '../../src/core/wire.js';
import { trainAgentRuns } from '../browser/agent-runs.js';
import { runCli } from '../cli/run-cli.js';

/** Outputs on the GPU against the host's: float32 sums in another order (measured about 1e-8 here). */
const TOLERANCE = 1e-5;
const HOST = nativeAddonStatus().available ? 'native' : 'cpu';

const probe = await probeWebGpu();
if (!probe.available && process.env['CI']) throw new Error(`CI must run the webgpu tests, but there is no WebGPU adapter: ${probe.reason}`);
if (!probe.available) console.warn(`skipping tests/backend/webgpu-eval.test.ts: ${probe.reason}`);

interface EvalJson {
  backend: string;
  returns: number[];
  recorded: { file: string; greedyAgreement?: { agree: number; total: number } }[];
}

/** The policy outputs and actions of a recorded episode, frame by frame, and its header's policy. */
function readRecording(path: string): { backend: string; actions: number[]; outputs: Float32Array[] } {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').trim().split('\n').map((line) => decodeWire(line) as Record<string, unknown>);
  const acted = lines.filter((line) => line['kind'] === 'frame' && line['action'] !== undefined);
  return { backend: (lines[0]!['policy'] as { backend: string }).backend, actions: acted.map((line) => line['action'] as number), outputs: acted.map((line) => line['policyOutput'] as Float32Array) };
}

let runsDir: string;
let ids: string[];

describe.skipIf(!probe.available)('palestra eval --backend webgpu', () => {
  beforeAll(async () => {
    runsDir = mkdtempSync(join(tmpdir(), 'palestra-webgpu-eval-'));
    ids = await trainAgentRuns(runsDir, ['ppo', 'dqn']);
  }, 60_000);
  afterAll(() => rmSync(runsDir, { recursive: true, force: true }));

  it('plays the episodes native plays (PPO and DQN), and records policy outputs computed on the GPU equal to native within 1e-5', { timeout: 120_000 }, async () => {
    for (const id of ids) {
      const run = join(runsDir, id);
      const host = await runCli(['eval', run, '--episodes', '3', '--backend', HOST, '--json', '--record']);
      expect(host.code, host.stderr).toBe(0);
      const tensorsBefore = tf.memory().numTensors;
      const gpu = await runCli(['eval', run, '--episodes', '3', '--backend', 'webgpu', '--json', '--record']);
      expect(gpu.code, gpu.stderr).toBe(0);
      expect(tf.memory().numTensors, `${id}: tensors left behind by eval on webgpu`).toBe(tensorsBefore);
      const onHost = JSON.parse(host.stdout) as EvalJson;
      const onGpu = JSON.parse(gpu.stdout) as EvalJson;
      expect(onGpu.backend).toBe('webgpu');
      expect(onGpu.returns).toEqual(onHost.returns);
      let maxDiff = 0;
      onGpu.recorded.forEach((episode, k) => {
        const gpuRecording = readRecording(join(run, 'episodes', episode.file));
        const hostRecording = readRecording(join(run, 'episodes', onHost.recorded[k]!.file));
        expect(gpuRecording.backend).toBe('webgpu');
        expect(hostRecording.backend).toBe(HOST);
        expect(gpuRecording.actions).toEqual(hostRecording.actions);
        gpuRecording.outputs.forEach((row, i) => row.forEach((value, j) => (maxDiff = Math.max(maxDiff, Math.abs(value - hostRecording.outputs[i]![j]!)))));
        // The greedy action of the GPU's outputs is the action the agent took.
        expect(episode.greedyAgreement!.agree).toBe(episode.greedyAgreement!.total);
      });
      // Said in words, without --json.
      const text = await runCli(['eval', run, '--episodes', '1', '--backend', 'webgpu']);
      expect(text.stdout).toContain(`webgpu: the agent acted on the ${HOST} backend after one readback of its weights`);
      console.log(`${id}: returns ${onGpu.returns.join(', ')} on webgpu and ${HOST}; max |webgpu - ${HOST}| of the recorded outputs ${maxDiff.toExponential(2)}`);
      expect(maxDiff).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});
