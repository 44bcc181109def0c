/**
 * A convolutional network's forward and backward passes in a handful of native calls (the
 * conv kernels of native/src/conv.cc and the dense network of native/src/mlp.cc) instead of a
 * tfjs graph of over a hundred kernels: what the MinAtar and Nature DQN networks of cnn.ts train
 * through on the native backend. Like FusedMlp it reads the model's own tf.Variables every call
 * and returns gradients as Float32Arrays in `model.trainableWeights` order.
 *
 * Only for the shape conv-stack.ts builds without input rescaling: a Sequential of Conv2D layers
 * (channels-last, 'valid' padding, bias, any stride and dilation), Flatten, then Dense layers.
 * `FusedConvNet.of` says undefined for anything else.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeAddonStatus, type NativeAddon } from '../backend/native/addon.js';
import { ACTIVATION_CODES } from './fused-mlp.js';
import type { FusedNetwork } from './fused-network.js';

/** native/src/epilogue.h's codes for the MLP activation codes that the conv epilogue knows (tanh it does not). */
const EPILOGUE_CODES: Readonly<Record<number, number>> = { 0: 0, 1: 1, 3: 4, 4: 3 };

/** Activations and gradients of one forward and backward pass; grows with the batch. */
export class ConvWorkspace {
  batch = 0;
  input: Float32Array = new Float32Array(0);
  /** Each convolution's activations, [batch, outH, outW, outC]. */
  convOutputs: Float32Array[] = [];
  /** Each dense layer's activations. */
  denseOutputs: Float32Array[] = [];
  /** Gradient with respect to each convolution's output (the last one's is the flattened input of the head). */
  convGradients: Float32Array[] = [];
  /** Gradients in variable order, reused by every backward pass. */
  gradients: Float32Array[] = [];
}

interface ConvLayerLike {
  filters: number;
  kernelSize: number[];
  strides: number[];
  padding: string;
  dataFormat: string;
  dilationRate: number | number[];
  useBias: boolean;
  activation: { getClassName(): string };
  weights: { read(): tf.Tensor }[];
}

interface DenseLayerLike {
  units: number;
  useBias: boolean;
  activation: { getClassName(): string };
  weights: { read(): tf.Tensor }[];
}

/** One convolution: its geometry for batch 1 (native/src/conv.h's field order) and activation code. */
interface ConvSpec {
  geometry: number[];
  activation: number;
  /** Output size per row (outH * outW * outC). */
  outputSize: number;
}

export class FusedConvNet implements FusedNetwork<ConvWorkspace> {
  /** The model's trainable variables in its order: kernel, bias of each layer. */
  readonly variables: tf.Variable[];
  readonly inputSize: number;
  readonly outputSize: number;
  private readonly workspace = new ConvWorkspace();

  private constructor(
    private readonly addon: NativeAddon,
    private readonly convs: ConvSpec[],
    /** The dense head's widths, flattened conv output first. */
    private readonly denseSizes: number[],
    private readonly denseActivations: number[],
    variables: tf.Variable[],
  ) {
    this.variables = variables;
    const [, inH, inW, inC] = convs[0]!.geometry;
    this.inputSize = inH! * inW! * inC!;
    this.outputSize = denseSizes[denseSizes.length - 1]!;
  }

  /**
   * The fused view of `model`, or undefined when it is not convolutions, flatten and dense
   * layers as described above (or the addon predates the kernels it needs).
   *
   * @example const fused = FusedConvNet.of(minatarCnn({ channels: 4, outputs: 3 }));
   */
  static of(model: tf.LayersModel): FusedConvNet | undefined {
    const status = nativeAddonStatus();
    if (!status.available || typeof status.addon.activationBackward !== 'function') return undefined;
    if (!(model instanceof tf.Sequential)) return undefined;
    const layers = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
    const flatten = layers.findIndex((layer) => layer.getClassName() === 'Flatten');
    if (flatten < 1 || flatten === layers.length - 1) return undefined;
    const convLayers = layers.slice(0, flatten);
    const denseLayers = layers.slice(flatten + 1);
    if (convLayers.some((layer) => layer.getClassName() !== 'Conv2D') || denseLayers.some((layer) => layer.getClassName() !== 'Dense')) return undefined;
    const inputShape = model.inputs[0]?.shape;
    if (!inputShape || inputShape.length !== 4 || inputShape.slice(1).some((d) => typeof d !== 'number')) return undefined;
    let [h, w, c] = inputShape.slice(1) as number[];
    const convs: ConvSpec[] = [];
    const variables: tf.Variable[] = [];
    for (const layer of convLayers as unknown as ConvLayerLike[]) {
      const activation = ACTIVATION_CODES[layer.activation.getClassName()];
      if (activation === undefined || EPILOGUE_CODES[activation] === undefined) return undefined;
      if (layer.padding !== 'valid' || layer.dataFormat !== 'channelsLast' || !layer.useBias || layer.weights.length !== 2) return undefined;
      const [fh, fw] = layer.kernelSize as [number, number];
      const [sh, sw] = layer.strides as [number, number];
      const dilation = typeof layer.dilationRate === 'number' ? [layer.dilationRate, layer.dilationRate] : layer.dilationRate;
      const [dh, dw] = dilation as [number, number];
      const outH = Math.floor((h! - (fh - 1) * dh - 1) / sh) + 1;
      const outW = Math.floor((w! - (fw - 1) * dw - 1) / sw) + 1;
      if (outH < 1 || outW < 1) return undefined;
      convs.push({ geometry: [1, h!, w!, c!, outH, outW, layer.filters, fh, fw, sh, sw, 0, 0, dh, dw], activation, outputSize: outH * outW * layer.filters });
      for (const weight of layer.weights) variables.push(weight.read() as tf.Variable);
      [h, w, c] = [outH, outW, layer.filters];
    }
    const denseSizes = [h! * w! * c!];
    const denseActivations: number[] = [];
    for (const layer of denseLayers as unknown as DenseLayerLike[]) {
      const code = ACTIVATION_CODES[layer.activation.getClassName()];
      if (code === undefined || !layer.useBias || layer.weights.length !== 2) return undefined;
      denseSizes.push(layer.units);
      denseActivations.push(code);
      for (const weight of layer.weights) variables.push(weight.read() as tf.Variable);
    }
    const trainable = model.trainableWeights.map((weight) => weight.read());
    if (trainable.length !== variables.length || trainable.some((v, i) => v !== variables[i])) return undefined;
    return new FusedConvNet(status.addon, convs, denseSizes, denseActivations, variables);
  }

  /** A workspace of its own for a second, independent forward pass (double DQN's next observations). */
  createWorkspace(): ConvWorkspace {
    return new ConvWorkspace();
  }

  /**
   * The network's outputs for `batch` rows of `x` ([batch, inputSize], channels last). The
   * returned array belongs to `workspace` and is overwritten by its next forward pass.
   */
  forward(x: Float32Array, batch: number, workspace: ConvWorkspace = this.workspace): Float32Array {
    if (x.length < batch * this.inputSize) {
      throw new RangeError(`FusedConvNet.forward: x has ${x.length} values, expected ${batch} rows of ${this.inputSize}`);
    }
    if (workspace.batch < batch || workspace.convOutputs.length !== this.convs.length) {
      workspace.convOutputs = this.convs.map((conv) => new Float32Array(batch * conv.outputSize));
      workspace.convGradients = this.convs.map((conv) => new Float32Array(batch * conv.outputSize));
      workspace.denseOutputs = this.denseSizes.slice(1).map((width) => new Float32Array(batch * width));
      workspace.batch = batch;
    }
    workspace.input = x;
    const values = this.weightArrays();
    let input = x;
    this.convs.forEach((conv, i) => {
      const output = workspace.convOutputs[i]!;
      const geometry = withBatch(conv.geometry, batch);
      this.addon.conv2d(geometry, input, values[2 * i]!, output);
      const outC = geometry[6]!;
      this.addon.biasActivation(output, batch * (conv.outputSize / outC), outC, values[2 * i + 1]!, EPILOGUE_CODES[conv.activation]!, 0);
      input = output;
    });
    const { kernels, biases } = this.denseArrays(values);
    this.addon.mlpForward(input, batch, kernels, biases, this.denseSizes, this.denseActivations, workspace.denseOutputs);
    return workspace.denseOutputs[workspace.denseOutputs.length - 1]!.subarray(0, batch * this.outputSize);
  }

  /**
   * Gradients of the loss with respect to every variable (in `variables` order) from `dOutput`,
   * its gradient with respect to the outputs of the last `forward` on `workspace` (dOutput is
   * overwritten). The arrays belong to `workspace` and are overwritten by its next backward pass.
   */
  backward(dOutput: Float32Array, batch: number, workspace: ConvWorkspace = this.workspace): Float32Array[] {
    if (workspace.batch < batch) throw new Error('FusedConvNet.backward: no forward pass of this batch size on this workspace');
    if (workspace.gradients.length !== this.variables.length) workspace.gradients = this.variables.map((variable) => new Float32Array(variable.size));
    const values = this.weightArrays();
    const { kernels } = this.denseArrays(values);
    const convCount = this.convs.length;
    const gradients = workspace.gradients;
    const denseGradients = gradients.slice(2 * convCount);
    let dy = workspace.convGradients[convCount - 1]!;
    this.addon.mlpBackward(
      workspace.convOutputs[convCount - 1]!, batch, kernels, this.denseSizes, this.denseActivations, workspace.denseOutputs, dOutput,
      denseGradients.filter((_, i) => i % 2 === 0), denseGradients.filter((_, i) => i % 2 === 1), dy,
    );
    for (let i = convCount - 1; i >= 0; i--) {
      const conv = this.convs[i]!;
      const geometry = withBatch(conv.geometry, batch);
      const outC = geometry[6]!;
      this.addon.activationBackward!(dy, workspace.convOutputs[i]!, batch * (conv.outputSize / outC), outC, conv.activation, gradients[2 * i + 1]!);
      const input = i === 0 ? workspace.input : workspace.convOutputs[i - 1]!;
      this.addon.conv2dBackpropFilter(geometry, input, dy, gradients[2 * i]!);
      if (i === 0) break;
      const below = workspace.convGradients[i - 1]!;
      this.addon.conv2dBackpropInput(geometry, dy, values[2 * i]!, below);
      dy = below;
    }
    return gradients;
  }

  /** The variables' current host arrays (read every call: optimisers and setWeights replace them). */
  private weightArrays(): Float32Array[] {
    return this.variables.map((variable) => {
      const values = variable.dataSync();
      if (!(values instanceof Float32Array)) throw new Error(`FusedConvNet: variable ${variable.name} is not float32`);
      return values;
    });
  }

  private denseArrays(values: Float32Array[]): { kernels: Float32Array[]; biases: Float32Array[] } {
    const dense = values.slice(2 * this.convs.length);
    return { kernels: dense.filter((_, i) => i % 2 === 0), biases: dense.filter((_, i) => i % 2 === 1) };
  }
}

function withBatch(geometry: number[], batch: number): number[] {
  const copy = geometry.slice();
  copy[0] = batch;
  return copy;
}
