import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Env } from '../core/env.js';
import { describeValue, EnvError, RegistryError } from '../core/errors.js';
import { findRegistration, make, specFor } from '../registry.js';
import { SyncVectorEnv } from './sync-vector-env.js';
import type { AutoresetMode, VectorEnv } from './types.js';
import type { ShardKind, WorkerEnvSource } from './worker-protocol.js';

export interface BatchedVectorRequest {
  kwargs?: Record<string, unknown>;
  autoresetMode?: AutoresetMode;
  /** Overrides the registered time limit; 0 or less for none. */
  maxEpisodeSteps?: number;
  /** Threads for the implementation's own step loop, where it has one (CartPole's C++ loop). */
  threads?: number;
}

/** Whether `id`'s registration provides a batched implementation (`vectorEntryPoint`). */
export function hasBatchedVector(id: string): boolean {
  return findRegistration(id).vectorEntryPoint !== undefined;
}

/** @deprecated The old name of `hasBatchedVector` ("native" now names only the C++ backend). */
export const hasNativeVector = hasBatchedVector;

/**
 * The registration's batched implementation of `id` with numEnvs sub-envs, with the kwargs and
 * time limit `make(id, kwargs)` would use.
 *
 * @example const envs = makeBatchedVector('CartPole-v1', 1024);
 */
export function makeBatchedVector(id: string, numEnvs: number, request: BatchedVectorRequest = {}): VectorEnv {
  const registration = findRegistration(id);
  if (!registration.vectorEntryPoint) {
    throw new RegistryError(`'${registration.id}' has no batched implementation (no vectorEntryPoint in its registration); use mode 'sync' or 'async'`);
  }
  const spec = specFor(registration, request.kwargs, { maxEpisodeSteps: request.maxEpisodeSteps });
  return registration.vectorEntryPoint({ numEnvs, kwargs: spec.kwargs, autoresetMode: request.autoresetMode ?? 'next-step', maxEpisodeSteps: spec.maxEpisodeSteps, spec, threads: request.threads });
}

/** @deprecated The old name of `makeBatchedVector` ("native" now names only the C++ backend). */
export const makeNativeVector = makeBatchedVector;

/** The sub-envs of one shard of a registered id: a SyncVectorEnv of `make()` copies, or the batched implementation. */
export function buildRegisteredShard(source: { id: string; kwargs?: Record<string, unknown>; maxEpisodeSteps?: number }, count: number, kind: ShardKind, autoresetMode: AutoresetMode): VectorEnv {
  if (kind === 'batched') return makeBatchedVector(source.id, count, { kwargs: source.kwargs, autoresetMode, maxEpisodeSteps: source.maxEpisodeSteps });
  const makeOne = (): Env<unknown, unknown> => make(source.id, source.kwargs, { maxEpisodeSteps: source.maxEpisodeSteps });
  return new SyncVectorEnv(Array.from({ length: count }, makeOne), { autoresetMode });
}

/** Builds a shard in a worker, importing the modules the source names first. */
export async function buildShard(source: WorkerEnvSource, count: number, kind: ShardKind, autoresetMode: AutoresetMode): Promise<VectorEnv> {
  if ('id' in source) {
    for (const specifier of source.imports ?? []) await import(moduleUrl(specifier));
    return buildRegisteredShard(source, count, kind, autoresetMode);
  }
  const exportName = source.exportName ?? 'default';
  const module = (await import(moduleUrl(source.module))) as Record<string, unknown>;
  const entryPoint = module[exportName];
  if (typeof entryPoint !== 'function') {
    throw new EnvError(`${source.module} has no export '${exportName}' that builds an env (an Env class or a function of kwargs); its exports are: ${Object.keys(module).join(', ') || 'none'}, got ${describeValue(entryPoint)}`);
  }
  const makeOne = (): Env<unknown, unknown> => {
    const isClass = /^class[\s{]/.test(Function.prototype.toString.call(entryPoint));
    return isClass ? new (entryPoint as new (kwargs: unknown) => Env<unknown, unknown>)(source.kwargs ?? {}) : (entryPoint as (kwargs: unknown) => Env<unknown, unknown>)(source.kwargs ?? {});
  };
  if (kind === 'batched') throw new EnvError(`A module source (${source.module}) has no batched implementation; use shard kind 'sync'`);
  return new SyncVectorEnv(Array.from({ length: count }, makeOne), { autoresetMode });
}

/**
 * A module specifier a worker can import: URLs and bare package names as they are, file paths
 * made absolute against the current directory (workers do not share the caller's location).
 */
export function moduleUrl(specifier: string): string {
  if (specifier.startsWith('.') || isAbsolute(specifier)) return pathToFileURL(resolve(specifier)).href;
  return specifier;
}
