/**
 * What `palestra train` will compute, told to the backend chooser before anything is built, so
 * that `--backend auto` decides on the real networks (a CNN on 84x84 frames at batch 256 is
 * another question than a 64-unit MLP) rather than on a guess.
 */
import { observationLayout } from '../../agents/common/space-layout.js';
import type { Workload } from '../backend/index.js';
import { isParallelEnvId } from '../multi-agent/parallel-registry.js';
import { make } from '../registry.js';

/** The parts of a training plan the workload depends on. */
export interface WorkloadPlan {
  envId: string;
  envKwargs?: Record<string, unknown>;
  agent: string;
  numEnvs: number;
}

/**
 * The workload of training `plan.agent` on `plan.envId` with the resolved hyperparameters:
 * whether the networks are CNNs and on how large images, and the minibatch of a gradient step
 * (`batchSize`, or a whole rollout of nSteps x envs for A2C and REINFORCE). Undefined for a
 * multi-agent env, whose agents choose for themselves.
 *
 * @example trainingWorkload({ envId: 'MinAtar/Breakout-v1', agent: 'dqn', numEnvs: 1 }, { batchSize: 32 }) // { convolutional: true, batchSize: 32, imagePixels: 100, notOnWebGpu: '...' }
 */
export function trainingWorkload(plan: WorkloadPlan, config: Readonly<Record<string, unknown>>): Workload | undefined {
  if (isParallelEnvId(plan.envId)) return undefined;
  const env = make(plan.envId, plan.envKwargs ?? {});
  const space = env.observationSpace;
  env.close();
  const layout = observationLayout(space, plan.agent);
  // A Dict observation's networks are as heavy as their largest image entry.
  const images = layout.entries ? layout.entries.filter((entry) => entry.image).map((entry) => entry.shape) : layout.image ? [layout.shape] : [];
  const imagePixels = Math.max(0, ...images.map((shape) => shape[0]! * shape[1]!));
  const batchSize = typeof config['batchSize'] === 'number' ? config['batchSize'] : typeof config['nSteps'] === 'number' ? config['nSteps'] * plan.numEnvs : undefined;
  return {
    convolutional: images.length > 0,
    ...(batchSize === undefined ? {} : { batchSize }),
    ...(images.length > 0 ? { imagePixels } : {}),
    // As the agents themselves declare it to ensureBackend (agents/dqn/dqn.ts, agents/a2c/a2c.ts):
    // only PPO reads its update statistics back asynchronously.
    ...(plan.agent === 'ppo' ? {} : { notOnWebGpu: `${plan.agent} reads its results back synchronously, which webgpu in Node cannot` }),
  };
}
