import type { Callback } from '../train/callback.js';
import { streamEpisodes } from './live-callback.js';
import { startViewerWorker, type WorkerServerOptions } from './live-worker.js';

export interface StartViewerOptions extends WorkerServerOptions {
  /** Stream every k-th episode of env 0 (default 1). */
  every?: number;
}

export interface RunningViewer {
  url: string;
  port: number;
  /** Add to the trainer's callbacks to stream its episodes and metrics. */
  callback: Callback;
  /** From now on the server keeps the process running until `close()` (training is over, the page is not). */
  keepProcessAlive(): void;
  close(): Promise<void>;
}

/**
 * Starts the viewer server beside a training run, for `palestra train --view`. The server runs
 * in a worker thread, so pages load and frames flow while the training loop keeps this thread
 * busy, and the trainer never waits for a viewer.
 *
 * @example
 * const viewer = await startViewer({ runsDir: 'runs' });
 * console.log(`viewer at ${viewer.url}`);
 * await agent.learn(env, { totalSteps, callbacks: [viewer.callback] });
 * await viewer.close();
 */
export async function startViewer(options: StartViewerOptions): Promise<RunningViewer> {
  const { every, ...serverOptions } = options;
  const server = await startViewerWorker(serverOptions);
  const callback = streamEpisodes(server.channel, { every, runsDir: options.runsDir });
  return { url: server.url, port: server.port, callback, keepProcessAlive: () => server.keepProcessAlive(), close: () => server.close() };
}
