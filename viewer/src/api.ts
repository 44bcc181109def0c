import type { EpisodeLine } from '../../src/core/episode-format.js';
import type { SceneFrame } from '../../src/core/scene.js';
import { decodeWire, type RecordedEpisodeInfo, type RunInfo } from '../../src/core/wire.js';
import { policySteps, type PolicyEpisodeHeader, type PolicyStep } from '../../src/core/policy-trace.js';

/** A recorded episode as the viewer holds it. */
export interface LoadedEpisode {
  header: PolicyEpisodeHeader;
  frames: SceneFrame[];
  end: Extract<EpisodeLine, { kind: 'end' }> | undefined;
  /** Frames with their observation and action (episodes written by `palestra eval --record`; empty otherwise). */
  policySteps: PolicyStep[];
}

const runPath = (runId: string): string => `/api/runs/${encodeURIComponent(runId)}`;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${(await response.text()).slice(0, 200)}`);
  return (await response.json()) as T;
}

export async function fetchRuns(): Promise<RunInfo[]> {
  return (await getJson<{ runs: RunInfo[] }>('/api/runs')).runs;
}

export async function fetchEpisodes(runId: string): Promise<RecordedEpisodeInfo[]> {
  return (await getJson<{ episodes: RecordedEpisodeInfo[] }>(`${runPath(runId)}/episodes`)).episodes;
}

/** The run's metrics.jsonl text ('' when it has none yet). */
export async function fetchMetricsText(runId: string): Promise<string> {
  const response = await fetch(`${runPath(runId)}/metrics`);
  return response.ok ? response.text() : '';
}

/** Downloads and parses one recorded episode (the browser inflates the gzip). */
export async function fetchEpisode(runId: string, file: string): Promise<LoadedEpisode> {
  const url = `${runPath(runId)}/episodes/${encodeURIComponent(file)}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return parseEpisode(await response.text());
}

/** The lines of a recorded episode into frames that share their scene objects. */
export function parseEpisode(text: string): LoadedEpisode {
  let header: LoadedEpisode['header'] | undefined;
  let end: LoadedEpisode['end'];
  let scene: SceneFrame['scene'] | undefined;
  const frames: SceneFrame[] = [];
  const lines: EpisodeLine[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    const line = decodeWire(raw) as EpisodeLine;
    lines.push(line);
    if (line.kind === 'header') header = line;
    else if (line.kind === 'scene') scene = line.scene;
    else if (line.kind === 'frame' && scene) frames.push({ scene, updates: line.updates, hud: line.hud });
    else if (line.kind === 'end') end = line;
  }
  if (!header) throw new Error('not a recorded episode: no header line');
  return { header, frames, end, policySteps: policySteps(lines) };
}
