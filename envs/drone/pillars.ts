/**
 * The pillar field of Drone/Obstacles-v0 and the drone's ring of range finders, as pure
 * functions: a seeded layout with guaranteed gaps, and exact ray-against-circle distances
 * (pillars are vertical and taller than the arena, so a horizontal ray sees circles).
 */
import type { Rng } from '../../src/core/rng.js';
import type { Pillar } from './quadrotor.js';

export interface PillarFieldOptions {
  count: number;
  /** The rectangle the pillar centres are drawn from: [xMin, xMax, yMin, yMax] (m). */
  region: readonly [number, number, number, number];
  radiusRange: readonly [number, number];
  height: number;
  /** Smallest free gap between two pillars' surfaces (m): wide enough for the drone. */
  minGap: number;
}

/**
 * Draws `count` pillars in `region`, each at least `minGap` from every other (surface to
 * surface), by rejection; throws when the region cannot hold that many after many tries.
 *
 * @example samplePillarField(new Rng(1), { count: 20, region: [1, 5, -1.5, 1.5], radiusRange: [0.08, 0.15], height: 3, minGap: 0.35 })
 */
export function samplePillarField(rng: Rng, options: PillarFieldOptions): Pillar[] {
  const [xMin, xMax, yMin, yMax] = options.region;
  const pillars: Pillar[] = [];
  const maxAttempts = 200 * Math.max(1, options.count);
  for (let attempt = 0; pillars.length < options.count; attempt++) {
    if (attempt >= maxAttempts) {
      throw new RangeError(`Could not place ${options.count} pillars with gaps of ${options.minGap} m in [${options.region.join(', ')}]; placed ${pillars.length}`);
    }
    const candidate: Pillar = {
      x: rng.uniform(xMin, xMax),
      y: rng.uniform(yMin, yMax),
      radius: rng.uniform(options.radiusRange[0], options.radiusRange[1]),
      height: options.height,
    };
    const clear = pillars.every((p) => Math.hypot(p.x - candidate.x, p.y - candidate.y) - p.radius - candidate.radius >= options.minGap);
    if (clear) pillars.push(candidate);
  }
  return pillars;
}

/**
 * Distance along a horizontal ray from (x, y) in direction (dx, dy) (a unit vector) to the
 * circle of `pillar`, or Infinity when the ray misses it. From inside the circle it is 0.
 *
 * @example rayToPillar(0, 0, 1, 0, { x: 2, y: 0, radius: 0.5, height: 3 }) // 1.5
 */
export function rayToPillar(x: number, y: number, dx: number, dy: number, pillar: Pillar): number {
  const ox = x - pillar.x;
  const oy = y - pillar.y;
  const c = ox * ox + oy * oy - pillar.radius * pillar.radius;
  if (c <= 0) return 0;
  // |o + t d|^2 = r^2 with |d| = 1: t^2 + 2 b t + c = 0, b = o . d.
  const b = ox * dx + oy * dy;
  const discriminant = b * b - c;
  if (b >= 0 || discriminant < 0) return Infinity;
  return -b - Math.sqrt(discriminant);
}

/**
 * The ring of range finders: `count` horizontal rays from `position` at angles 2 pi k / count
 * from world +x, each written to out[offset + k] as the distance to the nearest pillar divided
 * by `maxRange`, 1 when nothing is within range. Pillars lower than the drone are not seen.
 *
 * @example rangeRing([0, 0, 1], pillars, 2, new Float32Array(16))
 */
export function rangeRing(position: ArrayLike<number>, pillars: readonly Pillar[], maxRange: number, out: Float32Array, offset = 0, count = out.length - offset): Float32Array {
  const x = position[0]!;
  const y = position[1]!;
  const z = position[2]!;
  for (let k = 0; k < count; k++) {
    const angle = (2 * Math.PI * k) / count;
    const dx = Math.cos(angle);
    const dy = Math.sin(angle);
    let nearest = maxRange;
    for (const pillar of pillars) {
      if (z > pillar.height) continue;
      const hit = rayToPillar(x, y, dx, dy, pillar);
      if (hit < nearest) nearest = hit;
    }
    out[offset + k] = nearest / maxRange;
  }
  return out;
}
