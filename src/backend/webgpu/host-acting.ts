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
  await tf.setBackend(hostBackendName());
  try {
    return act();
  } finally {
    await tf.setBackend(gpu);
  }
}

/**
 * Runs `work` (which may await, and call dataSync) with every registered variable readable on
 * the host: on webgpu it reads them all back once, asynchronously, and switches to the host
 * backend until `work` settles; on any other backend it just runs `work`. For code that holds
 * networks it does not own the variables of, such as an agent loaded for evaluation.
 *
 * @example const result = await onHostWithAllVariables(async () => evaluatePolicy(agent, makeEnv, options));
 */
export async function onHostWithAllVariables<T>(work: () => T | Promise<T>): Promise<T> {
  if (!readsBackAsynchronously()) return work();
  const variables = Object.values(tf.engine().state.registeredVariables);
  await Promise.all(variables.map((v) => v.data()));
  const gpu = tf.getBackend();
  await tf.setBackend(hostBackendName());
  try {
    return await work();
  } finally {
    await tf.setBackend(gpu);
  }
}

/** The backend acting runs on while the GPU cannot be read synchronously: native, else cpu. */
export function hostBackendName(): string {
  return nativeAddonStatus().available ? NATIVE_BACKEND_NAME : 'cpu';
}
