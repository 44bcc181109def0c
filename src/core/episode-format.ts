import type { ObjectUpdate, SceneSpec } from './scene.js';

/**
 * The recorded-episode file format: what `src/record` writes under `<run>/episodes/` and the
 * viewer replays. Lines are JSON, typed arrays packed as base64 by `encodeWire` (src/core/wire.ts).
 */

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
