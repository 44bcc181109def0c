/**
 * Closed-loop driving for the steering demo: a driver (the trained network, or the expert as a
 * reference) steers the car around unseen tracks from the camera alone.
 *
 * Scored as NVIDIA scored PilotNet: whenever the car leaves its lane (more than half a lane width
 * from the centre) it counts as an intervention and the car is put back on the lane centre;
 * autonomy = 100 x (1 - interventions x 6 s / elapsed s), 6 s being the time a human takes over.
 */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_CAR } from '../../envs/driving/bicycle.js';
import { expertSteering } from '../../envs/driving/expert.js';
import { LaneKeepingCameraEnv } from '../../envs/driving/lane-keeping-camera.js';
import type { LaneTaskEnv } from '../../envs/driving/lane-task.js';
import { ROAD } from '../../envs/driving/road.js';
import type { SceneFrame } from '../../src/core/scene.js';
import { DEGREES_PER_RADIAN } from './train.js';

/** Seconds a human needs per intervention, in NVIDIA's autonomy measure. */
export const SECONDS_PER_INTERVENTION = 6;

/** Steering angle (radians, positive left) for the camera image and the env (for the expert). */
export type Driver = (image: Uint8Array, env: LaneTaskEnv<Uint8Array>) => number;

export interface DriveOptions {
  trackSeeds: number[];
  /** Seconds driven on each track. */
  seconds: number;
  randomLighting: boolean;
  /** Live viewing (--view): frames go out when the viewer wants one, and the drive runs in real time. */
  view?: { wantsFrame(): boolean; publishFrame(frame: SceneFrame, at: { episode: number; step: number }): void };
}

export interface DriveResult {
  tracks: number;
  elapsedSeconds: number;
  interventions: number;
  autonomyPercent: number;
  meanAbsOffset: number;
  laps: number;
  /** Mean |driver - expert| steering over the drive, degrees. */
  meanSteeringGapDegrees: number;
}

/** NVIDIA's autonomy: 100 x (1 - interventions x 6 s / elapsed s). */
export function autonomyPercent(interventions: number, elapsedSeconds: number): number {
  return 100 * (1 - (interventions * SECONDS_PER_INTERVENTION) / elapsedSeconds);
}

/** The expert as a driver: it reads the car's true pose, not the image (the reference). */
export const expertDriver: Driver = (_image, env) => expertSteering(env.track, env.car);

/** The network as a driver: one image in, steering degrees out. */
export function networkDriver(model: tf.LayersModel): Driver {
  return (image) => {
    const [h, w, c] = model.inputs[0]!.shape.slice(1) as number[];
    const degrees = tf.tidy(() => (model.predict(tf.tensor4d(Float32Array.from(image), [1, h!, w!, c!])) as tf.Tensor).dataSync()[0]!);
    return degrees / DEGREES_PER_RADIAN;
  };
}

/**
 * Drives `driver` for `seconds` on each track and scores it.
 *
 * @example const result = await driveTracks(expertDriver, { trackSeeds: [1000], seconds: 60, randomLighting: false });
 */
export async function driveTracks(driver: Driver, options: DriveOptions, imageShape: [number, number, number] = [66, 200, 3]): Promise<DriveResult> {
  let interventions = 0;
  let steps = 0;
  let offsetSum = 0;
  let laps = 0;
  let gapSum = 0;
  const dt = 0.05;
  for (const [trackIndex, trackSeed] of options.trackSeeds.entries()) {
    const env = new LaneKeepingCameraEnv({ trackSeed, randomStart: false, randomLighting: options.randomLighting, texture: options.randomLighting ? 0.5 : 0, height: imageShape[0], width: imageShape[1] });
    let image = env.reset({ seed: trackSeed }).observation;
    let progress = 0;
    const trackSteps = Math.round(options.seconds / dt);
    for (let t = 0; t < trackSteps; t++) {
      const steering = driver(image, env);
      const expert = expertSteering(env.track, env.car);
      gapSum += Math.abs(steering - expert) * DEGREES_PER_RADIAN;
      const action = Float32Array.of(Math.max(-1, Math.min(1, steering / DEFAULT_CAR.maxSteering)));
      const result = env.step(action);
      image = result.observation;
      const info = result.info as { lateralOffset: number; progress: number };
      offsetSum += Math.abs(info.lateralOffset);
      progress = info.progress;
      steps++;
      if (Math.abs(info.lateralOffset) > ROAD.laneWidth / 2) {
        interventions++;
        env.placeOnLane(env.arcLength, 0, 0);
        image = env.renderCamera();
      }
      if (options.view) {
        if (options.view.wantsFrame()) {
          const frame = env.render()!;
          frame.hud['driver steering (deg)'] = Math.round(steering * DEGREES_PER_RADIAN * 100) / 100;
          frame.hud['expert steering (deg)'] = Math.round(expert * DEGREES_PER_RADIAN * 100) / 100;
          frame.hud['interventions'] = interventions;
          options.view.publishFrame(frame, { episode: trackIndex, step: t });
        }
        // Real time, and a turn of the event loop so that the server can send.
        await new Promise((resolve) => setTimeout(resolve, dt * 1000));
      }
    }
    laps += progress / env.track.length;
  }
  const elapsedSeconds = steps * dt;
  return {
    tracks: options.trackSeeds.length,
    elapsedSeconds,
    interventions,
    autonomyPercent: autonomyPercent(interventions, elapsedSeconds),
    meanAbsOffset: offsetSum / steps,
    laps,
    meanSteeringGapDegrees: gapSum / steps,
  };
}
