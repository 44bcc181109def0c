/**
 * The `webgpu` TensorFlow.js backend in Node: tfjs-backend-webgpu's kernels on the adapter that
 * probeWebGpu found (Dawn, through the optional `webgpu` package).
 */
import * as tf from '@tensorflow/tfjs';
import { probeWebGpu } from './adapter.js';

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
  if (tf.findBackendFactory(WEBGPU_BACKEND_NAME) && (tf.engine().registryFactory[WEBGPU_BACKEND_NAME] as { palestra?: boolean }).palestra) return;
  tf.removeBackend(WEBGPU_BACKEND_NAME);
  const adapter = probe.adapter;
  const factory = async () => {
    const requiredFeatures = ['timestamp-query', 'bgra8unorm-storage'].filter((f) => adapter.features.has(f));
    const limits = adapter.limits;
    const device = await adapter.requestDevice({
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
    return new WebGPUBackend(device as ConstructorParameters<typeof WebGPUBackend>[0], adapter.info as ConstructorParameters<typeof WebGPUBackend>[1]);
  };
  // Priority 0: webgpu is chosen on purpose (selectBackend), never by tfjs's own default.
  tf.registerBackend(WEBGPU_BACKEND_NAME, Object.assign(factory, { palestra: true }), 0);
}
