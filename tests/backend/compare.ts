/**
 * Runs the same computation on the cpu backend and on `native` and reports the largest error
 * relative to the magnitude of the result: the yardstick for every native kernel test.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/core/rng.js';

/** Values in [-1, 1) from a seeded generator, so a failure can be reproduced from its seed. */
export function randomValues(size: number, rng: Rng): Float32Array {
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = rng.uniform(-1, 1);
  return values;
}

/** The outputs of `compute` (a fresh graph from plain arrays) on one backend, as arrays. */
export async function runOn(backend: string, compute: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const outputs = tf.tidy(() => {
    const result = compute();
    return Array.isArray(result) ? result : [result];
  });
  const arrays = outputs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outputs);
  if (tf.memory().numTensors !== before) throw new Error(`${backend}: ${tf.memory().numTensors - before} tensors leaked`);
  return arrays;
}

/** max |native - cpu| / max(1, max |cpu|) over all outputs, and whether the shapes agree. */
export async function nativeVsCpu(compute: () => tf.Tensor | tf.Tensor[]): Promise<{ relativeError: number; sizes: number[] }> {
  const expected = await runOn('cpu', compute);
  const actual = await runOn('native', compute);
  let relativeError = 0;
  expected.forEach((reference, index) => {
    const got = actual[index]!;
    if (got.length !== reference.length) throw new Error(`output ${index}: ${got.length} values, cpu gave ${reference.length}`);
    let scale = 1;
    let worst = 0;
    for (let i = 0; i < reference.length; i++) {
      scale = Math.max(scale, Math.abs(reference[i]!));
      const difference = Math.abs(got[i]! - reference[i]!);
      worst = Number.isNaN(difference) ? Number.POSITIVE_INFINITY : Math.max(worst, difference);
    }
    relativeError = Math.max(relativeError, worst / scale);
  });
  return { relativeError, sizes: expected.map((e) => e.length) };
}
