import type { Env, EnvSpec } from './core/env.js';
import { describeValue, RegistryError } from './core/errors.js';
import { didYouMean } from './core/suggest.js';
import type { VectorEntryPoint } from './vector/types.js';
import { OrderEnforcing } from './wrappers/order-enforcing.js';
import { TimeLimit } from './wrappers/time-limit.js';

/** Builds an env from kwargs: a function, or an Env class whose constructor takes the kwargs. */
export type EnvEntryPoint =
  | ((kwargs: Record<string, unknown>) => Env<any, any>)
  | (new (kwargs: Record<string, unknown>) => Env<any, any>);

/** What `register()` takes: Gymnasium's EnvSpec fields, camel-cased. */
export interface EnvRegistration {
  /** `[namespace/]Name-vN`, e.g. 'CartPole-v1' or 'MinAtar/Breakout-v1'. */
  id: string;
  entryPoint: EnvEntryPoint;
  /** make() wraps the env in TimeLimit(maxEpisodeSteps) when set. */
  maxEpisodeSteps?: number;
  /** The return at which the task counts as solved (training stops there by default). */
  rewardThreshold?: number;
  /** True when the same seed may not give the same trajectory. */
  nondeterministic?: boolean;
  /** Default kwargs, overridden by make()'s. */
  kwargs?: Record<string, unknown>;
  /** make() refuses step() before reset() (default true). */
  orderEnforce?: boolean;
  /** One line for `palestra list`. */
  description?: string;
  /**
   * Builds n copies stepped together in one batched object (e.g. CartPole's struct-of-arrays
   * physics); `makeVec(id, n, { mode: 'batched' })` uses it, and `mode: 'auto'` prefers it.
   */
  vectorEntryPoint?: VectorEntryPoint;
  /**
   * The URL of the module that makes this registration (pass `import.meta.url`). Worker threads
   * (`makeVec(id, n, { mode: 'async' })`) import it to find the id, so the vector code never has
   * to know which env families exist, as Gymnasium resolves entry points from strings.
   */
  module?: string;
}

export interface MakeOptions {
  /** Overrides the registered time limit; 0 or a negative number disables it. */
  maxEpisodeSteps?: number;
}

/**
 * The spec of an env made from `registration` with the caller's kwargs and options: the one
 * place where registered and given kwargs merge and the time limit is decided, for `make`,
 * `makeParallel` and the batched envs of `makeVec` alike.
 *
 * @example specFor(findRegistration('CartPole-v1'), {}, { maxEpisodeSteps: 200 }) // { id: 'CartPole-v1', maxEpisodeSteps: 200, ... }
 */
export function specFor(
  registration: { id: string; kwargs?: Record<string, unknown>; maxEpisodeSteps?: number; rewardThreshold?: number; nondeterministic?: boolean },
  kwargs: Record<string, unknown> = {},
  options: MakeOptions = {},
): EnvSpec {
  const limit = options.maxEpisodeSteps ?? registration.maxEpisodeSteps;
  return {
    id: registration.id,
    maxEpisodeSteps: limit !== undefined && limit > 0 ? limit : undefined,
    rewardThreshold: registration.rewardThreshold,
    nondeterministic: registration.nondeterministic ?? false,
    kwargs: { ...registration.kwargs, ...kwargs },
  };
}

const ID_PATTERN = /^(?:(?<namespace>[A-Za-z0-9_.:-]+)\/)?(?<name>[A-Za-z0-9_.:-]+?)(?:-v(?<version>\d+))?$/;

/** The parts of an env id: `parseEnvId('MinAtar/Breakout-v1')` is `{namespace: 'MinAtar', name: 'Breakout', version: 1}`. */
export function parseEnvId(id: string): { namespace?: string; name: string; version?: number } {
  const match = typeof id === 'string' ? ID_PATTERN.exec(id) : null;
  if (!match?.groups) {
    throw new RegistryError(`Malformed env id ${describeValue(id)}: expected '[namespace/]Name[-vN]', e.g. 'CartPole-v1' or 'MinAtar/Breakout-v1'`);
  }
  const { namespace, name, version } = match.groups;
  return { namespace, name: name!, version: version === undefined ? undefined : Number(version) };
}

const entries = new Map<string, EnvRegistration>();

/** Every registered env, by id (read-only view for listings such as `palestra list`). */
export const registry: ReadonlyMap<string, Readonly<EnvRegistration>> = entries;

/**
 * Registers an env so that `make(id)` builds it.
 *
 * @example register({ id: 'MyGame-v0', entryPoint: MyGameEnv, maxEpisodeSteps: 200 });
 */
export function register(registration: EnvRegistration): void {
  parseEnvId(registration.id);
  if (typeof registration.entryPoint !== 'function') {
    throw new RegistryError(`register('${registration.id}'): entryPoint must be an Env class or a function returning an Env, got ${describeValue(registration.entryPoint)}`);
  }
  if (registration.maxEpisodeSteps !== undefined && !(Number.isInteger(registration.maxEpisodeSteps) && registration.maxEpisodeSteps > 0)) {
    throw new RegistryError(`register('${registration.id}'): maxEpisodeSteps must be a positive integer, got ${describeValue(registration.maxEpisodeSteps)}`);
  }
  entries.set(registration.id, { ...registration });
}

/** Removes a registration (mostly for tests and for re-registering a custom env). */
export function unregister(id: string): boolean {
  return entries.delete(id);
}

/** Finds a registration, resolving an id without version to its latest version. */
export function findRegistration(id: string): EnvRegistration {
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
    throw new RegistryError(`Env '${id}' is not registered: version v${wanted.version} does not exist. Registered versions: ${sameName.map((r) => r.id).join(', ')}`);
  }
  throw new RegistryError(`Env '${id}' is not registered.${didYouMean(id, entries.keys())} See 'palestra list' for every env id.`);
}

function isClass(entryPoint: EnvEntryPoint): entryPoint is new (kwargs: Record<string, unknown>) => Env<any, any> {
  return /^class[\s{]/.test(Function.prototype.toString.call(entryPoint));
}

/**
 * Builds a registered env, as `gymnasium.make` does: the entry point with the registered
 * kwargs overridden by `kwargs`, then OrderEnforcing and TimeLimit; `env.spec` records how.
 *
 * @example const env = make('CartPole-v1'); env.reset({ seed: 42 });
 */
export function make<Obs = any, Act = any>(id: string, kwargs: Record<string, unknown> = {}, options: MakeOptions = {}): Env<Obs, Act> {
  const registration = findRegistration(id);
  const spec = specFor(registration, kwargs, options);
  const entryPoint = registration.entryPoint;
  let env: Env<any, any> = isClass(entryPoint) ? new entryPoint(spec.kwargs) : entryPoint(spec.kwargs);
  env.unwrapped.spec = spec;
  if (registration.orderEnforce !== false) env = new OrderEnforcing(env);
  if (spec.maxEpisodeSteps !== undefined) env = new TimeLimit(env, spec.maxEpisodeSteps);
  return env as Env<Obs, Act>;
}
