import { BaseEnv, type Info, type ResetOptions, type ResetResult, type StepResult } from '../../src/core/env.js';
import { describeValue, EnvError } from '../../src/core/errors.js';
import type { SceneFrame } from '../../src/core/scene.js';
import { Box } from '../../src/core/spaces/box.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import type { Space } from '../../src/core/spaces/space.js';
import { bicycleStep, type CarState, DEFAULT_CAR } from './bicycle.js';
import { CameraRenderer, type CameraOptions, type CameraPose, type Lighting } from './camera.js';
import { buildGroundRaster } from './ground-raster.js';
import { arcLengthDelta, projectOntoTrack } from './projection.js';
import { LANE_CENTRE, ROAD, ROAD_HALF_WIDTH } from './road.js';
import { drivingFrame } from './scene.js';
import { curvatureAt, generateTrack, trackPoseAt, wrapAngle, type Track } from './track.js';
import { sharedTrackCache } from './track-cache.js';

/** Options shared by the lane-keeping envs (kwargs of `make`). */
export interface LaneTaskOptions {
  /** Constant forward speed, m/s. */
  speed: number;
  /** Seconds per step. */
  dt: number;
  /** Track to drive: a seed >= 0 fixes it; -1 draws a new track from the env's generator at every reset. */
  trackSeed: number;
  /** 0: continuous steering in [-1, 1] (fraction of full lock); n >= 2: Discrete(n) evenly spaced steering levels. */
  discreteActions: number;
  /** Start at a random place on the lap, with a small random offset and heading error (else at s = 0, centred). */
  randomStart: boolean;
  /**
   * With trackSeed -1: 0 draws any of 2^31 tracks at each reset (a new track nearly every time,
   * generated and, for the camera, rasterised anew: the dear part of a reset); n > 0 draws from
   * the tracks of seeds 0..n-1, each built once per process and reused (resets become cheap).
   */
  trackPool: number;
}

export const DEFAULT_LANE_TASK: LaneTaskOptions = { speed: 10, dt: 0.05, trackSeed: -1, discreteActions: 0, randomStart: true, trackPool: 0 };

/** What every step's `info` carries. */
export interface LaneInfo extends Info {
  /** Signed distance from the lane centre, metres, positive to the left. */
  lateralOffset: number;
  /** Car heading minus lane heading, radians, positive to the left. */
  headingError: number;
  /** Arc length travelled along the lane since reset, metres. */
  progress: number;
  /** Whole laps completed since reset. */
  laps: number;
  /** The car has left the paved road (the episode terminates). */
  offRoad: boolean;
  trackSeed: number;
}

/**
 * The simulation shared by `Driving/LaneKeeping-v0` (state observation) and
 * `Driving/LaneKeepingCamera-v0` (camera observation): a car with the kinematic bicycle model at
 * constant speed on a seeded closed track, steering to keep the centre of the right-hand lane.
 *
 * Reward per step: progress along the lane (1 at full speed) x centredness (1 on the lane centre,
 * falling quadratically to 0 at the lane's edge). Terminates when the rear axle leaves the road.
 * Positions are of the rear axle; lateral offsets are positive to the left.
 *
 * @example class MyLaneEnv extends LaneTaskEnv<Float32Array> { ... protected observe() { return Float32Array.of(this.lateralOffset); } }
 */
export abstract class LaneTaskEnv<Obs> extends BaseEnv<Obs, number | ArrayLike<number>> {
  abstract override readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<number | ArrayLike<number>>;
  override metadata = { renderModes: ['scene'], renderFps: 20 };

  readonly car: CarState = { x: 0, y: 0, heading: 0, steering: 0, speed: 0 };
  protected readonly taskOptions: LaneTaskOptions;
  private currentTrack: Track | undefined;
  private camera: CameraRenderer | undefined;
  private trackIndexHint = 0;
  private trackS = 0;
  private lateral = 0;
  private travelled = 0;
  private lastReward = 0;

  protected constructor(options: LaneTaskOptions) {
    super();
    this.taskOptions = options;
    const { discreteActions, speed, dt, trackSeed, trackPool } = options;
    if (!Number.isInteger(trackPool) || trackPool < 0) throw new EnvError(`${this.displayName}: trackPool must be 0 (any track) or an integer >= 1, got ${describeValue(trackPool)}`);
    if (!(speed > 0 && speed <= 40)) throw new EnvError(`${this.displayName}: speed must be in (0, 40] m/s, got ${describeValue(speed)}`);
    if (!(dt > 0 && dt <= 0.2)) throw new EnvError(`${this.displayName}: dt must be in (0, 0.2] s, got ${describeValue(dt)}`);
    if (!Number.isInteger(trackSeed) || trackSeed < -1) throw new EnvError(`${this.displayName}: trackSeed must be -1 (a new track every reset) or an integer >= 0, got ${describeValue(trackSeed)}`);
    if (!Number.isInteger(discreteActions) || discreteActions === 1 || discreteActions < 0) {
      throw new EnvError(`${this.displayName}: discreteActions must be 0 (continuous) or an integer >= 2, got ${describeValue(discreteActions)}`);
    }
    this.actionSpace = discreteActions > 0 ? new Discrete(discreteActions) : new Box<Float32Array>([-1], [1]);
  }

  /** The track of the current episode. */
  get track(): Track {
    if (!this.currentTrack) throw new EnvError(`${this.displayName}: no track yet; call reset() first`);
    return this.currentTrack;
  }

  /** The camera renderer of the current track (built on first use: rasterising a track takes ~0.1 s). */
  get cameraRenderer(): CameraRenderer {
    if (!this.camera) {
      const pooled = this.taskOptions.trackPool > 0;
      const raster = pooled ? sharedTrackCache.raster(this.track.seed, this.rasterResolution()) : buildGroundRaster(this.track, this.rasterResolution());
      this.camera = new CameraRenderer(raster, this.cameraOptions());
    }
    return this.camera;
  }

  /** Camera settings; the camera env overrides them from its kwargs. */
  protected cameraOptions(): Partial<CameraOptions> {
    return {};
  }

  protected rasterResolution(): number {
    return 0.05;
  }

  /** Appearance of the current episode (the camera env randomises it). */
  protected lighting(): Lighting | undefined {
    return undefined;
  }

  /** Signed distance of the car from the lane centre, metres (positive left). */
  get lateralOffset(): number {
    return this.lateral - LANE_CENTRE;
  }

  /** Car heading relative to the lane, radians (positive left). */
  get headingError(): number {
    return wrapAngle(this.car.heading - trackPoseAt(this.track, this.trackS).heading);
  }

  /** Arc length of the car's position on the lap, metres. */
  get arcLength(): number {
    return this.trackS;
  }

  reset(options?: ResetOptions): ResetResult<Obs> {
    this.seedFromReset(options);
    const requested = options?.options?.['trackSeed'];
    if (requested !== undefined && (!Number.isInteger(requested) || (requested as number) < 0)) {
      throw new EnvError(`${this.displayName}.reset(): options.trackSeed must be an integer >= 0, got ${describeValue(requested)}`);
    }
    const { trackSeed, trackPool } = this.taskOptions;
    const seed = (requested as number | undefined) ?? (trackSeed >= 0 ? trackSeed : this.rng.integer(0, trackPool > 0 ? trackPool : 2 ** 31));
    if (this.currentTrack?.seed !== seed) {
      // Pooled tracks are built once per process; others are not kept (they rarely come back).
      this.currentTrack = trackPool > 0 ? sharedTrackCache.track(seed) : generateTrack(seed);
      this.camera = undefined;
    }
    const random = this.taskOptions.randomStart;
    const s = random ? this.rng.uniform(0, this.track.length) : 0;
    const offset = random ? this.rng.uniform(-0.5, 0.5) : 0;
    const heading = random ? this.rng.uniform(-0.1, 0.1) : 0;
    this.placeOnLane(s, offset, heading);
    this.travelled = 0;
    this.lastReward = 0;
    this.startEpisode();
    return { observation: this.observe(), info: this.info() };
  }

  /**
   * Puts the car at arc length `s`, `offset` metres left of the lane centre, heading `headingError`
   * from the lane, wheels straight. The steering demo's interventions use this to re-centre the
   * car, also after it left the road: the episode then goes on from the new pose, so `step()` is
   * allowed again (an intervention is a deliberate restart in place, not a step after the end).
   */
  placeOnLane(s: number, offset = 0, headingError = 0): void {
    const pose = trackPoseAt(this.track, s, LANE_CENTRE + offset);
    Object.assign(this.car, { x: pose.x, y: pose.y, heading: pose.heading + headingError, steering: 0, speed: this.taskOptions.speed });
    this.updateProjection(undefined);
    this.startEpisode();
  }

  step(action: number | ArrayLike<number>): StepResult<Obs> {
    this.guardStep();
    this.checkAction(action);
    const command = this.steeringCommand(action);
    const previousS = this.trackS;
    bicycleStep(this.car, command, this.taskOptions.dt, DEFAULT_CAR);
    this.updateProjection(this.trackIndexHint);
    const progress = arcLengthDelta(this.track, previousS, this.trackS);
    this.travelled += progress;
    const offRoad = Math.abs(this.lateral) > ROAD_HALF_WIDTH;
    const halfLane = ROAD.laneWidth / 2;
    const centredness = Math.max(0, 1 - (this.lateralOffset / halfLane) ** 2);
    // Progress is measured along the lane, which is longer than the centre line on the outside of bends.
    const laneProgress = progress * (1 - LANE_CENTRE * curvatureAt(this.track, this.trackS));
    const reward = (laneProgress / (this.taskOptions.speed * this.taskOptions.dt)) * centredness;
    this.lastReward = reward;
    return this.endStep({ observation: this.observe(), reward, terminated: offRoad, truncated: false, info: this.info() });
  }

  /** The front-wheel angle (radians) an action asks for. */
  steeringCommand(action: number | ArrayLike<number>): number {
    const n = this.taskOptions.discreteActions;
    const fraction = typeof action === 'number' ? (n > 0 ? -1 + (2 * action) / (n - 1) : action) : action[0]!;
    return fraction * DEFAULT_CAR.maxSteering;
  }

  /** The camera's pose for the current car, optionally shifted sideways (metres, left positive) as the demo's side cameras are. */
  cameraPose(sideShift = 0): CameraPose {
    const forward = this.cameraRenderer.options.mountForward;
    const cos = Math.cos(this.car.heading);
    const sin = Math.sin(this.car.heading);
    return { x: this.car.x + forward * cos - sideShift * sin, y: this.car.y + forward * sin + sideShift * cos, yaw: this.car.heading };
  }

  /** The current view of the forward camera (height x width x 3, uint8). */
  renderCamera(sideShift = 0, out?: Uint8Array): Uint8Array {
    return this.cameraRenderer.render(this.cameraPose(sideShift), this.lighting(), out);
  }

  protected abstract observe(): Obs;

  private updateProjection(hint: number | undefined): void {
    const projection = projectOntoTrack(this.track, this.car.x, this.car.y, hint);
    this.trackS = projection.s;
    this.lateral = projection.lateral;
    this.trackIndexHint = projection.index;
  }

  protected info(): LaneInfo {
    return {
      lateralOffset: this.lateralOffset,
      headingError: this.headingError,
      progress: this.travelled,
      laps: Math.max(0, Math.floor(this.travelled / this.track.length)),
      offRoad: Math.abs(this.lateral) > ROAD_HALF_WIDTH,
      trackSeed: this.track.seed,
    };
  }

  override render(): SceneFrame | undefined {
    if (!this.currentTrack) return undefined;
    return drivingFrame({
      track: this.track,
      car: this.car,
      camera: this.cameraRenderer.options,
      image: this.renderCamera(),
      hud: {
        'speed (m/s)': this.car.speed,
        'steering (deg)': (this.car.steering * 180) / Math.PI,
        'offset (m)': this.lateralOffset,
        laps: this.info().laps,
        reward: this.lastReward,
      },
    });
  }
}
