/**
 * What the calling thread and the workers of a WorkerVectorEnv share: the control words each
 * side waits on, the messages that carry what does not fit a typed array, and how the batch
 * is split into shards. Both `worker-vector-env.ts` and `vector-worker.ts` import this file.
 */
import type { MessagePort } from 'node:worker_threads';
import type { EnvMetadata, EnvSpec, Info } from '../core/env.js';
import type { SceneFrame } from '../core/scene.js';
import type { SpaceJSON } from '../core/spaces/space.js';
import type { AutoresetMode } from './types.js';

/** How a worker builds its sub-envs: a registered id, or an export of a module of your own. */
export type WorkerEnvSource =
  | {
      id: string;
      kwargs?: Record<string, unknown>;
      /** Overrides the registered time limit, as in `make(id, kwargs, { maxEpisodeSteps })`. */
      maxEpisodeSteps?: number;
      /** Modules each worker imports first, e.g. the file that registers your env (paths or URLs). */
      imports?: string[];
    }
  | {
      /** A module path or URL whose export builds one env: an Env class or a function of kwargs. */
      module: string;
      /** Which export (default: 'default'). */
      exportName?: string;
      kwargs?: Record<string, unknown>;
    };

/**
 * Each worker steps a SyncVectorEnv of single envs ('sync') or the registration's batched
 * implementation ('batched', see `vectorEntryPoint`).
 */
export type ShardKind = 'sync' | 'batched';

/**
 * Commands the calling thread writes to a worker's COMMAND word. `attach` comes once, after
 * every worker reported its spaces: it brings the shared buffers, sized from those spaces.
 */
export const Command = { attach: 1, step: 2, reset: 3, render: 4, close: 5 } as const;

/** What a worker reports in its STATUS word when it has answered a request. */
export const Status = { ok: 1, okWithMessage: 2, error: 3 } as const;

/**
 * Each worker owns CONTROL_WORDS int32s of the control buffer, at worker * CONTROL_WORDS:
 * REQUEST counts requests (the worker waits on it), COMMAND says what is asked, STATUS is 0
 * until the worker answers (the calling thread waits on it and clears it), DONE echoes the
 * request last answered (for debugging a stuck worker).
 */
export const Control = { request: 0, done: 1, command: 2, status: 3 } as const;
export const CONTROL_WORDS = 4;

/** The buffers a worker writes its shard's results into (the `attach` request's message). */
export interface SharedBuffers {
  observations: SharedArrayBuffer;
  /** float64, numEnvs * actionSize. */
  actions: SharedArrayBuffer;
  rewards: SharedArrayBuffer;
  terminations: SharedArrayBuffer;
  truncations: SharedArrayBuffer;
}

/** `workerData` of each worker. */
export interface WorkerInit {
  workerIndex: number;
  /** The first sub-env of this worker's shard, and how many it steps. */
  start: number;
  count: number;
  numEnvs: number;
  source: WorkerEnvSource;
  shardKind: ShardKind;
  autoresetMode: AutoresetMode;
  /** CONTROL_WORDS int32s per worker. */
  control: SharedArrayBuffer;
  /** Where the worker posts its messages; the calling thread reads them synchronously. */
  port: MessagePort;
}

/** What a worker posts once its envs are built: the spaces, so the calling thread need not build an env. */
export interface ReadyMessage {
  kind: 'ready';
  observationSpace: SpaceJSON;
  actionSpace: SpaceJSON;
  metadata: EnvMetadata;
  spec: EnvSpec | undefined;
}

/** The infos that are not empty, by sub-env index in the whole batch. */
export interface InfosMessage {
  kind: 'infos';
  entries: [number, Info][];
}

export interface FrameMessage {
  kind: 'frame';
  frame: SceneFrame | undefined;
}

export interface ErrorMessage {
  kind: 'error';
  message: string;
  stack: string | undefined;
}

export type WorkerMessage = ReadyMessage | InfosMessage | FrameMessage | ErrorMessage;

/** What the calling thread posts before a reset command: this shard's part of the arguments. */
export interface ResetRequest {
  seeds: (number | undefined)[] | undefined;
  mask: (number | boolean)[] | undefined;
  options: Record<string, unknown> | undefined;
}

/**
 * Splits numEnvs sub-envs into `shards` contiguous ranges whose sizes differ by at most one.
 *
 * @example shardRanges(10, 3) // [{ start: 0, count: 4 }, { start: 4, count: 3 }, { start: 7, count: 3 }]
 */
export function shardRanges(numEnvs: number, shards: number): { start: number; count: number }[] {
  const base = Math.floor(numEnvs / shards);
  const extra = numEnvs % shards;
  const ranges: { start: number; count: number }[] = [];
  let start = 0;
  for (let s = 0; s < shards; s++) {
    const count = base + (s < extra ? 1 : 0);
    ranges.push({ start, count });
    start += count;
  }
  return ranges;
}

/** Whether an info has anything to say (infos cross threads only then). */
export function hasEntries(info: Info): boolean {
  for (const _ in info) return true;
  return false;
}
