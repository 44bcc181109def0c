import { dirname, resolve } from 'node:path';
import type { Callback } from '../train/callback.js';
import { startViewer } from './viewer.js';

/** What `train --view` / `eval --view` pass (the shape src/cli/live-view.ts declares). */
export interface LiveViewRequest {
  runDir: string | undefined;
  envId: string;
  port?: number;
  /** Stream every k-th episode of env 0 (default 1). */
  every?: number;
}

/**
 * Starts the viewer beside a training or evaluation run and returns the callback that streams
 * it: the runs directory served is the run's parent, so the run's sibling runs can be compared.
 *
 * @example const view = await startLiveView({ runDir: 'runs/ppo-1', envId: 'CartPole-v1' }); callbacks.push(view.callback);
 */
export async function startLiveView(request: LiveViewRequest): Promise<{ callback: Callback; url: string; keepProcessAlive(): void; close(): Promise<void> }> {
  const runsDir = request.runDir === undefined ? resolve('runs') : dirname(resolve(request.runDir));
  const viewer = await startViewer({ runsDir, port: request.port, every: request.every });
  return { callback: viewer.callback, url: viewer.url, keepProcessAlive: viewer.keepProcessAlive, close: viewer.close };
}
