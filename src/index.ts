/**
 * Palestra's public API.
 *
 * @example
 * import { make } from 'palestra';
 * const env = make('CartPole-v1');
 * const { observation } = env.reset({ seed: 0 });
 */
import '../envs/index.js';

export type { Env, EnvMetadata, EnvSpec, Info, ResetOptions, ResetResult, StepResult } from './core/env.js';
export { BaseEnv } from './core/env.js';
export { Wrapper } from './core/wrapper.js';
export { Rng } from './core/rng.js';
export { PalestraError, EnvError, RegistryError, ConfigError, describeValue } from './core/errors.js';
export { resolveOptions } from './core/options.js';
export * from './core/protocol.js';
export * as spaces from './core/spaces/index.js';
export { Box, Discrete, Space } from './core/spaces/index.js';
export type { SpaceJSON, BoxDtype } from './core/spaces/index.js';
export { register, unregister, make, registry, parseEnvId, findRegistration } from './registry.js';
export type { EnvRegistration, EnvEntryPoint, MakeOptions } from './registry.js';
export { TimeLimit } from './wrappers/time-limit.js';
export { OrderEnforcing } from './wrappers/order-enforcing.js';
export { CartPoleEnv } from '../envs/cartpole/index.js';
