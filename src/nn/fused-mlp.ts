/**
 * A dense network's forward and backward passes as two native calls (native/src/mlp.cc) instead
 * of a tfjs graph of dozens of kernels per layer. It reads the model's own tf.Variables (their
 * host arrays on the native backend, no copy), so weights set by setWeights, loadModel or an
 * optimizer are always the ones used; gradients come back as plain Float32Arrays in the order of
 * `model.trainableWeights`, ready for an optimizer (see fused-step.ts).
 *
 * Only for what src/nn's `mlp()` builds: a Sequential of Dense layers with bias and a linear,
 * relu, tanh, sigmoid or elu activation. `FusedMlp.of` says undefined for anything else, and
 * `fusedTrainingActive()` is false off the native backend, so callers keep the tfjs path there.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeAddonStatus, type NativeAddon } from '../backend/native/addon.js';
import type { FusedNetwork } from './fused-network.js';

/** Activation codes of native/src/mlp.h. */
export const ACTIVATION_CODES: Readonly<Record<string, number>> = { linear: 0, relu: 1, tanh: 2, sigmoid: 3, elu: 4 };

/** The environment variable that turns fused training steps off (`PALESTRA_FUSED=0`). */
export const FUSED_ENV_VARIABLE = 'PALESTRA_FUSED';

let enabled = true;

/**
 * Turns fused training steps on or off for this process (on by default; `PALESTRA_FUSED=0`
 * turns them off too). Off, agents train through tfjs graphs on every backend.
 *
 * @example setFusedTraining(false); // the tfjs reference path
 */
export function setFusedTraining(on: boolean): void {
  enabled = on;
}

/**
 * Whether fused training steps run now: the native backend is active, its addon has the MLP
 * kernels, and neither `PALESTRA_FUSED=0` nor `setFusedTraining(false)` turned them off.
 *
 * @example if (fusedTrainingActive() && FusedMlp.of(model)) { ... }
 */
export function fusedTrainingActive(): boolean {
  if (!enabled) return false;
  const flag = process.env[FUSED_ENV_VARIABLE];
  if (flag !== undefined && ['0', 'false', 'off', 'no'].includes(flag.toLowerCase())) return false;
  return tf.getBackend() === 'native' && fusedAddon() !== undefined;
}

function fusedAddon(): NativeAddon | undefined {
  const status = nativeAddonStatus();
  return status.available && typeof status.addon.mlpForward === 'function' ? status.addon : undefined;
}

/** Layer outputs of one forward pass, kept for the backward pass, and the gradient buffers; grows with the batch. */
export class MlpWorkspace {
  outputs: Float32Array[] = [];
  batch = 0;
  input: Float32Array = new Float32Array(0);
  /** Kernel and bias gradients in variable order, reused by every backward pass (no garbage per step). */
  gradients: Float32Array[] = [];
}

interface DenseLayerLike {
  units: number;
  useBias: boolean;
  activation: { getClassName(): string };
  weights: { read(): tf.Tensor }[];
}

export class FusedMlp implements FusedNetwork<MlpWorkspace> {
  /** Widths: the input, then every layer's output. */
  readonly sizes: number[];
  readonly activations: number[];
  /** The model's trainable variables in its order: kernel, bias of each layer. */
  readonly variables: tf.Variable[];
  private readonly workspace = new MlpWorkspace();

  private constructor(
    private readonly addon: NativeAddon,
    sizes: number[],
    activations: number[],
    variables: tf.Variable[],
  ) {
    this.sizes = sizes;
    this.activations = activations;
    this.variables = variables;
  }

  /**
   * The fused view of `model`, or undefined when it is not a plain MLP (or the addon has no MLP
   * kernels). It does not check the active backend: see `fusedTrainingActive()`.
   *
   * @example const fused = FusedMlp.of(mlp({ inputSize: 4, hiddenSizes: [64, 64], outputSize: 2 }));
   */
  static of(model: tf.LayersModel): FusedMlp | undefined {
    const addon = fusedAddon();
    if (!addon || !(model instanceof tf.Sequential)) return undefined;
    const layers = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
    if (layers.length === 0 || layers.some((layer) => layer.getClassName() !== 'Dense')) return undefined;
    const inputShape = model.inputs[0]?.shape;
    if (!inputShape || inputShape.length !== 2 || typeof inputShape[1] !== 'number') return undefined;
    const sizes = [inputShape[1]];
    const activations: number[] = [];
    const variables: tf.Variable[] = [];
    for (const layer of layers as unknown as DenseLayerLike[]) {
      const code = ACTIVATION_CODES[layer.activation.getClassName()];
      if (code === undefined || !layer.useBias || layer.weights.length !== 2) return undefined;
      sizes.push(layer.units);
      activations.push(code);
      for (const weight of layer.weights) variables.push(weight.read() as tf.Variable);
    }
    const trainable = model.trainableWeights.map((weight) => weight.read());
    if (trainable.length !== variables.length || trainable.some((v, i) => v !== variables[i])) return undefined;
    return new FusedMlp(addon, sizes, activations, variables);
  }

  /** A workspace of its own for a second, independent forward pass (double DQN's next observations). */
  createWorkspace(): MlpWorkspace {
    return new MlpWorkspace();
  }

  get inputSize(): number {
    return this.sizes[0]!;
  }

  get outputSize(): number {
    return this.sizes[this.sizes.length - 1]!;
  }

  /**
   * The network's outputs for `batch` rows of `x` ([batch, inputSize] row-major). The returned
   * array belongs to `workspace` and is overwritten by its next forward pass.
   */
  forward(x: Float32Array, batch: number, workspace: MlpWorkspace = this.workspace): Float32Array {
    if (x.length < batch * this.inputSize) {
      throw new RangeError(`FusedMlp.forward: x has ${x.length} values, expected ${batch} rows of ${this.inputSize}`);
    }
    if (workspace.batch < batch || workspace.outputs.length !== this.activations.length) {
      workspace.outputs = this.sizes.slice(1).map((width) => new Float32Array(batch * width));
      workspace.batch = batch;
    }
    workspace.input = x;
    const { kernels, biases } = this.weightArrays();
    this.addon.mlpForward(x, batch, kernels, biases, this.sizes, this.activations, workspace.outputs);
    return workspace.outputs[workspace.outputs.length - 1]!.subarray(0, batch * this.outputSize);
  }

  /**
   * Gradients of the loss with respect to every variable (in `variables` order) from `dOutput`,
   * its gradient with respect to the outputs of the last `forward` on `workspace` (dOutput is
   * overwritten). The arrays belong to `workspace` and are overwritten by its next backward pass.
   */
  backward(dOutput: Float32Array, batch: number, workspace: MlpWorkspace = this.workspace): Float32Array[] {
    if (workspace.batch < batch) throw new Error('FusedMlp.backward: no forward pass of this batch size on this workspace');
    if (workspace.gradients.length !== this.variables.length) workspace.gradients = this.variables.map((variable) => new Float32Array(variable.size));
    const kernelGrads = workspace.gradients.filter((_, i) => i % 2 === 0);
    const biasGrads = workspace.gradients.filter((_, i) => i % 2 === 1);
    const { kernels } = this.weightArrays();
    this.addon.mlpBackward(workspace.input, batch, kernels, this.sizes, this.activations, workspace.outputs, dOutput, kernelGrads, biasGrads);
    return workspace.gradients;
  }

  /** The variables' current host arrays (read every call: optimisers and setWeights replace them). */
  private weightArrays(): { kernels: Float32Array[]; biases: Float32Array[] } {
    const kernels: Float32Array[] = [];
    const biases: Float32Array[] = [];
    this.variables.forEach((variable, i) => {
      const values = variable.dataSync();
      if (!(values instanceof Float32Array)) throw new Error(`FusedMlp: variable ${variable.name} is not float32`);
      (i % 2 === 0 ? kernels : biases).push(values);
    });
    return { kernels, biases };
  }
}
