/**
 * The dependency rule, checked on every import in the tree (docs/ARCHITECTURE.md):
 * the spine never imports an env family, an agent or the composition layer; env families and
 * agents never import each other; the browser viewer imports only the shared wire formats.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importViolations, layerOf, type ImportEdge } from './layers.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function* typeScriptFiles(folder: string): Generator<string> {
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') yield* typeScriptFiles(path);
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      yield path.split(sep).join('/');
    }
  }
}

/** Every relative import, re-export and dynamic import() in a file, resolved against the repo root. */
function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"](\.[^'"]+)['"]/gm);
  return [...specifiers].map((match) => {
    const target = relative(root, resolve(root, dirname(file), match[1]!)).split(sep).join('/');
    return { from: file, to: target };
  });
}

const edges = ['src', 'envs', 'agents', 'viewer/src'].flatMap((folder) => [...typeScriptFiles(folder)].flatMap(importsOf));

describe('the dependency rule', () => {
  it('reads a real tree of imports', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges.some((edge) => edge.from === 'src/index.ts' && edge.to.startsWith('agents/'))).toBe(true);
  });

  it('holds for every import in src/, envs/, agents/ and viewer/src/', () => {
    expect(importViolations(edges)).toEqual([]);
  });

  it('names the layers', () => {
    expect(layerOf('src/vector/make-vec.ts')).toBe('spine');
    expect(layerOf('src/registry.ts')).toBe('spine');
    expect(layerOf('src/cli/commands/train.ts')).toBe('composition');
    expect(layerOf('src/server/server.ts')).toBe('composition');
    expect(layerOf('src/index.ts')).toBe('composition');
    expect(layerOf('envs/cartpole/cartpole.ts')).toBe('envs');
    expect(layerOf('agents/ppo/ppo.ts')).toBe('agents');
    expect(layerOf('viewer/src/main.ts')).toBe('viewer');
  });

  it('catches an import that points the wrong way, and says which rule it breaks', () => {
    const wrong: ImportEdge[] = [
      { from: 'src/vector/vector-worker.ts', to: 'envs/index.js' },
      { from: 'src/train/train-run.ts', to: 'src/cli/commands/train.js' },
      { from: 'envs/cartpole/cartpole.ts', to: 'agents/ppo/ppo.js' },
      { from: 'agents/dqn/dqn.ts', to: 'envs/minatar/index.js' },
      { from: 'viewer/src/main.ts', to: 'src/server/server.js' },
    ];
    const found = importViolations(wrong);
    expect(found).toHaveLength(5);
    expect(found[0]).toBe('src/vector/vector-worker.ts imports envs/index.js: the spine (src/ outside the CLI, server and package entry) never imports an env family');
    expect(importViolations([{ from: 'src/cli/commands/train.ts', to: 'agents/ppo/ppo.js' }])).toEqual([]);
  });
});
