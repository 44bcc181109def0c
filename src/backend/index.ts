/**
 * TensorFlow.js backends for Palestra. Importing this module registers the `native` backend and
 * makes training fast by default (see default-backend.ts).
 *
 * @example
 * import { selectBackend } from '../src/backend/index.js';
 * const { name, reason } = await selectBackend('auto');
 */
import { installBackendDefaults } from './default-backend.js';
import { registerNativeBackend } from './native/backend.js';

registerNativeBackend();
installBackendDefaults();

export { NATIVE_BACKEND_NAME, NativeBackend, registerNativeBackend } from './native/backend.js';
export { loadNativeAddon, nativeAddonStatus } from './native/addon.js';
export type { AddonStatus, NativeAddon } from './native/addon.js';
export { BACKEND_NAMES, cudaGpuPresent, describeBackends, selectBackend } from './select.js';
export type { BackendAvailability, BackendChoice, BackendName, BackendSelection } from './select.js';
export { ensureBackend, installBackendDefaults } from './default-backend.js';
export { WEBGPU_BACKEND_NAME, registerWebGpuBackend } from './webgpu/backend.js';
export { describeAdapter, probeWebGpu } from './webgpu/adapter.js';
export type { WebGpuAdapterInfo, WebGpuProbe } from './webgpu/adapter.js';
export { describeWorkload, WEBGPU_MIN_CNN_BATCH, WEBGPU_MIN_IMAGE_PIXELS, webGpuPaysOff } from './workload.js';
export type { Workload } from './workload.js';
export { actOnHost, hostBackendName, onHostWithAllVariables, readsBackAsynchronously } from './webgpu/host-acting.js';
