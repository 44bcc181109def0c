/**
 * A software renderer for a forward-looking pinhole camera over flat ground: RGB uint8 images of
 * road, markings, verges, grass and sky, fast enough for thousands of frames per second.
 *
 * Why it is fast: the camera has no roll, so every pixel of one image row sees the ground at
 * the same distance, and the ground points of a row lie on a straight line. Each row costs a few
 * multiplications; each pixel then steps along that line in raster coordinates and looks its
 * material up in the precomputed `GroundRaster`, then its colour in the row's fogged palette.
 */
import { ConfigError, describeValue } from '../../src/core/errors.js';
import { type GroundRaster } from './ground-raster.js';
import { Material, MATERIAL_COUNT } from './road.js';

export interface CameraOptions {
  /** Image size in pixels (PilotNet's input is 66 x 200). */
  width: number;
  height: number;
  /** Horizontal field of view, degrees. */
  fovDegrees: number;
  /** Downward tilt of the optical axis, degrees. */
  pitchDegrees: number;
  /** Height of the lens above the ground, metres. */
  mountHeight: number;
  /** Distance of the lens ahead of the rear axle, metres. */
  mountForward: number;
  /** Distance at which fog hides 63% of the ground colour, metres. */
  fogDistance: number;
}

export const DEFAULT_CAMERA: CameraOptions = {
  width: 200,
  height: 66,
  fovDegrees: 60,
  pitchDegrees: 6,
  mountHeight: 1.4,
  mountForward: 1.6,
  fogDistance: 160,
};

/** Where the lens is and which way it looks: world position and yaw (radians from +x). */
export interface CameraPose {
  x: number;
  y: number;
  yaw: number;
}

/** Appearance of one episode: `brightness` scales every colour; `tint` multiplies r, g, b; `noise` is texture grain (0 = flat). */
export interface Lighting {
  brightness: number;
  tint: [number, number, number];
  noise: number;
}

export const PLAIN_LIGHTING: Lighting = { brightness: 1, tint: [1, 1, 1], noise: 0 };

/** Base colours of the materials, indexed by `Material`. */
export const MATERIAL_RGB: readonly (readonly [number, number, number])[] = [
  [76, 128, 56], // grass
  [150, 132, 104], // verge
  [92, 92, 98], // asphalt
  [236, 236, 232], // edge line
  [240, 214, 90], // centre line
];
const SKY_TOP: readonly [number, number, number] = [110, 160, 225];
const SKY_HORIZON: readonly [number, number, number] = [205, 222, 240];

/**
 * Renders camera images of the ground raster of one track.
 *
 * @example const camera = new CameraRenderer(buildGroundRaster(track)); const rgb = camera.render({ x: 0, y: 0, yaw: 0 });
 */
export class CameraRenderer {
  readonly options: CameraOptions;
  private readonly focal: number;
  /** Per row: the fogged palette (MATERIAL_COUNT x rgb) of the current frame, rounded to bytes. */
  private readonly rowPalette: Uint8ClampedArray;
  /** Pseudo-random grain per hashed raster cell, in [-1, 1]. */
  private readonly grain: Float32Array;

  constructor(
    readonly raster: GroundRaster,
    options: Partial<CameraOptions> = {},
  ) {
    this.options = { ...DEFAULT_CAMERA, ...options };
    const { width, height, fovDegrees } = this.options;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 8 || height < 8 || width > 4096 || height > 4096) {
      throw new ConfigError(`CameraRenderer: width and height must be integers in [8, 4096], got ${describeValue(width)} x ${describeValue(height)}`);
    }
    if (!(fovDegrees > 1 && fovDegrees < 170)) throw new ConfigError(`CameraRenderer: fovDegrees must be in (1, 170), got ${describeValue(fovDegrees)}`);
    this.focal = width / 2 / Math.tan((fovDegrees * Math.PI) / 360);
    this.rowPalette = new Uint8ClampedArray(height * MATERIAL_COUNT * 3);
    this.grain = new Float32Array(4096);
    let hash = 0x2545f491;
    for (let i = 0; i < this.grain.length; i++) {
      hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) + 0x6d2b79f5;
      this.grain[i] = ((hash >>> 8) & 0xffff) / 32767.5 - 1;
    }
  }

  /** Bytes of one image: height x width x 3. */
  get imageSize(): number {
    return this.options.width * this.options.height * 3;
  }

  /**
   * Renders the view from `pose` into `out` (height x width x 3, row 0 at the top) and returns it.
   */
  render(pose: CameraPose, lighting: Lighting = PLAIN_LIGHTING, out: Uint8Array = new Uint8Array(this.imageSize)): Uint8Array {
    const { width, height, mountHeight, fogDistance } = this.options;
    const { originX, originY, resolution, cols, rows, material } = this.raster;
    const pitch = (this.options.pitchDegrees * Math.PI) / 180;
    const cosYaw = Math.cos(pose.yaw);
    const sinYaw = Math.sin(pose.yaw);
    const sinPitch = Math.sin(pitch);
    const cosPitch = Math.cos(pitch);
    // Camera axes in the world: forward F, up U (both tilted by the pitch), right R (horizontal).
    const forwardX = cosYaw * cosPitch;
    const forwardY = sinYaw * cosPitch;
    const upX = cosYaw * sinPitch;
    const upY = sinYaw * sinPitch;
    const rightX = sinYaw;
    const rightY = -cosYaw;
    const invResolution = 1 / resolution;
    const firstColumn = (0.5 - width / 2) / this.focal;
    const scale = lighting.brightness;
    const grainAmount = lighting.noise;
    const palette = this.rowPalette;
    for (let v = 0; v < height; v++) {
      const rowOffset = (v + 0.5 - height / 2) / this.focal;
      // Ray through this row: F - rowOffset U (+ column offset R); its z component is constant.
      const rayZ = -sinPitch - rowOffset * cosPitch;
      let p = v * width * 3;
      if (rayZ > -1e-4) {
        const skyShade = Math.min(1, v / Math.max(1, height * 0.35));
        for (let c = 0; c < 3; c++) palette[c] = scale * lighting.tint[c]! * (SKY_TOP[c]! + (SKY_HORIZON[c]! - SKY_TOP[c]!) * skyShade);
        const r = palette[0]!;
        const g = palette[1]!;
        const b = palette[2]!;
        for (let u = 0; u < width; u++, p += 3) {
          out[p] = r;
          out[p + 1] = g;
          out[p + 2] = b;
        }
        continue;
      }
      const distance = mountHeight / -rayZ;
      const fog = 1 - Math.exp(-distance / fogDistance);
      const base = v * MATERIAL_COUNT * 3;
      for (let m = 0; m < MATERIAL_COUNT; m++) {
        for (let c = 0; c < 3; c++) {
          const ground = MATERIAL_RGB[m]![c]! + fog * (SKY_HORIZON[c]! - MATERIAL_RGB[m]![c]!);
          palette[base + m * 3 + c] = scale * lighting.tint[c]! * ground;
        }
      }
      // Ground point of the first pixel of the row, and the step per pixel, in raster cells.
      const rayX = forwardX - rowOffset * upX;
      const rayY = forwardY - rowOffset * upY;
      let gx = (pose.x + distance * (rayX + firstColumn * rightX) - originX) * invResolution;
      let gy = (pose.y + distance * (rayY + firstColumn * rightY) - originY) * invResolution;
      const stepX = ((distance * rightX) / this.focal) * invResolution;
      const stepY = ((distance * rightY) / this.focal) * invResolution;
      const grainScale = grainAmount * 40 * scale * (1 - fog);
      for (let u = 0; u < width; u++, p += 3, gx += stepX, gy += stepY) {
        let cell = -1;
        let m: number = Material.Grass;
        if (gx >= 0 && gy >= 0 && gx < cols && gy < rows) {
          cell = (gy | 0) * cols + (gx | 0);
          m = material[cell]!;
        }
        const q = base + m * 3;
        if (grainScale === 0 || cell < 0) {
          out[p] = palette[q]!;
          out[p + 1] = palette[q + 1]!;
          out[p + 2] = palette[q + 2]!;
        } else {
          const grain = grainScale * this.grain[Math.imul(cell, 0x9e3779b1) >>> 20]!;
          out[p] = clampByte(palette[q]! + grain);
          out[p + 1] = clampByte(palette[q + 1]! + grain);
          out[p + 2] = clampByte(palette[q + 2]! + grain);
        }
      }
    }
    return out;
  }
}

function clampByte(value: number): number {
  return value <= 0 ? 0 : value >= 255 ? 255 : value + 0.5;
}
