/** Access to the host-memory values behind TensorInfos, shared by the native kernels. */
import type * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

/** The Float32Array behind `info`, or undefined when the tensor is not plain float32 (kernels then fall back). */
export function floatValues(backend: MathBackendCPU, info: tf.TensorInfo): Float32Array | undefined {
  if (info.dtype !== 'float32') return undefined;
  const values = backend.data.get(info.dataId).values;
  return values instanceof Float32Array ? values : undefined;
}

/** Whether every input is float32 with host values. */
export function allFloat(backend: MathBackendCPU, ...infos: (tf.TensorInfo | undefined)[]): boolean {
  return infos.every((info) => info === undefined || floatValues(backend, info) !== undefined);
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
