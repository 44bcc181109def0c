/**
 * The road's cross-section: two 3.5 m lanes either side of a dashed centre line, solid edge lines,
 * gravel verges, then grass. The car keeps to the right-hand lane, whose centre is half a lane
 * to the right of the track's centre line.
 */

export const ROAD = {
  laneWidth: 3.5,
  /** Width of the painted lines, metres. */
  lineWidth: 0.15,
  /** Centre-line dashes: 3 m painted, 6 m gap. */
  dashLength: 3,
  dashPeriod: 9,
  /** Gravel beyond each edge, metres. */
  vergeWidth: 1.5,
} as const;

/** Lateral offset of the driving lane's centre from the track centre line (right lane: negative). */
export const LANE_CENTRE = -ROAD.laneWidth / 2;
/** Half the paved width: the car is off the road beyond this distance from the centre line. */
export const ROAD_HALF_WIDTH = ROAD.laneWidth;

/** What the ground is made of at a point: indexes the renderer's palette. */
export const Material = { Grass: 0, Verge: 1, Asphalt: 2, EdgeLine: 3, CentreLine: 4 } as const;
export type Material = (typeof Material)[keyof typeof Material];

export const MATERIAL_COUNT = 5;

/**
 * The material at lateral offset `lateral` (from the centre line) and dash phase `dashPhase`
 * (arc length modulo the dash period, metres).
 *
 * @example roadMaterial(0, 1) === Material.CentreLine
 */
export function roadMaterial(lateral: number, dashPhase: number): Material {
  const distance = Math.abs(lateral);
  const halfLine = ROAD.lineWidth / 2;
  if (distance > ROAD_HALF_WIDTH + ROAD.vergeWidth) return Material.Grass;
  if (distance > ROAD_HALF_WIDTH) return Material.Verge;
  if (distance > ROAD_HALF_WIDTH - ROAD.lineWidth - 0.1 && distance <= ROAD_HALF_WIDTH - 0.1) return Material.EdgeLine;
  if (distance <= halfLine && dashPhase < ROAD.dashLength) return Material.CentreLine;
  return Material.Asphalt;
}
