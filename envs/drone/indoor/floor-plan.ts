/**
 * Seeded indoor floor plans: a grid of rooms (some narrow enough to be corridors) with walls
 * from floor to ceiling, doorways along a random spanning tree of the rooms (every room is
 * reachable) plus a few extra doorways that make loops, box furniture inside the rooms, and a
 * start and a goal in two different rooms.
 *
 * Everything solid is an axis-aligned box, so the depth camera and the collision test stay simple.
 */
import { Rng } from '../../../src/core/rng.js';

/** An axis-aligned box: [minX, minY, minZ, maxX, maxY, maxZ] (m). */
export type Box3 = [number, number, number, number, number, number];

/** The sizes a plan is drawn with. */
export interface FloorPlanOptions {
  /** Rooms per side: size 2 gives 2 x 2 rooms. */
  size: number;
  /** Ceiling height (m). */
  ceiling: number;
  /** Height the drone starts and the goal floats at (m). */
  flightHeight: number;
}

export const FLOOR_PLAN_DEFAULTS: FloorPlanOptions = { size: 2, ceiling: 2.5, flightHeight: 1.2 };

export interface FloorPlan {
  /** Outer size: the plan spans [0, width] x [0, depth] (m). */
  width: number;
  depth: number;
  ceiling: number;
  /** Walls first, then furniture. */
  boxes: Box3[];
  /** How many of `boxes` are walls. */
  wallCount: number;
  /** Room rectangles [minX, minY, maxX, maxY] (inner faces of their walls). */
  rooms: [number, number, number, number][];
  /** Doorway centres (m), for the picture and for keeping furniture out of the way. */
  doors: [number, number][];
  start: [number, number, number];
  startYaw: number;
  goal: [number, number, number];
  /** The rooms the start and the goal lie in. */
  startRoom: number;
  goalRoom: number;
}

const WALL = 0.1;
const CORRIDOR_CHANCE = 0.3;
const EXTRA_DOOR_CHANCE = 0.25;
/** Free distance kept around the start and the goal (m). */
const KEEP_CLEAR = 0.6;

/**
 * Draws the plan of `seed`: the same seed always gives the same plan.
 *
 * @example const plan = generateFloorPlan(7, { size: 2, ceiling: 2.5, flightHeight: 1.2 });
 */
export function generateFloorPlan(seed: number, options: FloorPlanOptions = FLOOR_PLAN_DEFAULTS): FloorPlan {
  const rng = new Rng(seed);
  const n = options.size;
  const spans = () => Array.from({ length: n }, () => (n > 1 && rng.random() < CORRIDOR_CHANCE ? rng.uniform(1.6, 2.0) : rng.uniform(3, 5)));
  const colWidths = spans();
  const rowDepths = spans();
  const xs = edges(colWidths);
  const ys = edges(rowDepths);
  const width = xs[n]!;
  const depth = ys[n]!;
  const h = options.ceiling;
  const boxes: Box3[] = [];
  const doors: [number, number][] = [];

  // Outer walls.
  boxes.push([-WALL, -WALL, 0, width + WALL, 0, h], [-WALL, depth, 0, width + WALL, depth + WALL, h]);
  boxes.push([-WALL, 0, 0, 0, depth, h], [width, 0, 0, width + WALL, depth, h]);

  // Which neighbouring rooms get a doorway: a random spanning tree, plus some extra edges.
  const room = (i: number, j: number) => j * n + i;
  const open = new Set<string>();
  const visited = new Uint8Array(n * n);
  const stack = [rng.integer(0, n * n)];
  visited[stack[0]!] = 1;
  while (stack.length > 0) {
    const current = stack[stack.length - 1]!;
    const ci = current % n;
    const cj = Math.floor(current / n);
    const options4 = [[ci - 1, cj], [ci + 1, cj], [ci, cj - 1], [ci, cj + 1]].filter(([i, j]) => i! >= 0 && j! >= 0 && i! < n && j! < n && !visited[room(i!, j!)]);
    if (options4.length === 0) {
      stack.pop();
      continue;
    }
    const [i, j] = options4[rng.integer(0, options4.length)]!;
    const next = room(i!, j!);
    visited[next] = 1;
    open.add(edgeKey(current, next));
    stack.push(next);
  }

  // Interior walls: the line between column i-1 and i, row by row (and the same for rows).
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const door = open.has(edgeKey(room(i - 1, j), room(i, j))) || rng.random() < EXTRA_DOOR_CHANCE;
      wallWithDoor(boxes, doors, rng, 'x', xs[i]!, ys[j]!, ys[j + 1]!, h, door);
    }
  }
  for (let j = 1; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const door = open.has(edgeKey(room(i, j - 1), room(i, j))) || rng.random() < EXTRA_DOOR_CHANCE;
      wallWithDoor(boxes, doors, rng, 'y', ys[j]!, xs[i]!, xs[i + 1]!, h, door);
    }
  }
  const wallCount = boxes.length;

  const rooms: [number, number, number, number][] = [];
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) rooms.push([xs[i]! + WALL / 2, ys[j]! + WALL / 2, xs[i + 1]! - WALL / 2, ys[j + 1]! - WALL / 2]);

  // Start and goal: two different rooms, away from the walls.
  const startRoom = rng.integer(0, rooms.length);
  let goalRoom = rng.integer(0, rooms.length - 1);
  if (goalRoom >= startRoom) goalRoom++;
  const spot = (r: number): [number, number, number] => {
    const [x0, y0, x1, y1] = rooms[r]!;
    const mx = Math.min(KEEP_CLEAR, (x1 - x0) / 2 - 0.05);
    const my = Math.min(KEEP_CLEAR, (y1 - y0) / 2 - 0.05);
    return [rng.uniform(x0 + mx, x1 - mx), rng.uniform(y0 + my, y1 - my), options.flightHeight];
  };
  const start = spot(startRoom);
  const goal = spot(goalRoom);
  const startYaw = rng.uniform(-Math.PI, Math.PI);

  // Furniture: up to two boxes per room wide enough, never near a doorway, the start or the goal.
  rooms.forEach(([x0, y0, x1, y1]) => {
    if (Math.min(x1 - x0, y1 - y0) < 2.5) return;
    const count = rng.integer(0, 3);
    for (let k = 0; k < count; k++) {
      for (let attempt = 0; attempt < 10; attempt++) {
        const sx = rng.uniform(0.4, 1.0);
        const sy = rng.uniform(0.4, 1.0);
        const bx = rng.uniform(x0 + 0.15, x1 - 0.15 - sx);
        const by = rng.uniform(y0 + 0.15, y1 - 0.15 - sy);
        const box: Box3 = [bx, by, 0, bx + sx, by + sy, rng.uniform(0.5, 2.0)];
        const blocks = (p: readonly number[], margin: number) => footprintDistance(box, p[0]!, p[1]!) < margin;
        if (doors.some((d) => blocks(d, 1.0)) || blocks(start, KEEP_CLEAR) || blocks(goal, KEEP_CLEAR)) continue;
        boxes.push(box);
        break;
      }
    }
  });
  return { width, depth, ceiling: h, boxes, wallCount, rooms, doors, start, startYaw, goal, startRoom, goalRoom };
}

/** Horizontal distance from (x, y) to a box's footprint (0 inside). */
export function footprintDistance(box: Box3, x: number, y: number): number {
  const dx = Math.max(box[0] - x, 0, x - box[3]);
  const dy = Math.max(box[1] - y, 0, y - box[4]);
  return Math.hypot(dx, dy);
}

/** Cumulative edges 0, w0, w0 + w1, ... */
function edges(spans: number[]): number[] {
  const out = [0];
  for (const s of spans) out.push(out[out.length - 1]! + s);
  return out;
}

function edgeKey(a: number, b: number): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

/**
 * A wall along the line `at` (x = at when axis is 'x', else y = at) from `from` to `to`, with a
 * doorway cut in it when asked (0.9 to 1.3 m wide, kept 0.3 m from the wall's ends).
 */
function wallWithDoor(boxes: Box3[], doors: [number, number][], rng: Rng, axis: 'x' | 'y', at: number, from: number, to: number, h: number, door: boolean): void {
  const piece = (a: number, b: number) => {
    if (b - a <= 1e-6) return;
    boxes.push(axis === 'x' ? [at - WALL / 2, a, 0, at + WALL / 2, b, h] : [a, at - WALL / 2, 0, b, at + WALL / 2, h]);
  };
  if (!door) {
    piece(from, to);
    return;
  }
  const length = to - from;
  const doorWidth = Math.min(rng.uniform(0.9, 1.3), length - 0.6);
  const centre = rng.uniform(from + 0.3 + doorWidth / 2, to - 0.3 - doorWidth / 2);
  piece(from, centre - doorWidth / 2);
  piece(centre + doorWidth / 2, to);
  doors.push(axis === 'x' ? [at, centre] : [centre, at]);
}
