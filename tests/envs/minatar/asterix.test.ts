import { describe, expect, it } from 'vitest';
import { Asterix } from '../../../envs/minatar/asterix.js';
import { Action } from '../../../envs/minatar/game.js';
import { Rng } from '../../../src/core/rng.js';
import { cellsOn } from './helpers.js';

/** A game with no spawns for a long while, so that a scenario sees only the entities it places. */
function quietGame(ramping = true): Asterix {
  const g = new Asterix(new Rng(0), ramping);
  g.spawnTimer = 1000;
  return g;
}

describe('MinAtar Asterix', () => {
  it('starts with the player at (5, 5) and nothing else on the board', () => {
    const g = new Asterix(new Rng(3), true);
    expect(cellsOn(g, 0)).toEqual([[5, 5]]);
    for (const channel of [1, 2, 3]) expect(cellsOn(g, channel)).toEqual([]);
  });

  it('spawns the first entity on frame 11 at a side, where it moves one cell at once', () => {
    const sides = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      const g = new Asterix(new Rng(seed), true);
      for (let frame = 0; frame < 10; frame++) g.act(Action.noop);
      expect(g.entities.filter((e) => e !== null)).toHaveLength(0);
      g.act(Action.noop);
      const entity = g.entities.find((e) => e !== null)!;
      const row = g.entities.indexOf(entity) + 1;
      // Spawned at column 0 (or 9) on frame 11, the same frame the 5-frame move timer fires.
      expect(entity.x).toBe(entity.movingRight ? 1 : 8);
      expect(cellsOn(g, entity.isGold ? 3 : 1)).toEqual([[row, entity.x]]);
      expect(cellsOn(g, 2)).toEqual([[row, entity.movingRight ? 0 : 9]]);
      sides.add(`${entity.movingRight}/${entity.isGold}`);
    }
    expect(sides.size).toBe(4);
  });

  it('pays +1 for gold that moves onto the player and removes it', () => {
    const g = quietGame();
    g.entities[4] = { x: 6, movingRight: false, isGold: true }; // row 5, right of the player
    g.moveTimer = 0;
    expect(g.act(Action.noop)).toBe(1);
    expect(g.entities[4]).toBeNull();
    expect(g.terminal).toBe(false);
  });

  it('pays +1 when the player steps onto gold before anything moves', () => {
    const g = quietGame();
    g.entities[3] = { x: 5, movingRight: true, isGold: true }; // row 4, just above the player
    expect(g.act(Action.up)).toBe(1);
    expect([g.playerX, g.playerY]).toEqual([5, 4]);
  });

  it('terminates when an enemy reaches the player, and pays nothing after', () => {
    const g = quietGame();
    g.entities[4] = { x: 4, movingRight: true, isGold: false };
    g.moveTimer = 0;
    expect(g.act(Action.noop)).toBe(0);
    expect(g.terminal).toBe(true);
    g.entities[4] = { x: 5, movingRight: true, isGold: true };
    expect(g.act(Action.noop)).toBe(0);
  });

  it('keeps the player between rows 1 and 8 and columns 0 and 9', () => {
    const g = quietGame();
    for (let i = 0; i < 6; i++) g.act(Action.up);
    expect(g.playerY).toBe(1);
    for (let i = 0; i < 9; i++) g.act(Action.down);
    expect(g.playerY).toBe(8);
    for (let i = 0; i < 7; i++) g.act(Action.right);
    expect(g.playerX).toBe(9);
  });

  it('removes entities that leave the board', () => {
    const g = quietGame();
    g.entities[0] = { x: 9, movingRight: true, isGold: false };
    g.moveTimer = 0;
    g.act(Action.noop);
    expect(g.entities[0]).toBeNull();
  });

  it('ramps every 102 frames: spawn interval down each time, move interval every second time', () => {
    const g = quietGame();
    for (let frame = 1; frame <= 101; frame++) {
      g.entities.fill(null);
      g.act(Action.noop);
    }
    expect([g.spawnInterval, g.moveInterval, g.rampIndex]).toEqual([10, 5, 0]);
    g.act(Action.noop);
    expect([g.spawnInterval, g.moveInterval, g.rampIndex]).toEqual([9, 5, 1]);
    for (let frame = 1; frame <= 102; frame++) {
      g.entities.fill(null);
      g.act(Action.noop);
    }
    expect([g.spawnInterval, g.moveInterval, g.rampIndex]).toEqual([8, 4, 2]);
  });

  it('does not ramp when ramping is off', () => {
    const g = quietGame(false);
    for (let frame = 0; frame < 300; frame++) {
      g.entities.fill(null);
      g.act(Action.noop);
    }
    expect([g.spawnInterval, g.moveInterval, g.rampIndex]).toEqual([10, 5, 0]);
  });
});
