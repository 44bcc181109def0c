/**
 * Choosing the TensorFlow.js backend a run uses: `auto` takes the fastest one that works here,
 * in the order tensorflow-gpu, webgpu (a hardware GPU, for the workloads where it is faster),
 * tensorflow, native, wasm, cpu, and says why it skipped the others.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, describeValue } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { nativeAddonStatus } from './native/addon.js';
import { NATIVE_BACKEND_NAME, registerNativeBackend } from './native/backend.js';
import { probeWebGpu, type WebGpuAdapterInfo } from './webgpu/adapter.js';
import { registerWebGpuBackend } from './webgpu/backend.js';
import { describeWorkload, webGpuPaysOff, type Workload } from './workload.js';

/** Backends in the order `auto` tries them. */
export const BACKEND_NAMES = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'native', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendChoice = BackendName | 'auto';

export interface BackendAvailability {
  name: BackendName;
  available: boolean;
  /** Why it is or is not usable, in a sentence a user can act on. */
  reason: string;
  /** webgpu only: the adapter Dawn found (vendor, device, driver, whether it is emulated). */
  adapter?: WebGpuAdapterInfo;
}

export interface BackendSelection {
  name: BackendName;
  /** The name TensorFlow.js knows it by (tf.getBackend()): 'tensorflow', 'webgpu', 'native', 'wasm', 'cpu'. */
  tfjsName: string;
  /** One line for the run to print: what was chosen and why. */
  reason: string;
}

const requireFromHere = createRequire(import.meta.url);

function isInstalled(packageName: string): boolean {
  try {
    requireFromHere.resolve(packageName);
    return true;
  } catch {
    return false;
  }
}

/** Whether an NVIDIA driver exposes a GPU (what tfjs-node-gpu's CUDA build needs). */
export function cudaGpuPresent(): boolean {
  const gpus = '/proc/driver/nvidia/gpus';
  return existsSync(gpus) && readdirSync(gpus).length > 0;
}

async function probe(name: BackendName): Promise<BackendAvailability> {
  switch (name) {
    case 'webgpu': {
      const webgpu = await probeWebGpu();
      return webgpu.available ? { name, available: true, reason: webgpu.reason, adapter: webgpu.info } : { name, available: false, reason: webgpu.reason };
    }
    case 'tensorflow-gpu':
      if (!isInstalled('@tensorflow/tfjs-node-gpu')) {
        return { name, available: false, reason: '@tensorflow/tfjs-node-gpu is not installed (optional: npm install @tensorflow/tfjs-node-gpu; needs CUDA and internet at install)' };
      }
      if (!cudaGpuPresent()) return { name, available: false, reason: '@tensorflow/tfjs-node-gpu is installed but no NVIDIA GPU is visible (/proc/driver/nvidia/gpus)' };
      return { name, available: true, reason: 'libtensorflow with CUDA on an NVIDIA GPU' };
    case 'tensorflow':
      if (!isInstalled('@tensorflow/tfjs-node')) {
        return { name, available: false, reason: '@tensorflow/tfjs-node is not installed (optional: npm install @tensorflow/tfjs-node; downloads libtensorflow at install)' };
      }
      return { name, available: true, reason: 'libtensorflow on the CPU' };
    case 'native': {
      const status = nativeAddonStatus();
      if (!status.available) return { name, available: false, reason: status.reason };
      const build = status.addon.buildInfo();
      return { name, available: true, reason: `Palestra's C++ kernels (${build.simd}, ${status.addon.threads()} threads, g++ ${build.compiler})` };
    }
    case 'wasm':
      if (!isInstalled('@tensorflow/tfjs-backend-wasm')) return { name, available: false, reason: '@tensorflow/tfjs-backend-wasm is not installed' };
      return { name, available: true, reason: 'WebAssembly kernels (XNNPACK); no gradient for convolution filters' };
    case 'cpu':
      return { name, available: true, reason: 'plain JavaScript kernels (slowest, always there)' };
  }
}

/**
 * Every backend with whether it can be used here and why (for `palestra backends`); webgpu's
 * reason names the adapter (vendor, device, driver) or says why there is none.
 *
 * @example for (const b of await describeBackends()) console.log(b.name, b.available, b.reason);
 */
export async function describeBackends(): Promise<BackendAvailability[]> {
  return Promise.all(BACKEND_NAMES.map(probe));
}

/** The first clause of a reason, for the one-line summary of what `auto` skipped. */
function briefly(reason: string): string {
  return reason.split(' (')[0]!;
}

/** Makes `name` the active TensorFlow.js backend; throws with the reason when it cannot start. */
async function activate(name: BackendName): Promise<string> {
  switch (name) {
    case 'tensorflow-gpu':
      await import('@tensorflow/tfjs-node-gpu' as string);
      break;
    case 'tensorflow':
      await import('@tensorflow/tfjs-node' as string);
      break;
    case 'webgpu':
      await registerWebGpuBackend();
      break;
    case 'native':
      registerNativeBackend();
      break;
    case 'wasm':
      await import('@tensorflow/tfjs-backend-wasm');
      break;
    case 'cpu':
      break;
  }
  const tfjsName = name === 'tensorflow-gpu' || name === 'tensorflow' ? 'tensorflow' : name === 'native' ? NATIVE_BACKEND_NAME : name;
  if (!(await tf.setBackend(tfjsName))) throw new Error(`TensorFlow.js could not initialise backend '${tfjsName}'`);
  await tf.ready();
  return tfjsName;
}

/**
 * Activates the backend `choice` names, or with 'auto' the first one that works in the order
 * tensorflow-gpu, webgpu, tensorflow, native, wasm, cpu. `auto` takes webgpu only on a hardware
 * adapter and only for a `workload` where it beats the CPU backends (see webGpuPaysOff); without
 * a workload it assumes a small network. Throws a ConfigError naming the cause when an explicitly
 * chosen backend is unavailable.
 *
 * @example const { name, reason } = await selectBackend('auto', { convolutional: true, batchSize: 256 });
 */
export async function selectBackend(choice: string = 'auto', workload?: Workload): Promise<BackendSelection> {
  if (choice !== 'auto' && !(BACKEND_NAMES as readonly string[]).includes(choice)) {
    throw new ConfigError(
      `unknown backend ${describeValue(choice)}.${didYouMean(choice, [...BACKEND_NAMES, 'auto'])} Expected auto, ${BACKEND_NAMES.join(', ')}`,
    );
  }
  if (choice !== 'auto') {
    const name = choice as BackendName;
    const availability = await probe(name);
    if (!availability.available) throw new ConfigError(`--backend ${name}: unavailable: ${availability.reason}`);
    try {
      return { name, tfjsName: await activate(name), reason: `${name} as requested: ${availability.reason}` };
    } catch (error) {
      throw new ConfigError(`--backend ${name}: failed to start: ${(error as Error).message}`);
    }
  }
  const skipped: string[] = [];
  for (const name of BACKEND_NAMES) {
    const availability = await probe(name);
    if (!availability.available) {
      skipped.push(`${name} (${briefly(availability.reason)})`);
      continue;
    }
    let because = '';
    if (name === 'webgpu') {
      const webgpu = await probeWebGpu();
      const pays = webgpu.available ? webGpuPaysOff(webgpu.info, workload) : { yes: false, why: '' };
      if (!pays.yes) {
        skipped.push(`webgpu (${pays.why})`);
        continue;
      }
      because = ` (${pays.why})`;
    }
    try {
      const tfjsName = await activate(name);
      const why = skipped.length > 0 ? `; skipped ${skipped.join(', ')}` : '';
      const workloadNote = workload ? `; for ${describeWorkload(workload)}` : '';
      return { name, tfjsName, reason: `auto chose ${name}: ${availability.reason}${because}${why}${workloadNote}` };
    } catch (error) {
      skipped.push(`${name} (failed to start: ${(error as Error).message})`);
    }
  }
  // cpu always starts, so this is unreachable unless TensorFlow.js itself is broken.
  throw new ConfigError(`no TensorFlow.js backend could start: ${skipped.join('; ')}`);
}
