import { warnDeprecated } from '../core/deprecation.js';
import { describeValue, EnvError } from '../core/errors.js';
import { findRegistration, make } from '../registry.js';
import { hasBatchedVector, makeBatchedVector } from './shard.js';
import { SyncVectorEnv } from './sync-vector-env.js';
import type { AutoresetMode, VectorEnv } from './types.js';
import { WorkerVectorEnv } from './worker-vector-env.js';

/**
 * How `makeVec` steps the copies:
 * - 'sync': a SyncVectorEnv of `make(id)` copies, one after the other in this thread;
 * - 'async': a WorkerVectorEnv, the copies spread over worker threads (one per core by default);
 * - 'batched': the registration's batched implementation (`vectorEntryPoint`), in this thread,
 *   or sharded over `workers` threads when workers > 1 (this thread steps one shard); an
 *   implementation with its own C++ loop (CartPole) also takes `threads`, and runs that loop in
 *   TypeScript when the native addon is not built;
 * - 'auto' (default): 'batched' when the registration has one, else 'sync' (as Gymnasium's make_vec).
 *
 * 'native', the old name of 'batched', still works with a deprecation notice: "native" names
 * only the C++ backend (src/backend/native).
 */
export type VectorizationMode = 'sync' | 'async' | 'batched' | 'auto';

export interface MakeVecOptions {
  /** How the copies are stepped (see VectorizationMode); 'native' is the deprecated name of 'batched'. */
  mode?: VectorizationMode | 'native';
  autoresetMode?: AutoresetMode;
  /** The env's kwargs, over the registered ones, as in `make(id, kwargs)`. */
  kwargs?: Record<string, unknown>;
  /** Overrides the registered time limit; 0 or less for none. */
  maxEpisodeSteps?: number;
  /** Threads for 'async' (default: one per core) and 'batched' (default 1: no workers). */
  workers?: number;
  /**
   * 'batched' only: threads of the implementation's own C++ step loop where it has one (CartPole:
   * the fastest way to use every core), default 1. Results do not depend on it.
   */
  threads?: number;
  /**
   * Modules each worker imports before making the env, besides the one the registration names
   * in `module` (the file that registers your env, when it did not say so itself).
   */
  imports?: string[];
}

const MODES: readonly VectorizationMode[] = ['sync', 'async', 'batched', 'auto'];

/**
 * Makes n copies of a registered env stepped together, Gymnasium's `make_vec`.
 *
 * @example const envs = makeVec('CartPole-v1', 1024, { mode: 'batched' }); envs.reset({ seed: 0 });
 */
export function makeVec(id: string, numEnvs: number, options: MakeVecOptions = {}): VectorEnv {
  if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new EnvError(`makeVec('${id}'): numEnvs must be a positive integer, got ${describeValue(numEnvs)}`);
  const requested = batchedForNative(options.mode ?? 'auto');
  if (!MODES.includes(requested)) throw new EnvError(`makeVec('${id}'): mode must be one of ${MODES.join(', ')}, got ${describeValue(requested)}`);
  const mode = requested === 'auto' ? (hasBatchedVector(id) ? 'batched' : 'sync') : requested;
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
    case 'batched': {
      const workers = options.workers ?? 1;
      if (workers <= 1) return makeBatchedVector(id, numEnvs, { kwargs, autoresetMode, maxEpisodeSteps, threads: options.threads });
      // Fail here, in the caller's thread, rather than in every worker.
      if (!hasBatchedVector(id)) makeBatchedVector(id, 1);
      return new WorkerVectorEnv({ id, kwargs, maxEpisodeSteps, imports }, numEnvs, { workers, autoresetMode, shardKind: 'batched', callingThreadShard: true });
    }
  }
}

/** The old mode name 'native' reads as 'batched', saying so once. */
function batchedForNative(mode: VectorizationMode | 'native'): VectorizationMode {
  if (mode !== 'native') return mode;
  warnDeprecated('makeVec:mode-native', "makeVec(): mode 'native' is now called 'batched' (\"native\" names only the C++ backend); write mode: 'batched'");
  return 'batched';
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
