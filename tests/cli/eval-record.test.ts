import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { decodeWire } from '../../src/core/wire.js';
import { make } from '../../src/registry.js';
import { listEpisodes } from '../../src/record/episode-index.js';
import { trainAgentRuns } from '../browser/agent-runs.js';
import { runCli } from './run-cli.js';

let runsDir: string;
let run: string;

beforeAll(async () => {
  runsDir = mkdtempSync(join(tmpdir(), 'palestra-eval-record-'));
  const [id] = await trainAgentRuns(runsDir, ['ppo']);
  run = join(runsDir, id!);
}, 60_000);
afterAll(() => rmSync(runsDir, { recursive: true, force: true }));

/** Every line of a recorded episode, typed arrays decoded. */
function readLines(path: string): Record<string, unknown>[] {
  return gunzipSync(readFileSync(path)).toString('utf8').trim().split('\n').map((line) => decodeWire(line) as Record<string, unknown>);
}

describe('palestra eval --record', () => {
  it("writes the played episodes with each frame's observation, action and policy outputs, numbered after the run's episodes", async () => {
    const first = await runCli(['eval', run, '--record', '--episodes', '2', '--seed', '7', '--backend', 'cpu', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const result = JSON.parse(first.stdout) as { returns: number[]; recorded: { file: string; episodeReturn: number; length: number; greedyAgreement: { agree: number; total: number } }[] };
    expect(result.recorded.map((episode) => episode.episodeReturn)).toEqual(result.returns);

    const lines = readLines(join(run, 'episodes', result.recorded[0]!.file));
    expect(lines[0]).toMatchObject({ kind: 'header', envId: 'CartPole-v1', policy: { agent: 'ppo', checkpoint: 'best', network: { name: 'actor', outputs: 'logits' }, observationShape: [4], observationScale: 1, actionStart: 0, deterministic: true, backend: 'cpu' } });
    const frames = lines.filter((line) => line['kind'] === 'frame');
    // The state after reset first, the final state last; an action from every frame but the last.
    expect(frames).toHaveLength(result.recorded[0]!.length + 1);
    expect(frames.slice(0, -1).every((frame) => typeof frame['action'] === 'number' && frame['policyOutput'] instanceof Float32Array)).toBe(true);
    expect(frames.at(-1)!['action']).toBeUndefined();
    // The observations are the env's: episode 0 starts from reset with the first seed.
    const env = make('CartPole-v1');
    expect(Array.from(frames[0]!['observation'] as Float32Array)).toEqual(Array.from(env.reset({ seed: 7 }).observation as Float32Array));
    env.close();
    // Greedy evaluation: the action taken is the argmax of the recorded logits.
    for (const frame of frames.slice(0, -1)) {
      const logits = frame['policyOutput'] as Float32Array;
      expect(frame['action']).toBe(logits[1]! > logits[0]! ? 1 : 0);
    }
    expect(result.recorded[0]!.greedyAgreement).toEqual({ agree: result.recorded[0]!.length, total: result.recorded[0]!.length });

    // A second recording continues the numbering instead of replacing the first.
    const second = await runCli(['eval', run, '--record', '--episodes', '1', '--backend', 'cpu']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('add &agent=best to the page');
    expect(listEpisodes(join(run, 'episodes')).map((entry) => entry.episode)).toEqual([0, 1, 2]);
  });

  it('needs a run directory to write into', async () => {
    const result = await runCli(['eval', join(run, 'best'), '--record']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("is a checkpoint, not a run directory; pass the run directory, whose episodes/ folder gets the recordings");
  });
});
