/**
 * Frenet coordinates on a track: the closest centre-line point to a world position gives the
 * arc length s (how far along the lap) and the signed lateral offset d (positive to the left).
 */
import { type Track } from './track.js';

export interface TrackProjection {
  /** Arc length of the closest centre-line point, in [0, length). */
  s: number;
  /** Signed distance from the centre line, metres, positive to the left of the direction of travel. */
  lateral: number;
  /** Index of the sample that starts the closest segment (a hint for the next search). */
  index: number;
}

/** Samples searched either side of a hint: 40 x 0.5 m covers far more than one step of travel. */
const HINT_WINDOW = 40;

/**
 * Projects the point (x, y) onto the closed centre line: the closest point over all segments, or
 * over the segments near `hint` (the previous projection's index) when one is given.
 *
 * @example const { s, lateral } = projectOntoTrack(track, car.x, car.y);
 */
export function projectOntoTrack(track: Track, x: number, y: number, hint?: number): TrackProjection {
  const n = track.count;
  let first = 0;
  let last = n - 1;
  if (hint !== undefined && n > 2 * HINT_WINDOW + 1) {
    first = hint - HINT_WINDOW;
    last = hint + HINT_WINDOW;
  }
  let bestDistanceSq = Infinity;
  let bestIndex = 0;
  let bestT = 0;
  for (let k = first; k <= last; k++) {
    const i = ((k % n) + n) % n;
    const j = i + 1 === n ? 0 : i + 1;
    const ax = track.x[i]!;
    const ay = track.y[i]!;
    const ex = track.x[j]! - ax;
    const ey = track.y[j]! - ay;
    const t = clamp01(((x - ax) * ex + (y - ay) * ey) / (ex * ex + ey * ey));
    const dx = x - (ax + t * ex);
    const dy = y - (ay + t * ey);
    const distanceSq = dx * dx + dy * dy;
    if (distanceSq < bestDistanceSq) {
      bestDistanceSq = distanceSq;
      bestIndex = i;
      bestT = t;
    }
  }
  const j = bestIndex + 1 === n ? 0 : bestIndex + 1;
  const ex = track.x[j]! - track.x[bestIndex]!;
  const ey = track.y[j]! - track.y[bestIndex]!;
  // The cross product of the segment direction with the offset: positive when the point is on the left.
  const cross = ex * (y - track.y[bestIndex]!) - ey * (x - track.x[bestIndex]!);
  const lateral = Math.sign(cross) * Math.sqrt(bestDistanceSq);
  let s = (bestIndex + bestT) * track.spacing;
  if (s >= track.length) s -= track.length;
  return { s, lateral, index: bestIndex };
}

function clamp01(t: number): number {
  return t < 0 ? 0 : t > 1 ? 1 : t;
}

/**
 * Signed arc length travelled from s0 to s1 on a loop, assuming less than half a lap per call:
 * crossing the start line forwards counts as a small positive step, not minus a lap.
 */
export function arcLengthDelta(track: Track, s0: number, s1: number): number {
  let delta = s1 - s0;
  if (delta > track.length / 2) delta -= track.length;
  else if (delta < -track.length / 2) delta += track.length;
  return delta;
}
