import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
export const VIEWER_DIST = join(ROOT, 'viewer', 'dist');
const LOCK = join(ROOT, 'viewer', '.build-lock');

/** The newest modification time of the viewer's sources (and the protocol files it imports from src/core). */
function newestSource(): number {
  const protocol = ['scene.ts', 'wire.ts', 'episode-format.ts', 'base64.ts', 'frame-codec.ts', 'policy-trace.ts'].map((name) => join(ROOT, 'src', 'core', name));
  const files: string[] = [...protocol, join(ROOT, 'viewer', 'index.html'), join(ROOT, 'viewer', 'vite.config.ts')];
  const walk = (directory: string): void => {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(join(ROOT, 'viewer', 'src'));
  return Math.max(...files.map((file) => statSync(file).mtimeMs));
}

function isFresh(): boolean {
  const index = join(VIEWER_DIST, 'index.html');
  return existsSync(index) && statSync(index).mtimeMs >= newestSource();
}

/**
 * Builds viewer/dist when it is missing or older than the viewer's sources, so browser tests
 * always test the current code. Test files run in parallel: a lock directory makes one build
 * while the others wait for it.
 */
export async function ensureViewerBuilt(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (isFresh()) return;
    try {
      mkdirSync(LOCK);
    } catch {
      // Another test file is building; a lock older than two minutes is a leftover.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for another test file to build the viewer');
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    try {
      if (!isFresh()) execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', join(ROOT, 'viewer'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'pipe' });
      return;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
