export { BaseParallelEnv, checkParallelActions, type ParallelEnv, type ParallelResetResult, type ParallelStepResult, type PerAgent } from './parallel-env.js';
export { ParallelWrapper, ParallelOrderEnforcing, ParallelTimeLimit } from './parallel-wrappers.js';
export { registerParallel, unregisterParallel, makeParallel, parallelRegistry, findParallelRegistration, isParallelEnvId, type ParallelEnvRegistration, type ParallelEntryPoint } from './parallel-registry.js';
export { ParallelVectorEnv } from './parallel-vector-env.js';
export { checkParallelEnv, type CheckParallelEnvOptions } from './check-parallel.js';
