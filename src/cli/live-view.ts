import { PalestraError } from '../core/errors.js';
import type { Callback } from '../train/callback.js';
import type { CliIO } from './command.js';

/**
 * The hook `train --view` uses to stream to the browser viewer (src/server/live-view.ts). The
 * server module loads only when asked, so training without --view never starts or loads it.
 */
export interface LiveView {
  /** Hung on `learn()`: sends frames and metrics; must never block training. */
  callback: Callback;
  url: string;
  close(): Promise<void>;
  /**
   * After training: says in the terminal that the viewer still serves the finished run, and
   * resolves when the user presses Ctrl+C (or the process is asked to stop).
   */
  serveUntilInterrupted(io: CliIO): Promise<void>;
}

export interface LiveViewOptions {
  runDir: string | undefined;
  envId: string;
  port?: number;
  io: CliIO;
}

/**
 * Starts the live viewer beside a run. A port that is taken (or not allowed) fails here with a
 * clear message, before any training starts or any run directory is written.
 *
 * @example const view = await startLiveView({ runDir, envId: 'CartPole-v1', port: 8080, io });
 */
export async function startLiveView(options: LiveViewOptions): Promise<LiveView> {
  const [{ startLiveView: start }, { describeListenError, untilInterrupted }] = await Promise.all([import('../server/live-view.js'), import('../server/cli-support.js')]);
  const port = options.port ?? 0;
  const view = await start({ runDir: options.runDir, envId: options.envId, port }).catch((error: unknown) => {
    throw new PalestraError(`--view: the viewer could not start: ${describeListenError(error, port)}`);
  });
  return {
    callback: view.callback,
    url: view.url,
    close: view.close,
    async serveUntilInterrupted(io: CliIO): Promise<void> {
      view.keepProcessAlive();
      io.stdout(`training finished; the viewer still shows the run at ${view.url} (Ctrl+C to stop)\n`);
      await untilInterrupted();
    },
  };
}
