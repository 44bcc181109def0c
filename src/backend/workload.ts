/**
 * When a GPU through WebGPU beats Palestra's CPU backends. Each tfjs-backend-webgpu kernel costs
 * 250-370 us of CPU time to issue through Dawn's Node bindings (measured on an H200 machine), so
 * small networks lose on a GPU however fast it is. Measured with `npm run bench:gpu` against the
 * native backend on the same machine's 16 cores (README, "GPU training"): the Nature CNN on 84x84
 * frames trains 2.1x faster at batch 32 and 1.5x at 256, PilotNet (66x200) 1.3x at batch 32, PPO
 * on camera images 1.15x end to end; the MinAtar CNN (10x10) is 3x slower. So `auto` takes
 * webgpu for CNNs on frames of at least 84x84 pixels at batch 32 or more.
 */
import type { WebGpuAdapterInfo } from './webgpu/adapter.js';

/** What a run will train, as far as backend choice cares. */
export interface Workload {
  /** True when the networks start with convolutions (image observations). */
  convolutional: boolean;
  /** Samples per gradient step (minibatch size). */
  batchSize?: number;
  /** Height x width of the input images, for convolutional networks. */
  imagePixels?: number;
  /**
   * Why this workload cannot run on webgpu, when it cannot (an agent that reads results back
   * synchronously on every step: Node's WebGPU has only asynchronous reads).
   */
  notOnWebGpu?: string;
}

/** The smallest minibatch of a convolutional network at which a hardware GPU pays off. */
export const WEBGPU_MIN_CNN_BATCH = 32;
/** The smallest input image (height x width) at which a hardware GPU pays off: Atari's 84x84. */
export const WEBGPU_MIN_IMAGE_PIXELS = 84 * 84;

/**
 * Whether `auto` should take WebGPU on this adapter for this workload, and why not.
 *
 * @example webGpuPaysOff(info, { convolutional: true, batchSize: 256, imagePixels: 84 * 84 }) // { yes: true, why: '...' }
 */
export function webGpuPaysOff(adapter: WebGpuAdapterInfo, workload: Workload | undefined): { yes: boolean; why: string } {
  if (adapter.software) return { yes: false, why: `the adapter is a software emulation (${adapter.description || adapter.device}), slower than the CPU` };
  if (workload?.notOnWebGpu) return { yes: false, why: workload.notOnWebGpu };
  if (!workload?.convolutional) return { yes: false, why: 'a small fully connected network runs faster on the CPU than through GPU dispatches' };
  const batch = workload.batchSize ?? 0;
  if (batch < WEBGPU_MIN_CNN_BATCH) return { yes: false, why: `a CNN at batch ${batch} is too small to pay for GPU dispatches (needs ${WEBGPU_MIN_CNN_BATCH}+)` };
  const pixels = workload.imagePixels ?? 0;
  if (pixels < WEBGPU_MIN_IMAGE_PIXELS) return { yes: false, why: `a CNN on ${pixels}-pixel images is too small to pay for GPU dispatches (needs 84x84+)` };
  return { yes: true, why: `a CNN on ${pixels}-pixel images at batch ${batch} trains faster on the GPU` };
}

/**
 * The workload in a few words, for the line a run prints about its backend.
 *
 * @example describeWorkload({ convolutional: true, batchSize: 32, imagePixels: 100 }) // 'a CNN on 100-pixel images at batch 32'
 */
export function describeWorkload(workload: Workload): string {
  const batch = workload.batchSize === undefined ? '' : ` at batch ${workload.batchSize}`;
  return workload.convolutional ? `a CNN on ${workload.imagePixels ?? '?'}-pixel images${batch}` : `a fully connected network${batch}`;
}
