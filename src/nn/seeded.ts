/**
 * Fills a freshly built model's weights from a seed, so the same seed gives the same network.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng, randomSeed } from '../core/rng.js';
import { initialWeights, type InitializerSpec } from './init.js';

/**
 * Overwrites every kernel of `model` with values drawn by `kernelInitializerFor(layer)` and every
 * bias with zeros. Layers are visited in model order and each draws from its own generator spawned
 * from `seed`, so changing one layer's size does not reshuffle the others' weights.
 *
 * @example seedWeights(model, 42, () => 'glorotUniform');
 */
export function seedWeights(
  model: tf.LayersModel,
  seed: number | undefined,
  kernelInitializerFor: (layer: tf.layers.Layer, index: number) => InitializerSpec,
): void {
  const root = new Rng(seed ?? randomSeed());
  model.layers.forEach((layer, index) => {
    const weights = layer.getWeights();
    if (weights.length === 0) return;
    const rng = root.spawn();
    const fresh = weights.map((w, k) => {
      // Keras layers list the kernel first and the bias after it.
      const spec: InitializerSpec = k === 0 ? kernelInitializerFor(layer, index) : 'zeros';
      return tf.tensor(initialWeights(w.shape, spec, rng), w.shape, 'float32');
    });
    layer.setWeights(fresh);
    tf.dispose(fresh);
  });
}

/** Number of trainable scalars in a model. */
export function countParameters(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
}
