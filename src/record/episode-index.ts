import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedEpisodeInfo } from '../core/wire.js';
import { writeFileAtomicSync } from './atomic-write.js';
import { EPISODE_FILE_SUFFIX } from './episode-file.js';

/** What the episode list shows about one recorded episode without opening it. */
export type EpisodeEntry = RecordedEpisodeInfo;

/** The index the recorder keeps beside its episodes, so that listing them reads one file. */
export const EPISODE_INDEX_FILE = 'index.json';

/** `episode-000012-step-4500.jsonl.gz` for episode 12 that started at step 4500. */
export function episodeFileName(episode: number, step: number): string {
  return `episode-${String(episode).padStart(6, '0')}-step-${step}${EPISODE_FILE_SUFFIX}`;
}

const FILE_NAME_PATTERN = /^episode-(\d+)-step-(\d+)\.jsonl\.gz$/;

/**
 * The episodes recorded in a directory, in episode order: from its index when there is one,
 * else from the file names (recordings copied in by hand still show up).
 *
 * @example const episodes = listEpisodes('runs/ppo-1/episodes');
 */
export function listEpisodes(directory: string): EpisodeEntry[] {
  if (!existsSync(directory)) return [];
  const files = readdirSync(directory).filter((name) => name.endsWith(EPISODE_FILE_SUFFIX));
  const indexed = new Map(readIndex(directory).map((entry) => [entry.file, entry]));
  const entries = files.map((file): EpisodeEntry => {
    const known = indexed.get(file);
    if (known) return known;
    const match = FILE_NAME_PATTERN.exec(file);
    return { file, episode: match ? Number(match[1]) : -1, step: match ? Number(match[2]) : -1 };
  });
  return entries.sort((a, b) => a.episode - b.episode || a.step - b.step || a.file.localeCompare(b.file));
}

/** Adds (or replaces) one entry in the directory's index, atomically. */
export function addToEpisodeIndex(directory: string, entry: EpisodeEntry): void {
  const entries = readIndex(directory).filter((known) => known.file !== entry.file);
  entries.push(entry);
  writeFileAtomicSync(join(directory, EPISODE_INDEX_FILE), JSON.stringify({ version: 1, episodes: entries }));
}

function readIndex(directory: string): EpisodeEntry[] {
  const path = join(directory, EPISODE_INDEX_FILE);
  if (!existsSync(path)) return [];
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { episodes?: unknown };
    return Array.isArray(parsed.episodes) ? parsed.episodes.filter(isEntry) : [];
  } catch {
    // A damaged index only costs the returns in the listing; the file names still list the episodes.
    return [];
  }
}

function isEntry(value: unknown): value is EpisodeEntry {
  const entry = value as EpisodeEntry;
  return typeof entry === 'object' && entry !== null && typeof entry.file === 'string' && typeof entry.episode === 'number' && typeof entry.step === 'number';
}
