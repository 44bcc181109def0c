/**
 * A floor plan as an occupancy grid at flight height: where the drone's centre may go with a
 * given clearance, the geodesic (around-the-walls) distance to the goal that shapes the reward,
 * and the A* route that the privileged baseline flies.
 */
import { gridAStar, shortcut } from '../path-planner.js';
import type { Box3, FloorPlan } from './floor-plan.js';

type Point = [number, number];

/**
 * @example const grid = new PlanGrid(plan, { resolution: 0.1, clearance: 0.15 }); const d = grid.distanceAt(grid.distanceField(plan.goal), x, y);
 */
export class PlanGrid {
  readonly cols: number;
  readonly rows: number;
  /** 1 where the centre keeps `clearance` from every box that reaches flight height. */
  readonly free: Uint8Array;

  constructor(
    readonly plan: FloorPlan,
    readonly options: { resolution: number; clearance: number },
  ) {
    const { resolution, clearance } = options;
    this.cols = Math.ceil(plan.width / resolution) + 1;
    this.rows = Math.ceil(plan.depth / resolution) + 1;
    this.free = new Uint8Array(this.cols * this.rows).fill(1);
    const flight = plan.start[2];
    for (const box of plan.boxes) {
      // Furniture whose top stays below the flight height minus the clearance is flown over.
      if (box[5] < flight - clearance) continue;
      this.block(box, clearance);
    }
    // The outer walls' inner faces.
    this.block([-1, -1, 0, plan.width + 1, 0, 1], clearance);
    this.block([-1, plan.depth, 0, plan.width + 1, plan.depth + 1, 1], clearance);
    this.block([-1, -1, 0, 0, plan.depth + 1, 1], clearance);
    this.block([plan.width, -1, 0, plan.width + 1, plan.depth + 1, 1], clearance);
  }

  cellOf(x: number, y: number): number {
    const { resolution } = this.options;
    const c = Math.min(this.cols - 1, Math.max(0, Math.round(x / resolution)));
    const r = Math.min(this.rows - 1, Math.max(0, Math.round(y / resolution)));
    return r * this.cols + c;
  }

  pointOf(cell: number): Point {
    const { resolution } = this.options;
    return [(cell % this.cols) * resolution, Math.floor(cell / this.cols) * resolution];
  }

  /**
   * Shortest 8-connected distances (m) from every free cell to the free cell nearest `goal`
   * (Dijkstra); Infinity where the goal cannot be reached.
   */
  distanceField(goal: ArrayLike<number>): Float64Array {
    const { cols, rows, free } = this;
    const step = this.options.resolution;
    const field = new Float64Array(cols * rows).fill(Infinity);
    const source = this.nearestFree(goal[0]!, goal[1]!);
    if (source < 0) return field;
    field[source] = 0;
    // Buckets of a Dial-style queue would do too; a binary heap keeps it short.
    const heap = new CellHeap();
    heap.push(source, 0);
    const diagonal = Math.SQRT2 * step;
    while (heap.size > 0) {
      const { cell, key } = heap.pop();
      if (key > field[cell]!) continue;
      const cx = cell % cols;
      const cy = (cell - cx) / cols;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = cy + dy;
        if (ny < 0 || ny >= rows) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = cx + dx;
          if ((dx === 0 && dy === 0) || nx < 0 || nx >= cols) continue;
          const next = ny * cols + nx;
          if (!free[next]) continue;
          const cost = key + (dx !== 0 && dy !== 0 ? diagonal : step);
          if (cost < field[next]!) {
            field[next] = cost;
            heap.push(next, cost);
          }
        }
      }
    }
    return field;
  }

  /** The field's value at (x, y): the nearest cell's, or the nearest free cell's when that one is blocked. */
  distanceAt(field: Float64Array, x: number, y: number): number {
    const cell = this.cellOf(x, y);
    if (this.free[cell]) return field[cell]!;
    const near = this.nearestFree(x, y);
    return near < 0 ? Infinity : field[near]! + Math.hypot(...subtract(this.pointOf(near), [x, y]));
  }

  /** A* from start to goal, shortened by line of sight on the grid: corner points, start and goal included. */
  route(start: ArrayLike<number>, goal: ArrayLike<number>): Point[] | undefined {
    const from = this.nearestFree(start[0]!, start[1]!);
    const to = this.nearestFree(goal[0]!, goal[1]!);
    if (from < 0 || to < 0) return undefined;
    const cells = gridAStar(this.free, this.cols, this.rows, from, to);
    if (cells === undefined) return undefined;
    const path = cells.map((c) => this.pointOf(c));
    path[0] = [start[0]!, start[1]!];
    path[path.length - 1] = [goal[0]!, goal[1]!];
    return shortcut(path, (a, b) => this.visible(a, b));
  }

  /** Whether the straight segment a-b stays on free cells. */
  visible(a: Point, b: Point): boolean {
    const samples = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / (this.options.resolution / 2)));
    for (let i = 0; i <= samples; i++) {
      const t = i / samples;
      if (!this.free[this.cellOf(a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))]) return false;
    }
    return true;
  }

  /** The free cell nearest (x, y) within 1 m, or -1. */
  private nearestFree(x: number, y: number): number {
    const centre = this.cellOf(x, y);
    if (this.free[centre]) return centre;
    const { resolution } = this.options;
    const reach = Math.ceil(1 / resolution);
    const cx = centre % this.cols;
    const cy = (centre - cx) / this.cols;
    let best = -1;
    let bestDistance = Infinity;
    for (let dy = -reach; dy <= reach; dy++) {
      for (let dx = -reach; dx <= reach; dx++) {
        const nx = cx + dx;
        const ny = cy + dy;
        if (nx < 0 || ny < 0 || nx >= this.cols || ny >= this.rows) continue;
        const cell = ny * this.cols + nx;
        const d = dx * dx + dy * dy;
        if (this.free[cell] && d < bestDistance) {
          best = cell;
          bestDistance = d;
        }
      }
    }
    return best;
  }

  private block(box: Box3, clearance: number): void {
    const { resolution } = this.options;
    const c0 = Math.max(0, Math.floor((box[0] - clearance) / resolution));
    const c1 = Math.min(this.cols - 1, Math.ceil((box[3] + clearance) / resolution));
    const r0 = Math.max(0, Math.floor((box[1] - clearance) / resolution));
    const r1 = Math.min(this.rows - 1, Math.ceil((box[4] + clearance) / resolution));
    for (let r = r0; r <= r1; r++) {
      const y = r * resolution;
      const dy = Math.max(box[1] - y, 0, y - box[4]);
      for (let c = c0; c <= c1; c++) {
        const x = c * resolution;
        const dx = Math.max(box[0] - x, 0, x - box[3]);
        if (dx * dx + dy * dy < clearance * clearance) this.free[r * this.cols + c] = 0;
      }
    }
  }
}

function subtract(a: Point, b: Point): Point {
  return [a[0] - b[0], a[1] - b[1]];
}

/** A binary min-heap of (cell, key) pairs in typed arrays. */
class CellHeap {
  private cells = new Int32Array(1024);
  private keys = new Float64Array(1024);
  size = 0;

  push(cell: number, key: number): void {
    if (this.size === this.cells.length) {
      const cells = new Int32Array(this.size * 2);
      const keys = new Float64Array(this.size * 2);
      cells.set(this.cells);
      keys.set(this.keys);
      this.cells = cells;
      this.keys = keys;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.cells[i] = this.cells[parent]!;
      this.keys[i] = this.keys[parent]!;
      i = parent;
    }
    this.cells[i] = cell;
    this.keys[i] = key;
  }

  pop(): { cell: number; key: number } {
    const top = { cell: this.cells[0]!, key: this.keys[0]! };
    const size = --this.size;
    const lastCell = this.cells[size]!;
    const lastKey = this.keys[size]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && this.keys[right]! < this.keys[left]! ? right : left;
      if (this.keys[child]! >= lastKey) break;
      this.cells[i] = this.cells[child]!;
      this.keys[i] = this.keys[child]!;
      i = child;
    }
    this.cells[i] = lastCell;
    this.keys[i] = lastKey;
    return top;
  }
}
