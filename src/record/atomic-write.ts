import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

let counter = 0;

/**
 * Writes a file so that readers see either the old content or the new, never half of it:
 * the bytes go to a temporary file in the same directory, which is then renamed over `path`.
 *
 * @example writeFileAtomic('runs/a/episodes/index.json', JSON.stringify(list));
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
