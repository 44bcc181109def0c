import { Body, Cylinder, Quaternion, RaycastResult, Vec3, World } from 'cannon-es';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { rangeRing, rayToPillar, samplePillarField } from '../../../envs/drone/pillars.js';

const pillar = { x: 2, y: 0, radius: 0.5, height: 3 };

describe('rayToPillar', () => {
  it('hits a circle straight ahead at centre distance minus radius', () => {
    expect(rayToPillar(0, 0, 1, 0, pillar)).toBe(1.5);
  });

  it('hits off-centre where the chord begins', () => {
    // From (0, 0.3) along +x: the circle (x-2)^2 + 0.09 = 0.25 starts at x = 2 - 0.4 = 1.6.
    expect(rayToPillar(0, 0.3, 1, 0, pillar)).toBeCloseTo(1.6, 12);
  });

  it('misses a circle behind or beside the ray, and is 0 from inside', () => {
    expect(rayToPillar(0, 0, -1, 0, pillar)).toBe(Infinity);
    expect(rayToPillar(0, 0.6, 1, 0, pillar)).toBe(Infinity);
    expect(rayToPillar(2.1, 0, 1, 0, pillar)).toBe(0);
  });
});

describe('rangeRing', () => {
  it('reads each ray as distance / range, 1 when nothing is in range', () => {
    const ring = rangeRing([0, 0, 1], [pillar], 2, new Float32Array(4));
    // Ray 0 looks along +x (1.5 m away), rays 1..3 along +y, -x, -y see nothing.
    expect(Array.from(ring)).toEqual([0.75, 1, 1, 1]);
    expect(Array.from(rangeRing([0, 0, 3.5], [pillar], 2, new Float32Array(4)))).toEqual([1, 1, 1, 1]);
  });

  it('agrees with a cannon-es ray cast against the 16-sided collision cylinder', () => {
    const world = new World();
    const body = new Body({ type: Body.STATIC, position: new Vec3(pillar.x, pillar.y, 1.5) });
    body.addShape(new Cylinder(0.5, 0.5, 3, 16), undefined, new Quaternion().setFromAxisAngle(new Vec3(1, 0, 0), Math.PI / 2));
    world.addBody(body);
    for (const y of [0, 0.2, -0.35]) {
      const result = new RaycastResult();
      world.raycastClosest(new Vec3(0, y, 1), new Vec3(4, y, 1), {}, result);
      expect(result.hasHit).toBe(true);
      // A 16-gon's faces lie within r (1 - cos(pi / 16)) = 9.6 mm inside the circle.
      expect(Math.abs(result.distance - rayToPillar(0, y, 1, 0, pillar))).toBeLessThan(0.015);
    }
  });
});

describe('samplePillarField', () => {
  const options = { count: 20, region: [1, 5, -1.5, 1.5] as const, radiusRange: [0.08, 0.15] as const, height: 3, minGap: 0.35 };

  it('places the pillars in the region with the gaps it promises, the same for the same seed', () => {
    const pillars = samplePillarField(new Rng(3), options);
    expect(pillars).toHaveLength(20);
    for (const [i, a] of pillars.entries()) {
      expect(a.x).toBeGreaterThanOrEqual(1);
      expect(a.x).toBeLessThanOrEqual(5);
      expect(a.radius).toBeGreaterThanOrEqual(0.08);
      for (const b of pillars.slice(i + 1)) expect(Math.hypot(a.x - b.x, a.y - b.y) - a.radius - b.radius).toBeGreaterThanOrEqual(0.35);
    }
    expect(samplePillarField(new Rng(3), options)).toEqual(pillars);
    expect(samplePillarField(new Rng(4), options)).not.toEqual(pillars);
  });

  it('says so when the region cannot hold the pillars', () => {
    expect(() => samplePillarField(new Rng(0), { ...options, count: 80 })).toThrow(/Could not place 80 pillars with gaps of 0.35 m/);
  });
});
