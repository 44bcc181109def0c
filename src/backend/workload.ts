/**
 * When a GPU through WebGPU beats Palestra's CPU backends. Each tfjs-backend-webgpu kernel is a
 * dispatch with a fixed cost (tens of microseconds) and every value the agent reads back waits
 * for the queue, so small networks lose on a GPU however fast it is; convolutional networks on
 * batches of 32 or more images win. The thresholds come from `npm run bench:gpu` on an H200
 * (README, "GPU training").
 */
import type { WebGpuAdapterInfo } from './webgpu/adapter.js';

/** What a run will train, as far as backend choice cares. */
export interface Workload {
  /** True when the networks start with convolutions (image observations). */
  convolutional: boolean;
  /** Samples per gradient step (minibatch size). */
  batchSize?: number;
}

/** The smallest minibatch of a convolutional network at which a hardware GPU pays off. */
export const WEBGPU_MIN_CNN_BATCH = 32;

/**
 * Whether `auto` should take WebGPU on this adapter for this workload, and why not.
 *
 * @example webGpuPaysOff(info, { convolutional: true, batchSize: 256 }) // { yes: true, why: '...' }
 */
export function webGpuPaysOff(adapter: WebGpuAdapterInfo, workload: Workload | undefined): { yes: boolean; why: string } {
  if (adapter.software) return { yes: false, why: `the adapter is a software emulation (${adapter.description || adapter.device}), slower than the CPU` };
  if (!workload?.convolutional) return { yes: false, why: 'a small fully connected network runs faster on the CPU than through GPU dispatches' };
  const batch = workload.batchSize ?? 0;
  if (batch < WEBGPU_MIN_CNN_BATCH) return { yes: false, why: `a CNN at batch ${batch} is too small to pay for GPU dispatches (needs ${WEBGPU_MIN_CNN_BATCH}+)` };
  return { yes: true, why: `a CNN at batch ${batch} is faster on the GPU` };
}
