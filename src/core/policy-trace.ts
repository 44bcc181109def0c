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
  /** Box actions: the bounds and how the network's mean is brought into them (the agent's `squash`). */
  actionBox?: { low: number[]; high: number[]; squash: 'tanh' | 'clip' };
  /**
   * Dict observations: the network's inputs, in order, each cut from the flat observation at
   * `offset` (`size` numbers, reshaped to `shape`, times `scale`). Absent: one input of
   * `observationShape` scaled by `observationScale`.
   */
  observationEntries?: { key: string; offset: number; size: number; shape: number[]; scale: number }[];
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

/** One input of the network for a batch: scaled values and their shape, batch axis first. */
export interface NetworkInput {
  values: Float32Array;
  shape: number[];
}

/**
 * The network's inputs for `count` flat observations laid side by side in `batch`, scaled as
 * the agent scales them: one input, or one per Dict entry.
 *
 * @example const [input] = networkInputs(header, batch, 57); tf.tensor(input.values, input.shape)
 */
export function networkInputs(header: PolicyHeader, batch: Float32Array, count: number): NetworkInput[] {
  const size = batch.length / count;
  const entries = header.observationEntries ?? [{ key: '', offset: 0, size, shape: header.observationShape, scale: header.observationScale }];
  return entries.map((entry) => {
    const values = new Float32Array(count * entry.size);
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < entry.size; j++) values[i * entry.size + j] = batch[i * size + entry.offset + j]! * entry.scale;
    }
    return { values, shape: [count, ...entry.shape] };
  });
}

/**
 * The action a deterministic policy takes given its network's outputs: argmax (+ the space's
 * start) of logits or Q-values; the mean brought into a Box's bounds (clip, or tanh rescaled).
 */
export function greedyAction(header: PolicyHeader, outputs: ArrayLike<number>): number | number[] {
  const box = header.actionBox;
  if (!box) return argmax(outputs) + header.actionStart;
  return Array.from(outputs, (u, j) => (box.squash === 'clip' ? Math.min(Math.max(u, box.low[j]!), box.high[j]!) : box.low[j]! + ((Math.tanh(u) + 1) / 2) * (box.high[j]! - box.low[j]!)));
}

/**
 * Whether two actions are the same: equal indices, or Box actions within 1e-5 of the bound's
 * width (float32 rounding of the mean, not a different decision).
 */
export function sameAction(header: PolicyHeader, a: number | ArrayLike<number>, b: number | ArrayLike<number>): boolean {
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  const box = header.actionBox;
  if (!box || a.length !== b.length) return false;
  for (let j = 0; j < a.length; j++) if (Math.abs(a[j]! - b[j]!) > 1e-5 * Math.max(1, box.high[j]! - box.low[j]!)) return false;
  return true;
}

/** Index of the largest of `values[offset .. offset + n)` (the first one on ties, as tf.argMax). */
export function argmax(values: ArrayLike<number>, offset = 0, n = values.length - offset): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (values[offset + j]! > values[offset + best]!) best = j;
  return best;
}
