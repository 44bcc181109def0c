#!/usr/bin/env node
// The `palestra` command. In a source checkout (src/ present) it runs the TypeScript sources
// through tsx, so edits take effect without a build; an installed package runs the compiled
// dist/ that `npm run build` (the "prepare" script) produced.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/cli/main.ts', import.meta.url);
const compiled = new URL('../dist/src/cli/main.js', import.meta.url);

let entry;
if (existsSync(fileURLToPath(source))) {
  const { register } = await import('tsx/esm/api');
  register();
  // Custom env modules (.ts) load through the loader registered here.
  process.env.PALESTRA_TSX_LOADED = '1';
  entry = source;
} else if (existsSync(fileURLToPath(compiled))) {
  entry = compiled;
} else {
  process.stderr.write('palestra: neither src/cli/main.ts nor dist/src/cli/main.js exists; run `npm run build` in the package directory\n');
  process.exit(1);
}

const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
