/**
 * Seeded procedural closed tracks.
 *
 * A track is a star-shaped closed curve in polar form, r(theta) = R (1 + sum_k a_k cos(k theta + phi_k))
 * with a few low harmonics: smooth (infinitely differentiable), closed by construction, and free
 * of self-crossings because r > 0. Draws whose tightest bend is sharper than `minRadius` are
 * rejected, so the curvature stays bounded and a car at speed can follow it. The curve is then
 * sampled at equal arc-length steps with its heading and signed curvature (positive = left bend).
 */
import { ConfigError, describeValue } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';

/** A closed centre line sampled every `spacing` metres: sample i sits at arc length i * spacing. */
export interface Track {
  /** The seed that generated it (tracks are named by seed: train/test splits are seed lists). */
  seed: number;
  /** Total arc length of one lap, metres. */
  length: number;
  /** Arc length between consecutive samples, metres (length / count). */
  spacing: number;
  /** Number of samples; sample `count` would coincide with sample 0. */
  count: number;
  x: Float64Array;
  y: Float64Array;
  /** Direction of travel, radians from +x. */
  heading: Float64Array;
  /** Signed curvature, 1/m: positive bends left. */
  curvature: Float64Array;
}

export interface TrackOptions {
  /** Mean radius of the loop, metres. */
  meanRadius: number;
  /** No bend tighter than this radius, metres. */
  minRadius: number;
  /** Highest harmonic of the radius (2..): more = wigglier tracks. */
  harmonics: number;
  /** Largest relative amplitude of the radius harmonics. */
  amplitude: number;
  /** Target arc length between samples, metres. */
  spacing: number;
}

export const DEFAULT_TRACK_OPTIONS: TrackOptions = { meanRadius: 55, minRadius: 22, harmonics: 4, amplitude: 0.22, spacing: 0.5 };

interface Harmonic {
  order: number;
  amplitude: number;
  phase: number;
}

/**
 * Generates the track of a seed: same seed and options, same track, bit for bit.
 *
 * @example const track = generateTrack(7); track.length // about 350 m
 */
export function generateTrack(seed: number, options: Partial<TrackOptions> = {}): Track {
  const opts = { ...DEFAULT_TRACK_OPTIONS, ...options };
  if (!Number.isInteger(seed) || seed < 0) throw new ConfigError(`generateTrack: seed must be a non-negative integer, got ${describeValue(seed)}`);
  if (!(opts.minRadius > 0 && opts.meanRadius > 2 * opts.minRadius)) {
    throw new ConfigError(`generateTrack: need 0 < minRadius < meanRadius / 2, got minRadius=${opts.minRadius}, meanRadius=${opts.meanRadius}`);
  }
  const rng = new Rng(seed);
  // Half of the tracks run clockwise so that left and right bends are equally common.
  const clockwise = rng.bernoulli(0.5);
  for (let attempt = 0; attempt < 50; attempt++) {
    // Later attempts shrink the wiggles, so a valid track always comes out.
    const scale = opts.amplitude * Math.pow(0.9, attempt);
    const harmonics: Harmonic[] = [];
    for (let order = 2; order <= opts.harmonics; order++) {
      harmonics.push({ order, amplitude: rng.uniform(0, scale) / (order - 1), phase: rng.uniform(0, 2 * Math.PI) });
    }
    const track = sampleTrack(seed, opts.meanRadius, harmonics, clockwise, opts.spacing);
    if (tightestRadius(track) >= opts.minRadius) return track;
  }
  return sampleTrack(seed, opts.meanRadius, [], clockwise, opts.spacing);
}

/** The radius r(theta) and its first two derivatives. */
function polarRadius(theta: number, meanRadius: number, harmonics: readonly Harmonic[]): [number, number, number] {
  let r = 1;
  let dr = 0;
  let ddr = 0;
  for (const { order, amplitude, phase } of harmonics) {
    const angle = order * theta + phase;
    r += amplitude * Math.cos(angle);
    dr -= amplitude * order * Math.sin(angle);
    ddr -= amplitude * order * order * Math.cos(angle);
  }
  return [meanRadius * r, meanRadius * dr, meanRadius * ddr];
}

/** Position, first and second derivatives of the curve at parameter theta. */
function curveAt(theta: number, meanRadius: number, harmonics: readonly Harmonic[]): number[] {
  const [r, dr, ddr] = polarRadius(theta, meanRadius, harmonics);
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  return [r * c, r * s, dr * c - r * s, dr * s + r * c, ddr * c - 2 * dr * s - r * c, ddr * s + 2 * dr * c - r * s];
}

const DENSE_SAMPLES = 4096;

function sampleTrack(seed: number, meanRadius: number, harmonics: readonly Harmonic[], clockwise: boolean, targetSpacing: number): Track {
  // Arc length as a function of theta, by the trapezoid rule on the speed |dp/dtheta|.
  const dTheta = (2 * Math.PI) / DENSE_SAMPLES;
  const arc = new Float64Array(DENSE_SAMPLES + 1);
  let previousSpeed = Math.hypot(curveAt(0, meanRadius, harmonics)[2]!, curveAt(0, meanRadius, harmonics)[3]!);
  for (let i = 1; i <= DENSE_SAMPLES; i++) {
    const d = curveAt(i * dTheta, meanRadius, harmonics);
    const speed = Math.hypot(d[2]!, d[3]!);
    arc[i] = arc[i - 1]! + 0.5 * (previousSpeed + speed) * dTheta;
    previousSpeed = speed;
  }
  const length = arc[DENSE_SAMPLES]!;
  const count = Math.max(16, Math.round(length / targetSpacing));
  const spacing = length / count;
  const track: Track = {
    seed,
    length,
    spacing,
    count,
    x: new Float64Array(count),
    y: new Float64Array(count),
    heading: new Float64Array(count),
    curvature: new Float64Array(count),
  };
  let j = 0;
  for (let i = 0; i < count; i++) {
    const s = i * spacing;
    while (arc[j + 1]! < s) j++;
    const theta = (j + (s - arc[j]!) / (arc[j + 1]! - arc[j]!)) * dTheta;
    const [x, y, dx, dy, ddx, ddy] = curveAt(theta, meanRadius, harmonics) as [number, number, number, number, number, number];
    const curvature = (dx * ddy - dy * ddx) / Math.pow(dx * dx + dy * dy, 1.5);
    // Mirroring y reverses the direction of travel: headings and curvatures change sign.
    const sign = clockwise ? -1 : 1;
    track.x[i] = x;
    track.y[i] = sign * y;
    track.heading[i] = Math.atan2(sign * dy, dx);
    track.curvature[i] = sign * curvature;
  }
  return track;
}

/** The radius of the tightest bend, metres. */
export function tightestRadius(track: Track): number {
  let maxCurvature = 0;
  for (let i = 0; i < track.count; i++) maxCurvature = Math.max(maxCurvature, Math.abs(track.curvature[i]!));
  return 1 / maxCurvature;
}

/** Arc length wrapped into [0, length). */
export function wrapArcLength(track: Track, s: number): number {
  const wrapped = s % track.length;
  return wrapped < 0 ? wrapped + track.length : wrapped;
}

/** Angle wrapped into (-pi, pi]. */
export function wrapAngle(angle: number): number {
  let a = angle % (2 * Math.PI);
  if (a > Math.PI) a -= 2 * Math.PI;
  else if (a <= -Math.PI) a += 2 * Math.PI;
  return a;
}

/** A pose on the track: the centre-line point at arc length s moved `lateral` metres to the left. */
export interface TrackPose {
  x: number;
  y: number;
  heading: number;
  curvature: number;
}

/**
 * The centre-line point at arc length `s` (any real: wraps around the lap), shifted `lateral`
 * metres to the left of the direction of travel; linear interpolation between samples.
 *
 * @example const { x, y, heading } = trackPoseAt(track, 12.5, -1.75);
 */
export function trackPoseAt(track: Track, s: number, lateral = 0): TrackPose {
  const position = wrapArcLength(track, s) / track.spacing;
  const i = Math.floor(position) % track.count;
  const next = (i + 1) % track.count;
  const t = position - Math.floor(position);
  const heading = track.heading[i]! + t * wrapAngle(track.heading[next]! - track.heading[i]!);
  const x = track.x[i]! + t * (track.x[next]! - track.x[i]!) - lateral * Math.sin(heading);
  const y = track.y[i]! + t * (track.y[next]! - track.y[i]!) + lateral * Math.cos(heading);
  const curvature = track.curvature[i]! + t * (track.curvature[next]! - track.curvature[i]!);
  return { x, y, heading, curvature };
}

/** Curvature of the centre line at arc length `s` (interpolated), 1/m. */
export function curvatureAt(track: Track, s: number): number {
  return trackPoseAt(track, s).curvature;
}
