import { dirname, resolve } from 'node:path';
import { PalestraError } from '../core/errors.js';
import type { Callback } from '../train/callback.js';
import { describeListenError, untilInterrupted } from './cli-support.js';
import { streamEpisodes } from './live-callback.js';
import { startViewerWorker, type WorkerServerOptions } from './live-worker.js';

/**
 * Starting the viewer beside a training or evaluation run, in one file: `startViewer` for code
 * that trains through the library, `startLiveView` for `palestra train --view` and
 * `palestra eval --view`. The CLI imports this module only when --view is given, so training
 * without it never loads the server.
 */

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
 * Starts the viewer server beside a training run. The server runs in a worker thread, so pages
 * load and frames flow while the training loop keeps this thread busy, and the trainer never
 * waits for a viewer.
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

/** What `train --view` / `eval --view` ask for. */
export interface LiveViewOptions {
  /** The run being trained or evaluated; the viewer serves its parent, so sibling runs can be compared. Undefined: `runs/`. */
  runDir: string | undefined;
  envId: string;
  /** 0 or undefined: a free port. */
  port?: number;
  /** Stream every k-th episode of env 0 (default 1). */
  every?: number;
}

/** The CLI's handle on the live viewer. */
export interface LiveView {
  /** Hung on `learn()`: sends frames and metrics; must never block training. */
  callback: Callback;
  url: string;
  close(): Promise<void>;
  /**
   * After training: says in the terminal that the viewer still serves the finished run, and
   * resolves when the user presses Ctrl+C (or the process is asked to stop).
   */
  serveUntilInterrupted(io: { stdout(text: string): void }): Promise<void>;
}

/**
 * Starts the live viewer beside a run. A port that is taken (or not allowed) fails here with a
 * clear message, before any training starts or any run directory is written.
 *
 * @example
 * const { startLiveView } = await import('../../server/live-view.js'); // only with --view
 * const view = await startLiveView({ runDir: 'runs/ppo-1', envId: 'CartPole-v1', port: 8080 });
 */
export async function startLiveView(options: LiveViewOptions): Promise<LiveView> {
  const runsDir = options.runDir === undefined ? resolve('runs') : dirname(resolve(options.runDir));
  const port = options.port ?? 0;
  const viewer = await startViewer({ runsDir, port, every: options.every }).catch((error: unknown) => {
    throw new PalestraError(`--view: the viewer could not start: ${describeListenError(error, port)}`);
  });
  return {
    callback: viewer.callback,
    url: viewer.url,
    close: viewer.close,
    async serveUntilInterrupted(io): Promise<void> {
      viewer.keepProcessAlive();
      io.stdout(`training finished; the viewer still shows the run at ${viewer.url} (Ctrl+C to stop)\n`);
      await untilInterrupted();
    },
  };
}
