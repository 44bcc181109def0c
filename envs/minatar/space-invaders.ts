import type { Rng } from '../../src/core/rng.js';
import { Action, GRID_SIZE, type MinAtarGame } from './game.js';
import { CELL_COUNT, setCell } from './grid.js';

/**
 * MinAtar Space Invaders. A cannon on the bottom row shoots upward (one shot per 5 frames) at a
 * 4x6 block of aliens that marches sideways, stepping down a row and turning around whenever
 * it touches a wall. +1 per alien shot. The alien above and nearest the cannon fires every 10
 * frames. Aliens move every min(aliens left, interval) frames, so the last few speed up. A
 * cleared wave is replaced by a new one, with ramping one frame faster (interval 12 down to 6).
 * The episode terminates when an alien or an alien bullet reaches the cannon, or an alien
 * wave must step down from the bottom row.
 *
 * Channels: 0 cannon, 1 alien, 2 alien moving left, 3 alien moving right, 4 cannon bullet,
 * 5 alien bullet.
 *
 * The three maps (aliens, cannon bullets, alien bullets) are row bitboards: entry r holds row r,
 * bit c set when column c is occupied. Moving a bullet layer is then a shift of ten integers and
 * finding hits an AND per row, where MinAtar rolls and compares 10x10 arrays.
 */
export const SPACE_INVADERS_CHANNELS = ['cannon', 'alien', 'alien_left', 'alien_right', 'friendly_bullet', 'enemy_bullet'] as const;

export const SPACE_INVADERS = {
  shotCooldown: 5,
  initialAlienMoveInterval: 12,
  /** Ramping stops once waves move this often. */
  fastestAlienMoveInterval: 6,
  alienShotInterval: 10,
} as const;

const CANNON_ROW = GRID_SIZE - 1;
const LAST_COLUMN = GRID_SIZE - 1;
const FULL_ROW = (1 << GRID_SIZE) - 1;
/** Rows 0-3 of a fresh wave: columns 2 to 7. */
const WAVE_ROW = 0b0011111100;
const WAVE_ROWS = 4;

/** @example const game = new SpaceInvaders(new Rng(0), true); const reward = game.act(Action.fire); */
export class SpaceInvaders implements MinAtarGame {
  readonly channels = SPACE_INVADERS_CHANNELS;
  readonly minimalActions = [Action.noop, Action.left, Action.right, Action.fire];

  cannonX = 5;
  /** Row bitboards: bit c of entry r is the cell (r, c). */
  readonly aliens = new Int32Array(GRID_SIZE);
  readonly cannonBullets = new Int32Array(GRID_SIZE);
  readonly alienBullets = new Int32Array(GRID_SIZE);
  alienCount = 0;
  /** -1 marching left, +1 marching right. */
  alienDirection = -1;
  alienMoveInterval: number = SPACE_INVADERS.initialAlienMoveInterval;
  alienMoveTimer: number = SPACE_INVADERS.initialAlienMoveInterval;
  alienShotTimer: number = SPACE_INVADERS.alienShotInterval;
  shotTimer = 0;
  rampIndex = 0;
  terminal = false;

  constructor(
    _rng: Rng,
    private readonly ramping: boolean,
  ) {
    this.reset();
  }

  reset(): void {
    this.cannonX = 5;
    this.cannonBullets.fill(0);
    this.alienBullets.fill(0);
    this.spawnWave();
    this.alienDirection = -1;
    this.alienMoveInterval = SPACE_INVADERS.initialAlienMoveInterval;
    this.alienMoveTimer = this.alienMoveInterval;
    this.alienShotTimer = SPACE_INVADERS.alienShotInterval;
    this.rampIndex = 0;
    this.shotTimer = 0;
    this.terminal = false;
  }

  act(action: number): number {
    if (this.terminal) return 0;
    if (action === Action.fire && this.shotTimer === 0) {
      this.cannonBullets[CANNON_ROW]! |= 1 << this.cannonX;
      this.shotTimer = SPACE_INVADERS.shotCooldown;
    } else if (action === Action.left) {
      this.cannonX = Math.max(0, this.cannonX - 1);
    } else if (action === Action.right) {
      this.cannonX = Math.min(LAST_COLUMN, this.cannonX + 1);
    }
    const cannonBit = 1 << this.cannonX;

    shiftRowsUp(this.cannonBullets);
    shiftRowsDown(this.alienBullets);
    if (this.alienBullets[CANNON_ROW]! & cannonBit) this.terminal = true;

    if (this.aliens[CANNON_ROW]! & cannonBit) this.terminal = true;
    if (this.alienMoveTimer === 0) this.moveAliens();
    if (this.alienShotTimer === 0) {
      this.alienShotTimer = SPACE_INVADERS.alienShotInterval;
      const shooter = nearestAlienCell(this.aliens, this.cannonX);
      if (shooter >= 0) this.alienBullets[Math.floor(shooter / GRID_SIZE)]! |= 1 << shooter % GRID_SIZE;
    }

    let reward = 0;
    for (let row = 0; row < GRID_SIZE; row++) {
      const hits = this.aliens[row]! & this.cannonBullets[row]!;
      if (hits === 0) continue;
      this.aliens[row]! &= ~hits;
      this.cannonBullets[row]! &= ~hits;
      const count = bitCount(hits);
      this.alienCount -= count;
      reward += count;
    }

    if (this.shotTimer > 0) this.shotTimer--;
    this.alienMoveTimer--;
    this.alienShotTimer--;
    if (this.alienCount === 0) {
      if (this.ramping && this.alienMoveInterval > SPACE_INVADERS.fastestAlienMoveInterval) {
        this.alienMoveInterval--;
        this.rampIndex++;
      }
      this.spawnWave();
    }
    return reward;
  }

  observe(out: Uint8Array, offset: number): void {
    const c = SPACE_INVADERS_CHANNELS.length;
    out.fill(0, offset, offset + CELL_COUNT * c);
    setCell(out, offset, c, CANNON_ROW, this.cannonX, 0);
    const directionChannel = this.alienDirection < 0 ? 2 : 3;
    for (let row = 0; row < GRID_SIZE; row++) {
      const aliens = this.aliens[row]!;
      const cannonBullets = this.cannonBullets[row]!;
      const alienBullets = this.alienBullets[row]!;
      let any = aliens | cannonBullets | alienBullets;
      while (any !== 0) {
        const bit = any & -any;
        any ^= bit;
        const base = offset + (row * GRID_SIZE + bitIndex(bit)) * c;
        if (aliens & bit) {
          out[base + 1] = 1;
          out[base + directionChannel] = 1;
        }
        if (cannonBullets & bit) out[base + 4] = 1;
        if (alienBullets & bit) out[base + 5] = 1;
      }
    }
  }

  /** Places aliens at the given [row, col] cells instead of the wave (for tests and tools). */
  placeAliens(cells: readonly [number, number][]): void {
    this.aliens.fill(0);
    for (const [row, col] of cells) this.aliens[row]! |= 1 << col;
    this.alienCount = 0;
    for (const rowBits of this.aliens) this.alienCount += bitCount(rowBits);
  }

  /**
   * The wave steps sideways, or, when its leading edge touches a wall, turns around and steps
   * down (a wave already on the bottom row ends the episode).
   */
  private moveAliens(): void {
    this.alienMoveTimer = Math.min(this.alienCount, this.alienMoveInterval);
    let occupiedColumns = 0;
    for (let row = 0; row < GRID_SIZE; row++) occupiedColumns |= this.aliens[row]!;
    const atWall = this.alienDirection < 0 ? (occupiedColumns & 1) !== 0 : (occupiedColumns & (1 << LAST_COLUMN)) !== 0;
    if (atWall) {
      this.alienDirection = -this.alienDirection;
      if (this.aliens[CANNON_ROW] !== 0) this.terminal = true;
      rollRowsDown(this.aliens);
    } else {
      for (let row = 0; row < GRID_SIZE; row++) this.aliens[row] = rollColumns(this.aliens[row]!, this.alienDirection);
    }
    if (this.aliens[CANNON_ROW]! & (1 << this.cannonX)) this.terminal = true;
  }

  private spawnWave(): void {
    this.aliens.fill(0);
    this.aliens.fill(WAVE_ROW, 0, WAVE_ROWS);
    this.alienCount = WAVE_ROWS * bitCount(WAVE_ROW);
  }
}

/**
 * The cell (row * 10 + col) of the alien that shoots: the lowest one in the occupied column
 * nearest the cannon, the left column first on a tie; -1 when there are no aliens.
 *
 * @example nearestAlienCell(aliens, cannonX)
 */
export function nearestAlienCell(aliens: Int32Array, cannonX: number): number {
  for (let distance = 0; distance < GRID_SIZE; distance++) {
    const left = lowestInColumn(aliens, cannonX - distance);
    if (left >= 0) return left;
    if (distance === 0) continue;
    const right = lowestInColumn(aliens, cannonX + distance);
    if (right >= 0) return right;
  }
  return -1;
}

function lowestInColumn(aliens: Int32Array, col: number): number {
  if (col < 0 || col > LAST_COLUMN) return -1;
  for (let row = GRID_SIZE - 1; row >= 0; row--) if (aliens[row]! & (1 << col)) return row * GRID_SIZE + col;
  return -1;
}

/** Moves every row up one; what was on row 0 leaves the board. */
export function shiftRowsUp(rows: Int32Array): void {
  for (let row = 0; row < GRID_SIZE - 1; row++) rows[row] = rows[row + 1]!;
  rows[GRID_SIZE - 1] = 0;
}

/** Moves every row down one; what was on the bottom row leaves the board. */
export function shiftRowsDown(rows: Int32Array): void {
  for (let row = GRID_SIZE - 1; row > 0; row--) rows[row] = rows[row - 1]!;
  rows[0] = 0;
}

/** Moves every row down one, the bottom row wrapping to the top (NumPy's roll, as MinAtar steps the wave down). */
export function rollRowsDown(rows: Int32Array): void {
  const bottom = rows[GRID_SIZE - 1]!;
  shiftRowsDown(rows);
  rows[0] = bottom;
}

/** One row's cells moved a column right (+1) or left (-1), wrapping around (NumPy's roll). */
export function rollColumns(row: number, direction: number): number {
  if (direction > 0) return ((row << 1) | (row >>> LAST_COLUMN)) & FULL_ROW;
  return (row >>> 1) | ((row & 1) << LAST_COLUMN);
}

/** Number of set bits of a row (at most 10 of them). */
function bitCount(bits: number): number {
  let count = 0;
  for (let rest = bits; rest !== 0; rest &= rest - 1) count++;
  return count;
}

/** The column of a single set bit. */
function bitIndex(bit: number): number {
  return 31 - Math.clz32(bit);
}
