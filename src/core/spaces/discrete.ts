import { describeValue } from '../errors.js';
import { Space, type SpaceJSON } from './space.js';

/**
 * The integers `start, start + 1, ..., start + n - 1`.
 *
 * @example const left_or_right = new Discrete(2); left_or_right.contains(1) // true
 */
export class Discrete extends Space<number> {
  readonly shape: readonly number[] = [];

  constructor(
    readonly n: number,
    readonly start = 0,
    seed?: number,
  ) {
    super(seed);
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`Discrete needs a positive integer n, got ${describeValue(n)}`);
    if (!Number.isInteger(start)) throw new RangeError(`Discrete needs an integer start, got ${describeValue(start)}`);
  }

  sample(): number {
    return this.start + this.rng.integer(0, this.n);
  }

  override contains(value: unknown): value is number {
    // The hot path of every step(): keep it free of allocation.
    return typeof value === 'number' && Number.isInteger(value) && value >= this.start && value < this.start + this.n;
  }

  whyNotContained(value: unknown): string | undefined {
    if (this.contains(value)) return undefined;
    const expected = `an integer in [${this.start}, ${this.start + this.n - 1}]`;
    if (typeof value !== 'number') return `expected ${expected}, got ${typeof value} ${describeValue(value)}`;
    return `expected ${expected}, got ${describeValue(value)}`;
  }

  toJSON(): SpaceJSON {
    return { type: 'Discrete', n: this.n, start: this.start };
  }

  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}
