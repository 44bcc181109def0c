/**
 * Saving an optimiser's state (Adam's or RMSprop's moment estimates and step count) beside an
 * agent's networks, so `--resume` continues the optimisation where it stopped instead of
 * restarting the moment estimates from zero.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '../../src/record/atomic-write.js';
import { CheckpointError } from './agent-file.js';

const FILE = 'optimizer.weights.bin';

/** What agent.json records about the optimiser file: tfjs weight specs, in order. */
export type OptimizerStateSpec = tf.io.WeightsManifestEntry[];

/**
 * Writes the optimiser's state to `dir/optimizer.weights.bin`; returns the specs to keep in agent.json.
 *
 * @example state.optimizer = await saveOptimizerState(dir, this.optimizer);
 */
export async function saveOptimizerState(dir: string, optimizer: tf.Optimizer): Promise<OptimizerStateSpec> {
  const weights = await optimizer.getWeights();
  try {
    const { data, specs } = await tf.io.encodeWeights(weights);
    await writeFileAtomic(join(dir, FILE), new Uint8Array(tf.io.CompositeArrayBuffer.join(data)));
    return specs;
  } finally {
    // getWeights() returns the live moment variables plus a fresh iteration-count scalar.
    weights[0]?.tensor.dispose();
  }
}

/**
 * Restores what `saveOptimizerState` wrote; `specs` come from agent.json.
 *
 * @example if (state.optimizer) await loadOptimizerState(dir, this.optimizer, state.optimizer);
 */
export async function loadOptimizerState(dir: string, optimizer: tf.Optimizer, specs: OptimizerStateSpec): Promise<void> {
  const path = join(dir, FILE);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new CheckpointError(`${path}: not found, though agent.json lists optimizer state; the checkpoint is incomplete`);
  }
  const expected = specs.reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (bytes.byteLength !== expected) {
    throw new CheckpointError(`${path}: has ${bytes.byteLength} bytes, agent.json's optimizer state needs ${expected}; the checkpoint is corrupt`);
  }
  // Decoded in order rather than by name: Adam names both moments of a variable after it.
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  let offset = 0;
  const list = specs.map((spec) => {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const values = spec.dtype === 'int32' ? new Int32Array(buffer, offset, size) : new Float32Array(buffer, offset, size);
    offset += size * 4;
    return { name: spec.name, tensor: tf.tensor(values, spec.shape, spec.dtype === 'int32' ? 'int32' : 'float32') };
  });
  await optimizer.setWeights(list);
  // setWeights copied the values into new variables.
  tf.dispose(list.map((w) => w.tensor));
}
