/**
 * AddN on webgpu for many inputs (see registerChunkedAddN).
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';

/** Inputs one AddN dispatch may take: WebGPU's default limit is 8 storage buffers per shader, one is the output. */
const ADD_N_MAX_INPUTS = 7;

/**
 * Wraps tfjs-backend-webgpu's AddN so that it sums many tensors (a global gradient norm over
 * twenty variables) in dispatches of at most seven inputs: one dispatch with all of them exceeds
 * the device's storage-buffer limit, and WebGPU then drops the work with only a validation warning.
 */
export function registerChunkedAddN(): void {
  const original = tf.getKernel('AddN', 'webgpu');
  if (!original || (original as { palestraChunked?: boolean }).palestraChunked) return;
  const addN = original.kernelFunc;
  tf.unregisterKernel('AddN', 'webgpu');
  const kernelFunc: tf.KernelFunc = (args) => {
    let terms = args.inputs as unknown as tf.TensorInfo[];
    const gpu = args.backend as WebGPUBackend;
    const partials: tf.TensorInfo[] = [];
    while (terms.length > ADD_N_MAX_INPUTS) {
      const next: tf.TensorInfo[] = [];
      for (let i = 0; i < terms.length; i += ADD_N_MAX_INPUTS) {
        const chunk = terms.slice(i, i + ADD_N_MAX_INPUTS);
        const sum = chunk.length === 1 ? chunk[0]! : (addN({ ...args, inputs: chunk as unknown as tf.NamedTensorInfoMap }) as tf.TensorInfo);
        if (chunk.length > 1) partials.push(sum);
        next.push(sum);
      }
      terms = next;
    }
    const result = addN({ ...args, inputs: terms as unknown as tf.NamedTensorInfoMap }) as tf.TensorInfo;
    for (const partial of partials) gpu.disposeData(partial.dataId);
    return result;
  };
  tf.registerKernel({ ...original, kernelFunc, palestraChunked: true } as tf.KernelConfig);
}
