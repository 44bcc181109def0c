import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { API_PREFIX, WIRE_PROTOCOL_VERSION } from '../core/wire.js';
import { EPISODE_FILE_SUFFIX } from '../record/episode-file.js';
import { listEpisodes } from '../record/episode-index.js';
import { checkpointFile } from './checkpoint-files.js';
import { listRuns, runDirectory } from './runs-directory.js';
import { resolveInside } from './safe-path.js';

/** What the HTTP routes serve from. */
export interface HttpContext {
  runsDir: string;
  viewerDir: string;
  mode: 'view' | 'play';
  live: boolean;
  playEnvId?: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Answers one HTTP request: the JSON API under /api (runs, configs, metrics, episodes) and the
 * built viewer app for everything else. Only GET and HEAD; nothing outside the two roots.
 */
export function handleHttpRequest(request: IncomingMessage, response: ServerResponse, context: HttpContext): void {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  if (request.method !== 'GET' && request.method !== 'HEAD') return sendError(response, 405, `method ${request.method} not allowed; use GET`);
  const rawPath = (request.url ?? '/').split('?')[0]!;
  let segments: string[];
  try {
    segments = rawPath.split('/').filter((part) => part !== '').map((part) => decodeURIComponent(part));
  } catch {
    return sendError(response, 400, `malformed URL path ${JSON.stringify(rawPath)}`);
  }
  if (rawPath === API_PREFIX || rawPath.startsWith(API_PREFIX + '/')) return handleApi(segments.slice(1), response, context);
  return serveViewerFile(segments, response, context.viewerDir);
}

function handleApi(segments: string[], response: ServerResponse, context: HttpContext): void {
  const [resource, runId, item, file, ...rest] = segments;
  if (resource === 'info' && segments.length === 1) {
    return sendJson(response, { version: WIRE_PROTOCOL_VERSION, mode: context.mode, live: context.live, ...(context.playEnvId ? { playEnvId: context.playEnvId } : {}) });
  }
  if (resource === 'runs' && item === 'agent' && runId !== undefined) return serveCheckpointFile(runId, file, rest, response, context);
  if (resource !== 'runs' || rest.length > 0) return sendError(response, 404, `no API route /${segments.join('/')}`);
  if (runId === undefined) return sendJson(response, { runs: listRuns(context.runsDir) });
  const directory = runDirectory(context.runsDir, runId);
  if (directory === undefined) return sendError(response, 404, `no run ${JSON.stringify(runId)} in the runs directory`);
  if (item === 'config' && file === undefined) return sendFile(response, join(directory, 'config.json'), 'application/json; charset=utf-8');
  if (item === 'metrics' && file === undefined) {
    const path = join(directory, 'metrics.jsonl');
    // A run that has logged nothing yet has no metrics, not a missing resource.
    if (!existsSync(path)) return sendText(response, '', 'application/x-ndjson; charset=utf-8');
    return sendFile(response, path, 'application/x-ndjson; charset=utf-8');
  }
  if (item === 'episodes' && file === undefined) return sendJson(response, { episodes: listEpisodes(join(directory, 'episodes')) });
  if (item === 'episodes' && file !== undefined) {
    const path = file.endsWith(EPISODE_FILE_SUFFIX) ? resolveInside(join(directory, 'episodes'), [file]) : undefined;
    if (path === undefined) return sendError(response, 404, `no episode ${JSON.stringify(file)} in run ${JSON.stringify(runId)}`);
    // The file is gzip already: the browser inflates it, we never do.
    return sendFile(response, path, 'application/x-ndjson; charset=utf-8', { 'Content-Encoding': 'gzip' });
  }
  return sendError(response, 404, `no API route /${segments.join('/')}`);
}

/** `/api/runs/<run>/agent/<checkpoint>/<file>`: a checkpoint's model files, for the viewer's policy (checkpoint-files.ts). */
function serveCheckpointFile(runId: string, checkpoint: string | undefined, rest: string[], response: ServerResponse, context: HttpContext): void {
  if (checkpoint === undefined || rest.length !== 1) return sendError(response, 404, `expected /api/runs/<run>/agent/<checkpoint>/<file>, got /runs/${runId}/agent/${[checkpoint, ...rest].join('/')}`);
  const directory = runDirectory(context.runsDir, runId);
  if (directory === undefined) return sendError(response, 404, `no run ${JSON.stringify(runId)} in the runs directory`);
  const target = checkpointFile(directory, checkpoint, rest[0]!);
  if ('status' in target) return sendError(response, target.status, target.message);
  return sendFile(response, target.path, target.contentType, { 'Cache-Control': 'no-cache' });
}

function serveViewerFile(segments: string[], response: ServerResponse, viewerDir: string): void {
  const indexPath = join(viewerDir, 'index.html');
  if (!existsSync(indexPath)) {
    return sendError(response, 503, `the viewer app is not built (no ${indexPath}); run 'npm run build:viewer'`);
  }
  const path = segments.length === 0 ? indexPath : resolveInside(viewerDir, segments);
  if (path === undefined) return sendError(response, 404, 'not found');
  const isFile = existsSync(path) && statSync(path).isFile();
  // Paths the app routes itself (/play, /run/...) get the app's page.
  const servedPath = isFile ? path : extname(path) === '' ? indexPath : undefined;
  if (servedPath === undefined) return sendError(response, 404, `not found: /${segments.join('/')}`);
  const type = CONTENT_TYPES[extname(servedPath)] ?? 'application/octet-stream';
  const cache = servedPath.includes(`${join(viewerDir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
  return sendFile(response, servedPath, type, { 'Cache-Control': cache });
}

function sendFile(response: ServerResponse, path: string, contentType: string, headers: Record<string, string> = {}): void {
  let size: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new Error('not a file');
    size = stats.size;
  } catch {
    return sendError(response, 404, `not found: ${path.split(/[\\/]/).slice(-2).join('/')}`);
  }
  response.writeHead(200, { 'Content-Type': contentType, 'Content-Length': size, ...headers });
  if (response.req.method === 'HEAD') return void response.end();
  const stream = createReadStream(path);
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}

function sendJson(response: ServerResponse, value: unknown): void {
  sendText(response, JSON.stringify(value), 'application/json; charset=utf-8');
}

function sendText(response: ServerResponse, body: string, contentType: string): void {
  response.writeHead(200, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-cache' });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

function sendError(response: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}
