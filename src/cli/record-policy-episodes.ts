/**
 * `palestra eval --record`: plays episodes with a checkpoint and writes them into the run's
 * episodes/ folder with, on each frame, the observation, the action taken and the acting
 * network's outputs (src/core/policy-trace.ts), so the viewer can run the same checkpoint on
 * the same observations in the browser and compare.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { observationLayout } from '../../agents/common/space-layout.js';
import { onHostWithAllVariables } from '../backend/index.js';
import type { Env } from '../core/env.js';
import { EPISODE_FORMAT, EPISODE_FORMAT_VERSION } from '../core/episode-format.js';
import type { SceneFrame } from '../core/scene.js';
import { decodeWire, encodeWire } from '../core/wire.js';
import { loadModel } from '../nn/io.js';
import type { Agent } from '../train/agent.js';
import { writeFileAtomicSync } from '../record/atomic-write.js';
import { gzipEpisodeText } from '../record/episode-file.js';
import { addToEpisodeIndex, episodeFileName, listEpisodes } from '../record/episode-index.js';
import { renderFpsOf } from '../record/first-env-episodes.js';
import { greedyAction, networkInputs, policyNetworkOf, sameAction, type PolicyEpisodeHeader, type PolicyFrameFields, type PolicyHeader } from '../core/policy-trace.js';
import { flatLayout, writeFlatObservation } from '../vector/flat-layout.js';

/** What recording needs of an agent. */
export type RecordingAgent = Pick<Agent, 'name' | 'config' | 'spaces' | 'numTimesteps' | 'act'>;

export interface RecordPolicyOptions {
  /** The run directory; episodes go to its episodes/ folder, numbered after those already there. */
  runDir: string;
  /** The checkpoint directory the agent was loaded from. */
  checkpointDir: string;
  /** How the viewer names that checkpoint: 'best' or a step of checkpoints/. */
  checkpoint: string;
  envId: string;
  makeEnv: () => Env;
  episodes: number;
  /** Episode k is reset with seed + k, as `evaluatePolicy` seeds them. */
  seed: number;
  deterministic: boolean;
  /** The active backend's name as the run reports it. */
  backend: string;
}

/** One recorded episode: its file and totals. */
export interface RecordedPolicyEpisode {
  file: string;
  episodeReturn: number;
  length: number;
  /** Frames whose action the network's greedy choice agrees with (deterministic evaluation only). */
  greedyAgreement?: { agree: number; total: number };
}

/** A frame as shown, copied so that an env reusing its arrays cannot change it, and what the policy did there. */
interface PendingFrame extends PolicyFrameFields {
  frame: SceneFrame;
}

/** An episode played: its frames, return and how it ended. */
interface PlayedEpisode {
  frames: PendingFrame[];
  episodeReturn: number;
  terminated: boolean;
  truncated: boolean;
}

/**
 * Plays `options.episodes` episodes one after the other with `agent`, recording every frame with
 * its observation, action and policy outputs. Acting runs as `palestra eval` acts (on the host
 * backend when the active one is webgpu); the outputs are computed on the active backend, one
 * batched forward pass per episode.
 *
 * @example const recorded = await recordPolicyEpisodes(agent, { runDir: 'runs/ppo-1', checkpointDir: 'runs/ppo-1/best', checkpoint: 'best', ... });
 */
export async function recordPolicyEpisodes(agent: RecordingAgent, options: RecordPolicyOptions): Promise<RecordedPolicyEpisode[]> {
  const policy = policyHeader(agent, options);
  const flat = flatLayout(agent.spaces.observationSpace, agent.name);
  const model = await loadModel(options.checkpointDir, { name: policy.network.name });
  const directory = join(options.runDir, 'episodes');
  mkdirSync(directory, { recursive: true });
  const known = listEpisodes(directory);
  let nextEpisode = known.length === 0 ? 0 : Math.max(...known.map((entry) => entry.episode)) + 1;
  const recorded: RecordedPolicyEpisode[] = [];
  try {
    for (let k = 0; k < options.episodes; k++) {
      const env = options.makeEnv();
      let played: PlayedEpisode;
      try {
        played = await onHostWithAllVariables(() => playEpisode(agent, env, options.seed + k, options.deterministic, flat));
      } finally {
        env.close();
      }
      await addPolicyOutputs(model, played.frames, policy);
      const header: PolicyEpisodeHeader = {
        kind: 'header',
        format: EPISODE_FORMAT,
        version: EPISODE_FORMAT_VERSION,
        envId: options.envId,
        episode: nextEpisode++,
        step: agent.numTimesteps,
        renderFps: renderFpsOf(env),
        createdAt: new Date().toISOString(),
        policy,
      };
      const file = writePolicyEpisode(directory, header, played);
      recorded.push({ file, episodeReturn: played.episodeReturn, length: played.frames.length - 1, ...(options.deterministic ? { greedyAgreement: greedyAgreement(played.frames, policy) } : {}) });
    }
  } finally {
    model.dispose();
  }
  return recorded;
}

/** How the agent's acting network is run on the recorded observations (the episode header's `policy`). */
function policyHeader(agent: RecordingAgent, options: RecordPolicyOptions): PolicyHeader {
  const observation = observationLayout(agent.spaces.observationSpace, agent.name);
  const actionJson = agent.spaces.actionSpace.toJSON();
  return {
    agent: agent.name,
    checkpoint: options.checkpoint,
    network: policyNetworkOf(agent.name, actionJson.type === 'Discrete'),
    observationShape: observation.shape,
    observationScale: observation.scale,
    actionStart: actionJson.type === 'Discrete' ? actionJson.start : 0,
    ...(actionJson.type === 'Box' ? { actionBox: { low: actionJson.low.map(Number), high: actionJson.high.map(Number), squash: agent.config['squash'] === 'tanh' ? 'tanh' : 'clip' } } : {}),
    ...(observation.entries ? { observationEntries: observation.entries.map(({ key, offset, size, shape, scale }) => ({ key, offset, size, shape, scale })) } : {}),
    deterministic: options.deterministic,
    backend: options.backend,
  };
}

/** Writes one episode file (header, scene lines where the scene changes, frames, end) and adds it to the index; returns its name. */
function writePolicyEpisode(directory: string, header: PolicyEpisodeHeader, played: PlayedEpisode): string {
  const file = episodeFileName(header.episode, header.step);
  const length = played.frames.length - 1;
  const lines = [encodeWire(header)];
  let lastScene: unknown;
  for (const pending of played.frames) {
    if (pending.frame.scene !== lastScene) lines.push(encodeWire({ kind: 'scene', scene: pending.frame.scene }));
    lastScene = pending.frame.scene;
    lines.push(encodeWire({ kind: 'frame', updates: pending.frame.updates, hud: pending.frame.hud, observation: pending.observation, action: pending.action, policyOutput: pending.policyOutput }));
  }
  lines.push(encodeWire({ kind: 'end', episodeReturn: played.episodeReturn, length, terminated: played.terminated, truncated: played.truncated }));
  writeFileAtomicSync(join(directory, file), gzipEpisodeText(lines.join('\n') + '\n'));
  addToEpisodeIndex(directory, { file, episode: header.episode, step: header.step, episodeReturn: played.episodeReturn, length, frames: played.frames.length });
  return file;
}

/** One episode on `env`: every frame (the state after reset first, the final state last) with its observation and action. */
function playEpisode(agent: RecordingAgent, env: Env, seed: number, deterministic: boolean, flat: ReturnType<typeof flatLayout>): PlayedEpisode {
  const frames: PendingFrame[] = [];
  const snapshot = (observation: unknown): PendingFrame | undefined => {
    const rendered = env.render();
    if (!rendered) return undefined;
    const values = new Float32Array(flat.size);
    writeFlatObservation(flat, observation, values, 0);
    // Encoding and decoding copies the updates and HUD; the scene object is kept as it is, so a
    // scene line is written only where the scene changes.
    const copy = decodeWire(encodeWire({ updates: rendered.updates, hud: rendered.hud })) as Pick<SceneFrame, 'updates' | 'hud'>;
    return { frame: { scene: rendered.scene, ...copy }, observation: values };
  };
  let { observation } = env.reset({ seed });
  let episodeReturn = 0;
  for (;;) {
    const shown = snapshot(observation);
    if (!shown) throw new Error(`${env.spec?.id ?? 'the env'} draws nothing (render() returned undefined): eval --record needs an env that renders`);
    frames.push(shown);
    const action = agent.act(observation, { deterministic });
    shown.action = typeof action === 'number' ? action : Float32Array.from(action as ArrayLike<number>);
    const result = env.step(action);
    episodeReturn += result.reward;
    observation = result.observation;
    if (result.terminated || result.truncated) {
      frames.push(snapshot(observation)!);
      return { frames, episodeReturn, terminated: result.terminated, truncated: result.truncated };
    }
  }
}

/** The network's outputs on every frame that has an action, in one batched forward pass on the active backend. */
async function addPolicyOutputs(model: tf.LayersModel, frames: PendingFrame[], policy: PolicyHeader): Promise<void> {
  const acted = frames.filter((frame) => frame.action !== undefined);
  if (acted.length === 0) return;
  const size = acted[0]!.observation!.length;
  const batch = new Float32Array(acted.length * size);
  acted.forEach((frame, i) => batch.set(frame.observation!, i * size));
  const inputs = networkInputs(policy, batch, acted.length);
  const output = tf.tidy(() => model.predict(inputs.length === 1 ? tf.tensor(inputs[0]!.values, inputs[0]!.shape) : inputs.map((input) => tf.tensor(input.values, input.shape))) as tf.Tensor);
  const values = (await output.data()) as Float32Array;
  const width = output.shape[1] ?? 1;
  output.dispose();
  acted.forEach((frame, i) => (frame.policyOutput = values.slice(i * width, (i + 1) * width)));
}

function greedyAgreement(frames: PendingFrame[], policy: PolicyHeader): { agree: number; total: number } {
  const acted = frames.filter((frame) => frame.action !== undefined && frame.policyOutput !== undefined);
  const agree = acted.filter((frame) => sameAction(policy, greedyAction(policy, frame.policyOutput!), frame.action!)).length;
  return { agree, total: acted.length };
}
