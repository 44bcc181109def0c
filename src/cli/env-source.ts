import { existsSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, describeValue } from '../core/errors.js';
import { findRegistration, register, type EnvRegistration } from '../registry.js';
import { isParallelEnvId, registerParallel, type ParallelEnvRegistration } from '../multi-agent/parallel-registry.js';

/** Whether a train/check argument names a module file rather than a registered id. */
export function looksLikePath(argument: string): boolean {
  return argument.startsWith('.') || argument.startsWith('/') || /\.(m?[jt]s|cjs)$/.test(argument);
}

/**
 * Imports a user's env module and registers what its default export provides: an Env class
 * (registered as `<ClassName>-v0`) or a registration object ({id, entryPoint, ...}).
 * TypeScript files load through tsx. Returns the registered id.
 *
 * @example const id = await loadEnvModule('./my-env.ts'); const env = make(id);
 */
export async function loadEnvModule(path: string): Promise<string> {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new ConfigError(`env module ${path} not found (resolved to ${absolute})`);
  if (['.ts', '.mts', '.cts', '.tsx'].includes(extname(absolute))) await registerTypeScript();
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(absolute).href)) as { default?: unknown };
  } catch (error) {
    throw new ConfigError(`env module ${path} failed to load: ${(error as Error).message}`);
  }
  const exported = module.default;
  if (typeof exported === 'function') {
    const name = exported.name && /^[A-Za-z0-9_]+$/.test(exported.name) ? exported.name : basename(absolute, extname(absolute)).replace(/[^A-Za-z0-9_]/g, '_');
    const id = `${name}-v0`;
    if (isParallelEntryPoint(exported)) registerParallel({ id, entryPoint: exported as ParallelEnvRegistration['entryPoint'], description: `from ${path}` });
    else register({ id, entryPoint: exported as EnvRegistration['entryPoint'], description: `from ${path}` });
    return id;
  }
  if (isRegistration(exported)) {
    if (isParallelEntryPoint(exported.entryPoint)) registerParallel(exported as unknown as ParallelEnvRegistration);
    else register(exported);
    return exported.id;
  }
  throw new ConfigError(
    `env module ${path}: the default export must be an Env or ParallelEnv class (export default class MyEnv extends BaseEnv ...) ` +
      `or a registration ({ id: 'MyEnv-v0', entryPoint: MyEnv, maxEpisodeSteps: 200 }), got ${describeValue(exported)}`,
  );
}

/** Resolves a train/check env argument: a registered id (checked now) or a module path. */
export async function resolveEnvArgument(argument: string): Promise<{ envId: string; envModule?: string }> {
  if (looksLikePath(argument)) return { envId: await loadEnvModule(argument), envModule: resolve(argument) };
  if (isParallelEnvId(argument)) return { envId: argument };
  findRegistration(argument);
  return { envId: argument };
}

function isRegistration(value: unknown): value is EnvRegistration {
  return typeof value === 'object' && value !== null && typeof (value as EnvRegistration).id === 'string' && typeof (value as EnvRegistration).entryPoint === 'function';
}

let typeScriptRegistered = false;

/** Lets `import()` load .ts files (tsx's ESM loader), once per process. */
async function registerTypeScript(): Promise<void> {
  if (typeScriptRegistered || process.env['PALESTRA_TSX_LOADED'] === '1') return;
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  typeScriptRegistered = true;
}

/**
 * Whether an entry point builds a ParallelEnv (many agents) rather than an Env: a class with
 * `observationSpace` and `actionSpace` as methods (an Env has them as properties), or a factory
 * whose product has `possibleAgents`.
 */
function isParallelEntryPoint(entryPoint: unknown): boolean {
  if (typeof entryPoint !== 'function') return false;
  if (/^class[\s{]/.test(Function.prototype.toString.call(entryPoint))) {
    for (let proto = entryPoint.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, 'observationSpace');
      if (descriptor) return typeof descriptor.value === 'function';
    }
    return false;
  }
  try {
    const product = (entryPoint as (kwargs: Record<string, unknown>) => unknown)({});
    return typeof product === 'object' && product !== null && Array.isArray((product as { possibleAgents?: unknown }).possibleAgents);
  } catch {
    return false;
  }
}
