import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { SceneSpec } from '../../src/core/scene.js';
import { EPISODE_FORMAT } from '../../src/core/episode-format.js';
import { episodeLines, parseEpisodeText, readEpisodeFile, serializeEpisode, writeEpisodeFile, type EpisodeRecording } from '../../src/record/episode-file.js';

const sceneA: SceneSpec = { objects: [{ id: 'ball', shape: { type: 'sphere', radius: 0.5 }, color: '#ff0000' }] };
const sceneB: SceneSpec = {
  objects: [{ id: 'board', shape: { type: 'grid', rows: 2, cols: 2, cellSize: 1, palette: ['#000000', '#ffffff'], cells: new Uint8Array([0, 1, 1, 0]) } }],
};

function recording(): EpisodeRecording {
  return {
    header: { kind: 'header', format: EPISODE_FORMAT, version: 1, envId: 'Test-v0', episode: 3, step: 120, renderFps: 25, createdAt: '2026-01-01T00:00:00.000Z' },
    frames: [
      { scene: sceneA, updates: [{ id: 'ball', position: [0, 0, 1] }], hud: { reward: 1 } },
      { scene: sceneA, updates: [{ id: 'ball', position: [0, 0, 2] }], hud: { reward: 0.5, action: 'left' } },
      { scene: sceneB, updates: [{ id: 'board', cells: new Uint8Array([1, 1, 0, 0]) }], hud: {} },
    ],
    end: { kind: 'end', episodeReturn: 1.5, length: 3, terminated: true, truncated: false },
  };
}

describe('recorded episode files', () => {
  it('write each scene once, before the first frame that uses it', () => {
    expect(episodeLines(recording()).map((line) => line.kind)).toEqual(['header', 'scene', 'frame', 'frame', 'scene', 'frame', 'end']);
  });

  it('round-trip through gzip JSON lines with values, typed arrays and shared scenes intact', () => {
    const text = gunzipSync(serializeEpisode(recording())).toString('utf8');
    const parsed = parseEpisodeText(text);
    expect(parsed.header).toEqual(recording().header);
    expect(parsed.end).toEqual(recording().end);
    expect(parsed.frames).toHaveLength(3);
    expect(parsed.frames[1]!.updates).toEqual([{ id: 'ball', position: [0, 0, 2] }]);
    expect(parsed.frames[1]!.hud).toEqual({ reward: 0.5, action: 'left' });
    // Frames of one scene share one scene object, as render() gives them.
    expect(parsed.frames[0]!.scene).toBe(parsed.frames[1]!.scene);
    expect(parsed.frames[2]!.scene).not.toBe(parsed.frames[1]!.scene);
    const cells = parsed.frames[2]!.updates[0]!.cells as Uint8Array;
    expect(cells).toBeInstanceOf(Uint8Array);
    expect(Array.from(cells)).toEqual([1, 1, 0, 0]);
  });

  it('are written atomically to disk and read back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'palestra-episode-'));
    const path = join(dir, 'episode.jsonl.gz');
    writeEpisodeFile(path, recording());
    expect(readdirSync(dir)).toEqual(['episode.jsonl.gz']);
    expect(readEpisodeFile(path).frames[0]!.updates[0]!.position).toEqual([0, 0, 1]);
  });

  it('name the line and the problem when a recording is damaged', () => {
    const header = JSON.stringify(recording().header);
    expect(() => parseEpisodeText('')).toThrow('episode: empty recording, expected a header line first');
    expect(() => parseEpisodeText(`${header}\n{"kind":"frame","updates":[],"hud":{}}`)).toThrow('line 2 is a frame before any scene line');
    expect(() => parseEpisodeText(`${header}\n{oops`)).toThrow(/line 2 is not valid JSON/);
    expect(() => parseEpisodeText('{"kind":"frame","updates":[],"hud":{}}')).toThrow(/line 1 must be a 'palestra-episode' header, got kind "frame"/);
    expect(() => parseEpisodeText(header.replace('"version":1', '"version":9'))).toThrow(/format version 9 is newer than this Palestra reads \(1\)/);
    expect(() => readEpisodeFile('/nonexistent/episode.jsonl.gz')).toThrow(/cannot read a gzip-compressed episode/);
  });
});
