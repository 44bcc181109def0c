import { describe, expect, it } from 'vitest';
import { Breakout, BallDirection } from '../../../envs/minatar/breakout.js';
import { Action } from '../../../envs/minatar/game.js';
import { MinAtarEnv } from '../../../envs/minatar/minatar-env.js';
import { Rng } from '../../../src/core/rng.js';
import { cellsOn, randomPolicyReturn } from './helpers.js';

function game(): Breakout {
  return new Breakout(new Rng(0));
}

describe('MinAtar Breakout', () => {
  it('starts with three rows of bricks, the paddle at 4 and the ball in a top corner heading inward', () => {
    const starts = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const g = new Breakout(new Rng(seed));
      starts.add(`${g.ballX},${g.ballY},${g.ballDirection}`);
      expect(cellsOn(g, 0)).toEqual([[9, 4]]);
      expect(cellsOn(g, 1)).toEqual([[3, g.ballX]]);
      expect(cellsOn(g, 2)).toEqual([[3, g.ballX]]);
      expect(cellsOn(g, 3)).toHaveLength(30);
      expect(cellsOn(g, 3).every(([row]) => row >= 1 && row <= 3)).toBe(true);
    }
    expect([...starts].sort()).toEqual([`0,3,${BallDirection.downRight}`, `9,3,${BallDirection.downLeft}`]);
  });

  it('bounces the ball off the left wall, then off a brick it breaks (+1)', () => {
    const g = game();
    g.ballX = 0;
    g.ballY = 5;
    g.ballDirection = BallDirection.upLeft;
    // (0, 5) up-left hits the wall: x stays 0, the ball turns up-right and rises to row 4.
    expect(g.act(Action.noop)).toBe(0);
    expect([g.ballX, g.ballY, g.ballDirection]).toEqual([0, 4, BallDirection.upRight]);
    // Up-right into the brick at (row 3, col 1): it breaks, the ball stays on row 4 and turns down.
    expect(g.act(Action.noop)).toBe(1);
    expect([g.ballX, g.ballY, g.ballDirection]).toEqual([1, 4, BallDirection.downRight]);
    expect(g.bricks[3 * 10 + 1]).toBe(0);
    expect(cellsOn(g, 3)).toHaveLength(29);
    expect(cellsOn(g, 2)).toEqual([[4, 0]]);
  });

  it('breaks only one brick per contact: a ball still touching bricks passes into the next one', () => {
    const g = game();
    g.ballX = 4;
    g.ballY = 4;
    g.ballDirection = BallDirection.upRight;
    g.strike = true;
    expect(g.act(Action.noop)).toBe(0);
    expect([g.ballX, g.ballY]).toEqual([5, 3]);
    expect(g.bricks[3 * 10 + 5]).toBe(1);
  });

  it('bounces straight back off the paddle centre and back the way it came off the paddle edge', () => {
    const centre = game();
    centre.ballX = 3;
    centre.ballY = 8;
    centre.ballDirection = BallDirection.downRight;
    centre.paddleX = 3;
    centre.act(Action.noop);
    expect([centre.ballX, centre.ballY, centre.ballDirection]).toEqual([4, 8, BallDirection.upRight]);

    const edge = game();
    edge.ballX = 3;
    edge.ballY = 8;
    edge.ballDirection = BallDirection.downRight;
    edge.paddleX = 4;
    edge.act(Action.noop);
    expect([edge.ballX, edge.ballY, edge.ballDirection]).toEqual([4, 8, BallDirection.upLeft]);
    expect(edge.terminal).toBe(false);
  });

  it('terminates when the ball reaches the bottom row away from the paddle, and pays nothing after', () => {
    const g = game();
    g.ballX = 3;
    g.ballY = 8;
    g.ballDirection = BallDirection.downRight;
    g.paddleX = 0;
    g.act(Action.noop);
    expect(g.terminal).toBe(true);
    expect(cellsOn(g, 1)).toEqual([[9, 4]]);
    g.act(Action.right);
    expect(g.paddleX).toBe(0);
  });

  it('moves the paddle with left and right only, within the walls', () => {
    const g = game();
    g.ballDirection = BallDirection.upRight; // keep the ball away from the bottom
    g.ballX = 5;
    g.ballY = 7;
    for (const action of [Action.up, Action.down, Action.fire, Action.noop]) {
      g.act(action);
      expect(g.paddleX).toBe(4);
    }
    g.paddleX = 9;
    g.act(Action.right);
    expect(g.paddleX).toBe(9);
  });

  it('adds three new rows when the last brick is gone and the ball comes down to the paddle row', () => {
    const g = game();
    g.bricks.fill(0);
    g.syncBrickLayer();
    expect(cellsOn(g, 3)).toEqual([]);
    g.ballX = 3;
    g.ballY = 8;
    g.ballDirection = BallDirection.downRight;
    g.paddleX = 3;
    g.act(Action.noop);
    expect(cellsOn(g, 3)).toHaveLength(30);
  });

  it('scores about 0.5 per episode under a random policy, as MinAtar reports (0.5 +/- 0.023)', () => {
    const env = new MinAtarEnv('Breakout');
    const policy = new Rng(11);
    env.reset({ seed: 5 });
    const { mean, standardError } = randomPolicyReturn(
      (a) => env.step(a),
      () => env.reset(),
      () => policy.integer(0, 6),
      2000,
    );
    expect(standardError).toBeLessThan(0.03);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.08);
  });
});
