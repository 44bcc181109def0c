import { WebSocket } from 'ws';
import { decodeFrameMessage } from '../../src/core/frame-codec.js';
import { decodeWire, type ServerMessage } from '../../src/core/wire.js';

/** A test websocket client that queues what the server sends and lets a test await it. */
export class TestClient {
  readonly messages: ServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      // Frames come binary, control messages as JSON text.
      this.messages.push((isBinary ? decodeFrameMessage(data as Buffer) : decodeWire(data.toString())) as ServerMessage);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static async open(url: string, origin?: string): Promise<TestClient> {
    const socket = new WebSocket(url.replace(/^http/, 'ws') + 'ws', origin ? { origin } : {});
    const client = new TestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first queued message of `type` (removing it), waiting up to `timeoutMs`. */
  async next<T extends ServerMessage['type']>(type: T, timeoutMs = 3000): Promise<Extract<ServerMessage, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.messages.findIndex((message) => message.type === type);
      if (index >= 0) return this.messages.splice(index, 1)[0] as Extract<ServerMessage, { type: T }>;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no '${type}' message within ${timeoutMs} ms; got ${this.messages.map((m) => m.type).join(', ') || 'nothing'}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.close();
  }
}

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opened. */
export function upgradeStatus(url: string, headers: Record<string, string> = {}, path = 'ws'): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws') + path, { headers });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('error', () => resolve(-1));
  });
}
