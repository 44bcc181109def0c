import { ConfigError, describeValue } from '../../src/core/errors.js';
import type { Rng } from '../../src/core/rng.js';

/**
 * Where robots start and where they go. Every scenario is drawn from the world's seeded
 * generator, so a seed fixes the layout.
 * - 'circle': robots evenly spaced on a circle, each going to the antipodal point (the paper's
 *   circle scenario); the circle grows with the robot count so that neighbours start apart.
 * - 'random': random start and goal pairs in a square sized to the robot count.
 * - 'random-obstacles': the same with static boxes in the square.
 * - 'corridor': a corridor with a doorway in its middle wall; half the robots start on each
 *   side and cross to the other.
 * - 'large': a large room with obstacles for 100 robots (any count works), random pairs.
 */
export type ScenarioName = 'circle' | 'random' | 'random-obstacles' | 'corridor' | 'large';

export const SCENARIOS: readonly ScenarioName[] = ['circle', 'random', 'random-obstacles', 'corridor', 'large'];

export interface Layout {
  startX: Float64Array;
  startY: Float64Array;
  startHeading: Float64Array;
  goalX: Float64Array;
  goalY: Float64Array;
  /** Walls as segments: x1, y1, x2, y2 per segment. */
  walls: number[];
  /** Half the width of the area, for the camera. */
  extent: number;
}

/** Draws the layout of `scenario` for `robots` robots of radius `radius`. */
export function buildLayout(scenario: ScenarioName, robots: number, radius: number, rng: Rng): Layout {
  switch (scenario) {
    case 'circle':
      return circle(robots, radius, rng);
    case 'random':
      return randomPairs(robots, radius, rng, Math.max(3, Math.sqrt(robots) * 1.6), 0);
    case 'random-obstacles':
      return randomPairs(robots, radius, rng, Math.max(4, Math.sqrt(robots) * 2), Math.max(3, Math.round(robots / 4)));
    case 'large':
      return randomPairs(robots, radius, rng, Math.max(8, Math.sqrt(robots) * 2.2), Math.max(6, Math.round(robots / 6)));
    case 'corridor':
      return corridor(robots, radius, rng);
    default:
      throw new ConfigError(`MultiRobot: scenario must be one of ${SCENARIOS.join(', ')}, got ${describeValue(scenario)}`);
  }
}

function emptyLayout(robots: number, extent: number): Layout {
  return {
    startX: new Float64Array(robots),
    startY: new Float64Array(robots),
    startHeading: new Float64Array(robots),
    goalX: new Float64Array(robots),
    goalY: new Float64Array(robots),
    walls: [],
    extent,
  };
}

function circle(robots: number, radius: number, rng: Rng): Layout {
  // Neighbours 8 radii apart along the circle (about 1 m for 0.12 m robots), never smaller than 4 m.
  const circleRadius = Math.max(4, (robots * 8 * radius) / (2 * Math.PI));
  const layout = emptyLayout(robots, circleRadius + 1);
  const turn = rng.uniform(0, 2 * Math.PI);
  for (let i = 0; i < robots; i++) {
    const angle = turn + (2 * Math.PI * i) / robots;
    layout.startX[i] = circleRadius * Math.cos(angle);
    layout.startY[i] = circleRadius * Math.sin(angle);
    layout.goalX[i] = -layout.startX[i]!;
    layout.goalY[i] = -layout.startY[i]!;
    layout.startHeading[i] = angle + Math.PI + rng.uniform(-0.1, 0.1);
  }
  return layout;
}

/** Axis-aligned boxes as 4 wall segments each. */
function addBox(walls: number[], cx: number, cy: number, hx: number, hy: number): void {
  const corners = [cx - hx, cy - hy, cx + hx, cy - hy, cx + hx, cy + hy, cx - hx, cy + hy];
  for (let k = 0; k < 4; k++) {
    const a = 2 * k;
    const b = (2 * k + 2) % 8;
    walls.push(corners[a]!, corners[a + 1]!, corners[b]!, corners[b + 1]!);
  }
}

function randomPairs(robots: number, radius: number, rng: Rng, halfSide: number, boxes: number): Layout {
  const layout = emptyLayout(robots, halfSide + 1);
  const boxList: [number, number, number, number][] = [];
  for (let b = 0; b < boxes; b++) {
    const box: [number, number, number, number] = [rng.uniform(-halfSide * 0.8, halfSide * 0.8), rng.uniform(-halfSide * 0.8, halfSide * 0.8), rng.uniform(0.2, 0.6), rng.uniform(0.2, 0.6)];
    boxList.push(box);
    addBox(layout.walls, ...box);
  }
  const clearOfBoxes = (x: number, y: number) => boxList.every(([cx, cy, hx, hy]) => Math.abs(x - cx) > hx + 3 * radius || Math.abs(y - cy) > hy + 3 * radius);
  const place = (xs: Float64Array, ys: Float64Array, i: number) => {
    for (let attempt = 0; ; attempt++) {
      const x = rng.uniform(-halfSide, halfSide);
      const y = rng.uniform(-halfSide, halfSide);
      let free = clearOfBoxes(x, y);
      // Starts (and goals) of different robots at least 3 radii apart; loosened if the area is crowded.
      const gap = attempt < 500 ? 3 * radius : 2.2 * radius;
      for (let j = 0; free && j < i; j++) free = Math.hypot(xs[j]! - x, ys[j]! - y) > gap;
      if (free || attempt > 2000) {
        xs[i] = x;
        ys[i] = y;
        return;
      }
    }
  };
  for (let i = 0; i < robots; i++) {
    place(layout.startX, layout.startY, i);
    place(layout.goalX, layout.goalY, i);
    layout.startHeading[i] = rng.uniform(-Math.PI, Math.PI);
  }
  return layout;
}

function corridor(robots: number, radius: number, rng: Rng): Layout {
  const halfLength = Math.max(4, robots * 0.25);
  const halfWidth = 2;
  const door = 0.6;
  const layout = emptyLayout(robots, halfLength + 1);
  const w = layout.walls;
  w.push(-halfLength, -halfWidth, halfLength, -halfWidth, -halfLength, halfWidth, halfLength, halfWidth);
  w.push(0, -halfWidth, 0, -door, 0, door, 0, halfWidth);
  const columns = Math.ceil(robots / 2 / 3);
  for (let i = 0; i < robots; i++) {
    const side = i % 2 === 0 ? -1 : 1;
    const k = Math.floor(i / 2);
    const x = side * (1 + (k % columns) * 4 * radius * 1.2 + rng.uniform(0, 0.05));
    const y = (Math.floor(k / columns) - 1) * 1.2;
    layout.startX[i] = Math.min(halfLength - 0.3, Math.abs(x)) * side;
    layout.startY[i] = y;
    layout.goalX[i] = -layout.startX[i]!;
    layout.goalY[i] = y;
    layout.startHeading[i] = side > 0 ? Math.PI : 0;
  }
  return layout;
}
