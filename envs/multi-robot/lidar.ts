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

/** cos and sin of every beam's angle relative to the heading, computed once per spec. */
const beamTables = new WeakMap<LidarSpec, { cos: Float64Array; sin: Float64Array }>();

function beamTable(spec: LidarSpec): { cos: Float64Array; sin: Float64Array } {
  let table = beamTables.get(spec);
  if (!table) {
    table = { cos: new Float64Array(spec.beams), sin: new Float64Array(spec.beams) };
    for (let k = 0; k < spec.beams; k++) {
      table.cos[k] = Math.cos(beamAngle(spec, k));
      table.sin[k] = Math.sin(beamAngle(spec, k));
    }
    beamTables.set(spec, table);
  }
  return table;
}

/** The beams [first, last] whose angles (relative to the heading) fall in [low, high]; empty when first > last. */
function beamRange(spec: LidarSpec, low: number, high: number): [number, number] {
  if (spec.beams === 1) return low <= 0 && 0 <= high ? [0, 0] : [1, 0];
  const step = spec.fov / (spec.beams - 1);
  const first = Math.max(0, Math.ceil((low + spec.fov / 2) / step - 1e-9));
  const last = Math.min(spec.beams - 1, Math.floor((high + spec.fov / 2) / step + 1e-9));
  return [first, last];
}

/** Offsets that bring an angular interval around the heading into the scan's frame (all three when the fov is wide). */
const NARROW_SHIFTS = [0];
const WIDE_SHIFTS = [-TWO_PI, 0, TWO_PI];

/**
 * Lowers `scan[k]` to the distance at which beam k, from (x, y) with heading `heading`, meets the
 * disc of centre (cx, cy) and radius r. A sensor inside the disc is ignored (that is a collision).
 */
export function scanDisc(spec: LidarSpec, x: number, y: number, heading: number, cx: number, cy: number, r: number, scan: Float32Array, offset: number): void {
  const dx = cx - x;
  const dy = cy - y;
  const d2 = dx * dx + dy * dy;
  if (d2 <= r * r) return;
  const d = Math.sqrt(d2);
  if (d - r >= spec.range) return;
  const centre = wrapAngle(Math.atan2(dy, dx) - heading);
  const half = Math.asin(r / d);
  const shifts = spec.fov > Math.PI ? WIDE_SHIFTS : NARROW_SHIFTS;
  const table = beamTable(spec);
  const ch = Math.cos(heading);
  const sh = Math.sin(heading);
  for (let s = 0; s < shifts.length; s++) {
    const shift = shifts[s]!;
    const [first, last] = beamRange(spec, centre - half + shift, centre + half + shift);
    for (let k = first; k <= last; k++) {
      // The beam's direction: its angle in the robot's frame rotated by the heading.
      const ux = ch * table.cos[k]! - sh * table.sin[k]!;
      const uy = sh * table.cos[k]! + ch * table.sin[k]!;
      const along = dx * ux + dy * uy;
      const across2 = d2 - along * along;
      const disc = r * r - across2;
      if (disc < 0 || along <= 0) continue;
      const t = along - Math.sqrt(disc);
      if (t < scan[offset + k]!) scan[offset + k] = t;
    }
  }
}

/** Lowers `scan[k]` to the distance at which beam k meets the segment (ax, ay)-(bx, by). */
export function scanSegment(spec: LidarSpec, x: number, y: number, heading: number, ax: number, ay: number, bx: number, by: number, scan: Float32Array, offset: number): void {
  if (distanceToSegment(x, y, ax, ay, bx, by) >= spec.range) return;
  const angleA = wrapAngle(Math.atan2(ay - y, ax - x) - heading);
  const span = wrapAngle(Math.atan2(by - y, bx - x) - heading - angleA);
  const low = span >= 0 ? angleA : angleA + span;
  const high = low + Math.abs(span);
  const ex = bx - ax;
  const ey = by - ay;
  const table = beamTable(spec);
  const ch = Math.cos(heading);
  const sh = Math.sin(heading);
  // A segment's interval may straddle the back of the robot: try it at all three offsets.
  for (let w = 0; w < WIDE_SHIFTS.length; w++) {
    const shift = WIDE_SHIFTS[w]!;
    const [first, last] = beamRange(spec, low + shift, high + shift);
    for (let k = first; k <= last; k++) {
      const ux = ch * table.cos[k]! - sh * table.sin[k]!;
      const uy = sh * table.cos[k]! + ch * table.sin[k]!;
      const denominator = ux * ey - uy * ex;
      if (denominator === 0) continue;
      const px = ax - x;
      const py = ay - y;
      const t = (px * ey - py * ex) / denominator;
      const s = (px * uy - py * ux) / denominator;
      if (t > 0 && s >= 0 && s <= 1 && t < scan[offset + k]!) scan[offset + k] = t;
    }
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
