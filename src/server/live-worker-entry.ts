/**
 * The viewer server's worker thread (see live-worker.ts): runs `startViewerServer` with a live
 * channel, and turns the trainer's messages into published frames.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SceneSpec } from '../core/scene.js';
import { FRAME_DUE, LISTENING, type FromWorker, type ToWorker, type WorkerServerOptions } from './live-worker.js';
import { startViewerServer } from './server.js';

const { options, flags } = workerData as { options: WorkerServerOptions; flags: Int32Array };
const port = parentPort!;
const reply = (message: FromWorker): void => port.postMessage(message);

try {
  const { maxFps, frameBacklogBytes, ...serverOptions } = options;
  const server = await startViewerServer({
    ...serverOptions,
    live: true,
    liveOptions: {
      maxFps,
      frameBacklogBytes,
      onFrameDue: () => Atomics.store(flags, FRAME_DUE, 1),
      onListening: (listening) => Atomics.store(flags, LISTENING, listening ? 1 : 0),
    },
  });
  const channel = server.live!;
  let scene: { key: number; spec: SceneSpec } | undefined;
  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'frame':
        if (message.scene) scene = { key: message.sceneKey, spec: message.scene };
        // A frame whose scene never arrived cannot be drawn; the next new scene brings one.
        if (scene?.key === message.sceneKey) channel.publishFrame({ scene: scene.spec, updates: message.updates, hud: message.hud }, message);
        return;
      case 'publish':
        return channel.publish(message.message);
      case 'run-id':
        channel.runId = message.runId;
        return;
      case 'finish':
        channel.finish(message);
        return;
      case 'close':
        void server.close().then(() => {
          reply({ type: 'closed' });
          port.close();
        });
        return;
    }
  });
  reply({ type: 'ready', url: server.url, port: server.port });
} catch (error) {
  reply({ type: 'failed', message: (error as Error).message, ...((error as { code?: string }).code ? { code: (error as { code?: string }).code } : {}) });
}
