/**
 * The `native` TensorFlow.js backend: the cpu backend's tensor storage and kernels, with the
 * expensive kernels (matrix products, convolutions) replaced by C++ ones from the addon.
 */
import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddonStatus, type NativeAddon } from './addon.js';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel, conv2dKernel, fusedConv2dKernel } from './kernels/conv.js';
import { adamKernel } from './kernels/adam.js';
import { centeredRmsPropKernel } from './kernels/centered-rmsprop.js';
import { elementwiseKernels } from './kernels/elementwise.js';
import { batchMatMulKernel, fusedMatMulKernel } from './kernels/matmul.js';
import { reductionKernels } from './kernels/reduce.js';

export const NATIVE_BACKEND_NAME = 'native';

/** Host-memory tensors exactly like tfjs-backend-cpu (so its kernels run unchanged on this backend). */
export class NativeBackend extends MathBackendCPU {
  constructor() {
    super();
    // MathBackendCPU greets its first use in Node with advice to install tfjs-node; not ours to give.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }
}

/** The kernels implemented natively; every other kernel is the cpu backend's. */
export function nativeKernelConfigs(addon: NativeAddon): tf.KernelConfig[] {
  return [
    batchMatMulKernel(addon),
    fusedMatMulKernel(addon),
    conv2dKernel(addon),
    fusedConv2dKernel(addon),
    conv2dBackpropInputKernel(addon),
    conv2dBackpropFilterKernel(addon),
    ...elementwiseKernels(addon),
    ...reductionKernels(addon),
    adamKernel(addon),
    centeredRmsPropKernel(addon),
  ];
}

let registered = false;

/**
 * Registers `native` with TensorFlow.js (once). When the addon is unavailable the backend is
 * still registered, but its factory throws the reason, which tf.setBackend('native') prints.
 *
 * @example registerNativeBackend(); await tf.setBackend('native');
 */
export function registerNativeBackend(): void {
  if (registered) return;
  registered = true;
  const status = nativeAddonStatus();
  // Priority below cpu: `native` is chosen on purpose (selectBackend), never by surprise.
  tf.registerBackend(
    NATIVE_BACKEND_NAME,
    () => {
      if (!status.available) throw new Error(`The native backend is unavailable: ${status.reason}`);
      return new NativeBackend();
    },
    0,
  );
  if (!status.available) return;
  const replaced = new Map(nativeKernelConfigs(status.addon).map((config) => [config.kernelName, config]));
  for (const cpuConfig of tf.getKernelsForBackend('cpu')) {
    tf.registerKernel(replaced.get(cpuConfig.kernelName) ?? { ...cpuConfig, backendName: NATIVE_BACKEND_NAME });
  }
  for (const [name, config] of replaced) {
    if (!tf.getKernel(name, NATIVE_BACKEND_NAME)) tf.registerKernel(config);
  }
}
