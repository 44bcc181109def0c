import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { resolve } from 'node:path';
import { WebSocketServer } from 'ws';
import type { Env } from '../core/env.js';
import { MAX_CLIENT_MESSAGE_BYTES } from '../core/wire.js';
import { make } from '../registry.js';
import { serveConnection } from './connection.js';
import { handleHttpRequest } from './http-routes.js';
import { LiveChannel, type LiveChannelOptions } from './live-channel.js';
import { defaultViewerDir } from './package-root.js';

export interface ViewerServerOptions {
  /** The directory whose runs are listed and served (nothing outside it is). */
  runsDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1; listening elsewhere is the user's explicit choice. */
  host?: string;
  /** The built viewer app (default: the package's viewer/dist). */
  viewerDir?: string;
  /** Stream a live training run (creates `server.live`). */
  live?: boolean;
  liveOptions?: LiveChannelOptions;
  /** Serve play mode for this env id (`palestra play`). */
  playEnvId?: string;
  /** Builds the env for each player (default: the registry's `make`). */
  makePlayEnv?: (envId: string) => Env<unknown, number>;
  /** Play-mode steps per second (default: the env's renderFps, at most 60). */
  playFps?: number;
  /** Extra page origins allowed to open the websocket, e.g. a Vite dev server's. */
  allowedOrigins?: string[];
  /** Websocket connections at once (default 32). */
  maxClients?: number;
}

export interface ViewerServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  port: number;
  /** Where live frames and metrics are published; undefined unless `live` was asked for. */
  live: LiveChannel | undefined;
  close(): Promise<void>;
}

/** A websocket frame larger than this is cut off by `ws` itself before we parse it. */
const WEBSOCKET_MAX_PAYLOAD = 64 * 1024;

/**
 * Starts the viewer's http + websocket server.
 *
 * @example const server = await startViewerServer({ runsDir: 'runs' }); console.log(server.url);
 */
export async function startViewerServer(options: ViewerServerOptions): Promise<ViewerServer> {
  const host = options.host ?? '127.0.0.1';
  const live = options.live ? new LiveChannel(options.liveOptions) : undefined;
  const mode = options.playEnvId ? 'play' : 'view';
  const httpContext = { runsDir: resolve(options.runsDir), viewerDir: resolve(options.viewerDir ?? defaultViewerDir()), mode, live: live !== undefined, playEnvId: options.playEnvId } as const;
  const connectionContext = {
    mode,
    live,
    playEnvId: options.playEnvId,
    makePlayEnv: options.makePlayEnv ?? ((envId: string) => make(envId) as Env<unknown, number>),
    playFps: options.playFps,
  } as const;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: Math.max(WEBSOCKET_MAX_PAYLOAD, MAX_CLIENT_MESSAGE_BYTES), perMessageDeflate: false });
  const maxClients = options.maxClients ?? 32;
  let port = 0;
  const loopback = isLoopback(host);

  const server = createServer((request, response) => {
    if (loopback && !isAllowedHost(request.headers.host, port)) {
      response.writeHead(403, { 'Content-Type': 'text/plain' }).end('forbidden host header');
      return;
    }
    handleHttpRequest(request, response, httpContext);
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = upgradeRefusal(request, port, loopback, options.allowedOrigins ?? [], sockets.clients.size >= maxClients);
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (websocket) => serveConnection(websocket, connectionContext));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    live,
    close: async () => {
      live?.close();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}

/** Why a websocket upgrade is refused (an HTTP status line), or undefined to accept it. */
function upgradeRefusal(request: IncomingMessage, port: number, loopback: boolean, extraOrigins: string[], full: boolean): string | undefined {
  if ((request.url ?? '').split('?')[0] !== '/ws') return '404 Not Found';
  if (loopback && !isAllowedHost(request.headers.host, port)) return '403 Forbidden';
  const origin = request.headers.origin;
  // Browsers always send Origin on websocket upgrades; tools without one are not web pages.
  if (origin !== undefined && !ownOrigins(port).includes(origin) && !extraOrigins.includes(origin)) return '403 Forbidden';
  if (full) return '503 Service Unavailable';
  return undefined;
}

function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
}

/** A Host header naming this machine, so a DNS-rebinding page cannot read the runs. */
function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader !== undefined && [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(hostHeader.toLowerCase());
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}
