import { describe, expect, it } from 'vitest';
import { Action } from '../../../envs/minatar/game.js';
import { nearestAlienCell, rollColumns, shiftRowsDown, shiftRowsUp, SpaceInvaders } from '../../../envs/minatar/space-invaders.js';
import { Rng } from '../../../src/core/rng.js';
import { cellsOn } from './helpers.js';

function game(ramping = true): SpaceInvaders {
  return new SpaceInvaders(new Rng(0), ramping);
}

/** Replaces the wave with aliens at the given [row, col] cells. */
function placeAliens(g: SpaceInvaders, cells: [number, number][]): void {
  g.placeAliens(cells);
  expect(g.alienCount).toBe(cells.length);
}

describe('MinAtar Space Invaders', () => {
  it('starts with a 4x6 wave at rows 0-3, columns 2-7, marching left, and the cannon at column 5', () => {
    const g = game();
    expect(cellsOn(g, 0)).toEqual([[9, 5]]);
    const wave: [number, number][] = [];
    for (let row = 0; row < 4; row++) for (let col = 2; col < 8; col++) wave.push([row, col]);
    expect(cellsOn(g, 1)).toEqual(wave);
    expect(cellsOn(g, 2)).toEqual(wave);
    expect(cellsOn(g, 3)).toEqual([]);
  });

  it('steps the wave left every 12 frames (first on frame 13)', () => {
    const g = game();
    g.alienShotTimer = 1000;
    for (let frame = 0; frame < 12; frame++) g.act(Action.noop);
    expect(cellsOn(g, 1)[0]).toEqual([0, 2]);
    g.act(Action.noop);
    expect(cellsOn(g, 1)[0]).toEqual([0, 1]);
  });

  it('steps the wave down and turns it around when it touches the wall', () => {
    const g = game();
    g.alienShotTimer = 1000;
    placeAliens(g, [[2, 0], [2, 1], [2, 2]]);
    g.alienMoveTimer = 0;
    g.act(Action.noop);
    expect(cellsOn(g, 1)).toEqual([[3, 0], [3, 1], [3, 2]]);
    expect(cellsOn(g, 3)).toEqual([[3, 0], [3, 1], [3, 2]]); // now marching right
    expect(cellsOn(g, 2)).toEqual([]);
    // With three aliens left they move every min(3, 12) = 3 frames.
    g.act(Action.noop);
    g.act(Action.noop);
    expect(cellsOn(g, 1)[0]).toEqual([3, 0]);
    g.act(Action.noop);
    expect(cellsOn(g, 1)).toEqual([[3, 1], [3, 2], [3, 3]]);
  });

  it('terminates when the wave must step down from the bottom row', () => {
    const g = game();
    placeAliens(g, [[9, 9]]);
    g.cannonX = 0;
    g.alienDirection = 1;
    g.alienMoveTimer = 0;
    g.act(Action.noop);
    expect(g.terminal).toBe(true);
  });

  it('shoots an alien: the bullet starts on row 9 and rises one row per frame (+1); a cleared wave respawns faster', () => {
    const g = game();
    g.alienShotTimer = 1000;
    placeAliens(g, [[7, 5]]);
    g.alienMoveTimer = 100;
    expect(g.act(Action.fire)).toBe(0);
    expect(cellsOn(g, 4)).toEqual([[8, 5]]);
    expect(g.act(Action.noop)).toBe(1);
    expect(cellsOn(g, 4)).toEqual([]);
    expect(g.alienCount).toBe(24);
    expect([g.alienMoveInterval, g.rampIndex]).toEqual([11, 1]);
  });

  it('fires one cannon shot per 5 frames', () => {
    const g = game();
    placeAliens(g, [[0, 0]]);
    g.alienMoveTimer = 100;
    g.alienShotTimer = 100;
    g.act(Action.fire);
    g.act(Action.fire);
    expect(cellsOn(g, 4)).toEqual([[7, 5]]);
    for (let frame = 0; frame < 3; frame++) g.act(Action.noop);
    g.act(Action.fire);
    expect(cellsOn(g, 4)).toEqual([[3, 5], [8, 5]]);
  });

  it('fires from the lowest alien of the column nearest the cannon every 10 frames; its bullet kills the cannon', () => {
    const g = game();
    g.alienMoveTimer = 1000;
    placeAliens(g, [[1, 3], [2, 3], [4, 7]]);
    g.alienShotTimer = 0;
    g.act(Action.noop);
    // Columns 3 and 7 are both 2 away from the cannon at 5: the left one wins the tie.
    expect(cellsOn(g, 5)).toEqual([[2, 3]]);
    g.cannonX = 3;
    for (let frame = 0; frame < 6; frame++) g.act(Action.noop);
    expect(g.terminal).toBe(false);
    g.act(Action.noop);
    expect(g.terminal).toBe(true);
  });

  it('finds the shooting alien: nearest column first, left on ties, lowest alien in it', () => {
    const aliens = new Int32Array(10); // row bitboards: bit c of entry r is cell (r, c)
    expect(nearestAlienCell(aliens, 5)).toBe(-1);
    aliens[0] |= 1 << 8;
    aliens[3] |= 1 << 8;
    expect(nearestAlienCell(aliens, 5)).toBe(38);
    aliens[1] |= 1 << 2;
    expect(nearestAlienCell(aliens, 5)).toBe(12);
    aliens[6] |= 1 << 5;
    expect(nearestAlienCell(aliens, 5)).toBe(65);
  });

  it('moves bitboard rows as NumPy rolls MinAtar maps', () => {
    expect(rollColumns(0b0000000110, 1)).toBe(0b0000001100);
    expect(rollColumns(0b0000000110, -1)).toBe(0b0000000011);
    expect(rollColumns(0b1000000001, 1)).toBe(0b0000000011); // column 9 wraps to column 0
    expect(rollColumns(0b1000000001, -1)).toBe(0b1100000000); // column 0 wraps to column 9
    const rows = Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    shiftRowsUp(rows);
    expect(Array.from(rows)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 0]);
    shiftRowsDown(rows);
    expect(Array.from(rows)).toEqual([0, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('does not speed waves up when ramping is off', () => {
    const g = game(false);
    g.alienShotTimer = 1000;
    placeAliens(g, [[7, 5]]);
    g.alienMoveTimer = 100;
    g.act(Action.fire);
    g.act(Action.noop);
    expect([g.alienMoveInterval, g.rampIndex, g.alienCount]).toEqual([12, 0, 24]);
  });
});
