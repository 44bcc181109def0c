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
  const factory = async () => {
    const backend = new WebGPUBackend((await device!) as ConstructorParameters<typeof WebGPUBackend>[0], probe.adapter.info as ConstructorParameters<typeof WebGPUBackend>[1]);
    return withClearSyncReadError(backend);
  };
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

/**
 * tfjs-backend-webgpu answers a synchronous read (dataSync, moving a tensor to another backend)
 * through a browser canvas, which Node lacks ("OffscreenCanvas is not defined"). Values already
 * read back asynchronously are still returned; anything else fails with what to do instead.
 */
function withClearSyncReadError<B extends object>(backend: B): B {
  const gpu = backend as unknown as { readSync(dataId: object): unknown; tensorMap: { get(dataId: object): { values?: unknown; dtype?: string } | undefined } };
  const readSync = gpu.readSync.bind(gpu);
  gpu.readSync = (dataId) => {
    const data = gpu.tensorMap.get(dataId);
    if (data?.values != null || data?.dtype === 'string') return readSync(dataId);
    throw new Error(
      'webgpu in Node reads tensors back only asynchronously (await tensor.data()), and this needs a synchronous read ' +
        '(dataSync). Run such code on the host backend (actOnHost or onHostWithAllVariables in src/backend/webgpu/host-acting.ts, ' +
        'as the agents act and eval plays), or use --backend native.',
    );
  };
  return backend;
}
