import type { Rng } from '../../src/core/rng.js';
import { Action, GRID_SIZE, type MinAtarGame } from './game.js';
import { CELL_COUNT, setCell } from './grid.js';

/**
 * MinAtar Breakout. A paddle on the bottom row bounces a ball into three rows of bricks; +1 per
 * brick; when every brick is gone three new rows appear (the next time the ball reaches the
 * paddle's row). The ball moves one cell diagonally per frame and reflects off walls, the
 * ceiling and bricks; the paddle sends it back up on the side it was hit. The episode
 * terminates when the ball reaches the bottom row away from the paddle. No difficulty ramping.
 *
 * Channels: 0 paddle, 1 ball, 2 trail (the ball's previous cell), 3 brick.
 */
export const BREAKOUT_CHANNELS = ['paddle', 'ball', 'trail', 'brick'] as const;

/** Ball directions, in MinAtar's numbering. */
export const BallDirection = { upLeft: 0, upRight: 1, downRight: 2, downLeft: 3 } as const;

const DIRECTION_DX = [-1, 1, 1, -1];
const DIRECTION_DY = [-1, -1, 1, 1];
/** Direction after a wall flips the horizontal component. */
const FLIP_HORIZONTAL = [1, 0, 3, 2];
/** Direction after the ceiling, a brick or the paddle's centre flips the vertical component. */
const FLIP_VERTICAL = [3, 2, 1, 0];
/** Direction after the paddle's edge sends the ball back the way it came. */
const FLIP_BOTH = [2, 3, 0, 1];

const BRICK_TOP_ROW = 1;
const BRICK_ROWS = 3;
const BALL_START_ROW = 3;
const PADDLE_ROW = GRID_SIZE - 1;
const BRICK_CHANNEL = 3;

/** @example const game = new Breakout(new Rng(0)); const reward = game.act(Action.right); */
export class Breakout implements MinAtarGame {
  readonly channels = BREAKOUT_CHANNELS;
  readonly minimalActions = [Action.noop, Action.left, Action.right];
  readonly rampIndex = 0;

  paddleX = 4;
  ballX = 0;
  ballY = BALL_START_ROW;
  ballDirection = 0;
  /** Where the ball was one frame ago (the trail channel). */
  lastX = 0;
  lastY = BALL_START_ROW;
  /** 1 where a brick stands, indexed row * 10 + col. */
  readonly bricks = new Uint8Array(CELL_COUNT);
  brickCount = 0;
  /**
   * The observation's brick channel, kept in step with `bricks`: `observe` copies it in one
   * memcpy instead of scanning the brick rows every frame. Tests that edit `bricks` directly
   * call `syncBrickLayer()`.
   */
  private readonly brickLayer = new Uint8Array(CELL_COUNT * BREAKOUT_CHANNELS.length);
  /** True while the ball is touching bricks on consecutive frames: it breaks only one per contact. */
  strike = false;
  terminal = false;

  constructor(private readonly rng: Rng) {
    this.reset();
  }

  reset(): void {
    this.ballY = BALL_START_ROW;
    // The ball starts in a top corner of the brick-free zone, heading down and inward.
    const startsLeft = this.rng.integer(0, 2) === 0;
    this.ballX = startsLeft ? 0 : GRID_SIZE - 1;
    this.ballDirection = startsLeft ? BallDirection.downRight : BallDirection.downLeft;
    this.paddleX = 4;
    this.bricks.fill(0);
    this.brickLayer.fill(0);
    this.addBrickRows();
    this.strike = false;
    this.lastX = this.ballX;
    this.lastY = this.ballY;
    this.terminal = false;
  }

  act(action: number): number {
    if (this.terminal) return 0;
    let reward = 0;
    if (action === Action.left) this.paddleX = Math.max(0, this.paddleX - 1);
    else if (action === Action.right) this.paddleX = Math.min(GRID_SIZE - 1, this.paddleX + 1);

    this.lastX = this.ballX;
    this.lastY = this.ballY;
    let newX = this.ballX + DIRECTION_DX[this.ballDirection]!;
    let newY = this.ballY + DIRECTION_DY[this.ballDirection]!;

    let touchingBrick = false;
    if (newX < 0 || newX > GRID_SIZE - 1) {
      newX = newX < 0 ? 0 : GRID_SIZE - 1;
      this.ballDirection = FLIP_HORIZONTAL[this.ballDirection]!;
    }
    if (newY < 0) {
      newY = 0;
      this.ballDirection = FLIP_VERTICAL[this.ballDirection]!;
    } else if (this.bricks[newY * GRID_SIZE + newX] === 1) {
      touchingBrick = true;
      // A ball still in contact from the previous frame passes into the brick without breaking it.
      if (!this.strike) {
        reward += 1;
        this.strike = true;
        this.bricks[newY * GRID_SIZE + newX] = 0;
        this.brickLayer[(newY * GRID_SIZE + newX) * BREAKOUT_CHANNELS.length + BRICK_CHANNEL] = 0;
        this.brickCount--;
        newY = this.lastY;
        this.ballDirection = FLIP_VERTICAL[this.ballDirection]!;
      }
    } else if (newY === PADDLE_ROW) {
      if (this.brickCount === 0) this.addBrickRows();
      if (this.ballX === this.paddleX) {
        this.ballDirection = FLIP_VERTICAL[this.ballDirection]!;
        newY = this.lastY;
      } else if (newX === this.paddleX) {
        this.ballDirection = FLIP_BOTH[this.ballDirection]!;
        newY = this.lastY;
      } else {
        this.terminal = true;
      }
    }
    if (!touchingBrick) this.strike = false;
    this.ballX = newX;
    this.ballY = newY;
    return reward;
  }

  observe(out: Uint8Array, offset: number): void {
    const c = BREAKOUT_CHANNELS.length;
    out.set(this.brickLayer, offset);
    setCell(out, offset, c, this.ballY, this.ballX, 1);
    setCell(out, offset, c, PADDLE_ROW, this.paddleX, 0);
    setCell(out, offset, c, this.lastY, this.lastX, 2);
  }

  /** Rebuilds the brick channel and count from `bricks` (after editing `bricks` by hand). */
  syncBrickLayer(): void {
    this.brickCount = 0;
    this.brickLayer.fill(0);
    for (let cell = 0; cell < CELL_COUNT; cell++) {
      if (this.bricks[cell] !== 1) continue;
      this.brickCount++;
      this.brickLayer[cell * BREAKOUT_CHANNELS.length + BRICK_CHANNEL] = 1;
    }
  }

  /** Fills rows 1-3 with bricks; only called when no brick is left. */
  private addBrickRows(): void {
    for (let cell = BRICK_TOP_ROW * GRID_SIZE; cell < (BRICK_TOP_ROW + BRICK_ROWS) * GRID_SIZE; cell++) {
      this.bricks[cell] = 1;
      this.brickLayer[cell * BREAKOUT_CHANNELS.length + BRICK_CHANNEL] = 1;
    }
    this.brickCount = BRICK_ROWS * GRID_SIZE;
  }
}
