import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CartPoleEnv } from '../../envs/cartpole/cartpole.js';
import { BaseEnv } from '../../src/core/env.js';
import type { SceneFrame, SceneSpec } from '../../src/core/scene.js';
import { Box } from '../../src/core/spaces/box.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { readEpisodeFile } from '../../src/record/episode-file.js';
import { listEpisodes } from '../../src/record/episode-index.js';
import { recordEpisodes } from '../../src/record/record-callback.js';
import { driveTraining } from './training-driver.js';

const alternate = (step: number): number => step % 2;
const alwaysRight = (): number => 1;

describe('recordEpisodes callback', () => {
  {
    it('records every 2nd episode of CartPole with the reset state and one frame per step', async () => {
      const runDir = mkdtempSync(join(tmpdir(), 'palestra-run-'));
      const { episodes } = await driveTraining(new CartPoleEnv(), [recordEpisodes({ every: 2 })], { totalSteps: 200, runDir, policy: alwaysRight });
      const listed = listEpisodes(join(runDir, 'episodes'));
      // Episodes 0, 2, 4, ... of those that finished.
      expect(listed.map((entry) => entry.episode)).toEqual(episodes.map((_, i) => i).filter((i) => i % 2 === 0));
      expect(listed.map((entry) => entry.episodeReturn)).toEqual(episodes.filter((_, i) => i % 2 === 0).map((e) => e.episodeReturn));
      const first = readEpisodeFile(join(runDir, 'episodes', listed[0]!.file));
      // The reset state plus one frame per step of the first episode.
      expect(first.frames).toHaveLength(episodes[0]!.length + 1);
      expect(first.end).toEqual({ kind: 'end', episodeReturn: episodes[0]!.episodeReturn, length: episodes[0]!.length, terminated: true, truncated: false });
      expect(first.header.step).toBe(0);
      const second = readEpisodeFile(join(runDir, 'episodes', listed[1]!.file));
      // Later episodes too: the state after reset, then one frame per step.
      expect(second.frames).toHaveLength(episodes[2]!.length + 1);
      expect(second.header.step).toBe(episodes[0]!.length + episodes[1]!.length);
    });
  }

  it('records the same states a replay of the same seed and actions goes through', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'palestra-run-'));
    await driveTraining(new CartPoleEnv(), [recordEpisodes({ every: 1 })], { totalSteps: 60, runDir, seed: 7, policy: alternate });
    const recorded = readEpisodeFile(join(runDir, 'episodes', listEpisodes(join(runDir, 'episodes'))[0]!.file));
    const replay = new CartPoleEnv();
    replay.reset({ seed: 7 });
    const cartX = (frame: SceneFrame): number => frame.updates.find((u) => u.id === 'cart')!.position![0];
    expect(cartX(recorded.frames[0]!)).toBe(replay.state[0]);
    for (let step = 0; step < recorded.frames.length - 1; step++) {
      replay.step(alternate(step));
      expect(cartX(recorded.frames[step + 1]!)).toBe(replay.state[0]);
    }
  });

  it('continues the episode numbering when a run is resumed into the same directory', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'palestra-run-'));
    const first = await driveTraining(new CartPoleEnv(), [recordEpisodes({ every: 1 })], { totalSteps: 40, runDir, policy: alwaysRight });
    await driveTraining(new CartPoleEnv(), [recordEpisodes({ every: 1 })], { totalSteps: 40, runDir, policy: alwaysRight });
    const numbers = listEpisodes(join(runDir, 'episodes')).map((entry) => entry.episode);
    expect(numbers.slice(0, first.episodes.length)).toEqual(first.episodes.map((_, i) => i));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(readdirSync(join(runDir, 'episodes')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('records nothing for a run without a directory', async () => {
    const callback = recordEpisodes({ every: 1 });
    await expect(driveTraining(new CartPoleEnv(), [callback], { totalSteps: 30 })).resolves.toBeDefined();
  });

  it('keeps what a frame showed even when the env reuses its arrays afterwards', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'palestra-run-'));
    await driveTraining(new CountingGridEnv(), [recordEpisodes({ every: 1 })], { totalSteps: 3, runDir });
    const recorded = readEpisodeFile(join(runDir, 'episodes', listEpisodes(join(runDir, 'episodes'))[0]!.file));
    expect(recorded.frames.map((frame) => Array.from(frame.updates[0]!.cells!))).toEqual([[0], [1], [2], [3]]);
  });
});

/** Draws a one-cell grid whose colour index is the step count, reusing one cells array. */
class CountingGridEnv extends BaseEnv<Float32Array, number> {
  readonly observationSpace = new Box<Float32Array>([0], [10]);
  readonly actionSpace = new Discrete(2);
  private readonly cells = new Uint8Array(1);
  private readonly scene: SceneSpec = { objects: [{ id: 'grid', shape: { type: 'grid', rows: 1, cols: 1, cellSize: 1, palette: ['#000000', '#ff0000', '#00ff00', '#0000ff'], cells: [0] } }] };
  reset() {
    this.cells[0] = 0;
    return { observation: new Float32Array([0]), info: {} };
  }
  step() {
    this.cells[0]!++;
    return { observation: new Float32Array([this.cells[0]!]), reward: 1, terminated: this.cells[0] === 3, truncated: false, info: {} };
  }
  override render(): SceneFrame {
    return { scene: this.scene, updates: [{ id: 'grid', cells: this.cells }], hud: {} };
  }
}
