import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { RunInfo } from '../core/wire.js';
import { listEpisodes } from '../record/episode-index.js';
import { resolveInside } from './safe-path.js';

const RUN_MARKERS = ['config.json', 'metrics.jsonl', 'episodes'];
/** How deep under the runs directory runs are looked for (runs/<env>/<agent>/<run> at most). */
const MAX_DEPTH = 3;

/**
 * The runs under a runs directory: every directory holding a config.json, a metrics.jsonl or
 * an episodes/ folder, up to three levels down (just the directory itself when it is a run).
 *
 * @example listRuns('runs') // [{ id: 'cartpole-ppo-1', envId: 'CartPole-v1', hasMetrics: true, ... }]
 */
export function listRuns(runsDir: string): RunInfo[] {
  const runs: RunInfo[] = [];
  const visit = (directory: string, id: string | undefined, depth: number): void => {
    if (isRun(directory)) {
      runs.push(describeRun(directory, id ?? rootRunId(runsDir)));
      return;
    }
    if (depth >= MAX_DEPTH) return;
    for (const name of safeReaddir(directory)) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const childId = id === undefined ? name : `${id}/${name}`;
      // resolveInside drops links that lead out of the runs directory.
      const child = resolveInside(runsDir, childId.split('/'));
      if (child !== undefined && isDirectory(child)) visit(child, childId, depth + 1);
    }
  };
  if (isDirectory(runsDir)) visit(runsDir, undefined, 0);
  return runs.sort((a, b) => b.modified - a.modified || a.id.localeCompare(b.id));
}

/** The directory of run `id`, or undefined when `id` is not a run inside `runsDir`. */
export function runDirectory(runsDir: string, id: string): string | undefined {
  if (id === rootRunId(runsDir) && isRun(runsDir)) return resolve(runsDir);
  const parts = id.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..')) return undefined;
  const directory = resolveInside(runsDir, parts);
  return directory !== undefined && isDirectory(directory) && isRun(directory) ? directory : undefined;
}

/**
 * The id of a runs directory that is itself one run (`palestra view runs/ppo-1`): its name.
 * Not '.', which browsers would drop from the URL path as a dot segment.
 */
export function rootRunId(runsDir: string): string {
  return basename(resolve(runsDir)) || 'run';
}

function isRun(directory: string): boolean {
  return RUN_MARKERS.some((marker) => existsSync(join(directory, marker)));
}

function describeRun(directory: string, id: string): RunInfo {
  const config = readConfig(join(directory, 'config.json'));
  const modified = Math.max(...RUN_MARKERS.map((marker) => modifiedTime(join(directory, marker))), modifiedTime(directory));
  return {
    id,
    ...(config.envId ? { envId: config.envId } : {}),
    ...(config.agent ? { agent: config.agent } : {}),
    hasConfig: existsSync(join(directory, 'config.json')),
    hasMetrics: existsSync(join(directory, 'metrics.jsonl')),
    episodeCount: listEpisodes(join(directory, 'episodes')).length,
    modified,
  };
}

/** The env id and agent name a run's config.json names, under the key spellings trainers use. */
function readConfig(path: string): { envId?: string; agent?: string } {
  if (!existsSync(path)) return {};
  try {
    const config = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const pick = (...keys: string[]): string | undefined => keys.map((key) => config[key]).find((value): value is string => typeof value === 'string');
    return { envId: pick('envId', 'env', 'env_id'), agent: pick('agent', 'agentName', 'algo', 'algorithm') };
  } catch {
    return {};
  }
}

function safeReaddir(directory: string): string[] {
  try {
    return readdirSync(directory);
  } catch {
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function modifiedTime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
