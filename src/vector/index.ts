export type { AutoresetMode, BatchArray, BatchedVectorOptions, NativeVectorOptions, VectorEntryPoint, VectorEnv, VectorResetOptions, VectorResetResult, VectorStepResult } from './types.js';
export { NO_INFO } from './types.js';
export { SyncVectorEnv, type SyncVectorEnvOptions } from './sync-vector-env.js';
export { WorkerVectorEnv, type WorkerVectorEnvOptions } from './worker-vector-env.js';
export type { WorkerEnvSource, ShardKind } from './worker-protocol.js';
export { makeVec, type MakeVecOptions, type VectorizationMode } from './make-vec.js';
export { makeBatchedVector, hasBatchedVector, makeNativeVector, hasNativeVector } from './shard.js';
export { flatLayout, type FlatLayout } from './flat-layout.js';
export { AUTORESET_MODES } from './autoreset.js';
