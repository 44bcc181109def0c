/**
 * Runs a run's checkpoint in the page on the observations of an episode recorded by
 * `palestra eval --record`, and compares what it computes with what eval computed in Node.
 */
import type * as TF from '@tensorflow/tfjs';
import { greedyAction, networkInputs, sameAction, type PolicyHeader, type PolicyStep } from '../../../src/core/policy-trace.js';
import { choosePolicyBackend, type PolicyBackend } from './policy-backend.js';

/** What running the policy in the page gave. */
export interface PolicyCheck {
  backend: PolicyBackend;
  /** The checkpoint the page loaded ('best' or a step). */
  checkpoint: string;
  /** Frames the policy ran on (those with an action). */
  steps: number;
  /** Index of each of those frames in the episode. */
  frames: number[];
  /** The network's outputs in the page, one row per step. */
  outputs: number[][];
  /** The page's greedy action per step: argmax + the space's start, or a Box action (the mean squashed into the bounds). */
  greedy: (number | number[])[];
  /** Steps whose recorded action equals the page's greedy one (deterministic recordings only). */
  agree: number | undefined;
  /** Largest |page output - recorded output| over all steps and outputs (undefined when nothing was recorded to compare with). */
  maxAbsDiff: number | undefined;
  /** Milliseconds of the batched forward pass, readback included. */
  forwardMs: number;
}

/** The URL of a checkpoint file on the server (src/server/checkpoint-files.ts). */
export function checkpointUrl(runId: string, checkpoint: string, file: string): string {
  return `/api/runs/${encodeURIComponent(runId)}/agent/${encodeURIComponent(checkpoint)}/${encodeURIComponent(file)}`;
}

/**
 * Loads checkpoint `checkpoint` of run `runId` with TensorFlow.js on the chosen backend and runs
 * its acting network on every recorded observation in one batch.
 *
 * @example const check = await checkPolicy({ runId: 'ppo-1', checkpoint: 'best', header, steps, backend: null });
 */
export async function checkPolicy(options: { runId: string; checkpoint: string; header: PolicyHeader; steps: PolicyStep[]; backend: string | null }): Promise<PolicyCheck> {
  const { header, steps } = options;
  if (steps.length === 0) throw new Error('this episode has no recorded observations (record one with palestra eval <run> --record)');
  const tf = await import('@tensorflow/tfjs');
  const backend = await choosePolicyBackend(tf, options.backend);
  const model = await tf.loadLayersModel(checkpointUrl(options.runId, options.checkpoint, `${header.network.name}.json`));
  try {
    const size = steps[0]!.observation.length;
    const batch = new Float32Array(steps.length * size);
    steps.forEach((step, i) => batch.set(step.observation, i * size));
    const inputs = networkInputs(header, batch, steps.length);
    if (model.inputs.length !== inputs.length) throw new Error(`the ${header.network.name} network takes ${model.inputs.length} inputs, but the recording describes ${inputs.length}`);
    const started = performance.now();
    const output = tf.tidy(() => model.predict(inputs.length === 1 ? tf.tensor(inputs[0]!.values, inputs[0]!.shape) : inputs.map((input) => tf.tensor(input.values, input.shape))) as TF.Tensor);
    const values = await output.data();
    const forwardMs = performance.now() - started;
    const width = output.shape[1] ?? 1;
    output.dispose();
    const outputs = steps.map((_, i) => Array.from(values.subarray(i * width, (i + 1) * width)));
    return { backend, checkpoint: options.checkpoint, steps: steps.length, frames: steps.map((step) => step.frame), outputs, forwardMs, ...compare(header, steps, outputs) };
  } finally {
    model.dispose();
  }
}

function compare(header: PolicyHeader, steps: PolicyStep[], outputs: number[][]): Pick<PolicyCheck, 'greedy' | 'agree' | 'maxAbsDiff'> {
  const greedy = outputs.map((row) => greedyAction(header, row));
  const agree = header.deterministic ? greedy.filter((action, i) => sameAction(header, action, steps[i]!.action)).length : undefined;
  let maxAbsDiff: number | undefined;
  steps.forEach((step, i) => {
    if (!step.policyOutput) return;
    for (let j = 0; j < step.policyOutput.length; j++) maxAbsDiff = Math.max(maxAbsDiff ?? 0, Math.abs(outputs[i]![j]! - step.policyOutput[j]!));
  });
  return { greedy, agree, maxAbsDiff };
}
