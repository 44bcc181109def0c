import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PalestraError } from '../core/errors.js';
import { EPISODE_FORMAT, EPISODE_FORMAT_VERSION, type EpisodeLine } from '../core/episode-format.js';
import type { SceneFrame } from '../core/scene.js';
import { decodeWire, encodeWire } from '../core/wire.js';
import { writeFileAtomicSync } from './atomic-write.js';

/** The header line of a recorded episode. */
export type EpisodeHeader = Extract<EpisodeLine, { kind: 'header' }>;
/** The closing line of a recorded episode. */
export type EpisodeEnd = Extract<EpisodeLine, { kind: 'end' }>;

/** A recorded episode in memory: frames share one scene object per scene line. */
export interface EpisodeRecording {
  header: EpisodeHeader;
  frames: SceneFrame[];
  /** Missing when the recording was cut short (training stopped mid-episode). */
  end: EpisodeEnd | undefined;
}

/** A recorded episode file that cannot be read. */
export class EpisodeFormatError extends PalestraError {}

/** The file-name suffix of recorded episodes: gzip-compressed JSON lines. */
export const EPISODE_FILE_SUFFIX = '.jsonl.gz';

/**
 * The lines of a recording, sending each scene once (when its identity changes).
 *
 * @example const text = episodeLines(recording).map(encodeWire).join('\n');
 */
export function episodeLines(recording: EpisodeRecording): EpisodeLine[] {
  const lines: EpisodeLine[] = [recording.header];
  let lastScene: unknown;
  for (const frame of recording.frames) {
    if (frame.scene !== lastScene) {
      lines.push({ kind: 'scene', scene: frame.scene });
      lastScene = frame.scene;
    }
    lines.push({ kind: 'frame', updates: frame.updates, hud: frame.hud });
  }
  if (recording.end) lines.push(recording.end);
  return lines;
}

/** Gzip-compressed JSON lines of a recording (what `writeEpisodeFile` stores). */
export function serializeEpisode(recording: EpisodeRecording): Uint8Array {
  return gzipEpisodeText(episodeLines(recording).map(encodeWire).join('\n') + '\n');
}

/** Compresses already encoded lines (the recorder encodes each frame as it is captured). */
export function gzipEpisodeText(text: string): Uint8Array {
  return gzipSync(text, { level: 6 });
}

/**
 * Parses the text of a recording (decompressed JSON lines), checking each line's shape.
 *
 * @example const recording = parseEpisodeText(gunzipSync(bytes).toString('utf8'));
 */
export function parseEpisodeText(text: string, source = 'episode'): EpisodeRecording {
  const rawLines = text.split('\n').filter((line) => line.trim() !== '');
  if (rawLines.length === 0) throw new EpisodeFormatError(`${source}: empty recording, expected a header line first`);
  const lines = rawLines.map((raw, index) => parseLine(raw, index + 1, source));
  const header = lines[0]!;
  if (header.kind !== 'header' || header.format !== EPISODE_FORMAT) {
    throw new EpisodeFormatError(`${source}: line 1 must be a '${EPISODE_FORMAT}' header, got kind ${JSON.stringify(header.kind)}`);
  }
  if (header.version > EPISODE_FORMAT_VERSION) {
    throw new EpisodeFormatError(`${source}: format version ${header.version} is newer than this Palestra reads (${EPISODE_FORMAT_VERSION}); upgrade Palestra`);
  }
  const frames: SceneFrame[] = [];
  let scene: SceneFrame['scene'] | undefined;
  let end: EpisodeEnd | undefined;
  lines.slice(1).forEach((line, offset) => {
    const lineNumber = offset + 2;
    if (line.kind === 'scene') scene = line.scene;
    else if (line.kind === 'frame') {
      if (!scene) throw new EpisodeFormatError(`${source}: line ${lineNumber} is a frame before any scene line`);
      frames.push({ scene, updates: line.updates, hud: line.hud });
    } else if (line.kind === 'end') end = line;
    else throw new EpisodeFormatError(`${source}: line ${lineNumber}: a second header`);
  });
  return { header, frames, end };
}

function parseLine(raw: string, lineNumber: number, source: string): EpisodeLine {
  let line: unknown;
  try {
    line = decodeWire(raw);
  } catch (error) {
    throw new EpisodeFormatError(`${source}: line ${lineNumber} is not valid JSON (${(error as Error).message})`);
  }
  const kind = (line as { kind?: unknown } | null)?.kind;
  if (typeof line !== 'object' || line === null || !['header', 'scene', 'frame', 'end'].includes(kind as string)) {
    throw new EpisodeFormatError(`${source}: line ${lineNumber}: expected an object with kind 'header', 'scene', 'frame' or 'end', got ${raw.slice(0, 60)}`);
  }
  const record = line as Record<string, unknown>;
  if (kind === 'frame' && (!Array.isArray(record.updates) || typeof record.hud !== 'object')) {
    throw new EpisodeFormatError(`${source}: line ${lineNumber}: a frame needs 'updates' (array) and 'hud' (object)`);
  }
  if (kind === 'scene' && !Array.isArray((record.scene as { objects?: unknown } | undefined)?.objects)) {
    throw new EpisodeFormatError(`${source}: line ${lineNumber}: a scene needs 'scene.objects' (array)`);
  }
  return line as EpisodeLine;
}

/** Writes a recording atomically (temp file + rename). */
export function writeEpisodeFile(path: string, recording: EpisodeRecording): void {
  writeFileAtomicSync(path, serializeEpisode(recording));
}

/**
 * Reads a recording written by `writeEpisodeFile` or the recording callback.
 *
 * @example const { frames } = readEpisodeFile('runs/ppo-1/episodes/episode-000000.jsonl.gz');
 */
export function readEpisodeFile(path: string): EpisodeRecording {
  let text: string;
  try {
    text = gunzipSync(readFileSync(path)).toString('utf8');
  } catch (error) {
    throw new EpisodeFormatError(`${path}: cannot read a gzip-compressed episode (${(error as Error).message})`);
  }
  return parseEpisodeText(text, path);
}
