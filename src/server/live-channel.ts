import type { WebSocket } from 'ws';
import { encodeFrameMessage, encodeServerMessage } from '../core/frame-codec.js';
import type { SceneFrame } from '../core/scene.js';
import type { ServerMessage } from '../core/wire.js';
import { SceneState } from './scene-state.js';

export interface LiveChannelOptions {
  /** Frames per second streamed at most (default 60). */
  maxFps?: number;
  /** A client with more than this many bytes not yet sent gets no new message (default 256 KiB). */
  frameBacklogBytes?: number;
  /**
   * Called by the frame timer when a frame is due and some client could take it (how a server
   * in a worker thread tells the trainer's thread to render; see `live-worker.ts`).
   */
  onFrameDue?: () => void;
  /** Called by the frame timer with whether any client could take a message now. */
  onListening?: (listening: boolean) => void;
}

/**
 * Where a trainer publishes live frames: a `LiveChannel` in the same thread, or a
 * `RemoteLiveChannel` that forwards to a server in a worker thread.
 */
export interface LiveSink {
  /** Cheap enough for every training step: whether to render and publish a frame now. */
  wantsFrame(): boolean;
  publishFrame(frame: SceneFrame, at: { episode: number; step: number }): void;
  publish(message: ServerMessage): void;
  /** The run being streamed, as an id in the runs directory. */
  runId: string | undefined;
  /** Training ended at `step`: every viewer, now or later, is told the run finished. */
  finish(at: { step: number }): void;
}

interface Subscriber {
  socket: WebSocket;
  /** The scene id this client has, so a scene goes to each client once. */
  sceneId: number;
  dropped: number;
  /** It missed the latest frame and should get the latest state once it drains. */
  behind: boolean;
}

/** Clients that fell behind are offered the latest state this often (ms). */
const CATCH_UP_INTERVAL_MS = 100;

/**
 * Fans the training run's live frames and metrics out to subscribed viewer connections without
 * ever making the trainer wait: each client gets the latest state when it can take it, and a
 * slow or stalled client has frames dropped. A timer marks a frame due `maxFps` times a second;
 * `wantsFrame()` is one flag read on the trainer's hot path, and false while no client could take
 * a frame, so the trainer does not even render then. (The timer runs when the trainer yields to
 * the event loop, as an async trainer does between updates.)
 *
 * @example
 * if (channel.wantsFrame()) channel.publishFrame(env.render()!, { episode, step });
 */
export class LiveChannel implements LiveSink {
  private readonly subscribers = new Map<WebSocket, Subscriber>();
  private readonly state = new SceneState();
  private readonly frameBacklogBytes: number;
  private episode = 0;
  private step = 0;
  private finished: ServerMessage | undefined;
  private frameDue = false;
  private readonly frameTimer: NodeJS.Timeout;
  private readonly catchUpTimer: NodeJS.Timeout;
  /** The run being streamed, as an id in the runs directory. */
  runId: string | undefined;

  constructor(options: LiveChannelOptions = {}) {
    this.frameBacklogBytes = options.frameBacklogBytes ?? 256 * 1024;
    const { onFrameDue, onListening } = options;
    this.frameTimer = setInterval(() => {
      this.markFrameDue();
      onListening?.(this.hasReadySubscriber());
      if (onFrameDue && this.wantsFrame()) onFrameDue();
    }, 1000 / (options.maxFps ?? 60));
    this.frameTimer.unref();
    // Clients that fell behind get the latest state once they drain, even if training paused.
    this.catchUpTimer = setInterval(() => this.sendCatchUpFrames(), CATCH_UP_INTERVAL_MS);
    this.catchUpTimer.unref();
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Per subscriber: bytes waiting to be sent and frames it did not get (for diagnostics and tests). */
  backlogs(): { bufferedBytes: number; droppedFrames: number }[] {
    return [...this.subscribers.values()].map((subscriber) => ({ bufferedBytes: subscriber.socket.bufferedAmount, droppedFrames: subscriber.dropped }));
  }

  subscribe(socket: WebSocket): void {
    if (this.subscribers.has(socket)) return;
    this.subscribers.set(socket, { socket, sceneId: -1, dropped: 0, behind: this.state.hasScene });
    // A page opened after training ended learns it at once (and gets the last frame by catch-up).
    if (this.finished) socket.send(encodeServerMessage(this.finished));
  }

  /** Training ended: tells every subscriber now, and each later one when it subscribes. */
  finish(at: { step: number }): void {
    this.finished = { type: 'live-status', status: 'finished', step: at.step, ...(this.runId ? { runId: this.runId } : {}) };
    const text = encodeServerMessage(this.finished);
    for (const subscriber of this.subscribers.values()) subscriber.socket.send(text);
  }

  unsubscribe(socket: WebSocket): void {
    this.subscribers.delete(socket);
  }

  /** Asks for the next frame (the frame timer calls this `maxFps` times a second). */
  markFrameDue(): void {
    this.frameDue = this.subscribers.size > 0;
  }

  /** Cheap enough for every training step: true when a frame is due and some client could take it. */
  wantsFrame(): boolean {
    if (!this.frameDue) return false;
    this.frameDue = false;
    if (this.hasReadySubscriber()) return true;
    // Every client is backed up: this frame is dropped for all of them without being rendered.
    for (const subscriber of this.subscribers.values()) {
      subscriber.dropped++;
      subscriber.behind = true;
    }
    return false;
  }

  /** Sends env 0's current frame to every client that can take it; the others drop it. */
  publishFrame(frame: SceneFrame, at: { episode: number; step: number }): void {
    this.state.apply(frame);
    this.episode = at.episode;
    this.step = at.step;
    this.frameDue = false;
    for (const subscriber of this.subscribers.values()) {
      if (subscriber.socket.bufferedAmount > this.frameBacklogBytes) {
        subscriber.dropped++;
        subscriber.behind = true;
        continue;
      }
      this.sendFrame(subscriber);
    }
  }

  /** Control messages (episode ends, metrics) reach every client that is not backed up; the others miss them. */
  publish(message: ServerMessage): void {
    let text: string | Uint8Array | undefined;
    for (const subscriber of this.subscribers.values()) {
      if (subscriber.socket.bufferedAmount > this.frameBacklogBytes) continue;
      text ??= encodeServerMessage(message);
      subscriber.socket.send(text);
    }
  }

  /** Whether some subscriber could take a message now (its backlog is under the limit). */
  hasReadySubscriber(): boolean {
    for (const subscriber of this.subscribers.values()) {
      if (subscriber.socket.bufferedAmount <= this.frameBacklogBytes) return true;
    }
    return false;
  }

  close(): void {
    clearInterval(this.frameTimer);
    clearInterval(this.catchUpTimer);
    this.subscribers.clear();
  }

  private sendFrame(subscriber: Subscriber): void {
    const withScene = subscriber.sceneId !== this.state.sceneId;
    const message: ServerMessage = { type: 'live-frame', episode: this.episode, step: this.step, frame: this.state.wireFrame(withScene), dropped: subscriber.dropped };
    subscriber.socket.send(encodeFrameMessage(message));
    subscriber.sceneId = this.state.sceneId;
    subscriber.behind = false;
  }

  private sendCatchUpFrames(): void {
    for (const subscriber of this.subscribers.values()) {
      if (subscriber.behind && this.state.hasScene && subscriber.socket.bufferedAmount <= this.frameBacklogBytes) this.sendFrame(subscriber);
    }
  }
}
