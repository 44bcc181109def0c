import type { Rng } from '../../src/core/rng.js';
import { Action, GRID_SIZE, type MinAtarGame } from './game.js';
import { CELL_COUNT, onBoard, setCell, trailColumn } from './grid.js';

/**
 * MinAtar Asterix. The player moves in four directions between rows 1 and 8; enemies and gold
 * enter from the sides, one per row at most. Gold pays +1 when touched; touching an enemy
 * terminates the episode. With ramping, every 102 frames the spawn interval shrinks by one and
 * every second ramp the movement interval too.
 *
 * Channels: 0 player, 1 enemy, 2 trail (behind each enemy and gold), 3 gold.
 */
export const ASTERIX_CHANNELS = ['player', 'enemy', 'trail', 'gold'] as const;

export const ASTERIX = {
  /** Frames between ramps (the timer counts down from this to -1 first). */
  rampInterval: 100,
  initialSpawnInterval: 10,
  initialMoveInterval: 5,
} as const;

/** One enemy or gold piece; its row is its slot + 1. */
export interface AsterixEntity {
  x: number;
  movingRight: boolean;
  isGold: boolean;
}

const SLOT_COUNT = 8;

/** @example const game = new Asterix(new Rng(0), true); const reward = game.act(Action.up); */
export class Asterix implements MinAtarGame {
  readonly channels = ASTERIX_CHANNELS;
  readonly minimalActions = [Action.noop, Action.left, Action.up, Action.right, Action.down];

  playerX = 5;
  playerY = 5;
  /** Slot s holds the entity of row s + 1, or null. */
  readonly entities: (AsterixEntity | null)[] = new Array<AsterixEntity | null>(SLOT_COUNT).fill(null);
  spawnInterval: number = ASTERIX.initialSpawnInterval;
  spawnTimer: number = ASTERIX.initialSpawnInterval;
  moveInterval: number = ASTERIX.initialMoveInterval;
  moveTimer: number = ASTERIX.initialMoveInterval;
  rampTimer: number = ASTERIX.rampInterval;
  rampIndex = 0;
  terminal = false;
  private readonly freeSlots: number[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly ramping: boolean,
  ) {
    this.reset();
  }

  reset(): void {
    this.playerX = 5;
    this.playerY = 5;
    this.entities.fill(null);
    this.spawnInterval = ASTERIX.initialSpawnInterval;
    this.spawnTimer = this.spawnInterval;
    this.moveInterval = ASTERIX.initialMoveInterval;
    this.moveTimer = this.moveInterval;
    this.rampTimer = ASTERIX.rampInterval;
    this.rampIndex = 0;
    this.terminal = false;
  }

  act(action: number): number {
    if (this.terminal) return 0;
    let reward = 0;
    if (this.spawnTimer === 0) {
      this.spawnEntity();
      this.spawnTimer = this.spawnInterval;
    }

    if (action === Action.left) this.playerX = Math.max(0, this.playerX - 1);
    else if (action === Action.right) this.playerX = Math.min(GRID_SIZE - 1, this.playerX + 1);
    else if (action === Action.up) this.playerY = Math.max(1, this.playerY - 1);
    else if (action === Action.down) this.playerY = Math.min(SLOT_COUNT, this.playerY + 1);

    // The player may have walked onto an entity before anything moves.
    for (let slot = 0; slot < SLOT_COUNT; slot++) reward += this.collide(slot);
    if (this.moveTimer === 0) {
      this.moveTimer = this.moveInterval;
      for (let slot = 0; slot < SLOT_COUNT; slot++) {
        const entity = this.entities[slot];
        if (!entity) continue;
        entity.x += entity.movingRight ? 1 : -1;
        if (!onBoard(entity.x)) this.entities[slot] = null;
        else reward += this.collide(slot);
      }
    }

    this.spawnTimer--;
    this.moveTimer--;
    if (this.ramping && (this.spawnInterval > 1 || this.moveInterval > 1)) this.rampDifficulty();
    return reward;
  }

  observe(out: Uint8Array, offset: number): void {
    const c = ASTERIX_CHANNELS.length;
    out.fill(0, offset, offset + CELL_COUNT * c);
    setCell(out, offset, c, this.playerY, this.playerX, 0);
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
      const entity = this.entities[slot];
      if (!entity) continue;
      const row = slot + 1;
      setCell(out, offset, c, row, entity.x, entity.isGold ? 3 : 1);
      const back = trailColumn(entity.x, entity.movingRight);
      if (onBoard(back)) setCell(out, offset, c, row, back, 2);
    }
  }

  /** Gold on the player's cell is collected (+1); an enemy there ends the episode. */
  private collide(slot: number): number {
    const entity = this.entities[slot];
    if (!entity || entity.x !== this.playerX || slot + 1 !== this.playerY) return 0;
    if (entity.isGold) {
      this.entities[slot] = null;
      return 1;
    }
    this.terminal = true;
    return 0;
  }

  /** A new enemy (2/3) or gold (1/3) enters a random free row from a random side. */
  private spawnEntity(): void {
    const movingRight = this.rng.random() < 1 / 2;
    const isGold = this.rng.random() < 1 / 3;
    this.freeSlots.length = 0;
    for (let slot = 0; slot < SLOT_COUNT; slot++) if (this.entities[slot] === null) this.freeSlots.push(slot);
    if (this.freeSlots.length === 0) return;
    const slot = this.freeSlots[this.rng.integer(0, this.freeSlots.length)]!;
    this.entities[slot] = { x: movingRight ? 0 : GRID_SIZE - 1, movingRight, isGold };
  }

  /** MinAtar's ramp: the timer runs from 100 down past 0; at -1 the game gets faster and it restarts. */
  private rampDifficulty(): void {
    if (this.rampTimer >= 0) {
      this.rampTimer--;
      return;
    }
    if (this.moveInterval > 1 && this.rampIndex % 2 === 1) this.moveInterval--;
    if (this.spawnInterval > 1) this.spawnInterval--;
    this.rampIndex++;
    this.rampTimer = ASTERIX.rampInterval;
  }
}
