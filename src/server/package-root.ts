import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Palestra package's root directory, from this file's location in src/ or dist/src/. */
export function packageRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'palestra') return directory;
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`cannot find the palestra package root above ${fileURLToPath(import.meta.url)}`);
    directory = parent;
  }
}

/** Where `npm run build:viewer` puts the viewer app. */
export function defaultViewerDir(): string {
  return join(packageRoot(), 'viewer', 'dist');
}
