/**
 * The scene protocol: how an env describes what the viewer draws, as plain data.
 *
 * Conventions: right-handed, Z up, metres, quaternions as [x, y, z, w], colours as CSS hex
 * strings ('#rrggbb'). No three.js types here: the viewer maps these onto its own objects.
 *
 * An env's `render()` returns a `SceneFrame`. Its `scene` is the static description of the
 * episode (the same object for every frame of an episode, a new one when the layout changes);
 * senders transmit it only when its identity changes, then only `updates` and `hud` per step.
 *
 * The wire messages that carry frames between server and viewer, and the lines of a recorded
 * episode, are in the "Wire protocol" section at the end of this file and build on these types.
 */

/** Bump when a change to these types would make an older viewer misread a frame. */
export const SCENE_PROTOCOL_VERSION = 1;

export type Vec3 = [number, number, number];
export type Quat = [number, number, number, number];
/** '#rrggbb' */
export type Color = string;

/** A shape, in its object's local frame, centred on its origin unless said otherwise. */
export type Shape =
  | { type: 'box'; size: Vec3 }
  | { type: 'sphere'; radius: number }
  /** Axis along local z. */
  | { type: 'cylinder'; radius: number; height: number }
  /** Axis along local z; `length` is the straight part between the two half-spheres. */
  | { type: 'capsule'; radius: number; length: number }
  /** In the local xy plane, facing +z. */
  | { type: 'plane'; size: [number, number] }
  /** A polyline through `points` (local coordinates); updates may replace the points (trails). */
  | { type: 'line'; points: Vec3[]; closed?: boolean }
  /**
   * A grid of `rows` x `cols` square cells of side `cellSize`, in the local xz plane
   * (columns along +x, row 0 at the top, rows going down -z), facing -y so that the default
   * camera (looking along +y) sees it upright. `cells[r * cols + c]` indexes `palette`;
   * index 0 is empty (not drawn).
   */
  | { type: 'grid'; rows: number; cols: number; cellSize: number; palette: Color[]; cells: Uint8Array | number[] }
  /**
   * An image of `width` x `height` pixels (RGB or RGBA, row 0 at the top) shown on a quad of
   * `size` metres in the local xz plane facing -y, or in a HUD panel when `overlay` is true.
   */
  | { type: 'image'; width: number; height: number; channels: 3 | 4; size: [number, number]; pixels?: Uint8Array; overlay?: boolean }
  /** A text label that always faces the camera; `size` is the text height in metres. */
  | { type: 'text'; text: string; size: number }
  /**
   * A triangle mesh: `positions` are xyz triples, `indices` triples of vertex numbers,
   * `colors` optional per-vertex rgb in [0, 1] (for roads and terrain).
   */
  | { type: 'mesh'; positions: Float32Array | number[]; indices: Uint32Array | number[]; colors?: Float32Array | number[] };

/** One object of a scene: a shape with an id, a pose relative to its parent, and a look. */
export interface SceneObject {
  id: string;
  /** The id of the object this one moves with; undefined for the world. */
  parent?: string;
  shape: Shape;
  color?: Color;
  /** 0..1; 1 when omitted. */
  opacity?: number;
  position?: Vec3;
  quaternion?: Quat;
  scale?: Vec3;
  visible?: boolean;
  /** Draw as wireframe (frustums, ghost targets). */
  wireframe?: boolean;
}

/** The static part of an episode's picture. */
export interface SceneSpec {
  objects: SceneObject[];
  /** Where the camera starts and looks at; `follow` names an object the camera tracks. */
  camera?: { position: Vec3; target: Vec3; follow?: string };
  background?: Color;
  /** Draw a ground grid at z = 0 (default true). */
  ground?: boolean;
}

/** What changed for one object in this frame; omitted fields keep their values. */
export interface ObjectUpdate {
  id: string;
  position?: Vec3;
  quaternion?: Quat;
  scale?: Vec3;
  color?: Color;
  visible?: boolean;
  /** New points of a `line` shape. */
  points?: Vec3[];
  /** New cells of a `grid` shape. */
  cells?: Uint8Array | number[];
  /** New pixels of an `image` shape. */
  pixels?: Uint8Array;
  /** New text of a `text` shape. */
  text?: string;
}

/** What `render()` returns: the episode's scene, this step's updates, and a HUD of named values. */
export interface SceneFrame {
  scene: SceneSpec;
  updates: ObjectUpdate[];
  /** Named scalars shown as a heads-up display (reward, action, speed...). */
  hud: Record<string, number | string>;
}

/** Converts an angle about an axis into a quaternion [x, y, z, w]: `axisAngle([0, 1, 0], theta)`. */
export function axisAngle(axis: Vec3, angle: number): Quat {
  const half = angle / 2;
  const s = Math.sin(half);
  const norm = Math.hypot(axis[0], axis[1], axis[2]) || 1;
  return [(axis[0] / norm) * s, (axis[1] / norm) * s, (axis[2] / norm) * s, Math.cos(half)];
}

// ---------------------------------------------------------------------------------------------
// Wire protocol: what travels between the server (src/server) and the viewer (viewer/), and the
// lines of a recorded episode file. Control messages are JSON text (`encodeWire`); frame
// messages ('live-frame', 'play-frame') are binary, their typed arrays (grid cells, image
// pixels, mesh buffers) as raw bytes (src/core/frame-codec.ts). Recorded episode lines are JSON
// with typed arrays as `{ "$typed": "u8", "base64": "..." }` (`encodeWire` / `decodeWire`).
//
// Flow: the client sends `hello`, the server answers `hello` (or `error` and closes on a version
// mismatch). A viewer then sends `subscribe-live` to receive the training run's live frames and
// metrics, or, on a `palestra play` server, `play-start` and `play-action` to drive an env.
// A malformed message is answered with `error` and its connection is closed.
// ---------------------------------------------------------------------------------------------

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

/** The `format` tag of a recorded episode's header line. */
export const EPISODE_FORMAT = 'palestra-episode';
export const EPISODE_FORMAT_VERSION = 1;

/**
 * One line of a recorded episode (`<run>/episodes/*.jsonl.gz`, gzip-compressed JSON lines):
 * a header, then a `scene` line whenever the scene changes, one `frame` line per env step,
 * and an `end` line with the episode's totals.
 */
export type EpisodeLine =
  | {
      kind: 'header';
      format: typeof EPISODE_FORMAT;
      version: number;
      envId?: string;
      /** Which episode of env 0 this was (0-based). */
      episode: number;
      /** The training step at which the episode started. */
      step: number;
      renderFps: number;
      createdAt: string;
    }
  | { kind: 'scene'; scene: SceneSpec }
  | { kind: 'frame'; updates: ObjectUpdate[]; hud: Record<string, number | string> }
  | {
      kind: 'end';
      episodeReturn: number;
      /** Env steps in the episode. */
      length: number;
      /** How it ended, when the recorder knew. */
      terminated?: boolean;
      truncated?: boolean;
    };

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

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < BASE64_ALPHABET.length; i++) BASE64_VALUES[BASE64_ALPHABET.charCodeAt(i)] = i;

/** Standard base64 with padding; written here because neither Buffer nor atob exists on both sides. */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  // Chunks keep String.fromCharCode's argument list short on large images.
  for (let start = 0; start < bytes.length; start += 3 * 4096) {
    const end = Math.min(bytes.length, start + 3 * 4096);
    const codes: number[] = [];
    for (let i = start; i < end; i += 3) {
      const a = bytes[i]!;
      const b = i + 1 < end ? bytes[i + 1]! : 0;
      const c = i + 2 < end ? bytes[i + 2]! : 0;
      codes.push(
        BASE64_ALPHABET.charCodeAt(a >> 2),
        BASE64_ALPHABET.charCodeAt(((a & 3) << 4) | (b >> 4)),
        i + 1 < end ? BASE64_ALPHABET.charCodeAt(((b & 15) << 2) | (c >> 6)) : 61,
        i + 2 < end ? BASE64_ALPHABET.charCodeAt(c & 63) : 61,
      );
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** The inverse of `bytesToBase64`; throws SyntaxError on characters outside the alphabet. */
export function base64ToBytes(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new SyntaxError(`base64 text length must be a multiple of 4, got ${text.length}`);
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let out = 0;
  for (let i = 0; i < text.length; i += 4) {
    let quad = 0;
    for (let j = 0; j < 4; j++) {
      const code = text.charCodeAt(i + j);
      const value = code === 61 ? 0 : code < 128 ? BASE64_VALUES[code]! : -1;
      if (value < 0) throw new SyntaxError(`invalid base64 character ${JSON.stringify(text[i + j])} at ${i + j}`);
      quad = (quad << 6) | value;
    }
    if (out < bytes.length) bytes[out++] = (quad >> 16) & 255;
    if (out < bytes.length) bytes[out++] = (quad >> 8) & 255;
    if (out < bytes.length) bytes[out++] = quad & 255;
  }
  return bytes;
}
