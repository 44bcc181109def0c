/**
 * A top-down raster of the ground's material around a track, so that the camera renderer
 * colours each pixel with one table lookup instead of a closest-point search.
 *
 * Built once per track by sweeping the road's cross-section along the centre line (steps of half
 * a cell in both directions, so the sweep leaves no holes on the outside of bends); cells the
 * sweep never reaches are grass.
 */
import { Material, ROAD, ROAD_HALF_WIDTH, roadMaterial } from './road.js';
import { trackPoseAt, type Track } from './track.js';

export interface GroundRaster {
  /** World coordinates of the corner of cell (0, 0), metres. */
  originX: number;
  originY: number;
  /** Cell side, metres. */
  resolution: number;
  cols: number;
  rows: number;
  /** Material of cell (col, row) at `row * cols + col` (see `Material`). */
  material: Uint8Array;
}

/** Past the verge, the margin of grass the raster keeps around the road, metres. */
const MARGIN = 2;

/**
 * Rasterises the road, its markings and verges around `track`.
 *
 * @example const raster = buildGroundRaster(generateTrack(3)); // 5 cm cells
 */
export function buildGroundRaster(track: Track, resolution = 0.05): GroundRaster {
  const reach = ROAD_HALF_WIDTH + ROAD.vergeWidth;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < track.count; i++) {
    minX = Math.min(minX, track.x[i]!);
    maxX = Math.max(maxX, track.x[i]!);
    minY = Math.min(minY, track.y[i]!);
    maxY = Math.max(maxY, track.y[i]!);
  }
  const originX = minX - reach - MARGIN;
  const originY = minY - reach - MARGIN;
  const cols = Math.ceil((maxX - minX + 2 * (reach + MARGIN)) / resolution);
  const rows = Math.ceil((maxY - minY + 2 * (reach + MARGIN)) / resolution);
  const material = new Uint8Array(cols * rows);
  // Stretch the dash period so that a whole number of dashes fits the lap: no seam at the start line.
  const dashPeriod = track.length / Math.max(1, Math.round(track.length / ROAD.dashPeriod));
  const dashScale = ROAD.dashPeriod / dashPeriod;
  const step = resolution / 2;
  const lateralSteps = Math.ceil(reach / step);
  // The cross-section only depends on whether a dash is painted here: tabulate both versions once.
  const withDash = new Uint8Array(2 * lateralSteps + 1);
  const withoutDash = new Uint8Array(2 * lateralSteps + 1);
  for (let k = -lateralSteps; k <= lateralSteps; k++) {
    withDash[k + lateralSteps] = roadMaterial(k * step, 0);
    withoutDash[k + lateralSteps] = roadMaterial(k * step, ROAD.dashPeriod);
  }
  const invResolution = 1 / resolution;
  for (let s = 0; s < track.length; s += step) {
    const pose = trackPoseAt(track, s);
    const stepX = -Math.sin(pose.heading) * step * invResolution;
    const stepY = Math.cos(pose.heading) * step * invResolution;
    const section = (s % dashPeriod) * dashScale < ROAD.dashLength ? withDash : withoutDash;
    let gx = (pose.x - originX) * invResolution - lateralSteps * stepX;
    let gy = (pose.y - originY) * invResolution - lateralSteps * stepY;
    for (let k = 0; k < section.length; k++, gx += stepX, gy += stepY) {
      const index = (gy | 0) * cols + (gx | 0);
      const m = section[k]!;
      // Where sweeps overlap on the inside of a bend, the road wins over verge and paint over tarmac.
      if (m > material[index]!) material[index] = m;
    }
  }
  return { originX, originY, resolution, cols, rows, material };
}

/** The material under the world point (x, y); grass outside the raster. */
export function materialAt(raster: GroundRaster, x: number, y: number): Material {
  const col = Math.floor((x - raster.originX) / raster.resolution);
  const row = Math.floor((y - raster.originY) / raster.resolution);
  if (col < 0 || row < 0 || col >= raster.cols || row >= raster.rows) return Material.Grass;
  return raster.material[row * raster.cols + col] as Material;
}
