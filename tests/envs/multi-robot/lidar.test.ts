import { describe, expect, it } from 'vitest';
import { beamAngle, Lidar, type LidarSpec } from '../../../envs/multi-robot/lidar.js';
import { Rng } from '../../../src/core/rng.js';

/** The plain way: every beam against every obstacle, by the ray's own equations. */
function bruteForce(spec: LidarSpec, x: number, y: number, heading: number, discs: number[][], r: number, segments: number[][]): number[] {
  const scan: number[] = [];
  for (let k = 0; k < spec.beams; k++) {
    const angle = heading + beamAngle(spec, k);
    const ux = Math.cos(angle);
    const uy = Math.sin(angle);
    let best = spec.range;
    for (const [cx, cy] of discs) {
      const dx = cx! - x;
      const dy = cy! - y;
      if (dx * dx + dy * dy <= r * r) continue;
      const along = dx * ux + dy * uy;
      const disc = r * r - (dx * dx + dy * dy - along * along);
      if (along > 0 && disc >= 0) best = Math.min(best, along - Math.sqrt(disc));
    }
    for (const [ax, ay, bx, by] of segments) {
      const ex = bx! - ax!;
      const ey = by! - ay!;
      const den = ux * ey - uy * ex;
      if (den === 0) continue;
      const t = ((ax! - x) * ey - (ay! - y) * ex) / den;
      const s = ((ax! - x) * uy - (ay! - y) * ux) / den;
      if (t > 0 && s >= 0 && s <= 1) best = Math.min(best, t);
    }
    scan.push(best);
  }
  return scan;
}

describe('Lidar (per-obstacle beam ranges)', () => {
  for (const spec of [
    { beams: 64, fov: Math.PI, range: 4 },
    { beams: 37, fov: 2 * Math.PI, range: 3 },
    { beams: 9, fov: Math.PI / 2, range: 5 },
    { beams: 1, fov: Math.PI, range: 4 },
  ]) {
    it(`reads what every beam tested against every obstacle reads (${spec.beams} beams over ${((spec.fov * 180) / Math.PI).toFixed(0)} degrees)`, () => {
      const rng = new Rng(5);
      const lidar = new Lidar(spec);
      let hits = 0;
      for (let trial = 0; trial < 200; trial++) {
        const x = 6 * rng.random() - 3;
        const y = 6 * rng.random() - 3;
        // Headings far from (-pi, pi] too: robots turn many times in an episode.
        const heading = 40 * rng.random() - 20;
        const r = 0.1 + 0.4 * rng.random();
        const discs = Array.from({ length: 6 }, () => [8 * rng.random() - 4, 8 * rng.random() - 4]);
        const segments = Array.from({ length: 2 }, () => [8 * rng.random() - 4, 8 * rng.random() - 4, 8 * rng.random() - 4, 8 * rng.random() - 4]);
        const scale = trial % 2 === 0 ? 1 : 1 / spec.range;
        const scan = new Float32Array(spec.beams + 2).fill(spec.range * scale);
        for (const [cx, cy] of discs) lidar.disc(x, y, Math.cos(heading), Math.sin(heading), cx!, cy!, r, scale, scan, 2);
        for (const [ax, ay, bx, by] of segments) lidar.segment(x, y, Math.cos(heading), Math.sin(heading), ax!, ay!, bx!, by!, scale, scan, 2);
        const expected = bruteForce(spec, x, y, heading, discs, r, segments);
        for (let k = 0; k < spec.beams; k++) {
          expect(scan[2 + k]! / scale, `trial ${trial} beam ${k}`).toBeCloseTo(expected[k]!, 4);
          if (expected[k]! < spec.range) hits++;
        }
      }
      expect(hits).toBeGreaterThan(spec.beams * 10);
    });
  }
});
