import { describeValue } from '../errors.js';
import { Space, type BoxDtype, type JsonBound, type SpaceJSON } from './space.js';

/** The typed array that holds a Box element of each dtype. */
export type BoxArray = Float32Array | Float64Array | Uint8Array | Int32Array;

const ARRAY_OF: Record<BoxDtype, { new (length: number): BoxArray }> = {
  float32: Float32Array,
  float64: Float64Array,
  uint8: Uint8Array,
  int32: Int32Array,
};

const INTEGER_RANGE: Partial<Record<BoxDtype, [number, number]>> = {
  uint8: [0, 255],
  int32: [-2147483648, 2147483647],
};

export interface BoxOptions {
  dtype?: BoxDtype;
  seed?: number;
}

/**
 * A box in R^n: each element has its own bounds (possibly infinite). Elements are typed
 * arrays in row-major order; `shape` keeps the dimensions.
 *
 * The type parameter names the array type of the dtype, for typed observations.
 *
 * @example const image = new Box<Uint8Array>(0, 255, [10, 10, 4], { dtype: 'uint8' });
 * @example const force = new Box([-1, -1], [1, 1]);
 */
export class Box<A extends BoxArray = BoxArray> extends Space<A> {
  readonly shape: readonly number[];
  readonly dtype: BoxDtype;
  /** Number of elements: the product of the shape. */
  readonly size: number;
  readonly low: Float64Array;
  readonly high: Float64Array;

  constructor(low: number | ArrayLike<number>, high: number | ArrayLike<number>, shape?: readonly number[], options: BoxOptions = {}) {
    super(options.seed);
    this.dtype = options.dtype ?? 'float32';
    if (!(this.dtype in ARRAY_OF)) throw new RangeError(`Box dtype must be one of ${Object.keys(ARRAY_OF).join(', ')}, got ${describeValue(this.dtype)}`);
    const inferred = shape ?? (typeof low !== 'number' ? [low.length] : typeof high !== 'number' ? [high.length] : undefined);
    if (!inferred) throw new RangeError('Box needs a shape when low and high are both scalars');
    if (!inferred.every((d) => Number.isInteger(d) && d >= 0)) throw new RangeError(`Box shape must be non-negative integers, got ${describeValue(inferred)}`);
    this.shape = Object.freeze([...inferred]);
    this.size = inferred.reduce((a, b) => a * b, 1);
    this.low = broadcast(low, this.size, 'low');
    this.high = broadcast(high, this.size, 'high');
    for (let i = 0; i < this.size; i++) {
      if (Number.isNaN(this.low[i]) || Number.isNaN(this.high[i]) || this.low[i]! > this.high[i]!) {
        throw new RangeError(`Box bounds must satisfy low <= high, got low[${i}]=${this.low[i]}, high[${i}]=${this.high[i]}`);
      }
    }
  }

  /** Whether every element has finite bounds on both sides. */
  isBounded(): boolean {
    for (let i = 0; i < this.size; i++) if (!Number.isFinite(this.low[i]!) || !Number.isFinite(this.high[i]!)) return false;
    return true;
  }

  /** A new zero-filled array of this Box's dtype and size. */
  zeros(): A {
    return new ARRAY_OF[this.dtype](this.size) as A;
  }

  /**
   * Uniform in bounded dimensions; exponential on half-bounded ones and standard normal on
   * unbounded ones, as Gymnasium samples them. Integer dtypes draw integers.
   */
  sample(): A {
    const out = this.zeros();
    const integral = this.dtype === 'uint8' || this.dtype === 'int32';
    for (let i = 0; i < this.size; i++) {
      let low = this.low[i]!;
      let high = this.high[i]!;
      if (integral) {
        const [min, max] = INTEGER_RANGE[this.dtype]!;
        low = Math.max(Math.ceil(low), min);
        high = Math.min(Math.floor(high), max);
        out[i] = this.rng.integer(low, high + 1);
        continue;
      }
      const lowFinite = Number.isFinite(low);
      const highFinite = Number.isFinite(high);
      if (lowFinite && highFinite) out[i] = this.rng.uniform(low, high);
      else if (lowFinite) out[i] = low - Math.log(1 - this.rng.random());
      else if (highFinite) out[i] = high + Math.log(1 - this.rng.random());
      else out[i] = this.rng.normal();
      if (this.dtype === 'float32') out[i] = Math.min(Math.max(out[i]!, Math.fround(low)), Math.fround(high));
    }
    return out;
  }

  whyNotContained(value: unknown): string | undefined {
    // Built only for a message: this check runs on every step of every env.
    const expected = () => this.toString();
    if (!isNumericArrayLike(value)) return `expected a ${this.dtype} array of length ${this.size} (${expected()}), got ${describeValue(value)}`;
    if (value.length !== this.size) return `expected ${this.size} values (${expected()}), got ${value.length}: ${describeValue(value)}`;
    const integral = this.dtype === 'uint8' || this.dtype === 'int32';
    for (let i = 0; i < this.size; i++) {
      const v = value[i]!;
      if (Number.isNaN(v)) return `expected ${expected()}, got NaN at index ${i}: ${describeValue(value)}`;
      if (integral && !Number.isInteger(v)) return `expected integers (${expected()}), got ${v} at index ${i}`;
      // float32 bounds are compared after rounding to float32, as NumPy does.
      const low = this.dtype === 'float32' ? Math.fround(this.low[i]!) : this.low[i]!;
      const high = this.dtype === 'float32' ? Math.fround(this.high[i]!) : this.high[i]!;
      if (v < low || v > high) return `expected ${expected()}, got ${v} at index ${i}, outside [${this.low[i]}, ${this.high[i]}]`;
    }
    return undefined;
  }

  toJSON(): SpaceJSON {
    return { type: 'Box', shape: [...this.shape], dtype: this.dtype, low: Array.from(this.low, jsonNumber), high: Array.from(this.high, jsonNumber) };
  }

  toString(): string {
    return `Box(${boundText(this.low)}, ${boundText(this.high)}, [${this.shape.join(', ')}], ${this.dtype})`;
  }
}

function broadcast(bound: number | ArrayLike<number>, size: number, name: string): Float64Array {
  if (typeof bound === 'number') return new Float64Array(size).fill(bound);
  if (bound.length !== size) throw new RangeError(`Box ${name} has ${bound.length} values but the shape has ${size} elements`);
  return Float64Array.from(bound);
}

/** Whether `value` is a typed array (not BigInt) or an array of numbers: the forms an element of a numeric space may take. */
export function isNumericArrayLike(value: unknown): value is ArrayLike<number> {
  if (ArrayBuffer.isView(value)) return !(value instanceof DataView) && !(value instanceof BigInt64Array) && !(value instanceof BigUint64Array);
  return Array.isArray(value) && value.every((v) => typeof v === 'number');
}

/** JSON has no Infinity: bounds travel as strings "inf" / "-inf" and come back as numbers. */
export function jsonNumber(v: number): JsonBound {
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return v;
}

/** Reads a bound written by `jsonNumber`. */
export function fromJsonNumber(v: JsonBound): number {
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return v;
}

function boundText(bound: Float64Array): string {
  const first = bound[0];
  if (bound.every((v) => v === first)) return String(first ?? '');
  return `[${Array.from(bound.slice(0, 4)).join(', ')}${bound.length > 4 ? ', ...' : ''}]`;
}
