import { describeValue } from '../errors.js';
import { isNumericArrayLike } from './box.js';
import { Space, type SpaceJSON } from './space.js';

export interface MultiDiscreteOptions {
  /** The smallest value of each element (one number for all, or one per element); 0 by default. */
  start?: number | ArrayLike<number>;
  /** The shape of an element when it is not the 1-D `[nvec.length]` (batched spaces are 2-D). */
  shape?: readonly number[];
  seed?: number;
}

/**
 * Several discrete choices made together: element i is an integer in
 * `[start[i], start[i] + nvec[i])`. Elements are `Int32Array`s in row-major order.
 *
 * @example const buttons = new MultiDiscrete([3, 2]); buttons.contains(new Int32Array([2, 1])) // true
 */
export class MultiDiscrete extends Space<Int32Array> {
  /** The number of values of each element (flat, row-major). */
  readonly nvec: Int32Array;
  /** The smallest value of each element (flat, row-major). */
  readonly start: Int32Array;
  readonly shape: readonly number[];
  /** Number of elements: the product of the shape. */
  readonly size: number;

  constructor(nvec: ArrayLike<number>, options: MultiDiscreteOptions = {}) {
    super(options.seed);
    if (!isNumericArrayLike(nvec) || nvec.length === 0) {
      throw new RangeError(`MultiDiscrete needs a non-empty array of positive integers nvec, got ${describeValue(nvec)}`);
    }
    for (let i = 0; i < nvec.length; i++) {
      const n = nvec[i]!;
      if (!Number.isInteger(n) || n < 1 || n > 2147483647) {
        throw new RangeError(`MultiDiscrete nvec must hold positive integers, got ${describeValue(n)} at index ${i} of ${describeValue(nvec)}`);
      }
    }
    this.size = nvec.length;
    const shape = options.shape ?? [nvec.length];
    const shapeSize = shape.reduce((a, b) => a * b, 1);
    if (!shape.every((d) => Number.isInteger(d) && d >= 0) || shapeSize !== this.size) {
      throw new RangeError(`MultiDiscrete shape ${describeValue(shape)} does not hold the ${this.size} values of nvec`);
    }
    this.shape = Object.freeze([...shape]);
    this.nvec = Int32Array.from(nvec);
    this.start = broadcastStart(options.start ?? 0, this.size);
  }

  sample(): Int32Array {
    const out = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.start[i]! + this.rng.integer(0, this.nvec[i]!);
    return out;
  }

  whyNotContained(value: unknown): string | undefined {
    if (!isNumericArrayLike(value)) return `expected an Int32Array of ${this.size} integers (${this.toString()}), got ${describeValue(value)}`;
    if (value.length !== this.size) return `expected ${this.size} integers (${this.toString()}), got ${value.length}: ${describeValue(value)}`;
    for (let i = 0; i < this.size; i++) {
      const v = value[i]!;
      const low = this.start[i]!;
      const high = low + this.nvec[i]! - 1;
      if (!Number.isInteger(v) || v < low || v > high) {
        return `expected an integer in [${low}, ${high}] at index ${i} (${this.toString()}), got ${describeValue(v)}`;
      }
    }
    return undefined;
  }

  toJSON(): SpaceJSON {
    return { type: 'MultiDiscrete', shape: [...this.shape], nvec: Array.from(this.nvec), start: Array.from(this.start) };
  }

  toString(): string {
    const nvec = `[${Array.from(this.nvec.slice(0, 8)).join(', ')}${this.size > 8 ? ', ...' : ''}]`;
    const shape = this.shape.length === 1 ? '' : `, shape=[${this.shape.join(', ')}]`;
    const start = this.start.every((s) => s === 0) ? '' : `, start=[${Array.from(this.start.slice(0, 8)).join(', ')}${this.size > 8 ? ', ...' : ''}]`;
    return `MultiDiscrete(${nvec}${shape}${start})`;
  }
}

function broadcastStart(start: number | ArrayLike<number>, size: number): Int32Array {
  const values = typeof start === 'number' ? new Array<number>(size).fill(start) : start;
  if (!isNumericArrayLike(values) || values.length !== size) {
    throw new RangeError(`MultiDiscrete start must be one integer or ${size} integers (one per element), got ${describeValue(start)}`);
  }
  for (let i = 0; i < size; i++) {
    if (!Number.isInteger(values[i]!)) throw new RangeError(`MultiDiscrete start must hold integers, got ${describeValue(values[i])} at index ${i}`);
  }
  return Int32Array.from(values);
}
