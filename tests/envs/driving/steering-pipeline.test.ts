import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildConvStack } from '../../../src/nn/conv-stack.js';
import { loadModel } from '../../../src/nn/io.js';
import { selectBackend } from '../../../src/backend/index.js';
import { generateTrack } from '../../../envs/driving/track.js';
import { processIO, type CliIO } from '../../../src/cli/command.js';
import { steeringCommand } from '../../../src/cli/commands/steering.js';
import { flipHorizontal, scaleBrightness } from '../../../experiments/steering/augment.js';
import { choleskySolve, downsampleImage, fitRidge, predictLinear } from '../../../experiments/steering/baselines.js';
import { collectSteeringData, DEFAULT_COLLECT } from '../../../experiments/steering/collect.js';
import { readDataset, SampleKind } from '../../../experiments/steering/dataset.js';
import { autonomyPercent, driveTracks, expertDriver, networkDriver } from '../../../experiments/steering/drive.js';
import { DEFAULT_TRAIN, splitByTrack, trainSteering } from '../../../experiments/steering/train.js';

const workDir = mkdtempSync(join(tmpdir(), 'palestra-steering-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('augmentation', () => {
  it('mirrors rows and saturates brightness', () => {
    // One row of three RGB pixels.
    const image = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9);
    flipHorizontal(image, 1, 3);
    expect(Array.from(image)).toEqual([7, 8, 9, 4, 5, 6, 1, 2, 3]);
    scaleBrightness(image, 30);
    expect(Array.from(image)).toEqual([210, 240, 255, 120, 150, 180, 30, 60, 90]);
  });
});

describe('baselines', () => {
  it('solves a symmetric positive definite system by Cholesky', () => {
    // [[4, 2], [2, 3]] x = [2, 1]  =>  x = [0.5, 0]
    const x = choleskySolve(Float64Array.of(4, 0, 2, 3), Float64Array.of(2, 1), 2);
    expect(x[0]).toBeCloseTo(0.5, 12);
    expect(x[1]).toBeCloseTo(0, 12);
  });

  it('fits an exact linear relation with a tiny ridge', () => {
    const features = [[0, 1], [1, 0], [2, 3], [3, 1], [4, 4]];
    const targets = features.map(([a, b]) => 2 * a! - b! + 5);
    const model = fitRidge(features, targets, 1e-12);
    expect(predictLinear(model, [10, 2])).toBeCloseTo(23, 6);
  });

  it('block-averages pixels into [0, 1]', () => {
    const image = new Uint8Array(2 * 4 * 3);
    image.fill(255, 0, 6); // the two left pixels of the top row are white
    const features = downsampleImage(image, 2, 4, 1, 2);
    expect(Array.from(features)).toEqual([0.5, 0.5, 0.5, 0, 0, 0]);
  });
});

describe('splitByTrack', () => {
  it('never puts one track on two sides and refuses fewer than three tracks', () => {
    const tracks = Int32Array.from([5, 5, 6, 7, 7, 7, 8, 9, 9]);
    const split = splitByTrack(tracks, 0.2, 0.2, 0);
    const sideOf = (i: number): string => (split.train.includes(i) ? 'train' : split.validation.includes(i) ? 'validation' : 'test');
    for (let i = 0; i < tracks.length; i++) for (let j = 0; j < tracks.length; j++) if (tracks[i] === tracks[j]) expect(sideOf(i)).toBe(sideOf(j));
    expect(split.train.length + split.validation.length + split.test.length).toBe(9);
    expect(split.seeds.test.length).toBe(1);
    expect(() => splitByTrack(Int32Array.from([1, 2]), 0.2, 0.2, 0)).toThrow(/at least 3 tracks .* got 2/);
  });
});

describe('the steering pipeline end to end (tiny)', () => {
  const data = join(workDir, 'data');
  const run = join(workDir, 'run');

  it('collects labelled centre, side and recovery images; side labels steer back to the centre', () => {
    const manifest = collectSteeringData({ ...DEFAULT_COLLECT, out: data, trackSeeds: [1, 2, 3], recordEvery: 60, height: 16, width: 48, perturbationRate: 0.01 });
    const dataset = readDataset(data);
    expect(dataset.manifest).toEqual(manifest);
    expect(manifest.count).toBe(dataset.labels.length);
    expect(dataset.images.length).toBe(manifest.count * 16 * 48 * 3);
    expect(manifest.kinds['centre']).toBe(manifest.kinds['left']);
    expect(manifest.kinds['recovery']).toBeGreaterThan(0);
    // Centre, left, right are written in that order at one pose: left camera => steer right (smaller).
    for (let i = 0; i + 2 < dataset.kinds.length; i++) {
      if (dataset.kinds[i] !== SampleKind.Centre) continue;
      expect(dataset.kinds[i + 1]).toBe(SampleKind.Left);
      expect(dataset.labels[i + 1]!).toBeLessThan(dataset.labels[i]! - 0.02);
      expect(dataset.labels[i + 2]!).toBeGreaterThan(dataset.labels[i]! + 0.02);
    }
  });

  it('trains, early-stops, keeps tensors flat and writes model, report and curve', async () => {
    await selectBackend('auto'); // native kernels when built: the pure-JS cpu backend is slow at convolutions
    const before = tf.memory().numTensors;
    const tinyNet = (inputShape: [number, number, number], seed: number): tf.LayersModel =>
      buildConvStack({
        name: 'tinySteer', inputShape, inputScale: 1 / 127.5, inputOffset: -1, convs: [{ filters: 4, kernelSize: 5, strides: 2 }], denseSizes: [8], outputs: 1,
        activation: 'relu', outputActivation: 'linear', kernelInitializer: 'glorotUniform', outputKernelInitializer: 'glorotUniform', seed,
      });
    const lines: string[] = [];
    const report = await trainSteering({ ...DEFAULT_TRAIN, data, out: run, epochs: 2, patience: 1, batchSize: 32, baselineGrid: [4, 6], modelFactory: tinyNet }, (line) => lines.push(line));
    expect(tf.memory().numTensors).toBe(before);
    expect(report.history.length).toBeGreaterThanOrEqual(1);
    expect(report.history[0]!.validationMaeDegrees).toBeGreaterThan(0);
    expect(report.bestEpoch).toBe(report.history.reduce((best, r) => (r.validationMaeDegrees < best.validationMaeDegrees ? r : best)).epoch);
    expect(Number.isFinite(report.testMaeDegrees)).toBe(true);
    expect(report.baselines.meanLabelMaeDegrees).toBeGreaterThan(0);
    expect(report.samples.train + report.samples.validation + report.samples.test).toBe(readDataset(data).manifest.count);
    expect(lines[0]).toMatch(/^tracks: train .* \| validation .* \| test /);
    expect(readFileSync(join(run, 'training-curve.svg'), 'utf8')).toMatch(/^<svg[\s\S]*validation[\s\S]*<\/svg>\n$/);
    expect(JSON.parse(readFileSync(join(run, 'model', 'model.json'), 'utf8')).format).toBe('layers-model');

    const model = await loadModel(join(run, 'model'));
    const result = await driveTracks(networkDriver(model), { trackSeeds: [50], seconds: 2, randomLighting: false }, [16, 48, 3]);
    expect(result.elapsedSeconds).toBeCloseTo(2, 9);
    model.dispose();
    // Seconds with the native kernels; the pure-JS cpu fallback is far slower at convolution gradients.
  }, 180_000);
});

describe('closed-loop scoring', () => {
  it('computes NVIDIA autonomy', () => {
    expect(autonomyPercent(0, 600)).toBe(100);
    expect(autonomyPercent(10, 600)).toBe(90);
  });

  it('scores the expert at 100% autonomy with centimetre offsets', async () => {
    const result = await driveTracks(expertDriver, { trackSeeds: [10000], seconds: 20, randomLighting: false }, [16, 48, 3]);
    expect(result.interventions).toBe(0);
    expect(result.autonomyPercent).toBe(100);
    expect(result.meanAbsOffset).toBeLessThan(0.05);
    // 20 s at 10 m/s along the lane; the lap is measured on the centre line.
    expect(result.laps).toBeCloseTo(200 / generateTrack(10000).length, 1);
  });
});

describe('palestra steering', () => {
  const capture = (): CliIO & { out: string[] } => {
    const out: string[] = [];
    return { ...processIO, stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), out };
  };

  it('prints usage without an action and refuses unknown ones', async () => {
    const io = capture();
    expect(await steeringCommand.run([], io)).toBe(2);
    expect(io.out.join('')).toMatch(/Usage: palestra steering <collect \| train \| drive>/);
    await expect(steeringCommand.run(['fly'], io)).rejects.toThrow(/unknown action "fly"; expected collect, train or drive/);
    await expect(steeringCommand.run(['train', '--los', 'mae'], io)).rejects.toThrow(/unknown option '--los'.*--loss/);
    await expect(steeringCommand.run(['train', '--loss', 'l1'], io)).rejects.toThrow(/--loss must be mse or mae, got "l1"/);
  });
});
