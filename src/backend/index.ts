/**
 * TensorFlow.js backends for Palestra. Importing this module registers the `native` backend.
 *
 * @example
 * import { selectBackend } from '../src/backend/index.js';
 * const { name, reason } = await selectBackend('auto');
 */
import { registerNativeBackend } from './native/backend.js';

registerNativeBackend();

export { NATIVE_BACKEND_NAME, NativeBackend, registerNativeBackend } from './native/backend.js';
export { loadNativeAddon, nativeAddonStatus } from './native/addon.js';
export type { AddonStatus, NativeAddon } from './native/addon.js';
export { BACKEND_NAMES, cudaGpuPresent, describeBackends, selectBackend } from './select.js';
export type { BackendAvailability, BackendChoice, BackendName, BackendSelection } from './select.js';
