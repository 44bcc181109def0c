/**
 * The shape every image network here shares: (optional rescaling) -> convolutions -> flatten ->
 * dense layers -> output. The named builders (minatarCnn, natureCnn, pilotNet) are presets of it.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, describeValue } from '../core/errors.js';
import { normalizeInitializer, type InitializerSpec } from './init.js';
import { seedWeights } from './seeded.js';
import { checkActivation, checkPositiveInteger, checkShape, type Activation } from './validate.js';

export interface ConvLayerSpec {
  filters: number;
  kernelSize: number;
  strides: number;
}

export interface ConvStackSpec {
  name: string;
  /** [height, width, channels] (NHWC, as tfjs and our envs store images). */
  inputShape: number[];
  /** `x * scale + offset` before the first convolution, inside the model (so browsers get it too). */
  inputScale?: number;
  inputOffset?: number;
  convs: ConvLayerSpec[];
  denseSizes: number[];
  outputs: number;
  activation: Activation;
  outputActivation: Activation;
  kernelInitializer: InitializerSpec;
  outputKernelInitializer: InitializerSpec;
  seed: number | undefined;
}

/** Builds the network described by `spec` (all convolutions 'valid', as in the papers). */
export function buildConvStack(spec: ConvStackSpec): tf.Sequential {
  const owner = spec.name;
  const inputShape = checkShape(owner, 'inputShape', spec.inputShape, 3);
  checkPositiveInteger(owner, 'outputs', spec.outputs);
  checkActivation(owner, 'activation', spec.activation);
  checkActivation(owner, 'outputActivation', spec.outputActivation);
  const hiddenInit = normalizeInitializer(owner, spec.kernelInitializer);
  const outputInit = normalizeInitializer(owner, spec.outputKernelInitializer);
  if (spec.seed !== undefined && (typeof spec.seed !== 'number' || !Number.isFinite(spec.seed))) {
    throw new ConfigError(`${owner}: 'seed' must be a finite number, got ${describeValue(spec.seed)}`);
  }
  checkConvsFit(owner, inputShape, spec.convs);

  const model = tf.sequential({ name: owner });
  const scale = spec.inputScale ?? 1;
  const offset = spec.inputOffset ?? 0;
  if (scale !== 1 || offset !== 0) {
    model.add(tf.layers.rescaling({ scale, offset, inputShape, name: 'rescale' }));
  }
  spec.convs.forEach((conv, i) => {
    model.add(
      tf.layers.conv2d({
        ...conv,
        activation: spec.activation,
        padding: 'valid',
        name: `conv${i + 1}`,
        ...(model.layers.length === 0 ? { inputShape } : {}),
        // Real values come from seedWeights.
        kernelInitializer: 'zeros',
      }),
    );
  });
  model.add(tf.layers.flatten({ name: 'flatten' }));
  spec.denseSizes.forEach((units, i) => {
    model.add(tf.layers.dense({ units, activation: spec.activation, name: `dense${i + 1}`, kernelInitializer: 'zeros' }));
  });
  model.add(
    tf.layers.dense({ units: spec.outputs, activation: spec.outputActivation, name: 'output', kernelInitializer: 'zeros' }),
  );
  const last = model.layers.length - 1;
  seedWeights(model, spec.seed, (_layer, index) => (index === last ? outputInit : hiddenInit));
  return model;
}

/** Refuses inputs too small for the convolutions, naming the layer where the image runs out. */
function checkConvsFit(owner: string, inputShape: number[], convs: ConvLayerSpec[]): void {
  let [height, width] = inputShape as [number, number];
  convs.forEach((conv, i) => {
    height = Math.floor((height - conv.kernelSize) / conv.strides) + 1;
    width = Math.floor((width - conv.kernelSize) / conv.strides) + 1;
    if (height < 1 || width < 1) {
      throw new ConfigError(
        `${owner}: input shape [${inputShape.join(', ')}] is too small: convolution ${i + 1} ` +
          `(${conv.kernelSize}x${conv.kernelSize}, stride ${conv.strides}) leaves no pixels`,
      );
    }
  });
}
