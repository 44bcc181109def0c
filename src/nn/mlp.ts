/**
 * The multilayer perceptron: the network of every agent on vector observations.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, describeValue } from '../core/errors.js';
import { resolveOptions } from '../core/options.js';
import { normalizeInitializer, type InitializerSpec } from './init.js';
import { seedWeights } from './seeded.js';
import { checkActivation, checkPositiveInteger, type Activation } from './validate.js';

export interface MlpOptions {
  /** Length of the input vector. */
  inputSize: number;
  /** Width of each hidden layer, first to last; [] gives a linear model. */
  hiddenSizes: number[];
  /** Width of the output layer. */
  outputSize: number;
  /** Hidden activation. Default 'relu'. */
  activation?: Activation;
  /** Output activation. Default 'linear'. */
  outputActivation?: Activation;
  /** Hidden kernels' initialiser. Default 'glorotUniform' (Keras's default). */
  kernelInitializer?: InitializerSpec;
  /** Output kernel's initialiser; defaults to kernelInitializer (PPO uses {name: 'orthogonal', gain: 0.01}). */
  outputKernelInitializer?: InitializerSpec;
  /** Seed of the initial weights; the same seed gives the same weights on every backend. Default: random. */
  seed?: number;
  /** Model name (shows in model.json). Default 'mlp'. */
  name?: string;
}

const DEFAULTS = {
  inputSize: undefined as unknown,
  hiddenSizes: [] as number[],
  outputSize: undefined as unknown,
  activation: 'relu',
  outputActivation: 'linear',
  kernelInitializer: undefined as unknown,
  outputKernelInitializer: undefined as unknown,
  seed: undefined as unknown,
  name: 'mlp',
};

/**
 * Builds a dense network `inputSize -> hiddenSizes... -> outputSize` with seeded weights and zero biases.
 *
 * @example const qNet = mlp({ inputSize: 4, hiddenSizes: [64, 64], outputSize: 2, seed: 1 });
 */
export function mlp(options: MlpOptions): tf.Sequential {
  const o = resolveOptions('mlp', DEFAULTS, options);
  const inputSize = checkPositiveInteger('mlp', 'inputSize', o.inputSize);
  const outputSize = checkPositiveInteger('mlp', 'outputSize', o.outputSize);
  o.hiddenSizes.forEach((size, i) => checkPositiveInteger('mlp', `hiddenSizes[${i}]`, size));
  const activation = checkActivation('mlp', 'activation', o.activation);
  const outputActivation = checkActivation('mlp', 'outputActivation', o.outputActivation);
  const hiddenInit = normalizeInitializer('mlp', o.kernelInitializer ?? 'glorotUniform');
  const outputInit = normalizeInitializer('mlp', o.outputKernelInitializer ?? hiddenInit);
  if (o.seed !== undefined && (typeof o.seed !== 'number' || !Number.isFinite(o.seed))) {
    throw new ConfigError(`mlp: 'seed' must be a finite number, got ${describeValue(o.seed)}`);
  }

  const model = tf.sequential({ name: o.name });
  o.hiddenSizes.forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        activation,
        name: `hidden${i + 1}`,
        ...(i === 0 ? { inputShape: [inputSize] } : {}),
        // Real values come from seedWeights; zeros here saves drawing numbers twice.
        kernelInitializer: 'zeros',
      }),
    );
  });
  model.add(
    tf.layers.dense({
      units: outputSize,
      activation: outputActivation,
      name: 'output',
      ...(o.hiddenSizes.length === 0 ? { inputShape: [inputSize] } : {}),
      kernelInitializer: 'zeros',
    }),
  );
  const last = model.layers.length - 1;
  seedWeights(model, o.seed as number | undefined, (_layer, index) => (index === last ? outputInit : hiddenInit));
  return model;
}
