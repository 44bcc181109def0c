import { expect } from 'vitest';

/**
 * Float32 agreement between the fused path and tfjs: both sum in float32 but in different
 * orders, so values agree to a few ulps relative to the magnitudes involved.
 */
export function expectClose(actual: number | number[], expected: number | number[], what: string, tolerance = 2e-5): void {
  const a = typeof actual === 'number' ? [actual] : actual;
  const e = typeof expected === 'number' ? [expected] : expected;
  expect(a.length, `${what}: length`).toBe(e.length);
  // A loop, not Math.max(...e): a dense layer's gradient has more elements than the call stack takes.
  const scale = e.reduce((largest, value) => Math.max(largest, Math.abs(value)), 1e-3);
  let worst = 0;
  let at = -1;
  a.forEach((value, i) => {
    const difference = Math.abs(value - e[i]!) / scale;
    if (!(difference <= worst)) {
      worst = difference;
      at = i;
    }
  });
  expect(worst, `${what}: worst relative difference at ${at} (${a[at]} vs ${e[at]})`).toBeLessThanOrEqual(tolerance);
}
