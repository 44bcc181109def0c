import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { computeFans, initialWeights, normalizeInitializer, orthogonalMatrix } from '../../src/nn/init.js';

describe('computeFans', () => {
  it('uses (in, out) for dense kernels and multiplies the receptive field for conv kernels', () => {
    expect(computeFans([4, 64])).toEqual({ fanIn: 4, fanOut: 64 });
    expect(computeFans([3, 3, 4, 16])).toEqual({ fanIn: 36, fanOut: 144 });
    expect(computeFans([8, 8, 4, 32])).toEqual({ fanIn: 256, fanOut: 2048 });
  });
});

describe('initialWeights', () => {
  it('draws glorotUniform within sqrt(6 / (fanIn + fanOut)) and fills most of that range', () => {
    const values = initialWeights([20, 30], 'glorotUniform', new Rng(1));
    const limit = Math.sqrt(6 / 50);
    const max = Math.max(...values.map(Math.abs));
    expect(max).toBeLessThanOrEqual(limit);
    expect(max).toBeGreaterThan(0.95 * limit);
  });

  it('scales by the gain and gives the same values for the same seed', () => {
    const a = initialWeights([8, 8], { name: 'heUniform', gain: 2 }, new Rng(7));
    const b = initialWeights([8, 8], { name: 'heUniform', gain: 2 }, new Rng(7));
    const c = initialWeights([8, 8], { name: 'heUniform', gain: 2 }, new Rng(8));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(Math.max(...a.map(Math.abs))).toBeLessThanOrEqual(2 * Math.sqrt(6 / 8));
  });

  it('refuses an unknown initializer with a suggestion', () => {
    expect(() => normalizeInitializer('mlp', 'glorotUnifrom')).toThrow(
      /mlp: unknown initializer "glorotUnifrom". Did you mean 'glorotUniform'\?/,
    );
    expect(() => normalizeInitializer('mlp', { name: 'orthogonal', gain: Number.NaN })).toThrow(/gain must be a finite number, got NaN/);
  });
});

describe('orthogonalMatrix', () => {
  function gram(matrix: Float32Array, rows: number, columns: number, byColumns: boolean): number[][] {
    const count = byColumns ? columns : rows;
    const length = byColumns ? rows : columns;
    const at = (vector: number, i: number) => (byColumns ? matrix[i * columns + vector]! : matrix[vector * columns + i]!);
    return Array.from({ length: count }, (_, p) =>
      Array.from({ length: count }, (_, q) => {
        let dot = 0;
        for (let i = 0; i < length; i++) dot += at(p, i) * at(q, i);
        return dot;
      }),
    );
  }

  it('has orthonormal columns when tall and orthonormal rows when wide, times the gain', () => {
    const tall = orthogonalMatrix(12, 5, Math.SQRT2, new Rng(3));
    const wide = orthogonalMatrix(3, 9, 1, new Rng(3));
    gram(tall, 12, 5, true).forEach((row, p) => row.forEach((v, q) => expect(v).toBeCloseTo(p === q ? 2 : 0, 5)));
    gram(wide, 3, 9, false).forEach((row, p) => row.forEach((v, q) => expect(v).toBeCloseTo(p === q ? 1 : 0, 5)));
  });
});
