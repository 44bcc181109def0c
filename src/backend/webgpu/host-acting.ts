/**
 * Acting on the CPU while learning on the GPU. In Node, WebGPU can only read results back
 * asynchronously (tfjs's synchronous dataSync needs a browser canvas), and an env step needs its
 * action at once. So, on webgpu, an agent collects a rollout with its networks on the host
 * backend (native, else cpu): their weights are read back once, asynchronously, before the
 * rollout (not once per env step), and the next update moves them back to the GPU.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeAddonStatus } from '../native/addon.js';
import { NATIVE_BACKEND_NAME } from '../native/backend.js';
import { WEBGPU_BACKEND_NAME } from './backend.js';

/** Whether the active backend can only read tensors back asynchronously (webgpu in Node). */
export function readsBackAsynchronously(): boolean {
  return tf.getBackend() === WEBGPU_BACKEND_NAME;
}

/**
 * Runs `act` (which may call dataSync) on the host backend when the active one is webgpu, after
 * one asynchronous readback of `variables`; otherwise runs it as it is. The active backend is
 * restored afterwards.
 *
 * @example const rollout = await actOnHost(policy.variables(), () => collectRollout());
 */
export async function actOnHost<T>(variables: readonly tf.Tensor[], act: () => T): Promise<T> {
  if (!readsBackAsynchronously()) return act();
  // Reading caches the values on the host, which is what the move to the host backend reads.
  await Promise.all(variables.map((v) => v.data()));
  const gpu = tf.getBackend();
  await tf.setBackend(nativeAddonStatus().available ? NATIVE_BACKEND_NAME : 'cpu');
  try {
    return act();
  } finally {
    await tf.setBackend(gpu);
  }
}
