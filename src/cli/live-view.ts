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
}

export interface LiveViewOptions {
  runDir: string | undefined;
  envId: string;
  port?: number;
  io: CliIO;
}

/** Starts the live viewer beside a run. */
export async function startLiveView(options: LiveViewOptions): Promise<LiveView> {
  const { startLiveView: start } = await import('../server/live-view.js');
  return start({ runDir: options.runDir, envId: options.envId, port: options.port });
}
