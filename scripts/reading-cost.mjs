#!/usr/bin/env node
// Reading cost of an algorithm: the files and lines a reader opens to follow it from its entry
// file, by following relative imports (type-only ones included: a reader opens those too).
//
//   node scripts/reading-cost.mjs [--with-spine] [--list] [--whole-barrels] agents/ppo/ppo.ts agents/dqn/dqn.ts
//
// By default only files under agents/ are followed and counted (the algorithm and the shared
// agent code); --with-spine also follows and counts src/ (the envs' API, vector envs, nn,
// training callbacks...). --list prints every file with its line count.
//
// A barrel (`export { x } from './x.js'`) is opened, but only the re-exports of the names the
// reader came for are followed, as a reader skips the rest of an index; --whole-barrels follows
// every re-export instead (an upper bound).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const withSpine = args.includes('--with-spine');
const list = args.includes('--list');
const wholeBarrels = args.includes('--whole-barrels');
const entries = args.filter((a) => !a.startsWith('--'));
if (entries.length === 0) {
  console.error('usage: node scripts/reading-cost.mjs [--with-spine] [--list] [--whole-barrels] <entry.ts>...');
  process.exit(2);
}
const scopes = withSpine ? ['agents/', 'src/'] : ['agents/'];
const ALL = '*';

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

/** The names inside `{ a, type b, c as d }`: the exported ones (a, b, c). */
function braceNames(inside) {
  return inside
    .split(',')
    .map((part) => part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0].trim())
    .filter((name) => name.length > 0);
}

/**
 * A file's relative imports: `uses` are needed by the file's own code (followed whatever the
 * reader came for), `reexports` pass names through (followed for the names asked of this file).
 */
function importsOf(text) {
  const uses = [];
  const reexports = [];
  // At the start of a line, so that `@example` lines in comments do not count.
  const statement = /^[ \t]*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"](\.{1,2}\/[^'"]+)['"]/gm;
  for (const [, keyword, , clause, specifier] of text.matchAll(statement)) {
    const braces = /\{([^}]*)\}/.exec(clause);
    if (keyword === 'export') {
      reexports.push({ specifier, names: braces ? braceNames(braces[1]) : ALL });
    } else {
      const hasOther = clause.replace(/\{[^}]*\}/, '').replace(/,/g, '').trim().length > 0;
      uses.push({ specifier, names: braces && !hasOther ? braceNames(braces[1]) : ALL });
    }
  }
  // Side-effect and dynamic imports: the whole module.
  for (const [, specifier] of text.matchAll(/^[ \t]*import\s*['"](\.{1,2}\/[^'"]+)['"]/gm)) uses.push({ specifier, names: ALL });
  for (const [, specifier] of text.matchAll(/\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) uses.push({ specifier, names: ALL });
  return { uses, reexports };
}

/** Every in-scope file reachable from `entry`, with its line count. */
function readingSet(entry) {
  const start = resolve(root, entry);
  if (!existsSync(start)) throw new Error(`reading-cost: no such file ${entry}`);
  const lines = new Map();
  /** Per file, the names already followed through it (ALL once everything was). */
  const asked = new Map();
  const queue = [[start, ALL]];
  while (queue.length > 0) {
    const [file, names] = queue.pop();
    const before = asked.get(file);
    if (before === ALL || (before && names !== ALL && names.every((n) => before.has(n)))) continue;
    asked.set(file, names === ALL ? ALL : new Set([...(before ?? []), ...names]));
    const text = readFileSync(file, 'utf8');
    const firstVisit = !lines.has(file);
    lines.set(file, lineCount(text));
    const { uses, reexports } = importsOf(text);
    const follow = (specifier, wanted) => {
      const target = resolveImport(file, specifier);
      if (target && inScope(target)) queue.push([target, wanted]);
    };
    if (firstVisit) for (const use of uses) follow(use.specifier, use.names);
    for (const re of reexports) {
      if (wholeBarrels || names === ALL) follow(re.specifier, re.names);
      else if (re.names === ALL) follow(re.specifier, names);
      else {
        const wanted = re.names.filter((n) => names.includes(n));
        if (wanted.length > 0) follow(re.specifier, wanted);
      }
    }
  }
  return lines;
}

console.log(`scope: ${scopes.join(' + ')}${wholeBarrels ? ' (whole barrels)' : ''}`);
for (const entry of entries) {
  const files = readingSet(entry);
  const lines = [...files.values()].reduce((a, b) => a + b, 0);
  console.log(`${entry}: ${files.size} files, ${lines.toLocaleString('en-US')} lines`);
  if (list) {
    const rows = [...files.entries()].map(([file, count]) => [relative(root, file), count]).sort((a, b) => a[0].localeCompare(b[0]));
    for (const [file, count] of rows) console.log(`  ${String(count).padStart(5)}  ${file}`);
  }
}
