export { BaseParallelEnv, checkParallelActions, type ParallelEnv, type ParallelResetResult, type ParallelStepResult, type PerAgent } from './parallel-env.js';
export { ParallelWrapper, ParallelOrderEnforcing, ParallelTimeLimit } from './parallel-wrappers.js';
export { registerParallel, unregisterParallel, makeParallel, parallelRegistry, findParallelRegistration, isParallelEnvId, type ParallelEnvRegistration, type ParallelEntryPoint } from './parallel-registry.js';
export { ParallelVectorEnv, type ParallelVectorEnvOptions } from './parallel-vector-env.js';
export { checkParallelEnv, type CheckParallelEnvOptions } from './check-parallel.js';
export { AliveSlots, checkFlatActions, clearFlatBuffers, createFlatBuffers, supportsFlatStepping, type FlatBuffers, type FlatStepping } from './flat-stepping.js';
