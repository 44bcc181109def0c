import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointError } from '../common/agent-file.js';
import type { ReplayBuffer } from './replay-buffer.js';

/** The replay buffer's file in a checkpoint directory (with `saveReplayBuffer`). */
export const REPLAY_FILE = 'replay.bin';

/** Bytes of one transition's fields after the observations: action, reward, terminated, discount. */
const TAIL_FIELDS = ['actions', 'rewards', 'terminated', 'discounts'] as const;

/**
 * Writes the buffer's transitions, oldest first, as raw little-endian arrays (observations,
 * next observations, then one array per field); returns what `loadReplay` needs to read them.
 *
 * @example const header = await saveReplay(buffer, 'runs/x/checkpoints/5000');
 */
export async function saveReplay(buffer: ReplayBuffer, dir: string): Promise<{ size: number; observationSize: number; storage: string }> {
  const order = insertionOrder(buffer);
  const size = buffer.observationSize;
  const parts: ArrayBufferView[] = [];
  for (const source of [buffer.observations, buffer.nextObservations]) {
    const rows = new (source.constructor as Uint8ArrayConstructor | Float32ArrayConstructor)(order.length * size);
    order.forEach((slot, k) => rows.set(source.subarray(slot * size, (slot + 1) * size), k * size));
    parts.push(rows);
  }
  for (const field of TAIL_FIELDS) {
    const source = buffer[field];
    const rows = new (source.constructor as Int32ArrayConstructor)(order.length);
    order.forEach((slot, k) => (rows[k] = source[slot]!));
    parts.push(rows);
  }
  await writeFile(join(dir, REPLAY_FILE), Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
  return { size: order.length, observationSize: size, storage: buffer.observations instanceof Uint8Array ? 'uint8' : 'float32' };
}

/**
 * Refills an empty buffer from `saveReplay`'s file, oldest transition first (a prioritized
 * buffer gives each the maximum priority, as new transitions get). Returns false when the
 * checkpoint has no replay file.
 */
export async function loadReplay(buffer: ReplayBuffer, dir: string, header: { size: number; observationSize: number; storage: string }): Promise<boolean> {
  const path = join(dir, REPLAY_FILE);
  if (!existsSync(path)) return false;
  const storage = buffer.observations instanceof Uint8Array ? 'uint8' : 'float32';
  if (header.observationSize !== buffer.observationSize || header.storage !== storage) {
    throw new CheckpointError(`${path}: the replay buffer holds ${header.storage} observations of size ${header.observationSize}, the agent needs ${storage} of size ${buffer.observationSize}`);
  }
  const bytes = await readFile(path);
  const n = header.size;
  const obsBytes = storage === 'uint8' ? 1 : 4;
  const expected = 2 * n * header.observationSize * obsBytes + n * (4 + 4 + 1 + 4);
  if (bytes.byteLength !== expected) throw new CheckpointError(`${path}: expected ${expected} bytes for ${n} transitions, found ${bytes.byteLength}`);
  const copy = new Uint8Array(bytes).buffer;
  let offset = 0;
  const take = <T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T, length: number, bytesPer: number): T => {
    const view = make(copy, offset, length);
    offset += length * bytesPer;
    return view;
  };
  const ObsArray = storage === 'uint8' ? Uint8Array : Float32Array;
  const obsLength = n * header.observationSize;
  const observations = take((b, o, l) => new ObsArray(b, o, l), obsLength, obsBytes);
  const nextObservations = take((b, o, l) => new ObsArray(b, o, l), obsLength, obsBytes);
  const actions = take((b, o, l) => new Int32Array(b, o, l), n, 4);
  const rewards = take((b, o, l) => new Float32Array(b, o, l), n, 4);
  const terminated = take((b, o, l) => new Uint8Array(b, o, l), n, 1);
  // Float32 data must start at a multiple of 4 bytes: copy the last array out.
  const discounts = new Float32Array(copy.slice(offset, offset + n * 4));
  const size = header.observationSize;
  for (let k = 0; k < n; k++) {
    buffer.add(observations.subarray(k * size, (k + 1) * size), actions[k]!, rewards[k]!, nextObservations.subarray(k * size, (k + 1) * size), terminated[k] === 1, discounts[k]!);
  }
  return true;
}

/** Slots from the oldest transition to the newest. */
function insertionOrder(buffer: ReplayBuffer): number[] {
  const next = buffer.nextSlot;
  if (buffer.size < buffer.capacity) return Array.from({ length: buffer.size }, (_, k) => k);
  return Array.from({ length: buffer.capacity }, (_, k) => (next + k) % buffer.capacity);
}
