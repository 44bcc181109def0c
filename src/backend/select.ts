/**
 * Choosing the TensorFlow.js backend a run uses: `auto` takes the fastest one that works here,
 * in the order tensorflow-gpu, tensorflow, native, wasm, cpu, and says why it skipped the others.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, describeValue } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { nativeAddonStatus } from './native/addon.js';
import { NATIVE_BACKEND_NAME, registerNativeBackend } from './native/backend.js';

/** Backends in the order `auto` tries them. */
export const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'native', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendChoice = BackendName | 'auto';

export interface BackendAvailability {
  name: BackendName;
  available: boolean;
  /** Why it is or is not usable, in a sentence a user can act on. */
  reason: string;
}

export interface BackendSelection {
  name: BackendName;
  /** The name TensorFlow.js knows it by (tf.getBackend()): 'tensorflow', 'native', 'wasm', 'cpu'. */
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

function probe(name: BackendName): BackendAvailability {
  switch (name) {
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
 * Every backend with whether it can be used here and why (for `palestra backends`).
 *
 * @example for (const b of describeBackends()) console.log(b.name, b.available, b.reason);
 */
export function describeBackends(): BackendAvailability[] {
  return BACKEND_NAMES.map(probe);
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
 * tensorflow-gpu, tensorflow, native, wasm, cpu. Throws a ConfigError naming the cause when an
 * explicitly chosen backend is unavailable.
 *
 * @example const { name, reason } = await selectBackend('auto'); console.log(`backend: ${name} (${reason})`);
 */
export async function selectBackend(choice: string = 'auto'): Promise<BackendSelection> {
  if (choice !== 'auto' && !(BACKEND_NAMES as readonly string[]).includes(choice)) {
    throw new ConfigError(
      `unknown backend ${describeValue(choice)}.${didYouMean(choice, [...BACKEND_NAMES, 'auto'])} Expected auto, ${BACKEND_NAMES.join(', ')}`,
    );
  }
  if (choice !== 'auto') {
    const name = choice as BackendName;
    const availability = probe(name);
    if (!availability.available) throw new ConfigError(`--backend ${name}: unavailable: ${availability.reason}`);
    try {
      return { name, tfjsName: await activate(name), reason: `${name} as requested: ${availability.reason}` };
    } catch (error) {
      throw new ConfigError(`--backend ${name}: failed to start: ${(error as Error).message}`);
    }
  }
  const skipped: string[] = [];
  for (const name of BACKEND_NAMES) {
    const availability = probe(name);
    if (!availability.available) {
      skipped.push(`${name} (${briefly(availability.reason)})`);
      continue;
    }
    try {
      const tfjsName = await activate(name);
      const why = skipped.length > 0 ? `; skipped ${skipped.join(', ')}` : '';
      return { name, tfjsName, reason: `auto chose ${name}: ${availability.reason}${why}` };
    } catch (error) {
      skipped.push(`${name} (failed to start: ${(error as Error).message})`);
    }
  }
  // cpu always starts, so this is unreachable unless TensorFlow.js itself is broken.
  throw new ConfigError(`no TensorFlow.js backend could start: ${skipped.join('; ')}`);
}
