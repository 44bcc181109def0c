import { describeValue, EnvError } from '../core/errors.js';
import { findRegistration, make } from '../registry.js';
import { hasNativeVector, makeNativeVector } from './shard.js';
import { SyncVectorEnv } from './sync-vector-env.js';
import type { AutoresetMode, VectorEnv } from './types.js';
import { WorkerVectorEnv } from './worker-vector-env.js';

/**
 * How `makeVec` steps the copies:
 * - 'sync': a SyncVectorEnv of `make(id)` copies, one after the other in this thread;
 * - 'async': a WorkerVectorEnv, the copies spread over worker threads (one per core by default);
 * - 'native': the registration's batched implementation (`vectorEntryPoint`), in this thread,
 *   or sharded over `workers` threads when workers > 1 (this thread steps one shard); an
 *   implementation with its own native loop (CartPole) also takes `threads`;
 * - 'auto' (default): 'native' when the registration has one, else 'sync' (as Gymnasium's make_vec).
 */
export type VectorizationMode = 'sync' | 'async' | 'native' | 'auto';

export interface MakeVecOptions {
  mode?: VectorizationMode;
  autoresetMode?: AutoresetMode;
  /** The env's kwargs, over the registered ones, as in `make(id, kwargs)`. */
  kwargs?: Record<string, unknown>;
  /** Overrides the registered time limit; 0 or less for none. */
  maxEpisodeSteps?: number;
  /** Threads for 'async' (default: one per core) and 'native' (default 1: no workers). */
  workers?: number;
  /**
   * 'native' only: threads of the implementation's own C++ step loop where it has one (CartPole:
   * the fastest way to use every core), default 1. Results do not depend on it.
   */
  threads?: number;
  /**
   * Modules each worker imports before making the env, besides the one the registration names
   * in `module` (the file that registers your env, when it did not say so itself).
   */
  imports?: string[];
}

const MODES: readonly VectorizationMode[] = ['sync', 'async', 'native', 'auto'];

/**
 * Makes n copies of a registered env stepped together, Gymnasium's `make_vec`.
 *
 * @example const envs = makeVec('CartPole-v1', 1024, { mode: 'native' }); envs.reset({ seed: 0 });
 */
export function makeVec(id: string, numEnvs: number, options: MakeVecOptions = {}): VectorEnv {
  if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new EnvError(`makeVec('${id}'): numEnvs must be a positive integer, got ${describeValue(numEnvs)}`);
  const requested = options.mode ?? 'auto';
  if (!MODES.includes(requested)) throw new EnvError(`makeVec('${id}'): mode must be one of ${MODES.join(', ')}, got ${describeValue(requested)}`);
  const mode = requested === 'auto' ? (hasNativeVector(id) ? 'native' : 'sync') : requested;
  const { kwargs, autoresetMode, maxEpisodeSteps } = options;
  const imports = workerImports(id, options.imports);
  switch (mode) {
    case 'sync':
      return new SyncVectorEnv(
        Array.from({ length: numEnvs }, () => make(id, kwargs, { maxEpisodeSteps })),
        { autoresetMode },
      );
    case 'async':
      return new WorkerVectorEnv({ id, kwargs, maxEpisodeSteps, imports }, numEnvs, { workers: options.workers, autoresetMode });
    case 'native': {
      const workers = options.workers ?? 1;
      if (workers <= 1) return makeNativeVector(id, numEnvs, { kwargs, autoresetMode, maxEpisodeSteps, threads: options.threads });
      // Fail here, in the caller's thread, rather than in every worker.
      if (!hasNativeVector(id)) makeNativeVector(id, 1);
      return new WorkerVectorEnv({ id, kwargs, maxEpisodeSteps, imports }, numEnvs, { workers, autoresetMode, shardKind: 'native', callingThreadShard: true });
    }
  }
}

/** What a worker must import to find `id`: the registering module, then the caller's extras. */
function workerImports(id: string, extra: readonly string[] = []): string[] | undefined {
  const registering = registeringModule(id);
  const all = [...new Set([...(registering ? [registering] : []), ...extra])];
  return all.length > 0 ? all : undefined;
}

function registeringModule(id: string): string | undefined {
  try {
    return findRegistration(id).module;
  } catch {
    // An id that only the workers' `imports` register is unknown in this thread: they find it.
    return undefined;
  }
}
