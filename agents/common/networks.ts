import type * as tf from '@tensorflow/tfjs';
import { minatarCnn, mlp, natureCnn, type Activation, type InitializerSpec } from '../../src/nn/index.js';
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
}

/** Images up to this side use the MinAtar CNN; larger ones the Nature CNN. */
const SMALL_IMAGE_SIDE = 24;

/**
 * The network for an observation layout: an MLP on vectors, MinAtar's CNN on small grids,
 * the Nature CNN on larger frames. Inputs arrive already scaled (see `observationTensor`).
 *
 * @example const q = buildNetwork({ observation, outputs: 2, hiddenSizes: [64, 64], activation: 'relu', kernelInitializer: 'glorotUniform', outputKernelInitializer: 'glorotUniform', seed: 0, name: 'q' });
 */
export function buildNetwork(request: NetworkRequest): tf.LayersModel {
  const { observation, outputs, seed } = request;
  const common = { kernelInitializer: request.kernelInitializer, outputKernelInitializer: request.outputKernelInitializer, seed };
  if (!observation.image) {
    return mlp({ inputSize: observation.size, hiddenSizes: request.hiddenSizes, outputSize: outputs, activation: request.activation, name: request.name, ...common });
  }
  const [height, width, channels] = observation.shape as [number, number, number];
  if (Math.max(height, width) <= SMALL_IMAGE_SIDE) return minatarCnn({ channels, outputs, height, width, ...common });
  return natureCnn({ outputs, inputShape: [height, width, channels], inputScale: 1, ...common });
}
