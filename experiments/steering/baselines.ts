/**
 * The two baselines the trained network is compared with: predicting the mean training label, and
 * a linear model (ridge regression) on block-averaged pixels. Plain JavaScript, no tensors.
 */
import { ConfigError } from '../../src/core/errors.js';

/** Block-averages an RGB image (height x width x 3) into `rows x cols x 3` features in [0, 1]. */
export function downsampleImage(image: Uint8Array, height: number, width: number, rows: number, cols: number, out = new Float64Array(rows * cols * 3)): Float64Array {
  out.fill(0);
  for (let y = 0; y < height; y++) {
    const r = Math.min(rows - 1, Math.floor((y * rows) / height));
    for (let x = 0; x < width; x++) {
      const c = Math.min(cols - 1, Math.floor((x * cols) / width));
      const p = (y * width + x) * 3;
      const q = (r * cols + c) * 3;
      out[q] += image[p]!;
      out[q + 1] += image[p + 1]!;
      out[q + 2] += image[p + 2]!;
    }
  }
  const perCell = (height / rows) * (width / cols) * 255;
  for (let i = 0; i < out.length; i++) out[i] /= perCell;
  return out;
}

/** A linear model y = w . standardise(x) + b. */
export interface LinearModel {
  weights: Float64Array;
  bias: number;
  featureMean: Float64Array;
  featureStd: Float64Array;
}

/**
 * Fits ridge regression (least squares + lambda |w|^2 on standardised features) by solving the
 * normal equations with a Cholesky factorisation.
 *
 * @example const model = fitRidge([[0], [1], [2]], [1, 3, 5], 1e-9); predictLinear(model, [3]) // 7
 */
export function fitRidge(features: ArrayLike<number>[], targets: ArrayLike<number>, lambda: number): LinearModel {
  const n = features.length;
  if (n === 0 || targets.length !== n) throw new ConfigError(`fitRidge: need as many targets as feature rows (>0), got ${n} rows and ${targets.length} targets`);
  const d = features[0]!.length;
  const featureMean = new Float64Array(d);
  const featureStd = new Float64Array(d);
  for (const row of features) for (let j = 0; j < d; j++) featureMean[j] += row[j]! / n;
  for (const row of features) for (let j = 0; j < d; j++) featureStd[j] += (row[j]! - featureMean[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) featureStd[j] = Math.sqrt(featureStd[j]!) || 1;
  let targetMean = 0;
  for (let i = 0; i < n; i++) targetMean += targets[i]! / n;
  // Normal equations on centred data: (Z^T Z + lambda n I) w = Z^T (y - mean y).
  const gram = new Float64Array(d * d);
  const rhs = new Float64Array(d);
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const row = features[i]!;
    for (let j = 0; j < d; j++) z[j] = (row[j]! - featureMean[j]!) / featureStd[j]!;
    const centredTarget = targets[i]! - targetMean;
    for (let j = 0; j < d; j++) {
      const zj = z[j]!;
      if (zj === 0) continue;
      rhs[j] += zj * centredTarget;
      for (let k = 0; k <= j; k++) gram[j * d + k] += zj * z[k]!;
    }
  }
  for (let j = 0; j < d; j++) gram[j * d + j] += lambda * n;
  const weights = choleskySolve(gram, rhs, d);
  return { weights, bias: targetMean, featureMean, featureStd };
}

/** Solves A x = b for a symmetric positive definite A given by its lower triangle (row-major, d x d). */
export function choleskySolve(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let diagonal = a[j * d + j]!;
    for (let k = 0; k < j; k++) diagonal -= l[j * d + k]! ** 2;
    if (!(diagonal > 0)) throw new ConfigError(`choleskySolve: matrix is not positive definite (pivot ${j} = ${diagonal}); increase the ridge lambda`);
    const root = Math.sqrt(diagonal);
    l[j * d + j] = root;
    for (let i = j + 1; i < d; i++) {
      let sum = a[i * d + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * d + k]! * l[j * d + k]!;
      l[i * d + j] = sum / root;
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * d + k]! * y[k]!;
    y[i] = sum / l[i * d + i]!;
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < d; k++) sum -= l[k * d + i]! * x[k]!;
    x[i] = sum / l[i * d + i]!;
  }
  return x;
}

export function predictLinear(model: LinearModel, features: ArrayLike<number>): number {
  let sum = model.bias;
  for (let j = 0; j < model.weights.length; j++) sum += model.weights[j]! * ((features[j]! - model.featureMean[j]!) / model.featureStd[j]!);
  return sum;
}

/** Mean absolute error between two equal-length lists. */
export function meanAbsoluteError(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < targets.length; i++) sum += Math.abs(predictions[i]! - targets[i]!);
  return sum / targets.length;
}
