/**
 * Finding a WebGPU adapter in Node: the optional `webgpu` package (Dawn's Node bindings) provides
 * `navigator.gpu`; Dawn then looks for a Vulkan (Linux), Metal (macOS) or D3D12 (Windows) driver.
 * The answer is probed once per process and kept, since asking Dawn again costs time and gives
 * the same adapter.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** What Dawn says about the adapter it found (GPUAdapterInfo, plus whether it is emulated). */
export interface WebGpuAdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  /** The driver, e.g. "NVIDIA: 580.65.06" or "SwiftShader driver 5.0.0". */
  description: string;
  /**
   * True for a CPU emulation of a GPU (SwiftShader, llvmpipe, lavapipe, WARP): fine for
   * checking kernels, far slower than the CPU backends for training.
   */
  software: boolean;
}

export type WebGpuProbe =
  | { available: true; adapter: GpuAdapterLike; info: WebGpuAdapterInfo; reason: string }
  | { available: false; reason: string };

const requireFromHere = createRequire(import.meta.url);

/**
 * The few WebGPU API members used here, declared locally so that Palestra's types do not depend
 * on the optional package's @webgpu/types.
 */
export interface GpuAdapterLike {
  readonly info: { vendor?: string; architecture?: string; device?: string; description?: string };
  readonly isFallbackAdapter?: boolean;
  readonly features: ReadonlySet<string>;
  readonly limits: Record<string, number>;
  requestDevice(descriptor?: object): Promise<unknown>;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<GpuAdapterLike | null>;
}

/** Adapters that emulate a GPU on the CPU, by the names their drivers give. */
const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|softpipe|warp|microsoft basic render/i;

/** Vendor, device and driver in one phrase, e.g. "nvidia hopper (NVIDIA H200, driver 580.65)". */
export function describeAdapter(info: WebGpuAdapterInfo): string {
  const parts = [info.vendor, info.architecture].filter((p) => p.length > 0).join(' ');
  const detail = [info.device, info.description].filter((p) => p.length > 0).join(', ');
  return `${parts || 'unknown vendor'}${detail ? ` (${detail})` : ''}${info.software ? ', a software emulation' : ''}`;
}

/** How to test without a GPU on Debian/Ubuntu, where the chromium package ships SwiftShader. */
const SWIFTSHADER_HINT =
  'to test without a GPU, use Chromium\'s SwiftShader: LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json';

/** Where users get a driver Dawn accepts, appended to "no adapter" reasons. */
function driverAdvice(): string {
  if (process.platform !== 'linux') return 'Dawn found no GPU driver it can use';
  return `Dawn found no Vulkan driver it can use (Mesa's lavapipe is refused); ${SWIFTSHADER_HINT}`;
}

/** Directories the Vulkan loader reads driver manifests (ICD .json files) from, per its docs. */
const VULKAN_ICD_DIRS = ['/etc/vulkan/icd.d', '/usr/share/vulkan/icd.d', '/usr/local/share/vulkan/icd.d', '/usr/local/nvidia/share/vulkan/icd.d'];

/**
 * On Linux, why Dawn cannot find a Vulkan driver, checked without starting Dawn (which prints its
 * own warnings on stderr when there is none): no libvulkan.so.1 loader, or no driver manifest.
 * Undefined when both are there, or on other systems.
 */
export function missingVulkan(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  const libraryDirs = [
    ...(process.env['LD_LIBRARY_PATH'] ?? '').split(':').filter(Boolean),
    '/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib/aarch64-linux-gnu',
    '/lib64', '/usr/lib64', '/lib', '/usr/lib', '/usr/local/lib',
  ];
  if (!libraryDirs.some((dir) => existsSync(join(dir, 'libvulkan.so.1')))) {
    return 'no Vulkan loader (libvulkan.so.1; Debian/Ubuntu: apt install libvulkan1)';
  }
  const named = [process.env['VK_DRIVER_FILES'], process.env['VK_ICD_FILENAMES']].filter((v): v is string => !!v).flatMap((v) => v.split(':'));
  if (named.length > 0) return named.some((file) => existsSync(file)) ? undefined : `no Vulkan driver manifest at ${named.join(', ')}`;
  const found = VULKAN_ICD_DIRS.some((dir) => existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.json')));
  return found ? undefined : `no Vulkan driver (no manifest in ${VULKAN_ICD_DIRS.slice(0, 2).join(' or ')})`;
}

let probed: Promise<WebGpuProbe> | undefined;

/**
 * Whether WebGPU can run here, with the adapter Dawn picks for high performance. Installs the
 * WebGPU globals (GPUBufferUsage, ...) and `navigator.gpu` that tfjs-backend-webgpu reads.
 *
 * @example const probe = await probeWebGpu(); if (probe.available) console.log(describeAdapter(probe.info));
 */
export function probeWebGpu(): Promise<WebGpuProbe> {
  probed ??= findAdapter();
  return probed;
}

async function findAdapter(): Promise<WebGpuProbe> {
  const noVulkan = missingVulkan();
  if (noVulkan) return { available: false, reason: `no WebGPU adapter: ${noVulkan}; ${SWIFTSHADER_HINT}` };
  const existing = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  let gpu: GpuLike | undefined = existing;
  if (!gpu) {
    let dawn: { create(flags: string[]): GpuLike; globals: Record<string, unknown> };
    try {
      requireFromHere.resolve('webgpu');
      dawn = (await import('webgpu' as string)) as typeof dawn;
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' || (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND';
      return {
        available: false,
        reason: missing
          ? 'the webgpu package (Dawn for Node) is not installed (optional: npm install webgpu)'
          : `the webgpu package failed to load: ${(error as Error).message}`,
      };
    }
    // Dawn warns on stderr when XDG_RUNTIME_DIR is unset; it only needs a directory it may use.
    process.env['XDG_RUNTIME_DIR'] ??= (await import('node:os')).tmpdir();
    Object.assign(globalThis, dawn.globals);
    gpu = dawn.create([]);
    // Node 21+ defines a read-only `navigator`; add `gpu` to it rather than replacing it.
    const nav = (globalThis as { navigator?: object }).navigator;
    if (nav) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
    else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  }
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { available: false, reason: `no WebGPU adapter: ${driverAdvice()}` };
  const raw = adapter.info;
  const fields = { vendor: raw.vendor ?? '', architecture: raw.architecture ?? '', device: raw.device ?? '', description: raw.description ?? '' };
  const fallback = adapter.isFallbackAdapter === true || (raw as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  const info: WebGpuAdapterInfo = { ...fields, software: fallback || SOFTWARE_ADAPTER.test(Object.values(fields).join(' ')) };
  return { available: true, adapter, info, reason: `WebGPU on ${describeAdapter(info)}` };
}
