import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';

const DRAWS = 100_000;

describe('Rng', () => {
  it('gives the same stream for the same seed and different streams for nearby seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const streamA = Array.from({ length: 50 }, () => a.nextUint32());
    expect(Array.from({ length: 50 }, () => b.nextUint32())).toEqual(streamA);
    const streamC = Array.from({ length: 50 }, () => c.nextUint32());
    expect(streamC.filter((v, i) => v === streamA[i])).toHaveLength(0);
  });

  it('restarts the stream on reseed and refuses non-finite seeds', () => {
    const rng = new Rng(5);
    const first = [rng.random(), rng.normal(), rng.integer(0, 100)];
    rng.reseed(5);
    expect([rng.random(), rng.normal(), rng.integer(0, 100)]).toEqual(first);
    expect(() => rng.reseed(NaN)).toThrow('Rng seed must be a finite number, got NaN');
  });

  it('continues the same stream after getState/setState, including a cached normal', () => {
    const rng = new Rng(7);
    rng.normal(); // leaves the second normal of the Box-Muller pair cached
    const state = rng.getState();
    const expected = [rng.normal(), rng.normal(), rng.random(), rng.integer(-5, 5)];
    const copy = new Rng(0);
    copy.setState(state);
    expect([copy.normal(), copy.normal(), copy.random(), copy.integer(-5, 5)]).toEqual(expected);
    expect(() => copy.setState([1, 2, 3])).toThrow('Rng state must have 5 numbers, got 3');
  });

  it('draws uniform doubles in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = new Rng(1);
    let sum = 0;
    let sumSquares = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < DRAWS; i++) {
      const u = rng.random();
      sum += u;
      sumSquares += u * u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    const mean = sum / DRAWS;
    const variance = sumSquares / DRAWS - mean * mean;
    // Standard error of the mean: sqrt(1/12 / 1e5) ~ 0.0009; we allow about 5 of them.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
  });

  it('scales uniform(low, high) to the interval', () => {
    const rng = new Rng(2);
    for (let i = 0; i < 1000; i++) {
      const v = rng.uniform(-0.05, 0.05);
      expect(v).toBeGreaterThanOrEqual(-0.05);
      expect(v).toBeLessThan(0.05);
    }
  });

  it('draws integers in [low, high) uniformly (chi-square test)', () => {
    const rng = new Rng(3);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < DRAWS; i++) counts[rng.integer(-3, 7) + 3]!++;
    // Every draw landed on one of the 10 integers (a fraction or a value outside would not count).
    expect(counts.reduce((a, b) => a + b, 0)).toBe(DRAWS);
    const expected = DRAWS / 10;
    const chiSquare = counts.reduce((sum, c) => sum + ((c - expected) * (c - expected)) / expected, 0);
    // 9 degrees of freedom: P(chi2 > 27.88) = 0.001.
    expect(chiSquare).toBeLessThan(27.88);
    expect(counts.every((c) => c > 0)).toBe(true);
    expect(() => rng.integer(3, 3)).toThrow('Rng.integer needs integers low < high, got [3, 3)');
    expect(() => rng.integer(0, 2.5)).toThrow('Rng.integer needs integers low < high, got [0, 2.5)');
  });

  it('draws normals with the given mean and standard deviation', () => {
    const rng = new Rng(4);
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < DRAWS; i++) {
      const x = rng.normal(3, 2);
      sum += x;
      sumSquares += x * x;
    }
    const mean = sum / DRAWS;
    const std = Math.sqrt(sumSquares / DRAWS - mean * mean);
    // Standard error of the mean: 2 / sqrt(1e5) ~ 0.0063.
    expect(Math.abs(mean - 3)).toBeLessThan(0.03);
    expect(Math.abs(std - 2)).toBeLessThan(0.02);
  });

  it('draws bernoulli(p) with frequency p', () => {
    const rng = new Rng(5);
    let hits = 0;
    for (let i = 0; i < DRAWS; i++) if (rng.bernoulli(0.3)) hits++;
    expect(Math.abs(hits / DRAWS - 0.3)).toBeLessThan(0.006);
  });

  it('spawns reproducible generators whose streams differ from the parent', () => {
    const child = new Rng(6).spawn();
    const again = new Rng(6).spawn();
    const parent = new Rng(6);
    const fromChild = Array.from({ length: 10 }, () => child.nextUint32());
    expect(Array.from({ length: 10 }, () => again.nextUint32())).toEqual(fromChild);
    expect(Array.from({ length: 10 }, () => parent.nextUint32())).not.toEqual(fromChild);
  });
});
