/**
 * NVIDIA's PilotNet (Bojarski et al., 2016, "End to End Learning for Self-Driving Cars"):
 * a camera image in, a steering command out.
 */
import type * as tf from '@tensorflow/tfjs';
import { resolveOptions } from '../core/options.js';
import type { CnnCommonOptions } from './cnn.js';
import { buildConvStack } from './conv-stack.js';

export interface PilotNetOptions extends CnnCommonOptions {
  /** [height, width, channels]. Default [66, 200, 3] (the paper's YUV planes). */
  inputShape?: number[];
  /** Outputs (1: steering; 2: steering and throttle). Default 1. */
  outputs?: number;
  /**
   * The paper's fixed normalisation layer: `x * inputScale + inputOffset`. Default maps uint8
   * pixels [0, 255] to [-1, 1].
   */
  inputScale?: number;
  inputOffset?: number;
}

/**
 * PilotNet: normalisation, conv 24/36/48 5x5 stride 2, conv 64/64 3x3, dense 100/50/10, output
 * (about 252k parameters at 66x200x3).
 *
 * @example const net = pilotNet({ seed: 0 }); // input [batch, 66, 200, 3], output [batch, 1]
 */
export function pilotNet(options: PilotNetOptions = {}): tf.Sequential {
  const defaults = {
    activation: 'relu' as CnnCommonOptions['activation'],
    outputActivation: 'linear' as CnnCommonOptions['outputActivation'],
    kernelInitializer: undefined as CnnCommonOptions['kernelInitializer'],
    outputKernelInitializer: undefined as CnnCommonOptions['outputKernelInitializer'],
    seed: undefined as number | undefined,
    inputShape: [66, 200, 3],
    outputs: 1,
    inputScale: 1 / 127.5,
    inputOffset: -1,
  };
  const o = resolveOptions('pilotNet', defaults, options);
  return buildConvStack({
    name: 'pilotNet',
    inputShape: o.inputShape,
    inputScale: o.inputScale,
    inputOffset: o.inputOffset,
    convs: [
      { filters: 24, kernelSize: 5, strides: 2 },
      { filters: 36, kernelSize: 5, strides: 2 },
      { filters: 48, kernelSize: 5, strides: 2 },
      { filters: 64, kernelSize: 3, strides: 1 },
      { filters: 64, kernelSize: 3, strides: 1 },
    ],
    denseSizes: [100, 50, 10],
    outputs: o.outputs,
    activation: o.activation ?? 'relu',
    outputActivation: o.outputActivation ?? 'linear',
    kernelInitializer: o.kernelInitializer ?? 'glorotUniform',
    outputKernelInitializer: o.outputKernelInitializer ?? o.kernelInitializer ?? 'glorotUniform',
    seed: o.seed,
  });
}
