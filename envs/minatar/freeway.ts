import type { Rng } from '../../src/core/rng.js';
import { Action, GRID_SIZE, type MinAtarGame } from './game.js';
import { CELL_COUNT, setCell } from './grid.js';

/**
 * MinAtar Freeway. A chicken in column 4 crosses eight lanes of cars (rows 1 to 8), moving at
 * most once every 3 frames. Reaching row 0 pays +1, sends the chicken back to row 9 and
 * redraws every car's speed and direction; a car hit only sends it back to row 9. Cars move
 * once every |speed| frames (1 to 5) and wrap around the edges. The episode terminates when
 * MinAtar's 2500-frame timer runs out, on frame 2501. No difficulty ramping.
 *
 * Channels: 0 chicken, 1 car, 2..6 trail behind a car whose |speed| is 1..5.
 */
export const FREEWAY_CHANNELS = ['chicken', 'car', 'speed1', 'speed2', 'speed3', 'speed4', 'speed5'] as const;

export const FREEWAY = {
  /** Frames between two moves of the chicken. */
  playerMoveInterval: 3,
  /** The countdown that ends the episode when it goes below 0. */
  timeLimit: 2500,
  chickenColumn: 4,
  laneCount: 8,
} as const;

/** One car; it drives lane `index + 1`. `speed` is signed: > 0 drives right, its size is frames per move. */
export interface FreewayCar {
  x: number;
  moveTimer: number;
  speed: number;
}

const START_ROW = GRID_SIZE - 1;

/** @example const game = new Freeway(new Rng(0)); const reward = game.act(Action.up); */
export class Freeway implements MinAtarGame {
  readonly channels = FREEWAY_CHANNELS;
  readonly minimalActions = [Action.noop, Action.up, Action.down];
  readonly rampIndex = 0;

  /** The chicken's row. */
  chickenY = START_ROW;
  moveTimer: number = FREEWAY.playerMoveInterval;
  terminateTimer: number = FREEWAY.timeLimit;
  readonly cars: FreewayCar[] = Array.from({ length: FREEWAY.laneCount }, () => ({ x: 0, moveTimer: 1, speed: 1 }));
  terminal = false;

  constructor(private readonly rng: Rng) {
    this.reset();
  }

  reset(): void {
    this.randomizeCars();
    for (const car of this.cars) car.x = 0;
    this.chickenY = START_ROW;
    this.moveTimer = FREEWAY.playerMoveInterval;
    this.terminateTimer = FREEWAY.timeLimit;
    this.terminal = false;
  }

  act(action: number): number {
    if (this.terminal) return 0;
    let reward = 0;
    if (action === Action.up && this.moveTimer === 0) {
      this.moveTimer = FREEWAY.playerMoveInterval;
      this.chickenY = Math.max(0, this.chickenY - 1);
    } else if (action === Action.down && this.moveTimer === 0) {
      this.moveTimer = FREEWAY.playerMoveInterval;
      this.chickenY = Math.min(START_ROW, this.chickenY + 1);
    }

    if (this.chickenY === 0) {
      reward += 1;
      this.randomizeCars();
      this.chickenY = START_ROW;
    }

    for (let lane = 0; lane < FREEWAY.laneCount; lane++) {
      const car = this.cars[lane]!;
      const row = lane + 1;
      if (car.x === FREEWAY.chickenColumn && row === this.chickenY) this.chickenY = START_ROW;
      if (car.moveTimer === 0) {
        car.moveTimer = Math.abs(car.speed);
        car.x += car.speed > 0 ? 1 : -1;
        if (car.x < 0) car.x = GRID_SIZE - 1;
        else if (car.x > GRID_SIZE - 1) car.x = 0;
        if (car.x === FREEWAY.chickenColumn && row === this.chickenY) this.chickenY = START_ROW;
      } else {
        car.moveTimer--;
      }
    }

    if (this.moveTimer > 0) this.moveTimer--;
    this.terminateTimer--;
    if (this.terminateTimer < 0) this.terminal = true;
    return reward;
  }

  observe(out: Uint8Array, offset: number): void {
    const c = FREEWAY_CHANNELS.length;
    out.fill(0, offset, offset + CELL_COUNT * c);
    setCell(out, offset, c, this.chickenY, FREEWAY.chickenColumn, 0);
    for (let lane = 0; lane < FREEWAY.laneCount; lane++) {
      const car = this.cars[lane]!;
      const row = lane + 1;
      setCell(out, offset, c, row, car.x, 1);
      // The trail wraps around the edges with the car; its channel tells the car's speed.
      let back = car.speed > 0 ? car.x - 1 : car.x + 1;
      if (back < 0) back = GRID_SIZE - 1;
      else if (back > GRID_SIZE - 1) back = 0;
      setCell(out, offset, c, row, back, 1 + Math.abs(car.speed));
    }
  }

  /** New speeds (1..5 frames per move) for all lanes first, then new directions, as MinAtar draws them. */
  private randomizeCars(): void {
    for (const car of this.cars) car.speed = this.rng.integer(1, 6);
    for (const car of this.cars) {
      if (this.rng.integer(0, 2) === 0) car.speed = -car.speed;
      car.moveTimer = Math.abs(car.speed);
    }
  }
}
