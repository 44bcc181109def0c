import { describeValue } from '../errors.js';
import { isNumericArrayLike } from './box.js';
import { Space, type SpaceJSON } from './space.js';

/**
 * Arrays of independent bits: elements are `Uint8Array`s of 0s and 1s, `n` of them or
 * `shape` in row-major order.
 *
 * @example const keys = new MultiBinary(4); keys.contains(new Uint8Array([0, 1, 1, 0])) // true
 * @example const mask = new MultiBinary([2, 3]);
 */
export class MultiBinary extends Space<Uint8Array> {
  readonly shape: readonly number[];
  /** Number of bits: the product of the shape. */
  readonly size: number;

  constructor(n: number | readonly number[], seed?: number) {
    super(seed);
    const shape = typeof n === 'number' ? [n] : n;
    if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d >= 1)) {
      throw new RangeError(`MultiBinary needs a positive integer n or a shape of positive integers, got ${describeValue(n)}`);
    }
    this.shape = Object.freeze([...shape]);
    this.size = shape.reduce((a, b) => a * b, 1);
  }

  /** Each bit is 1 with probability 1/2. */
  sample(): Uint8Array {
    const out = new Uint8Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.rng.nextUint32() >>> 31;
    return out;
  }

  whyNotContained(value: unknown): string | undefined {
    if (!isNumericArrayLike(value)) return `expected a Uint8Array of ${this.size} zeros and ones (${this.toString()}), got ${describeValue(value)}`;
    if (value.length !== this.size) return `expected ${this.size} zeros and ones (${this.toString()}), got ${value.length}: ${describeValue(value)}`;
    for (let i = 0; i < this.size; i++) {
      const v = value[i];
      if (v !== 0 && v !== 1) return `expected 0 or 1 at index ${i} (${this.toString()}), got ${describeValue(v)}`;
    }
    return undefined;
  }

  toJSON(): SpaceJSON {
    return { type: 'MultiBinary', shape: [...this.shape] };
  }

  toString(): string {
    return this.shape.length === 1 ? `MultiBinary(${this.size})` : `MultiBinary([${this.shape.join(', ')}])`;
  }
}
