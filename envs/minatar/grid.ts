import { GRID_SIZE } from './game.js';

/**
 * Small helpers for writing MinAtar observations: [10, 10, C] binary grids stored row-major
 * with channels last, so cell (row, col) channel c sits at `(row * 10 + col) * C + c`.
 */

/** Number of cells on the board. */
export const CELL_COUNT = GRID_SIZE * GRID_SIZE;

/**
 * Turns on channel `channel` of cell (row, col) in an observation of `channelCount` channels
 * that starts at `offset`.
 *
 * @example setCell(observation, 0, 4, 9, paddleX, 0);
 */
export function setCell(out: Uint8Array, offset: number, channelCount: number, row: number, col: number, channel: number): void {
  out[offset + (row * GRID_SIZE + col) * channelCount + channel] = 1;
}

/** Whether column (or row) `x` lies on the board. */
export function onBoard(x: number): boolean {
  return x >= 0 && x < GRID_SIZE;
}

/**
 * The column an object moving sideways came from: one behind it, where MinAtar draws its
 * "trail" so that a single frame shows the direction of travel.
 */
export function trailColumn(x: number, movingRight: boolean): number {
  return movingRight ? x - 1 : x + 1;
}
