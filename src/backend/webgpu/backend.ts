/**
 * The `webgpu` TensorFlow.js backend in Node: tfjs-backend-webgpu's kernels on the adapter that
 * probeWebGpu found (Dawn, through the optional `webgpu` package).
 */
import * as tf from '@tensorflow/tfjs';
import { probeWebGpu, type GpuAdapterLike } from './adapter.js';

export const WEBGPU_BACKEND_NAME = 'webgpu';

/**
 * Registers `webgpu` with TensorFlow.js on the probed adapter, with the limits and features
 * tfjs-backend-webgpu asks for in a browser. Throws the probe's reason when there is no adapter.
 *
 * @example await registerWebGpuBackend(); await tf.setBackend('webgpu');
 */
export async function registerWebGpuBackend(): Promise<void> {
  const probe = await probeWebGpu();
  if (!probe.available) throw new Error(probe.reason);
  // Importing the package registers its kernels (and, with navigator.gpu now defined, a backend
  // factory of its own, replaced below so that the device comes from the probed adapter).
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  // Loaded here, not at the top: tfjs-backend-webgpu is only worth loading when there is an adapter.
  (await import('./optimizer-kernels.js')).registerWebGpuOptimizerKernels();
  (await import('./add-n.js')).registerChunkedAddN();
  if ((tf.findBackendFactory(WEBGPU_BACKEND_NAME) as { palestra?: boolean } | null)?.palestra) return;
  tf.removeBackend(WEBGPU_BACKEND_NAME);
  // One device per process: an adapter gives only one, and a backend registered again (after
  // tf.removeBackend) must find it.
  device ??= requestDevice(probe.adapter);
  const factory = async () => new WebGPUBackend((await device!) as ConstructorParameters<typeof WebGPUBackend>[0], probe.adapter.info as ConstructorParameters<typeof WebGPUBackend>[1]);
  // Priority 0: webgpu is chosen on purpose (selectBackend), never by tfjs's own default.
  tf.registerBackend(WEBGPU_BACKEND_NAME, Object.assign(factory, { palestra: true }), 0);
}

let device: Promise<unknown> | undefined;

/** A device with the limits and features tfjs-backend-webgpu asks for in a browser. */
function requestDevice(adapter: GpuAdapterLike): Promise<unknown> {
  const requiredFeatures = ['timestamp-query', 'bgra8unorm-storage'].filter((f) => adapter.features.has(f));
  const limits = adapter.limits;
  return adapter.requestDevice({
    requiredFeatures,
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits['maxComputeWorkgroupStorageSize'],
      maxComputeWorkgroupsPerDimension: limits['maxComputeWorkgroupsPerDimension'],
      maxStorageBufferBindingSize: limits['maxStorageBufferBindingSize'],
      maxBufferSize: limits['maxBufferSize'],
      maxComputeWorkgroupSizeX: limits['maxComputeWorkgroupSizeX'],
      maxComputeInvocationsPerWorkgroup: limits['maxComputeInvocationsPerWorkgroup'],
    },
  });
}
