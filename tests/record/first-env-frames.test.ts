import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import type { Env } from '../../src/core/env.js';
import type { SceneFrame } from '../../src/core/scene.js';
import { readEpisodeFile } from '../../src/record/episode-file.js';
import { listEpisodes } from '../../src/record/episode-index.js';
import { recordEpisodes } from '../../src/record/record-callback.js';
import { make } from '../../src/registry.js';
import type { LiveSink } from '../../src/server/live-channel.js';
import { streamEpisodes } from '../../src/server/live-callback.js';
import { makeVec } from '../../src/vector/make-vec.js';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.js';
import type { AutoresetMode, VectorEnv } from '../../src/vector/types.js';
import { replayEpisodes, trainRandomly, wireCopy } from './vector-trainer.js';

/** One way of training on env 0 of an env family. */
interface Setup {
  name: string;
  id: string;
  build(mode: AutoresetMode): Env | VectorEnv;
  /** Native vector envs draw their own HUD: only the scene objects are compared. */
  compare: 'frames' | 'updates';
  vectorSteps: number;
}

const setups: Setup[] = [
  { name: 'one CartPole env', id: 'CartPole-v1', build: (mode) => new SyncVectorEnv([make('CartPole-v1')], { autoresetMode: mode }), compare: 'frames', vectorSteps: 150 },
  { name: 'env 0 of 3 CartPole envs (SyncVectorEnv)', id: 'CartPole-v1', build: (mode) => makeVec('CartPole-v1', 3, { mode: 'sync', autoresetMode: mode }), compare: 'frames', vectorSteps: 150 },
  { name: 'env 0 of 3 CartPole envs (batched vector)', id: 'CartPole-v1', build: (mode) => makeVec('CartPole-v1', 3, { mode: 'batched', autoresetMode: mode }), compare: 'updates', vectorSteps: 150 },
  { name: 'env 0 of 2 MinAtar Breakout envs (batched vector)', id: 'MinAtar/Breakout-v0', build: (mode) => makeVec('MinAtar/Breakout-v0', 2, { mode: 'batched', autoresetMode: mode }), compare: 'updates', vectorSteps: 300 },
  { name: 'env 0 of 2 MinAtar Breakout envs (SyncVectorEnv)', id: 'MinAtar/Breakout-v0', build: (mode) => makeVec('MinAtar/Breakout-v0', 2, { mode: 'sync', autoresetMode: mode }), compare: 'frames', vectorSteps: 300 },
  { name: 'env 0 of 4 CartPole envs in 2 worker threads (async)', id: 'CartPole-v1', build: (mode) => makeVec('CartPole-v1', 4, { mode: 'async', workers: 2, autoresetMode: mode }), compare: 'frames', vectorSteps: 150 },
  { name: 'env 0 of 2 Drone/Hover envs', id: 'Drone/Hover-v0', build: (mode) => makeVec('Drone/Hover-v0', 2, { mode: 'sync', autoresetMode: mode }), compare: 'frames', vectorSteps: 200 },
];

const comparable = (frame: SceneFrame, compare: Setup['compare']): unknown => (compare === 'frames' ? { updates: frame.updates, hud: frame.hud } : frame.updates);

describe('recorded episodes are the frames a replay of env 0 goes through', () => {
  for (const mode of ['next-step', 'same-step'] as const) {
    for (const setup of setups) {
      it(`${setup.name}, ${mode} autoreset: every episode, first and last frames included`, async () => {
        const runDir = mkdtempSync(join(tmpdir(), 'palestra-frames-'));
        const log = await trainRandomly(setup.build(mode), [recordEpisodes({ every: 1 })], { vectorSteps: setup.vectorSteps, seed: 11, runDir });
        const replayed = replayEpisodes(make(setup.id), log);
        const listed = listEpisodes(join(runDir, 'episodes'));
        // At least two whole episodes: the bug this guards against spared the first one.
        expect(replayed.length).toBeGreaterThanOrEqual(2);
        expect(listed.map((entry) => entry.episode)).toEqual(replayed.map((_, i) => i));
        listed.forEach((entry, i) => {
          const recorded = readEpisodeFile(join(runDir, 'episodes', entry.file));
          expect(recorded.frames.length, `episode ${i} frame count`).toBe(replayed[i]!.length);
          expect(recorded.frames.map((frame) => comparable(frame, setup.compare)), `episode ${i}`).toEqual(replayed[i]!.map((frame) => comparable(frame, setup.compare)));
          expect(entry.length).toBe(replayed[i]!.length - 1);
        });
      });
    }

    it(`streams the same frames live, each labelled with its episode (CartPole, env 0 of 3, ${mode})`, async () => {
      const sink = new CollectingSink();
      const log = await trainRandomly(makeVec('CartPole-v1', 3, { mode: 'sync', autoresetMode: mode }), [streamEpisodes(sink)], { vectorSteps: 120, seed: 5 });
      const replayed = replayEpisodes(make('CartPole-v1'), log);
      expect(replayed.length).toBeGreaterThanOrEqual(2);
      expect(sink.ended).toEqual(replayed.map((_, i) => i));
      replayed.forEach((frames, episode) => {
        const streamed = sink.frames.filter((f) => f.episode === episode).map((f) => f.frame);
        expect(streamed, `episode ${episode}`).toEqual(frames);
      });
      // Each episode's end is announced after its last frame.
      for (const episode of sink.ended) expect(sink.order.lastIndexOf(`frame ${episode}`)).toBeLessThan(sink.order.indexOf(`end ${episode}`));
    });
  }
});

/** A live sink that takes every frame, as a viewer that keeps up would. */
class CollectingSink implements LiveSink {
  runId: string | undefined;
  readonly frames: { episode: number; frame: SceneFrame }[] = [];
  readonly ended: number[] = [];
  readonly order: string[] = [];
  wantsFrame(): boolean {
    return true;
  }
  publishFrame(frame: SceneFrame, at: { episode: number; step: number }): void {
    this.frames.push({ episode: at.episode, frame: wireCopy(frame) });
    this.order.push(`frame ${at.episode}`);
  }
  finish(): void {}
  publish(message: Parameters<LiveSink['publish']>[0]): void {
    if (message.type === 'live-episode') {
      this.ended.push(message.episode);
      this.order.push(`end ${message.episode}`);
    }
  }
}
