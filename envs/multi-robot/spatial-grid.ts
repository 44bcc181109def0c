/**
 * A uniform grid over points, rebuilt every step by counting sort (no allocation after the
 * first build): `collectNear(x, y, radius, out)` lists every point in the cells that a disc of
 * that radius touches, so neighbour queries cost O(neighbours) instead of O(n).
 *
 * @example
 * const grid = new SpatialGrid(4.5);
 * grid.build(xs, ys, n);
 * const count = grid.collectNear(0, 0, 1, neighbours); // neighbours: an Int32Array(n)
 */
export class SpatialGrid {
  private minX = 0;
  private minY = 0;
  /** Columns of cells; cell (row, col) is number row * cols + col. */
  cols = 1;
  private rows = 1;
  /** Points of cell c: `sorted[cellStart[c] .. cellStart[c + 1])`, in increasing order. */
  cellStart = new Int32Array(2);
  sorted = new Int32Array(0);
  private cellOfPoint = new Int32Array(0);
  private cursor = new Int32Array(2);
  /** The block of cells `cellsNear` returns (one object, overwritten by each call). */
  private readonly block = { row0: 0, row1: -1, col0: 0, col1: -1 };

  constructor(readonly cellSize: number) {
    if (!(cellSize > 0)) throw new RangeError(`SpatialGrid: cellSize must be positive, got ${cellSize}`);
  }

  /** Sorts the first `n` points into cells; call again whenever the points move. */
  build(xs: ArrayLike<number>, ys: ArrayLike<number>, n: number): void {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = xs[i]!;
      const y = ys[i]!;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    if (n === 0) minX = minY = maxX = maxY = 0;
    this.minX = minX;
    this.minY = minY;
    // Far-flung points (a robot that drove away) must not blow the grid up: cap the cell count.
    const size = Math.max(this.cellSize, Math.max(maxX - minX, maxY - minY) / 256);
    this.cols = Math.floor((maxX - minX) / size) + 1;
    this.rows = Math.floor((maxY - minY) / size) + 1;
    this.effectiveSize = size;
    const cells = this.cols * this.rows;
    if (this.cellStart.length < cells + 1) this.cellStart = new Int32Array(cells + 1);
    if (this.cellOfPoint.length < n) {
      this.cellOfPoint = new Int32Array(n);
      this.sorted = new Int32Array(n);
    }
    const start = this.cellStart;
    start.fill(0, 0, cells + 1);
    for (let i = 0; i < n; i++) {
      const cell = Math.floor((ys[i]! - minY) / size) * this.cols + Math.floor((xs[i]! - minX) / size);
      this.cellOfPoint[i] = cell;
      start[cell + 1]!++;
    }
    for (let c = 0; c < cells; c++) start[c + 1]! += start[c]!;
    // Fill from the end so that each cell lists its points in increasing order (determinism).
    const fill = this.sorted;
    if (this.cursor.length < cells + 1) this.cursor = new Int32Array(cells + 1);
    const cursor = this.cursor;
    cursor.set(start.subarray(0, cells + 1));
    for (let i = 0; i < n; i++) fill[cursor[this.cellOfPoint[i]!]!++] = i;
  }

  private effectiveSize = 1;

  /**
   * Writes into `out` the index of every point in the cells touched by the disc (x, y, radius),
   * possibly a few outside it, and returns how many; `out` must hold every point.
   */
  collectNear(x: number, y: number, radius: number, out: Int32Array): number {
    const { row0, row1, col0, col1 } = this.cellsNear(x, y, radius);
    let count = 0;
    for (let r = row0; r <= row1; r++) {
      for (let c = col0; c <= col1; c++) {
        const cell = r * this.cols + c;
        for (let k = this.cellStart[cell]!; k < this.cellStart[cell + 1]!; k++) out[count++] = this.sorted[k]!;
      }
    }
    return count;
  }

  /**
   * The block of cells (rows row0..row1, columns col0..col1) that the disc (x, y, radius)
   * touches, for callers that walk `cellStart`/`sorted` themselves; the object is reused.
   */
  cellsNear(x: number, y: number, radius: number): { readonly row0: number; readonly row1: number; readonly col0: number; readonly col1: number } {
    const size = this.effectiveSize;
    const block = this.block;
    block.col0 = Math.max(0, Math.floor((x - radius - this.minX) / size));
    block.col1 = Math.min(this.cols - 1, Math.floor((x + radius - this.minX) / size));
    block.row0 = Math.max(0, Math.floor((y - radius - this.minY) / size));
    block.row1 = Math.min(this.rows - 1, Math.floor((y + radius - this.minY) / size));
    return block;
  }
}
