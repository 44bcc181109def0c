/**
 * Data collection for the steering demo: the expert drives seeded tracks while three cameras
 * (centre, and shifted left and right) record images, as NVIDIA's PilotNet data was gathered.
 *
 * Labels are the expert's steering for the pose each image shows: a side camera sees the road as a
 * car shifted sideways would, so its label is what pure pursuit would steer from there (back
 * towards the lane centre). From time to time the expert's steering is disturbed for a moment, so
 * the car really drifts off the centre; images of the drift and the recovery carry the expert's
 * recovery labels. The network thus learns how to come back, not only how to stay.
 */
import { describeValue, ConfigError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { type CarState, DEFAULT_CAR } from '../../envs/driving/bicycle.js';
import { PLAIN_LIGHTING, type Lighting } from '../../envs/driving/camera.js';
import { expertSteering } from '../../envs/driving/expert.js';
import { LaneKeepingCameraEnv } from '../../envs/driving/lane-keeping-camera.js';
import type { LaneTaskEnv } from '../../envs/driving/lane-task.js';
import { DatasetWriter, type DatasetManifest, SampleKind } from './dataset.js';

export interface CollectOptions {
  /** Output directory. */
  out: string;
  /** Track seeds to drive, one lap each. */
  trackSeeds: number[];
  /** Record the three cameras every this many steps (0.05 s each). */
  recordEvery: number;
  /** Sideways offset of the left and right cameras, metres. */
  sideShift: number;
  /** Chance per step of starting a steering disturbance. */
  perturbationRate: number;
  /** Random brightness, tint and texture grain per image. */
  randomLighting: boolean;
  /** Seed of the disturbances and lighting. */
  seed: number;
  /** Camera image size. */
  height: number;
  width: number;
}

export const DEFAULT_COLLECT: Omit<CollectOptions, 'out' | 'trackSeeds'> = {
  recordEvery: 6,
  sideShift: 0.6,
  perturbationRate: 0.01,
  randomLighting: true,
  seed: 0,
  height: 66,
  width: 200,
};

/** The expert's label (radians) for a car shifted `sideShift` metres to its left (negative: right). */
export function shiftedExpertLabel(env: LaneTaskEnv<unknown>, sideShift: number): number {
  const car: CarState = { ...env.car };
  car.x -= sideShift * Math.sin(car.heading);
  car.y += sideShift * Math.cos(car.heading);
  return expertSteering(env.track, car);
}

function drawLighting(rng: Rng, random: boolean): Lighting {
  if (!random) return PLAIN_LIGHTING;
  const brightness = rng.uniform(0.6, 1.3);
  return { brightness, tint: [rng.uniform(0.9, 1.1), rng.uniform(0.9, 1.1), rng.uniform(0.9, 1.1)], noise: rng.uniform(0, 0.8) };
}

/** A steering disturbance: an extra angle for a number of steps, then a recovery window where frames are still recorded. */
interface Disturbance {
  extraSteering: number;
  stepsLeft: number;
  recoveryStepsLeft: number;
}

/**
 * Drives one lap of every track and writes the dataset; returns its manifest.
 *
 * @example collectSteeringData({ ...DEFAULT_COLLECT, out: 'runs/steering/data', trackSeeds: [0, 1, 2] });
 */
export function collectSteeringData(options: CollectOptions, progress: (line: string) => void = () => {}): DatasetManifest {
  if (options.trackSeeds.length === 0) throw new ConfigError('collect: need at least one track seed');
  if (!(Number.isInteger(options.recordEvery) && options.recordEvery >= 1)) throw new ConfigError(`collect: recordEvery must be a positive integer, got ${describeValue(options.recordEvery)}`);
  const rng = new Rng(options.seed);
  const writer = new DatasetWriter(options.out, [options.height, options.width, 3]);
  const image = new Uint8Array(options.height * options.width * 3);
  for (const trackSeed of options.trackSeeds) {
    const env = new LaneKeepingCameraEnv({ trackSeed, randomStart: false, height: options.height, width: options.width });
    env.reset({ seed: trackSeed });
    const renderer = env.cameraRenderer;
    const record = (shift: number, label: number, kind: SampleKind): void => {
      renderer.render(env.cameraPose(shift), drawLighting(rng, options.randomLighting), image);
      writer.add(image, label, trackSeed, kind);
    };
    const startCount = writer.count;
    const steps = Math.ceil(env.track.length / (env.car.speed * 0.05));
    let disturbance: Disturbance | undefined;
    for (let t = 0; t < steps; t++) {
      const label = expertSteering(env.track, env.car);
      if (disturbance) {
        if (t % 3 === 0) record(0, label, SampleKind.Recovery);
      } else if (t % options.recordEvery === 0) {
        record(0, label, SampleKind.Centre);
        record(options.sideShift, shiftedExpertLabel(env, options.sideShift), SampleKind.Left);
        record(-options.sideShift, shiftedExpertLabel(env, -options.sideShift), SampleKind.Right);
      }
      if (!disturbance && rng.bernoulli(options.perturbationRate)) {
        const sign = rng.bernoulli(0.5) ? 1 : -1;
        disturbance = { extraSteering: sign * rng.uniform(0.04, 0.12), stepsLeft: rng.integer(6, 20), recoveryStepsLeft: 30 };
      }
      let command = label;
      if (disturbance) {
        // Stop pushing once the car is well off the centre: recovery from there is what we want to record.
        if (disturbance.stepsLeft > 0 && Math.abs(env.lateralOffset) < 1.1) command += disturbance.extraSteering;
        else disturbance.stepsLeft = 0;
        if (disturbance.stepsLeft > 0) disturbance.stepsLeft--;
        else if (--disturbance.recoveryStepsLeft <= 0) disturbance = undefined;
      }
      env.step(Float32Array.of(Math.max(-1, Math.min(1, command / DEFAULT_CAR.maxSteering))));
    }
    progress(`track ${trackSeed}: ${writer.count - startCount} images (${writer.count} in all)`);
  }
  return writer.close({ ...options, out: undefined, labelSource: 'pure pursuit expert', dt: 0.05, speed: 10 });
}
