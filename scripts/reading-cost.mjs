#!/usr/bin/env node
// Reading cost of an algorithm: the files and lines a reader opens to follow it from its entry
// file, by following relative imports (type-only ones included: a reader opens those too).
//
//   node scripts/reading-cost.mjs [--with-spine] [--list] agents/ppo/ppo.ts agents/dqn/dqn.ts
//
// By default only files under agents/ are followed and counted (the algorithm and the shared
// agent code); --with-spine also follows and counts src/ (the envs' API, vector envs, nn,
// training callbacks...). --list prints every file with its line count.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const withSpine = args.includes('--with-spine');
const list = args.includes('--list');
const entries = args.filter((a) => !a.startsWith('--'));
if (entries.length === 0) {
  console.error('usage: node scripts/reading-cost.mjs [--with-spine] [--list] <entry.ts>...');
  process.exit(2);
}
const scopes = withSpine ? ['agents/', 'src/'] : ['agents/'];

/** `import ... from './x.js'`, `export ... from './x.js'`, `import './x.js'`, `import('./x.js')`. */
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/** The .ts file a relative specifier names, or undefined when there is none. */
function resolveImport(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => c.endsWith('.ts') && existsSync(c));
}

function inScope(file) {
  const path = relative(root, file).split('\\').join('/');
  return scopes.some((scope) => path.startsWith(scope));
}

function lineCount(text) {
  if (text.length === 0) return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Every in-scope file reachable from `entry`, with its line count. */
function readingSet(entry) {
  const start = resolve(root, entry);
  if (!existsSync(start)) throw new Error(`reading-cost: no such file ${entry}`);
  const seen = new Map();
  const stack = [start];
  while (stack.length > 0) {
    const file = stack.pop();
    if (seen.has(file)) continue;
    const text = readFileSync(file, 'utf8');
    seen.set(file, lineCount(text));
    for (const match of text.matchAll(IMPORT)) {
      const target = resolveImport(file, match[1]);
      if (target && inScope(target) && !seen.has(target)) stack.push(target);
    }
  }
  return seen;
}

console.log(`scope: ${scopes.join(' + ')}`);
for (const entry of entries) {
  const files = readingSet(entry);
  const lines = [...files.values()].reduce((a, b) => a + b, 0);
  console.log(`${entry}: ${files.size} files, ${lines.toLocaleString('en-US')} lines`);
  if (list) {
    const rows = [...files.entries()].map(([file, count]) => [relative(root, file), count]).sort((a, b) => a[0].localeCompare(b[0]));
    for (const [file, count] of rows) console.log(`  ${String(count).padStart(5)}  ${file}`);
  }
}
