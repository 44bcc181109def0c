/**
 * A software depth camera for worlds of axis-aligned boxes between a floor (z = 0) and a ceiling:
 * a pinhole camera looking along the drone's heading, level (gimbal-stabilised: it follows yaw,
 * not roll or pitch), ray cast column by column.
 *
 * Each column's rays share one vertical plane, so the boxes that column crosses are found once
 * (a 2D slab test per box), and each pixel of the column then only compares heights with those
 * few boxes, the floor and the ceiling. Pixels hold the depth along the optical axis (what depth
 * sensors report, not the ray length), divided by `maxRange` and clipped to [0, 1].
 */

export interface DepthCameraOptions {
  width: number;
  height: number;
  /** Horizontal field of view (rad); square pixels set the vertical one. */
  fov: number;
  /** Depth that maps to 1 (m); farther surfaces read 1 too. */
  maxRange: number;
}

export const DEPTH_CAMERA_DEFAULTS: DepthCameraOptions = { width: 64, height: 64, fov: Math.PI / 2, maxRange: 10 };

/** Most boxes one column may cross; more are ignored past this (never reached by the plans here). */
const MAX_COLUMN_HITS = 64;

/**
 * @example
 * const camera = new DepthCamera(DEPTH_CAMERA_DEFAULTS);
 * camera.render(boxes, boxCount, 2.5, x, y, z, yaw, image, 0, 1); // image: Float32Array(64 * 64)
 */
export class DepthCamera {
  /** Per column: the horizontal ray's sideways slope (left positive). */
  private readonly columnSlopes: Float64Array;
  /** Per row: the vertical slope (up positive) per metre of depth. */
  private readonly rowSlopes: Float64Array;
  private readonly hitIn = new Float64Array(MAX_COLUMN_HITS);
  private readonly hitOut = new Float64Array(MAX_COLUMN_HITS);
  private readonly hitBottom = new Float64Array(MAX_COLUMN_HITS);
  private readonly hitTop = new Float64Array(MAX_COLUMN_HITS);
  /** Per row: where its rays meet the floor or the ceiling (set per frame: it depends on z). */
  private readonly planeDepths: Float64Array;
  /** Per box: its footprint relative to the camera (set per frame). */
  private relative = new Float64Array(0);

  constructor(readonly options: DepthCameraOptions) {
    const { width, height, fov } = options;
    const focal = width / 2 / Math.tan(fov / 2);
    this.columnSlopes = Float64Array.from({ length: width }, (_, u) => (width / 2 - u - 0.5) / focal);
    this.rowSlopes = Float64Array.from({ length: height }, (_, v) => (height / 2 - v - 0.5) / focal);
    this.planeDepths = new Float64Array(height);
  }

  /**
   * Renders from (x, y, z) looking along `yaw` into `out`: pixel (v, u) at
   * `offset + (v * width + u) * stride` (stride > 1 interleaves stacked frames, HWC).
   * `boxes` holds `count` boxes as [minX, minY, minZ, maxX, maxY, maxZ] runs.
   */
  render(boxes: Float64Array, count: number, ceiling: number, x: number, y: number, z: number, yaw: number, out: Float32Array, offset = 0, stride = 1): void {
    const { width, height, maxRange } = this.options;
    const cos = Math.cos(yaw);
    const sin = Math.sin(yaw);
    const { hitIn, hitOut, hitBottom, hitTop, rowSlopes, planeDepths } = this;
    const invRange = 1 / maxRange;
    for (let v = 0; v < height; v++) {
      const slope = rowSlopes[v]!;
      planeDepths[v] = slope < 0 ? -z / slope : slope > 0 ? (ceiling - z) / slope : Infinity;
    }
    if (this.relative.length < count * 4) this.relative = new Float64Array(count * 4);
    const rel = this.relative;
    for (let b = 0; b < count; b++) {
      rel[4 * b] = boxes[b * 6]! - x;
      rel[4 * b + 1] = boxes[b * 6 + 1]! - y;
      rel[4 * b + 2] = boxes[b * 6 + 3]! - x;
      rel[4 * b + 3] = boxes[b * 6 + 4]! - y;
    }
    for (let u = 0; u < width; u++) {
      // Horizontal direction with a unit forward component: the ray parameter is the optical depth.
      const t = this.columnSlopes[u]!;
      const dx = cos - t * sin;
      const dy = sin + t * cos;
      const invX = 1 / dx;
      const invY = 1 / dy;
      // Boxes from floor to ceiling (walls) are hit where the ray enters them, whatever the row:
      // keep only the nearest. Shorter boxes (furniture) are compared row by row.
      let wall = Infinity;
      let hits = 0;
      for (let b = 0; b < count; b++) {
        const o = b * 6;
        const r = b * 4;
        const ta = rel[r]! * invX;
        const tb = rel[r + 2]! * invX;
        const sa = rel[r + 1]! * invY;
        const sb = rel[r + 3]! * invY;
        const t0 = ta < tb ? ta : tb;
        const t1 = ta < tb ? tb : ta;
        const s0 = sa < sb ? sa : sb;
        const s1 = sa < sb ? sb : sa;
        const enter = t0 > s0 ? t0 : s0;
        const exit = t1 < s1 ? t1 : s1;
        if (exit < enter || exit <= 0 || enter >= maxRange) continue;
        const entry = enter > 0 ? enter : 0;
        if (boxes[o + 2]! <= 0 && boxes[o + 5]! >= ceiling) {
          if (entry < wall) wall = entry;
        } else if (hits < MAX_COLUMN_HITS) {
          hitIn[hits] = entry;
          hitOut[hits] = exit;
          hitBottom[hits] = boxes[o + 2]!;
          hitTop[hits] = boxes[o + 5]!;
          hits++;
        }
      }
      for (let v = 0; v < height; v++) {
        let best = planeDepths[v]!;
        if (wall < best) best = wall;
        if (hits === 0) {
          out[offset + (v * width + u) * stride] = best >= maxRange ? 1 : best * invRange;
          continue;
        }
        const slope = rowSlopes[v]!;
        for (let k = 0; k < hits; k++) {
          const enter = hitIn[k]!;
          if (enter >= best) continue;
          const zIn = z + slope * enter;
          let depth: number;
          if (zIn > hitTop[k]!) {
            // Above the box where the ray enters its footprint: it may come down onto the top.
            if (slope >= 0) continue;
            depth = (hitTop[k]! - z) / slope;
          } else if (zIn < hitBottom[k]!) {
            if (slope <= 0) continue;
            depth = (hitBottom[k]! - z) / slope;
          } else {
            depth = enter;
          }
          if (depth <= hitOut[k]! && depth < best) best = depth;
        }
        out[offset + (v * width + u) * stride] = best >= maxRange ? 1 : best * invRange;
      }
    }
  }
}
