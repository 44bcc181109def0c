#!/usr/bin/env node
// Builds the native TensorFlow.js kernels with node-gyp (run by `npm install` and `npm run build:native`).
//
// This script never fails the install: without a compiler, Python or Node headers, Palestra still
// works on the wasm and cpu backends. Whatever happened is written to build/native-build.json,
// which `palestra backends` and `--backend native` read to explain why `native` is unavailable.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const statusPath = join(root, 'build', 'native-build.json');
const arch = process.env.PALESTRA_NATIVE_ARCH || 'native';

/** node-gyp: the one npm gives lifecycle scripts, else the one bundled with npm next to this node. */
function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((path) => path && existsSync(path));
}

/** Node's own headers when installed (Debian's nodejs, official tarballs): node-gyp then needs no download. */
function localNodeDir() {
  if (process.env.npm_config_nodedir) return undefined; // node-gyp reads it itself
  const prefix = join(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

function writeStatus(status) {
  mkdirSync(dirname(statusPath), { recursive: true });
  const temporary = `${statusPath}.tmp-${process.pid}`;
  writeFileSync(temporary, JSON.stringify({ date: new Date().toISOString(), ...status }, null, 2) + '\n');
  renameSync(temporary, statusPath);
}

function main() {
  if (process.env.PALESTRA_SKIP_NATIVE) {
    writeStatus({ ok: false, error: 'skipped because PALESTRA_SKIP_NATIVE is set' });
    console.log('palestra: skipping the native kernels (PALESTRA_SKIP_NATIVE)');
    return;
  }
  const nodeGyp = findNodeGyp();
  if (!nodeGyp) {
    writeStatus({ ok: false, error: 'node-gyp not found (it comes with npm); run `npm run build:native` from npm' });
    console.warn('palestra: node-gyp not found; the native backend will be unavailable');
    return;
  }
  const nodeDir = localNodeDir();
  const args = [nodeGyp, 'rebuild', ...(nodeDir ? [`--nodedir=${nodeDir}`] : []), '--', `-Dnative_arch=${arch}`];
  console.log(`palestra: building native kernels: node ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const log = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const seconds = (Date.now() - started) / 1000;
  if (result.status === 0) {
    writeStatus({ ok: true, command: `node ${args.join(' ')}`, march: arch, seconds });
    console.log(`palestra: native kernels built in ${seconds.toFixed(1)} s (-O3 -march=${arch})`);
    return;
  }
  const errorLines = log.split('\n').filter((line) => /error|not found|No such file|cannot/i.test(line)).slice(0, 12);
  const error = result.error
    ? result.error.message
    : errorLines.join('\n') || log.split('\n').slice(-12).join('\n') || `node-gyp exited with ${result.status}`;
  writeStatus({ ok: false, command: `node ${args.join(' ')}`, march: arch, error, log: log.slice(-20000) });
  console.warn(`palestra: the native kernels did not build; \`--backend auto\` will use wasm or cpu.\n${error}`);
}

try {
  main();
} catch (error) {
  try {
    writeStatus({ ok: false, error: String(error?.stack ?? error) });
  } catch {
    // Nothing more we can do; the install must still succeed.
  }
  console.warn(`palestra: native build script failed: ${error}`);
}
process.exit(0);
