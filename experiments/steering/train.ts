/**
 * Training for the steering demo: PilotNet regresses the expert's steering angle (degrees) from
 * one camera image. Tracks, never frames, are split between train, validation and test, so the
 * test error is measured on roads the network has not seen. Training flips half of the images
 * (negating their labels) and varies their brightness, stops early when the validation error stops
 * improving, and keeps the best epoch's weights. The test error is reported next to two baselines.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, describeValue } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { pilotNet } from '../../src/nn/pilotnet.js';
import { saveModel } from '../../src/nn/io.js';
import { flipHorizontal, scaleBrightness } from './augment.js';
import { downsampleImage, fitRidge, meanAbsoluteError, predictLinear } from './baselines.js';
import { readDataset, type SteeringDataset } from './dataset.js';
import { lineChartSvg } from './plot.js';

export const DEGREES_PER_RADIAN = 180 / Math.PI;

export interface TrainOptions {
  data: string;
  out: string;
  loss: 'mse' | 'mae';
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Epochs without a better validation MAE before stopping. */
  patience: number;
  /** Stop after this much wall time even if still improving (a shared machine). */
  maxMinutes: number;
  /** Fraction of tracks held out for validation and for test (at least one track each). */
  validationFraction: number;
  testFraction: number;
  seed: number;
  /** Rows and columns of the block-averaged pixels the linear baseline sees. */
  baselineGrid: [number, number];
  /** Builds the network for an input shape; PilotNet by default (tests pass a small one). */
  modelFactory?: (inputShape: [number, number, number], seed: number) => tf.LayersModel;
}

export const DEFAULT_TRAIN: Omit<TrainOptions, 'data' | 'out'> = {
  loss: 'mse',
  epochs: 15,
  batchSize: 32,
  learningRate: 1e-3,
  patience: 3,
  maxMinutes: 30,
  validationFraction: 0.15,
  testFraction: 0.15,
  seed: 0,
  baselineGrid: [11, 25],
};

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  trainMaeDegrees: number;
  validationMaeDegrees: number;
  seconds: number;
}

export interface TrainReport {
  tracks: { train: number[]; validation: number[]; test: number[] };
  samples: { train: number; validation: number; test: number };
  bestEpoch: number;
  history: EpochRecord[];
  testMaeDegrees: number;
  baselines: { meanLabelMaeDegrees: number; linearPixelsMaeDegrees: number; linearLambda: number };
  parameters: number;
  backend: string;
  seconds: number;
}

/** Splits sample indices by track seed: every sample of one track lands in the same part. */
export function splitByTrack(tracks: Int32Array, validationFraction: number, testFraction: number, seed: number): { train: number[]; validation: number[]; test: number[]; seeds: TrainReport['tracks'] } {
  const unique = [...new Set(tracks)].sort((a, b) => a - b);
  if (unique.length < 3) throw new ConfigError(`train: need samples from at least 3 tracks to split train/validation/test by track, got ${unique.length} (${describeValue(unique)})`);
  const rng = new Rng(seed);
  for (let i = unique.length - 1; i > 0; i--) {
    const j = rng.integer(0, i + 1);
    [unique[i], unique[j]] = [unique[j]!, unique[i]!];
  }
  const testCount = Math.max(1, Math.round(unique.length * testFraction));
  const validationCount = Math.max(1, Math.round(unique.length * validationFraction));
  const seeds = { test: unique.slice(0, testCount), validation: unique.slice(testCount, testCount + validationCount), train: unique.slice(testCount + validationCount) };
  if (seeds.train.length === 0) throw new ConfigError(`train: no tracks left for training after holding out ${testCount} test and ${validationCount} validation tracks`);
  const part = new Map<number, 'train' | 'validation' | 'test'>();
  for (const name of ['train', 'validation', 'test'] as const) for (const s of seeds[name]) part.set(s, name);
  const split = { train: [] as number[], validation: [] as number[], test: [] as number[], seeds };
  tracks.forEach((track, i) => split[part.get(track)!].push(i));
  return split;
}

/** Copies a batch of images (augmented or not) into one float tensor, labels in degrees. */
function makeBatch(data: SteeringDataset, indices: readonly number[], rng: Rng | undefined): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const [h, w, c] = data.manifest.imageShape;
  const size = h * w * c;
  const pixels = new Float32Array(indices.length * size);
  const labels = new Float32Array(indices.length);
  const scratch = new Uint8Array(size);
  indices.forEach((index, b) => {
    scratch.set(data.images.subarray(index * size, (index + 1) * size));
    let label = data.labels[index]! * DEGREES_PER_RADIAN;
    if (rng) {
      if (rng.bernoulli(0.5)) {
        flipHorizontal(scratch, h, w);
        label = -label;
      }
      scaleBrightness(scratch, rng.uniform(0.7, 1.3));
    }
    pixels.set(scratch, b * size);
    labels[b] = label;
  });
  return { x: tf.tensor4d(pixels, [indices.length, h, w, c]), y: tf.tensor2d(labels, [indices.length, 1]) };
}

/** Predicted steering (degrees) for the given samples, in batches (read back asynchronously: a GPU backend in Node has no synchronous read). */
export async function predictDegrees(model: tf.LayersModel, data: SteeringDataset, indices: readonly number[], batchSize = 64): Promise<Float32Array> {
  const out = new Float32Array(indices.length);
  for (let start = 0; start < indices.length; start += batchSize) {
    const batch = indices.slice(start, start + batchSize);
    const { x, y } = makeBatch(data, batch, undefined);
    const prediction = model.predict(x) as tf.Tensor;
    out.set((await prediction.data()) as Float32Array, start);
    tf.dispose([x, y, prediction]);
  }
  return out;
}

function labelsInDegrees(data: SteeringDataset, indices: readonly number[]): Float32Array {
  return Float32Array.from(indices, (i) => data.labels[i]! * DEGREES_PER_RADIAN);
}

/** Test MAE of the mean training label, and of ridge regression on block-averaged pixels (lambda picked on validation). */
export function baselineErrors(data: SteeringDataset, split: { train: number[]; validation: number[]; test: number[] }, grid: [number, number] = [11, 25]): TrainReport['baselines'] {
  const [h, w] = data.manifest.imageShape;
  const size = h * w * 3;
  const features = (indices: number[]): Float64Array[] => indices.map((i) => downsampleImage(data.images.subarray(i * size, (i + 1) * size), h, w, grid[0], grid[1]));
  const trainLabels = labelsInDegrees(data, split.train);
  const mean = trainLabels.reduce((a, b) => a + b, 0) / trainLabels.length;
  const testLabels = labelsInDegrees(data, split.test);
  const meanLabelMaeDegrees = meanAbsoluteError(new Float32Array(testLabels.length).fill(mean), testLabels);
  const trainFeatures = features(split.train);
  const validationFeatures = features(split.validation);
  const validationLabels = labelsInDegrees(data, split.validation);
  let best = { lambda: 0, error: Infinity };
  for (const lambda of [1e-3, 1e-2, 1e-1, 1]) {
    const model = fitRidge(trainFeatures, trainLabels, lambda);
    const error = meanAbsoluteError(validationFeatures.map((f) => predictLinear(model, f)), validationLabels);
    if (error < best.error) best = { lambda, error };
  }
  const linear = fitRidge(trainFeatures, trainLabels, best.lambda);
  const linearPixelsMaeDegrees = meanAbsoluteError(features(split.test).map((f) => predictLinear(linear, f)), testLabels);
  return { meanLabelMaeDegrees, linearPixelsMaeDegrees, linearLambda: best.lambda };
}

/**
 * Trains the steering network on a collected dataset; writes `model/` (tfjs files), `report.json`
 * and `training-curve.svg` into `options.out` and returns the report.
 *
 * @example const report = await trainSteering({ ...DEFAULT_TRAIN, data: 'runs/steering/data', out: 'runs/steering' });
 */
export async function trainSteering(options: TrainOptions, progress: (line: string) => void = () => {}): Promise<TrainReport> {
  const started = performance.now();
  const data = readDataset(options.data);
  const split = splitByTrack(data.tracks, options.validationFraction, options.testFraction, options.seed);
  progress(`tracks: train ${split.seeds.train.join(',')} | validation ${split.seeds.validation.join(',')} | test ${split.seeds.test.join(',')}`);
  progress(`samples: train ${split.train.length}, validation ${split.validation.length}, test ${split.test.length}`);
  const inputShape = data.manifest.imageShape;
  const model = options.modelFactory ? options.modelFactory(inputShape, options.seed) : pilotNet({ inputShape, seed: options.seed });
  // Our optimizer, so ours to dispose: model.dispose() frees only optimizers it created itself.
  const optimizer = tf.train.adam(options.learningRate);
  model.compile({ optimizer, loss: options.loss === 'mae' ? 'meanAbsoluteError' : 'meanSquaredError', metrics: ['mae'] });
  const parameters = model.countParams();
  const rng = new Rng(options.seed);
  const validationLabels = labelsInDegrees(data, split.validation);
  const history: EpochRecord[] = [];
  let best = { epoch: 0, error: Infinity, weights: [] as tf.Tensor[] };
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const order = [...split.train];
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.integer(0, i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    // The sums stay tensors until the epoch ends: one readback per epoch instead of one per
    // batch, so that a GPU backend can queue batch after batch without waiting.
    let sums = tf.zeros([2]);
    let batches = 0;
    for (let start = 0; start < order.length; start += options.batchSize) {
      const { x, y } = makeBatch(data, order.slice(start, start + options.batchSize), rng);
      let mae: tf.Scalar | undefined;
      const loss = optimizer.minimize(() => {
        const prediction = model.apply(x, { training: true }) as tf.Tensor;
        mae = tf.keep(tf.losses.absoluteDifference(y, prediction) as tf.Scalar);
        return (options.loss === 'mae' ? tf.losses.absoluteDifference(y, prediction) : tf.losses.meanSquaredError(y, prediction)) as tf.Scalar;
      }, true)!;
      const next = tf.tidy(() => sums.add(tf.stack([loss, mae!])));
      tf.dispose([x, y, loss, mae!, sums]);
      sums = next;
      batches++;
    }
    const [lossSum, maeSum] = (await sums.data()) as Float32Array;
    sums.dispose();
    const validationMaeDegrees = meanAbsoluteError(await predictDegrees(model, data, split.validation), validationLabels);
    const record = { epoch, trainLoss: lossSum! / batches, trainMaeDegrees: maeSum! / batches, validationMaeDegrees, seconds: (performance.now() - started) / 1000 };
    history.push(record);
    progress(`epoch ${epoch}: train loss ${record.trainLoss.toFixed(3)}, train MAE ${record.trainMaeDegrees.toFixed(3)} deg, validation MAE ${validationMaeDegrees.toFixed(3)} deg (${record.seconds.toFixed(0)} s)`);
    if (validationMaeDegrees < best.error) {
      tf.dispose(best.weights);
      best = { epoch, error: validationMaeDegrees, weights: model.getWeights().map((w) => w.clone()) };
    } else if (epoch - best.epoch >= options.patience) {
      progress(`early stop: no better validation MAE for ${options.patience} epochs`);
      break;
    }
    if (record.seconds > options.maxMinutes * 60) {
      progress(`stopping: the ${options.maxMinutes}-minute budget is spent`);
      break;
    }
  }
  model.setWeights(best.weights);
  tf.dispose(best.weights);
  const testMaeDegrees = meanAbsoluteError(await predictDegrees(model, data, split.test), labelsInDegrees(data, split.test));
  const baselines = baselineErrors(data, split, options.baselineGrid);
  mkdirSync(options.out, { recursive: true });
  await saveModel(model, join(options.out, 'model'));
  model.dispose();
  optimizer.dispose();
  const report: TrainReport = {
    tracks: split.seeds,
    samples: { train: split.train.length, validation: split.validation.length, test: split.test.length },
    bestEpoch: best.epoch,
    history,
    testMaeDegrees,
    baselines,
    parameters,
    backend: tf.getBackend(),
    seconds: (performance.now() - started) / 1000,
  };
  writeFileSync(join(options.out, 'report.json'), JSON.stringify({ ...report, options: { ...options, modelFactory: undefined } }, null, 2) + '\n');
  writeFileSync(
    join(options.out, 'training-curve.svg'),
    lineChartSvg(
      'Steering regression: MAE by epoch',
      'epoch',
      'MAE (degrees)',
      [
        { name: 'train (augmented)', colour: '#2c7fb8', points: history.map((r) => [r.epoch, r.trainMaeDegrees]) },
        { name: 'validation', colour: '#d95f0e', points: history.map((r) => [r.epoch, r.validationMaeDegrees]) },
      ],
      [
        { name: 'mean label, test', value: baselines.meanLabelMaeDegrees, colour: '#777777' },
        { name: 'linear on pixels, test', value: baselines.linearPixelsMaeDegrees, colour: '#31a354' },
      ],
    ),
  );
  return report;
}
