import { describe, expect, it } from 'vitest';
import { Action } from '../../../envs/minatar/game.js';
import { Seaquest, SEAQUEST, type Mover } from '../../../envs/minatar/seaquest.js';
import { Rng } from '../../../src/core/rng.js';
import { cellsOn } from './helpers.js';

/** A game where nothing spawns for a long while, with the sub under water at (x, y). */
function quietGame(x = 5, y = 3): Seaquest {
  const g = new Seaquest(new Rng(0), true);
  g.enemySpawnTimer = 1000;
  g.diverSpawnTimer = 1000;
  g.subX = x;
  g.subY = y;
  g.surfaced = false;
  return g;
}

function mover(x: number, y: number, movingRight: boolean, moveTimer: number, shotTimer = 0): Mover {
  return { x, y, movingRight, moveTimer, shotTimer };
}

describe('MinAtar Seaquest', () => {
  it('starts surfaced at (row 0, col 5) facing left, with a full oxygen gauge and no divers', () => {
    const g = new Seaquest(new Rng(1), true);
    expect(cellsOn(g, 0)).toEqual([[0, 5]]);
    expect(cellsOn(g, 1)).toEqual([[0, 6]]);
    expect(cellsOn(g, 7)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((col) => [9, col]));
    expect(cellsOn(g, 8)).toEqual([]);
  });

  it('picks up a diver that drifts onto the sub, then surfaces: oxygen refilled, one diver dropped, difficulty up', () => {
    const g = quietGame(5, 3);
    g.divers.push(mover(6, 3, false, 0));
    g.oxygen = 120;
    g.act(Action.noop);
    expect(g.divers).toHaveLength(0);
    expect(g.diverCount).toBe(1);
    expect(cellsOn(g, 8)).toEqual([[9, 8]]);
    expect(g.oxygen).toBe(119);
    expect(cellsOn(g, 7)).toHaveLength(5); // 119 * 10 / 200 = 5.95 -> 5 cells

    expect(g.act(Action.up)).toBe(0);
    expect(g.act(Action.up)).toBe(0);
    expect(g.oxygen).toBe(117);
    expect(g.act(Action.up)).toBe(0); // row 0: surfacing
    expect(g.terminal).toBe(false);
    expect([g.subY, g.oxygen, g.diverCount]).toEqual([0, SEAQUEST.maxOxygen, 0]);
    expect([g.rampIndex, g.enemySpawnInterval, g.enemyMoveInterval]).toEqual([1, 19, 5]);
    // Staying on the surface counts once.
    g.act(Action.noop);
    expect(g.rampIndex).toBe(1);
  });

  it('pays a point per tenth of oxygen left when surfacing with six divers (leaving -1 divers, as MinAtar does)', () => {
    const g = quietGame(5, 1);
    g.diverCount = 6;
    g.oxygen = 150;
    expect(g.act(Action.up)).toBe(7); // 150 * 10 / 200 = 7.5 -> 7
    expect(g.diverCount).toBe(-1);
    expect(cellsOn(g, 8)).toEqual([]);
  });

  it('terminates when surfacing with no diver aboard', () => {
    const g = quietGame(5, 1);
    g.act(Action.up);
    expect(g.terminal).toBe(true);
  });

  it('terminates one frame after oxygen reaches 0, with an empty gauge (the v1.0.11 fix)', () => {
    const g = quietGame(5, 4);
    g.oxygen = 1;
    g.act(Action.noop);
    expect(g.oxygen).toBe(0);
    expect(g.terminal).toBe(false);
    expect(cellsOn(g, 7)).toEqual([]);
    g.act(Action.noop);
    expect(g.terminal).toBe(true);
    expect(cellsOn(g, 7)).toEqual([]);
  });

  it('shoots a fish two cells away: the bullet flies one cell per frame and both vanish on contact (+1)', () => {
    const g = quietGame(5, 4);
    g.subFacingRight = true;
    g.fish.push(mover(7, 4, false, 3));
    expect(g.act(Action.fire)).toBe(0);
    expect(cellsOn(g, 2)).toEqual([[4, 6]]);
    expect(cellsOn(g, 5)).toEqual([[4, 7]]);
    expect(cellsOn(g, 3)).toEqual([[4, 8]]); // the fish's trail, behind it
    expect(g.act(Action.noop)).toBe(1);
    expect(g.fish).toHaveLength(0);
    expect(g.friendlyBullets).toHaveLength(0);
    // The gun cools down for 5 frames: firing again at once does nothing.
    expect(g.shotTimer).toBe(3);
    g.act(Action.fire);
    expect(g.friendlyBullets).toHaveLength(0);
  });

  it('lets enemy subs fire every 10 frames; their bullets fly at once and kill the sub on contact', () => {
    const g = quietGame(5, 6);
    g.enemySubs.push(mover(2, 6, true, 5, 0));
    g.act(Action.noop);
    expect(cellsOn(g, 6)).toEqual([[6, 2]]);
    expect(cellsOn(g, 4)).toEqual([[6, 3]]);
    expect(g.enemySubs[0]!.shotTimer).toBe(SEAQUEST.enemyShotInterval);
    g.act(Action.noop); // bullet to column 4
    expect(g.terminal).toBe(false);
    g.act(Action.noop); // bullet to column 5: the sub
    expect(g.terminal).toBe(true);
  });

  it('terminates when a fish swims into the sub', () => {
    const g = quietGame(5, 2);
    g.fish.push(mover(4, 2, true, 0));
    g.act(Action.noop);
    expect(g.terminal).toBe(true);
  });

  it('keeps the sub between rows 0 and 8 and turns it with left and right', () => {
    const g = quietGame(5, 7);
    g.act(Action.down);
    g.act(Action.down);
    expect(g.subY).toBe(8);
    g.act(Action.right);
    expect(g.subFacingRight).toBe(true);
    expect(cellsOn(g, 0)).toEqual([[8, 6]]);
    expect(cellsOn(g, 1)).toEqual([[8, 5]]);
  });

  it('spawns enemies on rows 1..8 from either side and never against an enemy already in that row', () => {
    const g = new Seaquest(new Rng(4), false);
    const sides = new Set<boolean>();
    for (let frame = 0; frame < 400 && !g.terminal; frame++) {
      g.subY = 0; // stay surfaced and safe: enemies never enter row 0
      g.diverCount = 1;
      g.act(Action.noop);
      for (const row of [1, 2, 3, 4, 5, 6, 7, 8]) {
        const inRow = [...g.fish, ...g.enemySubs].filter((e) => e.y === row);
        for (const enemy of inRow) sides.add(enemy.movingRight);
        expect(new Set(inRow.map((e) => e.movingRight)).size).toBeLessThanOrEqual(1);
      }
    }
    expect([...sides].sort()).toEqual([false, true]);
  });
});
