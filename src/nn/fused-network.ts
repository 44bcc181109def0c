/**
 * What fused training steps (fused-td.ts) need of a network: FusedMlp (dense networks) and
 * FusedConvNet (convolutions, then dense layers) both provide it.
 */
import type * as tf from '@tensorflow/tfjs';

/** A network whose forward and backward passes run natively on flat Float32Arrays. */
export interface FusedNetwork<Workspace = unknown> {
  /** The model's trainable variables, in `model.trainableWeights` order (the gradients' order). */
  readonly variables: tf.Variable[];
  /** Values per input row. */
  readonly inputSize: number;
  /** Outputs per row. */
  readonly outputSize: number;
  /** A workspace for a forward pass that must not overwrite the default one's. */
  createWorkspace(): Workspace;
  /** Outputs [batch, outputSize] of `batch` rows of x; the array belongs to the workspace. */
  forward(x: Float32Array, batch: number, workspace?: Workspace): Float32Array;
  /** Gradients of every variable from the gradient at the outputs of the last forward pass (dOutput is overwritten). */
  backward(dOutput: Float32Array, batch: number, workspace?: Workspace): Float32Array[];
}
