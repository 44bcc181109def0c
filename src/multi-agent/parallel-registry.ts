import { describeValue, RegistryError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { parseEnvId, registry, specFor } from '../registry.js';
import type { ParallelEnv } from './parallel-env.js';
import { ParallelOrderEnforcing, ParallelTimeLimit } from './parallel-wrappers.js';

/** Builds a ParallelEnv from kwargs: a function, or a class whose constructor takes the kwargs. */
export type ParallelEntryPoint =
  | ((kwargs: Record<string, unknown>) => ParallelEnv<any, any>)
  | (new (kwargs: Record<string, unknown>) => ParallelEnv<any, any>);

/** What `registerParallel()` takes: the fields of `register()`, for a many-agent world. */
export interface ParallelEnvRegistration {
  /** `[namespace/]Name-vN`, e.g. 'MultiRobot/CollisionAvoidance-v0'. */
  id: string;
  entryPoint: ParallelEntryPoint;
  /** makeParallel() ends the world after this many steps (every alive agent truncated). */
  maxEpisodeSteps?: number;
  rewardThreshold?: number;
  nondeterministic?: boolean;
  /** Default kwargs, overridden by makeParallel()'s. */
  kwargs?: Record<string, unknown>;
  /** makeParallel() refuses step() before reset() and checks every action (default true). */
  orderEnforce?: boolean;
  /** One line for `palestra list`. */
  description?: string;
}

const entries = new Map<string, ParallelEnvRegistration>();

/** Every registered ParallelEnv, by id. */
export const parallelRegistry: ReadonlyMap<string, Readonly<ParallelEnvRegistration>> = entries;

/**
 * Registers a ParallelEnv so that `makeParallel(id)` builds it; ids follow `register()`'s rules
 * and may not name a single-agent env too.
 *
 * @example registerParallel({ id: 'MyWorld-v0', entryPoint: MyWorld, maxEpisodeSteps: 500 });
 */
export function registerParallel(registration: ParallelEnvRegistration): void {
  parseEnvId(registration.id);
  if (typeof registration.entryPoint !== 'function') {
    throw new RegistryError(`registerParallel('${registration.id}'): entryPoint must be a ParallelEnv class or a function returning one, got ${describeValue(registration.entryPoint)}`);
  }
  if (registration.maxEpisodeSteps !== undefined && !(Number.isInteger(registration.maxEpisodeSteps) && registration.maxEpisodeSteps > 0)) {
    throw new RegistryError(`registerParallel('${registration.id}'): maxEpisodeSteps must be a positive integer, got ${describeValue(registration.maxEpisodeSteps)}`);
  }
  if (registry.has(registration.id)) throw new RegistryError(`registerParallel('${registration.id}'): a single-agent env is already registered under this id; pick another id`);
  entries.set(registration.id, { ...registration });
}

/** Removes a ParallelEnv registration (mostly for tests). */
export function unregisterParallel(id: string): boolean {
  return entries.delete(id);
}

/** True when `id` (with or without version) names a registered ParallelEnv. */
export function isParallelEnvId(id: string): boolean {
  try {
    findParallelRegistration(id);
    return true;
  } catch {
    return false;
  }
}

/** Finds a ParallelEnv registration, resolving an id without version to its latest version. */
export function findParallelRegistration(id: string): ParallelEnvRegistration {
  const exact = entries.get(id);
  if (exact) return exact;
  const wanted = parseEnvId(id);
  const sameName = [...entries.values()].filter((r) => {
    const parts = parseEnvId(r.id);
    return parts.name === wanted.name && parts.namespace === wanted.namespace;
  });
  if (wanted.version === undefined && sameName.length > 0) {
    return sameName.reduce((a, b) => ((parseEnvId(a.id).version ?? -1) >= (parseEnvId(b.id).version ?? -1) ? a : b));
  }
  if (sameName.length > 0) {
    throw new RegistryError(`Multi-agent env '${id}' is not registered: version v${wanted.version} does not exist. Registered versions: ${sameName.map((r) => r.id).join(', ')}`);
  }
  const single = registry.has(id) ? ` '${id}' is a single-agent env: use make('${id}').` : '';
  throw new RegistryError(`Multi-agent env '${id}' is not registered.${single}${didYouMean(id, entries.keys())}`);
}

function isClass(entryPoint: ParallelEntryPoint): entryPoint is new (kwargs: Record<string, unknown>) => ParallelEnv<any, any> {
  return /^class[\s{]/.test(Function.prototype.toString.call(entryPoint));
}

/**
 * Builds a registered ParallelEnv as `make()` builds an Env: the entry point with the registered
 * kwargs overridden by `kwargs`, then ParallelOrderEnforcing (order and action checks) and
 * ParallelTimeLimit; `env.spec` records how.
 *
 * @example const env = makeParallel('MultiRobot/CollisionAvoidance-v0', { robots: 20 }); env.reset({ seed: 0 });
 */
export function makeParallel<Obs = any, Act = any>(id: string, kwargs: Record<string, unknown> = {}, options: { maxEpisodeSteps?: number } = {}): ParallelEnv<Obs, Act> {
  const registration = findParallelRegistration(id);
  const spec = specFor(registration, kwargs, options);
  const entryPoint = registration.entryPoint;
  let env: ParallelEnv<any, any> = isClass(entryPoint) ? new entryPoint(spec.kwargs) : entryPoint(spec.kwargs);
  env.unwrapped.spec = spec;
  if (registration.orderEnforce !== false) env = new ParallelOrderEnforcing(env);
  if (spec.maxEpisodeSteps !== undefined) env = new ParallelTimeLimit(env, spec.maxEpisodeSteps);
  return env as ParallelEnv<Obs, Act>;
}
