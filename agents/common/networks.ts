import * as tf from '@tensorflow/tfjs';
import { directForward, minatarCnn, mlp, multiInputForward, multiInputNet, natureCnn, type Activation, type FeaturesExtractorOptions, type ForwardFn, type InitializerSpec } from '../../src/nn/index.js';
import type { ObservationLayout } from './space-layout.js';

export interface NetworkRequest {
  observation: ObservationLayout;
  outputs: number;
  /** Hidden layer widths of the MLP (vector observations; CNNs use their fixed presets). */
  hiddenSizes: number[];
  activation: Activation;
  kernelInitializer: InitializerSpec;
  outputKernelInitializer: InitializerSpec;
  seed: number;
  name: string;
  /** Dict observations: how each entry's extractor is built (SB3's features_extractor_kwargs). */
  featuresExtractor?: FeaturesExtractorOptions;
}

/** Images up to this side use the MinAtar CNN; larger ones the Nature CNN. */
const SMALL_IMAGE_SIDE = 24;

/**
 * The network for an observation layout: the multi-input network on Dict observations, an MLP on vectors, MinAtar's CNN on small grids,
 * the Nature CNN on larger frames. Inputs arrive already scaled (see `observationTensor`).
 *
 * @example const q = buildNetwork({ observation, outputs: 2, hiddenSizes: [64, 64], activation: 'relu', kernelInitializer: 'glorotUniform', outputKernelInitializer: 'glorotUniform', seed: 0, name: 'q' });
 */
export function buildNetwork(request: NetworkRequest): tf.LayersModel {
  const { observation, outputs, seed } = request;
  const common = { kernelInitializer: request.kernelInitializer, outputKernelInitializer: request.outputKernelInitializer, seed };
  if (observation.entries) {
    // SB3's MultiInputPolicy: an extractor per entry, concatenated, then hiddenSizes (net_arch).
    const inputs = observation.entries.map((entry) => ({ key: entry.key, shape: entry.shape }));
    return multiInputNet({ inputs, outputs, hiddenSizes: request.hiddenSizes, featuresExtractor: request.featuresExtractor, activation: request.activation, name: request.name, ...common });
  }
  if (!observation.image) {
    return mlp({ inputSize: observation.size, hiddenSizes: request.hiddenSizes, outputSize: outputs, activation: request.activation, name: request.name, ...common });
  }
  const [height, width, channels] = observation.shape as [number, number, number];
  if (Math.max(height, width) <= SMALL_IMAGE_SIDE) return minatarCnn({ channels, outputs, height, width, ...common });
  return natureCnn({ outputs, inputShape: [height, width, channels], inputScale: 1, ...common });
}

/**
 * The forward pass of a `buildNetwork` model on observation tensors as `observationTensor`
 * makes them: a Dict layout's entry-major 1-D batch is cut into the network's inputs.
 *
 * @example const forward = networkForward(model, observation); const q = forward(observationTensor(obs, n, observation));
 */
export function networkForward(model: tf.LayersModel, observation: ObservationLayout): ForwardFn {
  const entries = observation.entries;
  if (!entries) return directForward(model);
  const forward = multiInputForward(model);
  return (flat) =>
    tf.tidy(() => {
      const count = flat.size / observation.size;
      let at = 0;
      const inputs = entries.map((entry) => {
        const part = tf.reshape(tf.slice(flat, [at], [count * entry.size]), [count, ...entry.shape]);
        at += count * entry.size;
        return part;
      });
      return forward(inputs);
    });
}
