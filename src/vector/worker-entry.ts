import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { moduleUrl } from './shard.js';
import { Control, CONTROL_WORDS, Status, type WorkerEnvSource } from './worker-protocol.js';

/**
 * The code each worker runs (with `eval: true`): it imports the worker module and, should that
 * import fail (a missing file, a syntax error), reports the error through the control words, since
 * the calling thread is blocked in Atomics.wait and would never see the worker's 'error' event.
 *
 * From compiled JavaScript the module is the sibling `vector-worker.js`. From TypeScript source
 * (vitest, tsx) it is `vector-worker.ts`, which only loads once tsx's ESM hooks are registered in
 * the worker: a `--import tsx` in the worker's execArgv is not honoured by Node 20.
 */
export function workerBootstrap(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './vector-worker.ts' : './vector-worker.js', import.meta.url).href;
  const load = fromSource
    ? `import(${JSON.stringify(tsxEsmApiUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`
    : `import(${JSON.stringify(entry)})`;
  return `
    const { workerData } = require('node:worker_threads');
    ${load}.catch((error) => {
      workerData.port.postMessage({ kind: 'error', message: 'could not load the vector worker: ' + (error && error.message || error), stack: error && error.stack });
      const control = new Int32Array(workerData.control);
      const status = workerData.workerIndex * ${CONTROL_WORDS} + ${Control.status};
      Atomics.store(control, status, ${Status.error});
      Atomics.notify(control, status);
    });`;
}

/** The file URL of tsx's ESM API (`tsx/esm/api`, its `import` condition), found from tsx's package.json. */
function tsxEsmApiUrl(): string {
  const require = createRequire(import.meta.url);
  const packageJsonPath = require.resolve('tsx/package.json');
  const exported = (require(packageJsonPath) as { exports: Record<string, unknown> }).exports['./esm/api'] as { import: { default: string } };
  return pathToFileURL(join(dirname(packageJsonPath), exported.import.default)).href;
}

/** The source with its file paths made absolute URLs, since workers resolve them on their own. */
export function portableSource(source: WorkerEnvSource): WorkerEnvSource {
  if ('id' in source) return { ...source, imports: source.imports?.map(moduleUrl) };
  return { ...source, module: moduleUrl(source.module) };
}
