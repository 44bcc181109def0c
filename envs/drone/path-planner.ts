/**
 * A privileged baseline for Drone/Obstacles-v0: knowing the pillar layout, plan a shortest path
 * on an occupancy grid (A*, 8-connected), shorten it by line of sight, and let the PID pilot
 * fly it corner to corner. It shows that every seeded field can be flown, and gives a learned
 * policy something to be compared with.
 */
import type { Pillar } from './quadrotor.js';
import type { Arena } from './task.js';

export interface PlannerOptions {
  /** Grid cell size (m). */
  resolution: number;
  /** Free distance kept from every pillar surface and arena wall (m). */
  clearance: number;
}

export const PLANNER_DEFAULTS: PlannerOptions = { resolution: 0.05, clearance: 0.16 };

type Point = [number, number];

/**
 * A collision-free polyline from `start` to `goal` in the xy plane, both ends included, or
 * undefined when the goal cannot be reached with the clearance asked for.
 *
 * @example planPath(task.pillars, task.arena, [0, 0], [6, 0.5])
 */
export function planPath(pillars: readonly Pillar[], arena: Arena, start: Point, goal: Point, options: PlannerOptions = PLANNER_DEFAULTS): Point[] | undefined {
  const { resolution, clearance } = options;
  const cols = Math.floor((arena.max[0] - arena.min[0]) / resolution) + 1;
  const rows = Math.floor((arena.max[1] - arena.min[1]) / resolution) + 1;
  const toPoint = (cell: number): Point => [arena.min[0] + (cell % cols) * resolution, arena.min[1] + Math.floor(cell / cols) * resolution];
  const toCell = ([x, y]: Point): number => Math.round((y - arena.min[1]) / resolution) * cols + Math.round((x - arena.min[0]) / resolution);
  // The occupancy grid, computed once: 1 where the drone's centre may go.
  const freeCells = new Uint8Array(cols * rows);
  for (let cell = 0; cell < freeCells.length; cell++) freeCells[cell] = isFree(toPoint(cell), pillars, arena, clearance) ? 1 : 0;
  const startCell = toCell(start);
  const goalCell = toCell(goal);
  const cells = gridAStar(freeCells, cols, rows, startCell, goalCell);
  if (cells === undefined) return undefined;
  const path = cells.map(toPoint);
  path[0] = start;
  path[path.length - 1] = goal;
  return shortcut(path, (a, b) => segmentFree(a, b, pillars, arena, clearance, resolution / 2));
}

/**
 * A* on an 8-connected occupancy grid (`freeCells[row * cols + col]` is 1 where the centre may
 * go): the cells of a shortest path from `startCell` to `goalCell`, both included, or undefined.
 *
 * @example gridAStar(free, 100, 80, 0, 7999)
 */
export function gridAStar(freeCells: Uint8Array, cols: number, rows: number, startCell: number, goalCell: number): number[] | undefined {
  if (!freeCells[goalCell]) return undefined;
  const cost = new Float64Array(cols * rows).fill(Infinity);
  const cameFrom = new Int32Array(cols * rows).fill(-1);
  const closed = new Uint8Array(cols * rows);
  const heuristic = (cell: number) => Math.hypot((cell % cols) - (goalCell % cols), Math.floor(cell / cols) - Math.floor(goalCell / cols));
  const open = new MinHeap();
  cost[startCell] = 0;
  open.push(startCell, heuristic(startCell));
  while (open.size > 0) {
    const cell = open.pop();
    if (cell === goalCell) break;
    if (closed[cell]) continue;
    closed[cell] = 1;
    const cx = cell % cols;
    const cy = Math.floor(cell / cols);
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const nx = cx + dx;
        const ny = cy + dy;
        if ((dx === 0 && dy === 0) || nx < 0 || ny < 0 || nx >= cols || ny >= rows) continue;
        const next = ny * cols + nx;
        if (closed[next] || !freeCells[next]) continue;
        const nextCost = cost[cell]! + Math.hypot(dx, dy);
        if (nextCost < cost[next]!) {
          cost[next] = nextCost;
          cameFrom[next] = cell;
          open.push(next, nextCost + heuristic(next));
        }
      }
    }
  }
  if (cost[goalCell] === Infinity) return undefined;
  const cells: number[] = [];
  for (let cell = goalCell; cell !== -1; cell = cameFrom[cell]!) cells.push(cell);
  return cells.reverse();
}
/** Whether a point keeps `clearance` from every pillar and from the arena's side walls. */
export function isFree([x, y]: Point, pillars: readonly Pillar[], arena: Arena, clearance: number): boolean {
  if (x < arena.min[0] + clearance || x > arena.max[0] - clearance || y < arena.min[1] + clearance || y > arena.max[1] - clearance) return false;
  return pillars.every((p) => Math.hypot(x - p.x, y - p.y) >= p.radius + clearance);
}

function segmentFree(a: Point, b: Point, pillars: readonly Pillar[], arena: Arena, clearance: number, step: number): boolean {
  const samples = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / step));
  for (let i = 0; i <= samples; i++) {
    const t = i / samples;
    if (!isFree([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])], pillars, arena, clearance)) return false;
  }
  return true;
}

/** Greedy line-of-sight shortening: from each kept corner, jump to the farthest visible one. */
export function shortcut(path: Point[], visible: (a: Point, b: Point) => boolean): Point[] {
  const kept: Point[] = [path[0]!];
  let from = 0;
  while (from < path.length - 1) {
    let to = path.length - 1;
    while (to > from + 1 && !visible(path[from]!, path[to]!)) to--;
    kept.push(path[to]!);
    from = to;
  }
  return kept;
}

/** A binary min-heap of grid cells keyed by priority, for A*. */
class MinHeap {
  private readonly cells: number[] = [];
  private readonly keys: number[] = [];

  get size(): number {
    return this.cells.length;
  }

  push(cell: number, key: number): void {
    let i = this.cells.length;
    this.cells.push(cell);
    this.keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): number {
    const top = this.cells[0]!;
    const lastCell = this.cells.pop()!;
    const lastKey = this.keys.pop()!;
    if (this.cells.length > 0) {
      this.cells[0] = lastCell;
      this.keys[0] = lastKey;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < this.keys.length && this.keys[left]! < this.keys[smallest]!) smallest = left;
        if (right < this.keys.length && this.keys[right]! < this.keys[smallest]!) smallest = right;
        if (smallest === i) break;
        this.swap(i, smallest);
        i = smallest;
      }
    }
    return top;
  }

  private swap(a: number, b: number): void {
    [this.cells[a], this.cells[b]] = [this.cells[b]!, this.cells[a]!];
    [this.keys[a], this.keys[b]] = [this.keys[b]!, this.keys[a]!];
  }
}
