import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../record/atomic-write.js';
import { EPISODE_INDEX_FILE, listEpisodes } from '../record/episode-index.js';
import type { RunDirectory } from './run-directory.js';
import type { Agent } from './agent.js';

/** Where a resumed run picks up: the checkpoint's step and the counters logged up to it. */
export interface ResumePoint {
  /** The step of the checkpoint loaded (0: none, a fresh start in the same directory). */
  step: number;
  /** Wall-clock seconds trained up to that step (the `time` column continues from it). */
  seconds: number;
  /** Training episodes finished up to that step (the `episodes` column continues from it). */
  episodes: number;
}

/**
 * Loads the newest checkpoint that loads into `agent`: a damaged newest one (a kill while the
 * disk was full, a file edited by hand) is skipped with a warning for the one before it. Then
 * rolls the run directory back to that step (metrics lines and recorded episodes of the lost
 * part are dropped, so the resumed part continues them in order) and returns the counters.
 * Throws the newest checkpoint's error when none loads.
 *
 * @example const point = await resumeRun(run, agent, (text) => process.stderr.write(text));
 */
export async function resumeRun(run: RunDirectory, agent: Agent, warn: (text: string) => void): Promise<ResumePoint> {
  const step = await loadNewestIntact(run, agent, warn);
  const metrics = await run.readMetrics();
  const upTo = metrics.filter((m) => typeof m['step'] === 'number' && (m['step'] as number) <= step && typeof m['time'] === 'number');
  const last = upTo.at(-1);
  await run.truncateMetrics(step);
  await dropRecordingsAfter(join(run.path, 'episodes'), step);
  return { step, seconds: Number(last?.['time'] ?? 0), episodes: Number(last?.['episodes'] ?? 0) };
}

async function loadNewestIntact(run: RunDirectory, agent: Agent, warn: (text: string) => void): Promise<number> {
  const steps = await run.checkpointSteps();
  let firstError: unknown;
  for (const step of [...steps].reverse()) {
    try {
      await agent.load(run.checkpointPath(step));
      return agent.numTimesteps;
    } catch (error) {
      firstError ??= error;
      warn(`warning: checkpoint ${run.checkpointPath(step)} does not load (${(error as Error).message}); trying the one before it\n`);
    }
  }
  if (firstError) throw firstError;
  return 0;
}

/** Deletes the recorded episodes that started after `step` and their index entries. */
async function dropRecordingsAfter(directory: string, step: number): Promise<void> {
  if (!existsSync(directory)) return;
  const entries = listEpisodes(directory);
  const lost = entries.filter((entry) => entry.step > step);
  if (lost.length === 0) return;
  await Promise.all(lost.map((entry) => rm(join(directory, entry.file), { force: true })));
  const kept = entries.filter((entry) => entry.step <= step);
  writeFileAtomicSync(join(directory, EPISODE_INDEX_FILE), JSON.stringify({ version: 1, episodes: kept }));
}
