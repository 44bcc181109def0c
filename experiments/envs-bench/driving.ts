/**
 * The lane-keeping envs with short episodes, as early training has them: a reset every 20 steps,
 * next to stepping alone in the same run. A reset with a new random track generates the track
 * and, for the camera env, rasterises it (issue 13 measured 24 ms for the camera env); with
 * `trackPool: 16` the envs draw from 16 tracks built once per process.
 */
import { make } from '../../src/index.js';
import { bestRate, compared, type EnvBenchOptions, type EnvBenchRow } from './row.js';

const EPISODE = 20;

function shortEpisodes(id: string, kwargs: Record<string, unknown>, resetEvery: number | undefined): () => void {
  const env = make(id, kwargs);
  const action = Float32Array.of(0);
  // Build the pool first: the table compares steady states, not the pool's one-off cost.
  const pool = (kwargs['trackPool'] as number | undefined) ?? 0;
  for (let seed = 0; seed < pool; seed++) env.reset({ options: { trackSeed: seed } });
  env.reset({ seed: 0 });
  let t = 0;
  return () => {
    for (let i = 0; i < EPISODE; i++) {
      const result = env.step(action);
      if (result.terminated || result.truncated || (resetEvery !== undefined && ++t % resetEvery === 0)) env.reset();
    }
  };
}

export function drivingBenchRows({ repeats = 5, seconds = 0.3 }: EnvBenchOptions): EnvBenchRow[] {
  const rows: EnvBenchRow[] = [];
  for (const id of ['Driving/LaneKeeping-v0', 'Driving/LaneKeepingCamera-v0']) {
    // Straight steering leaves the road after a few seconds on most tracks: resets happen anyway,
    // so the reference keeps one track (trackSeed fixed, whose raster is built once).
    const stepping = bestRate(shortEpisodes(id, { trackSeed: 3 }, undefined), EPISODE, seconds, repeats);
    rows.push({ env: id, mode: 'one fixed track (trackSeed 3)', stepsPerSecond: stepping });
    for (const trackPool of [0, 16]) {
      rows.push(
        compared({
          env: id,
          mode: `reset every ${EPISODE} steps, ${trackPool === 0 ? 'any track (default)' : `trackPool ${trackPool}`}`,
          stepsPerSecond: bestRate(shortEpisodes(id, { trackPool }, EPISODE), EPISODE, seconds, repeats),
          reference: 'one fixed track, this run',
          referenceStepsPerSecond: stepping,
        }),
      );
    }
  }
  return rows;
}
