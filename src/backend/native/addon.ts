/**
 * Loads the compiled kernels (build/Release/palestra_native.node) and, when they are missing,
 * explains why from the status file that scripts/build-native.mjs wrote during `npm install`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Conv geometry, 15 integers in the order of native/src/conv.h's ConvGeometry. */
export type ConvGeometryArray = number[];

/** The functions native/src/addon.cc exports. Outputs are preallocated Float32Arrays written in place. */
export interface NativeAddon {
  matmul(
    a: Float32Array, b: Float32Array, out: Float32Array,
    batchA: number, batchB: number, m: number, n: number, k: number,
    transposeA: boolean, transposeB: boolean,
  ): void;
  biasActivation(out: Float32Array, rows: number, cols: number, bias: Float32Array | null, activation: number, alpha: number): void;
  conv2d(geometry: ConvGeometryArray, x: Float32Array, filter: Float32Array, out: Float32Array): void;
  conv2dBackpropInput(geometry: ConvGeometryArray, dy: Float32Array, filter: Float32Array, dx: Float32Array): void;
  conv2dBackpropFilter(geometry: ConvGeometryArray, x: Float32Array, dy: Float32Array, dfilter: Float32Array): void;
  binary(op: number, a: Float32Array, aStrides: number[], b: Float32Array, bStrides: number[], out: Float32Array, outShape: number[]): void;
  unary(op: number, x: Float32Array, out: Float32Array, alpha: number): void;
  reduce(op: number, x: Float32Array, outer: number, reduced: number, inner: number, out: Float32Array): void;
  adam(
    value: Float32Array, m: Float32Array, v: Float32Array, gradient: Float32Array,
    newValue: Float32Array, newM: Float32Array, newV: Float32Array, hyper: number[],
  ): void;
  /** Adam with m and v updated in place and the new value written to `newValue` (src/nn/adam.ts's applyGradientArrays). */
  adamInPlace(value: Float32Array, m: Float32Array, v: Float32Array, gradient: Float32Array, newValue: Float32Array, hyper: number[]): void;
  centeredRmsProp(
    value: Float32Array, meanSquare: Float32Array, meanGradient: Float32Array, gradient: Float32Array,
    newValue: Float32Array, newMeanSquare: Float32Array, newMeanGradient: Float32Array, hyper: number[],
  ): void;
  /** Centered RMSprop with the running averages updated in place and the new value written to `newValue` (src/nn/centered-rmsprop.ts's applyGradientArrays). */
  centeredRmsPropInPlace?(value: Float32Array, meanSquare: Float32Array, meanGradient: Float32Array, gradient: Float32Array, newValue: Float32Array, hyper: number[]): void;
  /** native/src/env_bindings.cc: -1 stepped, -2 JavaScript must step this batch, i >= 0: action i is invalid. */
  cartPoleStep(
    state: Float64Array, actions: Int32Array, observations: Float32Array, rewards: Float64Array,
    terminations: Uint8Array, truncations: Uint8Array, elapsedSteps: Int32Array, terminatedBefore: Uint8Array,
    needsReset: Uint8Array, rngWords: Int32Array, rules: number[], threads: number,
  ): number;
  /** The C++ sin and cos of native/src/small_angle_trig.h (NaN where |x| > pi/4), for tests. */
  smallAngleSinCos(x: Float64Array, sinOut: Float64Array, cosOut: Float64Array): void;
  /**
   * native/src/mlp.cc: a dense network's forward pass; `sizes` holds the input width and every
   * layer's width, `activations` the codes of src/nn/fused-mlp.ts; outputs[l] gets layer l's activations.
   */
  mlpForward(
    x: Float32Array, batch: number, kernels: Float32Array[], biases: Float32Array[], sizes: number[], activations: number[],
    outputs: Float32Array[],
  ): void;
  /**
   * The backward pass after mlpForward: gradients of every kernel and bias from the gradient at
   * the outputs (dOutput is overwritten); with `dInput`, also the gradient with respect to x
   * (an addon built before it ignores the argument: check `mlpInputGradient`).
   */
  mlpBackward(
    x: Float32Array, batch: number, kernels: Float32Array[], sizes: number[], activations: number[], outputs: Float32Array[],
    dOutput: Float32Array, kernelGrads: Float32Array[], biasGrads: Float32Array[], dInput?: Float32Array,
  ): void;
  /**
   * The backward pass of y = activation(z + bias) on a [rows, cols] matrix (activation codes of
   * src/nn/fused-mlp.ts): dy becomes dz in place, dBias gets its column sums. Its presence also
   * says mlpBackward takes `dInput` (both came together).
   */
  activationBackward?(dy: Float32Array, y: Float32Array, rows: number, cols: number, activation: number, dBias: Float32Array): void;
  /** The squared L2 norm of several arrays together, accumulated in double (gradient clipping). */
  sumOfSquares(arrays: Float32Array[]): number;
  setThreads(threads: number): void;
  threads(): number;
  /** Single-thread GFLOP/s of the gemm micro-kernel on cached data, measured for `seconds`. */
  peakGflops(seconds: number): number;
  buildInfo(): { simd: string; compiler: string };
}

export type AddonStatus =
  | { available: true; addon: NativeAddon; path: string }
  | { available: false; reason: string };

/** The directory holding Palestra's package.json (works from src/ under tsx and from dist/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'palestra') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find Palestra's package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Where the addon and the build status live by default. */
export function defaultAddonPaths(): { addonPath: string; statusPath: string } {
  const root = packageRoot();
  return { addonPath: join(root, 'build', 'Release', 'palestra_native.node'), statusPath: join(root, 'build', 'native-build.json') };
}

/**
 * Tries to load the addon; never throws. The reason, when unavailable, names the file and the build error.
 *
 * @example const status = loadNativeAddon(); if (!status.available) console.log(status.reason);
 */
export function loadNativeAddon(paths = defaultAddonPaths()): AddonStatus {
  if (!existsSync(paths.addonPath)) {
    return { available: false, reason: `${paths.addonPath} does not exist: ${buildFailure(paths.statusPath)}` };
  }
  try {
    const require = createRequire(import.meta.url);
    return { available: true, addon: require(paths.addonPath) as NativeAddon, path: paths.addonPath };
  } catch (error) {
    return {
      available: false,
      reason: `${paths.addonPath} exists but does not load (${(error as Error).message.split('\n')[0]}); rebuild it with \`npm run build:native\``,
    };
  }
}

/** The build error recorded by scripts/build-native.mjs, or a hint when there is no record. */
function buildFailure(statusPath: string): string {
  if (!existsSync(statusPath)) return 'the native kernels were never built; run `npm run build:native` (needs a C++ compiler and python3)';
  try {
    const status = JSON.parse(readFileSync(statusPath, 'utf8')) as { ok?: boolean; error?: string; date?: string };
    if (status.ok) return `the build at ${status.date ?? 'an unknown time'} succeeded but its output is gone; run \`npm run build:native\``;
    return `the build failed (${statusPath}): ${status.error ?? 'no error recorded'}`;
  } catch {
    return `the build status file ${statusPath} is unreadable; run \`npm run build:native\``;
  }
}

let cached: AddonStatus | undefined;

/** The addon of this installation, loaded once. */
export function nativeAddonStatus(): AddonStatus {
  cached ??= loadNativeAddon();
  return cached;
}
