/**
 * What `palestra eval --record` adds to a recorded episode so that the policy can be run again
 * elsewhere (the browser viewer) on exactly the observations it saw: the header says which
 * checkpoint and network acted and how observations are fed to it, and each frame line carries
 * the observation shown, the action taken and the network's outputs on eval's backend.
 *
 * Plain data and pure functions only: the viewer imports this file as it is.
 */
import type { EpisodeLine } from './episode-format.js';

/** Which network of a checkpoint acts, and what its outputs mean. */
export interface PolicyNetwork {
  /** Base name of its model files in the checkpoint directory: `<name>.json` + `<name>.weights.bin`. */
  name: string;
  /** 'logits' (categorical policy), 'q-values' (argmax is the greedy action) or 'action-mean' (Box actions, before squashing). */
  outputs: 'logits' | 'q-values' | 'action-mean';
}

/** The `policy` field of a recorded episode's header: how to run the checkpoint on the frames' observations. */
export interface PolicyHeader {
  /** The agent's algorithm ('ppo', 'dqn', ...). */
  agent: string;
  /** The checkpoint inside the run: 'best' or a training step (`checkpoints/<step>`). */
  checkpoint: string;
  network: PolicyNetwork;
  /** Shape of one observation as the network takes it ([4], [10, 10, 4]). */
  observationShape: number[];
  /** Multiplier applied to observations before the network (1/255 for uint8 pixels, else 1). */
  observationScale: number;
  /** First index of a Discrete action space: greedy action = argmax of the outputs + this. */
  actionStart: number;
  /** Whether `action` is the greedy (deterministic) one, which argmax of the outputs must give. */
  deterministic: boolean;
  /** The TensorFlow.js backend that computed `policyOutput` (native, cpu, webgpu, ...). */
  backend: string;
}

/** What a frame line carries besides `updates` and `hud` in an episode recorded by `eval --record`. */
export interface PolicyFrameFields {
  /** The observation at this frame, flat, as the env gave it (before `observationScale`). */
  observation?: Float32Array;
  /** The action taken from this frame: an index of a Discrete space (plus its start), or Box numbers. Absent on the final frame. */
  action?: number | Float32Array;
  /** The policy network's outputs for `observation`, on the backend the header names. */
  policyOutput?: Float32Array;
}

/** A recorded episode's header with the policy that played it. */
export type PolicyEpisodeHeader = Extract<EpisodeLine, { kind: 'header' }> & { policy?: PolicyHeader };

/** One frame's policy record. */
export interface PolicyStep {
  /** Index of the frame in the episode. */
  frame: number;
  observation: Float32Array;
  action: number | Float32Array;
  policyOutput: Float32Array | undefined;
}

/** The acting network of an agent: DQN acts with its Q-network, the policy-gradient agents with their actor. */
export function policyNetworkOf(agent: string, discreteActions: boolean): PolicyNetwork {
  if (agent === 'dqn') return { name: 'q', outputs: 'q-values' };
  return { name: 'actor', outputs: discreteActions ? 'logits' : 'action-mean' };
}

/**
 * The frames of an episode's text (decoded JSON lines) at which an action was taken, with what
 * the recording says about them; empty for an episode recorded without `--record`.
 *
 * @example const steps = policySteps(text.split('\n').filter(Boolean).map(decodeWire));
 */
export function policySteps(lines: readonly unknown[]): PolicyStep[] {
  const steps: PolicyStep[] = [];
  let frame = 0;
  for (const line of lines) {
    const record = line as { kind?: string } & PolicyFrameFields;
    if (record?.kind !== 'frame') continue;
    if (record.observation instanceof Float32Array && record.action !== undefined) {
      steps.push({ frame, observation: record.observation, action: record.action, policyOutput: record.policyOutput instanceof Float32Array ? record.policyOutput : undefined });
    }
    frame++;
  }
  return steps;
}

/** Index of the largest of `values[offset .. offset + n)` (the first one on ties, as tf.argMax). */
export function argmax(values: ArrayLike<number>, offset = 0, n = values.length - offset): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (values[offset + j]! > values[offset + best]!) best = j;
  return best;
}
