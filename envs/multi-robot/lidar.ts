/**
 * Planar laser scans against discs (robots) and line segments (walls), computed per obstacle
 * rather than per beam: each disc or segment only touches the beams inside the angle it subtends,
 * so a scan costs O(beams + hits) instead of O(beams x obstacles).
 */

/** How a scan is taken: `beams` rays spread evenly over `fov` radians centred on the heading. */
export interface LidarSpec {
  beams: number;
  /** Field of view in radians (the paper's laser: pi, i.e. 180 degrees). */
  fov: number;
  /** Maximum range in metres: a beam that hits nothing reads this. */
  range: number;
}

const TWO_PI = 2 * Math.PI;

/** Wraps an angle into (-pi, pi]. */
export function wrapAngle(angle: number): number {
  let a = angle % TWO_PI;
  if (a > Math.PI) a -= TWO_PI;
  else if (a <= -Math.PI) a += TWO_PI;
  return a;
}

/** The angle of beam k relative to the heading. */
export function beamAngle(spec: LidarSpec, k: number): number {
  return spec.beams === 1 ? 0 : -spec.fov / 2 + (k * spec.fov) / (spec.beams - 1);
}

/**
 * A laser of one spec, with every beam's direction in the robot's frame computed once. Obstacles
 * are handled in the robot's frame (x ahead, y to the left): no angle wrapping per obstacle, and a
 * disc wholly behind a laser of at most 180 degrees is dropped before any trigonometry.
 *
 * Readings are written multiplied by `scale` (1: metres; 1 / range: the fraction of the range that
 * observations use), so no second pass over the scan is needed.
 *
 * @example
 * const lidar = new Lidar({ beams: 64, fov: Math.PI, range: 4 });
 * scan.fill(4); lidar.disc(0, 0, 1, 0, 2, 0, 0.12, 1, scan, 0); // a robot 2 m ahead
 */
export class Lidar {
  /** cos and sin of each beam's angle relative to the heading. */
  readonly cos: Float64Array;
  readonly sin: Float64Array;
  /** Radians between neighbouring beams (0 for a single beam). */
  private readonly step: number;
  /** Whether the field of view is wider than 180 degrees (an interval may then wrap around). */
  private readonly wide: boolean;

  constructor(readonly spec: LidarSpec) {
    this.cos = new Float64Array(spec.beams);
    this.sin = new Float64Array(spec.beams);
    for (let k = 0; k < spec.beams; k++) {
      this.cos[k] = Math.cos(beamAngle(spec, k));
      this.sin[k] = Math.sin(beamAngle(spec, k));
    }
    this.step = spec.beams === 1 ? 0 : spec.fov / (spec.beams - 1);
    this.wide = spec.fov > Math.PI;
  }

  /**
   * Lowers `scan[offset + k]` to `scale` x the distance at which beam k, from (x, y) with heading
   * cos `ch`, sin `sh`, meets the disc of centre (cx, cy) and radius r. A sensor inside the disc
   * is ignored (that is a collision).
   */
  disc(x: number, y: number, ch: number, sh: number, cx: number, cy: number, r: number, scale: number, scan: Float32Array, offset: number): void {
    const dx = cx - x;
    const dy = cy - y;
    const d2 = dx * dx + dy * dy;
    const r2 = r * r;
    const reach = this.spec.range + r;
    if (d2 <= r2 || d2 >= reach * reach) return;
    // The centre in the robot's frame: lx ahead, ly to the left.
    const lx = dx * ch + dy * sh;
    if (lx < -r && !this.wide) return;
    const ly = dy * ch - dx * sh;
    const centre = Math.atan2(ly, lx);
    // The disc subtends asin(r / d) on either side; tan of that angle bounds it from above and
    // costs no asin. A few extra beams may be tried: each beam's own test decides whether it hits.
    const half = Math.min(Math.PI / 2, r / Math.sqrt(d2 - r2));
    const shifts = this.wide ? 3 : 1;
    for (let s = 0; s < shifts; s++) {
      const shift = this.wide ? (s - 1) * TWO_PI : 0;
      const first = this.firstBeam(centre - half + shift);
      const last = this.lastBeam(centre + half + shift);
      for (let k = first; k <= last; k++) {
        const along = lx * this.cos[k]! + ly * this.sin[k]!;
        if (along <= 0) continue;
        const disc = r2 - (d2 - along * along);
        if (disc < 0) continue;
        const t = (along - Math.sqrt(disc)) * scale;
        if (t < scan[offset + k]!) scan[offset + k] = t;
      }
    }
  }

  /** Lowers `scan[offset + k]` to `scale` x the distance at which beam k meets the segment (ax, ay)-(bx, by). */
  segment(x: number, y: number, ch: number, sh: number, ax: number, ay: number, bx: number, by: number, scale: number, scan: Float32Array, offset: number): void {
    if (distanceToSegment(x, y, ax, ay, bx, by) >= this.spec.range) return;
    // Both ends in the robot's frame.
    const px = (ax - x) * ch + (ay - y) * sh;
    const py = (ay - y) * ch - (ax - x) * sh;
    const qx = (bx - x) * ch + (by - y) * sh;
    const qy = (by - y) * ch - (bx - x) * sh;
    const angleA = Math.atan2(py, px);
    const span = wrapAngle(Math.atan2(qy, qx) - angleA);
    const low = span >= 0 ? angleA : angleA + span;
    const high = low + Math.abs(span);
    const ex = qx - px;
    const ey = qy - py;
    // A segment's interval may straddle the back of the robot: try it at all three offsets.
    for (let s = -1; s <= 1; s++) {
      const first = this.firstBeam(low + s * TWO_PI);
      const last = this.lastBeam(high + s * TWO_PI);
      for (let k = first; k <= last; k++) {
        const ux = this.cos[k]!;
        const uy = this.sin[k]!;
        const denominator = ux * ey - uy * ex;
        if (denominator === 0) continue;
        const t = (px * ey - py * ex) / denominator;
        const along = (px * uy - py * ux) / denominator;
        if (t > 0 && along >= 0 && along <= 1 && t * scale < scan[offset + k]!) scan[offset + k] = t * scale;
      }
    }
  }

  /** The first beam whose angle is at least `low` (beams past the last one when none). */
  private firstBeam(low: number): number {
    if (this.spec.beams === 1) return low <= 0 ? 0 : 1;
    return Math.max(0, Math.ceil((low + this.spec.fov / 2) / this.step - 1e-9));
  }

  /** The last beam whose angle is at most `high` (-1 when none). */
  private lastBeam(high: number): number {
    if (this.spec.beams === 1) return high >= 0 ? 0 : -1;
    return Math.min(this.spec.beams - 1, Math.floor((high + this.spec.fov / 2) / this.step + 1e-9));
  }
}

/** The distance from point (x, y) to the segment (ax, ay)-(bx, by). */
export function distanceToSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const ex = bx - ax;
  const ey = by - ay;
  const length2 = ex * ex + ey * ey;
  const s = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * ex + (y - ay) * ey) / length2));
  return Math.hypot(x - ax - s * ex, y - ay - s * ey);
}
