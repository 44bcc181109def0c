/**
 * Seeded weight initialisers, computed in plain JavaScript from Palestra's Rng.
 *
 * Why not tfjs's own initialisers: their random streams depend on the backend's random ops and
 * a seed per layer, and tfjs's orthogonal initialiser runs a QR decomposition on the backend
 * (so weights would differ between cpu and native). Drawing the numbers here makes the same seed
 * give the same weights, bit for bit, on every backend and in the browser.
 */
import { ConfigError, describeValue } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { didYouMean } from '../core/suggest.js';

/** The initialiser families we offer (Keras names). */
export const INITIALIZER_NAMES = ['glorotUniform', 'heUniform', 'lecunUniform', 'orthogonal', 'zeros'] as const;
export type InitializerName = (typeof INITIALIZER_NAMES)[number];

/** A name, or a name with a gain that scales the drawn weights (CleanRL uses orthogonal, gain sqrt(2)). */
export type InitializerSpec = InitializerName | { name: InitializerName; gain?: number };

/**
 * Fan-in and fan-out of a kernel, as Keras computes them: a dense kernel [in, out] has fans
 * (in, out); a conv kernel [kh, kw, inC, outC] has (kh*kw*inC, kh*kw*outC).
 *
 * @example computeFans([3, 3, 4, 16]) // { fanIn: 36, fanOut: 144 }
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) return { fanIn: shape[0] ?? 1, fanOut: shape[0] ?? 1 };
  const receptiveField = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: receptiveField * shape[shape.length - 2]!, fanOut: receptiveField * shape[shape.length - 1]! };
}

/** Checks a spec and returns it in its long form; throws a ConfigError naming `owner` otherwise. */
export function normalizeInitializer(owner: string, spec: unknown): { name: InitializerName; gain: number } {
  const name = typeof spec === 'object' && spec !== null ? (spec as { name?: unknown }).name : spec;
  const gain = typeof spec === 'object' && spec !== null ? ((spec as { gain?: unknown }).gain ?? 1) : 1;
  if (typeof name !== 'string' || !(INITIALIZER_NAMES as readonly string[]).includes(name)) {
    throw new ConfigError(
      `${owner}: unknown initializer ${describeValue(name)}.${didYouMean(String(name), INITIALIZER_NAMES)} ` +
        `Expected one of ${INITIALIZER_NAMES.join(', ')}, or {name, gain}.`,
    );
  }
  if (typeof gain !== 'number' || !Number.isFinite(gain)) {
    throw new ConfigError(`${owner}: initializer gain must be a finite number, got ${describeValue(gain)}`);
  }
  return { name: name as InitializerName, gain };
}

/**
 * Draws the initial values of one weight tensor of `shape` (row-major, last axis fastest, as tfjs stores it).
 *
 * @example const kernel = initialWeights([4, 64], 'glorotUniform', new Rng(0));
 */
export function initialWeights(shape: readonly number[], spec: InitializerSpec, rng: Rng): Float32Array {
  const { name, gain } = normalizeInitializer('initialWeights', spec);
  const size = shape.reduce((a, b) => a * b, 1);
  const { fanIn, fanOut } = computeFans(shape);
  switch (name) {
    case 'zeros':
      return new Float32Array(size);
    case 'glorotUniform':
      return uniformValues(size, gain * Math.sqrt(6 / (fanIn + fanOut)), rng);
    case 'heUniform':
      return uniformValues(size, gain * Math.sqrt(6 / fanIn), rng);
    case 'lecunUniform':
      return uniformValues(size, gain * Math.sqrt(3 / fanIn), rng);
    case 'orthogonal': {
      const columns = shape[shape.length - 1] ?? 1;
      return orthogonalMatrix(size / columns, columns, gain, rng);
    }
  }
}

function uniformValues(size: number, limit: number, rng: Rng): Float32Array {
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = rng.uniform(-limit, limit);
  return values;
}

/**
 * A rows x columns matrix (row-major) whose columns (or rows, when there are more columns than rows)
 * are orthonormal, times `gain`. Modified Gram-Schmidt on a standard normal matrix in float64 gives
 * the Q of its QR decomposition with a positive diagonal in R: the uniform (Haar) distribution.
 */
export function orthogonalMatrix(rows: number, columns: number, gain: number, rng: Rng): Float32Array {
  const tall = rows >= columns;
  const n = tall ? rows : columns; // length of each vector we orthonormalise
  const k = tall ? columns : rows; // how many vectors
  const vectors: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = rng.normal();
    for (const q of vectors) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[i]! * v[i]!;
      for (let i = 0; i < n; i++) v[i]! -= dot * q[i]!;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) v[i]! /= norm;
    vectors.push(v);
  }
  const out = new Float32Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      out[r * columns + c] = gain * (tall ? vectors[c]![r]! : vectors[r]![c]!);
    }
  }
  return out;
}
