import { describe, expect, it } from 'vitest';
import { arcLengthDelta, projectOntoTrack } from '../../../envs/driving/projection.js';
import { generateTrack, tightestRadius, trackPoseAt, wrapAngle } from '../../../envs/driving/track.js';

describe('generateTrack', () => {
  it('closes the loop: the last sample is one spacing from the first and the heading turns a full circle', () => {
    for (const seed of [0, 1, 2, 3, 11]) {
      const track = generateTrack(seed);
      const n = track.count;
      expect(Math.hypot(track.x[n - 1]! - track.x[0]!, track.y[n - 1]! - track.y[0]!)).toBeCloseTo(track.spacing, 2);
      // Integrated curvature of a simple closed curve is +-2 pi (counter-clockwise or clockwise).
      let turning = 0;
      for (let i = 0; i < n; i++) turning += track.curvature[i]! * track.spacing;
      expect(Math.abs(Math.abs(turning) - 2 * Math.PI)).toBeLessThan(0.01);
      let headingChange = 0;
      for (let i = 0; i < n; i++) headingChange += wrapAngle(track.heading[(i + 1) % n]! - track.heading[i]!);
      expect(headingChange).toBeCloseTo(turning, 2);
    }
  });

  it('bends smoothly and never tighter than the minimum radius', () => {
    for (let seed = 0; seed < 10; seed++) {
      const track = generateTrack(seed);
      expect(tightestRadius(track)).toBeGreaterThanOrEqual(22);
      for (let i = 0; i < track.count; i++) {
        const change = Math.abs(track.curvature[(i + 1) % track.count]! - track.curvature[i]!);
        expect(change).toBeLessThan(0.003); // per 0.5 m: no kinks
      }
      expect(track.length).toBeGreaterThan(250);
      expect(track.length).toBeLessThan(500);
    }
  });

  it('is the same track for the same seed and a different one for another seed; both directions occur', () => {
    const a = generateTrack(5);
    const b = generateTrack(5);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.curvature)).toEqual(Array.from(b.curvature));
    expect(generateTrack(6).length).not.toBe(a.length);
    const directions = new Set([0, 1, 2, 3, 4, 5, 6, 7].map((seed) => Math.sign(generateTrack(seed).curvature.reduce((sum, k) => sum + k, 0))));
    expect(directions).toEqual(new Set([1, -1]));
  });

  it('refuses a negative or fractional seed', () => {
    expect(() => generateTrack(-1)).toThrow(/seed must be a non-negative integer, got -1/);
    expect(() => generateTrack(1.5)).toThrow(/got 1.5/);
  });
});

describe('projectOntoTrack', () => {
  const track = generateTrack(4);

  it('recovers the arc length and lateral offset of points placed with trackPoseAt', () => {
    for (const s of [0.3, 17.25, 100, 211.7, track.length - 0.2]) {
      for (const lateral of [-3, -1.75, 0, 0.4, 4.5]) {
        const p = trackPoseAt(track, s, lateral);
        const global = projectOntoTrack(track, p.x, p.y);
        expect(global.s).toBeCloseTo(s, 1);
        expect(global.lateral).toBeCloseTo(lateral, 2);
        const hinted = projectOntoTrack(track, p.x, p.y, global.index + 3);
        expect(hinted).toEqual(global);
      }
    }
  });

  it('puts points on the left of the direction of travel at positive offsets', () => {
    const p = trackPoseAt(track, 50);
    const left = projectOntoTrack(track, p.x - Math.sin(p.heading), p.y + Math.cos(p.heading));
    expect(left.lateral).toBeCloseTo(1, 3);
  });

  it('counts a step across the start line as a small forward step', () => {
    expect(arcLengthDelta(track, track.length - 0.3, 0.2)).toBeCloseTo(0.5, 9);
    expect(arcLengthDelta(track, 0.2, track.length - 0.3)).toBeCloseTo(-0.5, 9);
    expect(arcLengthDelta(track, 10, 10.5)).toBeCloseTo(0.5, 9);
  });
});
