import { decodeFrameMessage } from '../../src/core/frame-codec.js';
import { decodeWire, WIRE_PROTOCOL_VERSION, type ClientMessage, type ServerMessage } from '../../src/core/wire.js';

/**
 * The viewer's websocket to its server: says hello, hands every server message to `onMessage`,
 * and reconnects after a dropped connection (the server restarting, a laptop waking up).
 */
export class ServerConnection {
  private socket: WebSocket | undefined;
  private readonly queue: ClientMessage[] = [];
  private closedByUs = false;
  onStatus: (status: 'connecting' | 'open' | 'closed') => void = () => {};

  constructor(private readonly onMessage: (message: ServerMessage) => void) {
    this.connect();
  }

  send(message: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
    else this.queue.push(message);
  }

  close(): void {
    this.closedByUs = true;
    this.socket?.close();
  }

  private connect(): void {
    this.onStatus('connecting');
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
    this.socket = socket;
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify({ type: 'hello', version: WIRE_PROTOCOL_VERSION } satisfies ClientMessage));
      for (const message of this.queue.splice(0)) socket.send(JSON.stringify(message));
      this.onStatus('open');
    });
    // Control messages arrive as JSON text, frames as binary (src/core/frame-codec.ts).
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('message', (event) => {
      if (typeof event.data === 'string') this.onMessage(decodeWire(event.data) as ServerMessage);
      else if (event.data instanceof ArrayBuffer) this.onMessage(decodeFrameMessage(event.data) as ServerMessage);
    });
    socket.addEventListener('close', () => {
      this.onStatus('closed');
      if (!this.closedByUs) setTimeout(() => this.connect(), 2000);
    });
  }
}
