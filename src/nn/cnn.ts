/**
 * The two game CNNs: MinAtar's small network and the Nature DQN network for 84x84 Atari frames.
 */
import type * as tf from '@tensorflow/tfjs';
import { resolveOptions } from '../core/options.js';
import type { InitializerSpec } from './init.js';
import { buildConvStack } from './conv-stack.js';
import type { Activation } from './validate.js';

/** Options every CNN preset shares. */
export interface CnnCommonOptions {
  /** Hidden activation. Default 'relu'. */
  activation?: Activation;
  /** Output activation. Default 'linear'. */
  outputActivation?: Activation;
  /** Kernel initialiser of the hidden layers. Default 'glorotUniform'. */
  kernelInitializer?: InitializerSpec;
  /** Kernel initialiser of the output layer; defaults to kernelInitializer. */
  outputKernelInitializer?: InitializerSpec;
  /** Seed of the initial weights. Default: random. */
  seed?: number;
}

const COMMON_DEFAULTS = {
  activation: 'relu' as Activation,
  outputActivation: 'linear' as Activation,
  kernelInitializer: undefined as InitializerSpec | undefined,
  outputKernelInitializer: undefined as InitializerSpec | undefined,
  seed: undefined as number | undefined,
};

export interface MinatarCnnOptions extends CnnCommonOptions {
  /** Channels of the 10x10 grid (4 for Breakout, 10 for Seaquest...). */
  channels: number;
  /** Number of outputs (actions for a Q-network). */
  outputs: number;
  /** Grid size. Default 10 x 10. */
  height?: number;
  width?: number;
  /** Width of the dense layer. Default 128. */
  hiddenSize?: number;
}

/**
 * The MinAtar network (Young and Tian, 2019): conv 16 3x3 stride 1, ReLU, flatten, dense 128, outputs.
 * Input [batch, 10, 10, channels].
 *
 * @example const q = minatarCnn({ channels: 4, outputs: 3, seed: 0 });
 */
export function minatarCnn(options: MinatarCnnOptions): tf.Sequential {
  const defaults = { ...COMMON_DEFAULTS, channels: undefined as unknown as number, outputs: undefined as unknown as number, height: 10, width: 10, hiddenSize: 128 };
  const o = resolveOptions('minatarCnn', defaults, options);
  return buildConvStack({
    name: 'minatarCnn',
    inputShape: [o.height, o.width, o.channels],
    convs: [{ filters: 16, kernelSize: 3, strides: 1 }],
    denseSizes: [o.hiddenSize],
    outputs: o.outputs,
    activation: o.activation,
    outputActivation: o.outputActivation,
    kernelInitializer: o.kernelInitializer ?? 'glorotUniform',
    outputKernelInitializer: o.outputKernelInitializer ?? o.kernelInitializer ?? 'glorotUniform',
    seed: o.seed,
  });
}

export interface NatureCnnOptions extends CnnCommonOptions {
  /** Number of outputs. */
  outputs: number;
  /** [height, width, stacked frames]. Default [84, 84, 4]. */
  inputShape?: number[];
  /** Multiplies the input first; the default 1/255 takes raw uint8 pixels. */
  inputScale?: number;
  /** Width of the dense layer. Default 512. */
  hiddenSize?: number;
}

/**
 * The Nature DQN network (Mnih et al., 2015): conv 32 8x8/4, 64 4x4/2, 64 3x3/1, dense 512, outputs.
 *
 * @example const q = natureCnn({ outputs: 6, seed: 0 });
 */
export function natureCnn(options: NatureCnnOptions): tf.Sequential {
  const defaults = { ...COMMON_DEFAULTS, outputs: undefined as unknown as number, inputShape: [84, 84, 4], inputScale: 1 / 255, hiddenSize: 512 };
  const o = resolveOptions('natureCnn', defaults, options);
  return buildConvStack({
    name: 'natureCnn',
    inputShape: o.inputShape,
    inputScale: o.inputScale,
    convs: [
      { filters: 32, kernelSize: 8, strides: 4 },
      { filters: 64, kernelSize: 4, strides: 2 },
      { filters: 64, kernelSize: 3, strides: 1 },
    ],
    denseSizes: [o.hiddenSize],
    outputs: o.outputs,
    activation: o.activation,
    outputActivation: o.outputActivation,
    kernelInitializer: o.kernelInitializer ?? 'glorotUniform',
    outputKernelInitializer: o.outputKernelInitializer ?? o.kernelInitializer ?? 'glorotUniform',
    seed: o.seed,
  });
}
