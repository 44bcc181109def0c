import { describe, expect, it } from 'vitest';
import { Freeway } from '../../../envs/minatar/freeway.js';
import { Action } from '../../../envs/minatar/game.js';
import { MinAtarEnv } from '../../../envs/minatar/minatar-env.js';
import { Rng } from '../../../src/core/rng.js';
import { cellsOn } from './helpers.js';

/** Cars parked far from the chicken's column: each in column 8 moving right once every 5 frames. */
function clearRoad(g: Freeway): void {
  for (const car of g.cars) {
    car.x = 8;
    car.speed = 5;
    car.moveTimer = 5;
  }
}

describe('MinAtar Freeway', () => {
  it('starts with the chicken at the bottom of column 4 and a car at column 0 of each lane, speeds 1..5 either way', () => {
    const speeds = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      const g = new Freeway(new Rng(seed));
      expect(cellsOn(g, 0)).toEqual([[9, 4]]);
      expect(cellsOn(g, 1)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((row) => [row, 0]));
      for (const car of g.cars) {
        expect(Math.abs(car.speed)).toBeGreaterThanOrEqual(1);
        expect(Math.abs(car.speed)).toBeLessThanOrEqual(5);
        expect(car.moveTimer).toBe(Math.abs(car.speed));
        speeds.add(car.speed);
      }
    }
    expect([...speeds].sort((a, b) => a - b)).toEqual([-5, -4, -3, -2, -1, 1, 2, 3, 4, 5]);
  });

  it('marks the trail behind each car on the channel of its speed, wrapping at the edges', () => {
    const g = new Freeway(new Rng(0));
    g.cars[0] = { x: 0, moveTimer: 3, speed: -3 }; // lane row 1, moving left: trail to its right
    g.cars[1] = { x: 9, moveTimer: 2, speed: 2 }; // row 2, moving right: trail to its left
    g.cars[2] = { x: 0, moveTimer: 1, speed: 1 }; // row 3, moving right from column 0: trail wraps to 9
    expect(cellsOn(g, 4)).toContainEqual([1, 1]);
    expect(cellsOn(g, 3)).toContainEqual([2, 8]);
    expect(cellsOn(g, 2)).toContainEqual([3, 9]);
  });

  it('lets the chicken move only once every 3 frames', () => {
    const g = new Freeway(new Rng(1));
    clearRoad(g);
    const rows: number[] = [];
    for (let frame = 0; frame < 7; frame++) {
      g.act(Action.up);
      rows.push(g.chickenY);
    }
    expect(rows).toEqual([9, 9, 9, 8, 8, 8, 7]);
  });

  it('sends the chicken back to the bottom when a car drives into it', () => {
    const g = new Freeway(new Rng(2));
    clearRoad(g);
    g.chickenY = 5;
    g.cars[4] = { x: 3, moveTimer: 0, speed: 1 }; // lane of row 5, about to enter column 4
    expect(g.act(Action.noop)).toBe(0);
    expect(g.chickenY).toBe(9);
    expect(g.terminal).toBe(false);
  });

  it('pays +1 for reaching the top, returns the chicken to the bottom and redraws the car speeds', () => {
    const g = new Freeway(new Rng(3));
    clearRoad(g);
    g.chickenY = 1;
    g.moveTimer = 0;
    expect(g.act(Action.up)).toBe(1);
    expect(g.chickenY).toBe(9);
    expect(g.cars.some((car) => car.speed !== 5)).toBe(true);
    // Positions stay (the new timers are >= 1, so no car moves this frame); only speeds change.
    expect(g.cars.map((car) => car.x)).toEqual(new Array(8).fill(8));
  });

  it('terminates on frame 2501 (MinAtar counts 2500 frames down past 0), paying 0 there', () => {
    const env = new MinAtarEnv('Freeway', { stickyActionProb: 0 });
    env.reset({ seed: 0 });
    let frames = 0;
    let last;
    do {
      last = env.step(0);
      frames++;
    } while (!last.terminated && frames < 3000);
    expect(frames).toBe(2501);
    expect(last.truncated).toBe(false);
    expect(last.reward).toBe(0);
  });
});
