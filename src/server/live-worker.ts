import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SceneFrame, SceneSpec } from '../core/scene.js';
import type { ServerMessage } from '../core/wire.js';
import type { LiveSink } from './live-channel.js';
import type { ViewerServerOptions } from './server.js';

/** What the main thread sends the server worker. */
export type ToWorker =
  | { type: 'frame'; sceneKey: number; scene?: SceneSpec; updates: SceneFrame['updates']; hud: SceneFrame['hud']; episode: number; step: number }
  | { type: 'publish'; message: ServerMessage }
  | { type: 'run-id'; runId: string | undefined }
  | { type: 'finish'; step: number }
  | { type: 'close' };

/** What the server worker answers. */
export type FromWorker = { type: 'ready'; url: string; port: number } | { type: 'failed'; message: string; code?: string } | { type: 'closed' };

/** Index in the shared flags: 1 while a frame is due and some viewer could take it. */
export const FRAME_DUE = 0;
/** Index in the shared flags: 1 while some viewer could take a message. */
export const LISTENING = 1;

/**
 * The trainer's end of a viewer server that runs in a worker thread. A training loop keeps the
 * main thread busy for long stretches; in a worker the server answers pages and websockets at
 * once regardless, and the trainer's hot path is one atomic read of a shared flag.
 */
export class RemoteLiveChannel implements LiveSink {
  private readonly sceneKeys = new WeakMap<SceneSpec, number>();
  private nextSceneKey = 1;
  private currentRunId: string | undefined;
  /** Frames handed to the server so far (a stalled viewer stops asking for them). */
  framesPublished = 0;

  constructor(
    private readonly worker: Worker,
    private readonly flags: Int32Array,
  ) {}

  wantsFrame(): boolean {
    return Atomics.load(this.flags, FRAME_DUE) === 1 && Atomics.exchange(this.flags, FRAME_DUE, 0) === 1;
  }

  publishFrame(frame: SceneFrame, at: { episode: number; step: number }): void {
    // Structured cloning makes a new scene object per message: a key keeps the scene's identity.
    let sceneKey = this.sceneKeys.get(frame.scene);
    const isNew = sceneKey === undefined;
    if (sceneKey === undefined) {
      sceneKey = this.nextSceneKey++;
      this.sceneKeys.set(frame.scene, sceneKey);
    }
    this.framesPublished++;
    this.post({ type: 'frame', sceneKey, ...(isNew ? { scene: frame.scene } : {}), updates: frame.updates, hud: frame.hud, ...at });
  }

  /** Episode ends and metrics: not even sent to the worker while no viewer could take them. */
  publish(message: ServerMessage): void {
    if (Atomics.load(this.flags, LISTENING) === 1) this.post({ type: 'publish', message });
  }

  /** Sent even while no viewer listens: a page opened later must still learn the run finished. */
  finish(at: { step: number }): void {
    this.post({ type: 'finish', step: at.step });
  }

  get runId(): string | undefined {
    return this.currentRunId;
  }

  set runId(runId: string | undefined) {
    this.currentRunId = runId;
    this.post({ type: 'run-id', runId });
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }
}

/** A viewer server running in a worker thread, and the channel to publish into it. */
export interface WorkerViewerServer {
  url: string;
  port: number;
  channel: RemoteLiveChannel;
  /** From now on the server keeps the process running (until `close()`), as after training ends. */
  keepProcessAlive(): void;
  close(): Promise<void>;
}

/** Options that cross into the worker (plain data: no functions). */
export type WorkerServerOptions = Omit<ViewerServerOptions, 'live' | 'makePlayEnv' | 'playEnvId' | 'playFps' | 'liveOptions'> & { maxFps?: number; frameBacklogBytes?: number };

/**
 * Starts the viewer server with a live channel in a worker thread.
 *
 * @example const server = await startViewerWorker({ runsDir: 'runs' }); callbacks.push(streamEpisodes(server.channel));
 */
export async function startViewerWorker(options: WorkerServerOptions): Promise<WorkerViewerServer> {
  const flags = new Int32Array(new SharedArrayBuffer(8));
  const worker = spawnWorker({ options, flags });
  const ready = await new Promise<FromWorker>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the viewer server worker exited (code ${code}) before it started`)));
  });
  if (ready.type !== 'ready') {
    await worker.terminate();
    const error = new Error(ready.type === 'failed' ? ready.message : 'the viewer server worker did not start') as Error & { code?: string };
    if (ready.type === 'failed' && ready.code) error.code = ready.code;
    throw error;
  }
  // The server must not keep a finished training script alive.
  worker.unref();
  return {
    url: ready.url,
    port: ready.port,
    channel: new RemoteLiveChannel(worker, flags),
    keepProcessAlive: () => worker.ref(),
    close: async () => {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ type: 'close' } satisfies ToWorker);
      const timeout = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timeout);
    },
  };
}

/**
 * Starts the worker from the compiled JavaScript, or, when running from the TypeScript sources
 * (tsx, vitest), through a small bootstrap that registers tsx in the worker first: a worker
 * does not inherit the main thread's module loader.
 */
function spawnWorker(workerData: unknown): Worker {
  const entry = new URL(import.meta.url.endsWith('.ts') ? './live-worker-entry.ts' : './live-worker-entry.js', import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData });
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const api = pathToFileURL(join(dirname(manifestPath), manifest.exports['./esm/api']!.import.default)).href;
  const bootstrap = `(async () => { const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(entry.href)}); })().catch((error) => { throw error; });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
