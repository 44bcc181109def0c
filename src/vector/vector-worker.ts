/**
 * The body of each WorkerVectorEnv worker: builds its shard of sub-envs, then answers the
 * calling thread's requests one at a time. It waits with Atomics.wait rather than on messages,
 * because the calling thread blocks in `step()` and never turns its event loop while it waits.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { Info } from '../core/env.js';
import { NO_INFO, type VectorEnv } from './types.js';
import { flatLayout } from './flat-layout.js';
import { buildShard } from './shard.js';
import { Command, Control, CONTROL_WORDS, hasEntries, Status, type ResetRequest, type SharedBuffers, type WorkerInit, type WorkerMessage } from './worker-protocol.js';

const init = workerData as WorkerInit;
const control = new Int32Array(init.control);
const base = init.workerIndex * CONTROL_WORDS;

/** Tells the calling thread that the request it is waiting on has been answered. */
function answer(status: number, message?: WorkerMessage): void {
  // The message is queued on the port before the calling thread can wake and read it.
  if (message) init.port.postMessage(message);
  Atomics.store(control, base + Control.done, Atomics.load(control, base + Control.request));
  Atomics.store(control, base + Control.status, status);
  Atomics.notify(control, base + Control.status);
}

function answerError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  answer(Status.error, { kind: 'error', message, stack: error instanceof Error ? error.stack : undefined });
}

/** This shard's slices of the shared buffers. */
function sharedViews(shard: VectorEnv, buffers: SharedBuffers) {
  const { start, count } = init;
  const observationLayout = flatLayout(shard.singleObservationSpace, 'worker');
  const actionSize = flatLayout(shard.singleActionSpace, 'worker').size;
  const ObservationArray = observationLayout.arrayType;
  return {
    observations: new ObservationArray(buffers.observations, start * observationLayout.size * ObservationArray.BYTES_PER_ELEMENT, count * observationLayout.size),
    actions: new Float64Array(buffers.actions, start * actionSize * 8, count * actionSize),
    rewards: new Float64Array(buffers.rewards, start * 8, count),
    terminations: new Uint8Array(buffers.terminations, start, count),
    truncations: new Uint8Array(buffers.truncations, start, count),
  };
}

/** The infos worth sending, indexed in the whole batch. */
function nonEmptyInfos(infos: Info[]): [number, Info][] | undefined {
  let entries: [number, Info][] | undefined;
  for (let i = 0; i < infos.length; i++) {
    const info = infos[i]!;
    if (info !== NO_INFO && hasEntries(info)) (entries ??= []).push([init.start + i, info]);
  }
  return entries;
}

function answerWithInfos(infos: Info[]): void {
  const entries = nonEmptyInfos(infos);
  if (entries) answer(Status.okWithMessage, { kind: 'infos', entries });
  else answer(Status.ok);
}

function serve(shard: VectorEnv): void {
  let views: ReturnType<typeof sharedViews> | undefined;
  let seen = 0;
  for (;;) {
    // No polling before sleeping: on a machine with more busy threads than cores, a spinning
    // worker takes the core the calling thread needs (measured: 5x slower steps under load).
    Atomics.wait(control, base + Control.request, seen);
    seen = Atomics.load(control, base + Control.request);
    try {
      const command = Atomics.load(control, base + Control.command);
      if (command === Command.attach) {
        views = sharedViews(shard, receiveMessageOnPort(init.port)?.message as SharedBuffers);
        answer(Status.ok);
        continue;
      }
      if (!views) throw new Error('vector worker: a request came before the shared buffers');
      switch (command) {
        case Command.step: {
          const result = shard.step(views.actions);
          views.observations.set(result.observations);
          views.rewards.set(result.rewards);
          views.terminations.set(result.terminations);
          views.truncations.set(result.truncations);
          answerWithInfos(result.infos);
          break;
        }
        case Command.reset: {
          const request = receiveMessageOnPort(init.port)?.message as ResetRequest;
          const result = shard.reset({ seed: request.seeds, mask: request.mask, options: request.options });
          views.observations.set(result.observations);
          answerWithInfos(result.infos);
          break;
        }
        case Command.render:
          answer(Status.okWithMessage, { kind: 'frame', frame: shard.render() });
          break;
        case Command.close:
          shard.close();
          answer(Status.ok);
          init.port.close();
          return;
      }
    } catch (error) {
      answerError(error);
    }
  }
}

try {
  const shard = await buildShard(init.source, init.count, init.shardKind, init.autoresetMode);
  answer(Status.okWithMessage, {
    kind: 'ready',
    observationSpace: shard.singleObservationSpace.toJSON(),
    actionSpace: shard.singleActionSpace.toJSON(),
    metadata: shard.metadata,
    spec: shard.spec,
  });
  serve(shard);
} catch (error) {
  answerError(error);
}
