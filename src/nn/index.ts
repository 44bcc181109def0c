/**
 * Network builders and model files for the agents: every network is a tfjs LayersModel with
 * seeded initial weights, saved in the format browsers load.
 *
 * @example
 * import { mlp, saveModel } from '../src/nn/index.js';
 * await saveModel(mlp({ inputSize: 4, hiddenSizes: [64, 64], outputSize: 2, seed: 0 }), 'out/q');
 */
export { mlp } from './mlp.js';
export type { MlpOptions } from './mlp.js';
export { minatarCnn, natureCnn } from './cnn.js';
export type { CnnCommonOptions, MinatarCnnOptions, NatureCnnOptions } from './cnn.js';
export { pilotNet } from './pilotnet.js';
export type { PilotNetOptions } from './pilotnet.js';
export { buildConvStack } from './conv-stack.js';
export { directChain, directForward, hostForward } from './direct-forward.js';
export { multiInputForward, multiInputNet } from './multi-input.js';
export type { FeaturesExtractorOptions, MultiInputEntry, MultiInputForward, MultiInputOptions } from './multi-input.js';
export type { ForwardFn, HostForwardFn } from './direct-forward.js';
export type { ConvLayerSpec, ConvStackSpec } from './conv-stack.js';
export { INITIALIZER_NAMES, computeFans, initialWeights, normalizeInitializer, orthogonalMatrix } from './init.js';
export type { InitializerName, InitializerSpec } from './init.js';
export { seedWeights, countParameters } from './seeded.js';
export { ACTIVATIONS } from './validate.js';
export type { Activation } from './validate.js';
export { ModelFileError, loadModel, saveModel, modelFileNames, writeFileAtomic } from './io.js';
export type { ModelFileOptions } from './io.js';
export { adam, FusedAdamOptimizer } from './adam.js';
export { CenteredRmsProp } from './centered-rmsprop.js';
export { FUSED_ENV_VARIABLE, FusedMlp, MlpWorkspace, fusedTrainingActive, setFusedTraining } from './fused-mlp.js';
export { ConvWorkspace, FusedConvNet } from './fused-cnn.js';
export type { FusedNetwork } from './fused-network.js';
export { FusedTdStep, fusedTdGradients, fusedTdStep } from './fused-td.js';
export type { FusedTdStepOptions, TdBatch, TdGradients, TdLossOptions } from './fused-td.js';
export { FusedPpoStep, fusedPpoGradients, fusedPpoStep } from './fused-ppo.js';
export type { PpoGradients, PpoLossOptions, PpoLossStats, PpoMinibatch, PpoMinibatchTensors } from './fused-ppo.js';
export { applyFusedGradients, clipGlobalNormInPlace, fusedStepCount } from './fused-step.js';
