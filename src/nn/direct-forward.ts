/**
 * A forward pass that runs a Sequential model's layers as plain tfjs ops.
 *
 * `model.apply` and `model.predict` walk tfjs-layers' symbolic machinery on every call
 * (input checks, node sorting, a tidy per layer): for the small networks of RL agents that
 * bookkeeping costs more than the arithmetic. DQN on MinAtar calls its network three times per
 * frame, so it spent a third of each frame there. The ops below are the ones the layers
 * themselves call, with the same arguments, so the results are identical to `model.apply`
 * (tests/nn/direct-forward.test.ts checks it, values and gradients) and gradients flow to the
 * same variables.
 */
import * as tf from '@tensorflow/tfjs';
import { FusedConvNet } from './fused-cnn.js';
import { FusedMlp, fusedTrainingActive } from './fused-mlp.js';
import type { FusedNetwork } from './fused-network.js';

/** Maps a batch of inputs to the model's outputs; differentiable with respect to the model's variables. */
export type ForwardFn = (input: tf.Tensor) => tf.Tensor;

/** tfjs-layers fuses exactly these activations into its matMul and conv2d calls. */
const FUSED_ACTIVATIONS = new Set(['relu', 'linear', 'elu']);

interface ActivationLayer {
  activation: { apply(x: tf.Tensor): tf.Tensor; getClassName(): string };
}

/** The layer's current weights as variables (read at call time, so setWeights is seen). */
function weightsOf(layer: tf.layers.Layer): tf.Tensor[] {
  return layer.weights.map((weight) => weight.read());
}

/** Applies the layer's own activation after an unfused op (tanh, sigmoid, softmax...). */
function finish(layer: tf.layers.Layer, output: tf.Tensor, fused: boolean): tf.Tensor {
  return fused ? output : (layer as unknown as ActivationLayer).activation.apply(output);
}

/** One layer as plain ops, or undefined when this layer (or this input) has no direct path. */
function directLayer(layer: tf.layers.Layer): ((x: tf.Tensor) => tf.Tensor) | undefined {
  const config = layer.getConfig();
  switch (layer.getClassName()) {
    case 'Flatten':
      if (config['dataFormat'] === 'channelsFirst') return undefined;
      return (x) => tf.reshape(x, [x.shape[0]!, -1]);
    case 'Rescaling': {
      const scale = config['scale'] as number;
      const offset = config['offset'] as number;
      return (x) => tf.add(tf.mul(x.dtype === 'float32' ? x : tf.cast(x, 'float32'), scale), offset);
    }
    case 'Dense': {
      const activation = (layer as unknown as ActivationLayer).activation.getClassName();
      const fused = FUSED_ACTIVATIONS.has(activation);
      return (x) => {
        if (x.rank !== 2) return layer.apply(x) as tf.Tensor;
        const [kernel, bias] = weightsOf(layer);
        const output = tf.fused.matMul({ a: x as tf.Tensor2D, b: kernel as tf.Tensor2D, bias, activation: fused ? (activation as tf.fused.Activation) : 'linear' });
        return finish(layer, output, fused);
      };
    }
    case 'Conv2D': {
      if (config['dataFormat'] !== 'channelsLast') return undefined;
      const padding = config['padding'];
      if (padding !== 'valid' && padding !== 'same') return undefined;
      const activation = (layer as unknown as ActivationLayer).activation.getClassName();
      const fused = FUSED_ACTIVATIONS.has(activation);
      const strides = config['strides'] as [number, number];
      const dilations = config['dilationRate'] as [number, number];
      return (x) => {
        if (x.rank !== 4) return layer.apply(x) as tf.Tensor;
        const [kernel, bias] = weightsOf(layer);
        const output = tf.fused.conv2d({
          x: x as tf.Tensor4D,
          filter: kernel as tf.Tensor4D,
          strides,
          pad: padding,
          dilations,
          dataFormat: 'NHWC',
          bias,
          activation: fused ? (activation as tf.fused.Activation) : 'linear',
        });
        return finish(layer, output, fused);
      };
    }
    default:
      return undefined;
  }
}

/**
 * A chain of layers as plain ops, or undefined when one of them has no direct path (the
 * multi-input network runs each branch and its head this way).
 *
 * @example const branch = directChain(layers); if (branch) y = branch(x);
 */
export function directChain(layers: readonly tf.layers.Layer[]): ForwardFn | undefined {
  const steps = layers.map(directLayer);
  if (steps.some((step) => step === undefined)) return undefined;
  const direct = steps as ((x: tf.Tensor) => tf.Tensor)[];
  return (input) => direct.reduce((x, step) => step(x), input);
}

/** A Sequential model's layers as plain ops, or undefined when the model has no direct path. */
function sequentialChain(model: tf.LayersModel): ForwardFn | undefined {
  if (!(model instanceof tf.Sequential)) return undefined;
  return directChain(model.layers.filter((layer) => layer.getClassName() !== 'InputLayer'));
}

/** Whether tfjs is recording operations for a gradient (inside tf.grads, variableGrads, minimize). */
function recordingGradients(): boolean {
  return (tf.engine() as unknown as { isTapeOn(): boolean }).isTapeOn();
}

/**
 * A forward function for `model`: plain ops for Sequential models made of Dense, Conv2D,
 * Flatten and Rescaling layers (everything src/nn builds), `model.apply` for anything else.
 * For plain MLPs and the image CNNs on the native backend, calls that need no gradient (acting,
 * evaluation, TD targets) run as fused native calls (fused-mlp.ts, fused-cnn.ts; equal to the
 * tfjs ops within float32 rounding, not bit for bit); `setFusedTraining(false)` or
 * PALESTRA_FUSED=0 keeps the tfjs ops.
 *
 * @example const forward = directForward(mlp({ inputSize: 4, hiddenSizes: [64], outputSize: 2 })); const q = forward(batch);
 */
export function directForward(model: tf.LayersModel): ForwardFn {
  const fallback: ForwardFn = (input) => model.apply(input) as tf.Tensor;
  const chain = sequentialChain(model);
  if (chain === undefined) return fallback;
  const fused: FusedNetwork | undefined = FusedMlp.of(model) ?? FusedConvNet.of(model);
  const workspace = fused?.createWorkspace();
  const rowShape = model.inputs[0]!.shape.slice(1);
  const fits = (input: tf.Tensor) => input.dtype === 'float32' && input.rank === rowShape.length + 1 && rowShape.every((size, i) => size === input.shape[i + 1]);
  return (input) => {
    if (fused && fits(input) && fusedTrainingActive() && !recordingGradients()) {
      const rows = input.shape[0]!;
      // A float32 tensor's values may sit in another typed array (a cast from bool does on the CPU backends).
      const values = input.dataSync();
      const out = fused.forward(values instanceof Float32Array ? values : Float32Array.from(values), rows, workspace);
      return tf.tensor2d(out.slice(), [rows, fused.outputSize], 'float32');
    }
    return tf.tidy(() => chain(input));
  };
}

/**
 * Outputs [count, outputSize] of `count` rows of input, row-major; the array is reused by the
 * next call. Undefined when no fused native call can run now (see `hostForward`).
 */
export type HostForwardFn = (rows: Float32Array, count: number) => Float32Array | undefined;

/**
 * `directForward`'s fused native call on host arrays, with no tensors around it: for callers
 * that act once per frame (DQN's epsilon-greedy step), where building the input tensor and
 * reading the output back cost more than the network. The outputs are the values
 * `directForward` gives for the same rows (the same native call). It returns undefined, and the
 * caller takes the tensor path, off the native backend, with fused training off, while
 * gradients are being recorded, and for models with no fused network.
 *
 * @example const forward = hostForward(model); const q = forward(rows, 1) ?? slowPath(rows);
 */
export function hostForward(model: tf.LayersModel): HostForwardFn {
  const fused: FusedNetwork | undefined = sequentialChain(model) && (FusedMlp.of(model) ?? FusedConvNet.of(model));
  if (!fused) return () => undefined;
  const workspace = fused.createWorkspace();
  return (rows, count) => {
    if (rows.length !== count * fused.inputSize) throw new Error(`hostForward: expected ${count} rows of ${fused.inputSize} values (${count * fused.inputSize}), got ${rows.length} values`);
    if (!fusedTrainingActive() || recordingGradients()) return undefined;
    return fused.forward(rows, count, workspace);
  };
}
