/** The cpu backend's kernels, which the native ones call for inputs they do not handle. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';

/** The cpu backend's implementation of `kernelName` (registered by importing tfjs-backend-cpu). */
export function cpuKernel(kernelName: string): tf.KernelFunc {
  const config = tf.getKernel(kernelName, 'cpu');
  if (!config) throw new Error(`tfjs-backend-cpu has no kernel '${kernelName}' to fall back on`);
  return config.kernelFunc;
}
