import { buildGroundRaster, type GroundRaster } from './ground-raster.js';
import { generateTrack, type Track } from './track.js';

/**
 * Tracks and their camera rasters, built once per seed and shared by every lane-keeping env of
 * the process (the sub-envs of a vector env draw from the same pool). Generating a track and
 * rasterising it for the camera is most of what a reset costs; with the `trackPool` kwarg the
 * envs draw from a fixed set of seeds, so each is built once. Least recently used entries go
 * first once more than `capacity` are held.
 *
 * @example const { track, raster } = sharedTrackCache.get(7, 0.05);
 */
export class TrackCache {
  private readonly tracks = new Map<number, Track>();
  private readonly rasters = new Map<string, GroundRaster>();

  constructor(readonly capacity = 64) {}

  /** The track of `seed` (generated on first use). */
  track(seed: number): Track {
    let track = this.tracks.get(seed);
    if (track) this.tracks.delete(seed);
    else track = generateTrack(seed);
    this.tracks.set(seed, track);
    evictOldest(this.tracks, this.capacity);
    return track;
  }

  /** The ground raster of `seed`'s track at `resolution` metres per cell (built on first use). */
  raster(seed: number, resolution: number): GroundRaster {
    const key = `${seed}@${resolution}`;
    let raster = this.rasters.get(key);
    if (raster) this.rasters.delete(key);
    else raster = buildGroundRaster(this.track(seed), resolution);
    this.rasters.set(key, raster);
    evictOldest(this.rasters, this.capacity);
    return raster;
  }
}

function evictOldest<K, V>(map: Map<K, V>, capacity: number): void {
  while (map.size > capacity) map.delete(map.keys().next().value as K);
}

/** The cache the lane-keeping envs share. */
export const sharedTrackCache = new TrackCache();
