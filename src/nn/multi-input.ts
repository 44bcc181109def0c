/**
 * The network for Dict observations, as Stable-Baselines3's MultiInputPolicy builds it: one
 * feature extractor per entry (a CNN for an image [height, width, channels], an MLP for a
 * vector [n]), their features concatenated, then dense layers and the output.
 *
 * It is a tfjs functional model with one input per entry (in the order given), so the saved
 * model.json loads in a browser like every other network here. `multiInputForward` runs it as
 * plain ops (see direct-forward.ts) with the same values and gradients as `model.apply`.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, describeValue } from '../core/errors.js';
import { resolveOptions } from '../core/options.js';
import type { ConvLayerSpec } from './conv-stack.js';
import { directChain } from './direct-forward.js';
import { normalizeInitializer, type InitializerSpec } from './init.js';
import { seedWeights } from './seeded.js';
import { checkActivation, checkPositiveInteger, type Activation } from './validate.js';

/** One input of the network: rank 3 (image, HWC) gets a CNN, rank 1 (vector) an MLP. */
export interface MultiInputEntry {
  /** The Dict key; layer names derive from it. */
  key: string;
  shape: number[];
}

/** How the per-entry extractors are built; every key optional (SB3's features_extractor_kwargs). */
export interface FeaturesExtractorOptions {
  /** Convolutions of each image CNN. Default: Nature DQN's (32 8x8/4, 64 4x4/2, 64 3x3/1); images up to 24 pixels a side get MinAtar's 16 3x3/1. */
  cnnConvs?: ConvLayerSpec[];
  /** Width of the dense layer that ends each image CNN (SB3's cnn_output_dim). Default 256. */
  cnnOutputDim?: number;
  /** Hidden widths of each vector entry's MLP; [] passes the vector through as SB3 does. Default [64]. */
  vectorHiddenSizes?: number[];
}

export interface MultiInputOptions {
  inputs: MultiInputEntry[];
  outputs: number;
  /** Dense layers after the concatenation (SB3's net_arch). */
  hiddenSizes: number[];
  featuresExtractor?: FeaturesExtractorOptions;
  /** Hidden activation (the extractors' and the head's). Default 'relu'. */
  activation?: Activation;
  outputActivation?: Activation;
  kernelInitializer?: InitializerSpec;
  outputKernelInitializer?: InitializerSpec;
  seed?: number;
  name?: string;
}

const EXTRACTOR_DEFAULTS = { cnnConvs: undefined as ConvLayerSpec[] | undefined, cnnOutputDim: 256, vectorHiddenSizes: [64] };
const NATURE_CONVS: ConvLayerSpec[] = [
  { filters: 32, kernelSize: 8, strides: 4 },
  { filters: 64, kernelSize: 4, strides: 2 },
  { filters: 64, kernelSize: 3, strides: 1 },
];
const SMALL_IMAGE_CONVS: ConvLayerSpec[] = [{ filters: 16, kernelSize: 3, strides: 1 }];
const SMALL_IMAGE_SIDE = 24;

/**
 * Builds the multi-input network. Inputs arrive scaled (uint8 pixels already divided by 255).
 *
 * @example
 * const net = multiInputNet({ inputs: [{ key: 'depth', shape: [64, 64, 1] }, { key: 'state', shape: [9] }], outputs: 4, hiddenSizes: [64], seed: 0 });
 * const y = net.apply([depthBatch, stateBatch]);
 */
export function multiInputNet(options: MultiInputOptions): tf.LayersModel {
  const owner = 'multiInputNet';
  const o = resolveOptions(owner, { inputs: [] as MultiInputEntry[], outputs: 0, hiddenSizes: [] as number[], featuresExtractor: {}, activation: 'relu', outputActivation: 'linear', kernelInitializer: undefined as unknown, outputKernelInitializer: undefined as unknown, seed: undefined as unknown, name: 'multiInput' }, options);
  const extractor = resolveOptions(`${owner} featuresExtractor`, EXTRACTOR_DEFAULTS, o.featuresExtractor);
  checkPositiveInteger(owner, 'outputs', o.outputs);
  if (o.inputs.length === 0) throw new ConfigError(`${owner}: 'inputs' must list at least one entry, got ${describeValue(o.inputs)}`);
  o.hiddenSizes.forEach((size, i) => checkPositiveInteger(owner, `hiddenSizes[${i}]`, size));
  extractor.vectorHiddenSizes.forEach((size, i) => checkPositiveInteger(owner, `featuresExtractor.vectorHiddenSizes[${i}]`, size));
  checkPositiveInteger(owner, 'featuresExtractor.cnnOutputDim', extractor.cnnOutputDim);
  const activation = checkActivation(owner, 'activation', o.activation);
  const outputActivation = checkActivation(owner, 'outputActivation', o.outputActivation);
  const hiddenInit = normalizeInitializer(owner, (o.kernelInitializer ?? 'glorotUniform') as InitializerSpec);
  const outputInit = normalizeInitializer(owner, (o.outputKernelInitializer ?? hiddenInit) as InitializerSpec);
  const dense = (units: number, name: string, act: Activation = activation) => tf.layers.dense({ units, activation: act, name, kernelInitializer: 'zeros' });

  const inputs: tf.SymbolicTensor[] = [];
  const features: tf.SymbolicTensor[] = [];
  o.inputs.forEach((entry, i) => {
    const prefix = `b${i}_${entry.key.replace(/[^A-Za-z0-9_]/g, '_')}`;
    const input = tf.input({ shape: entry.shape, name: `${prefix}_input`, dtype: 'float32' });
    inputs.push(input);
    let x: tf.SymbolicTensor = input;
    if (entry.shape.length === 3) {
      const convs = extractor.cnnConvs ?? (Math.max(entry.shape[0]!, entry.shape[1]!) <= SMALL_IMAGE_SIDE ? SMALL_IMAGE_CONVS : NATURE_CONVS);
      checkConvsFit(owner, entry, convs);
      convs.forEach((conv, k) => {
        x = tf.layers.conv2d({ ...conv, activation, padding: 'valid', name: `${prefix}_conv${k + 1}`, kernelInitializer: 'zeros' }).apply(x) as tf.SymbolicTensor;
      });
      x = tf.layers.flatten({ name: `${prefix}_flatten` }).apply(x) as tf.SymbolicTensor;
      x = dense(extractor.cnnOutputDim, `${prefix}_dense`).apply(x) as tf.SymbolicTensor;
    } else if (entry.shape.length === 1) {
      extractor.vectorHiddenSizes.forEach((units, k) => {
        x = dense(units, `${prefix}_hidden${k + 1}`).apply(x) as tf.SymbolicTensor;
      });
    } else {
      throw new ConfigError(`${owner}: input '${entry.key}' must be an image [height, width, channels] or a vector [n], got shape ${describeValue(entry.shape)}`);
    }
    features.push(x);
  });
  let x = features.length === 1 ? features[0]! : (tf.layers.concatenate({ axis: -1, name: 'features' }).apply(features) as tf.SymbolicTensor);
  o.hiddenSizes.forEach((units, k) => {
    x = dense(units, `head${k + 1}`).apply(x) as tf.SymbolicTensor;
  });
  const output = dense(o.outputs, 'output', outputActivation).apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs, outputs: output, name: o.name });
  seedWeights(model, o.seed as number | undefined, (layer) => (layer.name === 'output' ? outputInit : hiddenInit));
  return model;
}

/** Maps the model's inputs (one tensor per entry, in order) to its output. */
export type MultiInputForward = (inputs: tf.Tensor[]) => tf.Tensor;

/**
 * A forward function for a `multiInputNet` model: each branch, the concatenation and the head
 * as plain ops (values and gradients as `model.apply`); `model.apply` when a layer has no plain path.
 *
 * @example const forward = multiInputForward(net); const y = forward([depth, state]);
 */
export function multiInputForward(model: tf.LayersModel): MultiInputForward {
  const fallback: MultiInputForward = (inputs) => model.apply(inputs) as tf.Tensor;
  const branchCount = model.inputs.length;
  const branches = Array.from({ length: branchCount }, (_, i) =>
    directChain(model.layers.filter((layer) => layer.name.startsWith(`b${i}_`) && layer.getClassName() !== 'InputLayer')),
  );
  const head = directChain(model.layers.filter((layer) => layer.name.startsWith('head') || layer.name === 'output'));
  if (head === undefined || branches.some((b) => b === undefined)) return fallback;
  return (inputs) =>
    tf.tidy(() => {
      const features = inputs.map((input, i) => branches[i]!(input));
      return head(features.length === 1 ? features[0]! : tf.concat(features, -1));
    });
}

/** Refuses images too small for the convolutions, naming the entry and the layer. */
function checkConvsFit(owner: string, entry: MultiInputEntry, convs: ConvLayerSpec[]): void {
  let [height, width] = entry.shape as [number, number];
  convs.forEach((conv, i) => {
    height = Math.floor((height - conv.kernelSize) / conv.strides) + 1;
    width = Math.floor((width - conv.kernelSize) / conv.strides) + 1;
    if (height < 1 || width < 1) {
      throw new ConfigError(`${owner}: image '${entry.key}' of shape [${entry.shape.join(', ')}] is too small: convolution ${i + 1} (${conv.kernelSize}x${conv.kernelSize}, stride ${conv.strides}) leaves no pixels`);
    }
  });
}
