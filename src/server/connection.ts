import type { RawData, WebSocket } from 'ws';
import type { Env } from '../core/env.js';
import { encodeServerMessage } from '../core/frame-codec.js';
import { WIRE_PROTOCOL_VERSION, type ClientMessage, type ServerMessage } from '../core/wire.js';
import type { LiveChannel } from './live-channel.js';
import { PlaySession } from './play-session.js';
import { parseClientMessage, WireMessageError } from './validate.js';

/** What a connection can reach on this server. */
export interface ConnectionContext {
  mode: 'view' | 'play';
  live: LiveChannel | undefined;
  playEnvId: string | undefined;
  makePlayEnv: ((envId: string) => Env<unknown, number>) | undefined;
  playFps: number | undefined;
}

/** Messages a client may send per second before it is cut off. */
export const MAX_MESSAGES_PER_SECOND = 200;

/** Close codes: 1008 policy violation (bad message), 1009 too big. */
const CLOSE_CODE: Record<string, number> = { 'too-large': 1009 };

/**
 * Serves one websocket client: greets it, validates every message it sends, and answers a bad
 * one with an `error` message before closing this connection (and only this one).
 */
export function serveConnection(socket: WebSocket, context: ConnectionContext): void {
  let play: PlaySession | undefined;
  const send = (message: ServerMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(encodeServerMessage(message));
  };
  const refuse = (error: WireMessageError): void => {
    send({ type: 'error', code: error.code, message: error.message });
    socket.close(CLOSE_CODE[error.code] ?? 1008, error.code);
  };

  const handle = (message: ClientMessage): void => {
    switch (message.type) {
      case 'hello':
        if (message.version !== WIRE_PROTOCOL_VERSION) {
          throw new WireMessageError('bad-version', `this server speaks wire protocol version ${WIRE_PROTOCOL_VERSION}, the client ${message.version}; reload the viewer page`);
        }
        return;
      case 'ping':
        return send({ type: 'pong', id: message.id });
      case 'subscribe-live':
        if (!context.live) throw new WireMessageError('not-available', 'this server streams no live training run; start one with `palestra train ... --view`');
        return context.live.subscribe(socket);
      case 'unsubscribe-live':
        return context.live?.unsubscribe(socket);
      case 'play-start':
        if (!context.playEnvId || !context.makePlayEnv) throw new WireMessageError('not-available', 'this server has no env to play; start one with `palestra play <env-id>`');
        play?.close();
        play = new PlaySession(socket, context.makePlayEnv(context.playEnvId), context.playEnvId, context.playFps);
        return play.start(message.seed);
      case 'play-action':
        if (!play) throw new WireMessageError('bad-message', "'play-action' before 'play-start'");
        return play.hold(message.action);
      case 'play-reset':
        if (!play) throw new WireMessageError('bad-message', "'play-reset' before 'play-start'");
        return play.reset(message.seed);
    }
  };

  let windowStart = 0;
  let messagesInWindow = 0;
  socket.on('message', (data: RawData, isBinary: boolean) => {
    try {
      const now = performance.now();
      if (now - windowStart > 1000) {
        windowStart = now;
        messagesInWindow = 0;
      }
      // A person pressing keys sends a few messages a second; a flood is not a viewer.
      if (++messagesInWindow > MAX_MESSAGES_PER_SECOND) throw new WireMessageError('rate-limited', `more than ${MAX_MESSAGES_PER_SECOND} messages in one second`);
      handle(parseClientMessage(data, isBinary));
    } catch (error) {
      refuse(error instanceof WireMessageError ? error : new WireMessageError('env-error', (error as Error).message));
    }
  });
  // A broken socket must never bring the server down; its close event cleans up.
  socket.on('error', () => socket.terminate());
  socket.on('close', () => {
    context.live?.unsubscribe(socket);
    play?.close();
    play = undefined;
  });
  send({ type: 'hello', version: WIRE_PROTOCOL_VERSION, mode: context.mode, live: context.live !== undefined, ...(context.playEnvId ? { playEnvId: context.playEnvId } : {}) });
}
