import type { Rng } from '../../src/core/rng.js';
import { Action, GRID_SIZE, type MinAtarGame } from './game.js';
import { CELL_COUNT, onBoard, setCell, trailColumn } from './grid.js';

/**
 * MinAtar Seaquest (with v1.0.11's oxygen-gauge fix). The player's two-cell submarine fires
 * sideways (one shot per 5 frames) at fish and enemy submarines that cross rows 1 to 8; enemy
 * submarines fire back every 10 frames. +1 per enemy shot. Divers cross the rows too; touching
 * one takes it aboard (at most 6). Oxygen (200) drops by one per frame under water. Surfacing
 * (reaching row 0) with divers aboard refills oxygen, drops one diver, and with ramping makes
 * enemies spawn (and every second time, move) faster; surfacing with all 6 pays one point per
 * tenth of oxygen left. The episode terminates on contact with a fish, enemy sub or bullet,
 * when oxygen runs out, or on surfacing with no diver aboard.
 *
 * Channels: 0 sub front, 1 sub back, 2 friendly bullet, 3 trail (behind fish, enemy subs and
 * divers), 4 enemy bullet, 5 enemy fish, 6 enemy sub, 7 oxygen gauge, 8 diver gauge, 9 diver.
 */
export const SEAQUEST_CHANNELS = [
  'sub_front',
  'sub_back',
  'friendly_bullet',
  'trail',
  'enemy_bullet',
  'enemy_fish',
  'enemy_sub',
  'oxygen_guage',
  'diver_guage',
  'diver',
] as const;

export const SEAQUEST = {
  maxOxygen: 200,
  initialEnemySpawnInterval: 20,
  diverSpawnInterval: 30,
  initialEnemyMoveInterval: 5,
  shotCooldown: 5,
  enemyShotInterval: 10,
  diverMoveInterval: 5,
  maxDivers: 6,
} as const;

/** A bullet, fish, enemy sub or diver: anything that crosses a row sideways. */
export interface Mover {
  x: number;
  y: number;
  movingRight: boolean;
  /** Frames until the next move (bullets move every frame and ignore it). */
  moveTimer: number;
  /** Frames until an enemy sub fires (unused by the others). */
  shotTimer: number;
}

const BOTTOM_ROW = GRID_SIZE - 1;
const LAST_COLUMN = GRID_SIZE - 1;

/** @example const game = new Seaquest(new Rng(0), true); const reward = game.act(Action.fire); */
export class Seaquest implements MinAtarGame {
  readonly channels = SEAQUEST_CHANNELS;
  readonly minimalActions = [Action.noop, Action.left, Action.up, Action.right, Action.down, Action.fire];

  subX = 5;
  subY = 0;
  /** The way the sub faces: its front cell is (subX, subY), its back one cell behind. */
  subFacingRight = false;
  oxygen: number = SEAQUEST.maxOxygen;
  /**
   * Divers aboard. As in MinAtar, surfacing with all six empties the sub and then still drops
   * one, which leaves -1: the gauge shows none and surfacing again does not end the episode.
   */
  diverCount = 0;
  /** Lists in spawn order (MinAtar walks them newest first). */
  readonly friendlyBullets: Mover[] = [];
  readonly enemyBullets: Mover[] = [];
  readonly fish: Mover[] = [];
  readonly enemySubs: Mover[] = [];
  readonly divers: Mover[] = [];
  enemySpawnInterval: number = SEAQUEST.initialEnemySpawnInterval;
  enemySpawnTimer: number = SEAQUEST.initialEnemySpawnInterval;
  diverSpawnTimer: number = SEAQUEST.diverSpawnInterval;
  enemyMoveInterval: number = SEAQUEST.initialEnemyMoveInterval;
  shotTimer = 0;
  rampIndex = 0;
  /** True while the sub stays on the surface after surfacing (surfacing is counted once). */
  surfaced = true;
  terminal = false;

  constructor(
    private readonly rng: Rng,
    private readonly ramping: boolean,
  ) {
    this.reset();
  }

  reset(): void {
    this.oxygen = SEAQUEST.maxOxygen;
    this.diverCount = 0;
    this.subX = 5;
    this.subY = 0;
    this.subFacingRight = false;
    this.friendlyBullets.length = 0;
    this.enemyBullets.length = 0;
    this.fish.length = 0;
    this.enemySubs.length = 0;
    this.divers.length = 0;
    this.enemySpawnInterval = SEAQUEST.initialEnemySpawnInterval;
    this.enemySpawnTimer = this.enemySpawnInterval;
    this.diverSpawnTimer = SEAQUEST.diverSpawnInterval;
    this.enemyMoveInterval = SEAQUEST.initialEnemyMoveInterval;
    this.rampIndex = 0;
    this.shotTimer = 0;
    this.surfaced = true;
    this.terminal = false;
  }

  act(action: number): number {
    if (this.terminal) return 0;
    let reward = 0;
    if (this.enemySpawnTimer === 0) {
      this.spawnEnemy();
      this.enemySpawnTimer = this.enemySpawnInterval;
    }
    if (this.diverSpawnTimer === 0) {
      this.spawnDiver();
      this.diverSpawnTimer = SEAQUEST.diverSpawnInterval;
    }

    if (action === Action.fire && this.shotTimer === 0) {
      this.friendlyBullets.push(mover(this.subX, this.subY, this.subFacingRight, 0));
      this.shotTimer = SEAQUEST.shotCooldown;
    } else if (action === Action.left) {
      this.subX = Math.max(0, this.subX - 1);
      this.subFacingRight = false;
    } else if (action === Action.right) {
      this.subX = Math.min(LAST_COLUMN, this.subX + 1);
      this.subFacingRight = true;
    } else if (action === Action.up) {
      this.subY = Math.max(0, this.subY - 1);
    } else if (action === Action.down) {
      this.subY = Math.min(BOTTOM_ROW - 1, this.subY + 1);
    }

    reward += this.moveFriendlyBullets();
    this.moveDivers();
    reward += this.moveEnemies(this.enemySubs, true);
    this.moveEnemyBullets();
    reward += this.moveEnemies(this.fish, false);

    if (this.enemySpawnTimer > 0) this.enemySpawnTimer--;
    if (this.diverSpawnTimer > 0) this.diverSpawnTimer--;
    if (this.shotTimer > 0) this.shotTimer--;
    if (this.oxygen <= 0) this.terminal = true;
    if (this.subY > 0) {
      this.oxygen--;
      this.surfaced = false;
    } else if (!this.surfaced) {
      if (this.diverCount === 0) this.terminal = true;
      else reward += this.surface();
    }
    return reward;
  }

  observe(out: Uint8Array, offset: number): void {
    const c = SEAQUEST_CHANNELS.length;
    out.fill(0, offset, offset + CELL_COUNT * c);
    setCell(out, offset, c, this.subY, this.subX, 0);
    // The back is always on the board: the sub only turns by moving, away from the wall behind it.
    setCell(out, offset, c, this.subY, trailColumn(this.subX, this.subFacingRight), 1);
    const oxygenCells = Math.floor((Math.max(0, this.oxygen) * 10) / SEAQUEST.maxOxygen);
    for (let col = 0; col < oxygenCells; col++) setCell(out, offset, c, BOTTOM_ROW, col, 7);
    for (let col = BOTTOM_ROW - this.diverCount; col < BOTTOM_ROW; col++) setCell(out, offset, c, BOTTOM_ROW, col, 8);
    for (const bullet of this.friendlyBullets) setCell(out, offset, c, bullet.y, bullet.x, 2);
    for (const bullet of this.enemyBullets) setCell(out, offset, c, bullet.y, bullet.x, 4);
    drawWithTrail(out, offset, this.fish, 5);
    drawWithTrail(out, offset, this.enemySubs, 6);
    drawWithTrail(out, offset, this.divers, 9);
  }

  /** Bullets fly one cell per frame; one that enters a fish (checked first) or a sub destroys it. */
  private moveFriendlyBullets(): number {
    let reward = 0;
    for (let i = this.friendlyBullets.length - 1; i >= 0; i--) {
      const bullet = this.friendlyBullets[i]!;
      bullet.x += bullet.movingRight ? 1 : -1;
      if (!onBoard(bullet.x)) {
        this.friendlyBullets.splice(i, 1);
        continue;
      }
      const fish = firstIndexAt(this.fish, bullet.x, bullet.y);
      if (fish >= 0) this.fish.splice(fish, 1);
      const sub = fish >= 0 ? -1 : firstIndexAt(this.enemySubs, bullet.x, bullet.y);
      if (sub >= 0) this.enemySubs.splice(sub, 1);
      if (fish >= 0 || sub >= 0) {
        this.friendlyBullets.splice(i, 1);
        reward++;
      }
    }
    return reward;
  }

  /** Divers drift every 5 frames; the sub picks up one it touches before or after the drift. */
  private moveDivers(): void {
    for (let i = this.divers.length - 1; i >= 0; i--) {
      const diver = this.divers[i]!;
      if (this.touchesSub(diver) && this.diverCount < SEAQUEST.maxDivers) {
        this.divers.splice(i, 1);
        this.diverCount++;
        continue;
      }
      if (diver.moveTimer > 0) {
        diver.moveTimer--;
        continue;
      }
      diver.moveTimer = SEAQUEST.diverMoveInterval;
      diver.x += diver.movingRight ? 1 : -1;
      if (!onBoard(diver.x)) {
        this.divers.splice(i, 1);
      } else if (this.touchesSub(diver) && this.diverCount < SEAQUEST.maxDivers) {
        this.divers.splice(i, 1);
        this.diverCount++;
      }
    }
  }

  /**
   * Fish and enemy subs move every `enemyMoveInterval` frames; touching the player's sub ends
   * the episode, moving onto a friendly bullet destroys both (+1). Enemy subs fire every 10
   * frames, even in the frame they are destroyed, as in MinAtar.
   */
  private moveEnemies(enemies: Mover[], canShoot: boolean): number {
    let reward = 0;
    for (let i = enemies.length - 1; i >= 0; i--) {
      const enemy = enemies[i]!;
      if (this.touchesSub(enemy)) this.terminal = true;
      if (enemy.moveTimer === 0) {
        enemy.moveTimer = this.enemyMoveInterval;
        enemy.x += enemy.movingRight ? 1 : -1;
        if (!onBoard(enemy.x)) {
          enemies.splice(i, 1);
        } else if (this.touchesSub(enemy)) {
          this.terminal = true;
        } else {
          const bullet = firstIndexAt(this.friendlyBullets, enemy.x, enemy.y);
          if (bullet >= 0) {
            enemies.splice(i, 1);
            this.friendlyBullets.splice(bullet, 1);
            reward++;
          }
        }
      } else {
        enemy.moveTimer--;
      }
      if (!canShoot) continue;
      if (enemy.shotTimer === 0) {
        enemy.shotTimer = SEAQUEST.enemyShotInterval;
        this.enemyBullets.push(mover(enemy.x, enemy.y, enemy.movingRight, 0));
      } else {
        enemy.shotTimer--;
      }
    }
    return reward;
  }

  /** Enemy bullets fly one cell per frame and end the episode on the player's sub, before or after moving. */
  private moveEnemyBullets(): void {
    for (let i = this.enemyBullets.length - 1; i >= 0; i--) {
      const bullet = this.enemyBullets[i]!;
      if (this.touchesSub(bullet)) this.terminal = true;
      bullet.x += bullet.movingRight ? 1 : -1;
      if (!onBoard(bullet.x)) this.enemyBullets.splice(i, 1);
      else if (this.touchesSub(bullet)) this.terminal = true;
    }
  }

  /** Refills oxygen and drops a diver; with all six aboard, pays a point per tenth of oxygen left. */
  private surface(): number {
    this.surfaced = true;
    let reward = 0;
    if (this.diverCount === SEAQUEST.maxDivers) {
      this.diverCount = 0;
      reward = Math.floor((this.oxygen * 10) / SEAQUEST.maxOxygen);
    }
    this.oxygen = SEAQUEST.maxOxygen;
    this.diverCount--;
    if (this.ramping && (this.enemySpawnInterval > 1 || this.enemyMoveInterval > 2)) {
      if (this.enemyMoveInterval > 2 && this.rampIndex % 2 === 1) this.enemyMoveInterval--;
      if (this.enemySpawnInterval > 1) this.enemySpawnInterval--;
      this.rampIndex++;
    }
    return reward;
  }

  /**
   * A fish (2/3) or enemy sub (1/3) enters row 1..8 from a random side, unless that row already
   * has an enemy heading the other way.
   */
  private spawnEnemy(): void {
    const movingRight = this.rng.random() < 1 / 2;
    const isSub = this.rng.random() < 1 / 3;
    const y = this.rng.integer(1, BOTTOM_ROW);
    if (hasOpposingMover(this.enemySubs, y, movingRight) || hasOpposingMover(this.fish, y, movingRight)) return;
    const x = movingRight ? 0 : LAST_COLUMN;
    if (isSub) this.enemySubs.push(mover(x, y, movingRight, this.enemyMoveInterval, SEAQUEST.enemyShotInterval));
    else this.fish.push(mover(x, y, movingRight, this.enemyMoveInterval));
  }

  private spawnDiver(): void {
    const movingRight = this.rng.random() < 1 / 2;
    const y = this.rng.integer(1, BOTTOM_ROW);
    this.divers.push(mover(movingRight ? 0 : LAST_COLUMN, y, movingRight, SEAQUEST.diverMoveInterval));
  }

  private touchesSub(thing: Mover): boolean {
    return thing.x === this.subX && thing.y === this.subY;
  }
}

function mover(x: number, y: number, movingRight: boolean, moveTimer: number, shotTimer = 0): Mover {
  return { x, y, movingRight, moveTimer, shotTimer };
}

/** The index of the first mover on (x, y) in list order, or -1. */
function firstIndexAt(movers: readonly Mover[], x: number, y: number): number {
  for (let i = 0; i < movers.length; i++) if (movers[i]!.x === x && movers[i]!.y === y) return i;
  return -1;
}

function hasOpposingMover(movers: readonly Mover[], y: number, movingRight: boolean): boolean {
  for (const m of movers) if (m.y === y && m.movingRight !== movingRight) return true;
  return false;
}

/** Draws each mover on `channel` and its trail (channel 3) one cell behind it, when on the board. */
function drawWithTrail(out: Uint8Array, offset: number, movers: readonly Mover[], channel: number): void {
  const c = SEAQUEST_CHANNELS.length;
  for (const m of movers) {
    setCell(out, offset, c, m.y, m.x, channel);
    const back = trailColumn(m.x, m.movingRight);
    if (onBoard(back)) setCell(out, offset, c, m.y, back, 3);
  }
}
