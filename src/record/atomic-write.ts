import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Palestra's one atomic file writer: readers see either the old content or the new, never half
 * of it. The bytes go to a temporary file in the same directory (created if needed), which is then
 * renamed over `path`; on failure the temporary file is removed. Two flavours, as Node's own fs
 * has: `writeFileAtomic` returns a promise (checkpoints, whose weights may be large, are written
 * without blocking the live viewer), `writeFileAtomicSync` returns when the file is in place
 * (small index files written from synchronous callbacks).
 */

let counter = 0;

/** A hidden name beside `path`, unique within this process and across processes. */
function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${counter++}.tmp`);
}

/**
 * Writes `data` to `path` atomically and returns when it is in place.
 *
 * @example writeFileAtomicSync('runs/a/episodes/index.json', JSON.stringify(list));
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = temporaryPathFor(path);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Writes `data` to `path` atomically, without blocking the event loop.
 *
 * @example await writeFileAtomic('runs/a/checkpoints/5000/weights.bin', bytes);
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = temporaryPathFor(path);
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
