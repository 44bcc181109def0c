import { base64ToBytes, bytesToBase64 } from './base64.js';
import type { ObjectUpdate, SceneSpec } from './scene.js';

/**
 * The wire protocol: what travels between the server (src/server) and the viewer (viewer/), and the
 * lines of a recorded episode file. Control messages are JSON text (`encodeWire`); frame
 * messages ('live-frame', 'play-frame') are binary, their typed arrays (grid cells, image
 * pixels, mesh buffers) as raw bytes (src/core/frame-codec.ts). Recorded episode lines are JSON
 * with typed arrays as `{ "$typed": "u8", "base64": "..." }` (`encodeWire` / `decodeWire`).
 *
 * Flow: the client sends `hello`, the server answers `hello` (or `error` and closes on a version
 * mismatch). A viewer then sends `subscribe-live` to receive the training run's live frames and
 * metrics, or, on a `palestra play` server, `play-start` and `play-action` to drive an env.
 * A malformed message is answered with `error` and its connection is closed.
 */

/** Bump when a message changes shape so that an older viewer would misread it. */
export const WIRE_PROTOCOL_VERSION = 1;

/** The largest message a client may send, in bytes (client messages are small control messages). */
export const MAX_CLIENT_MESSAGE_BYTES = 4096;

/** A frame on the wire: `scene` is sent only with the first frame that uses `sceneId`. */
export interface WireFrame {
  /** Names the episode's scene; the receiver keeps the scene it last got for this id. */
  sceneId: number;
  scene?: SceneSpec;
  updates: ObjectUpdate[];
  hud: Record<string, number | string>;
}

/** One key a person can press in play mode, and the action it sends. */
export interface PlayKey {
  /** A `KeyboardEvent.key` value: 'ArrowLeft', ' ', 'a', '1'... */
  key: string;
  action: number;
  label: string;
}

export type WireErrorCode = 'bad-message' | 'too-large' | 'rate-limited' | 'bad-version' | 'not-available' | 'env-error';

/** Messages the server sends. */
export type ServerMessage =
  | { type: 'hello'; version: number; mode: 'view' | 'play'; live: boolean; playEnvId?: string }
  /**
   * A live training frame of env 0. `updates` hold the latest state of every object that has
   * moved this episode (not just this step's changes), so a client that had frames dropped
   * still draws the right picture. `dropped` counts frames this client did not get.
   */
  | { type: 'live-frame'; episode: number; step: number; frame: WireFrame; dropped: number }
  /** An episode of env 0 ended (streamed or not). */
  | { type: 'live-episode'; episode: number; status: 'end'; envId?: string; episodeReturn: number; length: number }
  /** Scalars the trainer logged; `runId` names the run (as in `RunInfo.id`) when it is in the runs directory. */
  | { type: 'live-metrics'; step: number; values: Record<string, number>; runId?: string }
  /**
   * The live run finished training at `step` (sent again to every page that subscribes later):
   * its last metrics and episodes are in the runs directory, which the server keeps serving.
   */
  | { type: 'live-status'; status: 'finished'; step: number; runId?: string }
  /** `defaultAction` is applied when no key is held; null: the env waits for a key. */
  | { type: 'play-ready'; envId: string; keys: PlayKey[]; defaultAction: number | null; fps: number; actionCount: number }
  | { type: 'play-frame'; step: number; frame: WireFrame; reward: number; episodeReturn: number; terminated: boolean; truncated: boolean }
  | { type: 'pong'; id: number }
  | { type: 'error'; code: WireErrorCode; message: string };

/** Messages a client sends; the server validates each one (see `src/server/validate.ts`). */
export type ClientMessage =
  | { type: 'hello'; version: number }
  | { type: 'subscribe-live' }
  | { type: 'unsubscribe-live' }
  | { type: 'play-start'; seed?: number }
  /** The action held down now; null goes back to the env's default (no-op) action. */
  | { type: 'play-action'; action: number | null }
  | { type: 'play-reset'; seed?: number }
  | { type: 'ping'; id: number };

/** One run of the runs directory, as `GET /api/runs` lists it. */
export interface RunInfo {
  /** The run's directory relative to the runs directory, '/'-separated (its name when the runs directory is itself a run). */
  id: string;
  envId?: string;
  agent?: string;
  hasConfig: boolean;
  hasMetrics: boolean;
  episodeCount: number;
  /** Last change, ms since the epoch. */
  modified: number;
}

/** One recorded episode, as `GET /api/runs/<id>/episodes` lists it. */
export interface RecordedEpisodeInfo {
  /** File name inside the run's `episodes/` directory. */
  file: string;
  episode: number;
  /** Training step at which the episode started. */
  step: number;
  episodeReturn?: number;
  length?: number;
  frames?: number;
}

/**
 * The server's HTTP routes (GET only; run ids URL-encoded as one path segment):
 * `/api/info` (mode, live), `/api/runs` ({ runs: RunInfo[] }), `/api/runs/<id>/config` (config.json),
 * `/api/runs/<id>/metrics` (metrics.jsonl), `/api/runs/<id>/episodes` ({ episodes: RecordedEpisodeInfo[] }),
 * `/api/runs/<id>/episodes/<file>` (episode lines, gzip Content-Encoding), and the viewer app at `/`.
 */
export const API_PREFIX = '/api';

type TypedTag = 'u8' | 'u32' | 'f32';
type TypedArrayOnWire = Uint8Array | Uint32Array | Float32Array;

/**
 * Serialises a message or episode line to JSON, packing typed arrays as base64.
 *
 * @example const text = encodeWire({ kind: 'frame', updates: [{ id: 'grid', cells: new Uint8Array([0, 2]) }], hud: {} });
 */
export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    const tag = typedTag(item);
    if (tag === undefined) return item;
    const view = item as TypedArrayOnWire;
    return { $typed: tag, base64: bytesToBase64(new Uint8Array(view.buffer, view.byteOffset, view.byteLength)) };
  });
}

/**
 * Parses what `encodeWire` wrote, restoring typed arrays. Throws SyntaxError on bad JSON.
 *
 * @example const line = decodeWire(text) as EpisodeLine;
 */
export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object') return item;
    const packed = item as { $typed?: unknown; base64?: unknown };
    if (typeof packed.$typed !== 'string' || typeof packed.base64 !== 'string') return item;
    const bytes = base64ToBytes(packed.base64);
    switch (packed.$typed) {
      case 'u8':
        return bytes;
      case 'u32':
        return new Uint32Array(bytes.buffer, 0, bytes.byteLength >> 2);
      case 'f32':
        return new Float32Array(bytes.buffer, 0, bytes.byteLength >> 2);
      default:
        return item;
    }
  });
}

function typedTag(item: unknown): TypedTag | undefined {
  if (item instanceof Uint8Array || item instanceof Uint8ClampedArray) return 'u8';
  if (item instanceof Uint32Array) return 'u32';
  if (item instanceof Float32Array) return 'f32';
  return undefined;
}
