import { EnvError, describeValue } from '../../src/core/errors.js';
import { resolveOptions } from '../../src/core/options.js';
import { Box } from '../../src/core/spaces/box.js';
import { type CameraOptions, DEFAULT_CAMERA, type Lighting, PLAIN_LIGHTING } from './camera.js';
import { DEFAULT_LANE_TASK, LaneTaskEnv, type LaneTaskOptions } from './lane-task.js';

export interface LaneKeepingCameraOptions extends LaneTaskOptions {
  /** Image size; PilotNet's is 66 x 200. */
  height: number;
  width: number;
  fovDegrees: number;
  pitchDegrees: number;
  /** Draw a new brightness and colour tint every episode (robustness to lighting). */
  randomLighting: boolean;
  /** Grain on the ground texture, 0 (flat colours) to 1. */
  texture: number;
  /** Cell side of the ground raster, metres: smaller is sharper up close but slower to build. */
  rasterResolution: number;
}

export const DEFAULT_LANE_KEEPING_CAMERA: LaneKeepingCameraOptions = {
  ...DEFAULT_LANE_TASK,
  height: DEFAULT_CAMERA.height,
  width: DEFAULT_CAMERA.width,
  fovDegrees: DEFAULT_CAMERA.fovDegrees,
  pitchDegrees: DEFAULT_CAMERA.pitchDegrees,
  randomLighting: false,
  texture: 0,
  rasterResolution: 0.05,
};

/**
 * The lane-keeping task of `Driving/LaneKeeping-v0` seen through a forward camera: observations are
 * RGB uint8 images, height x width x 3 (66 x 200 by default, as PilotNet takes), rendered by our own
 * software renderer. Same actions, reward, termination and time limit as LaneKeeping-v0.
 *
 * @example const env = make('Driving/LaneKeepingCamera-v0', { randomLighting: true }); env.reset({ seed: 0 });
 */
export class LaneKeepingCameraEnv extends LaneTaskEnv<Uint8Array> {
  readonly observationSpace: Box<Uint8Array>;
  private readonly cameraKwargs: LaneKeepingCameraOptions;
  private episodeLighting: Lighting = PLAIN_LIGHTING;

  constructor(kwargs?: Partial<LaneKeepingCameraOptions>) {
    const options = resolveOptions('Driving/LaneKeepingCamera', DEFAULT_LANE_KEEPING_CAMERA, kwargs);
    const { speed, dt, trackSeed, discreteActions, randomStart, trackPool } = options;
    super({ speed, dt, trackSeed, discreteActions, randomStart, trackPool });
    this.cameraKwargs = options;
    if (!(options.texture >= 0 && options.texture <= 1)) throw new EnvError(`${this.displayName}: texture must be in [0, 1], got ${describeValue(options.texture)}`);
    if (!(options.rasterResolution >= 0.01 && options.rasterResolution <= 0.5)) {
      throw new EnvError(`${this.displayName}: rasterResolution must be in [0.01, 0.5] m, got ${describeValue(options.rasterResolution)}`);
    }
    this.observationSpace = new Box<Uint8Array>(0, 255, [options.height, options.width, 3], { dtype: 'uint8' });
  }

  override reset(...args: Parameters<LaneTaskEnv<Uint8Array>['reset']>): ReturnType<LaneTaskEnv<Uint8Array>['reset']> {
    // The lighting must be drawn before the base class renders the first observation.
    this.seedFromReset(args[0]);
    const { randomLighting, texture } = this.cameraKwargs;
    this.episodeLighting = randomLighting
      ? { brightness: this.rng.uniform(0.55, 1.3), tint: [this.rng.uniform(0.85, 1.15), this.rng.uniform(0.85, 1.15), this.rng.uniform(0.85, 1.15)], noise: texture }
      : { ...PLAIN_LIGHTING, noise: texture };
    return super.reset({ ...args[0], seed: undefined });
  }

  protected override cameraOptions(): Partial<CameraOptions> {
    const { height, width, fovDegrees, pitchDegrees } = this.cameraKwargs;
    return { height, width, fovDegrees, pitchDegrees };
  }

  protected override rasterResolution(): number {
    return this.cameraKwargs.rasterResolution;
  }

  protected override lighting(): Lighting {
    return this.episodeLighting;
  }

  protected observe(): Uint8Array {
    return this.renderCamera();
  }
}
